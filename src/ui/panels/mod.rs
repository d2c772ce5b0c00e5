//! The window's panels, as `impl EditorApp` blocks: menu bar, status bar, navigation tree,
//! findings panel, goal side panel and the central area.

mod central;
mod findings;
mod goal;
mod menu_bar;
mod navigation;
mod status_bar;
