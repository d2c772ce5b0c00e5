//! Plain messages (errors of open/save/import/export) and 关于预公.

use eframe::egui;

/// A message with 确定; returns whether it closes.
pub(in crate::ui) fn message_dialog(ui: &mut egui::Ui, title: String, text: String) -> bool {
    let mut close = false;
    ui.heading(title);
    ui.label(text);
    if ui.button("确定").clicked() {
        close = true;
    }
    close
}

/// 关于预公; returns whether it closes.
pub(in crate::ui) fn about_dialog(ui: &mut egui::Ui) -> bool {
    let mut close = false;
    ui.heading("预公 yugong");
    ui.label(format!("部门预算公开编制、审核与导出  版本 {}", crate::version::short()));
    ui.label("内置模板版本：");
    for line in crate::version::editions() {
        ui.label(format!("    {line}"));
    }
    ui.label("界面字体：思源黑体 Noto Sans SC（SIL 开放字体许可证 1.1）");
    if ui.button("确定").clicked() {
        close = true;
    }
    close
}
