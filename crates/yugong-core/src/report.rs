//! The review report's content (审核报告): for each department its key totals, review status,
//! every finding with its place and numbers, the accepted ones with their reasons, and the
//! comments. Pure data built from a project and its findings; the workbook (`yugong-xlsx`) and
//! the PDF (`yugong-pdf`) lay it out, the binary collects the files.

use rust_decimal::Decimal;

use crate::audit::{Finding, Tally};
use crate::catalog::Catalog;
use crate::model::{Anchor, Project};
use crate::narrative::Figure;

/// One line of the report: a department, or a file that could not be audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Department(Box<Department>),
    Unreadable { source: String, message: String },
}

impl Entry {
    pub fn source(&self) -> &str {
        match self {
            Entry::Department(d) => &d.source,
            Entry::Unreadable { source, .. } => source,
        }
    }
}

/// The key totals, in the order the report prints them.
pub const TOTAL_LABELS: [&str; 5] = ["收支总额", "基本支出", "项目支出", "“三公”经费", "机关运行经费"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    /// The file it came from, as given.
    pub source: String,
    /// “434高阳县人民政府办公室”.
    pub unit: String,
    pub year: u16,
    /// The edition's name (“河北省 2022 版”), or its id when unknown.
    pub edition: String,
    /// `TOTAL_LABELS` in order: 收支总表 收入总计, 支出总表 合计 基本/项目, 三公 小计, and the
    /// 机关运行经费 the narrative states. `None` when the document states none.
    pub totals: [Option<Decimal>; 5],
    /// 编制中 / 待审核 / 已退回 / 审核通过.
    pub state: &'static str,
    /// “李审核 2026-12-02 09:00”, with the confirmation when approved with errors.
    pub state_detail: String,
    /// Open findings only (accepted ones are counted in `accepted`).
    pub open: Tally,
    pub accepted: usize,
    pub findings: Vec<ReportFinding>,
    pub comments: Vec<ReportComment>,
    /// Comments 待处理 / 已处理.
    pub comments_open: usize,
    pub comments_resolved: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFinding {
    pub severity: &'static str,
    pub rule: &'static str,
    pub place: String,
    pub message: String,
    /// 已说明: reason, by, at.
    pub accepted: Option<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportComment {
    pub place: String,
    pub finding: Option<String>,
    pub author: String,
    pub at: String,
    pub text: String,
    pub status: &'static str,
    /// “王会计 2026-12-01 11:00：新增一名人员”.
    pub replies: Vec<String>,
}

/// The report entry of one project and its audit findings.
pub fn department(source: &str, project: &Project, findings: &[Finding]) -> Department {
    let t = &project.tables;
    let cell = |table: &crate::model::Table, row: &str, column: &str| table.amount(row, column);
    let operating = crate::narrative::stated_amounts(&project.narrative.operating_costs)
        .into_iter()
        .find(|a| a.figure == Figure::OperatingCosts)
        .map(|a| a.value);
    let totals = [
        cell(&t.income_expense_summary, "in.grand_total", "amount"),
        cell(&t.expense, "total", "basic"),
        cell(&t.expense, "total", "project"),
        cell(&t.three_public, "subtotal", "total"),
        operating,
    ];
    let review = &project.review;
    let reviewed = review.sort_findings(findings);
    let mut open = Tally::default();
    for finding in &reviewed.open {
        open.add(finding.severity);
    }
    let place = |finding: &Finding| Anchor::from(&finding.location).describe(project);
    let report_findings = findings
        .iter()
        .map(|finding| ReportFinding {
            severity: finding.severity.label(),
            rule: finding.rule,
            place: place(finding),
            message: finding.message.clone(),
            accepted: review.acceptance_of(finding).map(|a| (a.reason.clone(), a.by.clone(), a.at.clone())),
        })
        .collect();
    let comments = review
        .comments
        .iter()
        .map(|c| ReportComment {
            place: c.on.describe(project),
            finding: c.finding.clone(),
            author: c.author.clone(),
            at: c.at.clone(),
            text: c.text.clone(),
            status: c.status.label(),
            replies: c.replies.iter().map(|r| format!("{} {}：{}", r.author, r.at, r.text)).collect(),
        })
        .collect();
    let (comments_open, comments_resolved) = review.comment_counts();
    let state_detail = review.current().map_or_else(String::new, |change| {
        let mut text = format!("{} {}", change.by, change.at);
        if let Some(errors) = change.confirmed_errors {
            text.push_str(&format!("（仍有 {errors} 个错误，已确认通过）"));
        }
        if !change.note.is_empty() {
            text.push_str(&format!("：{}", change.note));
        }
        text
    });
    let edition =
        Catalog::get().edition(&project.meta.edition).map_or_else(|| project.meta.edition.clone(), |e| e.name.clone());
    Department {
        source: source.to_string(),
        unit: project.meta.unit_line(),
        year: project.meta.budget_year,
        edition,
        totals,
        state: review.state().label(),
        state_detail,
        open,
        accepted: reviewed.accepted.len(),
        findings: report_findings,
        comments,
        comments_open,
        comments_resolved,
    }
}

/// Amounts in the report: two decimals, blank when not stated.
pub fn amount(value: Option<Decimal>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Anchor;
    use crate::project_format;

    #[test]
    fn a_department_carries_its_totals_findings_acceptances_and_comments() {
        let mut project =
            project_format::parse(crate::samples::sample_text("laiyuan-2024").unwrap().as_bytes()).unwrap();
        let findings = crate::audit::check(&project);
        let warning = findings.iter().find(|f| f.rule == "X-GOALS-PROJECT").unwrap();
        project.review.accept(warning, "按四舍五入填报", "王会计", "2026-12-01 09:00").unwrap();
        project.review.add_comment(Anchor::Project, None, "李审核", "2026-12-01 10:00", "请补充说明");
        let report = department("laiyuan.ron", &project, &findings);
        assert_eq!(report.unit, project.meta.unit_line());
        assert_eq!(report.totals[1], project.tables.expense.amount("total", "basic"));
        assert_eq!(report.totals[3], project.tables.three_public.amount("subtotal", "total"));
        assert!(report.totals[4].is_some(), "涞源 states its 机关运行经费");
        assert_eq!(report.findings.len(), findings.len());
        assert_eq!(report.accepted, 1);
        let all = Tally::of(&findings);
        assert_eq!((report.open.errors, report.open.warnings), (all.errors, all.warnings - 1));
        let accepted = report.findings.iter().find(|f| f.rule == "X-GOALS-PROJECT").unwrap();
        assert_eq!(accepted.accepted.as_ref().map(|a| a.0.as_str()), Some("按四舍五入填报"));
        assert_eq!((report.comments_open, report.comments.len()), (1, 1));
        assert_eq!(report.state, "编制中");
    }
}
