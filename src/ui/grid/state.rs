//! What the grid works with: columns and cell views, the [`GridSource`] trait a table
//! implements, the selection and editor state the window keeps ([`GridState`]), and what a
//! frame returns ([`GridOutput`], [`GridCommand`]).

use crate::audit::Severity;
use crate::editing::document::Document;
use crate::editing::history::Op;
use crate::model::Anchor;

/// The height of a body row, in points.
pub const ROW_HEIGHT: f32 = 24.0;
pub(super) const HEADER_ROW_HEIGHT: f32 = 24.0;
/// The widest a text column grows to fit its content; longer texts are clipped (the full text is
/// in the cell's tooltip and editor).
pub const MAX_TEXT_WIDTH: f32 = 420.0;
/// Rows moved by PageUp/PageDown.
pub(super) const PAGE_ROWS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Amount,
    Text,
}

#[derive(Debug, Clone)]
pub struct GridColumn {
    /// Header levels from top to bottom (“本年收入”, “小计”); equal neighbours merge.
    pub header: Vec<String>,
    /// The starting width; text columns grow from it to fit their widest cell (up to `max_width`).
    pub width: f32,
    pub max_width: f32,
    pub kind: ColumnKind,
}

impl GridColumn {
    pub fn amount(header: Vec<String>) -> GridColumn {
        // Wide enough for the leaf header in one line (about 14 points per Chinese character).
        let leaf = header.last().map_or(0, |h| h.chars().count()) as f32;
        let width = (leaf * 14.0 + 16.0).max(96.0);
        GridColumn { header, width, max_width: width, kind: ColumnKind::Amount }
    }

    pub fn text(header: &str, width: f32) -> GridColumn {
        GridColumn { header: vec![header.to_string()], width, max_width: MAX_TEXT_WIDTH, kind: ColumnKind::Text }
    }
}

/// What one cell shows.
#[derive(Debug, Clone, Default)]
pub struct CellView {
    pub text: String,
    /// Can be typed into (entered amounts, text cells); false for derived and label cells.
    pub editable: bool,
    /// Computed from other cells: read-only and tinted.
    pub derived: bool,
    /// A heading-like row (合计, 栏次): bold.
    pub strong: bool,
    /// Indentation level of names (类 0, 款 1, 项 2).
    pub indent: u8,
    /// The most severe finding on the cell and its message (tooltip).
    pub mark: Option<(Severity, String)>,
}

/// A table the grid can show and edit.
pub trait GridSource {
    fn columns(&self) -> &[GridColumn];
    /// Columns that stay in place when scrolling sideways (code and name).
    fn sticky_columns(&self) -> usize;
    /// Columns that should stay in place too when they fit (two-sided tables: the whole income
    /// half and the expenditure names, so both halves keep their row labels). The grid falls back
    /// to [`Self::sticky_columns`] when they would take most of the width.
    fn label_columns(&self) -> usize {
        self.sticky_columns()
    }
    /// Narrow the text columns so that all columns fit the available width (a side panel), instead
    /// of scrolling sideways.
    fn fit_width(&self) -> bool {
        false
    }
    fn row_count(&self, document: &Document) -> usize;
    fn cell(&self, document: &Document, row: usize, column: usize) -> CellView;
    /// The text an editor opens with (amounts without formatting noise).
    fn edit_text(&self, document: &Document, row: usize, column: usize) -> String {
        self.cell(document, row, column).text
    }
    /// Turns typed or pasted values into operations. Cells that refuse their value are left
    /// as they are and reported, with the reason, in the returned messages.
    fn write(&self, document: &Document, cells: &[(usize, usize, String)]) -> (Vec<Op>, Vec<String>);
    /// Names a cell for messages and assistive technology (“2010301 行政运行 · 基本支出”).
    fn cell_name(&self, document: &Document, row: usize, column: usize) -> String;
    /// The place of a cell as findings, comments and comparisons name it (`None`: a label cell).
    fn anchor(&self, _document: &Document, _row: usize, _column: usize) -> Option<Anchor> {
        None
    }
    /// Whether the cell's context menu offers the project goal tables (a 项目支出 cell).
    fn offers_goals(&self, _document: &Document, _row: usize, _column: usize) -> bool {
        false
    }
}

/// A cell position: (row, column).
pub type Position = (usize, usize);

#[derive(Debug, Clone)]
pub(super) struct CellEditor {
    pub(super) position: Position,
    pub(super) text: String,
    /// The editor was just opened: focus it and put the cursor at the end.
    pub(super) opened: bool,
}

/// Selection and editing state of one grid. Kept by the window across frames.
#[derive(Debug, Clone, Default)]
pub struct GridState {
    /// The active cell.
    pub cursor: Position,
    /// The other corner of the selected rectangle (equal to `cursor` for one cell).
    pub anchor: Position,
    pub(super) editor: Option<CellEditor>,
    /// Scroll the active cell into view on the next frame.
    pub(super) scroll_to_cursor: bool,
    /// Give the grid keyboard focus on the next frame.
    pub(super) focus_next_frame: bool,
    /// Pinyin being composed in the selected text cell before the editor opens (the input
    /// method's pre-edit text, drawn in the cell); the commit opens the editor with its result.
    pub(super) composition: Option<String>,
    /// Column widths fitted to the content, with the document revision and row count they were
    /// measured at (measuring 20,000 names every frame would cost more than drawing them).
    pub(super) fitted: Option<(u64, usize, Vec<f32>)>,
}

impl GridState {
    pub fn select(&mut self, position: Position) {
        self.cursor = position;
        self.anchor = position;
        self.editor = None;
        self.composition = None;
        self.scroll_to_cursor = true;
        self.focus_next_frame = true;
    }

    pub fn is_editing(&self) -> bool {
        self.editor.is_some()
    }

    /// The selected rectangle as (top-left, bottom-right).
    pub fn selection(&self) -> (Position, Position) {
        let (a, b) = (self.cursor, self.anchor);
        ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)))
    }

    pub(super) fn contains(&self, position: Position) -> bool {
        let (from, to) = self.selection();
        (from.0..=to.0).contains(&position.0) && (from.1..=to.1).contains(&position.1)
    }
}

/// What happened in the grid this frame, for the window (status messages, context actions).
#[derive(Debug, Default)]
pub struct GridOutput {
    /// Refusals and notices to show the user (““abc”不是有效的金额……”).
    pub messages: Vec<String>,
    /// Context-menu commands the grid does not handle itself.
    pub command: Option<GridCommand>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridCommand {
    InsertRow {
        row: usize,
    },
    DeleteRows {
        from: usize,
        to: usize,
    },
    /// Open the goal table of project n in the side panel.
    OpenGoal(usize),
    /// 添加批注… on a cell: write a comment attached there.
    Comment(crate::model::Anchor),
}
