//! Last year's disclosure, read for the prior-year block (`yugong draft --prior`, the editor's
//! 从上年文件导入…) and for next year's project (`yugong new --from`): either last year's yugong
//! file (.ron) or last year's budget-system workbook (.xlsx), imported in memory — nothing is
//! written next to it.
//!
//! A workbook is imported with the caller's catalog (the window's, or the CLI's user catalog:
//! the built-in editions plus the settings folder's `editions/` and 科目表), so last year's
//! workbook of an edition the user added is read as that edition, not guessed as a built-in one.

use std::path::Path;

use crate::catalog::Catalog;
use crate::model::Project;

/// Whether the path names an Excel workbook (by its extension, as the file dialogs filter).
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Last year's project from its yugong file or its workbook; the error is the Chinese message
/// the user sees (with the file's name). `catalog` decides a workbook's edition.
pub fn load(catalog: &Catalog, path: &Path) -> Result<Project, String> {
    if is_workbook(path) {
        crate::xlsx::import_workbook_with(catalog, path)
            .map(|(project, _report)| project)
            .map_err(|error| format!("{}：{error}", path.display()))
    } else {
        crate::io::project_file::load(path).map_err(|error| format!("{}：{error}", path.display()))
    }
}
