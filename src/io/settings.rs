//! Per-user settings: the list of recently opened files.
//!
//! Stored as plain text, one path per line, in the platform's configuration folder
//! (`~/.config/yugong/recent.txt` on Linux). `YUGONG_CONFIG_DIR` overrides the folder, which
//! tests and portable installs use. Settings are a convenience: any failure to read or write
//! them is ignored rather than shown to the user.

use std::path::{Path, PathBuf};

const MAX_RECENT: usize = 10;

pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("YUGONG_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    dirs::config_dir().map(|d| d.join("yugong"))
}

fn recent_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("recent.txt"))
}

/// Recently opened project files, most recent first, only those that still exist.
pub fn recent_files() -> Vec<PathBuf> {
    let Some(text) = recent_file().and_then(|p| std::fs::read_to_string(p).ok()) else {
        return Vec::new();
    };
    text.lines().filter(|l| !l.trim().is_empty()).map(PathBuf::from).filter(|p| p.is_file()).collect()
}

/// Moves `path` to the top of the recent list.
pub fn remember_recent(path: &Path) {
    let Some(file) = recent_file() else { return };
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut list = recent_files();
    list.retain(|p| p != &path);
    list.insert(0, path);
    list.truncate(MAX_RECENT);
    let text: String = list.iter().map(|p| format!("{}\n", p.display())).collect();
    if let Some(folder) = file.parent() {
        let _ = std::fs::create_dir_all(folder);
    }
    let _ = super::project_file::write_atomically(&file, text.as_bytes(), false);
}
