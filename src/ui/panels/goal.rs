//! The goal side panel: the 绩效目标表 of the open goal (contents in `views::goal_panel`).

use eframe::egui::{self};

use crate::model::Anchor;
use crate::ui::app::EditorApp;
use crate::ui::grid::GridCommand;
use crate::ui::views;

impl EditorApp {
    pub(in crate::ui) fn goal_panel(&mut self, ui: &mut egui::Ui) {
        let (Some(index), Some(document)) = (self.open_goal, &mut self.document) else { return };
        if index >= document.project.goals.len() {
            self.open_goal = None;
            return;
        }
        let mut open = true;
        let mut commented = None;
        // Half the window by default (all indicator columns fit, narrowed, at 1024 wide).
        let default = (ui.available_width() * 0.55).clamp(480.0, 720.0);
        egui::Panel::right("goal-panel").resizable(true).default_size(default).min_size(320.0).show(ui, |ui| {
            let mut output = views::goal_panel(ui, document, index, &mut self.grids, &mut open);
            if output.command.is_none()
                && ui.small_button("为本绩效目标表添加批注…").on_hover_text("指标的批注：右键指标单元格").clicked()
            {
                output.command = Some(GridCommand::Comment(Anchor::Goal { goal: index, indicator: None }));
            }
            commented = Some(output);
        });
        if let Some(output) = commented {
            self.take_grid_output(output, None);
        }
        if !open {
            self.open_goal = None;
        }
    }
}
