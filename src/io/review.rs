//! The reviewer's files: the clock that stamps comments and status changes, walking folders for
//! the files of a batch review, reading a workbook in memory, and writing the review report.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use yugong_core::model::Project;
use yugong_core::report::Entry;
use yugong_pdf::CalendarDate;

use super::write::{WriteOptions, write_file};

/// Beijing time (UTC+8, no daylight saving) now: the date and “2026-12-01 14:03”.
pub fn beijing_now() -> (CalendarDate, String) {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    beijing_at(seconds)
}

/// Beijing time at `unix_seconds`.
pub fn beijing_at(unix_seconds: u64) -> (CalendarDate, String) {
    let local = unix_seconds + 8 * 3600;
    let (days, rest) = (local / 86_400, local % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    let stamp = format!("{year:04}-{month:02}-{day:02} {:02}:{:02}", rest / 3600, rest % 3600 / 60);
    (CalendarDate { year, month, day }, stamp)
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u8, day as u8)
}

/// The files of a batch: a file given is taken as it is; a folder is walked (sub-folders
/// included, in name order) for project files (.ron) and workbooks (.xlsx). Excel's lock files
/// (~$…) and backups (.bak) are skipped. A folder that cannot be read, or holds no such file, is
/// returned as itself, so reading it reports it (“不是文件（可能是文件夹）”) like any bad input.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = out.len();
            walk(path, &mut out);
            if out.len() == before {
                out.push(path.clone());
            }
        } else {
            out.push(path.clone());
        }
    }
    out
}

fn walk(folder: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        out.push(folder.to_path_buf());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, out);
        } else if is_reviewable(&path) {
            out.push(path);
        }
    }
}

fn is_reviewable(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    !name.starts_with("~$") && (extension == "ron" || extension == "xlsx")
}

/// A workbook by its extension.
pub fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A project file, or a workbook imported in memory (nothing is written next to it), its edition
/// decided among those of `catalog` (the built-in ones and the user's).
pub fn load_any(catalog: &yugong_core::catalog::Catalog, path: &Path) -> Result<Project, String> {
    if is_workbook(path) {
        yugong_xlsx::import_workbook_with(catalog, path).map(|(project, _)| project).map_err(|e| e.to_string())
    } else {
        super::project_file::load(path).map_err(|e| e.to_string())
    }
}

/// Writes the review report as .pdf or .xlsx, chosen by the output's extension.
pub fn write_report(entries: &[Entry], output: &Path) -> Result<(), String> {
    let extension = output.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let bytes = match extension.as_str() {
        "xlsx" => yugong_xlsx::review_workbook(entries).map_err(|e| e.to_string())?,
        "pdf" => yugong_pdf::review_pdf(entries, beijing_now().0).map_err(|e| e.to_string())?,
        _ => return Err(format!("审核报告“{}”应以 .pdf 或 .xlsx 结尾", output.display())),
    };
    write_file(output, &bytes, WriteOptions::default()).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_time_is_utc_plus_eight() {
        // 2026-12-01 16:00:00 UTC.
        let (date, stamp) = beijing_at(1_796_140_800);
        assert_eq!((date.year, date.month, date.day), (2026, 12, 2));
        assert_eq!(stamp, "2026-12-02 00:00");
        assert_eq!(beijing_at(0).1, "1970-01-01 08:00");
        // A leap day.
        assert_eq!(beijing_at(1_709_164_800).1, "2024-02-29 08:00");
    }
}
