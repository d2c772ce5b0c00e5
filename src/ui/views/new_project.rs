//! The new-project form (edition, year, unit, level, entity).

use eframe::egui;

use super::fields::{FormResult, level_and_entity_rows};
use crate::catalog::{Catalog, blank_project};
use crate::model::{AdminLevel, Entity, Meta, MoneyUnit, Project};

#[derive(Debug, Clone)]
pub struct NewProjectForm {
    edition: String,
    year: u16,
    unit_code: String,
    unit_name: String,
    level: AdminLevel,
    entity: Entity,
    error: Option<String>,
}

impl NewProjectForm {
    /// A blank form offering the editions of `catalog` (the window's: the built-in ones and those
    /// in the settings folder's `editions/`), with the newest one chosen; among editions of the
    /// same first year the one listed first (the built-in one) is.
    pub fn new(catalog: &Catalog) -> Self {
        let newest = catalog.editions.iter().rev().max_by_key(|e| e.first_year);
        NewProjectForm {
            edition: newest.map(|e| e.id.clone()).unwrap_or_default(),
            year: newest.map_or(2024, |e| e.first_year),
            unit_code: String::new(),
            unit_name: String::new(),
            level: AdminLevel::County,
            entity: Entity::Department,
            error: None,
        }
    }
}

/// The form; `catalog` is the one the form was made for (its editions are listed and the chosen
/// one makes the blank project).
pub fn new_project_form(ui: &mut egui::Ui, form: &mut NewProjectForm, catalog: &Catalog) -> FormResult<Project> {
    ui.heading("新建项目");
    egui::Grid::new("new-project").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
        let combo_label = ui.label("模板版本");
        let current = catalog.edition(&form.edition).map_or(form.edition.clone(), |e| e.name.clone());
        egui::ComboBox::from_id_salt("new-edition")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for edition in &catalog.editions {
                    ui.selectable_value(&mut form.edition, edition.id.clone(), &edition.name)
                        .on_hover_text(format!("版本 id：{}", edition.id));
                }
            })
            .response
            .labelled_by(combo_label.id);
        ui.end_row();
        let year = ui.label("预算年度");
        ui.add(egui::DragValue::new(&mut form.year).range(2000..=2100)).labelled_by(year.id);
        ui.end_row();
        let code = ui.label("单位编码");
        ui.add(egui::TextEdit::singleline(&mut form.unit_code)).labelled_by(code.id);
        ui.end_row();
        let name = ui.label("单位名称");
        ui.add(egui::TextEdit::singleline(&mut form.unit_name)).labelled_by(name.id);
        ui.end_row();
        level_and_entity_rows(ui, "new-project", &mut form.level, &mut form.entity);
    });
    if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    let mut result = FormResult::Open;
    ui.horizontal(|ui| {
        if ui.button("创建").clicked() {
            let Some(edition) = catalog.edition(&form.edition) else { return };
            if form.unit_name.trim().is_empty() {
                form.error = Some("请填写单位名称".into());
                return;
            }
            let meta = Meta {
                unit_code: form.unit_code.trim().into(),
                unit_name: form.unit_name.trim().into(),
                budget_year: form.year,
                edition: edition.id.clone(),
                money_unit: MoneyUnit::Wan,
                level: form.level,
                entity: form.entity,
            };
            result = FormResult::Done(Box::new(blank_project(edition, meta)));
        }
        if ui.button("取消").clicked() {
            result = FormResult::Cancel;
        }
    });
    result
}
