//! Project files on disk. The text format itself (header, parsing, canonical text, the Chinese
//! load errors) is `yugong_core::project_format`; this module adds what touches the file system:
//! a bounded read, and saving through a synced temporary file in the same folder that is renamed
//! into place after the previous version was kept as `NAME.ron.bak`, so a crash leaves either the
//! old or the new file, never half of one.

use std::fmt;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use super::write::{WriteError, WriteOptions, backup_path, write_file};

use yugong_core::model::Project;
pub use yugong_core::project_format::{FORMAT_NAME, FORMAT_VERSION, LoadError, MAX_FILE_BYTES, parse, to_string};

/// Reads and parses a project file.
pub fn load(path: &Path) -> Result<Project, LoadError> {
    let io_error = |error| LoadError::Io { path: path.to_path_buf(), error };
    let metadata = fs::metadata(path).map_err(io_error)?;
    if !metadata.is_file() {
        // Decided from the file type alone: a FIFO is never opened (reading one blocks), a
        // device such as /dev/zero never read.
        return Err(LoadError::NotAFile { path: path.to_path_buf(), kind: super::write::file_kind(&metadata) });
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
    pub error: WriteError,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            // Nothing was there to keep: "原文件未改动" would mislead.
            WriteError::FolderMissing { .. } => write!(f, "无法保存到“{}”：{}", self.path.display(), self.error),
            error => write!(f, "无法保存到“{}”：{error}（原文件未改动）", self.path.display()),
        }
    }
}

impl std::error::Error for SaveError {}

/// Saves atomically and keeps the previous version as `NAME.ron.bak`. A read-only project file
/// is refused.
pub fn save(project: &Project, path: &Path) -> Result<(), SaveError> {
    save_with(project, path, false)
}

/// [`save`], rewriting a read-only file too when `overwrite_read_only` (`--force`).
pub fn save_with(project: &Project, path: &Path, overwrite_read_only: bool) -> Result<(), SaveError> {
    let options = WriteOptions { keep_backup: true, overwrite_read_only };
    write_file(path, to_string(project).as_bytes(), options)
        .map_err(|error| SaveError { path: path.to_path_buf(), error })
}

/// Writes `contents` to `path` through [`write_file`] (an exclusive temporary file renamed into
/// place), rewriting read-only files: for the program's own files (settings, recovery copies).
pub fn write_atomically(path: &Path, contents: &[u8], keep_backup: bool) -> Result<(), WriteError> {
    write_file(path, contents, WriteOptions { keep_backup, overwrite_read_only: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_named_as_such() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("没有/目录.ron");
        let project = parse(crate::samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap();
        let message = save(&project, &path).unwrap_err().to_string();
        assert!(
            message.contains("文件夹") && message.contains("不存在") && !message.contains("原文件未改动"),
            "{message}"
        );
    }
}
