//! The reviewer's edits of the open document: 批注 (add, reply, resolve/reopen, delete) and
//! 已说明 (accept a warning or info with a reason, withdraw it).
//!
//! Every one of them builds the new review block and applies it as one [`Op::Review`] through
//! [`Document::apply_review`], so each is one undo step, none can change an amount (the op only
//! swaps `Project::review`), and a lock on amounts and texts (审阅模式) can allow exactly this op.
//! Who and when are passed in: the core has no clock and no user.

use super::document::Document;
use super::history::Op;
use crate::audit::Finding;
use crate::model::{Anchor, Comment, CommentStatus, Reply, Review};
use crate::review::AcceptError;

/// Why a comment or reply was not added.
pub const EMPTY_COMMENT: &str = "请填写批注内容";

impl Document {
    /// Replaces the review block as one undoable step labelled `label`. The single path of every
    /// reviewer's edit. Returns false (and records nothing) when nothing changed.
    pub fn apply_review(&mut self, label: &str, review: Review) -> bool {
        if review == self.project.review {
            return false;
        }
        self.apply(label, vec![Op::Review(Box::new(review))], None)
    }

    /// Adds a comment at `on` (about the finding `finding` there, by its rule id). Returns its id,
    /// or the reason it was refused (empty text).
    pub fn add_comment(
        &mut self,
        on: Anchor,
        finding: Option<&str>,
        author: &str,
        at: &str,
        text: &str,
    ) -> Result<u32, &'static str> {
        let text = text.trim();
        if text.is_empty() {
            return Err(EMPTY_COMMENT);
        }
        let mut review = self.project.review.clone();
        let id = review.add_comment(on, finding.map(str::to_string), author, at, text);
        self.apply_review("添加批注", review);
        Ok(id)
    }

    /// Adds a reply under comment `id`.
    pub fn reply_to_comment(&mut self, id: u32, author: &str, at: &str, text: &str) -> Result<(), &'static str> {
        let text = text.trim();
        if text.is_empty() {
            return Err(EMPTY_COMMENT);
        }
        let mut review = self.project.review.clone();
        let Some(comment) = review.comment_mut(id) else { return Err("该批注已被删除") };
        comment.replies.push(Reply { author: author.to_string(), at: at.to_string(), text: text.to_string() });
        self.apply_review("回复批注", review);
        Ok(())
    }

    /// Marks comment `id` 已处理 or 待处理 again; false when it is gone or already so.
    pub fn set_comment_status(&mut self, id: u32, status: CommentStatus) -> bool {
        let mut review = self.project.review.clone();
        let Some(comment) = review.comment_mut(id) else { return false };
        comment.status = status;
        let label = match status {
            CommentStatus::Resolved => "批注标为已处理",
            CommentStatus::Open => "批注重新打开",
        };
        self.apply_review(label, review)
    }

    /// Deletes comment `id` with its replies.
    pub fn delete_comment(&mut self, id: u32) -> bool {
        let mut review = self.project.review.clone();
        review.comments.retain(|c| c.id != id);
        self.apply_review("删除批注", review)
    }

    /// Accepts a warning or info with a reason (已说明). Errors and empty reasons are refused.
    pub fn accept_finding(&mut self, finding: &Finding, reason: &str, by: &str, at: &str) -> Result<(), AcceptError> {
        let mut review = self.project.review.clone();
        review.accept(finding, reason, by, at)?;
        self.apply_review("标记为已说明", review);
        Ok(())
    }

    /// Withdraws the acceptance covering `finding`: it is open again.
    pub fn withdraw_acceptance(&mut self, finding: &Finding) -> bool {
        let mut review = self.project.review.clone();
        review.withdraw(finding) && self.apply_review("撤回已说明", review)
    }

    /// Removes the acceptance at `index` of the stored list (one that covers nothing any more).
    pub fn remove_acceptance(&mut self, index: usize) -> bool {
        let mut review = self.project.review.clone();
        if index >= review.accepted.len() {
            return false;
        }
        review.accepted.remove(index);
        self.apply_review("删除失效的说明", review)
    }

    /// The comments attached exactly at `anchor`.
    pub fn comments_at<'a>(&'a self, anchor: &'a Anchor) -> impl Iterator<Item = &'a Comment> + 'a {
        self.project.review.comments.iter().filter(move |c| &c.on == anchor)
    }

    /// Whether `anchor` has comments, and whether any of them is still open (the marker's colour).
    pub fn comment_mark(&self, anchor: &Anchor) -> Option<CommentStatus> {
        let mut mark = None;
        for comment in self.comments_at(anchor) {
            if comment.status == CommentStatus::Open {
                return Some(CommentStatus::Open);
            }
            mark = Some(CommentStatus::Resolved);
        }
        mark
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Severity;
    use crate::model::TableId;
    use crate::project_format;

    fn laiyuan() -> Document {
        let text = crate::samples::sample_text("laiyuan-2024").unwrap_or_default();
        Document::new(project_format::parse(text.as_bytes()).unwrap(), None, "涞源")
    }

    fn cell() -> Anchor {
        Anchor::Table { table: TableId::GeneralExpense, row: Some("2010301".into()), column: Some("total".into()) }
    }

    #[test]
    fn each_comment_edit_is_one_undo_step_and_leaves_every_amount_and_finding_alone() {
        let mut document = laiyuan();
        let (tables, findings) = (document.project.tables.clone(), document.findings.clone());
        assert_eq!(document.add_comment(cell(), None, "李审核", "2026-12-01 10:00", "  "), Err(EMPTY_COMMENT));
        assert!(!document.history().can_undo(), "a refused comment records nothing");
        let id = document.add_comment(cell(), None, "李审核", "2026-12-01 10:00", "为何增加？").unwrap();
        assert_eq!(document.comment_mark(&cell()), Some(CommentStatus::Open));
        document.reply_to_comment(id, "王会计", "2026-12-01 11:00", "新增一名人员").unwrap();
        assert!(document.set_comment_status(id, CommentStatus::Resolved));
        assert!(!document.set_comment_status(id, CommentStatus::Resolved), "already resolved: no step");
        assert_eq!(document.comment_mark(&cell()), Some(CommentStatus::Resolved));
        assert_eq!(document.history().undo_label(), Some("批注标为已处理"));
        assert_eq!((document.project.tables == tables, document.findings == findings), (true, true));
        let resolved = document.project.review.clone();
        assert!(document.delete_comment(id));
        assert!(document.project.review.comments.is_empty());
        assert!(document.undo());
        assert_eq!(document.project.review, resolved);
        assert!(document.undo());
        assert_eq!(document.comment_mark(&cell()), Some(CommentStatus::Open));
        assert!(document.undo() && document.undo());
        assert!(document.project.review.is_empty());
        assert!(!document.history().can_undo());
        assert_eq!(document.project.tables, tables);
    }

    #[test]
    fn an_accepted_warning_is_one_undo_step_and_an_error_is_refused() {
        let mut document = laiyuan();
        let warning = document.findings.iter().find(|f| f.severity == Severity::Warning).unwrap().clone();
        let error = document.findings.iter().find(|f| f.severity == Severity::Error).unwrap().clone();
        assert_eq!(document.accept_finding(&error, "理由", "王", "t"), Err(AcceptError::IsError));
        assert_eq!(document.accept_finding(&warning, "", "王", "t"), Err(AcceptError::EmptyReason));
        assert!(!document.history().can_undo());
        document.accept_finding(&warning, "沿用财政系统导出名称", "王会计", "2026-12-01 09:00").unwrap();
        let reviewed = document.project.review.sort_findings(&document.findings);
        assert_eq!(reviewed.accepted.len(), 1);
        assert!(!reviewed.open.contains(&&warning));
        assert!(document.undo());
        assert!(document.project.review.acceptance_of(&warning).is_none());
        assert!(document.redo());
        assert!(document.withdraw_acceptance(&warning));
        assert!(!document.withdraw_acceptance(&warning));
        assert!(document.undo());
        assert_eq!(document.project.review.acceptance_of(&warning).map(|a| a.by.as_str()), Some("王会计"));
    }
}
