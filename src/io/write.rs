//! Replacing a file on disk without ever leaving half of one, and without being tricked into
//! writing somewhere else (issue 12).
//!
//! The new contents go to a temporary file created with `O_EXCL` under a random name
//! (`.NAME.yugong-XXXXXXXX.tmp`, tempfile's `Builder`) in the target's own folder, are synced, and
//! the temporary file is renamed over the target. A link planted under a temporary name is never
//! followed (the name is random and the create is exclusive); the rename replaces a directory
//! entry, so a link planted as the `.bak` is replaced, not written through. When the target itself
//! is a symbolic link, the link is kept and the file it points to is replaced, as editors do. The
//! replaced file keeps its permissions; a read-only file is rewritten only when the caller says so
//! (`--force`). A save killed between creating and renaming its temporary file leaves that file
//! behind; its recognisable name lets the next save of the same file remove it.

use std::fmt;
use std::fs::{self, File, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use yugong_core::project_format::describe_io_error;

/// How a file is replaced.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Keep the previous contents as `NAME.bak` first.
    pub keep_backup: bool,
    /// Rewrite the file even if it is read-only (`--force`).
    pub overwrite_read_only: bool,
}

/// Why a file could not be written. The file that was there is unchanged in every case.
#[derive(Debug)]
pub enum WriteError {
    /// The file (after following links) is read-only and the caller did not force it.
    ReadOnly { path: PathBuf },
    /// Something other than a regular file is in the way.
    NotAFile { path: PathBuf, kind: &'static str },
    /// The folder to write in does not exist.
    FolderMissing { folder: PathBuf },
    /// A link whose target cannot be found.
    BrokenLink { path: PathBuf },
    /// The operating system refused (full disk, read-only file system, …).
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::ReadOnly { path } => write!(
                f,
                "“{}”是只读文件，未改写；如确要改写请先取消它的只读属性（命令行可加 --force）",
                path.display()
            ),
            WriteError::NotAFile { path, kind } => {
                write!(f, "“{}”是{kind}，不是普通文件，不能写入；请另选一个文件名", path.display())
            }
            WriteError::FolderMissing { folder } => {
                write!(f, "文件夹“{}”不存在，请先建好这个文件夹或另选保存位置", folder.display())
            }
            WriteError::BrokenLink { path } => {
                write!(f, "“{}”是一个链接，它指向的文件找不到了；请另选一个文件名", path.display())
            }
            WriteError::Io(error) => f.write_str(&describe_io_error(error)),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<io::Error> for WriteError {
    fn from(error: io::Error) -> Self {
        WriteError::Io(error)
    }
}

/// What kind of thing the metadata describes, in the words of the messages.
pub fn file_kind(metadata: &fs::Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return "文件夹";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "管道（FIFO）";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "设备文件";
        }
        if file_type.is_socket() {
            return "套接字";
        }
    }
    if file_type.is_file() { "文件" } else { "特殊文件" }
}

/// Whether two paths name the same file once links are followed (same device and inode on
/// Unix; same canonical path elsewhere). A path that does not exist is nobody's file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(first), Ok(second)) = (fs::metadata(a), fs::metadata(b)) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        first.dev() == second.dev() && first.ino() == second.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (first, second);
        matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// The Chinese refusal when a command's output is its input.
pub fn refuse_output_onto_input(input: &Path, output: &Path) -> Option<String> {
    same_file(input, output).then(|| {
        format!(
            "输出文件“{}”就是输入文件“{}”（同一个文件），写入会毁掉输入；请另选一个输出文件名",
            output.display(),
            input.display()
        )
    })
}

/// The backup path next to a file: `NAME.ron` → `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Where to write for `path`: the path itself, or, when it is a symbolic link, the file the link
/// finally points to (so the link survives the save).
fn resolve_target(path: &Path) -> Result<PathBuf, WriteError> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|_| WriteError::BrokenLink { path: path.to_path_buf() })
        }
        _ => Ok(path.to_path_buf()),
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The start of the temporary names used for `target` (`.NAME.yugong-`).
fn temp_prefix(target: &Path) -> String {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{name}.yugong-")
}

/// Whether `name` is a temporary file a save of `target` left behind: ours (`.NAME.yugong-…tmp`)
/// or the earlier versions' (`.NAME.PID.tmp`).
fn is_left_over_temp(name: &str, target: &Path) -> bool {
    let Some(file_name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else { return false };
    let Some(middle) = name.strip_prefix(&format!(".{file_name}.")).and_then(|rest| rest.strip_suffix(".tmp")) else {
        return false;
    };
    middle
        .strip_prefix("yugong-")
        .is_some_and(|random| !random.is_empty() && random.chars().all(|c| c.is_ascii_alphanumeric()))
        || (!middle.is_empty() && middle.chars().all(|c| c.is_ascii_digit()))
}

/// Removes the temporary files earlier saves of `target` left (a save killed before its rename).
/// Only regular files are removed; a link with such a name is left alone.
fn remove_left_over_temps(folder: &Path, target: &Path) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if is_left_over_temp(name, target) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes `contents` to `path` as described in the module comment.
pub fn write_file(path: &Path, contents: &[u8], options: WriteOptions) -> Result<(), WriteError> {
    let target = resolve_target(path)?;
    let folder = folder_of(&target);
    match fs::metadata(&folder) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(metadata) => return Err(WriteError::NotAFile { path: folder, kind: file_kind(&metadata) }),
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(WriteError::FolderMissing { folder }),
        Err(error) => return Err(WriteError::Io(error)),
    }
    let existing = match fs::metadata(&target) {
        Ok(metadata) => Some(metadata),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(WriteError::Io(error)),
    };
    if let Some(metadata) = &existing {
        if !metadata.is_file() {
            return Err(WriteError::NotAFile { path: path.to_path_buf(), kind: file_kind(metadata) });
        }
        if metadata.permissions().readonly() && !options.overwrite_read_only {
            return Err(WriteError::ReadOnly { path: path.to_path_buf() });
        }
    }
    remove_left_over_temps(&folder, &target);
    let permissions = existing.as_ref().map(fs::Metadata::permissions);
    if options.keep_backup && existing.is_some() {
        // Copy, not rename: the file must exist at every moment, and copying works on file
        // systems without hard links (USB sticks formatted FAT).
        let previous = fs::read(&target)?;
        let backup = backup_path(&target);
        remove_left_over_temps(&folder, &backup);
        replace(&folder, &backup, &previous, permissions.clone())?;
    }
    replace(&folder, &target, contents, permissions)?;
    Ok(())
}

/// One exclusive temporary file, synced, renamed over `target`. On any error the temporary file
/// is removed (tempfile deletes it when dropped) and `target` is untouched.
fn replace(folder: &Path, target: &Path, contents: &[u8], permissions: Option<Permissions>) -> io::Result<()> {
    let prefix = temp_prefix(target);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp").rand_bytes(8);
    #[cfg(unix)]
    {
        // tempfile's default is 0600; a new file gets the usual 0666 less the umask, like any
        // other program's.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder)?;
    temp.write_all(contents)?;
    if let Some(permissions) = permissions {
        // Exactly the replaced file's mode (the umask applied at creation would change it).
        temp.as_file().set_permissions(permissions)?;
    }
    temp.as_file().sync_all()?;
    temp.persist(target).map_err(|error| error.error)?;
    sync_folder(folder);
    Ok(())
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

    #[test]
    fn only_our_temporary_names_count_as_left_over() {
        let target = Path::new("/x/高阳.ron");
        assert!(is_left_over_temp(".高阳.ron.yugong-a8Xk2Lq9.tmp", target));
        assert!(is_left_over_temp(".高阳.ron.12345.tmp", target));
        assert!(!is_left_over_temp(".高阳.ron.yugong-.tmp", target));
        assert!(!is_left_over_temp(".高阳.ron.bak.yugong-a8Xk2Lq9.tmp", target));
        assert!(!is_left_over_temp(".其他.ron.yugong-a8Xk2Lq9.tmp", target));
        assert!(!is_left_over_temp("高阳.ron", target));
        assert!(!is_left_over_temp(".高阳.ron.swp", target));
    }
}
