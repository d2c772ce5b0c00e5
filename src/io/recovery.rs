//! The autosave recovery file: while a project has unsaved changes the editor writes it here
//! every 30 seconds, and offers it back after a crash or a power cut.
//!
//! One slot (`recovery/autosave.ron` in the settings folder) plus a small text file naming the
//! project file it belongs to, in the settings [`Store`] the window was given. Saving or discarding the project removes both.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::project_file;
use super::settings::Store;
use crate::model::Project;

/// A recovery file found at start.
#[derive(Debug)]
pub struct Recovery {
    pub project: Project,
    /// The project file the changes belong to (`None` for a project never saved).
    pub original: Option<PathBuf>,
    /// How long ago it was written.
    pub age: Duration,
}

fn paths(store: &Store) -> Option<(PathBuf, PathBuf)> {
    let folder = store.folder()?.join("recovery");
    Some((folder.join("autosave.ron"), folder.join("autosave-source.txt")))
}

/// Writes the recovery copy. Errors are returned for the status bar; they never interrupt work.
pub fn write(store: &Store, project: &Project, original: Option<&Path>) -> Result<(), project_file::WriteError> {
    let (file, source) = paths(store).ok_or_else(|| std::io::Error::other("没有可用的设置文件夹"))?;
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let text = project_file::to_string(project);
    project_file::write_atomically(&file, text.as_bytes(), false)?;
    let original = original.map(|p| p.display().to_string()).unwrap_or_default();
    project_file::write_atomically(&source, original.as_bytes(), false)
}

/// The recovery copy left by a session that did not end normally, if any and readable.
pub fn find(store: &Store) -> Option<Recovery> {
    let (file, source) = paths(store)?;
    let project = project_file::load(&file).ok()?;
    let original = std::fs::read_to_string(&source).ok().filter(|s| !s.trim().is_empty()).map(PathBuf::from);
    let age = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or_default();
    Some(Recovery { project, original, age })
}

/// Removes the recovery copy (after a save, or when the user discards it).
pub fn discard(store: &Store) {
    if let Some((file, source)) = paths(store) {
        let _ = std::fs::remove_file(file);
        let _ = std::fs::remove_file(source);
    }
}

/// “3 分钟前” for the recovery offer.
pub fn describe_age(age: Duration) -> String {
    let seconds = age.as_secs();
    match seconds {
        0..60 => "刚刚".into(),
        60..3600 => format!("{} 分钟前", seconds / 60),
        3600..86400 => format!("{} 小时前", seconds / 3600),
        _ => format!("{} 天前", seconds / 86400),
    }
}
