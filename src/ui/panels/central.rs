//! The central area: a table grid, the 基本信息 form or a narrative section.

use eframe::egui::{self};

use crate::ui::app::EditorApp;
use crate::ui::grid::{self, GridSource, GridState};
use crate::ui::sources::StandardGrid;
use crate::ui::view_keys::{GridKey, View};
use crate::ui::views;

impl EditorApp {
    pub(in crate::ui) fn central(&mut self, ui: &mut egui::Ui) {
        self.comment_strip(ui);
        let Some(document) = &mut self.document else {
            ui.heading("未打开项目");
            ui.label("请从“文件”菜单新建或打开一个项目文件，或打开内置示例。");
            return;
        };
        let Some(edition) = document.edition() else {
            ui.heading("未知的模板版本");
            ui.label(format!("本文件使用的模板版本“{}”不在本程序中，无法编辑。", document.project.meta.edition));
            return;
        };
        match self.view {
            View::Meta => views::meta_form(ui, document),
            View::Table(table) => {
                let title = &document.project.tables.get(table).title;
                ui.heading(title);
                ui.label(format!(
                    "部门：{}    预算年度：{}    单位：万元",
                    document.project.meta.unit_line(),
                    document.project.meta.budget_year
                ));
                let source = StandardGrid::new(edition, document, table);
                let classified = edition.classification(table).is_some();
                // A table opens with its first amount cell active, below the 栏次 row.
                let first_amount = source.sticky_columns();
                let state = self.grids.entry(GridKey::Table(table)).or_insert_with(|| {
                    let mut state = GridState::default();
                    state.select((1, first_amount));
                    state
                });
                if let Some(log) = &mut self.frame_log
                    && log.autoscroll > 0
                {
                    let rows = source.row_count(document);
                    let next = (state.cursor.0 + log.autoscroll) % rows.max(1);
                    state.select((next, state.cursor.1));
                }
                let notes = document.project.tables.get(table).notes.clone();
                let height = ui.available_height() - 20.0 * notes.len() as f32;
                let output = ui
                    .allocate_ui(egui::vec2(ui.available_width(), height.max(100.0)), |ui| {
                        grid::show(ui, ("table", table.key()), &source, document, state, classified)
                    })
                    .inner;
                for note in &notes {
                    ui.label(note);
                }
                self.take_grid_output(output, Some(table));
            }
            View::Section(part) => {
                let output = views::section(ui, part, document, edition, &mut self.grids, &mut self.open_goal);
                self.take_grid_output(output, None);
            }
        }
    }
}
