//! 预公 yugong — 部门预算公开 (department budget disclosure) editor.
//!
//! Layers, arrows pointing down only (see ARCHITECTURE.md):
//! - `ui`: the eframe desktop app.
//! - `cli`, `io`: adapters (command line, project files, settings).
//! - core, pure and free of I/O: `model` (the document), `catalog` (editions, dictionary),
//!   `audit` (rules → findings).

pub mod audit;
pub mod calc;
pub mod catalog;
pub mod cli;
pub mod io;
pub mod model;
pub mod narrative;
pub mod pdf;
pub mod samples;
pub mod ui;
pub mod xlsx;
