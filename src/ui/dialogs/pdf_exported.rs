//! “PDF 已导出”: offers to open the PDF with the system's viewer.

use std::path::{Path, PathBuf};

use eframe::egui::{self};

use crate::ui::app::EditorApp;

impl EditorApp {
    /// The dialog's buttons; returns whether it closes.
    pub(in crate::ui) fn pdf_exported_dialog(
        &mut self,
        ui: &mut egui::Ui,
        path: PathBuf,
        pages: usize,
        errors: usize,
    ) -> bool {
        let mut close = false;
        ui.heading("PDF 已导出");
        ui.label(format!("{}（{pages} 页）", path.display()));
        if errors > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("注意：审核还有 {errors} 个错误，PDF 按文件所列数字印出，仅供审阅。"),
            );
        }
        ui.horizontal(|ui| {
            if ui.button("打开 PDF").clicked() {
                close = true;
                if let Err(error) = open_with_system(&path) {
                    self.status = Some(format!("无法打开 PDF：{error}"));
                }
            }
            if ui.button("关闭").clicked() {
                close = true;
            }
        });
        close
    }
}

/// Opens a file with the system's default program (the PDF viewer).
fn open_with_system(path: &Path) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(path).spawn().map(|_| ())
}
