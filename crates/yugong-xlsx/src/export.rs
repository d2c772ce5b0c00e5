//! A project → an .xlsx workbook in the official layout: one sheet per table with its title,
//! unit line, merged multi-level headers, 栏次 row, 0.00 amounts with blank zeros, borders,
//! column widths, and A4 print setup repeating the header rows on every page.
//!
//! The layout is the one the importer reads, so export → import gives the same tables back.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::fitted::{self, MAX_CELL_CHARS, WriteFitted};
use yugong_core::catalog::{Catalog, Column, Edition, Layout, RowInfo};
use yugong_core::model::{Indicator, IndicatorValue, Project, ProjectGoal, Quantity, Row, Table, TableId};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("项目的模板版本“{0}”未知，无法按官方格式导出")]
    UnknownEdition(String),
    #[error("生成 Excel 文件失败：{0}")]
    Writer(String),
}

impl From<XlsxError> for ExportError {
    fn from(error: XlsxError) -> Self {
        ExportError::Writer(error.to_string())
    }
}

/// Sheet names of the nine tables, as the budget system names them.
pub fn sheet_name(id: TableId) -> &'static str {
    match id {
        TableId::IncomeExpenseSummary => "收支总表",
        TableId::Income => "收入总表",
        TableId::Expense => "支出总表",
        TableId::FiscalSummary => "财政拨款收支总表",
        TableId::GeneralExpense => "一般公共预算支出表",
        TableId::GeneralBasicExpense => "基本支出表",
        TableId::FundExpense => "政府性基金支出表",
        TableId::CapitalExpense => "国有资本经营支出表",
        TableId::ThreePublic => "三公经费表",
    }
}

/// A4 in Excel's paper size list.
const PAPER_A4: u8 = 9;

struct Formats {
    title: Format,
    plain: Format,
    plain_right: Format,
    header: Format,
    label: Format,
    text: Format,
    centered: Format,
    /// Two decimals; a stated zero shows blank, as the published tables print it, but is kept.
    amount: Format,
    /// Asset values keep up to five decimals (420.74804 万元).
    precise: Format,
}

impl Formats {
    fn new() -> Formats {
        let bordered = || Format::new().set_border(FormatBorder::Thin).set_font_size(10);
        Formats {
            title: Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center),
            plain: Format::new().set_font_size(10),
            plain_right: Format::new().set_font_size(10).set_align(FormatAlign::Right),
            header: bordered()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            label: bordered().set_text_wrap().set_align(FormatAlign::VerticalCenter),
            text: bordered().set_text_wrap().set_align(FormatAlign::Left).set_align(FormatAlign::VerticalCenter),
            centered: bordered().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter),
            amount: bordered().set_num_format("0.00;-0.00;;@"),
            precise: bordered().set_num_format("0.00###;-0.00###;;@"),
        }
    }
}

/// An exported workbook and what the export had to change.
pub struct ExportedWorkbook {
    pub bytes: Vec<u8>,
    /// One Chinese line per cell whose text was longer than Excel allows and was cut.
    pub warnings: Vec<String>,
}

/// Writes the whole project as a workbook; texts longer than a cell holds are cut (see
/// [`export_workbook_reporting`] for the warnings, which the CLI and the window show).
pub fn export_workbook(project: &Project) -> Result<Vec<u8>, ExportError> {
    export_workbook_reporting(project).map(|exported| exported.bytes)
}

/// [`export_workbook`] with a warning for every cell whose text had to be cut.
pub fn export_workbook_reporting(project: &Project) -> Result<ExportedWorkbook, ExportError> {
    export_workbook_with(Catalog::get(), project)
}

/// [`export_workbook_reporting`] with the editions of `catalog` (the built-in ones and those the
/// user added to the data folder's `editions/`).
pub fn export_workbook_with(catalog: &Catalog, project: &Project) -> Result<ExportedWorkbook, ExportError> {
    fitted::start_counting();
    let bytes = write_workbook(catalog, project);
    let cut = fitted::cut_cells();
    let warnings = cut
        .iter()
        .map(|chars| {
            format!(
                "有一个单元格的文字有 {chars} 个字，超过 Excel 单元格的上限 {MAX_CELL_CHARS} 个字，工作簿中只保留了前 {MAX_CELL_CHARS} 个字（项目文件中的文字完整）；请在 Excel 中核对或缩短这段文字"
            )
        })
        .collect();
    Ok(ExportedWorkbook { bytes: bytes?, warnings })
}

/// Writes the whole project (tables, goal tables, procurement, assets, department-wide
/// indicators) as an .xlsx file in memory.
fn write_workbook(catalog: &Catalog, project: &Project) -> Result<Vec<u8>, ExportError> {
    let edition = catalog
        .edition(&project.meta.edition)
        .ok_or_else(|| ExportError::UnknownEdition(project.meta.edition.clone()))?;
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    for id in TableId::ALL {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(id))?;
        write_table(sheet, &formats, project, edition, id)?;
    }
    if !project.narrative.department_goals.indicators.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name("整体绩效指标")?;
        write_department_indicators(sheet, &formats, project)?;
    }
    for (index, goal) in project.goals.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(format!("绩效-{}", index + 1))?;
        write_goal(sheet, &formats, edition, index + 1, goal)?;
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name("政府采购预算")?;
    write_procurement(sheet, &formats, project, edition)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("固定资产")?;
    write_assets(sheet, &formats, project, edition)?;
    Ok(workbook.save_to_buffer()?)
}

/// Excel numbers are doubles; the shortest decimal string of a `Decimal` parses to the double
/// nearest it, which reads back as the same decimal (15 significant digits are kept).
fn number(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

/// A4, fitted to the page width, header rows repeated on every page.
fn print_setup(sheet: &mut Worksheet, columns: usize, header_rows: (u32, u32)) -> Result<(), XlsxError> {
    sheet.set_paper_size(PAPER_A4);
    if columns > 6 {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(header_rows.0, header_rows.1)?;
    Ok(())
}

/// Writes a header cell, merged over a range when it spans more than one cell.
fn header_cell(sheet: &mut Worksheet, f: &Format, range: (u32, u16, u32, u16), text: &str) -> Result<(), XlsxError> {
    let (r1, c1, r2, c2) = range;
    if r1 == r2 && c1 == c2 {
        sheet.write_fitted(r1, c1, text, f)?;
    } else {
        sheet.merge_fitted(r1, c1, r2, c2, text, f)?;
    }
    Ok(())
}

/// Writes a multi-level header from each column's path (top level first). Neighbours with the
/// same upper-level text merge across; a path shorter than the header depth merges down.
fn write_header(sheet: &mut Worksheet, f: &Formats, top: u32, paths: &[Vec<String>]) -> Result<u32, XlsxError> {
    let depth = paths.iter().map(Vec::len).max().unwrap_or(1).max(1);
    for level in 0..depth {
        let mut col = 0;
        while col < paths.len() {
            let path = &paths[col];
            let Some(text) = path.get(level) else {
                col += 1;
                continue;
            };
            let row = top + level as u32;
            if level + 1 == path.len() {
                let bottom = top + depth as u32 - 1;
                header_cell(sheet, &f.header, (row, col as u16, bottom, col as u16), text)?;
                col += 1;
                continue;
            }
            let mut end = col;
            while end + 1 < paths.len()
                && paths[end + 1].len() > level + 1
                && paths[end + 1][..=level] == path[..=level]
            {
                end += 1;
            }
            header_cell(sheet, &f.header, (row, col as u16, row, end as u16), text)?;
            col = end + 1;
        }
    }
    Ok(top + depth as u32)
}

/// Title over the full width, then the unit line, 预算年度 and 金额单位.
fn write_title_block(
    sheet: &mut Worksheet,
    f: &Formats,
    title: &str,
    width: u16,
    project: &Project,
) -> Result<(), XlsxError> {
    let last = width.saturating_sub(1).max(1);
    sheet.merge_fitted(0, 0, 0, last, title, &f.title)?;
    sheet.set_row_height(0, 28)?;
    sheet.write_fitted(1, 0, project.meta.unit_line(), &f.plain)?;
    let middle = (width / 2).max(1);
    sheet.write_fitted(1, middle, format!("预算年度：{}", project.meta.budget_year), &f.plain)?;
    sheet.write_fitted(1, last, format!("单位：{}", project.meta.money_unit.label()), &f.plain_right)?;
    Ok(())
}

/// Everything above a table's first data row: title block, merged headers, the 栏次 row and
/// the print setup that repeats the header rows. Returns the width and the first data row.
fn write_table_head(
    sheet: &mut Worksheet,
    f: &Formats,
    title: &str,
    project: &Project,
    header_top: u32,
    paths: &[Vec<String>],
) -> Result<(u16, u32), XlsxError> {
    let width = paths.len() as u16;
    write_title_block(sheet, f, title, width, project)?;
    let numbers_row = write_header(sheet, f, header_top, paths)?;
    write_column_numbers(sheet, f, numbers_row, width)?;
    print_setup(sheet, paths.len(), (header_top, numbers_row))?;
    Ok((width, numbers_row + 1))
}

fn paths_of(columns: &[Column]) -> Vec<Vec<String>> {
    columns.iter().map(|c| c.header.clone()).collect()
}

fn write_cells(
    sheet: &mut Worksheet,
    f: &Formats,
    row_index: u32,
    first_col: u16,
    columns: &[Column],
    row: Option<&Row>,
) -> Result<(), XlsxError> {
    for (offset, column) in columns.iter().enumerate() {
        let col = first_col + offset as u16;
        match row.and_then(|r| r.cells.get(&column.key)) {
            Some(value) => sheet.write_number_with_format(row_index, col, number(value), &f.amount)?,
            None => sheet.write_blank(row_index, col, &f.amount)?,
        };
    }
    Ok(())
}

fn write_notes(
    sheet: &mut Worksheet,
    f: &Formats,
    mut row: u32,
    width: u16,
    notes: &[String],
) -> Result<(), XlsxError> {
    for note in notes {
        sheet.merge_fitted(row, 0, row, width.saturating_sub(1).max(1), note, &f.plain)?;
        row += 1;
    }
    Ok(())
}

fn write_table(
    sheet: &mut Worksheet,
    f: &Formats,
    project: &Project,
    edition: &Edition,
    id: TableId,
) -> Result<(), XlsxError> {
    let table: &Table = project.tables.get(id);
    let template = edition.table(id);
    let title = if table.title.is_empty() { template.title.as_str() } else { table.title.as_str() };
    let serial = vec!["序号".to_string()];
    let header_top = 2;
    match &template.layout {
        Layout::Classified { classification, columns } => {
            let group = classification.header().to_string();
            let mut paths = vec![serial, vec![group.clone(), "科目编码".into()], vec![group, "科目名称".into()]];
            paths.extend(paths_of(columns));
            let (width, mut r) = write_table_head(sheet, f, title, project, header_top, &paths)?;
            for (index, row) in table.rows.iter().enumerate() {
                sheet.write_fitted(r, 0, (index + 1).to_string(), &f.centered)?;
                let code = if row.is_coded() { row.id.as_str() } else { "" };
                sheet.write_fitted(r, 1, code, &f.label)?;
                sheet.write_fitted(r, 2, &row.name, &f.label)?;
                write_cells(sheet, f, r, 3, columns, Some(row))?;
                r += 1;
            }
            write_notes(sheet, f, r, width, &table.notes)?;
            sheet.set_column_width(0, 6)?;
            sheet.set_column_width(1, 11)?;
            sheet.set_column_width(2, 32)?;
            for c in 3..width {
                sheet.set_column_width(c, 14)?;
            }
        }
        Layout::Fixed { label_header, columns, .. } => {
            let mut paths = vec![serial, vec![label_header.clone()]];
            paths.extend(paths_of(columns));
            let (width, mut r) = write_table_head(sheet, f, title, project, header_top, &paths)?;
            for (index, info) in edition.fixed_rows(id).iter().enumerate() {
                let row = table.row(&info.id);
                sheet.write_fitted(r, 0, (index + 1).to_string(), &f.centered)?;
                let label = row.map_or("", |row| row.name.as_str());
                let indented = Format::new().set_border(FormatBorder::Thin).set_font_size(10).set_indent(info.indent);
                sheet.write_fitted(r, 1, label, &indented)?;
                write_cells(sheet, f, r, 2, columns, row)?;
                r += 1;
            }
            write_notes(sheet, f, r, width, &table.notes)?;
            sheet.set_column_width(0, 6)?;
            sheet.set_column_width(1, 36)?;
            for c in 2..width {
                sheet.set_column_width(c, 16)?;
            }
        }
        Layout::TwoSided { left, right, footer } => {
            let side_paths = |side: &yugong_core::catalog::Side| {
                let mut paths = vec![vec![side.header.clone(), side.label_header.clone()]];
                paths.extend(side.columns.iter().map(|c| {
                    let mut path = vec![side.header.clone()];
                    path.extend(c.header.iter().cloned());
                    path
                }));
                paths
            };
            let mut paths = vec![serial];
            paths.extend(side_paths(left));
            let right_start = paths.len() as u16;
            paths.extend(side_paths(right));
            let (width, mut r) = write_table_head(sheet, f, title, project, header_top, &paths)?;
            let lefts = edition.side_items(id, true);
            let rights = edition.side_items(id, false);
            let mut lines: Vec<(Option<&RowInfo>, Option<&RowInfo>)> =
                (0..lefts.len().max(rights.len())).map(|i| (lefts.get(i), rights.get(i))).collect();
            let footer_infos: Vec<(Option<RowInfo>, Option<RowInfo>)> = footer
                .iter()
                .map(|pair| {
                    let info = |row: &yugong_core::catalog::FixedRow| RowInfo {
                        id: row.id.clone(),
                        label: row.label.clone(),
                        indent: row.indent,
                    };
                    (pair.left.as_ref().map(info), pair.right.as_ref().map(info))
                })
                .collect();
            lines.extend(footer_infos.iter().map(|(l, r)| (l.as_ref(), r.as_ref())));
            for (index, (left_info, right_info)) in lines.iter().enumerate() {
                sheet.write_fitted(r, 0, (index + 1).to_string(), &f.centered)?;
                for (info, first, columns) in [(left_info, 1, &left.columns), (right_info, right_start, &right.columns)]
                {
                    let row = info.and_then(|info| table.row(&info.id));
                    sheet.write_fitted(r, first, row.map_or("", |row| row.name.as_str()), &f.label)?;
                    write_cells(sheet, f, r, first + 1, columns, row)?;
                }
                r += 1;
            }
            write_notes(sheet, f, r, width, &table.notes)?;
            sheet.set_column_width(0, 6)?;
            for c in 1..width {
                let is_label = c == 1 || c == right_start;
                sheet.set_column_width(c, if is_label { 30 } else { 14 })?;
            }
        }
    }
    Ok(())
}

fn write_column_numbers(sheet: &mut Worksheet, f: &Formats, row: u32, width: u16) -> Result<(), XlsxError> {
    sheet.write_fitted(row, 0, "栏次", &f.centered)?;
    for c in 1..width {
        sheet.write_fitted(row, c, c.to_string(), &f.centered)?;
    }
    Ok(())
}

/// 一级/二级 cells of consecutive indicators with the same text are merged, as published.
fn write_indicators(
    sheet: &mut Worksheet,
    f: &Formats,
    first_row: u32,
    indicators: &[Indicator],
    mut write_rest: impl FnMut(&mut Worksheet, u32, &Indicator) -> Result<(), XlsxError>,
) -> Result<u32, XlsxError> {
    let mut r = first_row;
    let mut start = 0;
    while start < indicators.len() {
        let level1 = &indicators[start].level1;
        let mut end = start;
        while end + 1 < indicators.len() && indicators[end + 1].level1 == *level1 {
            end += 1;
        }
        header_cell(sheet, &f.text, (r, 0, r + (end - start) as u32, 0), level1)?;
        let mut sub = start;
        while sub <= end {
            let level2 = &indicators[sub].level2;
            let mut sub_end = sub;
            while sub_end < end && indicators[sub_end + 1].level2 == *level2 {
                sub_end += 1;
            }
            let top = r + (sub - start) as u32;
            header_cell(sheet, &f.text, (top, 1, top + (sub_end - sub) as u32, 1), level2)?;
            sub = sub_end + 1;
        }
        for (offset, indicator) in indicators[start..=end].iter().enumerate() {
            write_rest(sheet, r + offset as u32, indicator)?;
        }
        r += (end - start + 1) as u32;
        start = end + 1;
    }
    Ok(r)
}

fn write_goal(
    sheet: &mut Worksheet,
    f: &Formats,
    edition: &Edition,
    ordinal: usize,
    goal: &ProjectGoal,
) -> Result<(), XlsxError> {
    let last: u16 = if edition.goals.header_block { 6 } else { 5 };
    sheet.merge_fitted(0, 0, 0, last, format!("{ordinal}、{}绩效目标表", goal.name), &f.title)?;
    sheet.set_row_height(0, 28)?;
    let amount = |sheet: &mut Worksheet, r: u32, c: u16, value: Option<Decimal>| -> Result<(), XlsxError> {
        match value {
            Some(v) => sheet.write_number_with_format(r, c, number(v), &f.amount).map(|_| ()),
            None => sheet.write_blank(r, c, &f.amount).map(|_| ()),
        }
    };
    let mut r = 1;
    if edition.goals.header_block {
        sheet.merge_fitted(1, 5, 1, 6, "单位：万元", &f.plain_right)?;
        sheet.write_fitted(2, 0, "项目编码", &f.header)?;
        sheet.write_fitted(2, 1, &goal.code, &f.text)?;
        sheet.write_fitted(2, 2, "项目名称", &f.header)?;
        sheet.merge_fitted(2, 3, 2, 6, &goal.name, &f.text)?;
        sheet.merge_fitted(3, 0, 4, 0, "预算规模及资金用途", &f.header)?;
        sheet.write_fitted(3, 1, "预算数", &f.header)?;
        amount(sheet, 3, 2, goal.budget)?;
        sheet.write_fitted(3, 3, "其中：财政资金", &f.header)?;
        amount(sheet, 3, 4, goal.fiscal_funds)?;
        sheet.write_fitted(3, 5, "其他资金", &f.header)?;
        amount(sheet, 3, 6, goal.other_funds)?;
        sheet.merge_fitted(4, 1, 4, 6, &goal.purpose, &f.text)?;
        fit_row(sheet, 4, &[(&goal.purpose, GOAL_WIDTHS[1..].iter().sum())])?;
        sheet.merge_fitted(5, 0, 6, 0, "资金支出计划", &f.header)?;
        for (offset, (month, value)) in
            ["3月底", "6月底", "10月底", "12月底"].iter().zip(goal.plan.quarters()).enumerate()
        {
            let c = 1 + offset as u16;
            if c == 4 {
                sheet.merge_fitted(5, c, 5, 6, month, &f.header)?;
                sheet.merge_fitted(6, c, 6, 6, "", &f.amount)?;
            } else {
                sheet.write_fitted(5, c, *month, &f.header)?;
            }
            amount(sheet, 6, c, value)?;
        }
        r = 7;
    }
    sheet.write_fitted(r, 0, "绩效目标", &f.header)?;
    sheet.merge_fitted(r, 1, r, last, &goal.goal, &f.text)?;
    let goal_width: f64 = GOAL_WIDTHS[1..=last as usize].iter().sum();
    fit_row(sheet, r, &[(&goal.goal, goal_width)])?;
    r += 1;
    let headers = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"];
    for (c, text) in headers.iter().enumerate() {
        if c == 5 && last == 6 {
            sheet.merge_fitted(r, 5, r, 6, text, &f.header)?;
        } else {
            sheet.write_fitted(r, c as u16, *text, &f.header)?;
        }
    }
    let header_row = r;
    r += 1;
    write_indicators(sheet, f, r, &goal.indicators, |sheet, row, indicator| {
        sheet.write_fitted(row, 2, &indicator.name, &f.text)?;
        sheet.write_fitted(row, 3, &indicator.description, &f.text)?;
        sheet.write_fitted(row, 4, indicator.value.to_string(), &f.centered)?;
        let basis_width = if last == 6 { GOAL_WIDTHS[5] + GOAL_WIDTHS[6] } else { GOAL_WIDTHS[5] };
        fit_row(
            sheet,
            row,
            &[
                (&indicator.level2, GOAL_WIDTHS[1]),
                (&indicator.name, GOAL_WIDTHS[2]),
                (&indicator.description, GOAL_WIDTHS[3]),
                (&indicator.basis, basis_width),
            ],
        )?;
        if last == 6 {
            sheet.merge_fitted(row, 5, row, 6, &indicator.basis, &f.text)?;
        } else {
            sheet.write_fitted(row, 5, &indicator.basis, &f.text)?;
        }
        Ok(())
    })?;
    print_setup(sheet, last as usize + 1, (header_row, header_row))?;
    for (c, width) in GOAL_WIDTHS.iter().enumerate().take(last as usize + 1) {
        sheet.set_column_width(c as u16, *width)?;
    }
    Ok(())
}

/// Lines a text needs in a column `width` characters wide (CJK characters count two). Excel
/// does not grow rows for wrapped text written by a library, so rows are sized from this and a
/// printed table shows every word.
fn text_lines(text: &str, width: f64) -> usize {
    text.split('\n')
        .map(|line| {
            let columns: usize = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            ((columns as f64) / width.max(1.0)).ceil().max(1.0) as usize
        })
        .sum()
}

/// Sets a row's height for the tallest of its wrapped cells (text, column width).
fn fit_row(sheet: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = cells.iter().map(|(text, width)| text_lines(text, *width)).max().unwrap_or(1);
    if lines > 1 {
        sheet.set_row_height(row, 13.5 * lines as f64 + 3.0)?;
    }
    Ok(())
}

const GOAL_WIDTHS: [f64; 7] = [12.0, 14.0, 22.0, 28.0, 14.0, 16.0, 8.0];
const INDICATOR_WIDTHS: [f64; 9] = [10.0, 10.0, 18.0, 22.0, 24.0, 8.0, 8.0, 12.0, 14.0];

fn write_department_indicators(sheet: &mut Worksheet, f: &Formats, project: &Project) -> Result<(), XlsxError> {
    let title = format!("{}整体支出绩效指标", project.meta.entity.word());
    sheet.merge_fitted(0, 0, 0, 8, &title, &f.title)?;
    sheet.set_row_height(0, 28)?;
    let top = ["一级指标", "二级指标", "三级指标", "评（扣）分标准", "绩效指标描述"];
    for (c, text) in top.iter().enumerate() {
        sheet.merge_fitted(1, c as u16, 2, c as u16, text, &f.header)?;
    }
    sheet.merge_fitted(1, 5, 1, 7, "指标值", &f.header)?;
    for (c, text) in [(5, "符号"), (6, "值"), (7, "单位")] {
        sheet.write_fitted(2, c, text, &f.header)?;
    }
    sheet.merge_fitted(1, 8, 2, 8, "指标值确定依据", &f.header)?;
    write_indicators(sheet, f, 3, &project.narrative.department_goals.indicators, |sheet, row, indicator| {
        sheet.write_fitted(row, 2, &indicator.name, &f.text)?;
        sheet.write_fitted(row, 3, &indicator.scoring, &f.text)?;
        sheet.write_fitted(row, 4, &indicator.description, &f.text)?;
        match &indicator.value {
            IndicatorValue::Target { op, number: target, unit } => {
                sheet.write_fitted(row, 5, op.map_or("", |o| o.symbol()), &f.centered)?;
                sheet.write_number_with_format(row, 6, number(*target), &f.centered)?;
                sheet.write_fitted(row, 7, unit, &f.centered)?;
            }
            IndicatorValue::Text(text) => {
                sheet.write_fitted(row, 5, "文字描述", &f.centered)?;
                sheet.write_blank(row, 6, &f.centered)?;
                sheet.write_fitted(row, 7, text, &f.text)?;
            }
        }
        sheet.write_fitted(row, 8, &indicator.basis, &f.text)?;
        let value_text = indicator.value.to_string();
        fit_row(
            sheet,
            row,
            &[
                (&indicator.level2, INDICATOR_WIDTHS[1]),
                (&indicator.name, INDICATOR_WIDTHS[2]),
                (&indicator.scoring, INDICATOR_WIDTHS[3]),
                (&indicator.description, INDICATOR_WIDTHS[4]),
                (&value_text, INDICATOR_WIDTHS[7]),
                (&indicator.basis, INDICATOR_WIDTHS[8]),
            ],
        )?;
        Ok(())
    })?;
    print_setup(sheet, 9, (1, 2))?;
    for (c, width) in INDICATOR_WIDTHS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    Ok(())
}

fn write_procurement(
    sheet: &mut Worksheet,
    f: &Formats,
    project: &Project,
    edition: &Edition,
) -> Result<(), XlsxError> {
    let entity = project.meta.entity.word();
    let template = &edition.procurement;
    let title = template.title.replacen("部门", entity, 1);
    let amount_header = template.amount_header.replacen("部门", entity, 1);
    let mut paths: Vec<Vec<String>> = vec![
        vec!["政府采购项目来源".into(), "项目名称".into()],
        vec!["政府采购项目来源".into(), "预算资金".into()],
        vec!["采购物品名称".into()],
        vec!["政府采购目录序号".into()],
        vec!["计量单位".into()],
        vec!["数量".into()],
        vec!["单价".into()],
    ];
    let funds_start = paths.len() as u16;
    paths.extend(template.fund_columns.iter().map(|c| {
        let mut path = vec![amount_header.clone()];
        path.extend(c.header.iter().cloned());
        path
    }));
    paths.push(vec![format!("{}年预留中小微企业份额", project.meta.budget_year)]);
    let width = paths.len() as u16;
    sheet.merge_fitted(0, 0, 0, width - 1, &title, &f.title)?;
    sheet.write_fitted(1, 0, project.meta.unit_line(), &f.plain)?;
    sheet.write_fitted(1, width - 1, "单位：万元", &f.plain_right)?;
    let mut r = write_header(sheet, f, 2, &paths)?;
    print_setup(sheet, paths.len(), (2, r - 1))?;
    let table = &project.procurement;
    let money = |sheet: &mut Worksheet, r: u32, c: u16, value: Option<Decimal>| -> Result<(), XlsxError> {
        match value {
            Some(v) => sheet.write_number_with_format(r, c, number(v), &f.amount).map(|_| ()),
            None => sheet.write_blank(r, c, &f.amount).map(|_| ()),
        }
    };
    let funds = |sheet: &mut Worksheet, r: u32, cells: &yugong_core::model::Cells| -> Result<(), XlsxError> {
        for (offset, column) in template.fund_columns.iter().enumerate() {
            money(sheet, r, funds_start + offset as u16, cells.get(&column.key))?;
        }
        Ok(())
    };
    if let Some(total) = &table.total {
        sheet.write_fitted(r, 0, "合计", &f.centered)?;
        money(sheet, r, 1, total.project_budget)?;
        for c in 2..funds_start {
            sheet.write_blank(r, c, &f.text)?;
        }
        funds(sheet, r, &total.funds)?;
        money(sheet, r, width - 1, total.sme_reserved)?;
        r += 1;
    }
    for row in &table.rows {
        sheet.write_fitted(r, 0, &row.project, &f.text)?;
        money(sheet, r, 1, row.project_budget)?;
        sheet.write_fitted(r, 2, &row.item, &f.text)?;
        sheet.write_fitted(r, 3, &row.catalog_code, &f.text)?;
        sheet.write_fitted(r, 4, &row.unit, &f.centered)?;
        match row.quantity {
            Some(q) => sheet.write_number_with_format(r, 5, number(q), &f.centered)?,
            None => sheet.write_blank(r, 5, &f.centered)?,
        };
        money(sheet, r, 6, row.unit_price)?;
        funds(sheet, r, &row.funds)?;
        money(sheet, r, width - 1, row.sme_reserved)?;
        r += 1;
    }
    write_notes(sheet, f, r, width, &table.notes)?;
    sheet.set_column_width(0, 20)?;
    sheet.set_column_width(2, 16)?;
    sheet.set_column_width(3, 12)?;
    for c in 4..width {
        sheet.set_column_width(c, if c < funds_start { 8 } else { 11 })?;
    }
    Ok(())
}

fn write_assets(sheet: &mut Worksheet, f: &Formats, project: &Project, edition: &Edition) -> Result<(), XlsxError> {
    let assets = &project.assets;
    let title = if assets.title.is_empty() { edition.assets.title.as_str() } else { assets.title.as_str() };
    sheet.merge_fitted(0, 0, 0, 2, title, &f.title)?;
    sheet.merge_fitted(1, 0, 1, 1, project.meta.unit_line(), &f.plain)?;
    sheet.write_fitted(1, 2, format!("截止时间：{}", assets.as_of), &f.plain_right)?;
    for (c, text) in ["项目", "数量", "价值（金额单位：万元）"].iter().enumerate() {
        sheet.write_fitted(2, c as u16, *text, &f.header)?;
    }
    let lines = assets.lines();
    for (offset, template) in edition.assets.lines.iter().enumerate() {
        let r = 3 + offset as u32;
        let line = lines.iter().find(|(key, _)| *key == template.key).map(|(_, line)| *line);
        let indented = Format::new().set_border(FormatBorder::Thin).set_font_size(10).set_indent(template.indent * 2);
        sheet.write_fitted(r, 0, &template.label, &indented)?;
        match line.and_then(|l| l.quantity) {
            Some(Quantity::Number(n)) => sheet.write_number_with_format(r, 1, number(n), &f.centered)?,
            Some(Quantity::NotApplicable) => sheet.write_fitted(r, 1, Quantity::DASH, &f.centered)?,
            None => sheet.write_blank(r, 1, &f.centered)?,
        };
        match line.and_then(|l| l.value) {
            Some(v) => sheet.write_number_with_format(r, 2, number(v), &f.precise)?,
            None => sheet.write_blank(r, 2, &f.precise)?,
        };
    }
    print_setup(sheet, 3, (2, 2))?;
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_column_width(2, 22)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_text_needs_lines_by_display_width() {
        assert_eq!(text_lines("", 10.0), 1);
        assert_eq!(text_lines("abc", 10.0), 1);
        // Six CJK characters are twelve columns: two lines in a ten-column cell.
        assert_eq!(text_lines("达到指标值得", 10.0), 2);
        assert_eq!(text_lines("1.第一\n2.第二", 20.0), 2);
    }

    #[test]
    fn sheet_names_are_valid_and_distinct() {
        let names: std::collections::HashSet<&str> = TableId::ALL.into_iter().map(sheet_name).collect();
        assert_eq!(names.len(), 9);
        assert!(names.iter().all(|n| n.chars().count() <= 31));
    }
}

#[cfg(test)]
mod long_text_tests {
    use super::*;

    /// Issue 12: a text over Excel's 32,767 characters made the export fail; it is cut in the
    /// workbook, with a warning, and the rest of the workbook is whole.
    #[test]
    fn a_text_longer_than_a_cell_is_cut_with_a_warning_not_a_failure() {
        let sample = yugong_core::samples::sample_text("gaoyang-2022").unwrap();
        let mut project = yugong_core::project_format::parse(sample.as_bytes()).unwrap();
        project.goals[0].goal = "提高预算执行效率。".repeat(5_000);
        let exported = export_workbook_reporting(&project).unwrap();
        assert_eq!(exported.warnings.len(), 1, "{:?}", exported.warnings);
        assert!(exported.warnings[0].contains("45000 个字") && exported.warnings[0].contains("32767"));
        let (imported, _) = crate::import_bytes(&exported.bytes).unwrap();
        assert_eq!(imported.goals[0].goal.chars().count(), MAX_CELL_CHARS);
        assert!(project.goals[0].goal.starts_with(&imported.goals[0].goal));
        assert_eq!(imported.tables, crate::import_bytes(&export_workbook(&parse_sample()).unwrap()).unwrap().0.tables);
        // An export within the limits warns of nothing.
        assert!(export_workbook_reporting(&parse_sample()).unwrap().warnings.is_empty());
    }

    fn parse_sample() -> Project {
        yugong_core::project_format::parse(yugong_core::samples::sample_text("gaoyang-2022").unwrap().as_bytes())
            .unwrap()
    }
}
