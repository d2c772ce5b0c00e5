//! The findings panel: tabs 问题 | 批注 | 已说明 (the last two in `comments.rs`). 问题 lists the
//! findings not accepted, with severity and area filters; click jumps to the place, 修正 applies
//! a finding's fix as one undoable edit, 说明… accepts a warning or info with a reason, 批注…
//! comments on it.

use eframe::egui::{self};

use super::comments::{self, ReviewAction};
use crate::audit::Finding;
use crate::ui::app::{EditorApp, ReviewTab};
use crate::ui::grid;

impl EditorApp {
    pub(in crate::ui) fn findings_panel(&mut self, ui: &mut egui::Ui) {
        let Some(document) = self.document.take() else { return };
        let mut action = None;
        egui::Panel::bottom("findings").resizable(true).default_size(170.0).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong("审核结果");
                self.review_tabs(ui, &document);
                if self.review_tab != ReviewTab::Findings {
                    return;
                }
                // The counts of what is listed: findings 已说明 are in their own tab.
                let mut open = crate::audit::Tally::default();
                for finding in document.project.review.sort_findings(&document.findings).open {
                    open.add(finding.severity);
                }
                ui.checkbox(&mut self.filter.errors, format!("错误 {}", open.errors));
                ui.checkbox(&mut self.filter.warnings, format!("警告 {}", open.warnings));
                ui.checkbox(&mut self.filter.infos, format!("提示 {}", open.infos));
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
            match self.review_tab {
                ReviewTab::Findings => self.open_findings(ui, &document, &mut action),
                ReviewTab::Comments => comments::comments_list(ui, &document, &mut self.comment_filter, &mut action),
                ReviewTab::Accepted => comments::accepted_list(ui, &document, &mut action),
            }
        });
        self.document = Some(document);
        if let Some(action) = action {
            self.review_action(action);
        }
    }

    /// The findings no acceptance covers.
    fn open_findings(
        &self,
        ui: &mut egui::Ui,
        document: &crate::editing::document::Document,
        action: &mut Option<ReviewAction>,
    ) {
        let reviewed = document.project.review.sort_findings(&document.findings);
        let shown: Vec<&Finding> = reviewed.open.iter().copied().filter(|f| self.filter.shows(f)).collect();
        if shown.is_empty() {
            comments::empty_list(
                ui,
                if document.findings.is_empty() {
                    "未发现问题。"
                } else if reviewed.open.is_empty() {
                    "其余问题均已说明（见“已说明”）。"
                } else {
                    "没有符合筛选条件的问题。"
                },
            );
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
                        *action = Some(ReviewAction::Fix(f.clone()));
                    }
                    comments::finding_buttons(ui, finding, action);
                    let response = ui.add(egui::Label::new(&finding.message).sense(egui::Sense::click()).truncate());
                    if response.on_hover_text("单击跳转到该位置").clicked() {
                        *action = Some(ReviewAction::Jump(finding.location.clone()));
                    }
                });
            }
        });
    }
}
