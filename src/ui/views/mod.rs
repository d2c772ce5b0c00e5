//! The editors of the central area and the side panel that are not one big grid: 基本信息,
//! narrative sections, lists (职责, 名词解释), the goal table panel, and the forms of the small
//! dialogs (new project, insert a code row, search, Excel import preview). They work on a
//! [`Document`](crate::editing::document::Document) and know nothing of the window.
//!
//! Below everything here: `fields` (the shared field widgets and `edit_part`); `sections` uses
//! `goals`. This file only declares the modules and re-exports their entry points.

mod bound_text;
mod fields;
mod goals;
mod import_preview;
mod insert_row;
mod meta;
mod new_project;
mod search;
mod sections;

pub use fields::FormResult;
pub use goals::goal_panel;
pub use import_preview::{ImportChoice, ImportPreview, import_preview};
pub use insert_row::{InsertRowForm, insert_code_rows, insert_row_form};
pub use meta::meta_form;
pub use new_project::{NewProjectForm, new_project_form};
pub use search::{SearchState, search, search_window};
pub use sections::section;
