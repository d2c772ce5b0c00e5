//! Every integration test of the binary crate, as one test binary.
//!
//! Each file under `tests/` used to be its own binary, and each linked the whole GUI, PDF and Excel
//! stack: twelve debug links of the same ~100 MB were a large share of CI's test build. As modules of
//! one crate they link once and their tests share one parallel runner. Run one area with
//! `cargo test --test integration xlsx::` (the module name is the old file name).

mod audit;
mod audit_rules;
mod audit_text_rules;
mod cli;
mod common;
mod editor;
mod editor_recovery;
mod layering;
mod malformed_files;
mod pdf;
mod samples;
mod saving;
mod xlsx;
