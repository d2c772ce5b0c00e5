//! The calamine edge: workbook bytes → [`Grid`]s, with limits so that a hostile or absurd file
//! costs bounded time and memory.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};

use super::ImportError;
use super::grid::{CellValue, Grid, Merge};

/// Budget workbooks are tens of kilobytes; anything this large is not one.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// No disclosure table has more rows than this (a large department's 基本支出表 has ~150); the
/// rest of a longer sheet is not read, and the report says so.
pub const MAX_ROWS: usize = 5_000;
/// Columns beyond this are ignored (the widest table, procurement, has 16).
pub const MAX_COLUMNS: usize = 64;
/// Cells read from one sheet at most (a row of 16,384 filled columns counts too).
pub const MAX_CELLS: usize = 500_000;
/// A workbook with more sheets than this is not a budget export.
pub const MAX_SHEETS: usize = 400;

/// A sheet that was cut at [`MAX_ROWS`] or [`MAX_COLUMNS`], for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truncation {
    pub sheet: String,
    pub rows_cut: bool,
    pub columns_cut: bool,
}

/// Reads every worksheet of an .xlsx file.
pub fn read_grids(bytes: &[u8]) -> Result<(Vec<Grid>, Vec<Truncation>), ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    // OLE compound files: password-protected .xlsx (Excel wraps the encrypted package in one,
    // with an "EncryptionInfo" stream) or the old binary .xls format.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        let marker: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
        return Err(if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            ImportError::Encrypted
        } else {
            ImportError::OldXls
        });
    }
    if !bytes.starts_with(b"PK") {
        return Err(ImportError::NotXlsx(String::new()));
    }
    check_shared_strings(bytes)?;
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| ImportError::NotXlsx(translate(&e.to_string())))?;
    let names: Vec<String> = workbook.sheet_names().to_vec();
    if names.len() > MAX_SHEETS {
        return Err(ImportError::TooManySheets(names.len()));
    }
    let mut grids = Vec::new();
    let mut truncations = Vec::new();
    for name in names {
        let mut reader = match workbook.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            // Chart sheets and the like have no cells: an empty grid, reported as unrecognised.
            Err(_) => {
                grids.push(Grid { name, rows: Vec::new(), merges: Vec::new() });
                continue;
            }
        };
        let mut rows: Vec<Vec<CellValue>> = Vec::new();
        let mut truncation = Truncation { sheet: name.clone(), rows_cut: false, columns_cut: false };
        let mut cells_read = 0usize;
        loop {
            let cell = match reader.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) => break,
                Err(e) => {
                    return Err(ImportError::NotXlsx(format!("工作表“{name}”无法读取：{}", translate(&e.to_string()))));
                }
            };
            cells_read += 1;
            if cells_read > MAX_CELLS {
                truncation.rows_cut = true;
                break;
            }
            let (row, col) = cell.get_position();
            let (row, col) = (row as usize, col as usize);
            if row >= MAX_ROWS {
                // Cells come in row order: nothing useful follows.
                truncation.rows_cut = true;
                break;
            }
            if col >= MAX_COLUMNS {
                truncation.columns_cut |= !matches!(cell.get_value(), DataRef::Empty);
                continue;
            }
            let value = convert(cell.get_value());
            if matches!(value, CellValue::Empty) {
                continue;
            }
            if rows.len() <= row {
                rows.resize_with(row + 1, Vec::new);
            }
            let cells = &mut rows[row];
            if cells.len() <= col {
                cells.resize(col + 1, CellValue::Empty);
            }
            cells[col] = value;
        }
        drop(reader);
        // Merges are optional comfort: a sheet whose merge list cannot be read still imports,
        // its headers are then read cell by cell. Reading them is a second pass over the whole
        // sheet, so a sheet that was cut short (a million rows) is not read again for them.
        let merges: Vec<Merge> = if truncation.rows_cut {
            Vec::new()
        } else {
            workbook
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .into_iter()
                .map(|d| Merge {
                    first_row: d.start.0 as usize,
                    first_col: d.start.1 as usize,
                    last_row: d.end.0 as usize,
                    last_col: d.end.1 as usize,
                })
                .filter(|m| m.first_row < MAX_ROWS && m.first_col < MAX_COLUMNS)
                .take(10_000)
                .collect()
        };
        if truncation.rows_cut || truncation.columns_cut {
            truncations.push(truncation);
        }
        grids.push(Grid { name, rows, merges });
    }
    Ok((grids, truncations))
}

fn convert(value: &DataRef<'_>) -> CellValue {
    match value {
        DataRef::Empty => CellValue::Empty,
        DataRef::String(s) => CellValue::Text(s.clone()),
        DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Bool(b) => CellValue::Other(if *b { "TRUE" } else { "FALSE" }.into()),
        DataRef::DateTime(d) => CellValue::Other(d.to_string()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellValue::Other(s.clone()),
        DataRef::Error(e) => CellValue::Other(e.to_string()),
    }
}

/// calamine's messages are English; the user gets a Chinese gist and the detail in brackets.
fn translate(message: &str) -> String {
    let lower = message.to_lowercase();
    let gist = if lower.contains("zip") || lower.contains("archive") {
        "文件已损坏或不是 .xlsx 格式"
    } else if lower.contains("xml") {
        "工作簿内容格式有误"
    } else {
        "无法解析"
    };
    format!("{gist}（{message}）")
}

/// More distinct strings than any budget workbook has (a few hundred; [`MAX_CELLS`] per sheet at
/// most are read). calamine reserves room for the `uniqueCount` that `xl/sharedStrings.xml`
/// declares before reading a single string, so a forged count (4294967295) aborts the program on
/// allocation or panics on capacity overflow; it is checked here first.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;

/// How much of the shared strings part is read to find its `<sst …>` start tag.
const SST_HEAD_BYTES: u64 = 4096;

/// Refuses a workbook whose shared strings part declares an absurd number of strings, before
/// calamine sees it. A part that cannot be read here is left to calamine, which reports it.
fn check_shared_strings(bytes: &[u8]) -> Result<(), ImportError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else { continue };
        let is_shared_strings = entry.name().is_ok_and(|name| name.to_ascii_lowercase().ends_with("sharedstrings.xml"));
        if !is_shared_strings {
            continue;
        }
        let mut head = Vec::new();
        if entry.take(SST_HEAD_BYTES).read_to_end(&mut head).is_err() {
            continue;
        }
        if let Some(declared) = declared_unique_count(&head)
            && declared.parse::<u64>().map_or(true, |n| n > MAX_SHARED_STRINGS)
        {
            return Err(ImportError::NotXlsx(format!(
                "共享字符串表（xl/sharedStrings.xml）声明了 {declared} 个字符串（上限 {MAX_SHARED_STRINGS}），文件已损坏或被改动过，请在 Excel 或 WPS 中打开后重新另存为 .xlsx"
            )));
        }
    }
    Ok(())
}

/// The digits of the `uniqueCount` attribute of the `<sst …>` start tag (namespace prefix
/// allowed), if the head of the part has one.
fn declared_unique_count(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    let start = text.find("sst ").or_else(|| text.find("sst\t")).or_else(|| text.find("sst\n"))?;
    let tag = &text[start..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let at = tag.find("uniqueCount")?;
    let value = tag[at + "uniqueCount".len()..].trim_start().strip_prefix('=')?.trim_start();
    let value = value.strip_prefix(['"', '\''])?;
    let digits: String = value.chars().take_while(|c| !matches!(c, '"' | '\'')).collect();
    Some(digits.trim().to_string())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A valid workbook written by rust_xlsxwriter, its shared strings' `uniqueCount` replaced by
    /// `declared` (`None`: left as written).
    fn workbook_declaring(declared: Option<&str>) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "部门预算收入总表").unwrap();
        sheet.write_string(1, 0, "合计").unwrap();
        let valid = book.save_to_buffer().unwrap();
        let Some(declared) = declared else { return valid };
        let mut archive = zip::ZipArchive::new(Cursor::new(&valid)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let mut patched_any = false;
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).unwrap();
            let name = entry.name().unwrap().to_string();
            if name == "xl/sharedStrings.xml" {
                let mut xml = String::new();
                entry.read_to_string(&mut xml).unwrap();
                let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
                let end = at + xml[at..].find('"').unwrap();
                xml.replace_range(at..end, declared);
                out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
                out.write_all(xml.as_bytes()).unwrap();
                patched_any = true;
            } else {
                out.raw_copy_file(entry).unwrap();
            }
        }
        assert!(patched_any, "rust_xlsxwriter wrote no shared strings");
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_forged_shared_string_count_is_refused_in_chinese_before_calamine_reads_it() {
        let (grids, _) = read_grids(&workbook_declaring(None)).unwrap();
        assert_eq!(grids[0].text(0, 0), "部门预算收入总表");
        let (grids, _) = read_grids(&workbook_declaring(Some("2"))).unwrap();
        assert_eq!(grids[0].text(1, 0), "合计");
        // u32::MAX aborted on allocation, u64::MAX panicked with a capacity overflow.
        for declared in ["4294967295", "18446744073709551615", "99999999999999999999999", "1000001"] {
            let error = read_grids(&workbook_declaring(Some(declared))).unwrap_err().to_string();
            assert!(error.contains("共享字符串表") && error.contains(declared), "{declared}: {error}");
        }
    }

    #[test]
    fn the_declared_count_is_found_with_a_namespace_prefix_and_either_quote() {
        let head = |xml: &str| declared_unique_count(xml.as_bytes());
        assert_eq!(head(r#"<?xml version="1.0"?><sst xmlns="x" count="3" uniqueCount="2">"#), Some("2".into()));
        assert_eq!(head("<x:sst xmlns:x='x' uniqueCount = '42'><x:si>"), Some("42".into()));
        assert_eq!(head(r#"<sst count="3"><si><t>uniqueCount="9"</t></si>"#), None);
    }
}
