//! yugong-core: the pure core of 预公 (department budget disclosure).
//!
//! **Invariant:** no I/O and no user interface. This crate depends on no GUI, PDF or Excel crate
//! (egui, eframe, printpdf, calamine, rust_xlsxwriter, rfd) and calls no `std::fs`, `std::env`,
//! threads or clocks; a time, when needed, is passed in. Everything here is a function of its
//! arguments and the embedded data (editions, code lists, samples), so it is tested without a
//! window or a disk. `tests/integration/layering.rs` in the binary package checks the dependency half of the
//! invariant over `cargo tree`, and a source scan checks the rest.
//!
//! - `model`: the document (`Project` and everything in it);
//! - `catalog`: editions (table templates, formulas) and the classification dictionary;
//! - `calc`: derived cells (totals, subtotals, summaries);
//! - `narrative`: figures and problems read from the 情况说明 text;
//! - `audit`: the rule registry and rules → findings;
//! - `project_format`: the project file's text (parse, canonical text, load errors);
//! - `diff`: 修改对比, every changed cell, row, goal and text between two versions;
//! - `report`: the review report's content per department (laid out by the PDF and Excel crates);
//! - `review`: 批注, 已说明 and the review status over the audit's findings (`model::review` is the data);
//! - `editing`: the open document with its findings and undo history (what the editor drives);
//! - `samples`: the bundled sample projects and a synthetic project for tests and benchmarks.
//!
//! No panics on user input: outside tests the core may not unwrap, index or slice unchecked
//! (`get`, `split_at_checked`, `let … else` instead). The lints are set here rather than in
//! Cargo.toml because a crate with `[lints] workspace = true` cannot add its own `[lints.clippy]`,
//! and `cfg_attr(not(test))` keeps them off the unit tests, where a panic is the failure report.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::string_slice, clippy::indexing_slicing))]

pub mod audit;
pub mod calc;
pub mod catalog;
pub mod diff;
pub mod editing;
pub mod model;
pub mod narrative;
pub mod project_format;
pub mod report;
pub mod review;
pub mod samples;
