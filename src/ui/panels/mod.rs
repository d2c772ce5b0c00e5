//! The window's panels, as `impl EditorApp` blocks: menu bar, status bar, navigation tree,
//! findings panel (with the 批注 and 已说明 lists in `comments`), goal side panel and the central
//! area.

mod central;
mod comments;
pub(in crate::ui) mod compare;
mod findings;
mod goal;
mod menu_bar;
mod navigation;
pub(in crate::ui) mod review;
mod status_bar;

pub(in crate::ui) use comments::{OPEN_COMMENT, RESOLVED_COMMENT};
