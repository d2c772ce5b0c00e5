//! Project goal tables (绩效目标表: header block with budget and goal text, then the indicator
//! grid) and the department-wide 整体支出绩效指标 table, which shares the indicator grid.

use super::detect::SheetMeta;
use super::{Found, Reader, strip_numbering};
use crate::grid::{CellValue, Grid, clean_text, normalize};
use yugong_core::model::{Indicator, IndicatorValue, MoneyUnit, ProjectGoal};

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

pub(super) fn read_goal(reader: &mut Reader, part: &Found, meta: &SheetMeta) -> Option<ProjectGoal> {
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
pub(super) fn read_indicator_block(reader: &mut Reader, part: &Found, scoring_table: bool) -> Vec<Indicator> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
