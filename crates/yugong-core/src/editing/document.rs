//! The open project with everything the window derives from it: undo history, audit findings,
//! which cells are derived, and the saved/unsaved state.
//!
//! Pure (no egui): every edit of the window goes through [`Document::apply`] or
//! [`Document::record`], so the same path is unit-tested here and driven by the UI tests.

use std::collections::HashSet;
use std::path::PathBuf;

use rustc_hash::FxHashMap;

use super::history::{History, Op, apply_all};
use crate::audit::{self, Finding, Fix, Location, Severity, Tally};
use crate::calc::{self, CellRef};
use crate::catalog::{Catalog, Edition, dictionary::Dictionary};
use crate::model::{Project, Table, TableId};

pub struct Document {
    pub project: Project,
    /// Where the project is saved; `None` for a new project or a bundled sample.
    pub path: Option<PathBuf>,
    /// The name the title bar shows when there is no path (“内置示例 高阳县…”, “未命名”).
    pub untitled_name: String,
    history: History,
    /// Increases with every change (undo and redo included); the file is unsaved when it
    /// differs from the revision last saved.
    revision: u64,
    saved_revision: u64,
    pub findings: Vec<Finding>,
    pub tally: Tally,
    derived: HashSet<CellRef<'static>>,
    /// Findings by the table row they point at (row id), for marking cells.
    marks: FxHashMap<(TableId, String), Vec<usize>>,
}

impl Document {
    pub fn new(project: Project, path: Option<PathBuf>, untitled_name: impl Into<String>) -> Document {
        let mut document = Document {
            project,
            path,
            untitled_name: untitled_name.into(),
            history: History::default(),
            revision: 0,
            saved_revision: 0,
            findings: Vec::new(),
            tally: Tally::default(),
            derived: HashSet::new(),
            marks: FxHashMap::default(),
        };
        document.refresh(true);
        document
    }

    pub fn edition(&self) -> Option<&'static Edition> {
        Catalog::get().edition(&self.project.meta.edition)
    }

    /// The file name for the title bar and the status bar.
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(path) => path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into()),
            None => self.untitled_name.clone(),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Marks the current state as saved (to `path`).
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_revision = self.revision;
        self.history.seal();
    }

    /// The user chose not to save: the changes stay in memory but no longer count as unsaved
    /// (the document is about to be closed or replaced).
    pub fn discard_changes(&mut self) {
        self.saved_revision = self.revision;
    }

    /// Marks the document as changed without an undoable edit (a restored recovery file).
    pub fn mark_unsaved(&mut self) {
        self.saved_revision = u64::MAX;
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Applies an edit, recomputes the totals that depend on the table rows it touched, and
    /// re-audits — all before the next frame is drawn. Returns false when nothing changed.
    pub fn apply(&mut self, label: &str, ops: Vec<Op>, coalesce: Option<u64>) -> bool {
        let structural =
            ops.iter().any(|op| matches!(op, Op::InsertRow { .. } | Op::RemoveRow { .. } | Op::Project(_)));
        let mut touched: Vec<(TableId, usize)> = Vec::new();
        let mut removed_codes: Vec<(TableId, String)> = Vec::new();
        for op in &ops {
            match op {
                Op::RemoveRow { table, index } => {
                    if let Some(row) = self.project.tables.get(*table).rows.get(*index) {
                        removed_codes.push((*table, row.id.clone()));
                    }
                }
                other => touched.extend(other.touched_row()),
            }
        }
        let mut inverse = apply_all(ops, &mut self.project);
        if inverse.is_empty() {
            return false;
        }
        // After a removal the rows above it (款, 类, 合计) must be summed again.
        for (table, code) in removed_codes {
            touched.extend(parent_rows(self.project.tables.get(table), &code).into_iter().map(|row| (table, row)));
        }
        if let Some(edition) = self.edition() {
            for changed in calc::recompute_dependents(edition, &mut self.project, &touched) {
                inverse.push(Op::SetCell {
                    table: changed.table,
                    row: changed.row,
                    column: changed.column,
                    value: changed.before,
                });
            }
        }
        self.history.record(label, inverse, coalesce);
        self.revision += 1;
        self.refresh(structural);
        true
    }

    /// Records a change a widget already made to the project (text fields edit the model
    /// directly), given the operation that undoes it.
    pub fn record(&mut self, label: &str, inverse: Op, coalesce: Option<u64>) {
        let structural = matches!(inverse, Op::InsertRow { .. } | Op::RemoveRow { .. });
        self.history.record(label, vec![inverse], coalesce);
        self.revision += 1;
        self.refresh(structural);
    }

    /// Starts a new undo step even if the next change has the same coalescing key.
    pub fn seal_history(&mut self) {
        self.history.seal();
    }

    pub fn undo(&mut self) -> bool {
        // Undo replays recorded inverses, derived cells included, so no recompute is needed and
        // totals that were stated inconsistently come back exactly as they were.
        let Some(touched) = self.history.undo(&mut self.project) else { return false };
        self.order_cells(&touched);
        self.revision += 1;
        self.refresh(true);
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(touched) = self.history.redo(&mut self.project) else { return false };
        self.order_cells(&touched);
        self.revision += 1;
        self.refresh(true);
        true
    }

    fn order_cells(&mut self, rows: &[(TableId, usize)]) {
        if let Some(edition) = self.edition() {
            calc::order_cells(edition, &mut self.project, rows);
        }
    }

    /// Applies the fix a finding offers, as one undoable edit.
    pub fn apply_fix(&mut self, fix: &Fix) -> bool {
        let ops = fix
            .cells
            .iter()
            .filter_map(|cell| {
                let row = self.project.tables.get(cell.table).rows.iter().position(|r| r.id == cell.row)?;
                Some(Op::SetCell { table: cell.table, row, column: cell.column.clone(), value: cell.value })
            })
            .collect();
        self.apply(&format!("修正：{}", fix.description), ops, None)
    }

    /// Whether a cell is computed from others (read-only in the grid).
    pub fn is_derived(&self, table: TableId, row: usize, column: &str) -> bool {
        // `CellRef` borrows the column key from the static catalog; look it up through a key
        // of the same table so the set needs no owned strings.
        let Some(edition) = self.edition() else { return false };
        let Some(column) = edition.columns(table).into_iter().find(|c| c.key == column) else { return false };
        self.derived.contains(&CellRef { table, row, column: column.key.as_str() })
    }

    /// The most severe finding on a cell (or on its whole row), with its message.
    pub fn cell_finding(&self, table: TableId, row_id: &str, column: &str) -> Option<&Finding> {
        let indexes = self.marks.get(&(table, row_id.to_string()))?;
        indexes
            .iter()
            .filter_map(|&i| self.findings.get(i))
            .filter(|f| match &f.location {
                Location::Table { column: Some(c), .. } => c == column,
                _ => true,
            })
            .max_by_key(|f| severity_rank(f.severity))
    }

    /// Re-audits; with `structure` also rebuilds the set of derived cells (rows were added or
    /// removed, or undo may have done so).
    fn refresh(&mut self, structure: bool) {
        self.findings = audit::check(&self.project);
        self.tally = Tally::of(&self.findings);
        self.marks.clear();
        for (index, finding) in self.findings.iter().enumerate() {
            if let Location::Table { table, row: Some(row), .. } = &finding.location {
                self.marks.entry((*table, row.clone())).or_default().push(index);
            }
        }
        if structure || self.derived.is_empty() {
            self.derived = match self.edition() {
                Some(edition) => calc::derived_cells(edition, &self.project),
                None => HashSet::new(),
            };
        }
    }
}

fn severity_rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 3,
        Severity::Warning => 2,
        Severity::Info => 1,
    }
}

/// Positions of the rows a code rolls up into (its 款 and 类 rows) and the 合计 row.
pub fn parent_rows(table: &Table, code: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut current = code;
    while let Some(parent) = Dictionary::parent_code(current) {
        if let Some(index) = table.rows.iter().position(|r| r.id == parent) {
            out.push(index);
        }
        current = parent;
    }
    out.extend(table.rows.iter().position(|r| r.id == "total"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project_format as project_file;
    use rust_decimal::Decimal;

    fn gaoyang() -> Document {
        let project = project_file::parse(crate::samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap();
        Document::new(project, None, "高阳")
    }

    fn cell(document: &Document, table: TableId, row: &str, column: &str) -> Option<Decimal> {
        document.project.tables.get(table).amount(row, column)
    }

    #[test]
    fn an_edit_updates_totals_and_findings_and_undo_restores_both() {
        let mut document = gaoyang();
        assert_eq!(document.tally.errors, 0);
        let original = document.project.clone();
        let row = document.project.tables.get(TableId::Expense).rows.iter().position(|r| r.id == "2010301").unwrap();
        let basic = cell(&document, TableId::Expense, "2010301", "basic").unwrap();
        let total = cell(&document, TableId::Expense, "total", "total").unwrap();
        let changed = document.apply(
            "修改单元格",
            vec![Op::SetCell {
                table: TableId::Expense,
                row,
                column: "basic".into(),
                value: Some(basic + Decimal::new(1000, 2)),
            }],
            None,
        );
        assert!(changed && document.is_dirty());
        assert_eq!(cell(&document, TableId::Expense, "total", "total").unwrap(), total + Decimal::TEN);
        assert_eq!(
            cell(&document, TableId::Expense, "201", "basic").unwrap(),
            basic_of(&original, "201") + Decimal::TEN
        );
        // The other tables still state the old figures: the cross-table checks now fail.
        assert!(document.tally.errors > 0);
        assert!(document.findings.iter().any(|f| f.rule.starts_with("X-")), "{:?}", document.findings);
        assert!(document.is_derived(TableId::Expense, row, "total"));
        assert!(!document.is_derived(TableId::Expense, row, "basic"));
        document.undo();
        assert_eq!(document.project, original);
        assert_eq!(document.tally.errors, 0);
        document.redo();
        assert_eq!(cell(&document, TableId::Expense, "total", "total").unwrap(), total + Decimal::TEN);
    }

    fn basic_of(project: &Project, row: &str) -> Decimal {
        project.tables.get(TableId::Expense).amount(row, "basic").unwrap()
    }

    #[test]
    fn removing_a_row_sums_its_parents_again_and_undo_puts_it_back() {
        let mut document = gaoyang();
        let original = document.project.clone();
        let table = document.project.tables.get(TableId::Expense);
        let index = table.rows.iter().position(|r| r.id == "2010301").unwrap();
        let removed_total = table.rows[index].cells.get("total").unwrap();
        let parent_total = cell(&document, TableId::Expense, "20103", "total").unwrap();
        assert!(document.apply("删除行", vec![Op::RemoveRow { table: TableId::Expense, index }], None));
        assert_eq!(
            cell(&document, TableId::Expense, "20103", "total").unwrap_or_default(),
            parent_total - removed_total
        );
        document.undo();
        assert_eq!(document.project, original);
    }

    #[test]
    fn a_fix_is_one_undoable_edit() {
        let project = project_file::parse(crate::samples::sample_text("laiyuan-2024").unwrap().as_bytes()).unwrap();
        let mut document = Document::new(project, None, "涞源");
        let finding = document.findings.iter().find(|f| f.rule == "T9-TOTAL" && f.fix.is_some()).unwrap().clone();
        let errors = document.tally.errors;
        assert!(document.apply_fix(finding.fix.as_ref().unwrap()));
        assert!(document.tally.errors < errors);
        assert!(!document.findings.iter().any(|f| f.rule == "T9-TOTAL"));
        document.undo();
        assert!(document.findings.iter().any(|f| f.rule == "T9-TOTAL"));
    }

    #[test]
    fn saving_clears_the_unsaved_state_and_a_later_edit_sets_it() {
        let mut document = gaoyang();
        assert!(!document.is_dirty());
        let mut narrative = document.project.narrative.clone();
        narrative.other_matters.push('。');
        let before = std::mem::replace(&mut document.project.narrative, narrative);
        document.record("编辑文字", Op::Narrative(Box::new(before)), Some(1));
        assert!(document.is_dirty());
        document.mark_saved(PathBuf::from("/tmp/x.ron"));
        assert!(!document.is_dirty());
        assert_eq!(document.display_name(), "x.ron");
        document.undo();
        assert!(document.is_dirty());
    }
}
