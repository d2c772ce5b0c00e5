//! The exported PDF written to disk the way project files are: through a synced
//! temporary file in the same folder renamed over the target, so an interrupted export never
//! leaves half a file under the chosen name.

use std::path::Path;

use super::write::{WriteOptions, write_file};
use yugong_core::catalog::Catalog;
use yugong_core::model::Project;

/// Exports the printable disclosure dated today and writes it to `path` (a read-only earlier
/// export is replaced only with `overwrite_read_only`). The error is the Chinese message shown
/// to the user.
pub fn export_pdf(
    catalog: &Catalog,
    project: &Project,
    path: &Path,
    overwrite_read_only: bool,
) -> Result<yugong_pdf::Exported, String> {
    let exported = yugong_pdf::export_now_with(catalog, project).map_err(|error| error.to_string())?;
    write_export(path, &exported.bytes, overwrite_read_only)?;
    Ok(exported)
}

/// The file it replaces (an earlier export) is not kept: a PDF is always made again from the project.
fn write_export(path: &Path, bytes: &[u8], overwrite_read_only: bool) -> Result<(), String> {
    write_file(path, bytes, WriteOptions { keep_backup: false, overwrite_read_only })
        .map_err(|error| format!("无法写入“{}”：{error}", path.display()))
}
