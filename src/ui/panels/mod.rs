//! The window's panels, as `impl EditorApp` blocks: menu bar, status bar, navigation tree,
//! findings panel, goal side panel and the central area.

mod central;
pub(in crate::ui) mod compare;
mod findings;
mod goal;
mod menu_bar;
mod navigation;
pub(in crate::ui) mod review;
mod status_bar;
