//! The reviewer's menu entries (文件 → 与其他版本对比 / 导出审核报告, 审核 → status and 批量审核,
//! 视图 → 审阅模式) and the status bar's review badges. Kept here so the menu bar only calls in.

use eframe::egui::{self, Color32, RichText};

use crate::editing::document::Document;
use crate::io::write::backup_path;
use crate::model::ReviewState;
use crate::ui::app::EditorApp;

impl EditorApp {
    /// 文件 menu: 与其他版本对比 (the .bak offered directly) and 导出审核报告.
    pub(in crate::ui) fn review_file_menu(&mut self, ui: &mut egui::Ui) {
        let open = self.document.is_some();
        ui.add_enabled_ui(open, |ui| {
            ui.menu_button("与其他版本对比…", |ui| {
                if ui.button("选择文件…（.ron 或 .xlsx）").clicked() {
                    self.compare_with(None);
                }
                let backup = self.document.as_ref().and_then(|d| d.path.as_deref()).map(backup_path);
                if let Some(backup) = backup.filter(|b| b.is_file()) {
                    let name = backup.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    if ui.button(format!("与备份 {name} 对比")).on_hover_text("保存前的上一版本").clicked()
                    {
                        self.compare_with(Some(backup));
                    }
                }
                if self.compare.is_some() && ui.button("关闭对比").clicked() {
                    self.close_compare();
                }
            });
            if ui.button("导出审核报告…").on_hover_text("PDF 或 Excel（按文件扩展名）").clicked() {
                self.export_review_report(None);
            }
        });
    }

    /// 审核 menu: the review status and 批量审核.
    pub(in crate::ui) fn review_status_menu(&mut self, ui: &mut egui::Ui) {
        let current = self.document.as_ref().map(|d| d.project.review.state());
        ui.add_enabled_ui(current.is_some(), |ui| {
            ui.menu_button("审核状态", |ui| {
                for state in ReviewState::ALL {
                    if ui.radio(current == Some(state), state.label()).clicked() {
                        self.set_review_state(state, false);
                        ui.close();
                    }
                }
            });
        });
        if let Some(change) = self.document.as_ref().and_then(|d| d.project.review.current()) {
            ui.label(RichText::new(format!("当前：{} {} {}", change.state.label(), change.by, change.at)).weak());
        }
        if ui.button("批量审核…").on_hover_text("审核一个文件夹中的全部项目文件和 Excel 工作簿").clicked()
        {
            self.open_batch_review(None);
        }
    }

    /// 视图 menu: 审阅模式.
    pub(in crate::ui) fn review_mode_menu(&mut self, ui: &mut egui::Ui) {
        let mut on = self.is_review_mode();
        if ui
            .add_enabled(self.document.is_some(), egui::Checkbox::new(&mut on, "审阅模式"))
            .on_hover_text("锁定金额和文字，只能添加批注、说明问题和更改审核状态")
            .clicked()
        {
            self.set_review_mode(on);
            ui.close();
        }
    }
}

/// The status bar's review status and, in review mode, its badge.
pub(in crate::ui) fn review_badges(ui: &mut egui::Ui, document: &Document) {
    let state = document.project.review.state();
    let color = state_color(state);
    let text = match document.project.review.current() {
        Some(change) => format!("{}（{} {}）", state.label(), change.by, change.at),
        None => state.label().to_string(),
    };
    ui.label(RichText::new(text).color(color)).on_hover_text("审核状态：在“审核”菜单中更改");
    if document.is_review_mode() {
        let badge = egui::Button::new(RichText::new(" 审阅模式 ").color(Color32::WHITE).strong())
            .fill(Color32::from_rgb(0x8e, 0x44, 0xad))
            .sense(egui::Sense::hover());
        ui.add(badge).on_hover_text("金额和文字已锁定；在“视图”菜单关闭审阅模式");
    }
}

pub(in crate::ui) fn state_color(state: ReviewState) -> Color32 {
    match state {
        ReviewState::Drafting => Color32::from_rgb(0x60, 0x60, 0x60),
        ReviewState::Submitted => Color32::from_rgb(0x1f, 0x6f, 0xb5),
        ReviewState::Returned => Color32::from_rgb(0xc0, 0x39, 0x2b),
        ReviewState::Approved => Color32::from_rgb(0x1e, 0x84, 0x49),
    }
}
