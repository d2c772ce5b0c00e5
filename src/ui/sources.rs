//! What each grid shows: the nine standard tables (classified, fixed-row and two-sided layouts),
//! procurement, fixed assets and indicator tables, as [`GridSource`]s.

use rust_decimal::Decimal;

use crate::catalog::{Edition, Layout};
use crate::editing::document::Document;
use crate::editing::history::Op;
use crate::model::amount::{format_wan, parse_input};
use crate::model::{Anchor, Indicator, IndicatorValue, Quantity, TableId};
use crate::ui::grid::{CellView, GridColumn, GridSource};

/// A standard table's grid. Row 0 is the 栏次 row of the printed tables.
pub struct StandardGrid {
    pub table: TableId,
    columns: Vec<GridColumn>,
    shape: Shape,
}

enum Shape {
    /// Code, name, then the amount columns; grid row n + 1 is model row n. `segmented`: the
    /// table has per-unit 小计 rows, so a code's row is named by its unit too.
    Rows { coded: bool, segmented: bool, keys: Vec<String> },
    /// Income items on the left, expenditure on the right, paired line by line as printed.
    TwoSided { left: Vec<String>, right: Vec<String>, lines: Vec<(Option<usize>, Option<usize>)> },
}

/// Where a grid cell of a standard table lives in the model.
enum Slot<'a> {
    /// 栏次 row or an empty half of a two-sided line.
    Label(String),
    Code(usize),
    Name(usize),
    Amount(usize, &'a str),
}

impl StandardGrid {
    pub fn new(edition: &Edition, document: &Document, table: TableId) -> StandardGrid {
        let amount_column = |c: &crate::catalog::Column| GridColumn::amount(c.header.clone());
        match &edition.table(table).layout {
            Layout::Classified { classification, columns } => {
                // The published two-level head: 功能分类科目 (or 部门经济分类科目) over 科目编码 and
                // 科目名称, as the PDF prints it.
                let under = |leaf: &str, width: f32| GridColumn {
                    header: vec![classification.header().to_string(), leaf.to_string()],
                    ..GridColumn::text("", width)
                };
                let mut grid_columns = vec![under("科目编码", 80.0), under("科目名称", 200.0)];
                grid_columns.extend(columns.iter().map(amount_column));
                StandardGrid {
                    table,
                    columns: grid_columns,
                    shape: Shape::Rows {
                        coded: true,
                        segmented: document.project.tables.get(table).has_unit_subtotals(),
                        keys: columns.iter().map(|c| c.key.clone()).collect(),
                    },
                }
            }
            Layout::Fixed { columns, .. } => {
                let mut grid_columns = vec![GridColumn::text("项目", 260.0)];
                grid_columns.extend(columns.iter().map(amount_column));
                StandardGrid {
                    table,
                    columns: grid_columns,
                    shape: Shape::Rows {
                        coded: false,
                        segmented: false,
                        keys: columns.iter().map(|c| c.key.clone()).collect(),
                    },
                }
            }
            Layout::TwoSided { left, right, footer } => {
                let side_header = |side: &crate::catalog::Side, c: &crate::catalog::Column| {
                    let mut header = vec![side.header.clone()];
                    header.extend(c.header.iter().cloned());
                    GridColumn::amount(header)
                };
                let mut grid_columns = vec![GridColumn {
                    header: vec![left.header.clone(), left.label_header.clone()],
                    ..GridColumn::text("", 140.0)
                }];
                grid_columns.extend(left.columns.iter().map(|c| side_header(left, c)));
                grid_columns.push(GridColumn {
                    header: vec![right.header.clone(), right.label_header.clone()],
                    ..GridColumn::text("", 140.0)
                });
                grid_columns.extend(right.columns.iter().map(|c| side_header(right, c)));
                let rows = &document.project.tables.get(table).rows;
                let footer_ids: Vec<&str> =
                    footer.iter().flat_map(|pair| [&pair.left, &pair.right]).flatten().map(|r| r.id.as_str()).collect();
                let position = |id: &str| rows.iter().position(|r| r.id == id);
                let items = |prefix: &str| -> Vec<usize> {
                    rows.iter()
                        .enumerate()
                        .filter(|(_, r)| r.id.starts_with(prefix) && !footer_ids.contains(&r.id.as_str()))
                        .map(|(i, _)| i)
                        .collect()
                };
                let (ins, outs) = (items("in."), items("out."));
                let mut lines: Vec<(Option<usize>, Option<usize>)> =
                    (0..ins.len().max(outs.len())).map(|i| (ins.get(i).copied(), outs.get(i).copied())).collect();
                for pair in footer {
                    let find = |row: &Option<crate::catalog::FixedRow>| row.as_ref().and_then(|r| position(&r.id));
                    lines.push((find(&pair.left), find(&pair.right)));
                }
                StandardGrid {
                    table,
                    columns: grid_columns,
                    shape: Shape::TwoSided {
                        left: left.columns.iter().map(|c| c.key.clone()).collect(),
                        right: right.columns.iter().map(|c| c.key.clone()).collect(),
                        lines,
                    },
                }
            }
        }
    }

    /// The grid position of a model row and column (for jumping to a finding).
    pub fn position_of(&self, document: &Document, row_id: &str, column: Option<&str>) -> Option<(usize, usize)> {
        let row = document.project.tables.get(self.table).position_of_key(row_id)?;
        match &self.shape {
            Shape::Rows { coded, keys, .. } => {
                let name_column = usize::from(*coded);
                let column =
                    column.and_then(|c| keys.iter().position(|k| k == c)).map_or(name_column, |k| name_column + 1 + k);
                Some((row + 1, column))
            }
            Shape::TwoSided { left, right, lines } => {
                let line = lines.iter().position(|(l, r)| *l == Some(row) || *r == Some(row))?;
                let on_left = lines[line].0 == Some(row);
                let (base, keys) = if on_left { (0, left) } else { (1 + left.len(), right) };
                let column = column.and_then(|c| keys.iter().position(|k| k == c)).map_or(base, |k| base + 1 + k);
                Some((line + 1, column))
            }
        }
    }

    /// The model row shown on a grid line (the left one on two-sided tables when both exist
    /// and `column` is on the left).
    pub fn model_row(&self, grid_row: usize, column: usize) -> Option<usize> {
        if grid_row == 0 {
            return None;
        }
        match &self.shape {
            Shape::Rows { .. } => Some(grid_row - 1),
            Shape::TwoSided { left, lines, .. } => {
                let (l, r) = *lines.get(grid_row - 1)?;
                if column <= left.len() { l } else { r }
            }
        }
    }

    fn slot(&self, document: &Document, row: usize, column: usize) -> Slot<'_> {
        let rows = document.project.tables.get(self.table).rows.len();
        match &self.shape {
            Shape::Rows { coded, keys, .. } => {
                let name_column = usize::from(*coded);
                if row == 0 {
                    return Slot::Label(if column == name_column {
                        "栏次".into()
                    } else if column > name_column {
                        (column - name_column).to_string()
                    } else {
                        String::new()
                    });
                }
                let model = row - 1;
                if model >= rows {
                    return Slot::Label(String::new());
                }
                if *coded && column == 0 {
                    Slot::Code(model)
                } else if column == name_column {
                    Slot::Name(model)
                } else {
                    keys.get(column - name_column - 1).map_or(Slot::Label(String::new()), |k| Slot::Amount(model, k))
                }
            }
            Shape::TwoSided { left, right, lines } => {
                let (side_row, keys, offset) = match lines.get(row.wrapping_sub(1)) {
                    _ if row == 0 => {
                        return Slot::Label(match column {
                            0 => "栏次".into(),
                            c if c == left.len() + 1 => "栏次".into(),
                            c if c <= left.len() => c.to_string(),
                            c => (c - 1).to_string(),
                        });
                    }
                    Some((l, r)) if column <= left.len() => (*l, left, 0),
                    Some((_, r)) => (*r, right, left.len() + 1),
                    None => return Slot::Label(String::new()),
                };
                let Some(model) = side_row else { return Slot::Label(String::new()) };
                if column == offset {
                    Slot::Name(model)
                } else {
                    keys.get(column - offset - 1).map_or(Slot::Label(String::new()), |k| Slot::Amount(model, k))
                }
            }
        }
    }
}

fn code_indent(code: &str) -> u8 {
    match code.len() {
        5 => 1,
        7 => 2,
        _ => 0,
    }
}

impl GridSource for StandardGrid {
    fn columns(&self) -> &[GridColumn] {
        &self.columns
    }

    fn sticky_columns(&self) -> usize {
        match &self.shape {
            Shape::Rows { coded: true, .. } => 2,
            _ => 1,
        }
    }

    fn label_columns(&self) -> usize {
        match &self.shape {
            // The income half and the expenditure names: only the expenditure amounts scroll.
            Shape::TwoSided { left, .. } => left.len() + 2,
            Shape::Rows { .. } => self.sticky_columns(),
        }
    }

    fn row_count(&self, document: &Document) -> usize {
        1 + match &self.shape {
            Shape::Rows { .. } => document.project.tables.get(self.table).rows.len(),
            Shape::TwoSided { lines, .. } => lines.len(),
        }
    }

    fn cell(&self, document: &Document, row: usize, column: usize) -> CellView {
        let table = document.project.tables.get(self.table);
        let mark = |row: usize, key: &str| {
            document.cell_finding(self.table, row, key).map(|f| (f.severity, f.message.clone()))
        };
        match self.slot(document, row, column) {
            Slot::Label(text) => CellView { text, strong: row == 0, ..Default::default() },
            Slot::Code(model) => {
                let r = &table.rows[model];
                CellView { text: if r.is_coded() { r.id.clone() } else { String::new() }, ..Default::default() }
            }
            Slot::Name(model) => {
                let r = &table.rows[model];
                let indent = if r.is_coded() {
                    code_indent(&r.id)
                } else {
                    document
                        .edition()
                        .and_then(|e| e.fixed_rows(self.table).iter().find(|f| f.id == r.id))
                        .map_or(0, |f| f.indent)
                };
                CellView {
                    text: r.name.clone(),
                    // A unit's 小计 label is the budget system's wording: the user may correct it.
                    editable: r.is_coded() || r.is_unit_subtotal(),
                    strong: !r.is_coded() && (r.id == "total" || r.id.ends_with("total") || r.is_unit_subtotal()),
                    indent,
                    mark: mark(model, ""),
                    ..Default::default()
                }
            }
            Slot::Amount(model, key) => {
                let r = &table.rows[model];
                let derived = document.is_derived(self.table, model, key);
                CellView {
                    text: format_wan(r.cells.get(key)),
                    editable: !derived,
                    derived,
                    strong: r.id == "total" || r.is_unit_subtotal(),
                    mark: mark(model, key),
                    ..Default::default()
                }
            }
        }
    }

    fn edit_text(&self, document: &Document, row: usize, column: usize) -> String {
        let table = document.project.tables.get(self.table);
        match self.slot(document, row, column) {
            Slot::Amount(model, key) => table.rows[model].cells.get(key).map(|v| v.to_string()).unwrap_or_default(),
            _ => self.cell(document, row, column).text,
        }
    }

    fn write(&self, document: &Document, cells: &[(usize, usize, String)]) -> (Vec<Op>, Vec<String>) {
        let mut ops = Vec::new();
        let mut refusals = Vec::new();
        for (row, column, text) in cells {
            match self.slot(document, *row, *column) {
                Slot::Amount(model, key) => match parse_input(text) {
                    Ok(value) => {
                        let current = document.project.tables.get(self.table).rows[model].cells.get(key);
                        if current != value {
                            ops.push(Op::SetCell { table: self.table, row: model, column: key.to_string(), value });
                        }
                    }
                    Err(error) => {
                        refusals.push(format!("{}：{}，已保留原值", self.cell_name(document, *row, *column), error))
                    }
                },
                Slot::Name(model) => {
                    let name = text.trim().to_string();
                    if name.is_empty() {
                        refusals
                            .push(format!("{}：科目名称不能为空，已保留原值", self.cell_name(document, *row, *column)));
                    } else {
                        ops.push(Op::RowName { table: self.table, row: model, name });
                    }
                }
                Slot::Label(_) | Slot::Code(_) => {}
            }
        }
        (ops, refusals)
    }

    fn cell_name(&self, document: &Document, row: usize, column: usize) -> String {
        let table = document.project.tables.get(self.table);
        let header = self.columns.get(column).map(|c| c.header.last().cloned().unwrap_or_default()).unwrap_or_default();
        // Under per-unit 小计 rows a code stands once per unit: its unit tells the cells apart
        // (looked up only there: the label is asked for every visible cell every frame).
        let row_name = |model: usize| match &self.shape {
            Shape::Rows { segmented: true, .. } => table.row_label(model),
            _ => table.rows.get(model).map_or_else(String::new, |r| {
                if r.is_coded() { format!("{} {}", r.id, r.name) } else { r.name.clone() }
            }),
        };
        match self.slot(document, row, column) {
            Slot::Amount(model, key) => {
                let label = document.edition().map_or_else(|| key.to_string(), |e| e.column_label(self.table, key));
                format!("{} · {label}", row_name(model))
            }
            Slot::Name(model) | Slot::Code(model) => format!("{} · {header}", row_name(model)),
            Slot::Label(text) => format!("栏次 {text}"),
        }
    }

    fn offers_goals(&self, document: &Document, row: usize, column: usize) -> bool {
        matches!(self.slot(document, row, column), Slot::Amount(_, "project"))
    }

    /// An amount cell is a cell; the code and name cells stand for their row.
    fn anchor(&self, document: &Document, row: usize, column: usize) -> Option<Anchor> {
        let rows = &document.project.tables.get(self.table).rows;
        let (model, column) = match self.slot(document, row, column) {
            Slot::Amount(model, key) => (model, Some(key.to_string())),
            Slot::Code(model) | Slot::Name(model) => (model, None),
            Slot::Label(_) => return None,
        };
        let table = document.project.tables.get(self.table);
        let row = match &self.shape {
            Shape::Rows { segmented: true, .. } => table.row_key(model)?,
            _ => rows.get(model)?.id.clone(),
        };
        Some(Anchor::Table { table: self.table, row: Some(row), column })
    }
}

/// Reads a number as people type it (full-width digits, thousands separators) keeping the
/// precision they typed: quantities and asset values are not rounded to 万元 cents.
pub fn parse_plain_number(input: &str) -> Result<Option<Decimal>, String> {
    let cleaned: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}'))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '－' => '-',
            other => other,
        })
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    crate::model::amount::parse_canonical(&cleaned).map(Some).map_err(|_| format!("“{}”不是有效的数字", input.trim()))
}

/// 政府采购预算表: one grid row per item and the stated 合计 row last.
pub struct ProcurementGrid {
    columns: Vec<GridColumn>,
    fund_keys: Vec<String>,
}

const PROCUREMENT_TEXT_COLUMNS: usize = 7;

impl ProcurementGrid {
    pub fn new(edition: &Edition) -> ProcurementGrid {
        let template = &edition.procurement;
        let mut columns = vec![
            GridColumn {
                header: vec!["政府采购项目来源".into(), "项目名称".into()], ..GridColumn::text("", 200.0)
            },
            GridColumn::amount(vec!["政府采购项目来源".into(), "预算资金".into()]),
            GridColumn::text("采购物品名称", 160.0),
            GridColumn::text("政府采购目录序号", 110.0),
            GridColumn::text("计量单位", 70.0),
            GridColumn::amount(vec!["数量".into()]),
            GridColumn::amount(vec!["单价".into()]),
        ];
        columns.extend(template.fund_columns.iter().map(|c| {
            let mut header = vec![template.amount_header.clone()];
            header.extend(c.header.iter().cloned());
            GridColumn::amount(header)
        }));
        columns.push(GridColumn::amount(vec!["预留中小微企业份额".into()]));
        ProcurementGrid { columns, fund_keys: template.fund_columns.iter().map(|c| c.key.clone()).collect() }
    }

    fn text(document: &Document, row: usize, column: usize, fund_keys: &[String]) -> (String, bool) {
        let procurement = &document.project.procurement;
        let amount = |v: Option<Decimal>| v.map(|v| v.to_string()).unwrap_or_default();
        if let Some(item) = procurement.rows.get(row) {
            let text = match column {
                0 => item.project.clone(),
                1 => amount(item.project_budget),
                2 => item.item.clone(),
                3 => item.catalog_code.clone(),
                4 => item.unit.clone(),
                5 => amount(item.quantity),
                6 => amount(item.unit_price),
                c if c < PROCUREMENT_TEXT_COLUMNS + fund_keys.len() => {
                    amount(item.funds.get(&fund_keys[c - PROCUREMENT_TEXT_COLUMNS]))
                }
                _ => amount(item.sme_reserved),
            };
            return (text, true);
        }
        let Some(total) = &procurement.total else { return (String::new(), false) };
        let text = match column {
            0 => "合计".into(),
            1 => amount(total.project_budget),
            c if (PROCUREMENT_TEXT_COLUMNS..PROCUREMENT_TEXT_COLUMNS + fund_keys.len()).contains(&c) => {
                amount(total.funds.get(&fund_keys[c - PROCUREMENT_TEXT_COLUMNS]))
            }
            c if c == PROCUREMENT_TEXT_COLUMNS + fund_keys.len() => amount(total.sme_reserved),
            _ => String::new(),
        };
        let editable = column == 1 || column >= PROCUREMENT_TEXT_COLUMNS;
        (text, editable)
    }
}

impl GridSource for ProcurementGrid {
    fn columns(&self) -> &[GridColumn] {
        &self.columns
    }

    fn sticky_columns(&self) -> usize {
        1
    }

    fn row_count(&self, document: &Document) -> usize {
        let procurement = &document.project.procurement;
        procurement.rows.len() + usize::from(procurement.total.is_some())
    }

    fn cell(&self, document: &Document, row: usize, column: usize) -> CellView {
        let (text, editable) = Self::text(document, row, column, &self.fund_keys);
        let mark = document
            .findings
            .iter()
            .find(|f| matches!(&f.location, crate::audit::Location::Procurement { row: Some(r), .. } if *r == row))
            .map(|f| (f.severity, f.message.clone()));
        CellView {
            text,
            editable,
            strong: row >= document.project.procurement.rows.len(),
            mark: if column == 0 { mark } else { None },
            ..Default::default()
        }
    }

    fn write(&self, document: &Document, cells: &[(usize, usize, String)]) -> (Vec<Op>, Vec<String>) {
        let mut table = document.project.procurement.clone();
        let mut refusals = Vec::new();
        let fund_count = self.fund_keys.len();
        for &(row, column, ref text) in cells {
            let name = self.cell_name(document, row, column);
            let value = match column {
                5 => Some(parse_plain_number(text)),
                1 | 6 => Some(parse_input(text).map_err(|e| e.to_string())),
                c if c >= PROCUREMENT_TEXT_COLUMNS => Some(parse_input(text).map_err(|e| e.to_string())),
                _ => None,
            };
            if let Some(Err(error)) = &value {
                refusals.push(format!("{name}：{error}，已保留原值"));
                continue;
            }
            let value = value.and_then(Result::ok).flatten();
            if let Some(item) = table.rows.get_mut(row) {
                let text = text.trim().to_string();
                match column {
                    0 => item.project = text,
                    1 => item.project_budget = value,
                    2 => item.item = text,
                    3 => item.catalog_code = text,
                    4 => item.unit = text,
                    5 => item.quantity = value,
                    6 => item.unit_price = value,
                    c if c < PROCUREMENT_TEXT_COLUMNS + fund_count => {
                        item.funds.set(&self.fund_keys[c - PROCUREMENT_TEXT_COLUMNS], value)
                    }
                    _ => item.sme_reserved = value,
                }
            } else if let Some(total) = &mut table.total {
                match column {
                    1 => total.project_budget = value,
                    c if (PROCUREMENT_TEXT_COLUMNS..PROCUREMENT_TEXT_COLUMNS + fund_count).contains(&c) => {
                        total.funds.set(&self.fund_keys[c - PROCUREMENT_TEXT_COLUMNS], value)
                    }
                    c if c == PROCUREMENT_TEXT_COLUMNS + fund_count => total.sme_reserved = value,
                    _ => {}
                }
            }
        }
        let ops =
            if table == document.project.procurement { Vec::new() } else { vec![Op::Procurement(Box::new(table))] };
        (ops, refusals)
    }

    /// A procurement row (the findings point at rows; the 合计 row is the table's).
    fn anchor(&self, document: &Document, row: usize, _column: usize) -> Option<Anchor> {
        let row = (row < document.project.procurement.rows.len()).then_some(row);
        Some(Anchor::Procurement { row, column: None })
    }

    fn cell_name(&self, document: &Document, row: usize, column: usize) -> String {
        let header = self.columns.get(column).and_then(|c| c.header.last().cloned()).unwrap_or_default();
        match document.project.procurement.rows.get(row) {
            Some(item) => format!("采购第 {} 行（{}）· {header}", row + 1, item.item),
            None => format!("采购合计 · {header}"),
        }
    }
}

/// 固定资产占用情况表: six fixed lines, 数量 and 价值.
pub struct AssetGrid {
    columns: Vec<GridColumn>,
    labels: Vec<(String, String, u8)>,
}

impl AssetGrid {
    pub fn new(edition: &Edition) -> AssetGrid {
        AssetGrid {
            columns: vec![
                GridColumn::text("项目", 240.0),
                GridColumn::amount(vec!["数量".into()]),
                GridColumn::amount(vec!["价值（万元）".into()]),
            ],
            labels: edition.assets.lines.iter().map(|l| (l.key.clone(), l.label.clone(), l.indent)).collect(),
        }
    }
}

fn asset_line_mut<'a>(table: &'a mut crate::model::AssetTable, key: &str) -> Option<&'a mut crate::model::AssetLine> {
    table.line_mut(key)
}

impl GridSource for AssetGrid {
    fn columns(&self) -> &[GridColumn] {
        &self.columns
    }

    fn sticky_columns(&self) -> usize {
        1
    }

    fn row_count(&self, _document: &Document) -> usize {
        self.labels.len()
    }

    fn cell(&self, document: &Document, row: usize, column: usize) -> CellView {
        let Some((key, label, indent)) = self.labels.get(row) else { return CellView::default() };
        let line = document.project.assets.lines().into_iter().find(|(k, _)| k == key).map(|(_, l)| l.clone());
        let line = line.unwrap_or_default();
        let mark = document
            .findings
            .iter()
            .find(|f| matches!(&f.location, crate::audit::Location::Assets { line: Some(l) } if l == key))
            .map(|f| (f.severity, f.message.clone()));
        match column {
            0 => CellView { text: label.clone(), indent: *indent, mark, ..Default::default() },
            1 => CellView {
                text: line.quantity.map(|q| q.to_string()).unwrap_or_default(),
                editable: true,
                ..Default::default()
            },
            _ => CellView {
                text: line.value.map(|v| v.to_string()).unwrap_or_default(),
                editable: true,
                ..Default::default()
            },
        }
    }

    fn write(&self, document: &Document, cells: &[(usize, usize, String)]) -> (Vec<Op>, Vec<String>) {
        let mut table = document.project.assets.clone();
        let mut refusals = Vec::new();
        for (row, column, text) in cells {
            let Some((key, _, _)) = self.labels.get(*row) else { continue };
            let Some(line) = asset_line_mut(&mut table, key) else { continue };
            let trimmed = text.trim();
            let result = if *column == 1 && matches!(trimmed, "——" | "—" | "--") {
                Ok(Some(Quantity::NotApplicable))
            } else {
                parse_plain_number(trimmed).map(|n| n.map(Quantity::Number))
            };
            match (column, result) {
                (_, Err(error)) => {
                    refusals.push(format!("{}：{error}，已保留原值", self.cell_name(document, *row, *column)))
                }
                (1, Ok(quantity)) => line.quantity = quantity,
                (2, Ok(value)) => line.value = value.and_then(Quantity::number),
                _ => {}
            }
        }
        let ops = if table == document.project.assets { Vec::new() } else { vec![Op::Assets(Box::new(table))] };
        (ops, refusals)
    }

    /// An asset line.
    fn anchor(&self, _document: &Document, row: usize, _column: usize) -> Option<Anchor> {
        Some(Anchor::Assets { line: Some(self.labels.get(row)?.0.clone()) })
    }

    fn cell_name(&self, _document: &Document, row: usize, column: usize) -> String {
        let label = self.labels.get(row).map_or("", |l| l.1.as_str());
        let header = self.columns.get(column).and_then(|c| c.header.last().cloned()).unwrap_or_default();
        format!("{label} · {header}")
    }
}

/// Which list of indicators an [`IndicatorGrid`] edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorList {
    /// The 绩效目标表 of project goal n.
    Goal(usize),
    /// The department-wide 整体支出绩效指标 table (with its 评（扣）分标准 column).
    Department,
}

pub struct IndicatorGrid {
    pub list: IndicatorList,
    columns: Vec<GridColumn>,
}

impl IndicatorGrid {
    pub fn new(list: IndicatorList) -> IndicatorGrid {
        let mut columns = vec![
            GridColumn::text("一级指标", 72.0),
            GridColumn::text("二级指标", 72.0),
            GridColumn::text("三级指标", 120.0),
        ];
        if list == IndicatorList::Department {
            columns.push(GridColumn::text("评（扣）分标准", 200.0));
        }
        columns.extend([
            GridColumn::text("绩效指标描述", 120.0),
            GridColumn::text("指标值", 64.0),
            GridColumn::text("指标值确定依据", 110.0),
        ]);
        IndicatorGrid { list, columns }
    }

    pub fn indicators<'a>(&self, document: &'a Document) -> &'a [Indicator] {
        match self.list {
            IndicatorList::Goal(index) => document.project.goals.get(index).map_or(&[], |g| g.indicators.as_slice()),
            IndicatorList::Department => &document.project.narrative.department_goals.indicators,
        }
    }

    /// The field a column edits (columns differ between the two lists).
    fn field(&self, column: usize) -> Field {
        let scoring = self.list == IndicatorList::Department;
        match (column, scoring) {
            (0, _) => Field::Level1,
            (1, _) => Field::Level2,
            (2, _) => Field::Name,
            (3, true) => Field::Scoring,
            (3, false) | (4, true) => Field::Description,
            (4, false) | (5, true) => Field::Value,
            _ => Field::Basis,
        }
    }

    /// The operation that replaces this list with `indicators`.
    pub fn replace(&self, document: &Document, indicators: Vec<Indicator>) -> Option<Op> {
        match self.list {
            IndicatorList::Goal(index) => {
                let mut goal = document.project.goals.get(index)?.clone();
                goal.indicators = indicators;
                Some(Op::Goal { index, goal: Box::new(goal) })
            }
            IndicatorList::Department => {
                let mut narrative = document.project.narrative.clone();
                narrative.department_goals.indicators = indicators;
                Some(Op::Narrative(Box::new(narrative)))
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Field {
    Level1,
    Level2,
    Name,
    Scoring,
    Description,
    Value,
    Basis,
}

fn field_text(indicator: &Indicator, field: Field) -> String {
    match field {
        Field::Level1 => indicator.level1.clone(),
        Field::Level2 => indicator.level2.clone(),
        Field::Name => indicator.name.clone(),
        Field::Scoring => indicator.scoring.clone(),
        Field::Description => indicator.description.clone(),
        Field::Value => indicator.value.to_string(),
        Field::Basis => indicator.basis.clone(),
    }
}

impl GridSource for IndicatorGrid {
    fn columns(&self) -> &[GridColumn] {
        &self.columns
    }

    fn fit_width(&self) -> bool {
        // The goal table sits in a side panel: every column visible, long texts clipped (whole
        // on hover and in the editor).
        self.list != IndicatorList::Department
    }

    fn sticky_columns(&self) -> usize {
        0
    }

    fn row_count(&self, document: &Document) -> usize {
        self.indicators(document).len()
    }

    fn cell(&self, document: &Document, row: usize, column: usize) -> CellView {
        let Some(indicator) = self.indicators(document).get(row) else { return CellView::default() };
        let mark = match self.list {
            IndicatorList::Goal(goal) => document
                .findings
                .iter()
                .find(|f| matches!(f.location, crate::audit::Location::Goal { goal: g, indicator: Some(i) } if g == goal && i == row))
                .map(|f| (f.severity, f.message.clone())),
            IndicatorList::Department => None,
        };
        CellView {
            text: field_text(indicator, self.field(column)),
            editable: true,
            mark: if column == 2 { mark } else { None },
            ..Default::default()
        }
    }

    fn write(&self, document: &Document, cells: &[(usize, usize, String)]) -> (Vec<Op>, Vec<String>) {
        let mut indicators = self.indicators(document).to_vec();
        for (row, column, text) in cells {
            let Some(indicator) = indicators.get_mut(*row) else { continue };
            let text = text.trim().to_string();
            match self.field(*column) {
                Field::Level1 => indicator.level1 = text,
                Field::Level2 => indicator.level2 = text,
                Field::Name => indicator.name = text,
                Field::Scoring => indicator.scoring = text,
                Field::Description => indicator.description = text,
                Field::Value => indicator.value = IndicatorValue::parse(&text),
                Field::Basis => indicator.basis = text,
            }
        }
        if indicators == self.indicators(document) {
            return (Vec::new(), Vec::new());
        }
        (self.replace(document, indicators).into_iter().collect(), Vec::new())
    }

    /// An indicator of a goal table; the department-wide list is its narrative section.
    fn anchor(&self, document: &Document, row: usize, _column: usize) -> Option<Anchor> {
        self.indicators(document).get(row)?;
        Some(match self.list {
            IndicatorList::Goal(goal) => Anchor::Goal { goal, indicator: Some(row) },
            IndicatorList::Department => Anchor::Narrative { section: "department_goals.indicators".into() },
        })
    }

    fn cell_name(&self, _document: &Document, row: usize, column: usize) -> String {
        let header = self.columns.get(column).and_then(|c| c.header.last().cloned()).unwrap_or_default();
        format!("指标第 {} 行 · {header}", row + 1)
    }
}
