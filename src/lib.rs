//! 预公 yugong — 部门预算公开 (department budget disclosure) editor: the binary package.
//!
//! Layers, arrows pointing down only (see ARCHITECTURE.md):
//! - `ui`: the eframe desktop app;
//! - `cli`, `io`: adapters (command line, project files on disk, settings, recovery);
//! - `yugong_xlsx`, `yugong_pdf` (crates/): the Excel and PDF format adapters;
//! - `yugong_core` (crates/): the pure core — model, catalog, calc, narrative, audit, the project
//!   text format, the editing model.
//!
//! The core's modules are re-exported under their old names so that `yugong::model` and friends
//! keep meaning what they meant.

pub use yugong_core::{audit, calc, catalog, editing, model, narrative, project_format, samples};
pub use yugong_pdf as pdf;
pub use yugong_xlsx as xlsx;

pub mod cli;
pub mod exit;
pub mod io;
pub mod ui;
