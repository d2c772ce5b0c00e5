//! The 基本信息 form.

use eframe::egui;

use super::fields::{amount_field, edit_part, level_and_entity_rows};
use crate::editing::document::Document;
use crate::editing::history::Op;
use crate::model::{MoneyUnit, PriorYear};
use crate::ui::file_dialogs::FileDialogs;

pub fn meta_form(ui: &mut egui::Ui, document: &mut Document, dialogs: &dyn FileDialogs) {
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
    ui.add_space(12.0);
    ui.separator();
    prior_year_form(ui, document, dialogs);
}

/// The figures of the prior-year block, in the form's order, with their labels.
type PriorField = (&'static str, fn(&mut PriorYear) -> &mut Option<rust_decimal::Decimal>);
const PRIOR_FIELDS: [PriorField; 16] = [
    ("上年收支总额", |p| &mut p.total),
    ("上年基本支出", |p| &mut p.basic),
    ("上年项目支出", |p| &mut p.project),
    ("上年人员经费", |p| &mut p.personnel),
    ("上年公用经费", |p| &mut p.public),
    ("上年机关运行经费", |p| &mut p.operating_costs),
    ("上年“三公”经费", |p| &mut p.three_public),
    ("上年因公出国（境）费", |p| &mut p.travel),
    ("上年公务用车购置及运维费", |p| &mut p.vehicle),
    ("上年公务用车购置费", |p| &mut p.vehicle_purchase),
    ("上年公务用车运行维护费", |p| &mut p.vehicle_upkeep),
    ("上年公务接待费", |p| &mut p.reception),
    ("上年会议费", |p| &mut p.meeting),
    ("上年培训费", |p| &mut p.training),
    ("上年政府采购预算", |p| &mut p.procurement),
    ("上年末固定资产总额", |p| &mut p.assets),
];

/// 上年数: the prior-year block the drafted 比上年 sentences compute with and `NARR-PRIOR` checks
/// against. Typed here (each figure a validated money field; every change is one undo step, a
/// field's typing merging into one), or taken from last year's yugong file or workbook.
fn prior_year_form(ui: &mut egui::Ui, document: &mut Document, dialogs: &dyn FileDialogs) {
    ui.heading("上年数（比上年）");
    ui.label("起草“比上年增减”按这些数字计算增减（万元）；空着的数字起草为待填写空位。");
    let message_id = ui.make_persistent_id("prior-year-message");
    let budget_year = document.project.meta.budget_year;
    let mut refusals: Vec<String> = Vec::new();
    let before = document.project.prior_year.clone();
    edit_part(
        ui,
        document,
        "修改上年数",
        |p| &mut p.prior_year,
        |before| Op::PriorYear(before.map(Box::new)),
        |ui, prior| match prior {
            None => {
                if ui.button("填写上年数").clicked() {
                    *prior = Some(PriorYear { year: budget_year.saturating_sub(1), ..PriorYear::default() });
                }
            }
            Some(block) => {
                ui.horizontal(|ui| {
                    let year = ui.label("上年年度");
                    ui.add(egui::DragValue::new(&mut block.year).range(2000..=2100)).labelled_by(year.id);
                });
                egui::Grid::new("prior-year").num_columns(4).spacing([12.0, 6.0]).show(ui, |ui| {
                    for (k, (label, field)) in PRIOR_FIELDS.iter().enumerate() {
                        refusals.extend(amount_field(ui, label, field(block)));
                        if k % 2 == 1 {
                            ui.end_row();
                        }
                    }
                });
                if block.year != budget_year.saturating_sub(1) {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("上年年度应为 {}（本项目预算年度的前一年）", budget_year.saturating_sub(1)),
                    );
                }
                if ui.button("清除上年数").on_hover_text("删除全部上年数（可撤销）").clicked() {
                    *prior = None;
                }
            }
        },
    );
    if ui.button("从上年文件导入…").on_hover_text("读取上年的项目文件（.ron）或预算系统导出的工作簿（.xlsx）").clicked()
        && let Some(path) = dialogs.open_last_year()
    {
        match crate::io::last_year::load(document.catalog(), &path) {
            Ok(last) => {
                let before = document.project.prior_year.replace(PriorYear::from_project(&last));
                document.record("从上年文件导入上年数", Op::PriorYear(before.map(Box::new)), None);
                refusals.push(format!("已从“{}”导入 {} 年的上年数", path.display(), last.meta.budget_year));
            }
            Err(error) => refusals.push(format!("无法导入上年数：{error}")),
        }
    }
    if !refusals.is_empty() {
        ui.data_mut(|d| d.insert_temp(message_id, refusals.join("\n")));
    } else if document.project.prior_year != before {
        // A figure stored since: the old refusal no longer applies.
        ui.data_mut(|d| d.remove_temp::<String>(message_id));
    }
    if let Some(message) = ui.data(|d| d.get_temp::<String>(message_id)) {
        ui.colored_label(ui.visuals().warn_fg_color, message);
    }
}
