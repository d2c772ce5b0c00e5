//! Recognising a disclosure in worksheets: which sheet holds which table, which column holds
//! which amount, which row is which code — and building the project from it.
//!
//! Pure: works on [`Grid`]s. Nothing is guessed silently: every sheet, column or row that is not
//! taken, and every value that was changed on the way (元 → 万元, rounding), is a report line.

use std::collections::HashSet;

use rust_decimal::{Decimal, RoundingStrategy};

use super::ImportError;
use super::grid::{CellValue, Grid, clean_text, decimal_from_f64, normalize};
use super::report::{ImportReport, LineKind};
use yugong_core::catalog::{Catalog, Classification, Column, Edition, Layout, RowInfo, blank_project};
use yugong_core::model::amount::{MAX_INPUT_WAN, parse_input};
use yugong_core::model::{
    AdminLevel, AssetLine, AssetTable, Entity, Indicator, IndicatorValue, Meta, MoneyUnit, ProcurementRow,
    ProcurementTable, ProcurementTotal, Project, ProjectGoal, Quantity, Row, Table, TableId,
};

/// What a worksheet (or a block of one) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Table(TableId),
    /// One project's 绩效目标表.
    Goal,
    /// The department-wide 整体支出绩效指标 table.
    DepartmentIndicators,
    Procurement,
    Assets,
}

/// Recognises a table from its title or a sheet name (normalised: no spaces, one bracket width).
/// Order matters: 财政拨款收支总表 before 收支总表, 基本支出 before 一般公共预算.
pub fn classify(text: &str) -> Option<SheetKind> {
    let t = normalize(text);
    let has = |word: &str| t.contains(word);
    // Goal sheets are often named 绩效-1, 绩效2 …; the department-wide table says 整体…绩效.
    Some(if has("整体支出绩效") || has("整体绩效") {
        SheetKind::DepartmentIndicators
    } else if has("绩效目标") || t.starts_with("绩效") {
        SheetKind::Goal
    } else if has("政府采购") {
        SheetKind::Procurement
    } else if has("固定资产") {
        SheetKind::Assets
    } else if has("三公") {
        SheetKind::Table(TableId::ThreePublic)
    } else if has("财政拨款收支总表") || has("财政拨款收支总") {
        SheetKind::Table(TableId::FiscalSummary)
    } else if has("收支总表") {
        SheetKind::Table(TableId::IncomeExpenseSummary)
    } else if has("收入总表") {
        SheetKind::Table(TableId::Income)
    } else if has("支出总表") {
        SheetKind::Table(TableId::Expense)
    } else if has("基本支出") {
        SheetKind::Table(TableId::GeneralBasicExpense)
    } else if has("政府性基金") || has("政府基金") || has("基金预算") || has("基金支出") {
        SheetKind::Table(TableId::FundExpense)
    } else if has("国有资本经营") {
        SheetKind::Table(TableId::CapitalExpense)
    } else if has("一般公共预算") && has("支出") {
        SheetKind::Table(TableId::GeneralExpense)
    } else {
        return None;
    })
}

/// A title: a short text near the top that names a known table (notes under a table such as
/// “注：无政府基金预算财政拨款预算” also name one and are not titles).
fn title_in(grid: &Grid, rows: std::ops::Range<usize>) -> Option<(usize, String, SheetKind)> {
    for row in rows {
        for (_, cell) in grid.row_cells(row) {
            let text = cell.text();
            if text.chars().count() > 60 || normalize(&text).starts_with("注") {
                continue;
            }
            if let Some(kind) = classify(&text) {
                return Some((row, text, kind));
            }
        }
    }
    None
}

/// What the lines above a table say: unit line, 预算年度, 金额单位, 截止时间.
#[derive(Debug, Clone, Default)]
struct SheetMeta {
    unit_line: Option<String>,
    year: Option<u16>,
    unit: Option<MoneyUnit>,
    as_of: Option<String>,
}

fn first_year(text: &str) -> Option<u16> {
    let digits: Vec<char> = text.chars().collect();
    digits.windows(4).find_map(|w| {
        let s: String = w.iter().collect();
        let is_year = w.iter().all(char::is_ascii_digit);
        s.parse::<u16>().ok().filter(|y| is_year && (2000..=2100).contains(y))
    })
}

fn after_colon(text: &str) -> &str {
    let cut = text.find(['：', ':']).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    clean_text(&text[cut..])
}

/// Reads the 金额单位 of a text such as “单位：万元”, “金额单位：元”, “价值（金额单位：万元）”.
fn money_unit_in(text: &str) -> Option<MoneyUnit> {
    let t = normalize(text);
    let at = t.find("单位：")?;
    let rest = &t[at + "单位：".len()..];
    if rest.starts_with("万元") {
        Some(MoneyUnit::Wan)
    } else if rest.starts_with('元') {
        Some(MoneyUnit::Yuan)
    } else {
        None
    }
}

fn sheet_meta(grid: &Grid, rows: std::ops::Range<usize>, title_row: Option<usize>) -> SheetMeta {
    let mut meta = SheetMeta::default();
    for row in rows {
        for (_, cell) in grid.row_cells(row) {
            let text = cell.text();
            let t = normalize(&text);
            if t.contains("预算年度") {
                meta.year = meta.year.or(first_year(&t));
            } else if let Some(unit) = money_unit_in(&text).filter(|_| !t.starts_with("编制单位")) {
                meta.unit = meta.unit.or(Some(unit));
            } else if t.starts_with("编制单位") {
                meta.unit_line = meta.unit_line.or(Some(after_colon(&text).to_string()));
            } else if t.starts_with("截止时间") || t.starts_with("截至") || t.starts_with("截止日期") {
                meta.as_of = meta.as_of.or(Some(after_colon(&text).to_string()));
            } else if Some(row) != title_row && meta.unit_line.is_none() && classify(&text).is_none() {
                meta.unit_line = Some(text);
            }
        }
    }
    meta
}

/// A label without its numbering and 其中: “一、一般公共服务支出” → “一般公共服务支出”,
/// “其中：公务用车购置费” → “公务用车购置费”, “（一）…” → “…”.
pub fn label_key(label: &str) -> String {
    let t = normalize(label);
    let t = strip_numbering(&t).unwrap_or(&t);
    t.strip_prefix("其中：").unwrap_or(t).to_string()
}

/// The text after a leading item number: “一、”, “12、”, “3.”, “（二）”, “(二)”. `None` when
/// the text has no number.
fn strip_numbering(text: &str) -> Option<&str> {
    let numerals = "一二三四五六七八九十百零〇";
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inside) = text.strip_prefix(open)
            && let Some(end) = inside.find(close)
            && inside[..end].chars().all(|c| c.is_ascii_digit() || numerals.contains(c))
        {
            return Some(inside[end + close.len_utf8()..].trim_start());
        }
    }
    let end = text.char_indices().find(|(_, c)| !(c.is_ascii_digit() || numerals.contains(*c))).map(|(i, _)| i)?;
    if end == 0 {
        return None;
    }
    let rest = &text[end..];
    rest.strip_prefix(['、', '.', '．']).map(str::trim_start)
}

/// A classification code in a cell: text or a number, full-width digits allowed.
fn code_in(cell: &CellValue) -> String {
    normalize(&cell.text())
}

fn is_code(text: &str) -> bool {
    matches!(text.len(), 3 | 5 | 7) && text.bytes().all(|b| b.is_ascii_digit())
}

/// An amount read from a cell, in 万元 with two decimals.
#[derive(Debug)]
struct Amount {
    value: Decimal,
    /// The value before rounding, when it had more than two decimals.
    rounded_from: Option<Decimal>,
}

/// Reads a money cell. Text goes through the editor's parser; numbers are read as Excel shows
/// them. 元 are converted to 万元; more than two decimals are rounded and said so.
fn read_amount(cell: &CellValue, unit: MoneyUnit, keep_scale: bool) -> Result<Option<Amount>, String> {
    let value = match cell {
        CellValue::Empty => return Ok(None),
        CellValue::Number(n) => decimal_from_f64(*n).ok_or_else(|| format!("“{n}”不是有效的金额"))?,
        CellValue::Text(text) => {
            let text = clean_text(text);
            let text = match unit {
                MoneyUnit::Yuan if !text.ends_with("万元") => text.strip_suffix('元').unwrap_or(text),
                _ => text,
            };
            match parse_input(text).map_err(|e| e.0)? {
                Some(v) => {
                    if keep_scale {
                        v.normalize()
                    } else {
                        v
                    }
                }
                None => return Ok(None),
            }
        }
        CellValue::Other(text) => return Err(format!("“{text}”不是金额")),
    };
    let value = match unit {
        MoneyUnit::Wan => value,
        MoneyUnit::Yuan => (value / Decimal::from(10_000)).normalize(),
    };
    if value.abs() > Decimal::from(MAX_INPUT_WAN) {
        return Err(format!("“{value}”过大（超过 1 万亿万元）"));
    }
    if keep_scale {
        return Ok(Some(Amount { value: value.normalize(), rounded_from: None }));
    }
    let mut rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    let rounded_from = (value.normalize().scale() > 2).then_some(value.normalize());
    Ok(Some(Amount { value: rounded, rounded_from }))
}

/// The workbook being read, with its report.
struct Reader<'a> {
    report: ImportReport,
    edition: &'a Edition,
    /// Per sheet: lines not written because the sheet already had [`MAX_LINES_PER_SHEET`].
    suppressed: Vec<(String, usize)>,
}

/// A sheet of garbage would otherwise give one report line per cell; past this many lines a
/// sheet's problems are counted instead.
const MAX_LINES_PER_SHEET: usize = 30;

impl Reader<'_> {
    fn skip(&mut self, sheet: &str, message: impl Into<String>) {
        self.push_limited(LineKind::Skipped, sheet, message.into());
    }
    fn adjust(&mut self, sheet: &str, message: impl Into<String>) {
        self.push_limited(LineKind::Adjusted, sheet, message.into());
    }
    fn push_limited(&mut self, kind: LineKind, sheet: &str, message: String) {
        let written = self
            .report
            .lines
            .iter()
            .filter(|l| l.kind != LineKind::Imported && l.sheet.as_deref() == Some(sheet))
            .count();
        if written < MAX_LINES_PER_SHEET {
            self.report.push(kind, Some(sheet), message);
        } else if let Some(entry) = self.suppressed.iter_mut().find(|(s, _)| s == sheet) {
            entry.1 += 1;
        } else {
            self.suppressed.push((sheet.to_string(), 1));
        }
    }
    fn finish(mut self) -> ImportReport {
        for (sheet, count) in std::mem::take(&mut self.suppressed) {
            self.report.push(LineKind::Skipped, Some(&sheet), format!("另有 {count} 处问题未逐条列出，请检查该工作表"));
        }
        self.report
    }
    fn imported(&mut self, sheet: &str, message: impl Into<String>) {
        self.report.push(LineKind::Imported, Some(sheet), message);
    }

    /// An amount cell, with report lines for rounding and refusals.
    fn amount(&mut self, sheet: &str, cell: &CellValue, unit: MoneyUnit, place: &str) -> Option<Decimal> {
        self.amount_scaled(sheet, cell, unit, place, false)
    }

    fn amount_scaled(
        &mut self,
        sheet: &str,
        cell: &CellValue,
        unit: MoneyUnit,
        place: &str,
        keep_scale: bool,
    ) -> Option<Decimal> {
        match read_amount(cell, unit, keep_scale) {
            Ok(Some(amount)) => {
                if let Some(original) = amount.rounded_from {
                    self.adjust(sheet, format!("{place}的 {original} 万元超过两位小数，已四舍五入为 {}", amount.value));
                }
                Some(amount.value)
            }
            Ok(None) => None,
            Err(why) => {
                self.skip(sheet, format!("{place}：{why}，该格留空"));
                None
            }
        }
    }
}

/// One sheet (or block) recognised as a table, before the edition is known.
struct Found<'a> {
    grid: &'a Grid,
    kind: SheetKind,
    /// Rows of the grid this block covers.
    rows: std::ops::Range<usize>,
    title: String,
    title_row: Option<usize>,
}

/// Splits goal sheets that hold several 绩效目标表 one under another into one block each.
fn blocks(grid: &Grid) -> Vec<Found<'_>> {
    let by_name = classify(&grid.name);
    let title = title_in(grid, 0..grid.height().min(4));
    let kind = title.as_ref().map(|(_, _, k)| *k).or(by_name);
    let Some(kind) = kind else { return Vec::new() };
    if kind != SheetKind::Goal {
        let (title_row, title_text) = match title {
            Some((row, text, k)) if k == kind => (Some(row), text),
            _ => (None, String::new()),
        };
        return vec![Found { grid, kind, rows: 0..grid.height(), title: title_text, title_row }];
    }
    let starts: Vec<(usize, String)> = (0..grid.height())
        .filter_map(|row| {
            grid.row_cells(row).find_map(|(_, cell)| {
                let text = cell.text();
                (text.chars().count() <= 80 && normalize(&text).ends_with("绩效目标表")).then_some((row, text))
            })
        })
        .collect();
    if starts.is_empty() {
        return vec![Found { grid, kind, rows: 0..grid.height(), title: String::new(), title_row: None }];
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, (row, text))| {
            let end = starts.get(i + 1).map_or(grid.height(), |(next, _)| *next);
            Found { grid, kind, rows: *row..end, title: text.clone(), title_row: Some(*row) }
        })
        .collect()
}

/// Imports recognised tables from worksheets into a new project.
pub fn import_grids(grids: &[Grid]) -> Result<(Project, ImportReport), ImportError> {
    let mut report = ImportReport::default();
    if grids.iter().all(|g| (0..g.height()).all(|r| g.row_is_blank(r))) {
        return Err(ImportError::NoData);
    }
    let mut found: Vec<Found> = Vec::new();
    for grid in grids {
        if (0..grid.height()).all(|r| grid.row_is_blank(r)) {
            report.push(LineKind::Skipped, Some(&grid.name), "空工作表");
            continue;
        }
        let sheet_blocks = blocks(grid);
        if sheet_blocks.is_empty() {
            let first_text = (0..grid.height().min(5))
                .find_map(|r| grid.row_cells(r).next().map(|(_, c)| c.text()))
                .unwrap_or_default();
            report.push(
                LineKind::Skipped,
                Some(&grid.name),
                format!(
                    "未识别：标题“{}”和工作表名称都不是预算公开表格",
                    yugong_core::model::amount::shorten(&first_text, 30)
                ),
            );
        }
        found.extend(sheet_blocks);
    }
    if found.is_empty() {
        let names: Vec<&str> = grids.iter().map(|g| g.name.as_str()).collect();
        return Err(ImportError::NothingRecognised(format!("工作表：{}", names.join("、"))));
    }

    let catalog = Catalog::get();
    let metas: Vec<SheetMeta> = found.iter().map(meta_of).collect();
    let year = decide_year(&found, &metas, &mut report);
    let (edition, basis) = decide_edition(catalog, &found, year);
    report.push(LineKind::Adjusted, None, format!("模板版本：{}（{basis}）", edition.name));
    let meta = decide_meta(&found, &metas, year, edition, &mut report);
    let mut project = blank_project(edition, meta);
    let mut reader = Reader { report, edition, suppressed: Vec::new() };

    // Tables: sheets of one table are read in workbook order and appended (a table split over
    // two sheets); the first sheet gives the title.
    for id in TableId::ALL {
        let parts: Vec<(&Found, &SheetMeta)> =
            found.iter().zip(&metas).filter(|(f, _)| f.kind == SheetKind::Table(id)).collect();
        if parts.is_empty() {
            reader.report.push(LineKind::Skipped, None, format!("工作簿中没有{}，保留空白模板", id.short_name()));
            continue;
        }
        let mut table = Table { title: String::new(), rows: Vec::new(), notes: Vec::new() };
        for (part, meta) in &parts {
            read_table(&mut reader, part, meta, id, &mut table);
        }
        if table.title.is_empty() {
            table.title = edition.table(id).title.clone();
        }
        if parts.len() > 1 {
            let names: Vec<&str> = parts.iter().map(|(f, _)| f.grid.name.as_str()).collect();
            reader.report.push(
                LineKind::Adjusted,
                None,
                format!("{}分在 {} 个工作表中（{}），已按顺序合并", id.short_name(), parts.len(), names.join("、")),
            );
        }
        order_fixed_rows(edition, id, &mut table);
        *project.tables.get_mut(id) = table;
    }

    let mut goals: Vec<(Option<u32>, ProjectGoal)> = Vec::new();
    // Procurement and indicator tables continued on a second sheet are appended like the nine
    // tables; a second asset table cannot be joined (its lines are fixed) and is reported.
    let (mut procurement_sheets, mut indicator_sheets, mut asset_sheets) = (0, 0, 0);
    for (part, meta) in found.iter().zip(&metas) {
        match part.kind {
            SheetKind::Goal => {
                if let Some(goal) = read_goal(&mut reader, part, meta) {
                    goals.push((leading_number(&part.title), goal));
                }
            }
            SheetKind::DepartmentIndicators => {
                let more = read_indicator_block(&mut reader, part, true);
                let indicators = &mut project.narrative.department_goals.indicators;
                if indicator_sheets == 0 {
                    *indicators = more;
                } else {
                    indicators.extend(more);
                }
                indicator_sheets += 1;
            }
            SheetKind::Procurement => {
                let more = read_procurement(&mut reader, part, meta);
                if procurement_sheets == 0 {
                    project.procurement = more;
                } else {
                    let table = &mut project.procurement;
                    table.rows.extend(more.rows);
                    table.total = table.total.take().or(more.total);
                    for note in more.notes {
                        if !table.notes.contains(&note) {
                            table.notes.push(note);
                        }
                    }
                }
                procurement_sheets += 1;
            }
            SheetKind::Assets if asset_sheets > 0 => {
                reader.skip(&part.grid.name, "工作簿中已有一张固定资产表，这一张未导入");
            }
            SheetKind::Assets => {
                project.assets = read_assets(&mut reader, part, meta, &project.assets);
                asset_sheets += 1;
            }
            SheetKind::Table(_) => {}
        }
    }
    for (count, name) in [(procurement_sheets, "政府采购预算表"), (indicator_sheets, "整体支出绩效指标表")]
    {
        if count > 1 {
            reader.report.push(LineKind::Adjusted, None, format!("{name}分在 {count} 个工作表中，已按顺序合并"));
        }
    }
    // Goal tables are numbered (“3、法治办专项绩效目标表”); the numbers, not the sheet order,
    // give the publication order when every table has one.
    if goals.iter().all(|(n, _)| n.is_some()) {
        goals.sort_by_key(|(n, _)| *n);
    }
    project.goals = goals.into_iter().map(|(_, g)| g).collect();
    if !project.goals.is_empty() {
        let count = project.goals.len();
        reader.report.push(LineKind::Imported, None, format!("项目绩效目标表 {count} 张"));
    }
    Ok((project, reader.finish()))
}

fn leading_number(title: &str) -> Option<u32> {
    let t = normalize(title);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn meta_of(found: &Found) -> SheetMeta {
    let grid = found.grid;
    let start = found.rows.start;
    match found.kind {
        SheetKind::Table(_) => {
            let header = header_start(grid, found.title_row.map_or(start, |r| r + 1)).unwrap_or(start);
            sheet_meta(grid, start..header, found.title_row)
        }
        SheetKind::Procurement => {
            let header = (start..found.rows.end)
                .find(|&r| grid.row_cells(r).any(|(_, c)| normalize(&c.text()).contains("项目名称")))
                .unwrap_or(start);
            let mut meta = sheet_meta(grid, start..header, found.title_row);
            meta.year = None; // the 预留中小微企业份额 header's year is read separately
            meta
        }
        SheetKind::Assets => {
            let header = (start..found.rows.end)
                .find(|&r| grid.row_cells(r).any(|(_, c)| normalize(&c.text()) == "数量"))
                .unwrap_or(start);
            let mut meta = sheet_meta(grid, start..header, found.title_row);
            if let Some(unit) = (header..header + 1)
                .flat_map(|r| grid.row_cells(r).map(|(_, c)| c.text()).collect::<Vec<_>>())
                .find_map(|t| money_unit_in(&t))
            {
                meta.unit = Some(unit);
            }
            meta
        }
        SheetKind::Goal | SheetKind::DepartmentIndicators => {
            // Only the 金额单位 matters here; goal sheets carry no unit line.
            let mut meta = SheetMeta::default();
            for row in found.rows.clone() {
                for (_, cell) in grid.row_cells(row) {
                    let text = cell.text();
                    if normalize(&text).starts_with("单位：") || normalize(&text).starts_with("金额单位：") {
                        meta.unit = meta.unit.or(money_unit_in(&text));
                    }
                }
            }
            meta
        }
    }
}

fn decide_year(found: &[Found], metas: &[SheetMeta], report: &mut ImportReport) -> u16 {
    let years: Vec<u16> = metas.iter().filter_map(|m| m.year).collect();
    if let Some(&year) = years.first() {
        if years.iter().any(|y| *y != year) {
            report.push(LineKind::Adjusted, None, format!("各表的预算年度不一致，采用 {year}"));
        }
        return year;
    }
    // A year in a table title: “高阳县2022年部门预算收支总表” (goal titles may name other years).
    let in_title = found
        .iter()
        .filter(|f| matches!(f.kind, SheetKind::Table(_)))
        .find_map(|f| first_year(&f.title).map(|y| (f, y)));
    if let Some((part, year)) = in_title {
        report.push(LineKind::Adjusted, None, format!("工作簿未写预算年度，按标题“{}”定为 {year}", part.title));
        return year;
    }
    // No 预算年度 line: the procurement header “2022年预留中小微企业份额”, else the asset table's
    // 截止时间 (the end of the previous year).
    for part in found.iter().filter(|f| f.kind == SheetKind::Procurement) {
        for row in part.rows.clone().take(8) {
            for (_, cell) in part.grid.row_cells(row) {
                let t = normalize(&cell.text());
                if t.contains("预留")
                    && let Some(year) = first_year(&t)
                {
                    report.push(
                        LineKind::Adjusted,
                        None,
                        format!("工作簿未写预算年度，按政府采购表“{}”定为 {year}", cell.text()),
                    );
                    return year;
                }
            }
        }
    }
    if let Some(year) = metas.iter().filter_map(|m| m.as_of.as_deref().and_then(first_year)).next() {
        report.push(LineKind::Adjusted, None, format!("工作簿未写预算年度，按固定资产截止时间定为 {}", year + 1));
        return year + 1;
    }
    let fallback = 2024;
    report.push(LineKind::Adjusted, None, format!("工作簿未写预算年度，暂定为 {fallback}，请修改"));
    fallback
}

/// The edition, decided from rows only one edition has: 单位资金 (2024) or 事业收入 (2022) in
/// 收支总表, 会议费/培训费 in the 三公 table (2024); then the procurement fund columns, the goal
/// table shape, and last the year.
fn decide_edition<'c>(catalog: &'c Catalog, found: &[Found], year: u16) -> (&'c Edition, String) {
    let pick = |id: &str| catalog.edition(id).or_else(|| catalog.editions.last()).expect("an edition is embedded");
    let labels_of = |kind: SheetKind| -> Vec<String> {
        found
            .iter()
            .filter(|f| f.kind == kind)
            .flat_map(|f| f.rows.clone().flat_map(move |r| f.grid.row_cells(r).map(|(_, c)| label_key(&c.text()))))
            .collect()
    };
    let summary = labels_of(SheetKind::Table(TableId::IncomeExpenseSummary));
    if summary.iter().any(|l| l == "单位资金") {
        return (pick("hebei-2024"), "收支总表有“单位资金”行".into());
    }
    if summary.iter().any(|l| l == "事业收入" || l == "上级补助收入") {
        return (pick("hebei-2022"), "收支总表分列事业收入等收入项".into());
    }
    let three_public = labels_of(SheetKind::Table(TableId::ThreePublic));
    if three_public.iter().any(|l| l == "会议费" || l == "培训费") {
        return (pick("hebei-2024"), "“三公”经费表有会议费、培训费行".into());
    }
    if !three_public.is_empty() && three_public.iter().any(|l| l == "公务接待费") {
        return (pick("hebei-2022"), "“三公”经费表没有会议费、培训费行".into());
    }
    let procurement = labels_of(SheetKind::Procurement);
    if procurement.iter().any(|l| l == "上年结转结余") {
        return (pick("hebei-2024"), "政府采购表有“上年结转结余”栏".into());
    }
    if procurement.iter().any(|l| l == "财政拨款结转") {
        return (pick("hebei-2022"), "政府采购表有“财政拨款结转”栏".into());
    }
    let goals = labels_of(SheetKind::Goal);
    if goals.iter().any(|l| l == "项目编码") {
        return (pick("hebei-2024"), "绩效目标表有项目编码等表头".into());
    }
    if !goals.is_empty() {
        return (pick("hebei-2022"), "绩效目标表没有项目编码等表头".into());
    }
    let newest_fitting = catalog.editions.iter().rev().find(|e| e.first_year <= year).unwrap_or(&catalog.editions[0]);
    (newest_fitting, format!("按预算年度 {year}"))
}

fn decide_meta(found: &[Found], metas: &[SheetMeta], year: u16, edition: &Edition, report: &mut ImportReport) -> Meta {
    let mut lines: Vec<&str> = metas.iter().filter_map(|m| m.unit_line.as_deref()).collect();
    let unit_line = lines.first().copied().unwrap_or_default().to_string();
    lines.dedup();
    if lines.iter().any(|l| *l != unit_line) {
        report.push(LineKind::Adjusted, None, format!("各表的单位名称不一致，采用“{unit_line}”"));
    }
    if unit_line.is_empty() {
        report.push(LineKind::Adjusted, None, "工作簿中没有单位名称，请在项目信息中填写");
    }
    let code_len = unit_line.char_indices().find(|(_, c)| !c.is_ascii_digit()).map_or(unit_line.len(), |(i, _)| i);
    let (unit_code, unit_name) = unit_line.split_at(code_len);
    let unit_name = clean_text(unit_name).to_string();
    let (level, level_word) = level_from_name(&unit_name);
    if !unit_name.is_empty() {
        report.push(
            LineKind::Adjusted,
            None,
            match level_word {
                Some(word) => format!("行政级别按单位名称中的“{word}”定为{}级", level.word()),
                None => format!("单位名称看不出行政级别，暂定为{}级", level.word()),
            },
        );
    }
    // 部门 or 单位: what the titles say (“单位政府采购预算”, “单位整体支出绩效指标”).
    // Table titles are template text (“部门预算收支总表” even in a 单位 disclosure); the
    // procurement and indicator titles are written per document, so they count first.
    let votes = |tables: bool| {
        let (mut unit, mut department) = (0, 0);
        for part in found.iter().filter(|f| matches!(f.kind, SheetKind::Table(_)) == tables) {
            let key = label_key(&part.title);
            if key.starts_with("单位") {
                unit += 1;
            } else if key.starts_with("部门") {
                department += 1;
            }
        }
        (unit, department)
    };
    let (unit_votes, department_votes) = match votes(false) {
        (0, 0) => votes(true),
        counted => counted,
    };
    let entity = if unit_votes > department_votes { Entity::Unit } else { Entity::Department };
    if entity == Entity::Unit {
        report.push(LineKind::Adjusted, None, "表格标题写的是“单位”，按单位预算导入");
    }
    for (part, meta) in found.iter().zip(metas) {
        if meta.unit == Some(MoneyUnit::Yuan) {
            report.push(LineKind::Adjusted, Some(&part.grid.name), "金额单位为元，已换算为万元");
        }
    }
    Meta {
        unit_code: unit_code.to_string(),
        unit_name,
        budget_year: year,
        edition: edition.id.clone(),
        money_unit: MoneyUnit::Wan,
        level,
        entity,
    }
}

/// The level of government from a unit's name: the last place word (县/区/市/省) that is not part
/// of an ordinary word (社区, 市场, 城市 …).
fn level_from_name(name: &str) -> (AdminLevel, Option<&'static str>) {
    let chars: Vec<char> = name.chars().collect();
    let mut found = None;
    for (i, c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let ordinary_word = matches!((before, c, after), (Some('社' | '小' | '园' | '景' | '街'), '区', _))
            || matches!((before, c, after), (_, '市', Some('场' | '政' | '民')))
            || matches!((before, c, after), (Some('城' | '都' | '超'), '市', _));
        if i > 0
            && !ordinary_word
            && let Some(level) = AdminLevel::from_word(&c.to_string())
        {
            found = Some(level);
        }
    }
    match found {
        Some(level) => (level, Some(level.word())),
        None => (AdminLevel::County, None),
    }
}

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

fn header_start(grid: &Grid, from: usize) -> Option<usize> {
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
fn is_column_number_row(grid: &Grid, row: usize) -> bool {
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
fn match_column<'c>(path: &[String], columns: &[&'c Column]) -> Option<&'c Column> {
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

fn read_table(reader: &mut Reader, part: &Found, meta: &SheetMeta, id: TableId, table: &mut Table) {
    let grid = part.grid;
    let sheet = grid.name.as_str();
    let edition = reader.edition;
    let labels = known_row_labels();
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
        let row_id =
            if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) && valid_lengths.contains(&code.len()) {
                code.clone()
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
        if table.row(&row_id).is_some() {
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
fn order_fixed_rows(edition: &Edition, id: TableId, table: &mut Table) {
    if edition.classification(id).is_some() {
        return;
    }
    let order = edition.fixed_rows(id);
    table.rows.sort_by_key(|row| order.iter().position(|info| info.id == row.id).unwrap_or(usize::MAX));
}

/// The text right of a label cell in the goal header block, if it is not itself a label.
fn value_after(grid: &Grid, row: usize, col: usize) -> CellValue {
    // Blank columns between a label and its value are skipped; the next label is not a value
    // (a blank 预算数 is followed by “其中：财政资金”).
    const LABELS: &[&str] = &["项目编码", "项目名称", "预算数", "财政资金", "其他资金", "资金用途", "绩效目标"];
    let width = grid.width();
    let cell = (grid.column_after(row, col)..width).map(|c| grid.cell(row, c)).find(|c| !c.is_empty());
    match cell {
        Some(cell) if !LABELS.iter().any(|l| normalize(&cell.text()).ends_with(l)) => cell.clone(),
        _ => CellValue::Empty,
    }
}

fn read_goal(reader: &mut Reader, part: &Found, meta: &SheetMeta) -> Option<ProjectGoal> {
    let grid = part.grid;
    let sheet = grid.name.as_str();
    let unit = meta.unit.unwrap_or(MoneyUnit::Wan);
    let mut goal = ProjectGoal { name: goal_name(&part.title), ..ProjectGoal::default() };
    let mut header_row = None;
    let mut budget_row = None;
    for r in part.rows.clone() {
        for (c, cell) in grid.row_cells(r) {
            let t = normalize(&cell.text());
            match t.as_str() {
                "项目编码" => goal.code = value_after(grid, r, c).text(),
                "项目名称" => {
                    let name = value_after(grid, r, c).text();
                    if !name.is_empty() {
                        if !goal.name.is_empty() && normalize(&name) != normalize(&goal.name) {
                            reader.adjust(
                                sheet,
                                format!("标题中的项目名称“{}”与表内“{name}”不同，采用表内名称", goal.name),
                            );
                        }
                        goal.name = name;
                    }
                }
                "预算数" => {
                    budget_row = Some(r);
                    goal.budget = reader.amount(sheet, &value_after(grid, r, c), unit, "预算数");
                }
                "资金用途" => goal.purpose = value_after(grid, r, c).text(),
                "绩效目标" => goal.goal = value_after(grid, r, c).text(),
                "一级指标" if header_row.is_none() => header_row = Some(r),
                _ if t.ends_with("财政资金") => {
                    goal.fiscal_funds = reader.amount(sheet, &value_after(grid, r, c), unit, "财政资金");
                }
                _ if t.ends_with("其他资金") => {
                    goal.other_funds = reader.amount(sheet, &value_after(grid, r, c), unit, "其他资金");
                }
                _ if t.starts_with("资金支出计划") => {
                    for (pc, plan_cell) in grid.row_cells(r) {
                        let month = normalize(&plan_cell.text());
                        let value = grid.cell(r + 1, pc);
                        let slot = match month.as_str() {
                            "3月底" | "3月" => &mut goal.plan.march,
                            "6月底" | "6月" => &mut goal.plan.june,
                            "10月底" | "10月" => &mut goal.plan.october,
                            "12月底" | "12月" => &mut goal.plan.december,
                            _ => continue,
                        };
                        *slot = reader.amount(sheet, value, unit, &format!("资金支出计划{month}"));
                    }
                }
                _ => {}
            }
        }
    }
    // 资金用途 without its own label: the row under 预算数, left cell being the merged
    // “预算规模及资金用途” label.
    if goal.purpose.is_empty()
        && let Some(r) = budget_row
    {
        goal.purpose = grid.row_cells(r + 1).filter(|(c, _)| *c > 0).map(|(_, c)| c.text()).next().unwrap_or_default();
    }
    if goal.name.is_empty() {
        reader.skip(sheet, "绩效目标表没有项目名称，未导入");
        return None;
    }
    let Some(header_row) = header_row else {
        reader.skip(sheet, format!("“{}”绩效目标表找不到指标表头（一级指标…），未导入", goal.name));
        return None;
    };
    let block = Found { grid, kind: part.kind, rows: header_row..part.rows.end, title: String::new(), title_row: None };
    goal.indicators = read_indicator_block(reader, &block, false);
    reader.imported(sheet, format!("绩效目标表“{}”：指标 {} 条", goal.name, goal.indicators.len()));
    Some(goal)
}

/// “3、法治办专项绩效目标表” → “法治办专项”.
fn goal_name(title: &str) -> String {
    let text = clean_text(title);
    let text = text.strip_suffix("绩效目标表").unwrap_or(text);
    clean_text(strip_numbering(text).unwrap_or(text)).to_string()
}

/// Reads an indicator grid from its header row (一级指标 …) down. `scoring_table`: the
/// department-wide table, whose 指标值 may be split into 符号 / 值 / 单位 columns.
fn read_indicator_block(reader: &mut Reader, part: &Found, scoring_table: bool) -> Vec<Indicator> {
    let grid = part.grid;
    let sheet = grid.name.as_str();
    let Some(header_row) =
        part.rows.clone().find(|&r| grid.row_cells(r).any(|(_, c)| normalize(&c.text()) == "一级指标"))
    else {
        reader.skip(sheet, "找不到指标表头（一级指标…），未导入");
        return Vec::new();
    };
    #[derive(Default)]
    struct Columns {
        level1: Option<usize>,
        level2: Option<usize>,
        name: Option<usize>,
        scoring: Option<usize>,
        description: Option<usize>,
        value: Option<usize>,
        op: Option<usize>,
        number: Option<usize>,
        unit: Option<usize>,
        basis: Option<usize>,
    }
    let mut cols = Columns::default();
    for c in 0..grid.width() {
        let t = normalize(&grid.text(header_row, c));
        match t.as_str() {
            "一级指标" => cols.level1 = Some(c),
            "二级指标" => cols.level2 = Some(c),
            "三级指标" => cols.name = Some(c),
            "指标值" => cols.value = Some(c),
            _ if t.contains("评") && t.contains("分") => cols.scoring = Some(c),
            _ if t.contains("描述") => cols.description = Some(c),
            _ if t.contains("依据") => cols.basis = Some(c),
            _ => {}
        }
    }
    // 指标值 split under a merged header: 符号 | 值 | 单位 in the row below.
    let mut first = header_row + 1;
    let sub: Vec<(usize, String)> = grid.row_cells(header_row + 1).map(|(c, v)| (c, normalize(&v.text()))).collect();
    if sub.iter().any(|(_, t)| t == "符号") {
        for (c, t) in &sub {
            match t.as_str() {
                "符号" => cols.op = Some(*c),
                "值" | "数值" => cols.number = Some(*c),
                "单位" | "计量单位" => cols.unit = Some(*c),
                _ => {}
            }
        }
        first += 1;
    }
    let Some(name_col) = cols.name else {
        reader.skip(sheet, "找不到“三级指标”列，指标未导入");
        return Vec::new();
    };
    let text_at = |r: usize, c: Option<usize>| c.map(|c| grid.text(r, c)).unwrap_or_default();
    let mut indicators: Vec<Indicator> = Vec::new();
    for r in first..part.rows.end {
        if grid.row_is_blank(r) {
            continue;
        }
        let name = grid.text(r, name_col);
        let value = if cols.op.is_some() || cols.number.is_some() {
            let op = text_at(r, cols.op);
            let number = text_at(r, cols.number);
            let unit = text_at(r, cols.unit);
            if normalize(&op).contains("文字") || number.is_empty() && !unit.is_empty() && op.is_empty() {
                IndicatorValue::Text(if unit.is_empty() { number } else { unit })
            } else {
                IndicatorValue::parse(&format!("{op}{number}{unit}"))
            }
        } else {
            IndicatorValue::parse(&text_at(r, cols.value))
        };
        let previous = indicators.last();
        // Published tables merge equal 一级/二级 neighbours: a blank cell repeats the one above.
        let level1 = Some(text_at(r, cols.level1))
            .filter(|t| !t.is_empty())
            .or_else(|| previous.map(|p| p.level1.clone()))
            .unwrap_or_default();
        let level2 = Some(text_at(r, cols.level2))
            .filter(|t| !t.is_empty())
            .or_else(|| previous.map(|p| p.level2.clone()))
            .unwrap_or_default();
        if name.is_empty() && value == IndicatorValue::Text(String::new()) {
            let texts: Vec<String> = grid.row_cells(r).map(|(_, c)| c.text()).collect();
            reader.skip(sheet, format!("第 {} 行“{}”不是指标行，未导入", r + 1, texts.join(" ")));
            continue;
        }
        indicators.push(Indicator {
            level1,
            level2,
            name,
            scoring: if scoring_table { text_at(r, cols.scoring) } else { String::new() },
            description: text_at(r, cols.description),
            value,
            basis: text_at(r, cols.basis),
        });
    }
    if scoring_table {
        reader.imported(sheet, format!("整体支出绩效指标 {} 条", indicators.len()));
    }
    indicators
}

fn read_procurement(reader: &mut Reader, part: &Found, meta: &SheetMeta) -> ProcurementTable {
    let grid = part.grid;
    let sheet = grid.name.as_str();
    let unit = meta.unit.unwrap_or(MoneyUnit::Wan);
    let mut table = ProcurementTable::default();
    // Header rows name the columns; the first row without a header word (and without a
    // number) is data: the 合计 row or the first item.
    const WORDS: &[&str] = &[
        "项目来源",
        "项目名称",
        "预算资金",
        "物品名称",
        "目录序号",
        "计量单位",
        "单价",
        "采购金额",
        "预算拨款",
        "财政专户",
        "单位资金",
        "结转",
    ];
    let is_header_row = |r: usize| {
        !grid.row_cells(r).any(|(_, c)| matches!(c, CellValue::Number(_)) || normalize(&c.text()).starts_with("注"))
            && grid.row_cells(r).any(|(_, c)| {
                let t = normalize(&c.text());
                WORDS.iter().any(|w| t.contains(w))
            })
    };
    let Some(start) = part.rows.clone().find(|&r| is_header_row(r)) else {
        reader.skip(sheet, "找不到政府采购表的表头（项目名称、采购物品名称…），未导入");
        return table;
    };
    let mut data = start + 1;
    while data < part.rows.end && data < start + 4 && is_header_row(data) {
        data += 1;
    }
    let paths: Vec<Vec<String>> = (0..grid.width())
        .map(|c| {
            let mut path: Vec<String> = Vec::new();
            for r in start..data {
                let t = normalize(&grid.shown_text(r, c));
                if !t.is_empty() && path.last() != Some(&t) {
                    path.push(t);
                }
            }
            path
        })
        .collect();
    if data < part.rows.end && is_column_number_row(grid, data) {
        data += 1;
    }
    let fund_columns: Vec<&Column> = reader.edition.procurement.fund_columns.iter().collect();
    #[derive(Clone, Copy, PartialEq)]
    enum Field<'c> {
        Project,
        Budget,
        Item,
        Catalog,
        Unit,
        Quantity,
        Price,
        Fund(&'c str),
        Sme,
        Unknown,
        Blank,
    }
    let fields: Vec<Field> = paths
        .iter()
        .map(|path| {
            let Some(leaf) = path.last() else { return Field::Blank };
            let joined = path.concat();
            if leaf.contains("项目名称") {
                Field::Project
            } else if leaf.contains("预算资金") {
                Field::Budget
            } else if leaf.contains("物品名称") {
                Field::Item
            } else if leaf.contains("目录") {
                Field::Catalog
            } else if leaf.contains("计量单位") {
                Field::Unit
            } else if leaf == "数量" {
                Field::Quantity
            } else if leaf.contains("单价") {
                Field::Price
            } else if joined.contains("预留") {
                Field::Sme
            } else if let Some(column) = match_column(&path[path.len() - 1..], &fund_columns) {
                Field::Fund(column.key.as_str())
            } else {
                Field::Unknown
            }
        })
        .collect();
    for (c, field) in fields.iter().enumerate() {
        if *field == Field::Unknown && (data..part.rows.end).any(|r| !grid.cell(r, c).is_empty()) {
            reader.skip(sheet, format!("栏目“{}”不是政府采购表的栏目，该列未导入", paths[c].join(" ")));
        }
    }
    let column_of = |wanted: Field| fields.iter().position(|f| *f == wanted);
    let label_col = column_of(Field::Project).unwrap_or(0);
    for r in data..part.rows.end {
        if grid.row_is_blank(r) || is_column_number_row(grid, r) {
            continue;
        }
        let first_text = grid.row_cells(r).map(|(_, c)| c.text()).next().unwrap_or_default();
        let has_number = grid.row_cells(r).any(|(_, c)| matches!(c, CellValue::Number(_)));
        if normalize(&first_text).starts_with("注") && !has_number {
            table.notes.push(first_text);
            continue;
        }
        let place = |name: &str| format!("第 {} 行{name}", r + 1);
        let money = |field: Field, name: &str, reader: &mut Reader| -> Option<Decimal> {
            let col = column_of(field)?;
            reader.amount_scaled(sheet, grid.cell(r, col), unit, &place(name), true)
        };
        let mut funds = yugong_core::model::Cells::default();
        for (c, field) in fields.iter().enumerate() {
            if let Field::Fund(key) = field {
                let value = reader.amount_scaled(sheet, grid.cell(r, c), unit, &place(key), true);
                funds.set(key, value);
            }
        }
        funds.sort_by_columns(fund_columns.iter().map(|c| c.key.as_str()));
        if label_key(&grid.text(r, label_col)) == "合计" {
            table.total = Some(ProcurementTotal {
                project_budget: money(Field::Budget, "预算资金", reader),
                funds,
                sme_reserved: money(Field::Sme, "预留中小微企业份额", reader),
            });
            continue;
        }
        let text = |field: Field| column_of(field).map(|c| grid.text(r, c)).unwrap_or_default();
        let quantity = column_of(Field::Quantity)
            .and_then(|c| reader.amount_scaled(sheet, grid.cell(r, c), MoneyUnit::Wan, &place("数量"), true));
        let row = ProcurementRow {
            project: text(Field::Project),
            project_budget: money(Field::Budget, "预算资金", reader),
            item: text(Field::Item),
            catalog_code: text(Field::Catalog),
            unit: text(Field::Unit),
            quantity,
            unit_price: money(Field::Price, "单价", reader),
            funds,
            sme_reserved: money(Field::Sme, "预留中小微企业份额", reader),
        };
        table.rows.push(row);
    }
    reader.imported(sheet, format!("政府采购预算：{} 行，表注 {} 条", table.rows.len(), table.notes.len()));
    table
}

fn read_assets(reader: &mut Reader, part: &Found, meta: &SheetMeta, template: &AssetTable) -> AssetTable {
    let grid = part.grid;
    let sheet = grid.name.as_str();
    let unit = meta.unit.unwrap_or(MoneyUnit::Wan);
    let mut assets = AssetTable {
        title: if part.title.is_empty() { template.title.clone() } else { part.title.clone() },
        as_of: meta.as_of.clone().unwrap_or_else(|| template.as_of.clone()),
        ..AssetTable::default()
    };
    if meta.as_of.is_none() {
        reader.adjust(sheet, format!("没有截止时间，暂定为 {}", assets.as_of));
    }
    let Some(header) = part.rows.clone().find(|&r| grid.row_cells(r).any(|(_, c)| normalize(&c.text()) == "数量"))
    else {
        reader.skip(sheet, "找不到固定资产表的表头（数量、价值），未导入");
        return assets;
    };
    let column_where =
        |test: &dyn Fn(&str) -> bool| (0..grid.width()).find(|&c| test(&normalize(&grid.text(header, c))));
    let quantity_col = column_where(&|t| t == "数量");
    let value_col = column_where(&|t| t.starts_with("价值") || t.starts_with("金额"));
    let label_col = column_where(&|t| t == "项目").unwrap_or(0);
    let mut lines = 0;
    for r in header + 1..part.rows.end {
        if grid.row_is_blank(r) {
            continue;
        }
        let label = grid.text(r, label_col);
        let key = normalize(&label);
        let line = if key.contains("办公用房") {
            &mut assets.office_space
        } else if key.contains("房屋") {
            &mut assets.buildings
        } else if key.contains("车辆") {
            &mut assets.vehicles
        } else if key.contains("设备") {
            &mut assets.equipment
        } else if key.contains("其他") {
            &mut assets.other
        } else if key.contains("总额") || key.contains("合计") {
            &mut assets.total
        } else {
            reader.skip(sheet, format!("第 {} 行“{label}”不是固定资产表的行，未导入", r + 1));
            continue;
        };
        let quantity_cell = quantity_col.map(|c| grid.cell(r, c).clone()).unwrap_or_default();
        let quantity = match &quantity_cell {
            CellValue::Text(t)
                if clean_text(t).chars().all(|c| matches!(c, '—' | '-' | '－')) && !t.trim().is_empty() =>
            {
                Some(Quantity::NotApplicable)
            }
            cell => reader
                .amount_scaled(sheet, cell, MoneyUnit::Wan, &format!("第 {} 行数量", r + 1), true)
                .map(Quantity::Number),
        };
        // Book values keep what the document states, but at least the two decimals of 万元.
        let value = value_col
            .and_then(|c| reader.amount_scaled(sheet, grid.cell(r, c), unit, &format!("第 {} 行价值", r + 1), true))
            .map(|mut v| {
                if v.scale() < 2 {
                    v.rescale(2);
                }
                v
            });
        *line = AssetLine { quantity, value };
        lines += 1;
    }
    reader.imported(sheet, format!("固定资产占用情况：{lines} 行"));
    assets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.into())
    }

    #[test]
    fn titles_and_sheet_names_name_their_table() {
        assert_eq!(classify("部门预算财政拨款收支总表"), Some(SheetKind::Table(TableId::FiscalSummary)));
        assert_eq!(classify("部门预算收支总表"), Some(SheetKind::Table(TableId::IncomeExpenseSummary)));
        assert_eq!(classify("部门预算政府基金预算财政拨款支出表"), Some(SheetKind::Table(TableId::FundExpense)));
        assert_eq!(classify("基本支出表"), Some(SheetKind::Table(TableId::GeneralBasicExpense)));
        assert_eq!(classify("一般公共预算支出表"), Some(SheetKind::Table(TableId::GeneralExpense)));
        assert_eq!(classify("部门预算财政拨款“三公”经费支出表"), Some(SheetKind::Table(TableId::ThreePublic)));
        assert_eq!(classify("1、大气办工作经费绩效目标表"), Some(SheetKind::Goal));
        assert_eq!(classify("绩效-3"), Some(SheetKind::Goal));
        assert_eq!(classify("整体绩效指标"), Some(SheetKind::DepartmentIndicators));
        assert_eq!(classify("3、整体搬迁项目绩效目标表"), Some(SheetKind::Goal));
        assert_eq!(classify("（四）单位整体支出绩效指标"), Some(SheetKind::DepartmentIndicators));
        assert_eq!(classify("廊坊市广阳区区直单位固定资产占用情况表"), Some(SheetKind::Assets));
        assert_eq!(classify("部门 预算 收入 总表"), Some(SheetKind::Table(TableId::Income)));
        assert_eq!(classify("Sheet1"), None);
        assert_eq!(classify("434高阳县人民政府办公室"), None);
    }

    #[test]
    fn labels_lose_numbering_and_qizhong() {
        assert_eq!(label_key("一、一般公共服务支出"), "一般公共服务支出");
        assert_eq!(label_key("二十一、粮油物资储备支出"), "粮油物资储备支出");
        assert_eq!(label_key("其中：公务用车购置费"), "公务用车购置费");
        assert_eq!(label_key("\u{3000}\u{3000}其中：办公用房（平方米）"), "办公用房（平方米）");
        assert_eq!(label_key("1、房屋(平方米)"), "房屋（平方米）");
        assert_eq!(label_key("“三公”经费小计"), "三公经费小计");
        assert_eq!(label_key("本年收入合计"), "本年收入合计");
    }

    #[test]
    fn goal_titles_give_project_names() {
        assert_eq!(goal_name("1、大气办工作经费绩效目标表"), "大气办工作经费");
        assert_eq!(goal_name("2. 办公自动化经费绩效目标表"), "办公自动化经费");
        assert_eq!(goal_name("OA系统服务费绩效目标表"), "OA系统服务费");
        assert_eq!(goal_name("（二）人防宣传绩效目标表"), "人防宣传");
        assert_eq!(goal_name("十二、智能签批设备绩效目标表"), "智能签批设备");
        // A name that merely starts with a numeral keeps it.
        assert_eq!(goal_name("三公经费管理绩效目标表"), "三公经费管理");
    }

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

    #[test]
    fn level_words_in_unit_names() {
        assert_eq!(level_from_name("高阳县人民政府办公室").0, AdminLevel::County);
        assert_eq!(level_from_name("廊坊市广阳区人民政府办公室").0, AdminLevel::District);
        assert_eq!(level_from_name("高阳县市场监督管理局").0, AdminLevel::County);
        assert_eq!(level_from_name("高阳县社区服务中心").0, AdminLevel::County);
        assert_eq!(level_from_name("保定市教育局").0, AdminLevel::City);
        assert_eq!(level_from_name("某某办公室"), (AdminLevel::County, None));
    }

    #[test]
    fn amounts_in_yuan_become_wan_and_extra_decimals_are_rounded_and_reported() {
        let read = |cell: CellValue, unit| read_amount(&cell, unit, false).unwrap().unwrap();
        let a = read(CellValue::Number(5_969_200.0), MoneyUnit::Yuan);
        assert_eq!(a.value.to_string(), "596.92");
        assert!(a.rounded_from.is_none());
        let b = read(CellValue::Number(1234.0), MoneyUnit::Yuan);
        assert_eq!(b.value.to_string(), "0.12");
        assert_eq!(b.rounded_from.map(|d| d.to_string()), Some("0.1234".into()));
        assert_eq!(read(text("1,006.79"), MoneyUnit::Wan).value.to_string(), "1006.79");
        assert_eq!(read(text("5,969,200元"), MoneyUnit::Yuan).value.to_string(), "596.92");
        assert!(read_amount(&text("abc"), MoneyUnit::Wan, false).unwrap_err().contains("不是有效的金额"));
        assert!(read_amount(&text("—"), MoneyUnit::Wan, false).unwrap().is_none());
        assert!(read_amount(&CellValue::Number(1e20), MoneyUnit::Wan, false).unwrap_err().contains("过大"));
    }

    #[test]
    fn a_hand_written_grid_imports_its_table() {
        let rows = vec![
            vec![text("部门预算一般公共预算财政拨款支出表")],
            vec![text("9高阳县人民政府办公室"), text(""), text("预算年度：2022"), text(""), text("单位：万元")],
            vec![text("科目编码"), text("科目名称"), text("合计"), text("基本支出"), text("项目支出")],
            vec![text(""), text("合计"), CellValue::Number(30.0), CellValue::Number(10.0), CellValue::Number(20.0)],
            vec![CellValue::Number(201.0), text("一般公共服务支出"), text("30"), text("10"), text("20")],
            vec![text("注：测试")],
        ];
        let (project, report) = import_grids(&[Grid::new("任意名称", rows)]).unwrap();
        let table = &project.tables.general_expense;
        assert_eq!(table.title, "部门预算一般公共预算财政拨款支出表");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.amount("201", "project").map(|d| d.to_string()), Some("20.00".into()));
        assert_eq!(table.notes, ["注：测试"]);
        assert_eq!(project.meta.unit_code, "9");
        assert_eq!(project.meta.budget_year, 2022);
        assert!(report.mentions("一般公共预算支出表：2 行"), "{report}");
    }
}
