//! Derived values of the standard tables.
//!
//! Which cells are derived is data: the edition's `sum_of` columns (a row's 合计 = Σ columns),
//! `sum` rows (三公 小计, 本年收入合计, 收入总计 …), `class_source` links (the 类 rows of 收支总表 and
//! 财政拨款收支总表 come from 支出总表 and tables 5/7/8), plus the classification hierarchy given by
//! the codes (类 = Σ款 = Σ项, 合计 = Σ类). Every other cell is entered.
//!
//! [`formulas`] lists every derived cell with the cells it is the sum of, in an order in which
//! evaluating them front to back recomputes the whole project from its entered cells. The same
//! list serves two purposes:
//! - [`recompute`] (the editor): evaluates the formulas and writes the derived cells;
//! - the audit: compares each *stated* derived cell with the sum of its *stated* parts, so that
//!   one wrong number produces a finding at that number, not a cascade of follow-on findings.

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;

use crate::catalog::{Dictionary, Edition, FixedRow, Layout, RowInfo, RowSum, SideRows};
use crate::model::{Project, Table, TableId};

/// A cell of a standard table, by row position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellRef<'e> {
    pub table: TableId,
    pub row: usize,
    pub column: &'e str,
}

/// Why a cell is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormulaKind {
    /// The row's 合计 (or 小计) column = Σ other columns of the row.
    Columns,
    /// A 类 or 款 row = Σ its child rows (same column).
    Hierarchy,
    /// The 合计 row of a classified table = Σ its top-level rows (Σ its per-unit 小计 rows in a
    /// table that has them).
    TableTotal,
    /// A per-unit 小计 row (“某某单位(本级）小计”) = Σ the top-level codes of its unit.
    UnitSubtotal,
    /// A fixed row = Σ listed rows (三公 小计, 本年收入合计, 收入总计 …).
    Rows,
    /// A 类 row of a two-sided table = the same class's row in another table.
    ClassLink,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula<'e> {
    pub kind: FormulaKind,
    pub target: CellRef<'e>,
    /// Positions of the parts in [`Formulas::parts`].
    parts: std::ops::Range<usize>,
}

/// The formulas of a project. Parts live in one flat list: a 20,000-row project has a few
/// hundred thousand formulas, and one allocation each would dominate the audit's cost.
#[derive(Debug, Clone, Default)]
pub struct Formulas<'e> {
    pub list: Vec<Formula<'e>>,
    parts: Vec<CellRef<'e>>,
}

impl<'e> Formulas<'e> {
    fn push(&mut self, kind: FormulaKind, target: CellRef<'e>, parts: impl IntoIterator<Item = CellRef<'e>>) {
        let start = self.parts.len();
        self.parts.extend(parts);
        self.list.push(Formula { kind, target, parts: start..self.parts.len() });
    }

    /// The cells a formula sums.
    pub fn parts(&self, formula: &Formula<'e>) -> &[CellRef<'e>] {
        // The range was pushed together with its parts, so it is always in bounds.
        self.parts.get(formula.parts.clone()).unwrap_or_default()
    }

    /// The sum of a formula's stated parts (blank = 0).
    pub fn sum(&self, project: &Project, formula: &Formula<'e>) -> Decimal {
        self.parts(formula).iter().map(|&p| value(project, p)).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Formula<'e>> {
        self.list.iter()
    }
}

/// The tables in evaluation order: classified tables before the summaries that link to them.
const EVALUATION_ORDER: [TableId; 9] = [
    TableId::Income,
    TableId::Expense,
    TableId::GeneralExpense,
    TableId::GeneralBasicExpense,
    TableId::FundExpense,
    TableId::CapitalExpense,
    TableId::ThreePublic,
    TableId::FiscalSummary,
    TableId::IncomeExpenseSummary,
];

/// A stated amount; blank counts as zero.
pub fn value(project: &Project, cell: CellRef) -> Decimal {
    project.tables.get(cell.table).rows.get(cell.row).and_then(|r| r.cells.get(cell.column)).unwrap_or_default()
}

/// Every derived cell of the project with its parts, in evaluation order.
pub fn formulas<'e>(edition: &'e Edition, project: &Project) -> Formulas<'e> {
    // About (columns + 2) formulas and parts per row: reserving up front avoids regrowing a
    // list of several hundred thousand entries, which costs more than filling it.
    let rows: usize = project.tables.iter().map(|(_, t)| t.rows.len()).sum();
    let mut out = Formulas { list: Vec::with_capacity(rows * 4), parts: Vec::with_capacity(rows * 12) };
    let indexes: Vec<RowIndex> = TableId::ALL.iter().map(|&id| RowIndex::new(project.tables.get(id))).collect();
    let segmented: Vec<TableId> =
        TableId::ALL.into_iter().filter(|&id| project.tables.get(id).has_unit_subtotals()).collect();
    // One index per table of `TableId::ALL`, looked up by the same position: always in bounds.
    #[allow(clippy::indexing_slicing)]
    let index_of = |id: TableId| &indexes[TableId::ALL.iter().position(|t| *t == id).unwrap_or(0)];
    for id in EVALUATION_ORDER {
        let table = project.tables.get(id);
        let index = index_of(id);
        match &edition.table(id).layout {
            Layout::Classified { columns, .. } => {
                let sums = ordered_sum_columns(columns.iter().map(|c| (c.key.as_str(), c.sum_of.as_slice())));
                let segments = if segmented.contains(&id) {
                    table.segments()
                } else {
                    vec![crate::model::Segment { unit: None, rows: 0..table.rows.len() }]
                };
                // Derived rows that also get their row-wise column sums, after the row sums.
                let mut derived_rows: Vec<usize> = Vec::new();
                // What the 合计 row sums: each unit's 小计 row, and the top-level codes that stand
                // outside any unit (all of them in a table without 小计 rows).
                let mut total_parts: Vec<usize> = Vec::new();
                for segment in &segments {
                    // Codes repeat from one unit to the next: each segment has its own tree.
                    let local;
                    let codes = if segments.len() == 1 {
                        index
                    } else {
                        local = RowIndex::of_rows(table, segment.rows.clone());
                        &local
                    };
                    let hierarchy = Hierarchy::new(table, segment.rows.clone(), codes);
                    // Leaves first: their sum columns from their entered columns.
                    for row in hierarchy.leaves() {
                        push_column_sums(&mut out, id, row, &sums);
                    }
                    // Parents bottom-up (项 → 款 → 类), every column from their children.
                    for (parent, children) in hierarchy.parents_bottom_up() {
                        for column in columns {
                            out.push(
                                FormulaKind::Hierarchy,
                                CellRef { table: id, row: parent, column: &column.key },
                                column_parts(id, children, &column.key),
                            );
                        }
                        derived_rows.push(parent);
                    }
                    match segment.unit {
                        Some(unit) => {
                            for column in columns {
                                out.push(
                                    FormulaKind::UnitSubtotal,
                                    CellRef { table: id, row: unit, column: &column.key },
                                    column_parts(id, &hierarchy.top_level, &column.key),
                                );
                            }
                            derived_rows.push(unit);
                            total_parts.push(unit);
                        }
                        None => total_parts.extend(&hierarchy.top_level),
                    }
                }
                if let Some(total) = index.get("total") {
                    for column in columns {
                        out.push(
                            FormulaKind::TableTotal,
                            CellRef { table: id, row: total, column: &column.key },
                            column_parts(id, &total_parts, &column.key),
                        );
                    }
                    derived_rows.push(total);
                }
                // Parents, 小计 rows and the total also satisfy the column formulas; listed last,
                // they are consistent after recompute and give the audit the row-wise check.
                for row in derived_rows {
                    push_column_sums(&mut out, id, row, &sums);
                }
            }
            Layout::Fixed { columns, rows, .. } => {
                let sums = ordered_sum_columns(columns.iter().map(|c| (c.key.as_str(), c.sum_of.as_slice())));
                let keys: Vec<&str> = columns.iter().map(|c| c.key.as_str()).collect();
                push_fixed_rows(&mut out, id, index, rows.iter().collect(), &[], &keys, &sums);
            }
            Layout::TwoSided { left, right, footer } => {
                for side in [left, right] {
                    let sums = ordered_sum_columns(side.columns.iter().map(|c| (c.key.as_str(), c.sum_of.as_slice())));
                    let keys: Vec<&str> = side.columns.iter().map(|c| c.key.as_str()).collect();
                    let item_ids = edition.side_items(id, std::ptr::eq(side, left));
                    if matches!(side.rows, SideRows::FunctionClasses) {
                        // A class without a published code (人行科目) has no detail rows: entered.
                        for class in
                            edition.function_classes.iter().filter(|c| c.id.bytes().all(|b| b.is_ascii_digit()))
                        {
                            let Some(row) = index.get(&format!("out.{}", class.id)) else { continue };
                            for link in &side.class_source {
                                // Every unit's row of the class when the source table has per-unit
                                // 小计 rows; the one row otherwise.
                                let source = project.tables.get(link.table);
                                let by_unit = segmented.contains(&link.table);
                                let unit_rows = source
                                    .rows
                                    .iter()
                                    .enumerate()
                                    .take(if by_unit { usize::MAX } else { 0 })
                                    .filter(|(_, r)| r.id == class.id)
                                    .map(|(i, _)| i);
                                let the_row = index_of(link.table).get(&class.id).filter(|_| !by_unit);
                                let parts = unit_rows.chain(the_row).map(|source_row| CellRef {
                                    table: link.table,
                                    row: source_row,
                                    column: &link.from,
                                });
                                out.push(
                                    FormulaKind::ClassLink,
                                    CellRef { table: id, row, column: &link.column },
                                    parts,
                                );
                            }
                        }
                    }
                    for item in item_ids {
                        if let Some(row) = index.get(&item.id) {
                            push_column_sums(&mut out, id, row, &sums);
                        }
                    }
                    let footer_rows: Vec<&FixedRow> = footer
                        .iter()
                        .filter_map(
                            |pair| if std::ptr::eq(side, left) { pair.left.as_ref() } else { pair.right.as_ref() },
                        )
                        .collect();
                    push_fixed_rows(&mut out, id, index, footer_rows, item_ids, &keys, &sums);
                }
            }
        }
    }
    out
}

/// One column of the given rows, as formula parts.
fn column_parts<'a, 'e>(table: TableId, rows: &'a [usize], column: &'e str) -> impl Iterator<Item = CellRef<'e>> + 'a
where
    'e: 'a,
{
    rows.iter().map(move |&row| CellRef { table, row, column })
}

/// Fixed rows: entered rows get their column sums; derived rows (children first) the row sums
/// for every column, then their own column sums (consistent with the row sums after recompute;
/// for the audit, a second view of the same row).
fn push_fixed_rows<'e>(
    out: &mut Formulas<'e>,
    id: TableId,
    index: &RowIndex,
    rows: Vec<&'e FixedRow>,
    side_items: &[RowInfo],
    columns: &[&'e str],
    sums: &[(&'e str, &'e [String])],
) {
    for fixed in rows.iter().filter(|r| r.sum == RowSum::Entered) {
        if let Some(row) = index.get(&fixed.id) {
            push_column_sums(out, id, row, sums);
        }
    }
    for fixed in rows_children_first(&rows) {
        let Some(row) = index.get(&fixed.id) else { continue };
        let part_ids: Vec<&str> = match &fixed.sum {
            RowSum::Entered => continue,
            RowSum::Rows(ids) => ids.iter().map(String::as_str).collect(),
            RowSum::SideItems => side_items.iter().map(|r| r.id.as_str()).collect(),
        };
        let part_rows: Vec<usize> = part_ids.iter().filter_map(|p| index.get(p)).collect();
        for &column in columns {
            let parts = part_rows.iter().map(|&r| CellRef { table: id, row: r, column });
            out.push(FormulaKind::Rows, CellRef { table: id, row, column }, parts);
        }
        push_column_sums(out, id, row, sums);
    }
}

/// Orders derived fixed rows so each comes after the derived rows it sums.
fn rows_children_first<'e>(rows: &[&'e FixedRow]) -> Vec<&'e FixedRow> {
    let mut placed: Vec<&'e FixedRow> = Vec::new();
    let derived: Vec<&'e FixedRow> = rows.iter().copied().filter(|r| r.sum != RowSum::Entered).collect();
    while placed.len() < derived.len() {
        let before = placed.len();
        for row in &derived {
            if placed.iter().any(|p| p.id == row.id) {
                continue;
            }
            let waits = match &row.sum {
                RowSum::Rows(ids) => {
                    ids.iter().any(|i| derived.iter().any(|d| &d.id == i) && !placed.iter().any(|p| &p.id == i))
                }
                _ => false,
            };
            if !waits {
                placed.push(row);
            }
        }
        if placed.len() == before {
            // A cycle in the edition data; the catalog tests rule this out.
            break;
        }
    }
    placed
}

fn push_column_sums<'e>(out: &mut Formulas<'e>, id: TableId, row: usize, sums: &[(&'e str, &'e [String])]) {
    for (column, parts) in sums {
        let parts = parts.iter().map(|p| CellRef { table: id, row, column: p.as_str() });
        out.push(FormulaKind::Columns, CellRef { table: id, row, column }, parts);
    }
}

/// Sum columns ordered so that a sum of sums comes after its parts (小计 before 合计).
fn ordered_sum_columns<'e>(columns: impl Iterator<Item = (&'e str, &'e [String])>) -> Vec<(&'e str, &'e [String])> {
    let sums: Vec<(&str, &[String])> = columns.filter(|(_, parts)| !parts.is_empty()).collect();
    let used_by_another_sum = |key: &str| sums.iter().any(|(_, parts)| parts.iter().any(|p| p == key));
    // Editions nest sums one level deep (小计 inside 合计): putting the used ones first suffices.
    let mut ordered = sums.clone();
    ordered.sort_by_key(|(key, _)| !used_by_another_sum(key));
    ordered
}

/// Row positions by id.
struct RowIndex<'t>(HashMap<&'t str, usize>);

impl<'t> RowIndex<'t> {
    fn new(table: &'t Table) -> Self {
        Self::of_rows(table, 0..table.rows.len())
    }

    /// The first position of each id among the rows in `range` (one unit's segment).
    fn of_rows(table: &'t Table, range: std::ops::Range<usize>) -> Self {
        let mut map = HashMap::with_capacity_and_hasher(range.len(), Default::default());
        for (i, row) in table.rows.iter().enumerate().skip(range.start).take(range.len()) {
            map.entry(row.id.as_str()).or_insert(i);
        }
        RowIndex(map)
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.0.get(id).copied()
    }
}

/// The classification tree of a classified table, from the codes of its rows.
struct Hierarchy {
    /// Children of each row that has any, by row position.
    children: Vec<(usize, Vec<usize>)>,
    /// Coded rows whose parent code is not in the table (normally the 类 rows).
    top_level: Vec<usize>,
    leaves: Vec<usize>,
}

impl Hierarchy {
    /// The tree of the coded rows in `range`, `index` holding their positions.
    fn new(table: &Table, range: std::ops::Range<usize>, index: &RowIndex) -> Self {
        let mut children: HashMap<usize, Vec<usize>> = HashMap::default();
        let mut top_level = Vec::new();
        let in_range = || table.rows.iter().enumerate().skip(range.start).take(range.len());
        for (i, row) in in_range() {
            if !row.is_coded() || index.get(&row.id) != Some(i) {
                continue;
            }
            match Dictionary::parent_code(&row.id).and_then(|p| index.get(p)) {
                Some(parent) => children.entry(parent).or_default().push(i),
                None => top_level.push(i),
            }
        }
        let leaves = in_range()
            .filter(|(i, r)| r.is_coded() && index.get(&r.id) == Some(*i) && !children.contains_key(i))
            .map(|(i, _)| i)
            .collect();
        let mut children: Vec<(usize, Vec<usize>)> = children.into_iter().collect();
        // Deepest codes first, so 款 sums exist before 类 sums use them.
        let depth = |row: usize| table.rows.get(row).map_or(0, |r| r.id.len());
        children.sort_by_key(|(parent, _)| std::cmp::Reverse((depth(*parent), usize::MAX - *parent)));
        Hierarchy { children, top_level, leaves }
    }

    fn leaves(&self) -> impl Iterator<Item = usize> + '_ {
        self.leaves.iter().copied()
    }

    fn parents_bottom_up(&self) -> impl Iterator<Item = (usize, &[usize])> + '_ {
        self.children.iter().map(|(p, c)| (*p, c.as_slice()))
    }
}

/// Recomputes every derived cell from the entered ones. A derived cell whose sum is zero is
/// left blank, as published tables print nothing for zero; others get two decimals (万元).
pub fn recompute(edition: &Edition, project: &mut Project) {
    let formulas = formulas(edition, project);
    for formula in formulas.iter() {
        let sum = formulas.sum(project, formula);
        let cell = if sum.is_zero() {
            None
        } else {
            let mut v = sum;
            v.rescale(2);
            Some(v)
        };
        let target = formula.target;
        if let Some(row) = project.tables.get_mut(target.table).rows.get_mut(target.row) {
            row.cells.set(target.column, cell);
        }
    }
    // Keep cells in column order so files stay stable after edits.
    for id in TableId::ALL {
        let keys: Vec<&str> = edition.column_keys(id);
        let rank = |key: &str| keys.iter().position(|k| *k == key).unwrap_or(usize::MAX);
        for row in &mut project.tables.get_mut(id).rows {
            let ordered = row.cells.iter().map(|(k, _)| rank(k)).is_sorted();
            if !ordered {
                row.cells.sort_by_columns(keys.iter().copied());
            }
        }
    }
}

/// A derived cell that [`recompute_dependents`] changed, with its value before the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedCell {
    pub table: TableId,
    pub row: usize,
    pub column: String,
    pub before: Option<Decimal>,
}

/// Recomputes the derived cells that depend on the given rows (the rows an edit touched),
/// and the derived cells of those rows themselves; everything else keeps what it states.
///
/// This is what the editor runs after an edit: typing into a 项 cell updates its row's 合计, its
/// 款, 类, the table's 合计 row and the summary tables linked to it, while a stated total
/// elsewhere that does not add up (an imported document's mistake) stays visible to the audit
/// instead of being silently overwritten. Returns the cells it changed with their old values,
/// so the edit can be undone exactly.
pub fn recompute_dependents(
    edition: &Edition,
    project: &mut Project,
    touched: &[(TableId, usize)],
) -> Vec<ChangedCell> {
    let formulas = formulas(edition, project);
    let mut dirty: rustc_hash::FxHashSet<(TableId, usize)> = touched.iter().copied().collect();
    let mut changed = Vec::new();
    // The list is in evaluation order (every part before the sums that use it), so one pass
    // carries a change through 项 → 款 → 类 → 合计 → linked summary rows.
    for formula in formulas.iter() {
        let target = formula.target;
        let affected = dirty.contains(&(target.table, target.row))
            || formulas.parts(formula).iter().any(|p| dirty.contains(&(p.table, p.row)));
        if !affected {
            continue;
        }
        let sum = formulas.sum(project, formula);
        let new = if sum.is_zero() {
            None
        } else {
            let mut v = sum;
            v.rescale(2);
            Some(v)
        };
        let Some(row) = project.tables.get_mut(target.table).rows.get_mut(target.row) else { continue };
        let before = row.cells.get(target.column);
        if before != new {
            row.cells.set(target.column, new);
            changed.push(ChangedCell {
                table: target.table,
                row: target.row,
                column: target.column.to_string(),
                before,
            });
            dirty.insert((target.table, target.row));
        }
    }
    let touched_rows: Vec<(TableId, usize)> = dirty.into_iter().collect();
    order_cells(edition, project, &touched_rows);
    changed
}

/// Puts the cells of the given rows back in column order (an edit appends new cells at the
/// end), so files stay stable and undo/redo give back exactly the same rows.
pub fn order_cells(edition: &Edition, project: &mut Project, rows: &[(TableId, usize)]) {
    for &(table, row) in rows {
        let order = edition.column_keys(table);
        if let Some(row) = project.tables.get_mut(table).rows.get_mut(row) {
            let rank = |key: &str| order.iter().position(|k| *k == key).unwrap_or(usize::MAX);
            if !row.cells.iter().map(|(k, _)| rank(k)).is_sorted() {
                row.cells.sort_by_columns(order.iter().copied());
            }
        }
    }
}

/// Whether a cell is derived (the editor shows it read-only).
pub fn derived_cells<'e>(edition: &'e Edition, project: &Project) -> std::collections::HashSet<CellRef<'e>> {
    formulas(edition, project).list.into_iter().map(|f| f.target).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::project_format as project_file;

    fn sample(name: &str) -> Project {
        project_file::parse(crate::samples::sample_text(name).unwrap().as_bytes()).unwrap()
    }

    fn mismatches(edition: &Edition, project: &Project) -> Vec<String> {
        let all = formulas(edition, project);
        all.iter()
            .filter_map(|f| {
                let stated = value(project, f.target);
                let sum = all.sum(project, f);
                (stated != sum).then(|| {
                    let row = &project.tables.get(f.target.table).rows[f.target.row];
                    format!("{:?} {} {} {} {stated} != {sum}", f.kind, f.target.table.key(), row.id, f.target.column)
                })
            })
            .collect()
    }

    #[test]
    fn gaoyang_tables_are_consistent_with_every_formula() {
        let project = sample("gaoyang-2022");
        let edition = Catalog::get().edition("hebei-2022").unwrap();
        assert_eq!(mismatches(edition, &project), Vec::<String>::new());
        assert!(formulas(edition, &project).list.len() > 150);
    }

    #[test]
    fn laiyuan_has_exactly_its_real_three_public_error() {
        let project = sample("laiyuan-2024");
        let edition = Catalog::get().edition("hebei-2024").unwrap();
        let found = mismatches(edition, &project);
        // 合计 186.00 vs 小计 171.00 + 会议费 + 培训费, in the total and general columns.
        assert_eq!(
            found,
            ["Rows three_public total total 186.00 != 171.00", "Rows three_public total general 186.00 != 171.00"]
        );
    }

    #[test]
    fn an_edit_carries_through_its_parents_and_linked_summaries_and_nothing_else() {
        let edition = Catalog::get().edition("hebei-2022").unwrap();
        let project = sample("gaoyang-2022");
        let expense = project.tables.get(TableId::Expense);
        let leaf = expense.rows.iter().position(|r| r.id == "2010301").unwrap();
        let before_total = expense.amount("total", "total").unwrap();
        let before_basic = expense.rows[leaf].cells.get("basic").unwrap();
        let mut edited = project.clone();
        edited.tables.get_mut(TableId::Expense).rows[leaf].cells.set("basic", Some(before_basic + Decimal::ONE));
        let changed = recompute_dependents(edition, &mut edited, &[(TableId::Expense, leaf)]);
        let expense_after = edited.tables.get(TableId::Expense);
        assert_eq!(expense_after.amount("total", "total").unwrap(), before_total + Decimal::ONE);
        assert_eq!(
            expense_after.amount("20103", "basic").unwrap(),
            project.tables.get(TableId::Expense).amount("20103", "basic").unwrap() + Decimal::ONE
        );
        // 收支总表's 一般公共服务支出 row is linked to 支出总表's 201 total.
        let summary = |p: &Project| p.tables.get(TableId::IncomeExpenseSummary).amount("out.201", "amount").unwrap();
        assert_eq!(summary(&edited), summary(&project) + Decimal::ONE);
        // Everything changed is reported with its old value: restoring them gives the original.
        assert!(changed.len() >= 6, "{changed:?}");
        for cell in &changed {
            edited.tables.get_mut(cell.table).rows[cell.row].cells.set(&cell.column, cell.before);
        }
        edited.tables.get_mut(TableId::Expense).rows[leaf].cells.set("basic", Some(before_basic));
        assert_eq!(edited, project);
    }

    #[test]
    fn an_edit_leaves_unrelated_stated_mistakes_alone() {
        let edition = Catalog::get().edition("hebei-2024").unwrap();
        let mut project = sample("laiyuan-2024");
        let leaf = project.tables.get(TableId::Expense).rows.iter().rposition(|r| r.id.len() == 7).unwrap();
        project.tables.get_mut(TableId::Expense).rows[leaf].cells.set("basic", Some(Decimal::new(123, 2)));
        recompute_dependents(edition, &mut project, &[(TableId::Expense, leaf)]);
        // The 三公 合计 186.00 ≠ 171.00 mistake is untouched by an edit elsewhere.
        assert_eq!(
            mismatches(edition, &project),
            ["Rows three_public total total 186.00 != 171.00", "Rows three_public total general 186.00 != 171.00"]
        );
    }

    #[test]
    fn recompute_rebuilds_every_derived_cell_from_the_leaves() {
        let edition = Catalog::get().edition("hebei-2022").unwrap();
        let original = sample("gaoyang-2022");
        let mut wiped = original.clone();
        for target in derived_cells(edition, &original) {
            wiped.tables.get_mut(target.table).rows[target.row].cells.set(target.column, None);
        }
        assert_ne!(wiped, original);
        recompute(edition, &mut wiped);
        assert_eq!(wiped, original);
    }

    #[test]
    fn recompute_fixes_the_laiyuan_total_and_nothing_else() {
        let edition = Catalog::get().edition("hebei-2024").unwrap();
        let original = sample("laiyuan-2024");
        let mut fixed = original.clone();
        recompute(edition, &mut fixed);
        assert_eq!(fixed.tables.three_public.amount("total", "total").unwrap().to_string(), "171.00");
        fixed.tables.three_public = original.tables.three_public.clone();
        assert_eq!(fixed, original);
    }

    #[test]
    fn editing_a_leaf_moves_every_total_above_it() {
        let edition = Catalog::get().edition("hebei-2022").unwrap();
        let mut project = sample("gaoyang-2022");
        let cell = |p: &Project, t: TableId, r: &str, c: &str| p.tables.get(t).amount(r, c).unwrap().to_string();
        project.tables.expense.row_mut("2010302").unwrap().cells.set("project", Some(Decimal::new(25024, 2)));
        recompute(edition, &mut project);
        assert_eq!(cell(&project, TableId::Expense, "2010302", "total"), "250.24");
        assert_eq!(cell(&project, TableId::Expense, "20103", "project"), "270.24");
        assert_eq!(cell(&project, TableId::Expense, "201", "total"), "950.00");
        assert_eq!(cell(&project, TableId::Expense, "total", "total"), "1016.79");
        assert_eq!(cell(&project, TableId::IncomeExpenseSummary, "out.201", "amount"), "950.00");
        assert_eq!(cell(&project, TableId::IncomeExpenseSummary, "out.total", "amount"), "1016.79");
        assert_eq!(cell(&project, TableId::IncomeExpenseSummary, "out.grand_total", "amount"), "1016.79");
    }
}
