//! The 政府采购预算表: items with fund columns, the 合计 row and the notes below.

use rust_decimal::Decimal;

use super::detect::SheetMeta;
use super::tables::{is_column_number_row, match_column};
use super::{Found, Reader, label_key};
use crate::grid::{CellValue, normalize};
use yugong_core::catalog::Column;
use yugong_core::model::{MoneyUnit, ProcurementRow, ProcurementTable, ProcurementTotal};

pub(super) fn read_procurement(reader: &mut Reader, part: &Found, meta: &SheetMeta) -> ProcurementTable {
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
        // A per-unit 小计 (“某某单位(本级）小计”), wherever the budget system put its label.
        let subtotal_label = grid
            .row_cells(r)
            .filter(|(_, c)| !matches!(c, CellValue::Number(_)))
            .map(|(_, c)| c.text())
            .find(|t| normalize(t).ends_with("小计"));
        if let Some(label) = subtotal_label {
            table.rows.push(ProcurementRow {
                project: label,
                project_budget: money(Field::Budget, "预算资金", reader),
                funds,
                sme_reserved: money(Field::Sme, "预留中小微企业份额", reader),
                subtotal: true,
                ..ProcurementRow::default()
            });
            continue;
        }
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
        // 项目名称 merged down over the project's item rows belongs to each of them.
        let project = column_of(Field::Project).map(|c| grid.shown_text(r, c)).unwrap_or_default();
        let row = ProcurementRow {
            project,
            project_budget: money(Field::Budget, "预算资金", reader),
            item: text(Field::Item),
            catalog_code: text(Field::Catalog),
            unit: text(Field::Unit),
            quantity,
            unit_price: money(Field::Price, "单价", reader),
            funds,
            sme_reserved: money(Field::Sme, "预留中小微企业份额", reader),
            subtotal: false,
        };
        table.rows.push(row);
    }
    let subtotals = table.rows.iter().filter(|r| r.subtotal).count();
    let items = table.rows.len() - subtotals;
    let mut message = format!("政府采购预算：{items} 行");
    if subtotals > 0 {
        message.push_str(&format!("，单位小计 {subtotals} 行（审核时与其下各行核对）"));
    }
    message.push_str(&format!("，表注 {} 条", table.notes.len()));
    reader.imported(sheet, message);
    table
}
