//! Reading an official 科目表 (《政府收支分类科目》 as the Ministry of Finance and the finance bureaus
//! hand it down) from the cells of a spreadsheet or a CSV file.
//!
//! Pure: the binary reads the file (CSV text through [`parse_csv`], a workbook's sheets through
//! yugong-xlsx) and passes the cells here as text. The columns are found by their headers, never
//! by position, because every bureau lays the list out differently:
//! - a code column (科目编码, 编码, 代码) and a name column (科目名称, 名称), codes written whole
//!   (201, 20101, 2010101); or
//! - 类 / 款 / 项 columns holding the parts (201 | 01 | 01), each row continuing the 类 and 款
//!   above it, as the printed 《政府收支分类科目》 does.
//!
//! 类/款/项 follow from the code's length (3/5/7 digits). Function codes (支出功能分类, 2xx) and the
//! 部门预算支出经济分类 (3xx, 3/5 digits) are kept; the other parts of the book (收入分类 1xx, the
//! 政府预算支出经济分类 5xx) are counted and left out, since no disclosure table uses them. Names keep
//! their wording with brackets made full-width (“维修(护)费” → “维修（护）费”), as the official lists
//! print them.

use super::dictionary::DictionaryEntry;

/// The rows of one sheet (or one CSV file), each a list of cell texts.
pub type SheetCells = Vec<Vec<String>>;

/// One imported list: the entries of one budget year, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeList {
    pub year: u16,
    /// 支出功能分类科目, in the order of the file.
    pub function: Vec<DictionaryEntry>,
    /// 部门预算支出经济分类科目.
    pub economic: Vec<DictionaryEntry>,
    /// Codes of parts of the book no table uses (收入分类, 政府预算支出经济分类).
    pub other_parts: usize,
    /// Rows not taken, each a Chinese line naming the row.
    pub problems: Vec<String>,
}

/// Problem lines kept per import; the rest are counted.
const PROBLEMS_LISTED: usize = 30;

/// Where the columns are in one sheet.
enum Columns {
    /// Whole codes in one column.
    Whole { header_row: usize, code: usize, name: usize },
    /// 类 / 款 / 项 parts.
    Parts { header_row: usize, class: usize, section: usize, item: Option<usize>, name: usize },
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// ASCII digits for full-width ones; other characters unchanged.
fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// A code cell as digits: spaces dropped, full-width digits made ASCII, a number's “.0” dropped.
fn code_text(cell: &str) -> String {
    let text = ascii_digits(&squeeze(cell));
    match text.strip_suffix(".0") {
        Some(whole) if !whole.is_empty() => whole.to_string(),
        _ => text,
    }
}

fn is_code_header(header: &str) -> bool {
    ["科目编码", "编码", "代码", "科目代码", "功能分类编码", "经济分类编码"].contains(&header)
        || (header.ends_with("编码") && header.chars().count() <= 8)
}

fn is_name_header(header: &str) -> bool {
    header == "名称" || (header.ends_with("名称") && header.chars().count() <= 8) || header == "科目"
}

fn find_columns(cells: &SheetCells) -> Option<Columns> {
    for (row_index, row) in cells.iter().enumerate().take(30) {
        let headers: Vec<String> = row.iter().map(|c| squeeze(c)).collect();
        let position = |test: &dyn Fn(&str) -> bool| headers.iter().position(|h| test(h));
        let name = position(&is_name_header);
        if let (Some(code), Some(name)) = (position(&is_code_header), name) {
            return Some(Columns::Whole { header_row: row_index, code, name });
        }
        let class = position(&|h: &str| h == "类");
        let section = position(&|h: &str| h == "款");
        if let (Some(class), Some(section), Some(name)) = (class, section, name) {
            let item = position(&|h: &str| h == "项");
            return Some(Columns::Parts { header_row: row_index, class, section, item, name });
        }
    }
    None
}

/// A year written as “2025年” in a text (a title, a file name), 2000–2100.
pub fn year_in(text: &str) -> Option<u16> {
    let text = ascii_digits(text);
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        let [a, b, c, d, e] = w else { return None };
        if *e != '年' {
            return None;
        }
        let digits: String = [a, b, c, d].iter().copied().collect();
        digits.parse::<u16>().ok().filter(|y| (2000..=2100).contains(y))
    })
}

/// A name as the official lists print it: trimmed, “其中：” dropped, brackets full-width, inner
/// spaces dropped (indentation in the printed book).
fn clean_name(cell: &str) -> String {
    let name = squeeze(cell);
    let name = name.strip_prefix("其中：").or_else(|| name.strip_prefix("其中:")).unwrap_or(&name);
    super::normalize_brackets(name)
}

/// Reads the lists of every sheet. `year` is the budget year the user named; without one, a year
/// in the sheets' first rows (“2025年政府收支分类科目”) or in `file_name` is taken.
pub fn read_code_list(sheets: &[SheetCells], year: Option<u16>, file_name: &str) -> Result<CodeList, String> {
    if let Some(year) = year
        && !(2000..=2100).contains(&year)
    {
        return Err(format!("年度 {year} 无效：应在 2000–2100 之间"));
    }
    let found_year = year
        .or_else(|| sheets.iter().flat_map(|sheet| sheet.iter().take(5)).flatten().find_map(|cell| year_in(cell)))
        .or_else(|| year_in(file_name));
    let Some(year) = found_year else {
        return Err("不知道这份科目表是哪一年的：文件名和表头都没有写年度，请用 --year 指定（例如 --year 2025）".into());
    };
    let mut list = CodeList { year, ..CodeList::default() };
    let mut problems_total = 0usize;
    let mut any_columns = false;
    let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for (sheet_index, sheet) in sheets.iter().enumerate() {
        let Some(columns) = find_columns(sheet) else { continue };
        any_columns = true;
        let header_row = match columns {
            Columns::Whole { header_row, .. } | Columns::Parts { header_row, .. } => header_row,
        };
        let cell = |row: &[String], col: usize| row.get(col).map(String::as_str).unwrap_or("").to_string();
        // 类 and 款 the following part rows continue.
        let (mut class, mut section) = (String::new(), String::new());
        for (row_index, row) in sheet.iter().enumerate().skip(header_row + 1) {
            let place = if sheets.len() > 1 {
                format!("第 {} 个工作表第 {} 行", sheet_index + 1, row_index + 1)
            } else {
                format!("第 {} 行", row_index + 1)
            };
            let (code, name) = match columns {
                Columns::Whole { code, name, .. } => (code_text(&cell(row, code)), clean_name(&cell(row, name))),
                Columns::Parts { class: c, section: s, item, name, .. } => {
                    let parts = [
                        code_text(&cell(row, c)),
                        code_text(&cell(row, s)),
                        item.map_or_else(String::new, |i| code_text(&cell(row, i))),
                    ];
                    let code = match parts {
                        [c, s, i] if !c.is_empty() && s.is_empty() && i.is_empty() => {
                            class = c.clone();
                            section.clear();
                            c
                        }
                        [_, s, i] if !s.is_empty() && i.is_empty() => {
                            // “01” continues the 类 above; a whole “20101” stands alone.
                            let whole = if s.len() == 2 { format!("{class}{s}") } else { s };
                            section = whole.clone();
                            whole
                        }
                        [_, _, i] if !i.is_empty() => {
                            if i.len() == 2 {
                                format!("{section}{i}")
                            } else {
                                i
                            }
                        }
                        _ => String::new(),
                    };
                    (code, clean_name(&cell(row, name)))
                }
            };
            if code.is_empty() && name.is_empty() {
                continue;
            }
            let mut problem = |text: String| {
                problems_total += 1;
                if list.problems.len() < PROBLEMS_LISTED {
                    list.problems.push(text);
                }
            };
            if !code.bytes().all(|b| b.is_ascii_digit()) || code.is_empty() {
                // Titles, notes and section headings between the rows carry no code.
                if !code.is_empty() {
                    problem(format!("{place}编码“{code}”不是数字，未导入"));
                }
                continue;
            }
            if name.is_empty() {
                problem(format!("{place}科目 {code} 没有名称，未导入"));
                continue;
            }
            let first = code.chars().next().unwrap_or('0');
            let target = match (first, code.len()) {
                ('2', 3 | 5 | 7) => &mut list.function,
                ('3', 3 | 5) => &mut list.economic,
                ('1' | '5', _) => {
                    list.other_parts += 1;
                    continue;
                }
                _ => {
                    problem(format!("{place}编码 {code} 不是 3、5 或 7 位的支出科目编码，未导入"));
                    continue;
                }
            };
            match seen.get(&code) {
                Some(earlier) if *earlier == name => continue,
                Some(earlier) => {
                    problem(format!("{place}科目 {code} 再次出现，名称“{name}”与前面的“{earlier}”不同，只保留前面的"));
                    continue;
                }
                None => {}
            }
            seen.insert(code.clone(), name.clone());
            target.push(DictionaryEntry { code, name, from: Some(year), to: Some(year) });
        }
    }
    if !any_columns {
        return Err(
            "找不到科目表的表头：需要“科目编码”（或“编码”）和“科目名称”（或“名称”）两列，或“类”“款”“项”和“科目名称”列"
                .into(),
        );
    }
    if list.function.is_empty() && list.economic.is_empty() {
        return Err("文件中没有读到任何支出功能分类或部门预算支出经济分类科目（3、5、7 位数字编码和名称）".into());
    }
    if problems_total > list.problems.len() {
        list.problems.push(format!("另有 {} 行未导入", problems_total - list.problems.len()));
    }
    Ok(list)
}

/// The cells of a CSV file: commas, double-quoted fields (with "" for a quote and line breaks
/// inside), CRLF or LF, a UTF-8 BOM ignored. Files saved by Excel in the local code page (GBK) are
/// not UTF-8 and are refused by the caller before this.
pub fn parse_csv(text: &str) -> SheetCells {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> SheetCells {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    #[test]
    fn whole_codes_are_found_by_their_headers_in_any_column() {
        let cells = sheet(&[
            &["2025年政府收支分类科目（支出功能分类）"],
            &["序号", "科目名称", "科目编码", "说明"],
            &["1", "社会保障和就业支出", "208", ""],
            &["2", "  抚恤", "20808", ""],
            &["3", "其他优抚支出", "２０８０８９９", ""],
            &["4", "维修(护)费", "30213", ""],
            &["5", "税收收入", "101", ""],
        ]);
        let list = read_code_list(&[cells], None, "x.csv").unwrap();
        assert_eq!(list.year, 2025);
        let codes: Vec<(&str, &str)> = list.function.iter().map(|e| (e.code.as_str(), e.name.as_str())).collect();
        assert_eq!(codes, [("208", "社会保障和就业支出"), ("20808", "抚恤"), ("2080899", "其他优抚支出")]);
        assert_eq!(list.economic.first().map(|e| e.name.as_str()), Some("维修（护）费"));
        assert_eq!(list.other_parts, 1);
        assert!(list.function.iter().all(|e| e.from == Some(2025) && e.to == Some(2025)));
    }

    #[test]
    fn class_section_item_columns_continue_the_rows_above() {
        let cells = sheet(&[
            &["类", "款", "项", "科目名称"],
            &["224", "", "", "灾害防治及应急管理支出"],
            &["", "01", "", "应急管理事务"],
            &["", "", "01", "行政运行"],
            &["", "", "02", "一般行政管理事务"],
            &["", "02", "", "消防救援事务"],
            &["", "", "01", "行政运行"],
        ]);
        let list = read_code_list(&[cells], Some(2024), "").unwrap();
        let codes: Vec<&str> = list.function.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["224", "22401", "2240101", "2240102", "22402", "2240201"]);
    }

    #[test]
    fn a_list_without_year_or_headers_is_refused_in_chinese() {
        let cells = sheet(&[&["科目编码", "科目名称"], &["201", "一般公共服务支出"]]);
        assert!(read_code_list(std::slice::from_ref(&cells), None, "科目表.csv").unwrap_err().contains("--year"));
        assert_eq!(read_code_list(&[cells], None, "2024年科目表.csv").unwrap().year, 2024);
        let no_header = sheet(&[&["201", "一般公共服务支出"]]);
        assert!(read_code_list(&[no_header], Some(2024), "").unwrap_err().contains("表头"));
        let nothing = sheet(&[&["科目编码", "科目名称"], &["abc", "名称"]]);
        assert!(read_code_list(&[nothing], Some(2024), "").unwrap_err().contains("没有读到"));
        assert!(read_code_list(&[], Some(1999), "").unwrap_err().contains("年度"));
    }

    #[test]
    fn bad_rows_are_reported_and_the_rest_kept() {
        let cells = sheet(&[
            &["编码", "名称"],
            &["2010301", "行政运行"],
            &["2010301", "别的名称"],
            &["20103", ""],
            &["2x", "坏编码"],
            &["2010", "四位"],
        ]);
        let list = read_code_list(&[cells], Some(2024), "").unwrap();
        assert_eq!(list.function.len(), 1);
        assert_eq!(list.problems.len(), 4, "{:?}", list.problems);
        assert!(list.problems.iter().all(|p| p.starts_with('第')));
    }

    #[test]
    fn csv_fields_quotes_and_line_ends() {
        let rows = parse_csv("\u{feff}code,name\r\n2080899,\"其他优抚支出\"\r\n\"1,2\",\"a\"\"b\"\n");
        assert_eq!(rows, vec![vec!["code", "name"], vec!["2080899", "其他优抚支出"], vec!["1,2", "a\"b"]]);
        assert_eq!(year_in("２０２５年政府收支分类科目"), Some(2025));
        assert_eq!(year_in("1999年"), None);
    }
}
