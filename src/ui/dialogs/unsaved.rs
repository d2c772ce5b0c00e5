//! The unsaved-changes guard: asked on close, new and open; 保存, 不保存 or 取消.

use eframe::egui::{self};

use crate::editing::document::Document;
use crate::io::recovery;
use crate::ui::app::{Dialog, EditorApp, Pending};

impl EditorApp {
    /// The guard's buttons; returns whether the dialog closes.
    pub(in crate::ui) fn unsaved_dialog(&mut self, ui: &mut egui::Ui, ctx: &egui::Context, pending: Pending) -> bool {
        let mut close = false;
        ui.heading("保存修改？");
        ui.label("当前项目有未保存的修改。是否先保存？");
        ui.horizontal(|ui| {
            if ui.button("保存").clicked() {
                close = true;
                if self.save(false) {
                    self.after_guard(ctx, pending.clone());
                }
            }
            if ui.button("不保存").clicked() {
                close = true;
                // The document keeps its unsaved mark and its recovery copy until it is really
                // replaced or the window really closes: the next step (the new-project form, the
                // file dialog) can still be cancelled.
                self.after_guard(ctx, pending.clone());
            }
            if ui.button("取消").clicked() {
                close = true;
            }
        });
        close
    }

    pub(in crate::ui) fn after_guard(&mut self, ctx: &egui::Context, pending: Pending) {
        if pending == Pending::Close {
            self.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            self.dialog = None;
            self.perform(pending);
        }
    }

    pub(in crate::ui) fn guard_close(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        if self.allow_close || !self.document.as_ref().is_some_and(Document::is_dirty) {
            if self.store.folder().is_some() {
                recovery::discard(&self.store);
            }
            return;
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        self.dialog = Some(Dialog::Unsaved(Pending::Close));
    }
}
