//! Checks (审核): rules that read a project and report findings.
//!
//! This module holds the finding type every rule produces and the structural rules: whether the
//! file fits its edition (known edition, every fixed row present, no unknown rows or columns,
//! well-formed codes). Balance and consistency rules build on the same types.

mod cross;
mod parts;
mod structure;
mod tables;
mod text;

use std::fmt;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::model::{Project, TableId};

pub use structure::check_structure;

/// Every narrative text with its section key (“overview.income”), the keys findings use; the
/// editor's search goes through the same list.
pub fn narrative_texts(project: &Project) -> Vec<(&'static str, &str)> {
    text::sections(project)
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
    Narrative { section: &'static str },
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
    pub fn new(rule: &'static str, severity: Severity, location: Location, message: impl Into<String>) -> Self {
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

/// Every check, in a stable order: structure first; when the edition is known, the tables,
/// the cross-table rules, the other parts, and the narrative against the tables.
pub fn check(project: &Project) -> Vec<Finding> {
    let mut findings = check_structure(project);
    if let Some(edition) = Catalog::get().edition(&project.meta.edition) {
        tables::check(edition, project, &mut findings);
        cross::check(project, &mut findings);
        parts::check(edition, project, &mut findings);
        text::check(project, &mut findings);
    }
    findings
}

/// Amounts in messages: two decimals, as printed in the tables.
pub(crate) fn wan(value: rust_decimal::Decimal) -> String {
    format!("{value:.2}")
}
