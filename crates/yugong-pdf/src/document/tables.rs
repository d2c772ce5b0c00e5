//! 第二部分, the nine standard tables: each table's page with its title and unit line, amount
//! headers merged over several levels, the 栏次 row, classified, fixed and two-sided tables.

use super::{Builder, TABLE_FONT, TABLE_MIN_FONT, amount_text, part_title_style};
use crate::layout::{Align, Cell, Face, PageGeometry, TableSpec, TextStyle};
use yugong_core::catalog::{Classification, Column, Layout, RowInfo};
use yugong_core::model::{Row, Table, TableId};

impl Builder<'_, '_> {
    // ---- 第二部分 ----

    pub(super) fn part_two(&mut self) {
        let project = self.project;
        let part_title = format!("{}{}年{}预算公开表", project.meta.unit_name, project.meta.budget_year, self.entity());
        for (index, id) in TableId::ALL.into_iter().enumerate() {
            let table = project.tables.get(id);
            let spec = self.standard_table(id, table);
            let landscape = matches!(id, TableId::Income | TableId::FiscalSummary) || spec.column_weights.len() > 10;
            self.flow.new_page(if landscape {
                PageGeometry::a4_landscape()
            } else {
                PageGeometry::a4_portrait_tables()
            });
            if index == 0 {
                self.flow.bookmark("第二部分  预算公开表", 0);
                let style = part_title_style(10.0);
                self.flow.paragraph(&format!("第二部分  {part_title}"), &style);
            }
            let title = if table.title.is_empty() { self.edition.table(id).title.clone() } else { table.title.clone() };
            self.flow.bookmark(&title, 1);
            let title_style = TextStyle {
                face: Face::SansBold,
                size: 16.0,
                leading: 1.6,
                align: Align::Center,
                first_indent: 0.0,
                indent: 0.0,
                space_before: 0.0,
                space_after: 6.0,
            };
            self.flow.paragraph(&title, &title_style);
            self.three_part_line(
                &format!("{}{}", self.unit_label(), self.unit_line()),
                &format!("预算年度：{}", project.meta.budget_year),
                &format!("单位：{}", project.meta.money_unit.label()),
                9.0,
            );
            self.flow.table(&spec);
            let mut notes = table.notes.clone();
            let empty_note = &self.edition.table(id).empty_note;
            if table.has_no_amounts() && notes.is_empty() && !empty_note.is_empty() {
                notes.push(empty_note.clone());
            }
            self.notes(&notes);
        }
    }

    fn standard_table(&self, id: TableId, table: &Table) -> TableSpec {
        match &self.edition.table(id).layout {
            Layout::Classified { classification, columns } => classified_table(*classification, columns, table),
            Layout::Fixed { label_header, columns, rows } => {
                let infos: Vec<RowInfo> = rows
                    .iter()
                    .map(|r| RowInfo { id: r.id.clone(), label: r.label.clone(), indent: r.indent })
                    .collect();
                fixed_table(label_header, columns, &infos, table)
            }
            Layout::TwoSided { left, right, .. } => {
                let left_items = self.edition.side_items(id, true);
                let right_items = self.edition.side_items(id, false);
                let footer: Vec<(Option<RowInfo>, Option<RowInfo>)> = match &self.edition.table(id).layout {
                    Layout::TwoSided { footer, .. } => footer
                        .iter()
                        .map(|pair| {
                            let info = |r: &yugong_core::catalog::FixedRow| RowInfo {
                                id: r.id.clone(),
                                label: r.label.clone(),
                                indent: r.indent,
                            };
                            (pair.left.as_ref().map(info), pair.right.as_ref().map(info))
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                two_sided_table(
                    (&left.header, &left.label_header, &left.columns, left_items),
                    (&right.header, &right.label_header, &right.columns, right_items),
                    &footer,
                    table,
                )
            }
        }
    }
}

pub(super) fn table_spec(weights: Vec<f32>, header: Vec<Vec<Cell>>, body: Vec<Vec<Cell>>) -> TableSpec {
    TableSpec { column_weights: weights, header, body, font_size: TABLE_FONT, min_font_size: TABLE_MIN_FONT }
}

/// Header rows for amount columns with multi-level headers, merging equal neighbours. Returns,
/// per header row, the cells of the amount columns (in column order) for `depth` rows.
fn amount_headers(columns: &[&Column], depth: usize) -> Vec<Vec<Cell>> {
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); depth];
    for (level, row) in rows.iter_mut().enumerate() {
        let mut index = 0;
        while index < columns.len() {
            let header = &columns[index].header;
            if header.len() <= level {
                index += 1;
                continue;
            }
            let is_last_level = level + 1 == header.len();
            let mut span = 1;
            if !is_last_level {
                while index + span < columns.len() {
                    let next = &columns[index + span].header;
                    if next.len() > level + 1 && next[..=level] == header[..=level] {
                        span += 1;
                    } else {
                        break;
                    }
                }
            }
            let row_span = if is_last_level { depth - level } else { 1 };
            row.push(Cell::center(header[level].clone()).span(span, row_span));
            index += span;
        }
    }
    rows
}

/// The 栏次 row: “栏次” then the column numbers.
fn column_number_row(columns: usize) -> Vec<Cell> {
    let mut row = vec![Cell::center("栏次")];
    row.extend((1..columns).map(|n| Cell::center(n.to_string())));
    row
}

fn amount_cells(row: Option<&Row>, columns: &[&Column]) -> Vec<Cell> {
    columns.iter().map(|c| Cell::right(amount_text(row.and_then(|r| r.cells.get(&c.key))))).collect()
}

/// 收入总表, 支出总表, tables 5–8: 合计 and classification rows with code, name and amounts.
fn classified_table(classification: Classification, columns: &[Column], table: &Table) -> TableSpec {
    let columns: Vec<&Column> = columns.iter().collect();
    let depth = columns.iter().map(|c| c.header.len()).max().unwrap_or(1).max(2);
    let mut header = amount_headers(&columns, depth);
    header[0].insert(0, Cell::center("序号").span(1, depth));
    header[0].insert(1, Cell::center(classification.header()).span(2, depth - 1));
    header[depth - 1].insert(0, Cell::center("科目编码"));
    header[depth - 1].insert(1, Cell::center("科目名称"));
    header.push(column_number_row(columns.len() + 3));
    let body = table
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let mut cells = vec![Cell::center((index + 1).to_string())];
            if row.is_coded() {
                // 类 / 款 / 项 by code length: 3 / 5 / 7 digits.
                let level = match row.id.len() {
                    0..=3 => 0.0,
                    4..=5 => 1.0,
                    _ => 2.0,
                };
                cells.push(Cell::left(&row.id));
                cells.push(Cell::left(&row.name).indent(level));
            } else {
                cells.push(Cell::left(""));
                cells.push(Cell::center(&row.name));
            }
            cells.extend(amount_cells(Some(row), &columns));
            cells
        })
        .collect();
    let mut weights = vec![0.45, 0.85, 2.4];
    weights.extend(columns.iter().map(|_| 1.0));
    table_spec(weights, header, body)
}

/// The 三公 table: fixed rows with indentation.
fn fixed_table(label_header: &str, columns: &[Column], rows: &[RowInfo], table: &Table) -> TableSpec {
    let columns: Vec<&Column> = columns.iter().collect();
    let depth = columns.iter().map(|c| c.header.len()).max().unwrap_or(1);
    let mut header = amount_headers(&columns, depth);
    header[0].insert(0, Cell::center("序号").span(1, depth));
    header[0].insert(1, Cell::center(label_header).span(1, depth));
    header.push(column_number_row(columns.len() + 2));
    let body = rows
        .iter()
        .enumerate()
        .map(|(index, info)| {
            let stated = table.row(&info.id);
            let label = stated.map_or(info.label.as_str(), |r| r.name.as_str());
            // 其中 rows: the second sub-item lines up after “其中：”.
            let indent = match info.indent {
                0 => 0.0,
                1 => 1.0,
                _ => 4.0,
            };
            let mut cells = vec![Cell::center((index + 1).to_string()), Cell::left(label).indent(indent)];
            cells.extend(amount_cells(stated, &columns));
            cells
        })
        .collect();
    let mut weights = vec![0.45, 3.2];
    weights.extend(columns.iter().map(|_| 1.2));
    table_spec(weights, header, body)
}

type SideSpec<'a> = (&'a str, &'a str, &'a [Column], &'a [RowInfo]);

/// 收支总表 and 财政拨款收支总表: income on the left, expenditure on the right, then the paired
/// footer rows.
fn two_sided_table(
    left: SideSpec,
    right: SideSpec,
    footer: &[(Option<RowInfo>, Option<RowInfo>)],
    table: &Table,
) -> TableSpec {
    let (left_header, left_label, left_columns, left_items) = left;
    let (right_header, right_label, right_columns, right_items) = right;
    let left_columns: Vec<&Column> = left_columns.iter().collect();
    let right_columns: Vec<&Column> = right_columns.iter().collect();
    let mut top = vec![Cell::center("序号").span(1, 2)];
    top.push(Cell::center(left_header).span(1 + left_columns.len(), 1));
    top.push(Cell::center(right_header).span(1 + right_columns.len(), 1));
    let mut second = vec![Cell::center(left_label)];
    second.extend(left_columns.iter().map(|c| Cell::center(c.header.join(""))));
    second.push(Cell::center(right_label));
    second.extend(right_columns.iter().map(|c| Cell::center(c.header.join(""))));
    let total_columns = 3 + left_columns.len() + right_columns.len();
    let header = vec![top, second, column_number_row(total_columns)];

    let side_cells = |info: Option<&RowInfo>, columns: &[&Column]| -> Vec<Cell> {
        match info {
            Some(info) => {
                let stated = table.row(&info.id);
                let label = stated.map_or(info.label.as_str(), |r| r.name.as_str());
                let is_total = info.id.ends_with("total");
                let label_cell =
                    if is_total { Cell::center(label) } else { Cell::left(label).indent(f32::from(info.indent) * 2.0) };
                let mut cells = vec![label_cell];
                cells.extend(amount_cells(stated, columns));
                cells
            }
            None => (0..=columns.len()).map(|_| Cell::left("")).collect(),
        }
    };
    let mut body = Vec::new();
    let item_rows = left_items.len().max(right_items.len());
    let pairs =
        (0..item_rows).map(|i| (left_items.get(i).cloned(), right_items.get(i).cloned())).chain(footer.iter().cloned());
    for (index, (left_info, right_info)) in pairs.enumerate() {
        let mut cells = vec![Cell::center((index + 1).to_string())];
        cells.extend(side_cells(left_info.as_ref(), &left_columns));
        cells.extend(side_cells(right_info.as_ref(), &right_columns));
        body.push(cells);
    }
    let mut weights = vec![0.45, 2.6];
    weights.extend(left_columns.iter().map(|_| 1.0));
    weights.push(2.6);
    weights.extend(right_columns.iter().map(|_| 1.0));
    table_spec(weights, header, body)
}
