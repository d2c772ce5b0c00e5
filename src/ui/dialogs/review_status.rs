//! 审核通过 while the audit still finds errors: confirm, and the file records how many.

use eframe::egui;

use crate::model::ReviewState;
use crate::ui::app::EditorApp;

impl EditorApp {
    /// Returns whether the dialog closes.
    pub(in crate::ui) fn confirm_approval_dialog(&mut self, ui: &mut egui::Ui, errors: usize) -> bool {
        let mut close = false;
        ui.heading("仍有错误，确认审核通过？");
        ui.label(format!(
            "审核仍发现 {errors} 个错误。确认审核通过后，文件中将记录“仍有 {errors} 个错误，已确认通过”以及确认人和时间。"
        ));
        ui.horizontal(|ui| {
            if ui.button("确认审核通过").clicked() {
                close = true;
                self.set_review_state(ReviewState::Approved, true);
            }
            if ui.button("取消").clicked() {
                close = true;
            }
        });
        close
    }
}
