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
    check_parts(bytes)?;
    // calamine 0.38 overflows on some forged cell references and dimensions (`<dimension
    // ref="B5:A1">`, a 12-digit row number): a panic in a debug build, a wrapped number in a
    // release one. Found by the fuzz harness (issue 12); a panic becomes the file's refusal.
    EXPECTING_PANIC.with(|flag| flag.set(true));
    let read = std::panic::catch_unwind(|| read_with_calamine(bytes));
    EXPECTING_PANIC.with(|flag| flag.set(false));
    read.unwrap_or_else(|_| {
        Err(ImportError::NotXlsx(
            "工作簿内部的单元格位置或范围有误（读取时出错），请在 Excel 或 WPS 中打开后重新另存为 .xlsx".into(),
        ))
    })
}

thread_local! {
    /// Set while calamine runs under `catch_unwind`: its overflow panics are expected there and
    /// become the file's Chinese refusal, so the binary's panic hook stays silent for them.
    static EXPECTING_PANIC: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the current thread is reading a workbook whose panics are caught and reported in
/// Chinese (the binary's panic hook asks, so that users never see calamine's English panic text).
pub fn panic_is_expected() -> bool {
    EXPECTING_PANIC.with(std::cell::Cell::get)
}

/// The calamine part of [`read_grids`], after the checks.
fn read_with_calamine(bytes: &[u8]) -> Result<(Vec<Grid>, Vec<Truncation>), ImportError> {
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

/// How much of the shared strings part is kept to find its `<sst …>` start tag.
const SST_HEAD_BYTES: usize = 4096;

/// The most a part of the workbook (a sheet's XML, the shared strings) may inflate to. A budget
/// workbook's largest part is well under a megabyte; the 50 MB limit on the file says nothing
/// about this (a 1.1 MB workbook held a 1 GB string and reached 4.5 GB), so it is checked while
/// inflating, whatever the zip entry declares.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The most one worksheet may inflate to. calamine streams a sheet's cells and stops after
/// [`MAX_ROWS`] rows, so a long sheet costs time, not memory: a million-row sheet (96 MB) is read
/// to its 5,000th row and reported as cut, not refused.
pub const MAX_SHEET_BYTES: u64 = 512 * 1024 * 1024;
/// The most all parts together may inflate to.
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// The longest text run between two XML tags (a cell's text); Excel itself stops at 32,767
/// characters (≤ 128 KB in UTF-8, escapes included).
pub const MAX_TEXT_BYTES: usize = 256 * 1024;

/// Refuses, before calamine sees it, a workbook whose parts inflate beyond the limits above (a zip
/// bomb, a forged size), hold an absurdly long text, or whose shared strings declare or hold more
/// than [`MAX_SHARED_STRINGS`] strings (calamine reserves room for the declared count before
/// reading a single string). Each part is inflated through a small buffer and counted, never
/// kept. A workbook whose archive cannot be read here is left to calamine, which reports it.
fn check_parts(bytes: &[u8]) -> Result<(), ImportError> {
    let refuse = |detail: String| {
        Err(ImportError::NotXlsx(format!("{detail}，文件已损坏或被改动过，请在 Excel 或 WPS 中打开后重新另存为 .xlsx")))
    };
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let mut total = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else { continue };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let limit = if name.to_ascii_lowercase().contains("worksheets/") { MAX_SHEET_BYTES } else { MAX_PART_BYTES };
        if entry.size() > limit {
            return refuse(format!(
                "工作簿中的“{name}”解压后有 {} MB，超过上限 {} MB",
                entry.size() / 1024 / 1024,
                limit / 1024 / 1024
            ));
        }
        let is_shared_strings = name.to_ascii_lowercase().ends_with("sharedstrings.xml");
        let mut scan = PartScan::default();
        let mut reader = entry.take(limit + 1);
        loop {
            let read = match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                // A damaged entry: calamine reports it (if it needs the part at all).
                Err(_) => break,
            };
            scan.feed(buffer.get(..read).unwrap_or_default(), is_shared_strings);
            if scan.bytes > limit {
                return refuse(format!("工作簿中的“{name}”解压后超过上限 {} MB", limit / 1024 / 1024));
            }
            if total + scan.bytes > MAX_TOTAL_BYTES {
                return refuse(format!("工作簿解压后超过上限 {} MB", MAX_TOTAL_BYTES / 1024 / 1024));
            }
            if scan.longest_text > MAX_TEXT_BYTES {
                return refuse(format!(
                    "工作簿中的“{name}”有一段超过 {} KB 的文字（Excel 的单元格最多 32767 个字）",
                    MAX_TEXT_BYTES / 1024
                ));
            }
            if scan.strings > MAX_SHARED_STRINGS {
                return refuse(format!("共享字符串表（xl/sharedStrings.xml）有超过 {MAX_SHARED_STRINGS} 个字符串"));
            }
        }
        total += scan.bytes;
        if is_shared_strings
            && let Some(declared) = declared_unique_count(&scan.head)
            && declared.parse::<u64>().map_or(true, |n| n > MAX_SHARED_STRINGS)
        {
            return refuse(format!(
                "共享字符串表（xl/sharedStrings.xml）声明了 {declared} 个字符串（上限 {MAX_SHARED_STRINGS}）"
            ));
        }
    }
    Ok(())
}

/// What is counted while a part streams past.
#[derive(Default)]
struct PartScan {
    bytes: u64,
    /// The part's first bytes (the `<sst …>` tag).
    head: Vec<u8>,
    /// The current and the longest run of bytes without a `<`.
    run: usize,
    longest_text: usize,
    /// `<si` start tags seen (shared strings), and how much of one the last chunk ended with.
    strings: u64,
    partial: usize,
}

impl PartScan {
    fn feed(&mut self, chunk: &[u8], count_strings: bool) {
        const TAG: &[u8] = b"<si";
        self.bytes += chunk.len() as u64;
        if self.head.len() < SST_HEAD_BYTES {
            let room = SST_HEAD_BYTES - self.head.len();
            self.head.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
        }
        for &byte in chunk {
            if byte == b'<' {
                self.run = 0;
            } else {
                self.run += 1;
                self.longest_text = self.longest_text.max(self.run);
            }
            if count_strings {
                // `<si>` or `<si …>` (not `<sip…`): a small matcher that survives chunk ends.
                if self.partial == TAG.len() {
                    if matches!(byte, b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/') {
                        self.strings += 1;
                    }
                    self.partial = 0;
                }
                if TAG.get(self.partial) == Some(&byte) {
                    self.partial += 1;
                } else {
                    self.partial = usize::from(byte == b'<');
                }
            }
        }
    }
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

#[cfg(test)]
mod limit_tests {
    use std::io::Write;

    use super::*;

    /// A rust_xlsxwriter workbook with one part replaced by `part(original)`.
    fn workbook_with(name: &str, part: impl Fn(&str) -> Vec<u8>) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "部门预算收入总表").unwrap();
        let valid = book.save_to_buffer().unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(&valid)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).unwrap();
            let entry_name = entry.name().unwrap().to_string();
            if entry_name == name {
                let mut xml = String::new();
                entry.read_to_string(&mut xml).unwrap();
                out.start_file(entry_name, zip::write::SimpleFileOptions::default()).unwrap();
                out.write_all(&part(&xml)).unwrap();
            } else {
                out.raw_copy_file(entry).unwrap();
            }
        }
        out.finish().unwrap().into_inner()
    }

    /// `bytes` with the uncompressed size of entry `name` set to `size` in its local header and
    /// its central directory record (a forged size, as zip bombs have).
    fn declare_size(bytes: &[u8], name: &str, size: u32) -> Vec<u8> {
        let mut out = bytes.to_vec();
        let mut patched = 0;
        for (signature, size_at, name_length_at, name_at) in [(0x04034b50u32, 22, 26, 30), (0x02014b50, 24, 28, 46)] {
            for at in 0..out.len().saturating_sub(name_at) {
                let u32_at = |k: usize| u32::from_le_bytes(out[k..k + 4].try_into().unwrap());
                let u16_at = |k: usize| u16::from_le_bytes(out[k..k + 2].try_into().unwrap()) as usize;
                if u32_at(at) == signature
                    && u16_at(at + name_length_at) == name.len()
                    && out.get(at + name_at..at + name_at + name.len()) == Some(name.as_bytes())
                {
                    out[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
                    patched += 1;
                }
            }
        }
        assert_eq!(patched, 2, "both headers of {name}");
        out
    }

    fn refusal(bytes: &[u8]) -> String {
        read_grids(bytes).map(|_| ()).unwrap_err().to_string()
    }

    /// Issue 12: a 1.1 MB workbook reached 4.5 GB (one 1 GB inline string; 40 M shared strings).
    /// Each is refused from what the parts hold, in Chinese, before calamine allocates anything.
    #[test]
    fn parts_that_inflate_too_far_or_hold_huge_texts_or_too_many_strings_are_refused() {
        let sheet = "xl/worksheets/sheet1.xml";
        // The shared strings inflating past the part limit (spaces compress a thousandfold).
        let strings = "xl/sharedStrings.xml";
        let bomb = workbook_with(strings, |xml| {
            let mut bytes = xml.as_bytes().to_vec();
            let at = xml.find("<si>").unwrap();
            bytes.splice(at..at, std::iter::repeat_n(b' ', MAX_PART_BYTES as usize + 1));
            bytes
        });
        assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
        let message = refusal(&bomb);
        assert!(message.contains("解压后有 64 MB，超过上限 64 MB") && message.contains("重新另存为"), "{message}");
        // The same bomb declaring a small size in both zip headers: the zip reader stops at the
        // declared size (and the count while inflating would stop it at the limit), so it reads
        // as a short or damaged sheet in bounded memory.
        let lying = declare_size(&bomb, strings, 4096);
        if let Err(error) = read_grids(&lying) {
            assert!(error.to_string().starts_with("不是有效的 Excel 工作簿"), "{error}");
        }

        // One inline string longer than any cell.
        let long = workbook_with(sheet, |xml| {
            let cell = format!("<c r=\"B1\" t=\"inlineStr\"><is><t>{}</t></is></c>", "预".repeat(100_000));
            xml.replacen("</row>", &format!("{cell}</row>"), 1).into_bytes()
        });
        let message = refusal(&long);
        assert!(message.contains("KB 的文字"), "{message}");

        // More strings than the limit, declared honestly (and with no count at all).
        let many = |declare: bool| {
            workbook_with("xl/sharedStrings.xml", move |_| {
                let count = MAX_SHARED_STRINGS + 1;
                let head = if declare { format!(" count=\"{count}\" uniqueCount=\"{count}\"") } else { String::new() };
                let mut xml = format!("<?xml version=\"1.0\"?><sst xmlns=\"x\"{head}>");
                for _ in 0..count {
                    xml.push_str("<si><t/></si>");
                }
                xml.push_str("</sst>");
                xml.into_bytes()
            })
        };
        assert!(refusal(&many(false)).contains("有超过 1000000 个字符串"));
        assert!(refusal(&many(true)).contains("共享字符串表"));

        // Within the limits the same workbook reads.
        let fine = workbook_with(sheet, |xml| {
            let cell = format!("<c r=\"B1\" t=\"inlineStr\"><is><t>{}</t></is></c>", "预".repeat(10_000));
            xml.replacen("</row>", &format!("{cell}</row>"), 1).into_bytes()
        });
        let (grids, _) = read_grids(&fine).unwrap();
        assert_eq!(grids[0].text(0, 1).chars().count(), 10_000);
    }
}
