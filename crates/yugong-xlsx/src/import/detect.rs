//! Deciding what a workbook is about: the lines above each table (unit line, 预算年度, 金额单位,
//! 截止时间), then the budget year, the template edition, the unit, level of government and entity.
//! Each decision is a “请核对” line of the report.

use super::tables::header_start;
use super::{Found, SheetKind, classify, label_key};
use crate::grid::{Grid, clean_text, normalize};
use crate::report::{ImportReport, LineKind};
use yugong_core::catalog::{Catalog, Edition, EditionMarker, MarkerPart};
use yugong_core::model::{AdminLevel, Entity, Meta, MoneyUnit};

/// What the lines above a table say: unit line, 预算年度, 金额单位, 截止时间.
#[derive(Debug, Clone, Default)]
pub(super) struct SheetMeta {
    pub(super) unit_line: Option<String>,
    pub(super) year: Option<u16>,
    pub(super) unit: Option<MoneyUnit>,
    pub(super) as_of: Option<String>,
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

pub(super) fn meta_of(found: &Found) -> SheetMeta {
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

pub(super) fn decide_year(found: &[Found], metas: &[SheetMeta], report: &mut ImportReport) -> u16 {
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

/// The edition, decided by the editions' own markers (`markers` in each edition file: rows or
/// columns only that edition prints, e.g. 单位资金 in the 2024 收支总表), all editions' markers in
/// rank order; without evidence, the newest edition meant for the year.
pub(super) fn decide_edition<'c>(catalog: &'c Catalog, found: &[Found], year: u16) -> (&'c Edition, String) {
    let labels_of = |kind: SheetKind| -> Vec<String> {
        found
            .iter()
            .filter(|f| f.kind == kind)
            .flat_map(|f| f.rows.clone().flat_map(move |r| f.grid.row_cells(r).map(|(_, c)| label_key(&c.text()))))
            .collect()
    };
    let mut markers: Vec<(&Edition, &EditionMarker)> =
        catalog.editions.iter().flat_map(|e| e.markers.iter().map(move |m| (e, m))).collect();
    markers.sort_by_key(|(_, m)| m.rank);
    for (edition, marker) in markers {
        let kind = match marker.part {
            MarkerPart::Table(id) => SheetKind::Table(id),
            MarkerPart::Procurement => SheetKind::Procurement,
            MarkerPart::Goal => SheetKind::Goal,
        };
        let labels = labels_of(kind);
        let holds = if marker.any_of.is_empty() {
            !labels.is_empty()
        } else {
            marker.any_of.iter().any(|wanted| labels.iter().any(|l| l == &label_key(wanted)))
        };
        if holds {
            return (edition, marker.reason.clone());
        }
    }
    let newest_fitting = catalog
        .editions
        .iter()
        .rev()
        .find(|e| e.first_year <= year)
        .or_else(|| catalog.editions.first())
        .expect("an edition is embedded");
    (newest_fitting, format!("按预算年度 {year}"))
}

pub(super) fn decide_meta(
    found: &[Found],
    metas: &[SheetMeta],
    year: u16,
    edition: &Edition,
    report: &mut ImportReport,
) -> Meta {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_words_in_unit_names() {
        assert_eq!(level_from_name("高阳县人民政府办公室").0, AdminLevel::County);
        assert_eq!(level_from_name("廊坊市广阳区人民政府办公室").0, AdminLevel::District);
        assert_eq!(level_from_name("高阳县市场监督管理局").0, AdminLevel::County);
        assert_eq!(level_from_name("高阳县社区服务中心").0, AdminLevel::County);
        assert_eq!(level_from_name("保定市教育局").0, AdminLevel::City);
        assert_eq!(level_from_name("某某办公室"), (AdminLevel::County, None));
    }
}
