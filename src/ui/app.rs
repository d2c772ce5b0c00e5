//! The window's state: [`EditorApp`] (the open document, the view, grid selections, the open
//! dialog, settings store, autosave clock), what a dialog can be ([`Dialog`]), what waits behind
//! the unsaved-changes guard ([`Pending`]), the findings filter, and the constructors and
//! accessors. What the window does lives in `commands/`, `panels/` and `dialogs/` (each adds an
//! `impl EditorApp` block); one frame is put together in `window.rs`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::audit::{Finding, Severity};
use crate::editing::document::Document;
use crate::io::recovery;
use crate::io::settings::Store;
use crate::model::{Project, TableId};
use crate::ui::file_dialogs::FileDialogs;
use crate::ui::grid::GridState;
use crate::ui::view_keys::{GridKey, View};
use crate::ui::views;

/// How often unsaved changes are copied to the recovery file.
const AUTOSAVE_INTERVAL: Duration = Duration::from_secs(30);

/// What to do once unsaved changes have been saved or discarded.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Close,
    New,
    /// 文件 → 以上年项目为基础新建…: next year's project from last year's file or workbook
    /// (`None`: ask for it).
    NewFromLastYear(Option<PathBuf>),
    Open(Option<PathBuf>),
    /// Open an imported workbook as a new (unsaved) project.
    OpenImported(Box<Project>, String),
}

#[derive(Debug, Clone)]
pub(in crate::ui) enum Dialog {
    Unsaved(Pending),
    Recovery {
        original: Option<PathBuf>,
        age: String,
    },
    NewProject(views::NewProjectForm),
    InsertRow(views::InsertRowForm),
    ImportPreview(Box<views::ImportPreview>),
    /// A PDF was written: offer to open it.
    PdfExported {
        path: PathBuf,
        pages: usize,
        errors: usize,
    },
    Message {
        title: String,
        text: String,
    },
    About,
    /// 帮助 → 快捷键.
    Shortcuts,
    /// 帮助 → 使用说明.
    Guide,
    /// 添加批注 / 回复批注.
    Comment(crate::ui::dialogs::CommentForm),
    /// 说明…: accept a warning or info with a reason.
    Accept(crate::ui::dialogs::AcceptForm),
    /// 设置 → 批注署名.
    Author(String),
    /// 审核通过 was chosen while the audit finds errors: confirm, and the count is recorded.
    ConfirmApproval {
        errors: usize,
    },
}

/// What the panel beside the findings shows: the open findings, the 批注, or the 已说明 ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewTab {
    #[default]
    Findings,
    Comments,
    Accepted,
}

/// Which comments the 批注 list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommentFilter {
    #[default]
    Open,
    Resolved,
    All,
}

/// Which findings the findings panel lists.
#[derive(Debug, Clone)]
pub struct FindingsFilter {
    pub errors: bool,
    pub warnings: bool,
    pub infos: bool,
    /// Only findings of this area (“支出总表”, “情况说明”); `None` for all.
    pub area: Option<String>,
}

impl Default for FindingsFilter {
    fn default() -> Self {
        FindingsFilter { errors: true, warnings: true, infos: true, area: None }
    }
}

impl FindingsFilter {
    pub fn shows(&self, finding: &Finding) -> bool {
        let severity = match finding.severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        };
        severity && self.area.as_ref().is_none_or(|a| *a == finding.location.area())
    }
}

/// Frame timing for measurements (`YUGONG_FRAME_LOG=1`), see ARCHITECTURE.md.
pub(in crate::ui) struct FrameLog {
    pub(in crate::ui) started: Instant,
    pub(in crate::ui) times: Vec<Duration>,
    pub(in crate::ui) quit_after: Option<usize>,
    pub(in crate::ui) autoscroll: usize,
}

pub struct EditorApp {
    pub(in crate::ui) document: Option<Document>,
    pub view: View,
    pub(in crate::ui) grids: HashMap<GridKey, GridState>,
    /// The goal whose 绩效目标表 the side panel shows.
    pub open_goal: Option<usize>,
    pub filter: FindingsFilter,
    pub(in crate::ui) show_findings: bool,
    /// The last message for the user (refusals, saves), shown in the status bar.
    pub status: Option<String>,
    pub(in crate::ui) dialog: Option<Dialog>,
    /// The user confirmed closing with unsaved changes.
    pub(in crate::ui) allow_close: bool,
    pub(in crate::ui) dialogs: Box<dyn FileDialogs>,
    /// Where the recent list and the recovery copy go; [`Store::disabled`] keeps nothing
    /// (tests that do not test them).
    pub(in crate::ui) store: Store,
    /// The embedded catalog plus the 科目表 imported into `store`; every document audits with it.
    pub(in crate::ui) catalog: &'static crate::catalog::Catalog,
    /// One line per imported 科目表 for the 设置 menu (read when the catalog is built, not per frame).
    pub(in crate::ui) code_lists: Vec<String>,
    pub(in crate::ui) autosave_interval: Duration,
    pub(in crate::ui) last_autosave: Option<(Instant, u64)>,
    pub(in crate::ui) shown_title: String,
    pub(in crate::ui) search: views::SearchState,
    pub(in crate::ui) frame_log: Option<FrameLog>,
    /// The name 批注 and 已说明 are signed with (设置 → 批注署名; default the system user).
    pub(in crate::ui) author: String,
    pub review_tab: ReviewTab,
    pub comment_filter: CommentFilter,
    /// Open documents in 审阅模式 (`yugong --review`, or the last 视图 → 审阅模式 choice); a
    /// file that is 待审核 opens in it anyway.
    pub(in crate::ui) review_session: bool,
    /// Edits review mode had refused when the window last said so.
    pub(in crate::ui) refusals_shown: u64,
    /// The open 修改对比 (the 对比 panel and the marks in the grids).
    pub(in crate::ui) compare: Option<Box<crate::ui::panels::compare::Comparison>>,
    /// The 批量审核 window.
    pub(in crate::ui) batch: Option<Box<crate::ui::dialogs::batch_review::BatchReview>>,
}

impl EditorApp {
    pub fn new(mut document: Option<Document>, dialogs: Box<dyn FileDialogs>, store: Store) -> EditorApp {
        let (catalog, problems) = crate::io::dictionaries::catalog(&store);
        if let Some(document) = &mut document {
            document.set_catalog(catalog);
        }
        let mut app = EditorApp {
            document,
            view: View::Table(TableId::IncomeExpenseSummary),
            grids: HashMap::new(),
            open_goal: None,
            filter: FindingsFilter::default(),
            show_findings: true,
            status: None,
            dialog: None,
            allow_close: false,
            dialogs,
            store,
            catalog,
            code_lists: Vec::new(),
            autosave_interval: AUTOSAVE_INTERVAL,
            last_autosave: None,
            shown_title: String::new(),
            search: views::SearchState::default(),
            frame_log: None,
            author: String::new(),
            review_tab: ReviewTab::default(),
            comment_filter: CommentFilter::default(),
            review_session: false,
            refusals_shown: 0,
            compare: None,
            batch: None,
        };
        app.author = app.store.comment_author();
        if let Some(document) = &mut app.document {
            document.set_review_mode(document.project.review.state() == crate::model::ReviewState::Submitted);
        }
        if !problems.is_empty() {
            app.status = Some(problems.join("；"));
        }
        app.code_lists = crate::io::dictionaries::summary(&app.store);
        if let Some(found) = recovery::find(&app.store) {
            app.dialog =
                Some(Dialog::Recovery { original: found.original.clone(), age: recovery::describe_age(found.age) });
        }
        app
    }

    /// Autosaves more often than every 30 s (tests).
    pub fn with_autosave_interval(mut self, interval: Duration) -> EditorApp {
        self.autosave_interval = interval;
        self
    }

    /// Logs frame times to stderr and optionally quits or scrolls by itself (measurements).
    /// `started` is when the program started, for the time to the first frame.
    pub fn with_frame_log(mut self, started: Instant, quit_after: Option<usize>, autoscroll: usize) -> EditorApp {
        self.frame_log = Some(FrameLog { started, times: Vec::new(), quit_after, autoscroll });
        self
    }

    /// The name new comments and acceptances are signed with.
    pub fn author(&self) -> &str {
        &self.author
    }

    pub fn document(&self) -> Option<&Document> {
        self.document.as_ref()
    }

    pub fn document_mut(&mut self) -> Option<&mut Document> {
        self.document.as_mut()
    }

    /// Selects a cell of a grid and scrolls it into view (benchmarks and scripted use).
    pub fn select_cell(&mut self, key: GridKey, position: (usize, usize)) {
        self.grids.entry(key).or_default().select(position);
    }

    pub fn grid(&self, key: GridKey) -> Option<&GridState> {
        self.grids.get(&key)
    }

    /// Whether a dialog asks about unsaved changes.
    pub fn is_asking_to_save(&self) -> bool {
        matches!(self.dialog, Some(Dialog::Unsaved(_)))
    }

    pub fn has_recovery_offer(&self) -> bool {
        matches!(self.dialog, Some(Dialog::Recovery { .. }))
    }
}
