//! The open project with everything the window derives from it: undo history, audit findings,
//! which cells are derived, and the saved/unsaved state.
//!
//! Pure (no egui): every edit of the window goes through [`Document::apply`] or
//! [`Document::record`], so the same path is unit-tested here and driven by the UI tests.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use super::history::{History, Op, StateId, apply_all};
use crate::audit::{self, Finding, Fix, Location, Severity, Tally};
use crate::calc::{self, CellRef};
use crate::catalog::{Catalog, Edition, dictionary::Dictionary};
use crate::model::{NarrativeSection, Project, Review, Table, TableId};

/// What the window says when review mode refused an edit.
pub const REVIEW_MODE_LOCKED: &str =
    "审阅模式：金额和文字已锁定，不能修改（可添加批注、说明问题、更改审核状态；如需修改请在“视图”菜单关闭审阅模式）";

/// Numbers the documents of this process, so that (id, revision) names one state of one
/// document: a cache keyed by it cannot mistake a file just opened (revision 0 again) for the
/// one before it.
static NEXT_DOCUMENT_ID: AtomicU64 = AtomicU64::new(1);

pub struct Document {
    pub project: Project,
    /// This document among those opened in the process ([`Document::id`]).
    id: u64,
    /// Where the project is saved; `None` for a new project or a bundled sample.
    pub path: Option<PathBuf>,
    /// The name the title bar shows when there is no path (“内置示例 高阳县…”, “未命名”).
    pub untitled_name: String,
    history: History,
    /// Increases with every change (undo and redo included): what autosave compares.
    revision: u64,
    /// The history state last saved (or opened); `None` when no state of this session is on
    /// disk (a new project, an import, a recovered copy). Unsaved = the current state differs.
    saved_state: Option<StateId>,
    pub findings: Vec<Finding>,
    pub tally: Tally,
    derived: HashSet<CellRef<'static>>,
    /// Findings by the table row they point at (row position), for marking cells.
    marks: FxHashMap<(TableId, usize), Vec<usize>>,
    /// Editions and dictionaries the audit and the insert-row form use: the embedded catalog, or
    /// the one the window built with the user's imported 科目表 ([`Document::set_catalog`]).
    catalog: &'static Catalog,
    /// 审阅模式: amounts and texts are locked; only [`Op::allowed_in_review_mode`] edits apply.
    review_mode: bool,
    /// Edits refused because of review mode, counted so the window can say why nothing changed.
    refused_in_review_mode: u64,
}

impl Document {
    pub fn new(project: Project, path: Option<PathBuf>, untitled_name: impl Into<String>) -> Document {
        let mut document = Document {
            project,
            id: NEXT_DOCUMENT_ID.fetch_add(1, Ordering::Relaxed),
            path,
            untitled_name: untitled_name.into(),
            history: History::default(),
            revision: 0,
            saved_state: Some(0),
            findings: Vec::new(),
            tally: Tally::default(),
            derived: HashSet::new(),
            marks: FxHashMap::default(),
            catalog: Catalog::get(),
            review_mode: false,
            refused_in_review_mode: 0,
        };
        document.refresh(true);
        document
    }

    /// Audits against `catalog` from now on (the user imported a 科目表); re-audits when it changed.
    pub fn set_catalog(&mut self, catalog: &'static Catalog) {
        if !std::ptr::eq(self.catalog, catalog) {
            self.catalog = catalog;
            self.refresh(false);
        }
    }

    pub fn catalog(&self) -> &'static Catalog {
        self.catalog
    }

    pub fn edition(&self) -> Option<&'static Edition> {
        self.catalog.edition(&self.project.meta.edition)
    }

    /// The file name for the title bar and the status bar.
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(path) => path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into()),
            None => self.untitled_name.clone(),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.history.state())
    }

    /// Unique among the documents of this process; with [`Document::revision`] it names one state
    /// of the project for caches that outlive a frame (every change goes through `apply`,
    /// `record`, undo or redo, each of which advances the revision).
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Marks the current state as saved (to `path`).
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        // Sealed first: a later keystroke in the same field must make a new state, not change
        // the saved one.
        self.history.seal();
        self.saved_state = Some(self.history.state());
    }

    /// Marks the document as changed without an undoable edit (a new project, an import, a
    /// restored recovery file): no state of it is on disk until it is saved.
    pub fn mark_unsaved(&mut self) {
        self.saved_state = None;
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// 审阅模式 on or off. While on, every edit except the review operations is refused here,
    /// the one place all edits of the window pass (apply, record, undo, redo), so no widget can
    /// change an amount or a text.
    pub fn set_review_mode(&mut self, on: bool) {
        self.review_mode = on;
    }

    pub fn is_review_mode(&self) -> bool {
        self.review_mode
    }

    /// How many edits review mode has refused so far (the window shows a message when it grows).
    pub fn refused_in_review_mode(&self) -> u64 {
        self.refused_in_review_mode
    }

    /// Whether review mode lets these operations through (counting a refusal when not).
    fn review_mode_allows(&mut self, ops: &[Op]) -> bool {
        if self.review_mode && !ops.iter().all(Op::allowed_in_review_mode) {
            self.refused_in_review_mode += 1;
            return false;
        }
        true
    }

    /// Changes the review block (status, comments, acceptances) as one undoable edit, allowed in
    /// review mode. `change` works on a copy; an error leaves the document as it was. Returns
    /// whether anything changed.
    pub fn change_review<E>(
        &mut self,
        label: &str,
        change: impl FnOnce(&mut Review) -> Result<(), E>,
    ) -> Result<bool, E> {
        let mut review = self.project.review.clone();
        change(&mut review)?;
        Ok(self.apply_review(label, review))
    }

    /// Applies an edit, recomputes the totals that depend on the table rows it touched, and
    /// re-audits — all before the next frame is drawn. Returns false when nothing changed (or
    /// review mode refused it).
    pub fn apply(&mut self, label: &str, ops: Vec<Op>, coalesce: Option<u64>) -> bool {
        if ops.is_empty() || !self.review_mode_allows(&ops) {
            return false;
        }
        let structural =
            ops.iter().any(|op| matches!(op, Op::InsertRow { .. } | Op::RemoveRow { .. } | Op::Project(_)));
        // The audit never reads the review block: a comment or an acceptance leaves the findings
        // as they are, so they are not computed again.
        let review_only = ops.iter().all(|op| matches!(op, Op::Review(_)));
        let inverse = self.apply_and_recompute(ops);
        if inverse.is_empty() {
            return false;
        }
        self.history.record(label, inverse, coalesce);
        self.revision += 1;
        if !review_only {
            self.refresh(structural);
        }
        true
    }

    /// Applies `ops` and recomputes what depends on the rows they touched, without recording
    /// or re-auditing. Returns the operations that undo both, in the order they were applied
    /// (empty when nothing changed).
    fn apply_and_recompute(&mut self, ops: Vec<Op>) -> Vec<Op> {
        let mut touched: Vec<(TableId, usize)> = Vec::new();
        // (table, the unit's 小计 row id when the table has them, code) of each removed row.
        let mut removed_codes: Vec<(TableId, Option<String>, String)> = Vec::new();
        for op in &ops {
            match op {
                Op::RemoveRow { table, index } => {
                    let rows = &self.project.tables.get(*table);
                    if let Some(row) = rows.rows.get(*index) {
                        let unit = rows.unit_of(*index).and_then(|u| rows.rows.get(u)).map(|u| u.id.clone());
                        removed_codes.push((*table, unit, row.id.clone()));
                    }
                }
                other => touched.extend(other.touched_row()),
            }
        }
        let mut inverse = apply_all(ops, &mut self.project);
        if inverse.is_empty() {
            return inverse;
        }
        // After a removal the rows above it (款, 类, 合计) must be summed again.
        for (table, unit, code) in removed_codes {
            let parents = parent_rows(self.project.tables.get(table), unit.as_deref(), &code);
            touched.extend(parents.into_iter().map(|row| (table, row)));
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
        inverse
    }

    /// Records a change a widget already made to the project (text fields edit the model
    /// directly), given the operation that undoes it.
    pub fn record(&mut self, label: &str, inverse: Op, coalesce: Option<u64>) {
        if !self.review_mode_allows(std::slice::from_ref(&inverse)) {
            // The widget already changed the model: put it back.
            let _ = inverse.apply(&mut self.project);
            return;
        }
        let structural = matches!(inverse, Op::InsertRow { .. } | Op::RemoveRow { .. });
        self.history.record(label, vec![inverse], coalesce);
        self.revision += 1;
        self.refresh(structural);
    }

    /// Starts a new undo step even if the next change has the same coalescing key.
    pub fn seal_history(&mut self) {
        self.history.seal();
    }

    /// Where the next undo changes the document, so the editor can show it.
    pub fn next_undo_place(&self) -> Option<Location> {
        self.history.next_undo().and_then(|ops| self.place_of(ops.first()?))
    }

    /// Where the next redo changes the document.
    pub fn next_redo_place(&self) -> Option<Location> {
        // A redo entry holds the undo's inverses in reverse: the user's own change comes last.
        self.history.next_redo().and_then(|ops| self.place_of(ops.last()?))
    }

    /// The place of an edit's operation: an undo entry's first one is the user's own change,
    /// the cells the recompute changed follow it.
    fn place_of(&self, op: &Op) -> Option<Location> {
        let row_id = |table: TableId, row: usize| self.project.tables.get(table).row_key(row);
        match op {
            Op::SetCell { table, row, column, .. } => {
                Some(Location::Table { table: *table, row: row_id(*table, *row), column: Some(column.clone()) })
            }
            Op::RowName { table, row, .. } => {
                Some(Location::Table { table: *table, row: row_id(*table, *row), column: None })
            }
            Op::InsertRow { table, row, .. } => {
                Some(Location::Table { table: *table, row: Some(row.id.clone()), column: None })
            }
            Op::RemoveRow { table, index } => {
                Some(Location::Table { table: *table, row: row_id(*table, *index), column: None })
            }
            Op::TableText { table, .. } => Some(Location::Table { table: *table, row: None, column: None }),
            Op::Meta(_) | Op::PriorYear(_) => Some(Location::Meta { field: "" }),
            Op::Goal { index, .. } | Op::InsertGoal { index, .. } | Op::RemoveGoal { index } => {
                Some(Location::Goal { goal: *index, indicator: None })
            }
            Op::Procurement(_) => Some(Location::Procurement { row: None, column: None }),
            Op::Assets(_) => Some(Location::Assets { line: None }),
            // A narrative edit stays where the user is (the text field shows it); a wholesale
            // change has no one place.
            Op::Narrative(_) | Op::Project(_) => None,
            // A comment or acceptance changed in a panel: the panel shows it where it is.
            Op::Review(_) => None,
        }
    }

    pub fn undo(&mut self) -> bool {
        if self.review_mode && self.history.next_undo().is_some_and(|ops| !ops.iter().all(Op::allowed_in_review_mode)) {
            self.refused_in_review_mode += 1;
            return false;
        }
        // Undo replays recorded inverses, derived cells included, so no recompute is needed and
        // totals that were stated inconsistently come back exactly as they were.
        let Some(touched) = self.history.undo(&mut self.project) else { return false };
        self.order_cells(&touched);
        self.revision += 1;
        self.refresh(true);
        true
    }

    pub fn redo(&mut self) -> bool {
        if self.review_mode && self.history.next_redo().is_some_and(|ops| !ops.iter().all(Op::allowed_in_review_mode)) {
            self.refused_in_review_mode += 1;
            return false;
        }
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

    /// Applies the fix a finding offers, as one undoable edit. A fix that would not leave its
    /// cells at the values it names (a total the recompute sums back from its rows) changes
    /// nothing, takes no undo step and returns false.
    pub fn apply_fix(&mut self, fix: &Fix) -> bool {
        if !self.fix_takes_effect(fix) {
            return false;
        }
        let ops = self.fix_ops(fix);
        self.apply(&format!("修正：{}", fix.description), ops, None)
    }

    fn fix_ops(&self, fix: &Fix) -> Vec<Op> {
        fix.cells
            .iter()
            .filter_map(|cell| {
                let row = self.project.tables.get(cell.table).position_of_key(&cell.row)?;
                Some(Op::SetCell { table: cell.table, row, column: cell.column.clone(), value: cell.value })
            })
            .collect()
    }

    /// Tries a fix and puts everything back: whether, after the recompute, every cell the fix
    /// names holds the value it names and something changed.
    fn fix_takes_effect(&mut self, fix: &Fix) -> bool {
        let ops = self.fix_ops(fix);
        if ops.len() != fix.cells.len() {
            return false;
        }
        let inverse = self.apply_and_recompute(ops);
        if inverse.is_empty() {
            return false;
        }
        let holds = fix.cells.iter().all(|cell| {
            self.project
                .tables
                .get(cell.table)
                .row(&cell.row)
                .is_some_and(|row| row.cells.get(&cell.column) == cell.value)
        });
        apply_all(inverse.into_iter().rev().collect(), &mut self.project);
        holds
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
    pub fn cell_finding(&self, table: TableId, row: usize, column: &str) -> Option<&Finding> {
        let indexes = self.marks.get(&(table, row))?;
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
        let mut findings = audit::check_with(self.catalog, &self.project);
        // Only fixes that would change what they say are offered (修正 on a total that the
        // recompute sums back from its rows would report success and change nothing).
        for finding in &mut findings {
            if let Some(fix) = &finding.fix
                && !self.fix_takes_effect(fix)
            {
                finding.fix = None;
            }
        }
        // The list a user reads: errors first, then warnings, then infos, each in the order of
        // the disclosure (基本信息, the tables by number and row, the narrative, goals,
        // procurement, assets). `check` prints the audit's own order; only the editor sorts.
        let sections: Vec<NarrativeSection> =
            audit::narrative_texts(&self.project).into_iter().map(|(section, _)| section).collect();
        findings.sort_by_cached_key(|finding| {
            (
                std::cmp::Reverse(severity_rank(finding.severity)),
                place_rank(&self.project, &sections, &finding.location),
            )
        });
        self.findings = findings;
        self.tally = Tally::of(&self.findings);
        self.marks.clear();
        // Row keys to positions, built once per table that has findings (a large table with
        // many findings would otherwise be scanned once per finding).
        let mut positions: FxHashMap<TableId, FxHashMap<std::borrow::Cow<'_, str>, usize>> = FxHashMap::default();
        for (index, finding) in self.findings.iter().enumerate() {
            if let Location::Table { table, row: Some(key), .. } = &finding.location {
                let rows = &self.project.tables.get(*table);
                let by_key = positions.entry(*table).or_insert_with(|| {
                    let mut map = FxHashMap::default();
                    for (position, key) in rows.row_keys().into_iter().enumerate() {
                        // A plain id that stands twice (a duplicate) keeps its first row.
                        map.entry(key).or_insert(position);
                    }
                    map
                });
                if let Some(&row) = by_key.get(key.as_str()) {
                    self.marks.entry((*table, row)).or_default().push(index);
                }
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

/// Where a place comes in the disclosure, for sorting findings: (part, position in the part,
/// position within that).
fn place_rank(project: &Project, sections: &[NarrativeSection], location: &Location) -> (u8, usize, usize) {
    match location {
        Location::Project => (0, 0, 0),
        Location::Meta { .. } => (1, 0, 0),
        Location::Table { table, row, .. } => {
            let number = TableId::ALL.iter().position(|id| id == table).unwrap_or(usize::MAX);
            let row = row
                .as_deref()
                .and_then(|key| project.tables.get(*table).position_of_key(key))
                .map_or(0, |index| index + 1);
            (2, number, row)
        }
        Location::Narrative { section } => (3, sections.iter().position(|key| key == section).unwrap_or(usize::MAX), 0),
        Location::Goal { goal, indicator } => (4, *goal, indicator.map_or(0, |i| i + 1)),
        Location::Procurement { row, .. } => (5, row.map_or(0, |r| r + 1), 0),
        Location::Assets { .. } => (6, 0, 0),
    }
}

/// Positions of the rows a code rolls up into: its 款 and 类 rows (under the given unit's 小计
/// row in a table that has them), that 小计 row, and the 合计 row.
pub fn parent_rows(table: &Table, unit: Option<&str>, code: &str) -> Vec<usize> {
    let segment = table.segment_of_unit(unit).map_or(0..table.rows.len(), |s| s.rows);
    let in_segment = |id: &str| {
        table.rows.iter().enumerate().skip(segment.start).take(segment.len()).find(|(_, r)| r.id == id).map(|(i, _)| i)
    };
    let mut out = Vec::new();
    let mut current = code;
    while let Some(parent) = Dictionary::parent_code(current) {
        out.extend(in_segment(parent));
        current = parent;
    }
    out.extend(unit.and_then(in_segment));
    out.extend(table.rows.iter().position(|r| r.id == "total"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project_format as project_file;
    use rust_decimal::Decimal;

    fn laiyuan() -> Document {
        let project = project_file::parse(crate::samples::sample_text("laiyuan-2024").unwrap().as_bytes()).unwrap();
        Document::new(project, None, "涞源")
    }

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

    #[test]
    fn undoing_back_to_the_saved_state_is_saved_and_redoing_away_is_unsaved() {
        let mut document = gaoyang();
        let expense = TableId::Expense;
        let row = document.project.tables.get(expense).rows.iter().position(|r| r.id == "2010309").unwrap();
        let set = |value: &str| Op::SetCell {
            table: expense,
            row,
            column: "project".into(),
            value: Some(value.parse().unwrap()),
        };
        assert!(document.apply("修改单元格", vec![set("25.00")], None));
        assert!(document.is_dirty());
        assert!(document.undo());
        assert!(!document.is_dirty(), "back to the state as opened");
        assert!(document.redo());
        assert!(document.is_dirty(), "redo leaves the opened state again");

        document.mark_saved(PathBuf::from("/tmp/x.ron"));
        assert!(document.apply("修改单元格", vec![set("26.00")], None));
        assert!(document.undo());
        assert!(!document.is_dirty(), "back to the state saved");
        assert!(document.undo());
        assert!(document.is_dirty(), "before the state saved");
        assert!(document.redo());
        assert!(!document.is_dirty());
        // A new edit after undo is a new state even where it restores the same value.
        assert!(document.undo());
        assert!(document.apply("修改单元格", vec![set("25.00")], None));
        assert!(document.is_dirty());
    }

    #[test]
    fn typing_on_after_a_save_is_unsaved_and_undo_returns_to_the_saved_text() {
        let mut document = gaoyang();
        let type_char = |document: &mut Document, c: char| {
            let mut narrative = document.project.narrative.clone();
            narrative.other_matters.push(c);
            let before = std::mem::replace(&mut document.project.narrative, narrative);
            document.record("编辑文字", Op::Narrative(Box::new(before)), Some(7));
        };
        type_char(&mut document, '甲');
        document.mark_saved(PathBuf::from("/tmp/x.ron"));
        let saved_text = document.project.narrative.other_matters.clone();
        type_char(&mut document, '乙');
        assert!(document.is_dirty());
        type_char(&mut document, '丙');
        assert!(document.undo());
        assert_eq!(document.project.narrative.other_matters, saved_text);
        assert!(!document.is_dirty());
    }

    #[test]
    fn a_new_or_imported_project_is_unsaved_until_saved_even_after_undo() {
        let mut document = gaoyang();
        document.mark_unsaved();
        assert!(document.is_dirty());
        assert!(!document.undo());
        assert!(document.is_dirty());
    }

    #[test]
    fn a_fix_that_would_change_nothing_is_not_offered_and_applying_it_changes_nothing() {
        let mut document = gaoyang();
        let basic = TableId::GeneralBasicExpense;
        let row = document.project.tables.get(basic).rows.iter().position(|r| r.id == "30101").unwrap();
        let op = Op::SetCell { table: basic, row, column: "personnel".into(), value: Some("140.00".parse().unwrap()) };
        assert!(document.apply("修改单元格", vec![op], None));
        let finding = document.findings.iter().find(|f| f.rule == "X-BASIC").expect("表5 and 表6 disagree").clone();
        let before = document.project.clone();
        let undo_label = document.history().undo_label().map(str::to_string);
        assert!(finding.fix.is_none(), "修正 that the recompute would undo is not offered");
        // Applying the audit's own fix anyway (the CLI prints it) changes nothing, takes no step.
        let fix = audit::check(&document.project).into_iter().find(|f| f.rule == "X-BASIC").and_then(|f| f.fix);
        let fix = fix.expect("the audit suggests a fix");
        assert!(!document.apply_fix(&fix));
        assert_eq!(document.project, before);
        assert_eq!(document.history().undo_label().map(str::to_string), undo_label, "no undo step");
    }

    #[test]
    fn findings_are_listed_errors_first_then_warnings_then_infos_each_in_disclosure_order() {
        for document in [laiyuan(), gaoyang()] {
            let sections: Vec<NarrativeSection> =
                audit::narrative_texts(&document.project).into_iter().map(|(k, _)| k).collect();
            let keys: Vec<_> = document
                .findings
                .iter()
                .map(|f| {
                    (
                        std::cmp::Reverse(severity_rank(f.severity)),
                        place_rank(&document.project, &sections, &f.location),
                    )
                })
                .collect();
            assert!(keys.windows(2).all(|pair| pair[0] <= pair[1]), "{:#?}", document.findings);
            // Same findings as the audit, only in another order.
            let mut audited: Vec<String> = audit::check(&document.project).iter().map(|f| f.message.clone()).collect();
            let mut shown: Vec<String> = document.findings.iter().map(|f| f.message.clone()).collect();
            audited.sort();
            shown.sort();
            assert_eq!(audited, shown);
        }
        let laiyuan = laiyuan();
        let severities: Vec<Severity> = laiyuan.findings.iter().map(|f| f.severity).collect();
        assert!(severities.contains(&Severity::Error) && severities.contains(&Severity::Warning));
        assert_eq!(severities.first(), Some(&Severity::Error));
    }

    #[test]
    fn undo_and_redo_say_which_cell_they_change() {
        let mut document = gaoyang();
        let expense = TableId::Expense;
        let row = document.project.tables.get(expense).rows.iter().position(|r| r.id == "2010309").unwrap();
        let op = Op::SetCell { table: expense, row, column: "project".into(), value: Some("25.00".parse().unwrap()) };
        assert!(document.apply("修改单元格", vec![op], None));
        let place = Location::Table { table: expense, row: Some("2010309".into()), column: Some("project".into()) };
        assert_eq!(document.next_undo_place(), Some(place.clone()), "the user's cell, not a recomputed total");
        assert!(document.undo());
        assert_eq!(document.next_redo_place(), Some(place));
    }

    #[test]
    fn an_applied_fix_is_one_undo_step_that_restores_exactly_the_previous_state() {
        let mut document = laiyuan();
        let before = document.project.clone();
        let fixes: Vec<Fix> = document.findings.iter().filter_map(|f| f.fix.clone()).collect();
        assert!(!fixes.is_empty(), "the 涞源 sample has fixable errors");
        for fix in fixes {
            let ahead = document.project.clone();
            assert!(document.apply_fix(&fix), "{}", fix.description);
            assert_ne!(document.project, ahead, "{}", fix.description);
            assert!(document.undo());
            assert_eq!(document.project, ahead, "undo restores exactly: {}", fix.description);
        }
        assert_eq!(document.project, before);
    }

    #[test]
    fn review_mode_refuses_every_content_edit_in_one_place_and_lets_the_status_change() {
        use crate::model::ReviewState;
        use crate::review::StateRequest;
        let mut document = laiyuan();
        let expense = TableId::Expense;
        let row = document.project.tables.get(expense).rows.iter().position(|r| r.id == "2010301").unwrap();
        let cell = |value: &str| Op::SetCell {
            table: expense,
            row,
            column: "basic".into(),
            value: Some(value.parse().unwrap()),
        };
        // An edit made before review mode, to see that its undo is refused too.
        assert!(document.apply("修改单元格", vec![cell("1.00")], None));
        let before = document.project.clone();
        document.set_review_mode(true);
        let fix = document.findings.iter().find_map(|f| f.fix.clone()).expect("涞源 has a fixable error");
        let mut narrative = document.project.narrative.clone();
        narrative.other_matters.push_str("审阅时误输入");
        let refused = [
            document.apply("修改单元格", vec![cell("2.00")], None),
            document.apply("删除行", vec![Op::RemoveRow { table: expense, index: row }], None),
            document.apply("导入 Excel", vec![Op::Project(Box::default())], None),
            document.apply("生成说明", vec![Op::Narrative(Box::new(narrative))], None),
            document.apply_fix(&fix),
            document.undo(),
        ];
        assert_eq!(refused, [false; 6]);
        // A text field edits the model first and records afterwards: the record puts it back.
        let typed = std::mem::replace(&mut document.project.narrative.other_matters, "键入的文字".into());
        let mut undo_text = document.project.narrative.clone();
        undo_text.other_matters = typed;
        document.record("编辑文字", Op::Narrative(Box::new(undo_text)), Some(3));
        assert_eq!(document.project, before, "nothing changed in review mode");
        assert_eq!(document.refused_in_review_mode(), 7);

        let errors = document.tally.errors;
        assert!(errors > 0);
        let request = |state, confirmed| StateRequest {
            state,
            by: "李审核",
            at: "2026-12-01 17:00",
            note: "",
            errors,
            confirmed,
        };
        assert!(document.change_review("退回", |r| r.set_state(request(ReviewState::Returned, false))).unwrap());
        assert!(document.change_review("审核通过", |r| r.set_state(request(ReviewState::Approved, false))).is_err());
        assert!(document.change_review("审核通过", |r| r.set_state(request(ReviewState::Approved, true))).unwrap());
        let current = document.project.review.current().unwrap();
        assert_eq!((current.state, current.confirmed_errors), (ReviewState::Approved, Some(errors as u32)));
        assert!(document.is_dirty());
        // The status changes undo in review mode; the cell edit before it stays locked.
        assert!(document.undo() && document.undo());
        assert_eq!(document.project.review.state(), ReviewState::Drafting);
        assert!(!document.undo());
        document.set_review_mode(false);
        assert!(document.undo());
    }
}
