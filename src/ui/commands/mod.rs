//! What the window does, as `impl EditorApp` blocks: `file` (new/open/save/import/export,
//! autosave), `edit` (undo/redo, jump to a finding, grid commands), `shortcuts` (keys to commands).

mod edit;
mod file;
mod review;
mod shortcuts;
