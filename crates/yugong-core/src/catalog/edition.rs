//! Editions of the disclosure templates, read from `assets/editions/*.ron`.
//!
//! An edition fixes the row lists and column sets of every table, the fund columns of the
//! procurement table, whether project goal tables carry the 2024 header block, and the sections
//! of the narrative. Adding a 2025 edition means adding a data file and listing it in
//! [`EDITION_SOURCES`].

use serde::Deserialize;

use crate::model::{NarrativeSection, TableId};

/// The embedded edition files, newest last.
pub const EDITION_SOURCES: &[(&str, &str)] = &[
    ("hebei-2022", include_str!("../../../../assets/editions/hebei-2022.ron")),
    ("hebei-2024", include_str!("../../../../assets/editions/hebei-2024.ron")),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    pub id: String,
    /// Human name, e.g. “河北省 2024 版”.
    pub name: String,
    /// The first budget year this edition is meant for.
    pub first_year: u16,
    /// The function classes (类) in publication order.
    pub function_classes: Vec<FunctionClass>,
    pub tables: Vec<TableTemplate>,
    pub procurement: ProcurementTemplate,
    pub assets: AssetTemplate,
    pub goals: GoalTemplate,
    pub sections: Vec<SectionTemplate>,
    /// Row lists derived from the data above once, when the catalog loads (`prepare`): the audit
    /// asks for them on every run.
    #[serde(skip)]
    prepared: Prepared,
}

/// A fixed row as the document prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowInfo {
    pub id: String,
    pub label: String,
    pub indent: u8,
}

#[derive(Debug, Clone, Default)]
struct Prepared {
    /// Per table (in `TableId::ALL` order): every fixed row in print order.
    fixed: Vec<Vec<RowInfo>>,
    /// Per table: the item rows of the left and right side (two-sided tables only).
    sides: Vec<[Vec<RowInfo>; 2]>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionClass {
    /// The 3-digit class code, or a key for a class without a published code.
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableTemplate {
    pub id: TableId,
    pub title: String,
    pub layout: Layout,
    /// The note printed under the table when it has no amounts (“……空表列示。”).
    #[serde(default)]
    pub empty_note: String,
}

/// How a table is laid out.
#[derive(Debug, Clone, Deserialize)]
pub enum Layout {
    /// A 合计 row followed by classification rows (类/款/项 or 经济分类 类/款) and amount columns.
    Classified { classification: Classification, columns: Vec<Column> },
    /// A fixed list of rows (the 三公 table).
    Fixed { label_header: String, columns: Vec<Column>, rows: Vec<FixedRow> },
    /// Income on the left, expenditure on the right, then paired total rows (收支总表).
    TwoSided { left: Side, right: Side, footer: Vec<FooterRow> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Classification {
    /// 支出功能分类科目 (类 3 digits, 款 5, 项 7).
    Function,
    /// 支出部门经济分类科目 (类 3 digits, 款 5).
    Economic,
}

impl Classification {
    /// The header over the code and name columns.
    pub fn header(self) -> &'static str {
        match self {
            Classification::Function => "功能分类科目",
            Classification::Economic => "支出部门经济分类科目",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Stable key stored in project files.
    pub key: String,
    /// Header cells from the top header row down (multi-level headers merge equal neighbours).
    pub header: Vec<String>,
    /// When set, this column is derived: the sum of these columns of the same row.
    #[serde(default)]
    pub sum_of: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedRow {
    pub id: String,
    pub label: String,
    /// Indentation steps in print (其中 rows).
    #[serde(default)]
    pub indent: u8,
    /// When set, this row is derived from other rows of the same table.
    #[serde(default)]
    pub sum: RowSum,
}

/// How a fixed row is derived.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub enum RowSum {
    /// Entered, not derived.
    #[default]
    Entered,
    /// The sum of these rows (same columns).
    Rows(Vec<String>),
    /// The sum of the item rows of its side of a two-sided table.
    SideItems,
}

/// Where the class rows of a two-sided table take a column from: the row of the same class
/// code in another table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSource {
    pub column: String,
    pub table: TableId,
    pub from: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// “收入” or “支出”.
    pub header: String,
    pub label_header: String,
    pub columns: Vec<Column>,
    pub rows: SideRows,
    /// For `FunctionClasses` rows: the linked columns.
    #[serde(default)]
    pub class_source: Vec<ClassSource>,
}

#[derive(Debug, Clone, Deserialize)]
pub enum SideRows {
    Fixed(Vec<FixedRow>),
    /// One row per function class of the edition, with id `out.{class id}`.
    FunctionClasses,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FooterRow {
    pub left: Option<FixedRow>,
    pub right: Option<FixedRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcurementTemplate {
    pub title: String,
    pub amount_header: String,
    pub fund_columns: Vec<Column>,
    /// The note every procurement table carries.
    pub standing_note: String,
    pub empty_note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetTemplate {
    pub title: String,
    pub lines: Vec<AssetLineTemplate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetLineTemplate {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub indent: u8,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalTemplate {
    /// True for the 2024 shape: 项目编码, 预算数, 资金用途 and 资金支出计划 above the indicators.
    pub header_block: bool,
    /// The 一级指标 with their 二级指标.
    pub levels: Vec<IndicatorLevel>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorLevel {
    pub name: String,
    pub children: Vec<String>,
}

/// The narrative parts a section can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum NarrativePart {
    Duties,
    Overview,
    OperatingCosts,
    ThreePublic,
    Performance,
    DepartmentGoals,
    SpecialFunds,
    ProjectGoals,
    Procurement,
    Assets,
    Glossary,
    OtherMatters,
}

impl NarrativePart {
    /// The part whose page edits a narrative text (the preamble is edited with the duties).
    pub fn of_section(section: NarrativeSection) -> NarrativePart {
        match section {
            NarrativeSection::Preamble | NarrativeSection::DutiesIntro | NarrativeSection::DutiesItems => {
                NarrativePart::Duties
            }
            NarrativeSection::OverviewIntro
            | NarrativeSection::OverviewIncome
            | NarrativeSection::OverviewExpense
            | NarrativeSection::OverviewChange => NarrativePart::Overview,
            NarrativeSection::OperatingCosts => NarrativePart::OperatingCosts,
            NarrativeSection::ThreePublic => NarrativePart::ThreePublic,
            NarrativeSection::DepartmentGoalsOverall
            | NarrativeSection::DepartmentGoalsItems
            | NarrativeSection::DepartmentGoalsSafeguards => NarrativePart::DepartmentGoals,
            NarrativeSection::SpecialFunds => NarrativePart::SpecialFunds,
            NarrativeSection::Procurement => NarrativePart::Procurement,
            NarrativeSection::Assets => NarrativePart::Assets,
            NarrativeSection::Glossary => NarrativePart::Glossary,
            NarrativeSection::OtherMatters => NarrativePart::OtherMatters,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTemplate {
    pub part: NarrativePart,
    /// Heading without its number; `{entity}` stands for 部门 or 单位.
    pub title: String,
    #[serde(default)]
    pub children: Vec<SectionTemplate>,
}

impl Edition {
    pub fn table(&self, id: TableId) -> &TableTemplate {
        // Every edition lists all nine tables; `Catalog::parse_embedded` checks this once, and
        // callers index tables by `TableId`, so a missing one could only be a build defect.
        #[allow(clippy::expect_used)]
        self.tables.iter().find(|t| t.id == id).expect("edition validated to have all tables")
    }

    /// Builds the derived row lists; called once by the catalog after parsing.
    pub(crate) fn prepare(&mut self) {
        let mut prepared = Prepared::default();
        for id in TableId::ALL {
            let (fixed, sides) = self.build_rows(id);
            prepared.fixed.push(fixed);
            prepared.sides.push(sides);
        }
        self.prepared = prepared;
    }

    fn build_rows(&self, id: TableId) -> (Vec<RowInfo>, [Vec<RowInfo>; 2]) {
        let info = |r: &FixedRow| RowInfo { id: r.id.clone(), label: r.label.clone(), indent: r.indent };
        match &self.table(id).layout {
            Layout::Classified { .. } => {
                (vec![RowInfo { id: "total".into(), label: "合计".into(), indent: 0 }], Default::default())
            }
            Layout::Fixed { rows, .. } => (rows.iter().map(info).collect(), Default::default()),
            Layout::TwoSided { left, right, footer } => {
                let sides = [self.build_side(left), self.build_side(right)];
                let mut rows: Vec<RowInfo> = sides.iter().flatten().cloned().collect();
                for pair in footer {
                    rows.extend([&pair.left, &pair.right].into_iter().flatten().map(info));
                }
                (rows, sides)
            }
        }
    }

    fn build_side(&self, side: &Side) -> Vec<RowInfo> {
        match &side.rows {
            SideRows::Fixed(rows) => {
                rows.iter().map(|r| RowInfo { id: r.id.clone(), label: r.label.clone(), indent: r.indent }).collect()
            }
            SideRows::FunctionClasses => self
                .function_classes
                .iter()
                .enumerate()
                .map(|(i, class)| RowInfo {
                    id: format!("out.{}", class.id),
                    label: format!("{}、{}", chinese_numeral(i + 1), class.name),
                    indent: 0,
                })
                .collect(),
        }
    }

    fn table_index(id: TableId) -> usize {
        TableId::ALL.iter().position(|t| *t == id).unwrap_or(0)
    }

    /// The fixed rows of a table in print order (for two-sided tables: left items, right items,
    /// then footer rows left before right).
    pub fn fixed_rows(&self, id: TableId) -> &[RowInfo] {
        self.prepared.fixed.get(Self::table_index(id)).map_or(&[], Vec::as_slice)
    }

    /// The item rows of one side of a two-sided table (`left`: income side).
    pub fn side_items(&self, id: TableId, left: bool) -> &[RowInfo] {
        let side = usize::from(!left);
        self.prepared.sides.get(Self::table_index(id)).and_then(|sides| sides.get(side)).map_or(&[], Vec::as_slice)
    }

    /// Every column key a table accepts (both sides for two-sided tables).
    pub fn column_keys(&self, id: TableId) -> Vec<&str> {
        self.columns(id).into_iter().map(|c| c.key.as_str()).collect()
    }

    /// The columns a given row of a table may fill. On two-sided tables income rows (`in.…`)
    /// use the left columns and expenditure rows (`out.…`) the right ones.
    pub fn columns_for_row(&self, id: TableId, row_id: &str) -> &[Column] {
        match &self.table(id).layout {
            Layout::TwoSided { left, right, .. } => {
                if row_id.starts_with("in.") {
                    &left.columns
                } else {
                    &right.columns
                }
            }
            Layout::Classified { columns, .. } | Layout::Fixed { columns, .. } => columns,
        }
    }

    /// The columns of a table with their definitions (both sides for two-sided tables, left
    /// first, without repeating a key).
    pub fn columns(&self, id: TableId) -> Vec<&Column> {
        match &self.table(id).layout {
            Layout::Classified { columns, .. } | Layout::Fixed { columns, .. } => columns.iter().collect(),
            Layout::TwoSided { left, right, .. } => {
                let mut all: Vec<&Column> = left.columns.iter().collect();
                all.extend(right.columns.iter().filter(|c| !left.columns.iter().any(|l| l.key == c.key)));
                all
            }
        }
    }

    /// The printed header of a column, levels joined (“本年收入 小计”), for messages.
    pub fn column_label(&self, id: TableId, key: &str) -> String {
        self.columns(id).into_iter().find(|c| c.key == key).map_or_else(
            || key.to_string(),
            |c| {
                c.header
                    .iter()
                    .filter(|h| !h.contains("资 金 性 质") && !h.contains("一般公共预算基本支出"))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("")
            },
        )
    }

    pub fn classification(&self, id: TableId) -> Option<Classification> {
        match &self.table(id).layout {
            Layout::Classified { classification, .. } => Some(*classification),
            _ => None,
        }
    }
}

/// 一 … 九十九, for the 类 numbering of 收支总表 (“二十一、粮油物资储备支出”).
pub fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    // Every use below is of a number under 10.
    let digit = |d: usize| DIGITS.get(d).copied().unwrap_or_default();
    match n {
        0..=9 => digit(n).to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { digit(n - 10) }),
        20..=99 => format!("{}十{}", digit(n / 10), if n.is_multiple_of(10) { "" } else { digit(n % 10) }),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_match_the_printed_class_list() {
        assert_eq!(chinese_numeral(1), "一");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(13), "十三");
        assert_eq!(chinese_numeral(20), "二十");
        assert_eq!(chinese_numeral(21), "二十一");
        assert_eq!(chinese_numeral(31), "三十一");
    }
}
