//! The exported PDF written to disk the way project files are: through a synced
//! temporary file in the same folder renamed over the target, so an interrupted export never
//! leaves half a file under the chosen name.

use std::path::Path;

use yugong_core::model::Project;
use yugong_core::project_format::describe_io_error;

use super::project_file::write_atomically;

/// Exports the printable disclosure dated today and writes it to `path`. The error is the
/// Chinese message shown to the user.
pub fn export_pdf(project: &Project, path: &Path) -> Result<yugong_pdf::Exported, String> {
    let exported = yugong_pdf::export_now(project).map_err(|error| error.to_string())?;
    write_export(path, &exported.bytes)?;
    Ok(exported)
}

/// The file it replaces (an earlier export) is not kept: a PDF is always made again from the project.
fn write_export(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_atomically(path, bytes, false)
        .map_err(|error| format!("无法写入“{}”：{}", path.display(), describe_io_error(&error)))
}
