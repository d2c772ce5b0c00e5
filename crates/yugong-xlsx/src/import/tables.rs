//! The nine tables: the header block and each column's header path, matching amount columns to
//! the edition's columns, classified rows by code, fixed rows by label, notes under a table.

use std::collections::HashSet;

use super::detect::SheetMeta;
use super::{Found, Reader, code_in, is_code, label_key};
use crate::grid::{CellValue, Grid, clean_text, normalize};
use yugong_core::catalog::{Catalog, Classification, Column, Edition, Layout, RowInfo};
use yugong_core::model::{MoneyUnit, Row, Table, TableId};

/// Header words that open the header block of the nine tables.
const HEADER_WORDS: &[&str] = &[
    "序号",
    "项目",
    "科目编码",
    "编码",
    "科目名称",
    "功能分类科目",
    "支出部门经济分类科目",
    "经济分类科目",
    "收入",
    "支出",
];

pub(super) fn header_start(grid: &Grid, from: usize) -> Option<usize> {
    (from..grid.height().min(from + 10))
        .find(|&r| (0..grid.width()).any(|c| HEADER_WORDS.contains(&normalize(&grid.text(r, c)).as_str())))
}

/// Every row label the editions know, for telling the first data row from a header row.
/// Built once: it is the same for every workbook.
fn known_row_labels() -> &'static HashSet<String> {
    static LABELS: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    LABELS.get_or_init(build_row_labels)
}

fn build_row_labels() -> HashSet<String> {
    let catalog = Catalog::get();
    let mut labels: HashSet<String> = ["合计", "总计"].iter().map(|s| s.to_string()).collect();
    for edition in &catalog.editions {
        for id in TableId::ALL {
            labels.extend(edition.fixed_rows(id).iter().map(|r| label_key(&r.label)));
        }
    }
    labels
}

/// 栏次 rows (“栏次 | 1 | 2 | 3”), also without the word: a row of the numbers 1, 2, 3 … only.
pub(super) fn is_column_number_row(grid: &Grid, row: usize) -> bool {
    let cells: Vec<String> = grid.row_cells(row).map(|(_, c)| normalize(&c.text())).collect();
    if cells.iter().any(|t| t == "栏次") {
        return true;
    }
    cells.len() >= 3 && cells.iter().enumerate().all(|(i, t)| *t == (i + 1).to_string())
}

fn is_data_row(grid: &Grid, row: usize, labels: &HashSet<String>) -> bool {
    let cells: Vec<(usize, &CellValue)> = grid.row_cells(row).collect();
    if cells.iter().any(|(_, c)| matches!(c, CellValue::Number(_))) {
        return true;
    }
    if cells.iter().any(|(_, c)| is_code(&code_in(c))) {
        return true;
    }
    // The first label that is not a 序号: merged header cells show their header text here.
    let first_label = (0..grid.width())
        .map(|c| normalize(&grid.shown_text(row, c)))
        .find(|t| !t.is_empty() && t != "序号" && !t.bytes().all(|b| b.is_ascii_digit()));
    first_label.is_some_and(|t| labels.contains(&label_key(&t)))
}

/// The header block of a table and its columns' header paths.
struct Header {
    /// First row after the header (and after a 栏次 row).
    data_start: usize,
    /// Per column: the header texts from the top row down, normalised, merged cells repeated.
    paths: Vec<Vec<String>>,
}

fn read_header(grid: &Grid, from: usize, labels: &HashSet<String>) -> Option<Header> {
    let start = header_start(grid, from)?;
    let mut end = start + 1;
    while end < grid.height() && end < start + 4 && !is_column_number_row(grid, end) && !is_data_row(grid, end, labels)
    {
        end += 1;
    }
    let paths = (0..grid.width())
        .map(|c| {
            let mut path: Vec<String> = Vec::new();
            for r in start..end {
                let t = normalize(&grid.shown_text(r, c));
                if !t.is_empty() && path.last() != Some(&t) {
                    path.push(t);
                }
            }
            path
        })
        .collect();
    let data_start = if end < grid.height() && is_column_number_row(grid, end) { end + 1 } else { end };
    Some(Header { data_start, paths })
}

/// Matches a header path to one of a table's columns: by the lowest header (“小计”, “人员经费”),
/// or by the whole path.
pub(super) fn match_column<'c>(path: &[String], columns: &[&'c Column]) -> Option<&'c Column> {
    let leaf = path.last()?;
    let joined = path.concat();
    columns.iter().copied().find(|col| {
        let col_leaf = col.header.last().map(|h| normalize(h)).unwrap_or_default();
        let col_joined: String = col.header.iter().map(|h| normalize(h)).collect();
        *leaf == col_leaf || joined == col_joined
    })
}

/// The words regions add or drop in fund column headers (“一般公共预算拨款” for
/// “一般公共预算财政拨款”); what remains names the fund.
fn fund_core(header: &str) -> String {
    let mut core = normalize(header);
    for word in ["财政", "拨款", "预算", "收入", "资金"] {
        core = core.replace(word, "");
    }
    core
}

/// A looser match for headers worded differently from the edition: equal once the fund words are
/// dropped, and only when exactly one column fits. The caller reports it.
fn match_column_loosely<'c>(path: &[String], columns: &[&'c Column]) -> Option<&'c Column> {
    let core = fund_core(path.last()?);
    if core.is_empty() {
        return None;
    }
    let mut fitting = columns.iter().copied().filter(|col| col.header.last().is_some_and(|h| fund_core(h) == core));
    let first = fitting.next()?;
    fitting.next().is_none().then_some(first)
}

enum ColumnRole<'c> {
    Ignored,
    Serial,
    Code,
    Name,
    /// Code and name in one column (“2010301 行政运行”).
    CodeAndName,
    Label {
        left: bool,
    },
    Amount {
        key: &'c str,
        left: bool,
    },
    Unknown,
}

pub(super) fn read_table(reader: &mut Reader, part: &Found, meta: &SheetMeta, id: TableId, table: &mut Table) {
    let grid = part.grid;
    let sheet = grid.name.as_str();
    let edition = reader.edition;
    // An edition the user added prints labels the built-in ones may not know.
    let own_labels;
    let labels = if Catalog::get().edition(&edition.id).is_some() {
        known_row_labels()
    } else {
        let mut labels = known_row_labels().clone();
        for id in TableId::ALL {
            labels.extend(edition.fixed_rows(id).iter().map(|r| label_key(&r.label)));
        }
        own_labels = labels;
        &own_labels
    };
    let Some(header) = read_header(grid, part.title_row.map_or(part.rows.start, |r| r + 1), labels) else {
        reader.skip(sheet, format!("认出是{}，但找不到表头（序号、项目、科目编码等），未导入", id.short_name()));
        return;
    };
    if table.title.is_empty() {
        table.title = part.title.clone();
    }
    let unit = meta.unit.unwrap_or(MoneyUnit::Wan);
    if meta.unit.is_none() {
        reader.adjust(sheet, "没有写金额单位，按万元导入");
    }
    let template = edition.table(id);
    let two_sided = matches!(template.layout, Layout::TwoSided { .. });
    let (left_columns, right_columns): (Vec<&Column>, Vec<&Column>) = match &template.layout {
        Layout::TwoSided { left, right, .. } => (left.columns.iter().collect(), right.columns.iter().collect()),
        Layout::Classified { columns, .. } | Layout::Fixed { columns, .. } => (columns.iter().collect(), Vec::new()),
    };
    let classification = edition.classification(id);
    let mut loose: Vec<(String, String)> = Vec::new();
    let roles: Vec<ColumnRole> = header
        .paths
        .iter()
        .map(|path| {
            if path.is_empty() {
                return ColumnRole::Ignored;
            }
            let leaf = path.last().map(String::as_str).unwrap_or_default();
            if path.iter().any(|p| p == "序号") {
                return ColumnRole::Serial;
            }
            let left = !two_sided || path.first().map(String::as_str) != Some("支出");
            if classification.is_some() {
                if leaf.ends_with("编码") || leaf.ends_with("代码") {
                    return ColumnRole::Code;
                }
                if leaf.ends_with("名称") {
                    return ColumnRole::Name;
                }
                if leaf.ends_with("分类科目") || leaf == "科目" || leaf == "项目" {
                    return ColumnRole::CodeAndName;
                }
            } else if leaf.contains("项目") {
                return ColumnRole::Label { left };
            }
            let candidates = if left { &left_columns } else { &right_columns };
            if let Some(column) = match_column(path, candidates) {
                return ColumnRole::Amount { key: column.key.as_str(), left };
            }
            match match_column_loosely(path, candidates) {
                Some(column) => {
                    let taken: Vec<String> = column.header.iter().map(|h| normalize(h)).collect();
                    loose.push((path.join(" "), taken.join(" ")));
                    ColumnRole::Amount { key: column.key.as_str(), left }
                }
                None => ColumnRole::Unknown,
            }
        })
        .collect();
    for (found, taken) in loose {
        reader.adjust(sheet, format!("栏目“{found}”按“{taken}”导入"));
    }
    for (col, role) in roles.iter().enumerate() {
        let has_data = (header.data_start..part.rows.end).any(|r| !grid.cell(r, col).is_empty());
        if matches!(role, ColumnRole::Unknown) && has_data {
            reader
                .skip(sheet, format!("栏目“{}”不是{}的栏目，该列未导入", header.paths[col].join(" "), id.short_name()));
        }
    }
    let before = table.rows.len();
    let notes_before = table.notes.len();
    match classification {
        Some(classification) => {
            read_classified_rows(reader, part, &header, &roles, classification, unit, id, table);
        }
        None => read_fixed_rows(reader, part, &header, &roles, unit, id, table),
    }
    for row in &mut table.rows[before..] {
        let keys = edition.columns_for_row(id, &row.id).iter().map(|c| c.key.as_str());
        row.cells.sort_by_columns(keys);
    }
    let amounts: usize = table.rows[before..].iter().map(|r| r.cells.len()).sum();
    let mut message = format!("{}：{} 行，{} 个金额", id.short_name(), table.rows.len() - before, amounts);
    let units = table.rows[before..].iter().filter(|r| r.is_unit_subtotal()).count();
    if units > 0 {
        message.push_str(&format!("，单位小计 {units} 行"));
    }
    if table.notes.len() > notes_before {
        message.push_str(&format!("，表注 {} 条", table.notes.len() - notes_before));
    }
    reader.imported(sheet, message);
}

/// Text rows under a table: notes (“注：…”) are kept, anything else is reported.
fn trailing_text(reader: &mut Reader, sheet: &str, row: usize, texts: &[String], notes: &mut Vec<String>) {
    let joined = texts.join(" ");
    if normalize(&joined).starts_with("注") {
        notes.push(texts[0].clone());
    } else {
        reader.skip(
            sheet,
            format!("第 {} 行“{}”不是表格行，未导入", row + 1, yugong_core::model::amount::shorten(&joined, 30)),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn read_classified_rows(
    reader: &mut Reader,
    part: &Found,
    header: &Header,
    roles: &[ColumnRole],
    classification: Classification,
    unit: MoneyUnit,
    id: TableId,
    table: &mut Table,
) {
    let grid = part.grid;
    let sheet = grid.name.as_str();
    let valid_lengths: &[usize] = match classification {
        Classification::Function => &[3, 5, 7],
        Classification::Economic => &[3, 5],
    };
    // Where the current unit's rows start (after its 小计 row): codes repeat from one unit to the
    // next, and a code is a duplicate only within its unit.
    let mut unit_start = table.rows.iter().rposition(Row::is_unit_subtotal).map_or(0, |u| u + 1);
    for r in header.data_start..part.rows.end {
        if grid.row_is_blank(r) || is_column_number_row(grid, r) {
            continue;
        }
        let mut code = String::new();
        let mut name = String::new();
        for (col, role) in roles.iter().enumerate() {
            match role {
                // Merge-aware: a 合计 row often merges 序号, 科目编码 and 科目名称 into one cell.
                ColumnRole::Code => code = normalize(&grid.shown_text(r, col)),
                ColumnRole::Name => name = grid.shown_text(r, col),
                ColumnRole::CodeAndName => {
                    let text = grid.shown_text(r, col);
                    let digits: String = normalize(&text).chars().take_while(char::is_ascii_digit).collect();
                    if digits.is_empty() {
                        name = text;
                    } else {
                        code = digits;
                        let skip =
                            text.chars().take_while(|c| !c.is_whitespace() && !('\u{4e00}'..).contains(c)).count();
                        name = clean_text(&text.chars().skip(skip).collect::<String>()).to_string();
                    }
                }
                _ => {}
            }
        }
        let has_amount = roles
            .iter()
            .enumerate()
            .any(|(col, role)| matches!(role, ColumnRole::Amount { .. }) && !grid.cell(r, col).is_empty());
        let row_id = if !code.is_empty()
            && code.bytes().all(|b| b.is_ascii_digit())
            && valid_lengths.contains(&code.len())
        {
            code.clone()
        } else if let Some(label) = unit_subtotal_label(grid, r, roles) {
            // “某某单位(本级）小计”: a unit's subtotal, its codes follow (as in the 政府采购预算表).
            name = label;
            unit_start = table.rows.len() + 1;
            yugong_core::model::table::unit_subtotal_id(table.rows.iter().filter(|r| r.is_unit_subtotal()).count() + 1)
        } else if [&code, &name].iter().any(|t| matches!(normalize(t).as_str(), "合计" | "总计")) {
            if normalize(&name).is_empty() || normalize(&name) == code {
                name = code.clone();
            }
            "total".to_string()
        } else if !code.bytes().any(|b| b.is_ascii_digit()) && !has_amount {
            let texts: Vec<String> = grid.row_cells(r).map(|(_, c)| c.text()).collect();
            trailing_text(reader, sheet, r, &texts, &mut table.notes);
            continue;
        } else {
            let shown = if code.is_empty() { name.clone() } else { format!("{code} {name}") };
            reader.skip(sheet, format!("第 {} 行“{}”没有有效的科目编码，未导入", r + 1, clean_text(&shown)));
            continue;
        };
        let earlier: &[Row] = if yugong_core::model::table::is_classification_code(&row_id) {
            table.rows.get(unit_start..).unwrap_or_default()
        } else {
            &table.rows
        };
        if earlier.iter().any(|row| row.id == row_id) {
            reader.skip(sheet, format!("第 {} 行科目 {row_id} 重复出现，只保留第一次", r + 1));
            continue;
        }
        let mut row = Row::new(row_id, name);
        for (col, role) in roles.iter().enumerate() {
            if let ColumnRole::Amount { key, .. } = role {
                let place = format!("第 {} 行{}栏", r + 1, reader.edition.column_label(id, key));
                let value = reader.amount(sheet, grid.cell(r, col), unit, &place);
                row.cells.set(key, value);
            }
        }
        table.rows.push(row);
    }
}

/// The label of a per-unit 小计 row (“某某单位(本级）小计”, “XX小学 小计”): a text cell of the
/// code or name columns that ends in 小计, as budget systems print it, merged or not.
fn unit_subtotal_label(grid: &Grid, row: usize, roles: &[ColumnRole]) -> Option<String> {
    roles.iter().enumerate().find_map(|(col, role)| {
        if !matches!(role, ColumnRole::Code | ColumnRole::Name | ColumnRole::CodeAndName | ColumnRole::Serial) {
            return None;
        }
        let text = grid.shown_text(row, col);
        let squeezed = normalize(&text);
        // “小计” alone is no unit's name: the row is not one the nine tables print.
        (squeezed.ends_with("小计") && squeezed != "小计").then(|| clean_text(&text).to_string())
    })
}

/// The fixed rows of a table or of one side, in print order, for matching labels.
fn fixed_candidates(edition: &Edition, id: TableId, left: bool) -> Vec<RowInfo> {
    match &edition.table(id).layout {
        Layout::TwoSided { footer, .. } => {
            let mut rows = edition.side_items(id, left).to_vec();
            for pair in footer {
                let row = if left { &pair.left } else { &pair.right };
                if let Some(row) = row {
                    rows.push(RowInfo { id: row.id.clone(), label: row.label.clone(), indent: row.indent });
                }
            }
            rows
        }
        _ => edition.fixed_rows(id).to_vec(),
    }
}

fn read_fixed_rows(
    reader: &mut Reader,
    part: &Found,
    header: &Header,
    roles: &[ColumnRole],
    unit: MoneyUnit,
    id: TableId,
    table: &mut Table,
) {
    let grid = part.grid;
    let sheet = grid.name.as_str();
    let edition = reader.edition;
    for left in [true, false] {
        let label_col = roles.iter().position(|r| matches!(r, ColumnRole::Label { left: l } if *l == left));
        let Some(label_col) = label_col else {
            if left {
                reader.skip(sheet, "找不到“项目”列，未导入");
            }
            continue;
        };
        let candidates = fixed_candidates(edition, id, left);
        let candidate_keys: Vec<String> = candidates.iter().map(|c| label_key(&c.label)).collect();
        let mut used = vec![false; candidates.len()];
        for r in header.data_start..part.rows.end {
            if grid.row_is_blank(r) || is_column_number_row(grid, r) {
                continue;
            }
            let label = grid.shown_text(r, label_col);
            let amount_cols: Vec<(usize, &str)> = roles
                .iter()
                .enumerate()
                .filter_map(|(col, role)| match role {
                    ColumnRole::Amount { key, left: l } if *l == left => Some((col, *key)),
                    _ => None,
                })
                .collect();
            let has_amount = amount_cols.iter().any(|(col, _)| !grid.cell(r, *col).is_empty());
            if label.is_empty() {
                if has_amount {
                    reader.skip(sheet, format!("第 {} 行有金额但没有项目名称，未导入", r + 1));
                }
                continue;
            }
            let key = label_key(&label);
            let matched = (0..candidates.len()).find(|&i| !used[i] && candidate_keys[i] == key);
            let Some(index) = matched else {
                if left && !has_amount && normalize(&label).starts_with("注") {
                    table.notes.push(label);
                    continue;
                }
                reader.skip(sheet, format!("第 {} 行“{label}”不是{}的行，未导入", r + 1, id.short_name()));
                continue;
            };
            used[index] = true;
            let mut row = Row::new(candidates[index].id.clone(), label);
            for (col, key) in amount_cols {
                let place = format!("第 {} 行“{}”{}栏", r + 1, row.name, edition.column_label(id, key));
                let value = reader.amount(sheet, grid.cell(r, col), unit, &place);
                row.cells.set(key, value);
            }
            if table.row(&row.id).is_some() {
                reader.skip(sheet, format!("第 {} 行“{}”重复出现，只保留第一次", r + 1, row.name));
                continue;
            }
            table.rows.push(row);
        }
    }
}

/// Fixed-row tables are stored in the edition's print order (both sides of a two-sided table
/// are read column by column, so they come in side order).
pub(super) fn order_fixed_rows(edition: &Edition, id: TableId, table: &mut Table) {
    if edition.classification(id).is_some() {
        return;
    }
    let order = edition.fixed_rows(id);
    table.rows.sort_by_key(|row| order.iter().position(|info| info.id == row.id).unwrap_or(usize::MAX));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fund_headers_worded_differently_match_one_column_only() {
        let edition = Catalog::get().edition("hebei-2022").unwrap();
        let columns = edition.columns(TableId::ThreePublic);
        let loose = |header: &str| match_column_loosely(&[header.to_string()], &columns).map(|c| c.key.clone());
        assert_eq!(loose("一般公共预算拨款"), Some("general".into()));
        assert_eq!(loose("政府性基金预算财政拨款"), Some("fund".into()));
        assert_eq!(loose("国有资本经营预算拨款"), Some("capital".into()));
        assert_eq!(loose("其他资金"), None);
        let income = edition.columns(TableId::Income);
        // “财政拨款” alone has no fund word left: never matched loosely.
        assert!(match_column_loosely(&["财政拨款".to_string()], &income).is_none());
    }
}
