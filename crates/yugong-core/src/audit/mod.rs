//! Checks (审核): rules that read a project and report findings.
//!
//! This module holds the finding type every rule produces and the entry points; the rules live in
//! `structure`, `tables`, `cross`, `parts` and `text`, and `registry` lists every rule id and the
//! checks in the order they run.

mod bound;
mod cross;
mod parts;
pub mod registry;
mod structure;
mod tables;
mod text;

use std::cell::OnceCell;
use std::fmt;

use serde::Serialize;

use crate::catalog::{Catalog, Edition};
use crate::model::{NarrativeSection, Project, TableId};

pub use registry::{Rule, rule_by_id, rules};

/// Every narrative text with its section key (“overview.income”), the keys findings use, as
/// printed (bound figures resolved); the editor's search goes through the same list.
pub fn narrative_texts(project: &Project) -> Vec<(NarrativeSection, std::borrow::Cow<'_, str>)> {
    NarrativeSection::texts(&project.narrative)
        .into_iter()
        .map(|(section, text)| (section, crate::narrative::bound::resolve(text, project)))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }

    /// A one-character marker for text output.
    pub fn icon(self) -> &'static str {
        match self {
            Severity::Error => "✖",
            Severity::Warning => "⚠",
            Severity::Info => "ℹ",
        }
    }
}

/// Where a finding points, so the editor can jump there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Location {
    #[default]
    Project,
    /// A 基本信息 field.
    Meta { field: &'static str },
    /// A table cell, row or the whole table.
    Table { table: TableId, row: Option<String>, column: Option<String> },
    /// A narrative section, by its key (“overview.income”).
    Narrative { section: NarrativeSection },
    /// A project goal table (by position) and optionally one of its indicators.
    Goal { goal: usize, indicator: Option<usize> },
    /// The procurement table, optionally one row.
    Procurement { row: Option<usize>, column: Option<String> },
    /// The fixed asset table, optionally one line.
    Assets { line: Option<&'static str> },
}

impl Location {
    /// The grouping heading in text output.
    pub fn area(&self) -> String {
        match self {
            Location::Project => "项目".into(),
            Location::Meta { .. } => "基本信息".into(),
            Location::Table { table, .. } => table.short_name().into(),
            Location::Narrative { .. } => "情况说明".into(),
            Location::Goal { .. } => "项目绩效目标".into(),
            Location::Procurement { .. } => "政府采购预算".into(),
            Location::Assets { .. } => "固定资产占用情况表".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable rule id, e.g. `STRUCT-ROW-MISSING`.
    pub rule: &'static str,
    pub severity: Severity,
    /// Chinese message quoting the values involved.
    pub message: String,
    pub location: Location,
    /// Where one side is clearly the source, the change that resolves the finding.
    pub fix: Option<Fix>,
}

impl Finding {
    /// A finding of a registered rule. Debug builds (and so every test that audits anything) stop
    /// at an unregistered id or a severity the registry does not list for it, so the registry cannot
    /// fall behind the rules.
    pub fn new(rule: &'static str, severity: Severity, location: Location, message: impl Into<String>) -> Self {
        debug_assert!(
            registry::rule_by_id(rule).is_some_and(|r| r.severities.contains(&severity)),
            "rule {rule} with severity {severity:?} is not in audit::registry::RULES"
        );
        Finding { rule, severity, message: message.into(), location, fix: None }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// A proposed correction: set these cells (None = blank) of the standard tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for the button's tooltip (“将合计改为 171.00”).
    pub description: String,
    pub cells: Vec<CellFix>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellFix {
    pub table: TableId,
    pub row: String,
    pub column: String,
    pub value: Option<rust_decimal::Decimal>,
}

impl Fix {
    /// Applies the fix to a project (rows that disappeared since are skipped).
    pub fn apply(&self, project: &mut Project) {
        for cell in &self.cells {
            if let Some(row) = project.tables.get_mut(cell.table).row_mut(&cell.row) {
                row.cells.set(&cell.column, cell.value);
            }
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} [{}] {}", self.severity.icon(), self.severity.label(), self.rule, self.message)
    }
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Tally {
        let mut tally = Tally::default();
        for finding in findings {
            tally.add(finding.severity);
        }
        tally
    }

    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    pub fn merge(&mut self, other: Tally) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}

/// What the checks that need the edition read: the catalog, the project's edition and the project,
/// plus the narrative figures, read once per audit by the first check that needs them.
pub struct Audit<'a> {
    pub catalog: &'a Catalog,
    pub edition: &'a Edition,
    /// The project as printed: the narrative's bound figures resolved.
    pub project: &'a Project,
    /// The project as stored (bound figures as markers), for the checks of the markers.
    pub raw: &'a Project,
    narrative: OnceCell<text::NarrativeFacts>,
}

impl<'a> Audit<'a> {
    pub(crate) fn new(catalog: &'a Catalog, edition: &'a Edition, project: &'a Project) -> Self {
        Audit { catalog, edition, project, raw: project, narrative: OnceCell::new() }
    }

    /// The figures, lists and problems of every narrative text.
    pub(crate) fn narrative(&self) -> &text::NarrativeFacts {
        self.narrative.get_or_init(|| text::NarrativeFacts::read(self.project))
    }
}

/// Every check against the embedded catalog, in the registry's order.
pub fn check(project: &Project) -> Vec<Finding> {
    check_with(Catalog::get(), project)
}

/// Every check against `catalog`, in the registry's order: structure first; when the edition is
/// in `catalog`, the tables, the cross-table rules, the other parts, and the narrative. Tests pass
/// a hand-built catalog to try a rule on an edition the program does not ship.
pub fn check_with(catalog: &Catalog, project: &Project) -> Vec<Finding> {
    registry::run(catalog, project, |_| true)
}

/// Only the structural checks (does the file fit its edition?), against the embedded catalog.
pub fn check_structure(project: &Project) -> Vec<Finding> {
    registry::run(Catalog::get(), project, |check| check.name.starts_with("structure::"))
}

/// Amounts in messages: two decimals, as printed in the tables.
pub(crate) fn wan(value: rust_decimal::Decimal) -> String {
    format!("{value:.2}")
}
