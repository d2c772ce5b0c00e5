//! Edits as reversible operations, and the undo/redo history.
//!
//! Pure: no egui, no I/O, so undo is unit-tested without a window.
//!
//! Table edits are fine-grained (one cell, one row): a table can have 20,000 rows, and a
//! snapshot per keystroke would cost megabytes. The other parts of a disclosure (基本信息, the
//! narrative, one goal table, procurement, assets) are a few kilobytes, so their edits store the
//! whole part as it was: any widget may change them and undo still restores them exactly.

use rust_decimal::Decimal;

use crate::model::assets::AssetTable;
use crate::model::goals::ProjectGoal;
use crate::model::narrative::Narrative;
use crate::model::procurement::ProcurementTable;
use crate::model::{Meta, Project, Review, Row, TableId};

/// One reversible change to a project. Applying an operation returns its inverse.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Sets (or clears, with `None`) one cell of a standard table; rows by position.
    SetCell {
        table: TableId,
        row: usize,
        column: String,
        value: Option<Decimal>,
    },
    /// Inserts a row into a standard table.
    InsertRow {
        table: TableId,
        index: usize,
        row: Row,
    },
    /// Removes a row from a standard table.
    RemoveRow {
        table: TableId,
        index: usize,
    },
    /// Replaces a standard table's row name (e.g. after the code changed).
    RowName {
        table: TableId,
        row: usize,
        name: String,
    },
    /// Replaces a table's printed title and notes.
    TableText {
        table: TableId,
        title: String,
        notes: Vec<String>,
    },
    Meta(Box<Meta>),
    Narrative(Box<Narrative>),
    Goal {
        index: usize,
        goal: Box<ProjectGoal>,
    },
    InsertGoal {
        index: usize,
        goal: Box<ProjectGoal>,
    },
    RemoveGoal {
        index: usize,
    },
    Procurement(Box<ProcurementTable>),
    Assets(Box<AssetTable>),
    /// Replaces the whole project (merging an imported workbook: a rare, wholesale change).
    Project(Box<Project>),
    /// Replaces the review block (批注, 已说明, status). The one path every reviewer's edit takes
    /// (`Document::add_comment`, `accept_finding` … in `editing::review_edits`), so a lock on
    /// amounts and texts (审阅模式) can let exactly these through. Never touches an amount.
    Review(Box<Review>),
}

impl Op {
    /// Applies the operation and returns the one that undoes it, or `None` when it does not
    /// apply (a row or goal that is not there): the caller records nothing in that case.
    pub fn apply(self, project: &mut Project) -> Option<Op> {
        Some(match self {
            Op::SetCell { table, row, column, value } => {
                let cells = &mut project.tables.get_mut(table).rows.get_mut(row)?.cells;
                let before = cells.get(&column);
                cells.set(&column, value);
                Op::SetCell { table, row, column, value: before }
            }
            Op::InsertRow { table, index, row } => {
                let rows = &mut project.tables.get_mut(table).rows;
                if index > rows.len() {
                    return None;
                }
                rows.insert(index, row);
                Op::RemoveRow { table, index }
            }
            Op::RemoveRow { table, index } => {
                let rows = &mut project.tables.get_mut(table).rows;
                if index >= rows.len() {
                    return None;
                }
                Op::InsertRow { table, index, row: rows.remove(index) }
            }
            Op::RowName { table, row, name } => {
                let target = project.tables.get_mut(table).rows.get_mut(row)?;
                Op::RowName { table, row, name: std::mem::replace(&mut target.name, name) }
            }
            Op::TableText { table, title, notes } => {
                let target = project.tables.get_mut(table);
                Op::TableText {
                    table,
                    title: std::mem::replace(&mut target.title, title),
                    notes: std::mem::replace(&mut target.notes, notes),
                }
            }
            Op::Meta(meta) => Op::Meta(Box::new(std::mem::replace(&mut project.meta, *meta))),
            Op::Narrative(narrative) => Op::Narrative(Box::new(std::mem::replace(&mut project.narrative, *narrative))),
            Op::Goal { index, goal } => {
                let target = project.goals.get_mut(index)?;
                Op::Goal { index, goal: Box::new(std::mem::replace(target, *goal)) }
            }
            Op::InsertGoal { index, goal } => {
                if index > project.goals.len() {
                    return None;
                }
                project.goals.insert(index, *goal);
                Op::RemoveGoal { index }
            }
            Op::RemoveGoal { index } => {
                if index >= project.goals.len() {
                    return None;
                }
                Op::InsertGoal { index, goal: Box::new(project.goals.remove(index)) }
            }
            Op::Procurement(table) => Op::Procurement(Box::new(std::mem::replace(&mut project.procurement, *table))),
            Op::Assets(table) => Op::Assets(Box::new(std::mem::replace(&mut project.assets, *table))),
            Op::Project(whole) => Op::Project(Box::new(std::mem::replace(project, *whole))),
            Op::Review(review) => Op::Review(Box::new(std::mem::replace(&mut project.review, *review))),
        })
    }

    /// Whether the operation may run in 审阅模式 (review mode), where amounts and texts are
    /// locked: only what the reviewer's side changes — the review block (status, comments,
    /// acceptances). The one list of what review mode allows: a new reviewer's operation is
    /// added here, and `Document` refuses everything else in one place.
    pub fn allowed_in_review_mode(&self) -> bool {
        matches!(self, Op::Review(_))
    }

    /// The standard-table rows the operation touches, by position after it was applied, for
    /// recomputing what depends on them.
    pub fn touched_row(&self) -> Option<(TableId, usize)> {
        match self {
            Op::SetCell { table, row, .. } => Some((*table, *row)),
            Op::InsertRow { table, index, .. } => Some((*table, *index)),
            _ => None,
        }
    }
}

/// One user action as the operations that undo it, applied last-first.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What the action was, for the 撤销/重做 menu (“撤销 修改单元格”).
    pub label: String,
    pub ops: Vec<Op>,
    /// Consecutive changes with the same key (typing in one text field) merge into one entry.
    coalesce: Option<u64>,
    /// The document state this entry leads to (see [`History::state`]).
    state: StateId,
}

/// Names one state of the document along its history: every edit makes a new one, undo and redo
/// return to earlier ones. Saving remembers the state saved, so undoing back to it is “saved”
/// again and redoing away from it is “unsaved” again.
pub type StateId = u64;

/// The undo and redo stacks. Bounded: the oldest entries go first.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    /// The state before the oldest entry still kept (0: as opened).
    base_state: StateId,
    last_state: StateId,
}

/// Enough for a working session; table edits are a few bytes each, part snapshots a few KB.
const MAX_ENTRIES: usize = 500;

impl History {
    /// Records a new action given by the operations that undo it. A new action clears redo.
    /// With a `coalesce` key equal to the previous entry's, the previous entry already restores
    /// the state before both, so the new one is dropped.
    pub fn record(&mut self, label: impl Into<String>, inverse: Vec<Op>, coalesce: Option<u64>) {
        if inverse.is_empty() {
            return;
        }
        self.redo.clear();
        self.last_state += 1;
        let state = self.last_state;
        if let (Some(key), Some(last)) = (coalesce, self.undo.last_mut())
            && last.coalesce == Some(key)
        {
            // The merged entry now leads to a different text: a new state.
            last.state = state;
            return;
        }
        self.undo.push(Entry { label: label.into(), ops: inverse, coalesce, state });
        if self.undo.len() > MAX_ENTRIES {
            let oldest = self.undo.remove(0);
            self.base_state = oldest.state;
        }
    }

    /// The state the document is in now.
    pub fn state(&self) -> StateId {
        self.undo.last().map_or(self.base_state, |entry| entry.state)
    }

    /// Ends merging: the next change starts a new entry even with the same key (after a
    /// save, or when focus moved to another field and back).
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.coalesce = None;
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The operations the next undo runs (its first is the user's own change; the cells the
    /// recompute changed follow).
    pub fn next_undo(&self) -> Option<&[Op]> {
        self.undo.last().map(|e| e.ops.as_slice())
    }

    /// The operations the next redo runs.
    pub fn next_redo(&self) -> Option<&[Op]> {
        self.redo.last().map(|e| e.ops.as_slice())
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    /// Undoes the last action; returns the rows it touched (for recomputing) or `None` when
    /// there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Option<Vec<(TableId, usize)>> {
        let entry = self.undo.pop()?;
        let (redo, touched) = run(entry.ops, project);
        self.redo.push(Entry { label: entry.label, ops: redo, coalesce: None, state: entry.state });
        Some(touched)
    }

    pub fn redo(&mut self, project: &mut Project) -> Option<Vec<(TableId, usize)>> {
        let entry = self.redo.pop()?;
        let (undo, touched) = run(entry.ops, project);
        self.undo.push(Entry { label: entry.label, ops: undo, coalesce: None, state: entry.state });
        Some(touched)
    }
}

/// Applies an entry's operations last-first and returns their inverses in the order they were
/// applied, which is again last-first order for the opposite stack (undoing f1…fn applies
/// un…u1 and yields fn…f1, so redo replays f1 first).
fn run(ops: Vec<Op>, project: &mut Project) -> (Vec<Op>, Vec<(TableId, usize)>) {
    let mut inverses = Vec::with_capacity(ops.len());
    let mut touched = Vec::new();
    for op in ops.into_iter().rev() {
        if let Some(inverse) = op.apply(project) {
            touched.extend(inverse.touched_row());
            inverses.push(inverse);
        }
    }
    (inverses, touched)
}

/// Applies a list of operations in order and returns their inverses in the order [`History`]
/// expects (undo applies them last-first).
pub fn apply_all(ops: Vec<Op>, project: &mut Project) -> Vec<Op> {
    ops.into_iter().filter_map(|op| op.apply(project)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project_format as project_file;

    fn sample() -> Project {
        project_file::parse(crate::samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap()
    }

    #[test]
    fn undo_and_redo_restore_every_kind_of_change_exactly() {
        let original = sample();
        let mut project = original.clone();
        let mut history = History::default();
        let mut meta = project.meta.clone();
        meta.unit_name = "测试单位".into();
        let mut goal = project.goals[0].clone();
        goal.indicators.pop();
        let ops = vec![
            Op::SetCell { table: TableId::Expense, row: 3, column: "basic".into(), value: Some(Decimal::new(1234, 2)) },
            Op::RemoveRow { table: TableId::Income, index: 2 },
            Op::InsertRow { table: TableId::Income, index: 1, row: Row::new("2010399", "其他") },
            Op::Meta(Box::new(meta)),
            Op::Goal { index: 0, goal: Box::new(goal) },
            Op::RemoveGoal { index: 1 },
        ];
        let inverse = apply_all(ops, &mut project);
        assert_eq!(inverse.len(), 6);
        let changed = project.clone();
        assert_ne!(changed, original);
        history.record("多处修改", inverse, None);
        history.undo(&mut project).unwrap();
        assert_eq!(project, original);
        history.redo(&mut project).unwrap();
        assert_eq!(project, changed);
        history.undo(&mut project).unwrap();
        assert_eq!(project, original);
        assert!(history.undo(&mut project).is_none());
    }

    #[test]
    fn typing_in_one_field_is_one_undo_step_and_a_new_action_clears_redo() {
        let original = sample();
        let mut project = original.clone();
        let mut history = History::default();
        for text in ["一", "一二", "一二三"] {
            let mut narrative = project.narrative.clone();
            narrative.other_matters = text.into();
            let inverse = apply_all(vec![Op::Narrative(Box::new(narrative))], &mut project);
            history.record("编辑文字", inverse, Some(7));
        }
        history.undo(&mut project).unwrap();
        assert_eq!(project, original);
        assert!(history.can_redo());
        let inverse = apply_all(vec![Op::RemoveGoal { index: 0 }], &mut project);
        history.record("删除项目", inverse, None);
        assert!(!history.can_redo());
    }

    #[test]
    fn operations_on_rows_that_are_not_there_are_skipped() {
        let mut project = sample();
        let rows = project.tables.get(TableId::Expense).rows.len();
        assert!(Op::RemoveRow { table: TableId::Expense, index: rows }.apply(&mut project).is_none());
        assert!(
            Op::SetCell { table: TableId::Expense, row: rows + 5, column: "total".into(), value: None }
                .apply(&mut project)
                .is_none()
        );
        assert!(Op::Goal { index: 999, goal: Box::new(ProjectGoal::default()) }.apply(&mut project).is_none());
    }
}
