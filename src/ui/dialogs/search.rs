//! The find window (Ctrl+F): a result jumps to its place.

use eframe::egui::{self};

use crate::ui::app::EditorApp;
use crate::ui::views;

impl EditorApp {
    pub(in crate::ui) fn search_window(&mut self, ctx: &egui::Context) {
        let Some(document) = &self.document else { return };
        if let Some(location) = views::search_window(ctx, &mut self.search, document) {
            self.jump_to(&location);
        }
    }
}
