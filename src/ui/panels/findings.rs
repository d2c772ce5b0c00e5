//! The findings panel: severity and area filters, click jumps to the place, 修正 applies a
//! finding's fix as one undoable edit.

use eframe::egui::{self};

use crate::audit::Finding;
use crate::ui::app::EditorApp;
use crate::ui::grid;

impl EditorApp {
    pub(in crate::ui) fn findings_panel(&mut self, ui: &mut egui::Ui) {
        let Some(document) = &self.document else { return };
        let mut jump = None;
        let mut fix = None;
        egui::Panel::bottom("findings").resizable(true).default_size(170.0).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong("审核结果");
                ui.checkbox(&mut self.filter.errors, format!("错误 {}", document.tally.errors));
                ui.checkbox(&mut self.filter.warnings, format!("警告 {}", document.tally.warnings));
                ui.checkbox(&mut self.filter.infos, format!("提示 {}", document.tally.infos));
                let mut areas: Vec<String> = document.findings.iter().map(|f| f.location.area()).collect();
                areas.dedup();
                areas.sort();
                areas.dedup();
                egui::ComboBox::new("findings-area", "位置")
                    .selected_text(self.filter.area.clone().unwrap_or_else(|| "全部位置".into()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.filter.area, None, "全部位置");
                        for area in areas {
                            ui.selectable_value(&mut self.filter.area, Some(area.clone()), area);
                        }
                    });
            });
            ui.separator();
            let shown: Vec<&Finding> = document.findings.iter().filter(|f| self.filter.shows(f)).collect();
            if shown.is_empty() {
                ui.label(if document.findings.is_empty() {
                    "未发现问题。"
                } else {
                    "没有符合筛选条件的问题。"
                });
                return;
            }
            egui::ScrollArea::vertical().auto_shrink(false).show_rows(ui, 22.0, shown.len(), |ui, range| {
                for finding in &shown[range] {
                    ui.horizontal(|ui| {
                        ui.colored_label(grid::severity_color(finding.severity), finding.severity.label());
                        ui.label(egui::RichText::new(finding.rule).weak().monospace());
                        ui.label(egui::RichText::new(finding.location.area()).weak());
                        if let Some(f) = &finding.fix
                            && ui.small_button("修正").on_hover_text(&f.description).clicked()
                        {
                            fix = Some(f.clone());
                        }
                        let response =
                            ui.add(egui::Label::new(&finding.message).sense(egui::Sense::click()).truncate());
                        if response.on_hover_text("单击跳转到该位置").clicked() {
                            jump = Some(finding.location.clone());
                        }
                    });
                }
            });
        });
        if let Some(location) = jump {
            self.jump_to(&location);
        }
        if let (Some(fix), Some(document)) = (fix, &mut self.document)
            && document.apply_fix(&fix)
        {
            self.status = Some(format!("已修正：{}", fix.description));
        }
    }
}
