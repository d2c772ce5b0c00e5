//! The goal side panel: the 绩效目标表 of the open goal (contents in `views::goal_panel`).

use eframe::egui::{self};

use crate::ui::app::EditorApp;
use crate::ui::views;

impl EditorApp {
    pub(in crate::ui) fn goal_panel(&mut self, ui: &mut egui::Ui) {
        let (Some(index), Some(document)) = (self.open_goal, &mut self.document) else { return };
        if index >= document.project.goals.len() {
            self.open_goal = None;
            return;
        }
        let mut open = true;
        // Half the window by default (all indicator columns fit, narrowed, at 1024 wide).
        let default = (ui.available_width() * 0.55).clamp(480.0, 720.0);
        egui::Panel::right("goal-panel").resizable(true).default_size(default).min_size(320.0).show(ui, |ui| {
            let output = views::goal_panel(ui, document, index, &mut self.grids, &mut open);
            if let Some(message) = output.messages.last() {
                self.status = Some(message.clone());
            }
        });
        if !open {
            self.open_goal = None;
        }
    }
}
