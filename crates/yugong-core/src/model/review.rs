//! The reviewer's side of a project file: 批注 (comments), 已说明 (accepted findings) and the
//! review status with its history.
//!
//! Kept in `Project::review`, a block of its own that is written only when it holds something,
//! so a file nobody has reviewed reads and writes exactly as before. Nothing here changes an
//! amount: the audit, the PDF and the Excel export never look at it.
//!
//! Times are text the caller passes in (“2026-12-01 14:03”, Beijing time); the core has no clock.
//! Matching acceptances to findings (which findings an acceptance still covers) is
//! `crate::review`, because it needs the audit.

use serde::{Deserialize, Serialize};

use super::table::TableId;

/// Everything reviewers and the accountant noted on the file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Status changes, oldest first; the last one is the current status. Empty: 编制中.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusChange>,
    /// 批注, in the order they were made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// 已说明: warnings and infos explained as correct as they stand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<Acceptance>,
}

impl Review {
    /// True when nothing was noted: the block is then left out of the file.
    pub fn is_empty(&self) -> bool {
        self.history.is_empty() && self.comments.is_empty() && self.accepted.is_empty()
    }

    /// The current status (编制中 when it never changed).
    pub fn state(&self) -> ReviewState {
        self.history.last().map_or(ReviewState::Drafting, |change| change.state)
    }

    /// The last status change, with who and when.
    pub fn current(&self) -> Option<&StatusChange> {
        self.history.last()
    }

    /// The comment with this id.
    pub fn comment(&self, id: u32) -> Option<&Comment> {
        self.comments.iter().find(|c| c.id == id)
    }

    pub fn comment_mut(&mut self, id: u32) -> Option<&mut Comment> {
        self.comments.iter_mut().find(|c| c.id == id)
    }

    /// The id a new comment gets: one more than the largest in the file, so ids stay unique even
    /// after deletions and in files edited by hand.
    pub fn next_comment_id(&self) -> u32 {
        self.comments.iter().map(|c| c.id).max().map_or(1, |id| id.saturating_add(1))
    }

    /// Adds a comment and returns its id.
    pub fn add_comment(&mut self, on: Anchor, finding: Option<String>, author: &str, at: &str, text: &str) -> u32 {
        let id = self.next_comment_id();
        self.comments.push(Comment {
            id,
            on,
            finding,
            author: author.to_string(),
            at: at.to_string(),
            text: text.to_string(),
            status: CommentStatus::Open,
            replies: Vec::new(),
        });
        id
    }

    /// Open (待处理) and resolved (已处理) comments.
    pub fn comment_counts(&self) -> (usize, usize) {
        let open = self.comments.iter().filter(|c| c.status == CommentStatus::Open).count();
        (open, self.comments.len() - open)
    }
}

/// 编制中 / 待审核 / 已退回 / 审核通过.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ReviewState {
    /// 编制中: the accountant is still working on it.
    #[default]
    Drafting,
    /// 待审核: sent to the reviewer.
    Submitted,
    /// 已退回: sent back for changes.
    Returned,
    /// 审核通过.
    Approved,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] =
        [ReviewState::Drafting, ReviewState::Submitted, ReviewState::Returned, ReviewState::Approved];

    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Drafting => "编制中",
            ReviewState::Submitted => "待审核",
            ReviewState::Returned => "已退回",
            ReviewState::Approved => "审核通过",
        }
    }

    pub fn from_label(label: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|s| s.label() == label)
    }
}

/// One change of the review status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    pub state: ReviewState,
    pub by: String,
    pub at: String,
    /// 审核通过 while errors remained: how many, confirmed by `by` at `at`.
    #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
    pub confirmed_errors: Option<u32>,
    /// A word with the change (why it was sent back).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Any place a finding can point at. The owned, stored form of `audit::Location` (whose keys are
/// the program's own `&'static str`s); `crate::review` converts between them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub enum Anchor {
    /// The project as a whole.
    #[default]
    Project,
    /// A 基本信息 field (“unit_name”, “budget_year” …).
    Meta { field: String },
    /// A table, one of its rows, or one cell.
    Table {
        table: TableId,
        #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
        row: Option<String>,
        #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
        column: Option<String>,
    },
    /// A narrative section by its key (“overview.income”).
    Narrative { section: String },
    /// A 绩效目标表 by position, optionally one indicator.
    Goal {
        goal: usize,
        #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
        indicator: Option<usize>,
    },
    /// The procurement table, a row, a cell.
    Procurement {
        #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
        row: Option<usize>,
        #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
        column: Option<String>,
    },
    /// The fixed asset table or one line (“buildings”).
    Assets {
        #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
        line: Option<String>,
    },
}

/// 批注.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Unique in the file; replies and the editor refer to it.
    pub id: u32,
    /// Where it is attached.
    pub on: Anchor,
    /// When it is about a finding at `on`: the finding's rule id.
    #[serde(default, with = "super::bare_option", skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    pub author: String,
    pub at: String,
    pub text: String,
    #[serde(default)]
    pub status: CommentStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
}

/// 待处理 / 已处理.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum CommentStatus {
    #[default]
    Open,
    Resolved,
}

impl CommentStatus {
    pub fn label(self) -> &'static str {
        match self {
            CommentStatus::Open => "待处理",
            CommentStatus::Resolved => "已处理",
        }
    }
}

/// A reply under a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub author: String,
    pub at: String,
    pub text: String,
}

/// 已说明: a warning or info explained as correct. It covers the finding of `rule` at `on` while
/// the finding quotes the same `numbers`; when they change the finding is open again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub rule: String,
    pub on: Anchor,
    /// The numbers the finding's message quoted when it was accepted, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<String>,
    pub reason: String,
    pub by: String,
    pub at: String,
}
