//! Edit commands: undo/redo, jumping to a finding's place, and the commands a table grid
//! asks for (insert a code row, delete rows).

use crate::audit::Location;
use crate::catalog::NarrativePart;
use crate::editing::history::Op;
use crate::model::TableId;
use crate::ui::app::{Dialog, EditorApp};
use crate::ui::grid::{self, GridCommand};
use crate::ui::sources::{IndicatorList, StandardGrid};
use crate::ui::view_keys::{GridKey, View};
use crate::ui::views;

impl EditorApp {
    /// Selects the cell, row or section a finding points at.
    pub fn jump_to(&mut self, location: &Location) {
        let Some(document) = &self.document else { return };
        match location {
            Location::Project | Location::Meta { .. } => self.view = View::Meta,
            Location::Table { table, row, column } => {
                self.view = View::Table(*table);
                let Some(edition) = document.edition() else { return };
                let grid = StandardGrid::new(edition, document, *table);
                let position = row.as_deref().and_then(|r| grid.position_of(document, r, column.as_deref()));
                self.grids.entry(GridKey::Table(*table)).or_default().select(position.unwrap_or((0, 0)));
            }
            Location::Narrative { section } => self.view = View::Section(NarrativePart::of_section(*section)),
            Location::Goal { goal, indicator } => {
                self.view = View::Section(NarrativePart::ProjectGoals);
                self.open_goal = Some(*goal);
                if let Some(indicator) = indicator {
                    let key = GridKey::Indicators(IndicatorList::Goal(*goal));
                    self.grids.entry(key).or_default().select((*indicator, 2));
                }
            }
            Location::Procurement { row, .. } => {
                self.view = View::Section(NarrativePart::Procurement);
                if let Some(row) = row {
                    self.grids.entry(GridKey::Procurement).or_default().select((*row, 0));
                }
            }
            Location::Assets { .. } => self.view = View::Section(NarrativePart::Assets),
        }
    }

    /// Undoes the last edit and shows where: the cell (or part) it changed is selected.
    pub(in crate::ui) fn undo(&mut self) {
        let Some(document) = &mut self.document else { return };
        let place = document.next_undo_place();
        if let Some(label) = document.history().undo_label().map(str::to_string)
            && document.undo()
        {
            self.show_changed_place(place);
            self.status = Some(format!("已撤销：{label}"));
        }
    }

    /// Redoes the edit last undone and shows where.
    pub(in crate::ui) fn redo(&mut self) {
        let Some(document) = &mut self.document else { return };
        let place = document.next_redo_place();
        if let Some(label) = document.history().redo_label().map(str::to_string)
            && document.redo()
        {
            self.show_changed_place(place);
            self.status = Some(format!("已重做：{label}"));
        }
    }

    /// Selects what an undo or redo changed, so the user sees it; a place whose row no longer
    /// exists (an undone insertion) leaves the selection where it is in that table.
    fn show_changed_place(&mut self, place: Option<Location>) {
        let Some(place) = place else { return };
        if let Location::Table { table, row: None, .. } = place {
            self.view = View::Table(table);
            return;
        }
        self.jump_to(&place);
    }

    pub(in crate::ui) fn take_grid_output(&mut self, output: grid::GridOutput, table: Option<TableId>) {
        if let Some(message) = output.messages.last() {
            self.status = Some(if output.messages.len() > 1 {
                format!("{message}（另有 {} 条提示）", output.messages.len() - 1)
            } else {
                message.clone()
            });
        }
        if let Some(GridCommand::OpenGoal(index)) = output.command {
            self.open_goal = Some(index);
            return;
        }
        if let (Some(GridCommand::Comment(anchor)), Some(document)) = (&output.command, &self.document) {
            let place = anchor.describe(&document.project);
            self.dialog = Some(Dialog::Comment(crate::ui::dialogs::CommentForm::new(vec![(anchor.clone(), place)])));
            return;
        }
        let (Some(command), Some(table), Some(document)) = (output.command, table, &mut self.document) else { return };
        match command {
            GridCommand::OpenGoal(_) | GridCommand::Comment(_) => {}
            GridCommand::InsertRow { .. } if document.is_review_mode() => {
                self.status = Some(crate::editing::document::REVIEW_MODE_LOCKED.into());
            }
            GridCommand::InsertRow { row } => {
                let mut form = views::InsertRowForm::new(table);
                // Under per-unit 小计 rows the new code goes to the unit of the row the user is on.
                if let Some(edition) = document.edition() {
                    let stated = document.project.tables.get(table);
                    let model = StandardGrid::new(edition, document, table).model_row(row, 1);
                    form.unit =
                        model.and_then(|m| stated.unit_of(m)).and_then(|u| stated.rows.get(u)).map(|r| r.id.clone());
                }
                self.dialog = Some(Dialog::InsertRow(form));
            }
            GridCommand::DeleteRows { from, to } => {
                let Some(edition) = document.edition() else { return };
                let source = StandardGrid::new(edition, document, table);
                let mut rows: Vec<usize> = (from..=to).filter_map(|r| source.model_row(r, 1)).collect();
                rows.retain(|&r| document.project.tables.get(table).rows[r].is_coded());
                rows.sort_unstable();
                rows.dedup();
                if rows.is_empty() {
                    self.status = Some("只能删除科目行；合计等固定行不能删除".into());
                    return;
                }
                let ops = rows.iter().rev().map(|&index| Op::RemoveRow { table, index }).collect();
                let count = rows.len();
                document.apply("删除行", ops, None);
                self.status = Some(format!("已删除 {count} 行"));
            }
        }
    }
}
