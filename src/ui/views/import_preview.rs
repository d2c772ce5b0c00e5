//! The Excel import preview: what the workbook contained and what importing each part
//! would change; the user picks a new project or the parts to merge.

use eframe::egui;

use crate::model::Project;
use crate::ui::grid;

/// The import preview: what the workbook contained (the import report) and, with a project
/// open, what importing each part would change; the user picks a new project or the parts.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub path: std::path::PathBuf,
    pub project: Project,
    pub report: crate::xlsx::ImportReport,
    /// Per part, when a project is open.
    pub changes: Option<Vec<crate::xlsx::PartChange>>,
    /// The parts ticked for merging (changed parts are ticked to start with).
    pub chosen: Vec<bool>,
}

impl ImportPreview {
    pub fn new(
        path: std::path::PathBuf,
        project: Project,
        report: crate::xlsx::ImportReport,
        changes: Option<Vec<crate::xlsx::PartChange>>,
    ) -> ImportPreview {
        let chosen = changes.as_ref().map_or_else(Vec::new, |c| c.iter().map(|p| !p.is_unchanged()).collect());
        ImportPreview { path, project, report, changes, chosen }
    }

    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(|| self.path.display().to_string(), |n| n.to_string_lossy().into())
    }
}

pub enum ImportChoice {
    Open,
    Cancel,
    AsNewProject,
    Merge(Vec<crate::xlsx::ImportPart>),
}

pub fn import_preview(ui: &mut egui::Ui, preview: &mut ImportPreview) -> ImportChoice {
    ui.heading(format!("导入 Excel：{}", preview.file_name()));
    ui.label(format!(
        "识别结果：{} {}年，模板 {}",
        preview.project.meta.unit_line(),
        preview.project.meta.budget_year,
        preview.project.meta.edition
    ));
    egui::ScrollArea::vertical().id_salt("import-report").max_height(220.0).show(ui, |ui| {
        for line in &preview.report.lines {
            let color = match line.kind {
                crate::xlsx::LineKind::Imported => ui.visuals().text_color(),
                crate::xlsx::LineKind::Adjusted => grid::severity_color(crate::audit::Severity::Warning),
                crate::xlsx::LineKind::Skipped => grid::severity_color(crate::audit::Severity::Error),
            };
            ui.colored_label(color, line.to_string());
        }
    });
    let mut choice = ImportChoice::Open;
    if let Some(changes) = &preview.changes {
        ui.separator();
        ui.strong("导入到当前项目：勾选要替换的部分（情况说明不会改动，导入后可撤销）");
        egui::ScrollArea::vertical().id_salt("import-parts").max_height(220.0).show(ui, |ui| {
            for (change, chosen) in changes.iter().zip(preview.chosen.iter_mut()) {
                ui.add_enabled(!change.is_unchanged(), egui::Checkbox::new(chosen, &change.summary));
            }
        });
        let parts: Vec<crate::xlsx::ImportPart> =
            changes.iter().zip(&preview.chosen).filter(|(_, chosen)| **chosen).map(|(c, _)| c.part).collect();
        ui.horizontal(|ui| {
            if ui.add_enabled(!parts.is_empty(), egui::Button::new("导入所选部分")).clicked() {
                choice = ImportChoice::Merge(parts.clone());
            }
            if ui.button("作为新项目打开").clicked() {
                choice = ImportChoice::AsNewProject;
            }
            if ui.button("取消").clicked() {
                choice = ImportChoice::Cancel;
            }
        });
    } else {
        ui.horizontal(|ui| {
            if ui.button("作为新项目打开").clicked() {
                choice = ImportChoice::AsNewProject;
            }
            if ui.button("取消").clicked() {
                choice = ImportChoice::Cancel;
            }
        });
    }
    choice
}
