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
    /// What tells a workbook of this edition from the others (the Excel importer's evidence).
    #[serde(default)]
    pub markers: Vec<EditionMarker>,
    /// Row lists derived from the data above once, when the catalog loads (`prepare`): the audit
    /// asks for them on every run.
    #[serde(skip)]
    prepared: Prepared,
}

/// Evidence that a workbook is of an edition: a label only this edition prints in a part of the
/// workbook. The importer tries every edition's markers together in `rank` order (lower first) and
/// takes the first that holds, so an edition's marker can rely on the lower-ranked markers of the
/// others having failed (2022's 三公 marker 公务接待费 follows 2024's 会议费/培训费).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionMarker {
    pub rank: u16,
    pub part: MarkerPart,
    /// Labels (normalised, numbering dropped) of which one must appear; empty: the part is there.
    #[serde(default)]
    pub any_of: Vec<String>,
    /// Why, for the import report (“收支总表有“单位资金”行”).
    pub reason: String,
}

/// The part of a workbook a marker looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum MarkerPart {
    Table(TableId),
    Procurement,
    Goal,
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
    /// Per table: (row id, rule id) of every derived fixed row.
    row_rules: Vec<Vec<(String, String)>>,
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
    /// The audit rule id each kind of derived cell of this table is reported under.
    #[serde(default)]
    pub rules: TableRules,
}

/// Which registered rule (`audit::registry`) names each check of a table's derived cells. The
/// rules of derived fixed rows (合计, 小计, 收入总计 …) are on the rows themselves (`FixedRow::rule`).
/// Empty: the table has no derived cell of that kind (validated against the layout).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableRules {
    /// A column that is the sum of other columns of its row (`sum_of`).
    #[serde(default)]
    pub row_sum: String,
    /// 类 = Σ 款, 款 = Σ 项 (classified tables).
    #[serde(default)]
    pub hierarchy: String,
    /// The 合计 row = Σ top-level codes (classified tables).
    #[serde(default)]
    pub total: String,
    /// A class row taken from another table (`class_source`).
    #[serde(default)]
    pub class: String,
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
    /// The audit rule a derived row (`sum` not `Entered`) is checked under, e.g. “T9-SUBTOTAL”.
    #[serde(default)]
    pub rule: String,
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
    /// The word the drafted 国有资产 text names the line by (“房屋”, “其中办公用房”); empty: the
    /// line is not listed there (the 资产总额 leads the sentence).
    #[serde(default)]
    pub noun: String,
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

/// The fixed rows the program itself refers to by their meaning: the cross-table checks
/// (收支总表 收入总计 = 收入总表 合计, 一般公共预算拨款 in both summaries, 收入总计 = 支出总计), the
/// narrative's figures and drafts (收入, 三公 and its items), the review report's key figures and
/// the prior-year block. An edition may label, order and add rows freely, but these keys must be
/// there, or a check would read a missing row as zero. Rows only some editions have (单位资金,
/// 其他收入, 会议费, 培训费) are read where present and are not listed.
pub const ROWS_THE_PROGRAM_READS: &[(TableId, &[&str])] = &[
    (
        TableId::IncomeExpenseSummary,
        &[
            "in.general",
            "in.fund",
            "in.capital",
            "in.carryover",
            "in.total",
            "in.grand_total",
            "out.total",
            "out.grand_total",
        ],
    ),
    (TableId::FiscalSummary, &["in.general", "in.fund", "in.capital", "in.grand_total", "out.grand_total"]),
    (TableId::ThreePublic, &["subtotal", "travel", "vehicle", "vehicle.purchase", "vehicle.upkeep", "reception"]),
];

/// The asset line keys the project model stores: an edition may print them under its own labels,
/// in its own order, but cannot invent one.
/// The audit's rule for per-unit 小计 rows (see [`Edition::rule_for`]).
const UNIT_SUBTOTAL_RULE: &str = "UNIT-SUBTOTAL";

const ASSET_LINE_KEYS: [&str; 6] = crate::model::AssetTable::LINE_KEYS;

impl Edition {
    /// Reads an edition file: RON, every one of the nine tables present, then [`Edition::validate`].
    /// `file` names the file in messages (“hebei-2024.ron”).
    pub fn parse(file: &str, text: &str) -> Result<Edition, String> {
        let mut edition: Edition = ron::from_str(text).map_err(|e| format!("{file}：{e}"))?;
        for id in TableId::ALL {
            if !edition.tables.iter().any(|t| t.id == id) {
                return Err(format!("{file}：缺少表 {id}"));
            }
        }
        edition.validate(file)?;
        edition.prepare();
        Ok(edition)
    }

    /// Every reference in the edition resolves: each `sum_of` names a column of the same column
    /// set, each `Rows` sum a fixed row of the same table, each class source a column of both
    /// tables; keys are unique; asset lines are lines the model stores. A typo is an error that
    /// names the file, the table and the key, instead of a total that silently sums to zero.
    pub fn validate(&self, file: &str) -> Result<(), String> {
        let mut problems: Vec<String> = Vec::new();
        let mut tables_seen: Vec<TableId> = Vec::new();
        for template in &self.tables {
            let table = template.id;
            if tables_seen.contains(&table) {
                problems.push(format!("{table}出现了两次"));
            }
            tables_seen.push(table);
            match &template.layout {
                Layout::Classified { columns, .. } => check_columns(&table.to_string(), columns, &mut problems),
                Layout::Fixed { columns, rows, .. } => {
                    check_columns(&table.to_string(), columns, &mut problems);
                    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
                    check_rows(table, rows.iter(), &ids, false, &mut problems);
                }
                Layout::TwoSided { left, right, footer } => {
                    for side in [left, right] {
                        check_columns(&format!("{table}“{}”一侧", side.header), &side.columns, &mut problems);
                    }
                    let mut rows: Vec<&FixedRow> = Vec::new();
                    for side in [left, right] {
                        if let SideRows::Fixed(items) = &side.rows {
                            rows.extend(items);
                        }
                    }
                    rows.extend(footer.iter().flat_map(|pair| [&pair.left, &pair.right]).flatten());
                    let mut ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
                    for side in [left, right] {
                        if matches!(side.rows, SideRows::FunctionClasses) {
                            ids.extend(self.function_classes.iter().map(|c| format!("out.{}", c.id)));
                        }
                    }
                    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                    check_rows(table, rows.iter().copied(), &ids, true, &mut problems);
                    for side in [left, right] {
                        for source in &side.class_source {
                            if !side.columns.iter().any(|c| c.key == source.column) {
                                problems.push(format!(
                                    "{table}的 class_source 写入的栏目“{}”不是“{}”一侧的栏目",
                                    source.column, side.header
                                ));
                            }
                            let from_ok = self
                                .tables
                                .iter()
                                .find(|t| t.id == source.table)
                                .is_some_and(|t| layout_columns(&t.layout).any(|c| c.key == source.from));
                            if !from_ok {
                                problems.push(format!(
                                    "{table}的 class_source 引用了{}中不存在的栏目“{}”",
                                    source.table, source.from
                                ));
                            }
                        }
                    }
                }
            }
        }
        self.check_rules(&mut problems);
        for (table, needed) in ROWS_THE_PROGRAM_READS {
            if !self.tables.iter().any(|t| t.id == *table) {
                continue;
            }
            let (rows, _) = self.build_rows(*table);
            for id in needed.iter().filter(|id| !rows.iter().any(|r| r.id == **id)) {
                problems.push(format!("{table}缺少行“{id}”（审核与情况说明按此键名读取该行，不能删去或改名）"));
            }
        }
        check_columns("政府采购预算表", &self.procurement.fund_columns, &mut problems);
        let mut asset_keys: Vec<&str> = Vec::new();
        for line in &self.assets.lines {
            if !ASSET_LINE_KEYS.contains(&line.key.as_str()) {
                problems.push(format!(
                    "固定资产表的行“{}”不是可用的行（可用：{}）",
                    line.key,
                    ASSET_LINE_KEYS.join("、")
                ));
            }
            if asset_keys.contains(&line.key.as_str()) {
                problems.push(format!("固定资产表的行“{}”出现了两次", line.key));
            }
            asset_keys.push(&line.key);
        }
        let mut class_ids: Vec<&str> = Vec::new();
        for class in &self.function_classes {
            if class_ids.contains(&class.id.as_str()) {
                problems.push(format!("功能分类“{}”出现了两次", class.id));
            }
            class_ids.push(&class.id);
        }
        for marker in &self.markers {
            if marker.reason.trim().is_empty() {
                problems.push(format!("markers 中 rank {} 的 reason 为空（导入报告要说明依据）", marker.rank));
            }
        }
        if self.goals.levels.is_empty() {
            problems.push("绩效指标没有一级指标（goals.levels 为空）".into());
        }
        if problems.is_empty() { Ok(()) } else { Err(format!("{file}：{}", problems.join("；"))) }
    }

    /// Every derived cell of every table is checked under a rule the audit registry knows as a
    /// table-sum rule: the table's `rules` for the kinds its layout has, and each derived fixed
    /// row's `rule`. A rule named where nothing is derived is a mistake too.
    fn check_rules(&self, problems: &mut Vec<String>) {
        for template in &self.tables {
            let table = template.id;
            let rules = &template.rules;
            let (columns, rows, classified, class_linked): (Vec<&Column>, Vec<&FixedRow>, bool, bool) = match &template
                .layout
            {
                Layout::Classified { columns, .. } => (columns.iter().collect(), Vec::new(), true, false),
                Layout::Fixed { columns, rows, .. } => (columns.iter().collect(), rows.iter().collect(), false, false),
                Layout::TwoSided { left, right, footer } => {
                    let mut rows: Vec<&FixedRow> = Vec::new();
                    for side in [left, right] {
                        if let SideRows::Fixed(items) = &side.rows {
                            rows.extend(items);
                        }
                    }
                    rows.extend(footer.iter().flat_map(|pair| [&pair.left, &pair.right]).flatten());
                    let columns = left.columns.iter().chain(&right.columns).collect();
                    let linked = [left, right].iter().any(|side| !side.class_source.is_empty());
                    (columns, rows, false, linked)
                }
            };
            let has_row_sum = columns.iter().any(|c| !c.sum_of.is_empty());
            for (kind, id, needed) in [
                ("row_sum", &rules.row_sum, has_row_sum),
                ("hierarchy", &rules.hierarchy, classified),
                ("total", &rules.total, classified),
                ("class", &rules.class, class_linked),
            ] {
                match (id.is_empty(), needed) {
                    (true, true) => {
                        problems.push(format!("{table}的 rules 缺少 {kind}（该表有这类计算关系，须指明审核规则）"))
                    }
                    (false, false) => {
                        problems.push(format!("{table}的 rules.{kind}“{id}”无处可用（该表没有这类计算关系）"))
                    }
                    (false, true) => check_rule_id(&format!("{table}的 rules.{kind}"), id, problems),
                    (true, false) => {}
                }
            }
            for row in rows {
                let derived = row.sum != RowSum::Entered;
                match (row.rule.is_empty(), derived) {
                    (true, true) => problems.push(format!("{table}的行“{}”是计算行，缺少 rule（审核规则）", row.id)),
                    (false, false) => {
                        problems.push(format!("{table}的行“{}”不是计算行，却写了 rule“{}”", row.id, row.rule))
                    }
                    (false, true) => check_rule_id(&format!("{table}的行“{}”的 rule", row.id), &row.rule, problems),
                    (true, false) => {}
                }
            }
        }
    }

    /// The rule id the audit reports a mismatch of a derived cell under: the table's rule for the
    /// kind, or the row's own for a derived fixed row. `None` only for an edition that was not
    /// validated (every edition is, on load).
    pub fn rule_for(&self, table: TableId, kind: crate::calc::FormulaKind, row_id: &str) -> Option<&str> {
        use crate::calc::FormulaKind;
        let rules = &self.tables.iter().find(|t| t.id == table)?.rules;
        let id = match kind {
            FormulaKind::Columns => &rules.row_sum,
            FormulaKind::Hierarchy => &rules.hierarchy,
            FormulaKind::TableTotal => &rules.total,
            FormulaKind::ClassLink => &rules.class,
            // Not per table: a per-unit 小计 row is the budget system's shape, not the edition's,
            // and any classified table may have them.
            FormulaKind::UnitSubtotal => return Some(UNIT_SUBTOTAL_RULE),
            FormulaKind::Rows => {
                let rows = self.prepared.row_rules.get(Self::table_index(table))?;
                return rows.iter().find(|(row, _)| row == row_id).map(|(_, rule)| rule.as_str());
            }
        };
        (!id.is_empty()).then_some(id.as_str())
    }

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
            prepared.row_rules.push(self.row_rules(id));
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

    fn row_rules(&self, id: TableId) -> Vec<(String, String)> {
        let rows: Vec<&FixedRow> = match &self.table(id).layout {
            Layout::Classified { .. } => Vec::new(),
            Layout::Fixed { rows, .. } => rows.iter().collect(),
            Layout::TwoSided { left, right, footer } => {
                let mut rows: Vec<&FixedRow> = Vec::new();
                for side in [left, right] {
                    if let SideRows::Fixed(items) = &side.rows {
                        rows.extend(items);
                    }
                }
                rows.extend(footer.iter().flat_map(|pair| [&pair.left, &pair.right]).flatten());
                rows
            }
        };
        rows.into_iter().filter(|r| !r.rule.is_empty()).map(|r| (r.id.clone(), r.rule.clone())).collect()
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

fn layout_columns(layout: &Layout) -> Box<dyn Iterator<Item = &Column> + '_> {
    match layout {
        Layout::Classified { columns, .. } | Layout::Fixed { columns, .. } => Box::new(columns.iter()),
        Layout::TwoSided { left, right, .. } => Box::new(left.columns.iter().chain(right.columns.iter())),
    }
}

/// A rule named by an edition is a registered rule of the table sums (`tables::formulas`).
fn check_rule_id(place: &str, id: &str, problems: &mut Vec<String>) {
    match crate::audit::registry::rule_by_id(id) {
        Some(rule) if rule.checks.contains(&"tables::formulas") => {}
        Some(_) => problems.push(format!("{place}“{id}”不是表内计算关系的审核规则")),
        None => problems.push(format!("{place}“{id}”不是已登记的审核规则（yugong check --list-rules 列出全部规则）")),
    }
}

/// Keys unique in one column set; every `sum_of` names another column of the same set.
fn check_columns(place: &str, columns: &[Column], problems: &mut Vec<String>) {
    for (i, column) in columns.iter().enumerate() {
        if columns.iter().take(i).any(|c| c.key == column.key) {
            problems.push(format!("{place}的栏目“{}”出现了两次", column.key));
        }
        for part in &column.sum_of {
            if part == &column.key {
                problems.push(format!("{place}的栏目“{}”的 sum_of 包含它自己", column.key));
            } else if !columns.iter().any(|c| &c.key == part) {
                problems.push(format!("{place}的栏目“{}”的 sum_of 引用了不存在的栏目“{part}”", column.key));
            }
        }
    }
}

/// Row ids unique in a table; every `Rows` sum names another row of the table; `SideItems` only
/// on two-sided tables.
fn check_rows<'r>(
    table: TableId,
    rows: impl Iterator<Item = &'r FixedRow>,
    ids: &[&str],
    two_sided: bool,
    problems: &mut Vec<String>,
) {
    let mut seen: Vec<&str> = Vec::new();
    for row in rows {
        if seen.contains(&row.id.as_str()) {
            problems.push(format!("{table}的行“{}”出现了两次", row.id));
        }
        seen.push(&row.id);
        match &row.sum {
            RowSum::Entered => {}
            RowSum::SideItems if two_sided => {}
            RowSum::SideItems => problems.push(format!("{table}的行“{}”用了 SideItems，但本表不分收支两侧", row.id)),
            RowSum::Rows(parts) => {
                for part in parts {
                    if part == &row.id {
                        problems.push(format!("{table}的行“{}”的 Rows 包含它自己", row.id));
                    } else if !ids.contains(&part.as_str()) {
                        problems.push(format!("{table}的行“{}”的 Rows 引用了不存在的行“{part}”", row.id));
                    }
                }
            }
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

    fn shipped(id: &str) -> &'static str {
        EDITION_SOURCES.iter().find(|(name, _)| *name == id).map(|(_, text)| *text).unwrap()
    }

    #[test]
    fn the_shipped_editions_validate() {
        let mut ranks = Vec::new();
        for (name, text) in EDITION_SOURCES {
            let edition = Edition::parse(&format!("{name}.ron"), text).unwrap();
            assert!(!edition.markers.is_empty(), "{name}: the importer needs evidence for it");
            ranks.extend(edition.markers.iter().map(|m| m.rank));
        }
        // The importer tries the markers of all editions in rank order: no two at one rank.
        let count = ranks.len();
        ranks.sort_unstable();
        ranks.dedup();
        assert_eq!(ranks.len(), count);
    }

    #[test]
    fn a_typo_in_a_reference_is_an_error_naming_the_file_and_the_key() {
        let text = shipped("hebei-2022");
        let typo = |from: &str, to: &str| {
            assert!(text.contains(from), "{from}");
            Edition::parse("hebei-2022.ron", &text.replacen(from, to, 1)).unwrap_err()
        };
        // A column sum: 支出总表's 合计 = 基本 + 项目 with 项目 misspelt.
        let error = typo(r#"sum_of: ["basic", "project""#, r#"sum_of: ["basic", "projcet""#);
        assert!(error.starts_with("hebei-2022.ron："), "{error}");
        assert!(error.contains("sum_of 引用了不存在的栏目“projcet”"), "{error}");
        // A row sum: 三公 小计 = 出国 + 车辆 + 接待.
        let error = typo(r#"Rows(["travel", "vehicle""#, r#"Rows(["travle", "vehicle""#);
        assert!(error.contains("“三公”经费表的行“subtotal”的 Rows 引用了不存在的行“travle”"), "{error}");
        let error = typo(r#"(key: "office_space""#, r#"(key: "office""#);
        assert!(error.contains("固定资产表的行“office”不是可用的行"), "{error}");
        let error = typo(
            r#"(key: "general", header: ["一般公共预算拨款"])"#,
            r#"(key: "total", header: ["一般公共预算拨款"])"#,
        );
        assert!(error.contains("出现了两次"), "{error}");
        let error = typo(r#"reason: "收支总表分列事业收入等收入项""#, r#"reason: """#);
        assert!(error.contains("rank 2 的 reason 为空"), "{error}");
        // Which check is named what: a rule id misspelt, a rule of another kind, a derived row
        // without one, a rule on an entered row, a table's kind of rule missing.
        let error = typo(r#"rule: "T9-SUBTOTAL""#, r#"rule: "T9-SUBTOTL""#);
        assert!(error.contains("“三公”经费表的行“subtotal”的 rule“T9-SUBTOTL”不是已登记的审核规则"), "{error}");
        let error = typo(r#"rule: "T9-SUBTOTAL""#, r#"rule: "X-BASIC""#);
        assert!(error.contains("“X-BASIC”不是表内计算关系的审核规则"), "{error}");
        let error = typo(r#", rule: "T9-SUBTOTAL""#, "");
        assert!(error.contains("“三公”经费表的行“subtotal”是计算行，缺少 rule"), "{error}");
        let error = typo(
            r#"(id: "reception", label: "三、公务接待费")"#,
            r#"(id: "reception", label: "三、公务接待费", rule: "T9-TOTAL")"#,
        );
        assert!(error.contains("行“reception”不是计算行，却写了 rule“T9-TOTAL”"), "{error}");
        let error = typo(r#"hierarchy: "T3-HIERARCHY", "#, "");
        assert!(error.contains("的 rules 缺少 hierarchy"), "{error}");
        // A row the program reads by its meaning, renamed.
        let error = typo(
            r#"(id: "in.fund", label: "二、政府性基金预算拨款收入")"#,
            r#"(id: "in.funds", label: "二、政府性基金预算拨款收入")"#,
        );
        assert!(error.contains("收支总表缺少行“in.fund”"), "{error}");
        // Not RON at all, or a table missing: named too.
        assert!(Edition::parse("x.ron", "(").unwrap_err().starts_with("x.ron："));
    }

    /// The rule ids the editions name are the ones the audit used to hard-code per table and row
    /// (the literal table this data replaced), so findings keep their ids.
    #[test]
    fn the_editions_name_each_check_as_before() {
        use crate::calc::FormulaKind::*;
        for (name, text) in EDITION_SOURCES {
            let edition = Edition::parse(&format!("{name}.ron"), text).unwrap();
            let rule = |table, kind, row| edition.rule_for(table, kind, row).unwrap_or("-");
            assert_eq!(rule(TableId::Income, Columns, "2010301"), "T2-ROW-SUM");
            assert_eq!(rule(TableId::GeneralBasicExpense, Hierarchy, "301"), "T6-HIERARCHY");
            assert_eq!(rule(TableId::CapitalExpense, TableTotal, "total"), "T8-TOTAL");
            assert_eq!(rule(TableId::IncomeExpenseSummary, ClassLink, "out.201"), "T1-CLASS");
            assert_eq!(rule(TableId::IncomeExpenseSummary, Rows, "in.total"), "T1-INCOME-TOTAL");
            assert_eq!(rule(TableId::FiscalSummary, Rows, "out.total"), "T4-EXPENSE-TOTAL");
            assert_eq!(rule(TableId::FiscalSummary, Rows, "in.carryover"), "T4-CARRYOVER");
            assert_eq!(rule(TableId::FiscalSummary, Rows, "out.grand_total"), "T4-GRAND-TOTAL");
            assert_eq!(rule(TableId::ThreePublic, Rows, "total"), "T9-TOTAL");
            assert_eq!(rule(TableId::ThreePublic, Rows, "subtotal"), "T9-SUBTOTAL");
            assert_eq!(rule(TableId::ThreePublic, Rows, "vehicle"), "T9-ITEM-SUM");
            assert_eq!(rule(TableId::ThreePublic, Rows, "reception"), "-", "an entered row has none");
        }
    }

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
