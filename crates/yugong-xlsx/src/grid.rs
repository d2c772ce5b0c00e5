//! A worksheet as plain data: a grid of cell values plus its merged ranges.
//!
//! The recognisers work on this, not on calamine's types, so they are pure and can be tested with
//! grids written by hand. Only `read.rs` knows calamine.

use rust_decimal::Decimal;

use yugong_core::catalog::normalize_brackets;

/// One cell as the recognisers see it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CellValue {
    #[default]
    Empty,
    Text(String),
    /// Excel stores every number as a binary double; [`decimal_from_f64`] turns it back into
    /// the decimal the user saw.
    Number(f64),
    /// Booleans, errors (#N/A), dates: never an amount, kept as display text for messages.
    Other(String),
}

impl CellValue {
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(t) => clean_text(t).is_empty(),
            _ => false,
        }
    }

    /// The cell as text: trimmed text, or a number in its shortest decimal form (a code stored
    /// as the number 2010301 reads "2010301").
    pub fn text(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(t) => clean_text(t).to_string(),
            CellValue::Number(n) => decimal_from_f64(*n).map_or_else(|| n.to_string(), |d| d.to_string()),
            CellValue::Other(t) => t.clone(),
        }
    }
}

/// A merged range, inclusive, zero-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: usize,
    pub first_col: usize,
    pub last_row: usize,
    pub last_col: usize,
}

impl Merge {
    pub fn contains(&self, row: usize, col: usize) -> bool {
        (self.first_row..=self.last_row).contains(&row) && (self.first_col..=self.last_col).contains(&col)
    }
}

/// One worksheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub name: String,
    /// Rows from the sheet's first row (A1 is `rows[0][0]`); rows may differ in length.
    pub rows: Vec<Vec<CellValue>>,
    pub merges: Vec<Merge>,
}

static EMPTY: CellValue = CellValue::Empty;

impl Grid {
    pub fn new(name: &str, rows: Vec<Vec<CellValue>>) -> Grid {
        Grid { name: name.to_string(), rows, merges: Vec::new() }
    }

    pub fn height(&self) -> usize {
        self.rows.len()
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    pub fn cell(&self, row: usize, col: usize) -> &CellValue {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&EMPTY)
    }

    pub fn text(&self, row: usize, col: usize) -> String {
        self.cell(row, col).text()
    }

    /// The merge a cell belongs to, if any.
    pub fn merge_at(&self, row: usize, col: usize) -> Option<&Merge> {
        self.merges.iter().find(|m| m.contains(row, col))
    }

    /// The text a reader sees at a position: inside a merged range that is the text of the
    /// range's first cell. Used for headers, where 本年收入 spans several columns.
    pub fn shown_text(&self, row: usize, col: usize) -> String {
        match self.merge_at(row, col) {
            Some(m) => self.text(m.first_row, m.first_col),
            None => self.text(row, col),
        }
    }

    /// The first column right of a cell (and right of its merged range) — where a label's value
    /// stands in the goal header block (“预算数 | 5.44”).
    pub fn column_after(&self, row: usize, col: usize) -> usize {
        self.merge_at(row, col).map_or(col, |m| m.last_col) + 1
    }

    pub fn row_is_blank(&self, row: usize) -> bool {
        self.rows.get(row).is_none_or(|r| r.iter().all(CellValue::is_empty))
    }

    /// Non-empty cells of a row with their columns.
    pub fn row_cells(&self, row: usize) -> impl Iterator<Item = (usize, &CellValue)> {
        self.rows.get(row).into_iter().flatten().enumerate().filter(|(_, c)| !c.is_empty())
    }
}

/// Trims spaces including the full-width ones accountants use for indentation.
pub fn clean_text(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace())
}

/// Text for comparing labels and headers: no spaces at all (“上解上级     支出”, “项 目”,
/// “二级\n指标”), brackets and colons of one width, quotation marks dropped (“三公” vs "三公").
pub fn normalize(text: &str) -> String {
    normalize_brackets(text)
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\''))
        .map(|c| match c {
            ':' => '：',
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect()
}

/// The decimal a spreadsheet shows for a stored double: Excel keeps 15 significant digits, so
/// 95.26000000000001 (a sum computed in binary) is 95.26. `None` for infinities and NaN.
pub fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    if value == 0.0 {
        return Some(Decimal::ZERO);
    }
    let scientific = format!("{value:.14e}");
    Decimal::from_scientific(&scientific).ok().map(|d| d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_read_back_as_the_decimals_excel_shows() {
        let shown = |v: f64| decimal_from_f64(v).unwrap().to_string();
        // The double next to 95.26 prints as 95.26000000000001 (the 涞源 fixture stores it).
        assert_eq!(shown(f64::from_bits(95.26_f64.to_bits() + 1)), "95.26");
        assert_eq!(shown(1006.79), "1006.79");
        assert_eq!(shown(420.74804), "420.74804");
        assert_eq!(shown(2010301.0), "2010301");
        assert_eq!(shown(-3.5), "-3.5");
        assert_eq!(shown(0.1 + 0.2), "0.3");
        assert_eq!(shown(0.0), "0");
        assert_eq!(decimal_from_f64(f64::NAN), None);
        assert_eq!(decimal_from_f64(f64::INFINITY), None);
    }

    #[test]
    fn labels_compare_without_spaces_widths_or_quotes() {
        assert_eq!(normalize("上解上级     支出"), "上解上级支出");
        assert_eq!(normalize("维修(护)费"), normalize("维修（护）费"));
        assert_eq!(normalize("“三公”经费小计"), normalize("\"三公\"经费小计"));
        assert_eq!(normalize("二级\n指标"), "二级指标");
        assert_eq!(normalize("单位:万元"), "单位：万元");
    }

    #[test]
    fn merged_headers_show_their_first_cell() {
        let mut grid = Grid::new(
            "t",
            vec![vec![CellValue::Text("本年收入".into()), CellValue::Empty, CellValue::Text("x".into())]],
        );
        grid.merges.push(Merge { first_row: 0, first_col: 0, last_row: 0, last_col: 1 });
        assert_eq!(grid.shown_text(0, 1), "本年收入");
        assert_eq!(grid.text(0, 1), "");
        assert_eq!(grid.column_after(0, 0), 2);
        assert_eq!(grid.column_after(0, 2), 3);
    }
}
