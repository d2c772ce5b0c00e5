//! The spreadsheet grid: one widget for the nine tables, procurement, assets and indicator
//! tables, on top of `egui_table` (virtualised rows, sticky header rows and columns).
//!
//! What a table shows and how a typed value is stored is the [`GridSource`]'s business; the grid
//! owns selection, the single cell editor, Excel-like keys and the clipboard. Edits are returned
//! as [`Op`]s and applied through the [`Document`], so totals, findings and undo follow.
//!
//! Keys are handled before the table is drawn, so the frame that handles an edit already shows
//! the recomputed totals and findings.
//!
//! Files: `state` (columns, the source trait, the selection state, the output), `editing` (keys,
//! the cell editor, the clipboard; uses `state`), `table` (drawing; uses `editing` and `state`).

pub mod changed;
mod editing;
mod state;
mod table;

pub use editing::{parse_clipboard, selection_text};
pub use state::{
    CellView, ColumnKind, GridColumn, GridCommand, GridOutput, GridSource, GridState, Position, ROW_HEIGHT,
};
pub use table::{severity_color, show};
