//! Review rules over the stored review block (`model::review`): where a finding is as an
//! [`Anchor`], which findings an acceptance (已说明) still covers, and the status changes.
//!
//! An acceptance covers a finding while the rule, the place and the numbers the finding's message
//! quotes are the same as when it was accepted. When an amount it was about changes, the message
//! quotes other numbers, the acceptance no longer applies, and the finding is open again without
//! anyone removing the acceptance. Errors are never covered, not even by an acceptance written
//! into the file by hand: an error is a contradiction to fix, not to explain.

use std::fmt;

use crate::audit::{Finding, Location, Severity, Tally};
use crate::model::{Acceptance, Anchor, NarrativeSection, Project, Review, ReviewState, StatusChange};

impl From<&Location> for Anchor {
    fn from(location: &Location) -> Anchor {
        match location {
            Location::Project => Anchor::Project,
            Location::Meta { field } => Anchor::Meta { field: (*field).to_string() },
            Location::Table { table, row, column } => {
                Anchor::Table { table: *table, row: row.clone(), column: column.clone() }
            }
            Location::Narrative { section } => Anchor::Narrative { section: section.key().to_string() },
            Location::Goal { goal, indicator } => Anchor::Goal { goal: *goal, indicator: *indicator },
            Location::Procurement { row, column } => Anchor::Procurement { row: *row, column: column.clone() },
            Location::Assets { line } => Anchor::Assets { line: line.map(str::to_string) },
        }
    }
}

impl Anchor {
    /// The place as the editor's jump and the reports know it. Keys the program does not know (a
    /// file edited by hand) fall back to the part they name.
    pub fn to_location(&self, project: &Project) -> Location {
        match self {
            Anchor::Project => Location::Project,
            Anchor::Meta { field } => Location::Meta { field: meta_field(field) },
            Anchor::Table { table, row, column } => {
                Location::Table { table: *table, row: row.clone(), column: column.clone() }
            }
            Anchor::Narrative { section } => Location::Narrative {
                section: NarrativeSection::from_key(section).unwrap_or(NarrativeSection::Preamble),
            },
            Anchor::Goal { goal, indicator } => Location::Goal { goal: *goal, indicator: *indicator },
            Anchor::Procurement { row, column } => Location::Procurement { row: *row, column: column.clone() },
            Anchor::Assets { line } => Location::Assets {
                line: line
                    .as_deref()
                    .and_then(|l| project.assets.lines().into_iter().map(|(k, _)| k).find(|k| *k == l)),
            },
        }
    }

    /// “一般公共预算支出表 2010301 合计”, “情况说明 overview.income”: where, for lists and reports.
    pub fn describe(&self, project: &Project) -> String {
        match self {
            Anchor::Project => "整个项目".into(),
            Anchor::Meta { field } => format!("基本信息 {}", meta_field_label(field)),
            Anchor::Table { table, row, column } => {
                let mut text = table.short_name().to_string();
                if let Some(row) = row {
                    let name = project.tables.get(*table).row(row).map(|r| r.name.trim()).unwrap_or_default();
                    text.push_str(&format!(" {row}"));
                    if !name.is_empty() && name != row {
                        text.push_str(&format!(" {name}"));
                    }
                }
                if let Some(column) = column {
                    text.push_str(&format!(" [{}]", column_label(project, *table, column)));
                }
                text
            }
            Anchor::Narrative { section } => format!("情况说明 {}", section_label(section)),
            Anchor::Goal { goal, indicator } => {
                let name = project.goals.get(*goal).map(|g| g.name.as_str()).unwrap_or("（已删除）");
                match indicator {
                    Some(i) => {
                        let indicator = project
                            .goals
                            .get(*goal)
                            .and_then(|g| g.indicators.get(*i))
                            .map(|ind| ind.name.as_str())
                            .unwrap_or("");
                        format!("绩效目标表 {} 第 {} 个指标 {indicator}", name, i + 1)
                    }
                    None => format!("绩效目标表 {name}"),
                }
            }
            Anchor::Procurement { row, .. } => match row {
                Some(r) => format!("政府采购预算表 第 {} 行", r + 1),
                None => "政府采购预算表".into(),
            },
            Anchor::Assets { line } => match line {
                Some(line) => format!("固定资产占用情况表 {}", asset_line_label(line)),
                None => "固定资产占用情况表".into(),
            },
        }
    }
}

fn meta_field(field: &str) -> &'static str {
    ["unit_code", "unit_name", "budget_year", "edition", "money_unit", "level", "entity"]
        .into_iter()
        .find(|f| *f == field)
        .unwrap_or("")
}

fn meta_field_label(field: &str) -> &str {
    match field {
        "unit_code" => "单位编码",
        "unit_name" => "单位名称",
        "budget_year" => "预算年度",
        "edition" => "模板版本",
        "money_unit" => "金额单位",
        "level" => "行政级别",
        "entity" => "公开主体",
        other => other,
    }
}

/// The column's printed header from the edition, else its key.
fn column_label(project: &Project, table: crate::model::TableId, column: &str) -> String {
    crate::catalog::Catalog::get()
        .edition(&project.meta.edition)
        .map_or_else(|| column.to_string(), |edition| edition.column_label(table, column))
}

/// Section keys as the navigation names them.
pub fn section_label(section: &str) -> &str {
    match section {
        "preamble" => "开头",
        "duties.intro" | "duties.items" => "部门职责",
        "sub_units" => "机构设置",
        "overview.intro" => "总体情况",
        "overview.income" => "收入预算",
        "overview.expense" => "支出预算",
        "overview.change" => "比上年增减",
        "operating_costs" => "机关运行经费",
        "three_public" => "“三公”经费",
        "department_goals.overall" => "部门整体绩效目标",
        "department_goals.items" => "分项绩效目标",
        "department_goals.safeguards" => "工作保障措施",
        "department_goals.indicators" => "整体支出绩效指标",
        "special_funds" => "专项资金",
        "procurement" => "政府采购",
        "assets" => "国有资产",
        "glossary" => "名词解释",
        "other_matters" => "其他事项",
        other => other,
    }
}

pub fn asset_line_label(line: &str) -> &str {
    match line {
        "total" => "资产总额",
        "buildings" => "房屋",
        "office_space" => "办公用房",
        "vehicles" => "车辆",
        "equipment" => "单价20万元以上设备",
        "other" => "其他固定资产",
        other => other,
    }
}

/// The numbers a message quotes, in order (“171.00”, “186.00”, “15.00”). A finding's message
/// quotes the values involved and their difference, so this is the fingerprint of what an
/// acceptance was about.
pub fn numbers_in(message: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut current = String::new();
    for ch in message.chars() {
        let ch = match ch {
            '０'..='９' => char::from_u32(ch as u32 - '０' as u32 + '0' as u32).unwrap_or(ch),
            other => other,
        };
        let continues = ch.is_ascii_digit() || (ch == '.' && !current.is_empty() && !current.contains('.'));
        if continues {
            current.push(ch);
        } else if !current.is_empty() {
            numbers.push(std::mem::take(&mut current).trim_end_matches('.').to_string());
        }
    }
    if !current.is_empty() {
        numbers.push(current.trim_end_matches('.').to_string());
    }
    numbers
}

/// Why a finding cannot be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AcceptError {
    /// Errors are contradictions between stated numbers: they are corrected, not explained.
    IsError,
    EmptyReason,
}

impl fmt::Display for AcceptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AcceptError::IsError => f.write_str("错误不能标记为已说明，请改正数字或文字后再审核"),
            AcceptError::EmptyReason => f.write_str("请填写说明理由（例如“标题沿用财政系统导出名称”）"),
        }
    }
}

impl std::error::Error for AcceptError {}

/// Whether `acceptance` covers `finding` now.
pub fn covers(acceptance: &Acceptance, finding: &Finding) -> bool {
    finding.severity != Severity::Error
        && acceptance.rule == finding.rule
        && acceptance.on == Anchor::from(&finding.location)
        && acceptance.numbers == numbers_in(&finding.message)
}

impl Review {
    /// Accepts a warning or info with a reason (已说明). Accepting it again replaces the reason.
    pub fn accept(&mut self, finding: &Finding, reason: &str, by: &str, at: &str) -> Result<(), AcceptError> {
        if finding.severity == Severity::Error {
            return Err(AcceptError::IsError);
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AcceptError::EmptyReason);
        }
        self.accepted.retain(|a| !covers(a, finding));
        self.accepted.push(Acceptance {
            rule: finding.rule.to_string(),
            on: Anchor::from(&finding.location),
            numbers: numbers_in(&finding.message),
            reason: reason.to_string(),
            by: by.to_string(),
            at: at.to_string(),
        });
        Ok(())
    }

    /// Withdraws the acceptance that covers `finding`; true when there was one.
    pub fn withdraw(&mut self, finding: &Finding) -> bool {
        let before = self.accepted.len();
        self.accepted.retain(|a| !covers(a, finding));
        before != self.accepted.len()
    }

    /// The acceptance that covers `finding`, if any.
    pub fn acceptance_of(&self, finding: &Finding) -> Option<&Acceptance> {
        self.accepted.iter().find(|a| covers(a, finding))
    }

    /// Splits the audit's findings into the open ones and the accepted ones (with their
    /// acceptance); acceptances that cover no finding any more are `stale` (the numbers changed
    /// or the finding is gone).
    pub fn sort_findings<'a>(&'a self, findings: &'a [Finding]) -> ReviewedFindings<'a> {
        let mut reviewed = ReviewedFindings::default();
        for finding in findings {
            match self.acceptance_of(finding) {
                Some(acceptance) => reviewed.accepted.push((finding, acceptance)),
                None => reviewed.open.push(finding),
            }
        }
        reviewed.stale = self
            .accepted
            .iter()
            .filter(|a| !reviewed.accepted.iter().any(|(_, used)| std::ptr::eq(*used, *a)))
            .collect();
        reviewed
    }

    /// Changes the status. 审核通过 while `errors` remain needs `confirmed`, and then records the
    /// count with who confirmed it.
    pub fn set_state(&mut self, change: StateRequest<'_>) -> Result<(), StatusError> {
        let confirmed_errors = match change.state {
            ReviewState::Approved if change.errors > 0 => {
                if !change.confirmed {
                    return Err(StatusError::ErrorsRemain { errors: change.errors });
                }
                Some(u32::try_from(change.errors).unwrap_or(u32::MAX))
            }
            _ => None,
        };
        self.history.push(StatusChange {
            state: change.state,
            by: change.by.to_string(),
            at: change.at.to_string(),
            confirmed_errors,
            note: change.note.trim().to_string(),
        });
        Ok(())
    }
}

/// A status change asked for.
#[derive(Debug, Clone, Copy)]
pub struct StateRequest<'a> {
    pub state: ReviewState,
    pub by: &'a str,
    pub at: &'a str,
    pub note: &'a str,
    /// Errors the audit finds now.
    pub errors: usize,
    /// The user confirmed 审核通过 despite the errors.
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusError {
    ErrorsRemain { errors: usize },
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusError::ErrorsRemain { errors } => {
                write!(f, "审核仍发现 {errors} 个错误；确认审核通过请再次确认（将记录在文件中）")
            }
        }
    }
}

impl std::error::Error for StatusError {}

/// Findings as the reviewer reads them.
#[derive(Debug, Default)]
pub struct ReviewedFindings<'a> {
    pub open: Vec<&'a Finding>,
    pub accepted: Vec<(&'a Finding, &'a Acceptance)>,
    pub stale: Vec<&'a Acceptance>,
}

impl ReviewedFindings<'_> {
    /// The counts of the findings still open (what the findings panel lists and the status bar
    /// counts): an accepted warning is no longer a warning to act on.
    pub fn open_tally(&self) -> Tally {
        let mut tally = Tally::default();
        for finding in &self.open {
            tally.add(finding.severity);
        }
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::amount::parse_canonical;
    use crate::model::{CommentStatus, Reply};
    use crate::project_format;

    fn sample(name: &str) -> Project {
        project_format::parse(crate::samples::sample_text(name).unwrap().as_bytes()).unwrap()
    }

    #[test]
    fn numbers_are_read_in_order() {
        assert_eq!(numbers_in("合计 186.00 与各项之和 171.00 相差 15.00。"), ["186.00", "171.00", "15.00"]);
        assert_eq!(numbers_in("2022年；２０万元"), ["2022", "20"]);
        assert!(numbers_in("标题与模板不同").is_empty());
    }

    #[test]
    fn an_accepted_warning_stays_accepted_until_its_numbers_change() {
        let mut project = sample("laiyuan-2024");
        let findings = crate::audit::check(&project);
        let warning =
            findings.iter().find(|f| f.rule == "X-GOALS-PROJECT").expect("涞源 sums its goals 0.01 off").clone();
        project.review.accept(&warning, "绩效目标表按四舍五入填报", "王会计", "2026-12-01 09:00").unwrap();
        let text = project_format::to_string(&project);
        let mut loaded = project_format::parse(text.as_bytes()).unwrap();
        assert_eq!(loaded, project);
        let findings = crate::audit::check(&loaded);
        let reviewed = loaded.review.sort_findings(&findings);
        assert_eq!(reviewed.accepted.len(), 1);
        assert_eq!(reviewed.accepted[0].0, &warning);
        assert_eq!(reviewed.accepted[0].1.reason, "绩效目标表按四舍五入填报");
        assert!(!reviewed.open.contains(&&warning));
        assert!(reviewed.stale.is_empty());
        // The other findings stay open.
        assert_eq!(reviewed.open.len(), findings.len() - 1);

        // A goal's 预算数 changes: the sum the warning quotes changes, the warning is open again.
        let goal = &mut loaded.goals[0];
        goal.budget = goal.budget.map(|b| b + parse_canonical("1.00").unwrap());
        let findings = crate::audit::check(&loaded);
        let reviewed = loaded.review.sort_findings(&findings);
        assert!(reviewed.accepted.is_empty(), "{:?}", reviewed.accepted);
        assert_eq!(reviewed.stale.len(), 1);
        let back = reviewed.open.iter().find(|f| f.rule == "X-GOALS-PROJECT").expect("the warning is back");
        assert_ne!(numbers_in(&back.message), numbers_in(&warning.message));
    }

    #[test]
    fn errors_cannot_be_accepted_even_by_hand() {
        let mut project = sample("laiyuan-2024");
        let findings = crate::audit::check(&project);
        let error = findings.iter().find(|f| f.severity == Severity::Error).expect("涞源 has errors").clone();
        assert_eq!(project.review.accept(&error, "理由", "王", "t"), Err(AcceptError::IsError));
        let warning = findings.iter().find(|f| f.severity == Severity::Warning).unwrap();
        assert_eq!(project.review.accept(warning, "  ", "王", "t"), Err(AcceptError::EmptyReason));
        // An acceptance of the error written into the file by hand does not cover it.
        project.review.accepted.push(Acceptance {
            rule: error.rule.to_string(),
            on: Anchor::from(&error.location),
            numbers: numbers_in(&error.message),
            reason: "手工写入".into(),
            by: "某人".into(),
            at: "t".into(),
        });
        let reviewed = project.review.sort_findings(&findings);
        assert!(reviewed.open.contains(&&error));
        assert_eq!(reviewed.stale.len(), 1);
    }

    #[test]
    fn comments_and_status_round_trip_as_readable_lines() {
        let mut project = sample("laiyuan-2024");
        let cell = Anchor::Table {
            table: crate::model::TableId::GeneralExpense,
            row: Some("2010301".into()),
            column: Some("total".into()),
        };
        let id =
            project.review.add_comment(cell.clone(), None, "李审核", "2026-12-01 10:00", "行政运行为何比上年增加？");
        let on_finding = project.review.add_comment(
            Anchor::Narrative { section: "three_public".into() },
            Some("NARR-UNIT".into()),
            "李审核",
            "2026-12-01 10:05",
            "“万元”写了两次",
        );
        assert_eq!((id, on_finding), (1, 2));
        let comment = project.review.comment_mut(id).unwrap();
        comment.replies.push(Reply {
            author: "王会计".into(),
            at: "2026-12-01 11:00".into(),
            text: "新增一名人员".into(),
        });
        comment.status = CommentStatus::Resolved;
        project
            .review
            .set_state(StateRequest {
                state: ReviewState::Submitted,
                by: "王会计",
                at: "2026-12-01 11:01",
                note: "",
                errors: 0,
                confirmed: false,
            })
            .unwrap();
        let text = project_format::to_string(&project);
        let loaded = project_format::parse(text.as_bytes()).unwrap();
        assert_eq!(loaded, project);
        assert_eq!(project_format::to_string(&loaded), text);
        assert_eq!(loaded.review.state(), ReviewState::Submitted);
        assert_eq!(loaded.review.comment_counts(), (1, 1));
        // One field per line, the anchor on one line and written bare, the status by name, the
        // replies on one line.
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for expected in [
            r#"on: Table(table: GeneralExpense, row: "2010301", column: "total"),"#,
            r#"text: "行政运行为何比上年增加？","#,
            "status: Resolved,",
            r#"finding: "NARR-UNIT","#,
            "state: Submitted,",
        ] {
            assert!(lines.contains(&expected), "{expected} not a line of\n{text}");
        }
        assert!(
            lines.iter().any(|l| l.starts_with("replies: [(author: \"王会计\"") && l.contains("新增一名人员")),
            "{text}"
        );
        assert_eq!(cell.describe(&loaded), "一般公共预算支出表 2010301 行政运行 [合计]");
    }

    #[test]
    fn a_file_without_review_is_written_as_before() {
        for name in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
            let text = crate::samples::sample_text(name).unwrap();
            let project = project_format::parse(text.as_bytes()).unwrap();
            assert!(project.review.is_empty());
            assert_eq!(project_format::to_string(&project), text);
            assert!(!text.contains("review:"));
        }
    }

    #[test]
    fn approving_with_errors_needs_and_records_a_confirmation() {
        let mut review = Review::default();
        let request = StateRequest {
            state: ReviewState::Approved,
            by: "李审核",
            at: "2026-12-02 09:00",
            note: "",
            errors: 2,
            confirmed: false,
        };
        assert_eq!(review.set_state(request), Err(StatusError::ErrorsRemain { errors: 2 }));
        assert_eq!(review.state(), ReviewState::Drafting);
        review.set_state(StateRequest { confirmed: true, ..request }).unwrap();
        let current = review.current().unwrap();
        assert_eq!((current.state, current.confirmed_errors), (ReviewState::Approved, Some(2)));
        review.set_state(StateRequest { state: ReviewState::Returned, errors: 2, ..request }).unwrap();
        assert_eq!(review.current().unwrap().confirmed_errors, None);
    }

    #[test]
    fn every_finding_location_is_an_anchor_and_back() {
        for name in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
            let project = sample(name);
            for finding in crate::audit::check(&project) {
                let anchor = Anchor::from(&finding.location);
                assert_eq!(anchor.to_location(&project), finding.location, "{name}: {finding}");
            }
        }
    }
}
