//! Project files on disk. The text format itself (header, parsing, canonical text, the Chinese
//! load errors) is `yugong_core::project_format`; this module adds what touches the file system:
//! a bounded read, and saving through a synced temporary file in the same folder that is renamed
//! into place after the previous version was kept as `NAME.ron.bak`, so a crash leaves either the
//! old or the new file, never half of one.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use yugong_core::model::Project;
use yugong_core::project_format::describe_io_error;
pub use yugong_core::project_format::{FORMAT_NAME, FORMAT_VERSION, LoadError, MAX_FILE_BYTES, parse, to_string};

/// Reads and parses a project file.
pub fn load(path: &Path) -> Result<Project, LoadError> {
    let io_error = |error| LoadError::Io { path: path.to_path_buf(), error };
    let metadata = fs::metadata(path).map_err(io_error)?;
    if !metadata.is_file() {
        return Err(LoadError::NotAFile { path: path.to_path_buf() });
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { bytes: metadata.len() });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // Bounded read: the file may grow between `metadata` and here.
    File::open(path).map_err(io_error)?.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { bytes: bytes.len() as u64 });
    }
    parse(&bytes)
}

/// Why saving failed. Nothing on disk is damaged when saving fails: the previous file stays.
#[derive(Debug)]
pub struct SaveError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "无法保存到“{}”：{}（原文件未改动）", self.path.display(), describe_io_error(&self.error))
    }
}

impl std::error::Error for SaveError {}

/// The backup path next to a project file: `NAME.ron` → `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Saves atomically and keeps the previous version as `NAME.ron.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), SaveError> {
    write_atomically(path, to_string(project).as_bytes(), true)
        .map_err(|error| SaveError { path: path.to_path_buf(), error })
}

/// Writes `contents` to `path` via a synced temporary file in the same folder and a rename.
/// With `keep_backup`, an existing file is first copied to its `.bak` path the same way.
pub fn write_atomically(path: &Path, contents: &[u8], keep_backup: bool) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if keep_backup && path.is_file() {
        // Copy, not rename: the project file must exist at every moment, and copying works on
        // file systems without hard links (USB sticks formatted FAT).
        let previous = fs::read(path)?;
        replace_file(&folder, &backup_path(path), &previous)?;
    }
    replace_file(&folder, path, contents)
}

fn replace_file(folder: &Path, target: &Path, contents: &[u8]) -> io::Result<()> {
    let file_name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = folder.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, target)?;
        sync_folder(folder);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Makes the rename durable. Folders cannot be opened for syncing on every platform; where
/// they cannot, the rename is as durable as the platform makes it.
fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_path_appends_bak() {
        assert_eq!(backup_path(Path::new("/a/b/x.ron")), PathBuf::from("/a/b/x.ron.bak"));
    }
}
