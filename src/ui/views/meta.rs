//! The 基本信息 form.

use eframe::egui;

use super::fields::{edit_part, level_and_entity_rows};
use crate::editing::document::Document;
use crate::editing::history::Op;
use crate::model::MoneyUnit;

pub fn meta_form(ui: &mut egui::Ui, document: &mut Document) {
    ui.heading("基本信息");
    let edition_name = document.edition().map_or_else(|| document.project.meta.edition.clone(), |e| e.name.clone());
    edit_part(
        ui,
        document,
        "修改基本信息",
        |p| &mut p.meta,
        |m| Op::Meta(Box::new(m)),
        |ui, meta| {
            egui::Grid::new("meta").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                let code = ui.label("单位编码");
                ui.add(egui::TextEdit::singleline(&mut meta.unit_code).desired_width(120.0)).labelled_by(code.id);
                ui.end_row();
                let name = ui.label("单位名称");
                ui.add(egui::TextEdit::singleline(&mut meta.unit_name).desired_width(360.0)).labelled_by(name.id);
                ui.end_row();
                let year = ui.label("预算年度");
                ui.add(egui::DragValue::new(&mut meta.budget_year).range(2000..=2100)).labelled_by(year.id);
                ui.end_row();
                ui.label("模板版本");
                ui.label(&edition_name).on_hover_text("模板版本决定表格的行与列，新建项目时选定");
                ui.end_row();
                ui.label("金额单位");
                ui.label(MoneyUnit::Wan.label());
                ui.end_row();
                level_and_entity_rows(ui, "meta", &mut meta.level, &mut meta.entity);
            });
        },
    );
}
