//! The editing model under the window: [`Document`] (the open project, its findings, dirty state)
//! and [`history`] (reversible operations for undo/redo). Pure: the window drives it with edits
//! and reads it back; tests drive it the same way without a window.

pub mod document;
pub mod history;
pub mod review_edits;

pub use document::Document;
