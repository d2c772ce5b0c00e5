//! A sample's table in the shape budget systems print for a department with subordinate units:
//! a 小计 row per unit, each followed by that unit's codes.

use yugong::model::{Project, Row, TableId};

/// 高阳 2022's 支出总表 as a budget system prints a department with a subordinate unit (the model
/// form of `expense_by_unit` in tests/integration/xlsx.rs): 合计, then “高阳县人民政府办公室(本级）
/// 小计” and its codes, then “某某事业单位小计” (a made-up name) with 2010350 事业运行 and 2101102
/// 事业单位医疗 under their own 201/20103 and 210/21011; the first unit's 201, 20103, 210 and 21011
/// are reduced by as much. Every amount is the sample's.
pub fn gaoyang_by_unit() -> Project {
    let text = yugong::samples::sample_text("gaoyang-2022").unwrap();
    let mut p = yugong::io::project_file::parse(text.as_bytes()).unwrap();
    let table = p.tables.get_mut(TableId::Expense);
    let rows = std::mem::take(&mut table.rows);
    let find = |id: &str| rows.iter().find(|r| r.id == id).unwrap().clone();
    let mut theirs: Vec<Row> = Vec::new();
    for (class, item, leaf) in [("201", "20103", "2010350"), ("210", "21011", "2101102")] {
        let leaf = find(leaf);
        for parent in [class, item] {
            theirs.push(Row { cells: leaf.cells.clone(), ..find(parent) });
        }
        theirs.push(leaf);
    }
    let mut own: Vec<Row> = Vec::new();
    for row in rows.iter().filter(|r| r.is_coded() && !["2010350", "2101102"].contains(&r.id.as_str())) {
        let mut row = row.clone();
        if let Some(moved) = theirs.iter().find(|t| t.id == row.id) {
            for (column, value) in moved.cells.iter() {
                let stated = row.cells.get(column).unwrap_or_default();
                row.cells.set(column, Some(stated - value));
            }
        }
        own.push(row);
    }
    let subtotal = |n: usize, name: &str, rows: &[Row]| {
        let mut row = Row::new(yugong::model::table::unit_subtotal_id(n), name);
        for class in rows.iter().filter(|r| r.id.len() == 3) {
            for (column, value) in class.cells.iter() {
                let sum = row.cells.get(column).unwrap_or_default() + value;
                row.cells.set(column, Some(sum));
            }
        }
        row
    };
    table.rows.push(find("total"));
    table.rows.push(subtotal(1, "高阳县人民政府办公室(本级）小计", &own));
    table.rows.extend(own);
    table.rows.push(subtotal(2, "某某事业单位小计", &theirs));
    table.rows.extend(theirs);
    p
}
