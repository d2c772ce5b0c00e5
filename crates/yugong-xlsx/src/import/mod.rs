//! Recognising a disclosure in worksheets: which sheet holds which table, which column holds
//! which amount, which row is which code — and building the project from it.
//!
//! Pure: works on [`Grid`]s. Nothing is guessed silently: every sheet, column or row that is not
//! taken, and every value that was changed on the way (元 → 万元, rounding), is a report line.
//!
//! This file finds the tables (titles, sheet names, goal sheets split into blocks), reads amount
//! cells and runs the import; the parts live beside it:
//! - `detect`: year, edition, unit line, level and entity of the workbook;
//! - `tables`: the nine tables (headers, amount columns, rows by code or label, notes);
//! - `goals`: project goal tables and the department-wide indicator table;
//! - `procurement`: the 政府采购预算表;
//! - `assets`: the 固定资产 table.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::ImportError;
use crate::grid::{CellValue, Grid, clean_text, decimal_from_f64, normalize};
use crate::report::{ImportReport, LineKind};
use yugong_core::catalog::{Catalog, Edition, blank_project};
use yugong_core::model::amount::{MAX_INPUT_WAN, parse_input};
use yugong_core::model::{MoneyUnit, Project, ProjectGoal, Table, TableId};

mod assets;
mod detect;
mod goals;
mod procurement;
mod tables;

use assets::read_assets;
use detect::{SheetMeta, decide_edition, decide_meta, decide_year, meta_of};
use goals::{read_goal, read_indicator_block};
use procurement::read_procurement;
use tables::{order_fixed_rows, read_table};

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

/// The table whose title (as an edition of `catalog` prints it) ends the text, the longest such
/// title winning: a province's edition may word a title so that no keyword of [`classify`] fits
/// (the title is often led by the unit and year: “某县2025年部门预算收支总表”).
fn edition_title(catalog: &Catalog, text: &str) -> Option<SheetKind> {
    let text = normalize(text);
    catalog
        .editions
        .iter()
        .flat_map(|edition| edition.tables.iter())
        .map(|template| (normalize(&template.title), template.id))
        .filter(|(title, _)| !title.is_empty() && text.ends_with(title.as_str()))
        .max_by_key(|(title, _)| title.chars().count())
        .map(|(_, id)| SheetKind::Table(id))
}

/// A title: a short text near the top that names a known table (notes under a table such as
/// “注：无政府基金预算财政拨款预算” also name one and are not titles).
fn title_in(catalog: &Catalog, grid: &Grid, rows: std::ops::Range<usize>) -> Option<(usize, String, SheetKind)> {
    for row in rows {
        for (_, cell) in grid.row_cells(row) {
            let text = cell.text();
            if text.chars().count() > 60 || normalize(&text).starts_with("注") {
                continue;
            }
            if let Some(kind) = edition_title(catalog, &text).or_else(|| classify(&text)) {
                return Some((row, text, kind));
            }
        }
    }
    None
}

/// Codes the workbook carried that the built-in 科目表 does not have for the year are the budget
/// system's own (a code of the new year's list, a province's own 项): they are remembered in the
/// project (`Project::learned_codes`) with the workbook's name, so the audit does not call them
/// unknown, and listed in the report for the user to see. Compared with the embedded list only,
/// so the same workbook gives the same file on every machine.
fn learn_codes(catalog: &Catalog, edition: &Edition, project: &mut Project, report: &mut ImportReport) {
    let year = project.meta.budget_year;
    let mut learned: Vec<yugong_core::model::LearnedCode> = Vec::new();
    for id in TableId::ALL {
        let Some(classification) = edition.classification(id) else { continue };
        let dictionary = catalog.dictionary(classification);
        for row in project.tables.get(id).coded_rows() {
            if dictionary.name_for_file(&row.id, year).is_none()
                && !row.name.trim().is_empty()
                && !learned.iter().any(|c| c.code == row.id)
            {
                learned.push(yugong_core::model::LearnedCode { code: row.id.clone(), name: row.name.clone() });
            }
        }
    }
    if learned.is_empty() {
        return;
    }
    const LISTED: usize = 20;
    let mut listed: Vec<String> = learned.iter().take(LISTED).map(|c| format!("{} {}", c.code, c.name)).collect();
    if learned.len() > LISTED {
        listed.push(format!("等共 {} 个", learned.len()));
    }
    report.push(
        LineKind::Adjusted,
        None,
        format!(
            "内置科目表中没有的 {} 个科目按工作簿记下（预算系统的科目，审核不再提示）：{}",
            learned.len(),
            listed.join("、")
        ),
    );
    project.learned_codes = learned;
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
fn blocks<'g>(catalog: &Catalog, grid: &'g Grid) -> Vec<Found<'g>> {
    let by_name = classify(&grid.name);
    let title = title_in(catalog, grid, 0..grid.height().min(4));
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
    import_grids_with(Catalog::get(), grids)
}

/// [`import_grids`] deciding among the editions of `catalog`.
pub fn import_grids_with(catalog: &Catalog, grids: &[Grid]) -> Result<(Project, ImportReport), ImportError> {
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
        let sheet_blocks = blocks(catalog, grid);
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

    // Against the built-in lists only, whatever the user imported: the same workbook gives the
    // same file on every machine.
    learn_codes(Catalog::get(), edition, &mut project, &mut reader.report);

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
