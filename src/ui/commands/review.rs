//! The reviewer's commands: the review status (审核 menu), 审阅模式, 导出审核报告, 修改对比 and
//! 批量审核. The lock itself is the document's (`Document::set_review_mode`): every edit passes
//! it, so the window only switches it and says why an edit did nothing.

use std::path::PathBuf;

use crate::editing::document::Document;
use crate::io::paths::portable_file_name;
use crate::io::review::{beijing_now, load_any, write_report};
use crate::io::write::refuse_output_onto_input;
use crate::model::ReviewState;
use crate::review::{StateRequest, StatusError};
use crate::ui::app::{Dialog, EditorApp};
use crate::ui::dialogs::batch_review::BatchReview;
use crate::ui::panels::compare::Comparison;

use crate::editing::document::REVIEW_MODE_LOCKED as LOCKED_MESSAGE;

impl EditorApp {
    /// Opens every document from now on in review mode (`yugong --review`).
    pub fn with_review_mode(mut self) -> EditorApp {
        self.set_review_mode(true);
        self
    }

    /// 视图 → 审阅模式: locks (or unlocks) the open document and is remembered for the files
    /// opened next.
    pub fn set_review_mode(&mut self, on: bool) {
        self.review_session = on;
        if let Some(document) = &mut self.document {
            document.set_review_mode(on);
            // A cell editor left open would only be refused when it closes.
            for grid in self.grids.values_mut() {
                let cursor = grid.cursor;
                if grid.is_editing() {
                    grid.select(cursor);
                }
            }
        }
        self.status = Some(if on {
            "已进入审阅模式：金额和文字已锁定，可添加批注、说明问题、更改审核状态".into()
        } else {
            "已退出审阅模式，可以修改金额和文字".into()
        });
    }

    pub fn is_review_mode(&self) -> bool {
        self.document.as_ref().is_some_and(Document::is_review_mode)
    }

    /// A document about to be shown opens in review mode when the session is in it, or when the
    /// file was sent for review (待审核).
    pub(in crate::ui) fn apply_review_defaults(&self, document: &mut Document) {
        document.set_review_mode(self.review_session || document.project.review.state() == ReviewState::Submitted);
    }

    /// Says so in the status bar when review mode refused an edit this frame (any edit: a cell,
    /// a text, a paste, a fix, an import merge, an undo).
    pub(in crate::ui) fn report_review_refusals(&mut self) {
        let refused = self.document.as_ref().map_or(0, Document::refused_in_review_mode);
        if refused > self.refusals_shown {
            self.status = Some(LOCKED_MESSAGE.into());
        }
        self.refusals_shown = refused;
    }

    /// 审核 → 编制中 / 待审核 / 已退回 / 审核通过: records the change with who and when, as one
    /// undoable step. 审核通过 while errors remain asks first (`confirmed` is the answer).
    pub fn set_review_state(&mut self, state: ReviewState, confirmed: bool) {
        let Some(document) = &mut self.document else { return };
        if document.project.review.state() == state && document.project.review.current().is_some() {
            self.status = Some(format!("审核状态已是“{}”", state.label()));
            return;
        }
        // The same name comments are signed with (设置 → 批注署名, default the system user).
        let by =
            if self.author.trim().is_empty() { crate::io::settings::system_user_name() } else { self.author.clone() };
        let at = beijing_now().1;
        let request = StateRequest { state, by: &by, at: &at, note: "", errors: document.tally.errors, confirmed };
        match document
            .change_review(&format!("审核状态改为{}", state.label()), |review| review.set_state(request))
        {
            Ok(_) => {
                let mut message = format!("审核状态已改为“{}”（{by} {at}）", state.label());
                if state == ReviewState::Approved && document.tally.errors > 0 {
                    message.push_str(&format!("，已记录仍有 {} 个错误", document.tally.errors));
                }
                self.status = Some(message);
            }
            Err(StatusError::ErrorsRemain { errors }) => self.dialog = Some(Dialog::ConfirmApproval { errors }),
        }
    }

    /// 文件 → 导出审核报告…: the open project's review report (totals, status, every finding with
    /// its place, the accepted ones, the comments), PDF or Excel by the chosen extension.
    pub fn export_review_report(&mut self, path: Option<PathBuf>) {
        let Some(document) = &self.document else { return };
        let meta = &document.project.meta;
        let suggested = portable_file_name(&format!("{}{}年预算审核报告.pdf", meta.unit_name, meta.budget_year));
        let Some(path) = path.or_else(|| self.dialogs.save_report(&suggested)) else { return };
        let failed = |text: String| Dialog::Message { title: "导出审核报告失败".into(), text };
        if let Some(message) = document.path.as_deref().and_then(|input| refuse_output_onto_input(input, &path)) {
            self.dialog = Some(failed(message));
            return;
        }
        let source = document.path.as_ref().map_or_else(|| document.untitled_name.clone(), |p| p.display().to_string());
        let entry = crate::report::department(&source, &document.project, &document.findings);
        match write_report(&[crate::report::Entry::Department(Box::new(entry))], &path) {
            Ok(()) => self.status = Some(format!("已导出审核报告：{}", path.display())),
            Err(message) => self.dialog = Some(failed(message)),
        }
    }

    /// 文件 → 与其他版本对比…: compares the open project with another version of it (an earlier
    /// file, its .bak, a workbook) and marks what changed.
    pub fn compare_with(&mut self, path: Option<PathBuf>) {
        let Some(document) = &self.document else { return };
        let Some(path) = path.or_else(|| self.dialogs.open_version()) else { return };
        match load_any(self.catalog, &path) {
            Ok(old) => {
                let comparison = Comparison::new(path, old, document);
                self.status = Some(format!("与“{}”对比：{}", comparison.name(), comparison.summary()));
                self.compare = Some(Box::new(comparison));
            }
            Err(error) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法打开对比版本".into(),
                    text: format!("{}\n\n{error}", path.display()),
                })
            }
        }
    }

    pub fn close_compare(&mut self) {
        self.compare = None;
    }

    pub fn comparison(&self) -> Option<&Comparison> {
        self.compare.as_deref()
    }

    /// 审核 → 批量审核…: audits every project file and workbook under a folder in the
    /// background and shows the summary table.
    pub fn open_batch_review(&mut self, folder: Option<PathBuf>) {
        let Some(folder) = folder.or_else(|| self.dialogs.pick_folder()) else { return };
        let catalog = self.catalog;
        self.batch = Some(Box::new(BatchReview::start(folder, catalog)));
    }

    pub fn batch_review(&self) -> Option<&BatchReview> {
        self.batch.as_deref()
    }
}
