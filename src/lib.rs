//! 预公 yugong — 部门预算公开 (department budget disclosure) editor: the binary package.
//!
//! Layers, arrows pointing down only (see ARCHITECTURE.md):
//! - `cli`: the command line (it starts the window with `ui::run`); `exit`: the exit codes both use;
//! - `ui`: the eframe desktop app;
//! - `io`: project files on disk, the exported PDF, the settings store, autosave recovery;
//! - `yugong_xlsx`, `yugong_pdf` (crates/): the Excel and PDF format adapters;
//! - `yugong_core` (crates/): the pure core — model, catalog, calc, narrative, audit, the project
//!   text format, the editing model.
//!
//! The core's modules are re-exported under their old names so that `yugong::model` and friends
//! keep meaning what they meant.

pub use yugong_core::{audit, calc, catalog, diff, editing, model, narrative, project_format, report, review, samples};
pub use yugong_pdf as pdf;
pub use yugong_xlsx as xlsx;

pub mod cli;
pub mod exit;
pub mod io;
pub mod ui;
pub mod version;
