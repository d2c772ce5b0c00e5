//! The nine standard tables, stored as the document states them.
//!
//! Every cell the published table shows is stored, including totals: real disclosures contain
//! totals that do not add up, and the audit has to see them. Which cells are derived is decided
//! by `calc`; the model only records what the document says.
//!
//! A table is a list of rows. A row is identified by `id`: a classification code ("2010301",
//! "30101") on classification rows, or a fixed key from the edition ("total", "in.general",
//! "out.201", "vehicle.upkeep") on the rows every document of that edition has. Column keys
//! ("total", "basic", "project", …) also come from the edition, so the row lists and column sets
//! of a new edition are a data change.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::amount::parse_canonical;

/// The nine standard tables of a department budget disclosure, in publication order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TableId {
    /// 部门预算收支总表
    IncomeExpenseSummary,
    /// 部门预算收入总表
    Income,
    /// 部门预算支出总表
    Expense,
    /// 部门预算财政拨款收支总表
    FiscalSummary,
    /// 一般公共预算财政拨款支出表
    GeneralExpense,
    /// 一般公共预算财政拨款基本支出表
    GeneralBasicExpense,
    /// 政府性基金预算财政拨款支出表
    FundExpense,
    /// 国有资本经营预算财政拨款支出表
    CapitalExpense,
    /// 财政拨款“三公”经费支出表
    ThreePublic,
}

impl TableId {
    pub const ALL: [TableId; 9] = [
        TableId::IncomeExpenseSummary,
        TableId::Income,
        TableId::Expense,
        TableId::FiscalSummary,
        TableId::GeneralExpense,
        TableId::GeneralBasicExpense,
        TableId::FundExpense,
        TableId::CapitalExpense,
        TableId::ThreePublic,
    ];

    /// A short Chinese name for lists, findings and messages (the full title is per document).
    pub fn short_name(self) -> &'static str {
        match self {
            TableId::IncomeExpenseSummary => "收支总表",
            TableId::Income => "收入总表",
            TableId::Expense => "支出总表",
            TableId::FiscalSummary => "财政拨款收支总表",
            TableId::GeneralExpense => "一般公共预算支出表",
            TableId::GeneralBasicExpense => "一般公共预算基本支出表",
            TableId::FundExpense => "政府性基金预算支出表",
            TableId::CapitalExpense => "国有资本经营预算支出表",
            TableId::ThreePublic => "“三公”经费表",
        }
    }

    /// Stable ASCII key for JSON output and command-line use.
    pub fn key(self) -> &'static str {
        match self {
            TableId::IncomeExpenseSummary => "income_expense_summary",
            TableId::Income => "income",
            TableId::Expense => "expense",
            TableId::FiscalSummary => "fiscal_summary",
            TableId::GeneralExpense => "general_expense",
            TableId::GeneralBasicExpense => "general_basic_expense",
            TableId::FundExpense => "fund_expense",
            TableId::CapitalExpense => "capital_expense",
            TableId::ThreePublic => "three_public",
        }
    }
}

impl fmt::Display for TableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.short_name())
    }
}

/// One standard table as printed: its title, its rows, and the notes printed under it
/// (for example “注：无政府性基金预算财政拨款预算，空表列示。”).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub title: String,
    #[serde(default)]
    pub rows: Vec<Row>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Table {
    /// The first row with this id, or the row a [`Table::row_key`] names.
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.position_of_key(id).and_then(|i| self.rows.get(i))
    }

    pub fn row_mut(&mut self, id: &str) -> Option<&mut Row> {
        let position = self.position_of_key(id)?;
        self.rows.get_mut(position)
    }

    /// The stated amount of one cell; `None` for a blank cell or a missing row. In a table with
    /// per-unit 小计 rows a code stands once per unit, and its amount is the department's: the
    /// sum over every unit that states it (what the summaries, the narrative and the PDF's
    /// figures mean by “201 一般公共服务支出”). A [`Table::row_key`] names one unit's row.
    pub fn amount(&self, row_id: &str, column: &str) -> Option<Decimal> {
        if is_classification_code(row_id) && self.has_unit_subtotals() {
            let mut stated = self.rows.iter().filter(|r| r.id == row_id).filter_map(|r| r.cells.get(column)).peekable();
            stated.peek()?;
            return Some(stated.sum());
        }
        self.row(row_id).and_then(|r| r.cells.get(column))
    }

    /// True when the table prints per-unit 小计 rows (“某某单位(本级）小计”), each followed by
    /// that unit's codes.
    pub fn has_unit_subtotals(&self) -> bool {
        self.rows.iter().any(Row::is_unit_subtotal)
    }

    /// The table's rows in units: without 小计 rows one segment of every row; with them, the rows
    /// before the first 小计 (the 合计 row) and then one segment per 小计 row, from it up to the
    /// next. Codes, their hierarchy and duplicates are per segment.
    pub fn segments(&self) -> Vec<Segment> {
        let mut segments = vec![Segment { unit: None, rows: 0..self.rows.len() }];
        for (position, _) in self.rows.iter().enumerate().filter(|(_, r)| r.is_unit_subtotal()) {
            if let Some(last) = segments.last_mut() {
                last.rows.end = position;
            }
            segments.push(Segment { unit: Some(position), rows: position..self.rows.len() });
        }
        segments
    }

    /// The 小计 row whose segment holds the row at `position` (none in a table without them).
    pub fn unit_of(&self, position: usize) -> Option<usize> {
        let before = self.rows.get(..=position)?;
        before.iter().rposition(Row::is_unit_subtotal)
    }

    /// A key naming the row at `position` uniquely, for finding locations, fixes, comments and
    /// diffs: the row id, or `unit.N:code` for a code under a per-unit 小计 row (the same code
    /// stands under every unit). [`Table::position_of_key`] reads it back.
    pub fn row_key(&self, position: usize) -> Option<String> {
        let row = self.rows.get(position)?;
        let unit = self.unit_of(position).and_then(|u| self.rows.get(u));
        Some(key_of(unit.map(|u| u.id.as_str()), row).into_owned())
    }

    /// [`Table::row_key`] of every row, in one pass; borrowed where the key is the id (every row
    /// of a table without 小计 rows), so the audit of a large table allocates nothing for it.
    pub fn row_keys(&self) -> Vec<std::borrow::Cow<'_, str>> {
        let mut unit: Option<&str> = None;
        self.rows
            .iter()
            .map(|row| {
                if row.is_unit_subtotal() {
                    unit = Some(row.id.as_str());
                }
                key_of(unit, row)
            })
            .collect()
    }

    /// “2010301 行政运行” for a coded row, “2010301 行政运行（某某小学小计）” when it stands under a
    /// per-unit 小计 row; the stated name for other rows. For messages and cell labels.
    pub fn row_label(&self, position: usize) -> String {
        let Some(row) = self.rows.get(position) else { return String::new() };
        if !row.is_coded() {
            return row.name.clone();
        }
        match self.unit_of(position).and_then(|u| self.rows.get(u)) {
            Some(unit) => format!("{} {}（{}）", row.id, row.name, unit.name.trim()),
            None => format!("{} {}", row.id, row.name),
        }
    }

    /// The segment a 小计 row (by id) opens, or with `None` the whole of a table without them.
    /// `None` when there is no such unit, or no unit is named in a table that has them.
    pub fn segment_of_unit(&self, unit: Option<&str>) -> Option<Segment> {
        let segments = self.segments();
        match unit {
            Some(unit) => {
                segments.into_iter().find(|s| s.unit.and_then(|u| self.rows.get(u)).is_some_and(|r| r.id == unit))
            }
            None if segments.len() > 1 => None,
            None => segments.into_iter().next(),
        }
    }

    /// The position of the row a [`Table::row_key`] (or a plain row id: its first row) names.
    pub fn position_of_key(&self, key: &str) -> Option<usize> {
        match key.split_once(UNIT_KEY_SEPARATOR) {
            Some((unit, code)) => {
                let start = self.rows.iter().position(|r| r.id == unit)?;
                let rest = self.rows.get(start + 1..)?;
                let end = rest.iter().position(Row::is_unit_subtotal).unwrap_or(rest.len());
                rest.get(..end)?.iter().position(|r| r.id == code).map(|i| start + 1 + i)
            }
            None => self.rows.iter().position(|r| r.id == key),
        }
    }

    /// Rows that carry a classification code (as opposed to fixed rows such as 合计).
    pub fn coded_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.is_coded())
    }

    /// True when no row has any amount: such a table is published with an 空表 note.
    pub fn has_no_amounts(&self) -> bool {
        self.rows.iter().all(|r| r.cells.is_empty())
    }
}

/// Row ids of per-unit 小计 rows: `unit.1`, `unit.2`, … in print order. A budget system that
/// breaks a department down by unit prints “某某单位(本级）小计” and then that unit's codes; the
/// stated label is the row's name.
pub const UNIT_ROW_PREFIX: &str = "unit.";

/// Between the 小计 row's id and the code in a [`Table::row_key`] (`unit.2:2010301`).
pub const UNIT_KEY_SEPARATOR: char = ':';

/// The id of the `n`-th (from 1) per-unit 小计 row.
pub fn unit_subtotal_id(n: usize) -> String {
    format!("{UNIT_ROW_PREFIX}{n}")
}

pub fn is_unit_subtotal_id(id: &str) -> bool {
    id.strip_prefix(UNIT_ROW_PREFIX).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The row key of `row` under the 小计 row `unit` (see [`Table::row_key`]).
fn key_of<'r>(unit: Option<&str>, row: &'r Row) -> std::borrow::Cow<'r, str> {
    match unit {
        Some(unit) if row.is_coded() => std::borrow::Cow::Owned(format!("{unit}{UNIT_KEY_SEPARATOR}{}", row.id)),
        _ => std::borrow::Cow::Borrowed(row.id.as_str()),
    }
}

/// One unit's rows in a table with per-unit 小计 rows (see [`Table::segments`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Position of the 小计 row that opens the segment; `None` for the rows before the first.
    pub unit: Option<usize>,
    pub rows: std::ops::Range<usize>,
}

/// One row of a standard table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// Classification code, or the edition's fixed row key.
    pub id: String,
    /// The row label as printed (科目名称, or the fixed label such as “一、公务接待费”).
    pub name: String,
    #[serde(default)]
    pub cells: Cells,
}

impl Row {
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Row { id: id.into(), name: name.into(), cells: Cells::default() }
    }

    pub fn with(mut self, column: &str, value: Decimal) -> Self {
        self.cells.set(column, Some(value));
        self
    }

    /// Classification rows are identified by their all-digit code; fixed keys contain letters.
    pub fn is_coded(&self) -> bool {
        is_classification_code(&self.id)
    }

    /// A per-unit 小计 row (“某某单位(本级）小计”).
    pub fn is_unit_subtotal(&self) -> bool {
        is_unit_subtotal_id(&self.id)
    }
}

/// Function codes are 3/5/7 digits, economic codes 3/5 digits.
pub fn is_classification_code(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}

/// The non-blank cells of a row, keyed by column, in column order.
///
/// Stored as a small ordered list: rows have at most a dozen columns, lookups by linear scan are
/// faster than hashing at that size, and the file keeps the order in which it was written so
/// that save → load → save is byte-identical.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cells(Vec<(String, Decimal)>);

impl Cells {
    pub fn get(&self, column: &str) -> Option<Decimal> {
        // Column keys are a few ASCII bytes; comparing them inline is several times faster than
        // `==`'s call into memcmp, and the audit looks up millions of cells on large projects.
        let wanted = column.as_bytes();
        self.0
            .iter()
            .find(|(k, _)| k.len() == wanted.len() && k.bytes().zip(wanted).all(|(a, b)| a == *b))
            .map(|(_, v)| *v)
    }

    /// Sets or clears (with `None`) a cell. A new cell goes to the end; callers that care about
    /// column order use [`Cells::sort_by_columns`].
    pub fn set(&mut self, column: &str, value: Option<Decimal>) {
        let position = self.0.iter().position(|(k, _)| k == column);
        match (position, value) {
            (Some(i), Some(v)) => {
                if let Some(cell) = self.0.get_mut(i) {
                    cell.1 = v;
                }
            }
            (Some(i), None) => {
                self.0.remove(i);
            }
            (None, Some(v)) => self.0.push((column.to_string(), v)),
            (None, None) => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, Decimal)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Puts the cells in the order of `columns`; unknown keys keep their place at the end.
    pub fn sort_by_columns<'a>(&mut self, columns: impl IntoIterator<Item = &'a str> + Clone) {
        let rank = |key: &str| columns.clone().into_iter().position(|c| c == key).unwrap_or(usize::MAX);
        self.0.sort_by_key(|(k, _)| rank(k));
    }
}

impl Serialize for Cells {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, &value.to_string())?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Cells {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellsVisitor;
        impl<'de> Visitor<'de> for CellsVisitor {
            type Value = Cells;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("栏目到金额的映射，如 {\"total\": \"20.00\"}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Cells, A::Error> {
                let mut cells = Vec::new();
                while let Some((key, text)) = access.next_entry::<String, String>()? {
                    if cells.iter().any(|(k, _)| k == &key) {
                        return Err(de::Error::custom(format!("栏目“{key}”重复出现")));
                    }
                    let value = parse_canonical(&text).map_err(|e| de::Error::custom(e.0))?;
                    cells.push((key, value));
                }
                Ok(Cells(cells))
            }
        }
        deserializer.deserialize_map(CellsVisitor)
    }
}

/// The nine standard tables of one disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardTables {
    pub income_expense_summary: Table,
    pub income: Table,
    pub expense: Table,
    pub fiscal_summary: Table,
    pub general_expense: Table,
    pub general_basic_expense: Table,
    pub fund_expense: Table,
    pub capital_expense: Table,
    pub three_public: Table,
}

impl StandardTables {
    pub fn get(&self, id: TableId) -> &Table {
        match id {
            TableId::IncomeExpenseSummary => &self.income_expense_summary,
            TableId::Income => &self.income,
            TableId::Expense => &self.expense,
            TableId::FiscalSummary => &self.fiscal_summary,
            TableId::GeneralExpense => &self.general_expense,
            TableId::GeneralBasicExpense => &self.general_basic_expense,
            TableId::FundExpense => &self.fund_expense,
            TableId::CapitalExpense => &self.capital_expense,
            TableId::ThreePublic => &self.three_public,
        }
    }

    pub fn get_mut(&mut self, id: TableId) -> &mut Table {
        match id {
            TableId::IncomeExpenseSummary => &mut self.income_expense_summary,
            TableId::Income => &mut self.income,
            TableId::Expense => &mut self.expense,
            TableId::FiscalSummary => &mut self.fiscal_summary,
            TableId::GeneralExpense => &mut self.general_expense,
            TableId::GeneralBasicExpense => &mut self.general_basic_expense,
            TableId::FundExpense => &mut self.fund_expense,
            TableId::CapitalExpense => &mut self.capital_expense,
            TableId::ThreePublic => &mut self.three_public,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (TableId, &Table)> {
        TableId::ALL.into_iter().map(|id| (id, self.get(id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        parse_canonical(s).unwrap()
    }

    #[test]
    fn cells_set_replace_and_clear() {
        let mut cells = Cells::default();
        cells.set("total", Some(d("1.00")));
        cells.set("basic", Some(d("2.00")));
        cells.set("total", Some(d("3.00")));
        assert_eq!(cells.get("total"), Some(d("3.00")));
        assert_eq!(cells.len(), 2);
        cells.set("total", None);
        assert_eq!(cells.get("total"), None);
        assert_eq!(cells.len(), 1);
        cells.set("missing", None);
        assert_eq!(cells.len(), 1);
    }

    #[test]
    fn cells_sort_into_column_order() {
        let mut cells = Cells::default();
        cells.set("project", Some(d("1")));
        cells.set("odd", Some(d("9")));
        cells.set("total", Some(d("2")));
        cells.sort_by_columns(["total", "basic", "project"]);
        let keys: Vec<_> = cells.iter().map(|(k, _)| k.to_string()).collect();
        assert_eq!(keys, ["total", "project", "odd"]);
    }

    /// 合计, two units' 小计 rows, the same 201/20101 under both.
    fn by_unit() -> Table {
        let row = |id: &str, total: &str| Row::new(id, "").with("total", d(total));
        Table {
            rows: vec![
                row("total", "3.00"),
                row("unit.1", "1.00"),
                row("201", "1.00"),
                row("20101", "1.00"),
                row("unit.2", "2.00"),
                row("201", "2.00"),
                row("20101", "2.00"),
            ],
            ..Table::default()
        }
    }

    #[test]
    fn codes_under_unit_subtotal_rows_are_keyed_by_their_unit_and_summed_for_the_department() {
        let table = by_unit();
        assert!(table.has_unit_subtotals());
        let segments: Vec<(Option<usize>, std::ops::Range<usize>)> =
            table.segments().into_iter().map(|s| (s.unit, s.rows)).collect();
        assert_eq!(segments, [(None, 0..1), (Some(1), 1..4), (Some(4), 4..7)]);
        let keys = table.row_keys();
        assert_eq!(keys, ["total", "unit.1", "unit.1:201", "unit.1:20101", "unit.2", "unit.2:201", "unit.2:20101"]);
        for (position, key) in keys.iter().enumerate() {
            assert_eq!(table.row_key(position).as_deref(), Some(key.as_ref()));
            assert_eq!(table.position_of_key(key), Some(position), "{key}");
        }
        // A plain code is the department's: the sum over the units; a key is one unit's row.
        assert_eq!(table.amount("201", "total"), Some(d("3.00")));
        assert_eq!(table.amount("unit.2:201", "total"), Some(d("2.00")));
        assert_eq!(table.amount("201", "basic"), None, "blank in every unit");
        assert_eq!(table.position_of_key("unit.3:201"), None);
        assert_eq!(table.position_of_key("unit.1:20102"), None, "not under that unit");
        assert_eq!(table.unit_of(0), None);
        assert_eq!(table.unit_of(6), Some(4));
        assert_eq!(table.segment_of_unit(Some("unit.2")).map(|s| s.rows), Some(4..7));
        assert_eq!(table.segment_of_unit(Some("unit.3")), None);
        assert_eq!(table.segment_of_unit(None), None, "a unit must be named where there are units");
        let mut named = table.clone();
        named.rows[4].name = "乙小学小计".into();
        named.rows[5].name = "一般公共服务支出".into();
        assert_eq!(named.row_label(5), "201 一般公共服务支出（乙小学小计）");
        assert_eq!(named.row_label(4), "乙小学小计");

        // Without 小计 rows: one segment, keys are ids, amounts the one row's.
        let plain = Table {
            rows: table.rows.iter().take(4).filter(|r| !r.is_unit_subtotal()).cloned().collect(),
            ..Table::default()
        };
        assert!(!plain.has_unit_subtotals());
        assert_eq!(plain.segments().len(), 1);
        assert_eq!(plain.segment_of_unit(None).map(|s| s.rows), Some(0..3));
        assert_eq!(plain.row_keys(), ["total", "201", "20101"]);
        assert_eq!(plain.amount("201", "total"), Some(d("1.00")));
        assert!(is_unit_subtotal_id(&unit_subtotal_id(12)));
        assert!(!is_unit_subtotal_id("unit.") && !is_unit_subtotal_id("unit.x") && !is_unit_subtotal_id("201"));
    }

    #[test]
    fn coded_rows_are_all_digits() {
        assert!(Row::new("2010301", "行政运行").is_coded());
        assert!(!Row::new("total", "合计").is_coded());
        assert!(!Row::new("out.201", "一、一般公共服务支出").is_coded());
        assert!(!Row::new("", "").is_coded());
    }
}
