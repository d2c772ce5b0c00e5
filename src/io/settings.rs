//! Per-user settings: the list of recently opened files, the autosave recovery folder and the
//! name comments and acceptances are signed with (批注署名).
//!
//! A [`Store`] is a settings folder handed to whoever needs one, the way file dialogs are: the
//! window gets [`Store::user`] (the platform's configuration folder, `~/.config/yugong` on Linux,
//! or `YUGONG_CONFIG_DIR` for portable installs), a test gets a temporary folder or
//! [`Store::disabled`], so no test ever writes the developer's own recent list. The recent list is
//! plain text, one path per line. Settings are a convenience: any failure to read or write them is
//! ignored rather than shown to the user.

use std::path::{Path, PathBuf};

const MAX_RECENT: usize = 10;

/// Where settings live; `None` keeps nothing (tests, and machines without a home folder).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Store {
    folder: Option<PathBuf>,
}

impl Store {
    /// The user's settings folder: `YUGONG_CONFIG_DIR` if set, else the platform's.
    pub fn user() -> Store {
        let folder = match std::env::var_os("YUGONG_CONFIG_DIR") {
            Some(dir) => Some(PathBuf::from(dir)),
            None => dirs::config_dir().map(|d| d.join("yugong")),
        };
        Store { folder }
    }

    /// Settings kept in `folder` (tests, portable use).
    pub fn in_folder(folder: impl Into<PathBuf>) -> Store {
        Store { folder: Some(folder.into()) }
    }

    /// Keeps nothing: no recent list, no recovery copies.
    pub fn disabled() -> Store {
        Store { folder: None }
    }

    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    fn recent_file(&self) -> Option<PathBuf> {
        self.folder.as_ref().map(|d| d.join("recent.txt"))
    }

    /// Recently opened project files, most recent first, only those that still exist.
    pub fn recent_files(&self) -> Vec<PathBuf> {
        let Some(text) = self.recent_file().and_then(|p| std::fs::read_to_string(p).ok()) else {
            return Vec::new();
        };
        text.lines().filter(|l| !l.trim().is_empty()).map(PathBuf::from).filter(|p| p.is_file()).collect()
    }

    fn author_file(&self) -> Option<PathBuf> {
        self.folder.as_ref().map(|d| d.join("author.txt"))
    }

    /// The name 批注 and 已说明 are signed with: the one set in 设置, else the system user's.
    pub fn comment_author(&self) -> String {
        self.author_file()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|text| text.trim().to_string())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(system_user_name)
    }

    /// Sets the name 批注 are signed with (an empty name goes back to the system user's).
    pub fn set_comment_author(&self, name: &str) {
        let Some(file) = self.author_file() else { return };
        if let Some(folder) = file.parent() {
            let _ = std::fs::create_dir_all(folder);
        }
        let _ = super::project_file::write_atomically(&file, format!("{}\n", name.trim()).as_bytes(), false);
    }

    /// Moves `path` to the top of the recent list.
    pub fn remember_recent(&self, path: &Path) {
        let Some(file) = self.recent_file() else { return };
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let mut list = self.recent_files();
        list.retain(|p| p != &path);
        list.insert(0, path);
        list.truncate(MAX_RECENT);
        let text: String = list.iter().map(|p| format!("{}\n", p.display())).collect();
        if let Some(folder) = file.parent() {
            let _ = std::fs::create_dir_all(folder);
        }
        let _ = super::project_file::write_atomically(&file, text.as_bytes(), false);
    }
}

/// The logged-in user's name: `USER`, `LOGNAME` or `USERNAME` (Windows), else the passwd entry of
/// the process's user (Linux), else “审核人”.
pub fn system_user_name() -> String {
    let from_env = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|value| value.trim().to_string())
        .find(|value| !value.is_empty());
    from_env.or_else(passwd_name).unwrap_or_else(|| "审核人".to_string())
}

/// The name of the process's user in /etc/passwd: its full name (GECOS) when set, else the login.
fn passwd_name() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status.lines().find_map(|l| l.strip_prefix("Uid:"))?.split_whitespace().next()?.to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd
        .lines()
        .find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.get(2) == Some(&uid.as_str())).then(|| {
                let full = fields.get(4).and_then(|g| g.split(',').next()).unwrap_or("").trim();
                if full.is_empty() { fields.first().unwrap_or(&"").to_string() } else { full.to_string() }
            })
        })
        .filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recent_list_lives_in_the_store_folder_and_a_disabled_store_keeps_nothing() {
        let folder = tempfile::tempdir().unwrap();
        let project = folder.path().join("某县 2025.ron");
        std::fs::write(&project, "x").unwrap();
        let store = Store::in_folder(folder.path().join("settings"));
        store.remember_recent(&project);
        assert_eq!(store.recent_files(), vec![std::fs::canonicalize(&project).unwrap()]);
        assert!(folder.path().join("settings/recent.txt").is_file());

        // The comment author: the system user's name until one is set, then the one set.
        assert_eq!(store.comment_author(), system_user_name());
        store.set_comment_author(" 李审核 ");
        assert_eq!(store.comment_author(), "李审核");
        assert_eq!(Store::in_folder(folder.path().join("settings")).comment_author(), "李审核");
        store.set_comment_author("");
        assert_eq!(store.comment_author(), system_user_name());
        assert!(!system_user_name().is_empty());

        let disabled = Store::disabled();
        disabled.remember_recent(&project);
        assert!(disabled.recent_files().is_empty());
    }
}
