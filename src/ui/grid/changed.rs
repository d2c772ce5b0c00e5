//! 修改对比 in the grids: the cells the open comparison found changed get a teal tint, a bar
//! at their left edge and the old value on hover. The comparison (`panels::compare`) publishes
//! the changed places once per frame in the context's memory; every grid looks its cells up here
//! by their [`Anchor`], so no grid source needs to know about comparisons.

use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui::{self, Color32};

use crate::diff::{Change, ChangeKind};
use crate::model::Anchor;

/// The teal of changed cells: distinct from selection blue, the findings' red, orange and blue,
/// and the comments' violet.
pub const CHANGED_COLOR: Color32 = Color32::from_rgb(0x11, 0x8c, 0x7e);

/// What the comparison changed, by place, with the text the hover shows.
#[derive(Debug, Default, Clone)]
pub struct ChangedCells {
    /// One cell (a table amount, a row's name).
    cells: HashMap<Anchor, String>,
    /// A whole row (an added table row, a procurement row, an indicator, an asset line).
    rows: HashMap<Anchor, String>,
}

impl ChangedCells {
    pub fn from_changes(changes: &[Change]) -> ChangedCells {
        let mut marks = ChangedCells::default();
        for change in changes {
            let note = match (change.kind, &change.old) {
                (ChangeKind::Added, _) => "新增（对比版本中没有）".to_string(),
                (_, Some(old)) if old.is_empty() => "修改前：（空）".to_string(),
                (_, Some(old)) => format!("修改前：{old}"),
                (_, None) => continue,
            };
            // Removed things are not in the open version: only the change list shows them.
            if change.kind == ChangeKind::Removed {
                continue;
            }
            let target = match &change.place {
                Anchor::Table { column: Some(_), .. } => &mut marks.cells,
                Anchor::Table { row: Some(_), column: None, .. } if change.kind == ChangeKind::Changed => {
                    &mut marks.cells
                }
                _ => &mut marks.rows,
            };
            target
                .entry(change.place.clone())
                .and_modify(|text| {
                    text.push('；');
                    text.push_str(&note);
                })
                .or_insert(note);
        }
        marks
    }

    /// The hover text of a cell at `place`, when it changed (the cell itself or its whole row).
    pub fn note(&self, place: &Anchor) -> Option<&str> {
        self.cells.get(place).or_else(|| self.rows.get(&row_of(place))).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.rows.is_empty()
    }
}

/// The row a cell belongs to (the place itself for rows and lines).
fn row_of(place: &Anchor) -> Anchor {
    match place {
        Anchor::Table { table, row, .. } => Anchor::Table { table: *table, row: row.clone(), column: None },
        Anchor::Procurement { row, .. } => Anchor::Procurement { row: *row, column: None },
        other => other.clone(),
    }
}

fn memory_id() -> egui::Id {
    egui::Id::unique("yugong-compare-changed-cells")
}

/// Publishes the changed places for this frame's grids (`None`: no comparison open).
pub fn publish(ctx: &egui::Context, marks: Option<Arc<ChangedCells>>) {
    ctx.data_mut(|d| match marks {
        Some(marks) => {
            d.insert_temp(memory_id(), marks);
        }
        None => d.remove::<Arc<ChangedCells>>(memory_id()),
    });
}

/// Marks the cell at `rect` when the comparison changed it; returns the hover text.
pub(super) fn mark_changed_cell(ui: &egui::Ui, rect: egui::Rect, place: Option<Anchor>) -> Option<String> {
    let place = place?;
    let marks = ui.data(|d| d.get_temp::<Arc<ChangedCells>>(memory_id()))?;
    let note = marks.note(&place)?.to_string();
    let painter = ui.painter();
    painter.rect_filled(rect, 0.0, CHANGED_COLOR.gamma_multiply(0.16));
    let bar = egui::Rect::from_min_max(rect.left_top(), egui::pos2(rect.left() + 3.0, rect.bottom()));
    painter.rect_filled(bar, 0.0, CHANGED_COLOR);
    Some(note)
}
