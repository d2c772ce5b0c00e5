//! The 固定资产占用情况表: the template's fixed asset lines with quantities and values.

use super::detect::SheetMeta;
use super::{Found, Reader};
use crate::grid::{CellValue, clean_text, normalize};
use yugong_core::model::{AssetLine, AssetTable, MoneyUnit, Quantity};

pub(super) fn read_assets(reader: &mut Reader, part: &Found, meta: &SheetMeta, template: &AssetTable) -> AssetTable {
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
