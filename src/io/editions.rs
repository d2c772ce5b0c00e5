//! Editions the user added: `editions/*.ron` in the settings folder (`YUGONG_CONFIG_DIR`, else the
//! platform's folder). A province's or a new
//! year's template is a copy of a built-in edition file (`assets/editions/`) with its rows,
//! columns, titles, rules and markers changed: no code change and no new build.
//!
//! Each file is read with `Edition::parse` (the same checks as the built-in ones: every `sum_of`,
//! row sum, class source and rule resolves), so a typo is a Chinese message naming the file and
//! the key; a file that fails is left out and the message is shown, the others are used.

use std::path::{Path, PathBuf};

use yugong_core::catalog::Edition;

use super::settings::Store;

/// An edition file is a few tens of kilobytes; a larger one is not an edition.
const MAX_EDITION_BYTES: u64 = 2 * 1024 * 1024;

/// The folder the user's editions are read from.
pub fn folder(store: &Store) -> Option<PathBuf> {
    store.folder().map(|f| f.join("editions"))
}

/// Every readable edition of the folder, by file name, and one Chinese line per file left out.
pub fn load(store: &Store) -> (Vec<(String, Edition)>, Vec<String>) {
    let mut editions = Vec::new();
    let mut problems = Vec::new();
    let Some(folder) = folder(store) else { return (editions, problems) };
    let Ok(listing) = std::fs::read_dir(&folder) else { return (editions, problems) };
    let mut paths: Vec<PathBuf> = listing
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("ron")))
        .collect();
    paths.sort();
    for path in paths {
        match read(&path) {
            Ok(edition) => editions.push((file_name(&path), edition)),
            Err(message) => problems.push(format!("模板版本文件未使用：{message}")),
        }
    }
    (editions, problems)
}

/// One edition file, checked as the built-in ones are.
pub fn read(path: &Path) -> Result<Edition, String> {
    let name = file_name(path);
    let size = std::fs::metadata(path).map_err(|e| format!("{name}：无法读取（{e}）"))?.len();
    if size > MAX_EDITION_BYTES {
        return Err(format!("{name}：超过 2 MB，不像是模板版本文件"));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{name}：无法读取（{e}）"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{name}：不是 UTF-8 编码的文本"))?;
    Edition::parse(&name, &text)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
