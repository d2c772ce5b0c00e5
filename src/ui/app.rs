//! The editor window: menus, navigation tree, the central editor, the goal side panel, the
//! findings panel, the status bar, dialogs, files and autosave.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use super::document::Document;
use super::grid::{self, GridCommand, GridSource, GridState};
use super::sources::{IndicatorList, StandardGrid};
use super::views;
use crate::audit::{Finding, Location, Severity};
use crate::catalog::{NarrativePart, SectionTemplate};
use crate::io::settings::Store;
use crate::io::{project_file, recovery};
use crate::model::{Project, TableId};

/// How often unsaved changes are copied to the recovery file.
const AUTOSAVE_INTERVAL: Duration = Duration::from_secs(30);

/// What the central area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    Meta,
    Table(TableId),
    Section(NarrativePart),
}

/// The grids whose selection the window keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GridKey {
    Table(TableId),
    Procurement,
    Assets,
    Indicators(IndicatorList),
}

/// Native file dialogs, replaceable in tests (which must never block on a dialog).
pub trait FileDialogs {
    fn open_project(&self) -> Option<PathBuf>;
    fn save_project(&self, suggested_name: &str) -> Option<PathBuf>;
    /// An Excel workbook to import.
    fn open_workbook(&self) -> Option<PathBuf> {
        None
    }
    /// Where to write an exported file (`extension`: "xlsx", "pdf").
    fn save_export(&self, _suggested_name: &str, _extension: &str) -> Option<PathBuf> {
        None
    }
}

/// Dialogs that never open (scripted runs, benchmarks, tests): every question is answered
/// with “cancel”.
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open_project(&self) -> Option<PathBuf> {
        None
    }

    fn save_project(&self, _suggested_name: &str) -> Option<PathBuf> {
        None
    }
}

/// rfd's native dialogs (GTK 3 on Linux: the portal backend silently cancels on systems without
/// a portal, such as Kylin or UOS).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_project(&self) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title("打开项目文件").add_filter("预公项目文件", &["ron"]).pick_file()
    }

    fn save_project(&self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("保存项目文件")
            .add_filter("预公项目文件", &["ron"])
            .set_file_name(suggested_name)
            .save_file()
            .map(|p| if p.extension().is_none() { p.with_extension("ron") } else { p })
    }

    fn open_workbook(&self) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title("导入 Excel 工作簿").add_filter("Excel 工作簿", &["xlsx", "xlsm"]).pick_file()
    }

    fn save_export(&self, suggested_name: &str, extension: &str) -> Option<PathBuf> {
        let kind = if extension == "pdf" { "PDF 文档" } else { "Excel 工作簿" };
        rfd::FileDialog::new()
            .set_title("导出")
            .add_filter(kind, &[extension])
            .set_file_name(suggested_name)
            .save_file()
            .map(|p| if p.extension().is_none() { p.with_extension(extension) } else { p })
    }
}

/// What to do once unsaved changes have been saved or discarded.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Close,
    New,
    Open(Option<PathBuf>),
    /// Open an imported workbook as a new (unsaved) project.
    OpenImported(Box<Project>, String),
}

#[derive(Debug, Clone)]
enum Dialog {
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

/// Frame timing for measurements (`YUGONG_FRAME_LOG=1`), see ARCHITECTURE.md.
struct FrameLog {
    started: Instant,
    times: Vec<Duration>,
    quit_after: Option<usize>,
    autoscroll: usize,
}

pub struct EditorApp {
    document: Option<Document>,
    pub view: View,
    grids: HashMap<GridKey, GridState>,
    /// The goal whose 绩效目标表 the side panel shows.
    pub open_goal: Option<usize>,
    pub filter: FindingsFilter,
    show_findings: bool,
    /// The last message for the user (refusals, saves), shown in the status bar.
    pub status: Option<String>,
    dialog: Option<Dialog>,
    /// The user confirmed closing with unsaved changes.
    allow_close: bool,
    dialogs: Box<dyn FileDialogs>,
    /// Where the recent list and the recovery copy go; [`Store::disabled`] keeps nothing
    /// (tests that do not test them).
    store: Store,
    autosave_interval: Duration,
    last_autosave: Option<(Instant, u64)>,
    shown_title: String,
    search: views::SearchState,
    frame_log: Option<FrameLog>,
}

impl EditorApp {
    pub fn new(document: Option<Document>, dialogs: Box<dyn FileDialogs>, store: Store) -> EditorApp {
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
            autosave_interval: AUTOSAVE_INTERVAL,
            last_autosave: None,
            shown_title: String::new(),
            search: views::SearchState::default(),
            frame_log: None,
        };
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

    /// Opens a project file (after the unsaved-changes guard).
    pub fn request(&mut self, action: Pending) {
        if self.document.as_ref().is_some_and(Document::is_dirty) && action != Pending::Close {
            self.dialog = Some(Dialog::Unsaved(action));
            return;
        }
        self.perform(action);
    }

    fn perform(&mut self, action: Pending) {
        match action {
            Pending::Close => {}
            Pending::New => self.dialog = Some(Dialog::NewProject(views::NewProjectForm::default())),
            Pending::Open(path) => {
                let path = path.or_else(|| self.dialogs.open_project());
                if let Some(path) = path {
                    self.open_path(&path);
                }
            }
            Pending::OpenImported(project, name) => {
                let mut document = Document::new(*project, None, name);
                document.mark_unsaved();
                self.replace_document(document);
                self.status = Some("已导入为新项目，请检查后保存".into());
            }
        }
    }

    /// Reads a workbook and shows what it contains and what importing it would change.
    pub fn import_workbook(&mut self, path: Option<PathBuf>) {
        let Some(path) = path.or_else(|| self.dialogs.open_workbook()) else { return };
        match crate::xlsx::import_workbook(&path) {
            Ok((project, report)) => {
                let changes = self.document.as_ref().map(|d| crate::xlsx::compare(&d.project, &project));
                self.dialog =
                    Some(Dialog::ImportPreview(Box::new(views::ImportPreview::new(path, project, report, changes))));
            }
            Err(error) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法导入 Excel 工作簿".into(),
                    text: format!("{}\n\n{error}", path.display()),
                })
            }
        }
    }

    /// Exports the printable disclosure. Audit errors do not stop it (drafts are printed for
    /// review); the dialog afterwards says how many there are.
    pub fn export_pdf(&mut self, path: Option<PathBuf>) {
        let Some(document) = &self.document else { return };
        let meta = &document.project.meta;
        let suggested = format!("{}{}年部门预算.pdf", meta.unit_name, meta.budget_year);
        let Some(path) = path.or_else(|| self.dialogs.save_export(&suggested, "pdf")) else { return };
        match crate::io::exports::export_pdf(&document.project, &path) {
            Ok(exported) => {
                self.status = Some(format!("已导出 PDF：{}（{} 页）", path.display(), exported.pages));
                self.dialog = Some(Dialog::PdfExported { path, pages: exported.pages, errors: document.tally.errors });
            }
            Err(error) => {
                self.dialog = Some(Dialog::Message { title: "导出 PDF 失败".into(), text: error });
            }
        }
    }

    /// Writes the tables as an Excel workbook in the official layout.
    pub fn export_workbook(&mut self, path: Option<PathBuf>) {
        let Some(document) = &self.document else { return };
        let meta = &document.project.meta;
        let suggested = format!("{}{}年部门预算公开表.xlsx", meta.unit_name, meta.budget_year);
        let Some(path) = path.or_else(|| self.dialogs.save_export(&suggested, "xlsx")) else { return };
        let result = crate::xlsx::export_workbook(&document.project)
            .map_err(|e| e.to_string())
            .and_then(|bytes| project_file::write_atomically(&path, &bytes, true).map_err(|e| e.to_string()));
        match result {
            Ok(()) => self.status = Some(format!("已导出 Excel：{}", path.display())),
            Err(error) => {
                self.dialog = Some(Dialog::Message { title: "导出 Excel 失败".into(), text: error });
            }
        }
    }

    fn open_path(&mut self, path: &Path) {
        match project_file::load(path) {
            Ok(project) => {
                self.store.remember_recent(path);
                self.replace_document(Document::new(project, Some(path.to_path_buf()), ""));
                self.status = Some(format!("已打开 {}", path.display()));
            }
            Err(error) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法打开项目文件".into(),
                    text: format!("{}\n\n{error}", path.display()),
                })
            }
        }
    }

    fn replace_document(&mut self, document: Document) {
        self.document = Some(document);
        self.grids.clear();
        self.open_goal = None;
        self.last_autosave = None;
        if self.store.folder().is_some() {
            recovery::discard(&self.store);
        }
    }

    /// Saves to the document's file, or asks where with `save_as` or when it has none.
    /// Returns whether the project was saved.
    pub fn save(&mut self, save_as: bool) -> bool {
        let Some(document) = &mut self.document else { return false };
        let target = match (&document.path, save_as) {
            (Some(path), false) => Some(path.clone()),
            _ => {
                let meta = &document.project.meta;
                self.dialogs.save_project(&format!("{}{}年部门预算.ron", meta.unit_name, meta.budget_year))
            }
        };
        let Some(path) = target else { return false };
        match project_file::save(&document.project, &path) {
            Ok(()) => {
                document.mark_saved(path.clone());
                self.store.remember_recent(&path);
                if self.store.folder().is_some() {
                    recovery::discard(&self.store);
                }
                self.status = Some(format!("已保存到 {}", path.display()));
                true
            }
            Err(error) => {
                self.dialog = Some(Dialog::Message { title: "保存失败".into(), text: error.to_string() });
                false
            }
        }
    }

    /// Selects the cell, row or section a finding points at.
    pub fn jump_to(&mut self, location: &Location) {
        let Some(document) = &self.document else { return };
        match location {
            Location::Project | Location::Meta { .. } => self.view = View::Meta,
            Location::Table { table, row, column } => {
                self.view = View::Table(*table);
                let Some(edition) = document.edition() else { return };
                let grid = StandardGrid::new(edition, document, *table);
                let position = row.as_deref().and_then(|r| grid.position_of(document, r, column.as_deref()));
                self.grids.entry(GridKey::Table(*table)).or_default().select(position.unwrap_or((0, 0)));
            }
            Location::Narrative { section } => self.view = View::Section(part_of_section(section)),
            Location::Goal { goal, indicator } => {
                self.view = View::Section(NarrativePart::ProjectGoals);
                self.open_goal = Some(*goal);
                if let Some(indicator) = indicator {
                    let key = GridKey::Indicators(IndicatorList::Goal(*goal));
                    self.grids.entry(key).or_default().select((*indicator, 2));
                }
            }
            Location::Procurement { row, .. } => {
                self.view = View::Section(NarrativePart::Procurement);
                if let Some(row) = row {
                    self.grids.entry(GridKey::Procurement).or_default().select((*row, 0));
                }
            }
            Location::Assets { .. } => self.view = View::Section(NarrativePart::Assets),
        }
    }

    fn undo(&mut self) {
        if let Some(document) = &mut self.document
            && document.undo()
        {
            self.status = Some("已撤销".into());
        }
    }

    fn redo(&mut self) {
        if let Some(document) = &mut self.document
            && document.redo()
        {
            self.status = Some("已重做".into());
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let command = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        // Ctrl+Shift+S first: egui matches shortcuts logically, so Ctrl+S would also take it.
        let (save_as, save, open, new, find) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S)),
                i.consume_shortcut(&command(Key::S)),
                i.consume_shortcut(&command(Key::O)),
                i.consume_shortcut(&command(Key::N)),
                i.consume_shortcut(&command(Key::F)),
            )
        });
        if save || save_as {
            self.save(save_as);
        }
        if open {
            self.request(Pending::Open(None));
        }
        if new {
            self.request(Pending::New);
        }
        if find {
            self.search.open = true;
        }
        // Undo/redo belong to a text field while one is being edited (its own typing undo).
        if !ctx.text_edit_focused() {
            let (undo, redo) = ctx.input_mut(|i| {
                (
                    i.consume_shortcut(&command(Key::Z)),
                    i.consume_shortcut(&command(Key::Y))
                        || i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)),
                )
            });
            if undo {
                self.undo();
            }
            if redo {
                self.redo();
            }
        }
        let zoom_in =
            ctx.input_mut(|i| i.consume_shortcut(&command(Key::Plus)) || i.consume_shortcut(&command(Key::Equals)));
        let zoom_out = ctx.input_mut(|i| i.consume_shortcut(&command(Key::Minus)));
        if zoom_in {
            ctx.set_zoom_factor((ctx.zoom_factor() + 0.1).min(2.0));
        }
        if zoom_out {
            ctx.set_zoom_factor((ctx.zoom_factor() - 0.1).max(0.6));
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                if ui.button("新建…").clicked() {
                    self.request(Pending::New);
                }
                if ui.button("打开…            Ctrl+O").clicked() {
                    self.request(Pending::Open(None));
                }
                ui.menu_button("最近打开", |ui| {
                    let recent = self.store.recent_files();
                    if recent.is_empty() {
                        ui.label("（无）");
                    }
                    for path in recent {
                        if ui.button(path.display().to_string()).clicked() {
                            self.request(Pending::Open(Some(path)));
                        }
                    }
                    ui.separator();
                    ui.menu_button("内置示例", |ui| {
                        for (stem, title, _) in crate::samples::SAMPLES {
                            if ui.button(*title).clicked() {
                                self.open_sample(stem);
                            }
                        }
                    });
                });
                ui.separator();
                if ui.button("保存              Ctrl+S").clicked() {
                    self.save(false);
                }
                if ui.button("另存为…    Ctrl+Shift+S").clicked() {
                    self.save(true);
                }
                ui.separator();
                if ui.button("导入 Excel…").clicked() {
                    self.import_workbook(None);
                }
                if ui.add_enabled(self.document.is_some(), egui::Button::new("导出 Excel…")).clicked() {
                    self.export_workbook(None);
                }
                if ui.add_enabled(self.document.is_some(), egui::Button::new("导出 PDF…")).clicked() {
                    self.export_pdf(None);
                }
                ui.separator();
                if ui.button("退出").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("编辑", |ui| {
                let history = self.document.as_ref().map(Document::history);
                let undo_label = history.and_then(|h| h.undo_label()).map(|l| format!("撤销 {l}"));
                let redo_label = history.and_then(|h| h.redo_label()).map(|l| format!("重做 {l}"));
                if ui
                    .add_enabled(undo_label.is_some(), egui::Button::new(undo_label.unwrap_or_else(|| "撤销".into())))
                    .clicked()
                {
                    self.undo();
                }
                if ui
                    .add_enabled(redo_label.is_some(), egui::Button::new(redo_label.unwrap_or_else(|| "重做".into())))
                    .clicked()
                {
                    self.redo();
                }
                ui.separator();
                if ui.button("查找…            Ctrl+F").clicked() {
                    self.search.open = true;
                }
            });
            ui.menu_button("审核", |ui| {
                if ui.checkbox(&mut self.show_findings, "显示审核结果面板").clicked() {
                    ui.close();
                }
                if ui.button("只看错误").clicked() {
                    self.filter = FindingsFilter { errors: true, warnings: false, infos: false, area: None };
                    self.show_findings = true;
                }
                if ui.button("显示全部问题").clicked() {
                    self.filter = FindingsFilter::default();
                    self.show_findings = true;
                }
            });
            ui.menu_button("视图", |ui| {
                if ui.button("放大  Ctrl+=").clicked() {
                    ui.ctx().set_zoom_factor((ui.ctx().zoom_factor() + 0.1).min(2.0));
                }
                if ui.button("缩小  Ctrl+-").clicked() {
                    ui.ctx().set_zoom_factor((ui.ctx().zoom_factor() - 0.1).max(0.6));
                }
                if ui.button("实际大小").clicked() {
                    ui.ctx().set_zoom_factor(1.0);
                }
                ui.separator();
                if ui.button("浅色主题").clicked() {
                    ui.ctx().set_theme(egui::Theme::Light);
                }
                if ui.button("深色主题").clicked() {
                    ui.ctx().set_theme(egui::Theme::Dark);
                }
            });
            ui.menu_button("帮助", |ui| {
                if ui.button("关于预公").clicked() {
                    self.dialog = Some(Dialog::About);
                }
            });
        });
    }

    fn open_sample(&mut self, stem: &str) {
        let Some(text) = crate::samples::sample_text(stem) else { return };
        match project_file::parse(text.as_bytes()) {
            Ok(project) => {
                let name = format!("内置示例 {stem}.ron");
                if self.document.as_ref().is_some_and(Document::is_dirty) {
                    self.status = Some("请先保存或放弃当前的修改".into());
                    self.dialog = Some(Dialog::Unsaved(Pending::New));
                    return;
                }
                self.replace_document(Document::new(project, None, name));
            }
            Err(error) => self.status = Some(error.to_string()),
        }
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let Some(document) = &self.document else {
                    ui.label("未打开项目");
                    return;
                };
                ui.label(match &document.path {
                    Some(path) => path.display().to_string(),
                    None => document.untitled_name.clone(),
                });
                if document.is_dirty() {
                    ui.colored_label(ui.visuals().warn_fg_color, "● 未保存");
                }
                ui.separator();
                let tally = document.tally;
                let color = if tally.errors > 0 { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
                ui.colored_label(color, format!("错误 {}", tally.errors));
                ui.label(format!("警告 {}", tally.warnings));
                ui.label(format!("提示 {}", tally.infos));
                if let Some((at, revision)) = self.last_autosave
                    && revision != u64::MAX
                {
                    ui.separator();
                    ui.label(format!("已自动保存（{} 秒前）", at.elapsed().as_secs()));
                }
                if let Some(status) = &self.status {
                    ui.separator();
                    ui.label(status.as_str());
                }
            });
        });
    }

    fn navigation(&mut self, ui: &mut egui::Ui) {
        let Some(document) = &self.document else { return };
        let counts = node_counts(&document.findings);
        let sections: Vec<SectionTemplate> = document.edition().map(|e| e.sections.clone()).unwrap_or_default();
        let entity = document.project.meta.entity.word();
        let goals = document.project.goals.len();
        let mut selected = self.view;
        egui::ScrollArea::vertical().show(ui, |ui| {
            nav_item(ui, &mut selected, View::Meta, "基本信息".into(), counts.get(&View::Meta));
            ui.add_space(4.0);
            ui.label(egui::RichText::new("公开表").weak());
            for (index, id) in TableId::ALL.into_iter().enumerate() {
                let label = format!("{}. {}", index + 1, id.short_name());
                nav_item(ui, &mut selected, View::Table(id), label, counts.get(&View::Table(id)));
            }
            ui.add_space(4.0);
            ui.label(egui::RichText::new("情况说明").weak());
            for (index, section) in sections.iter().enumerate() {
                let title = format!(
                    "{}、{}",
                    crate::catalog::edition::chinese_numeral(index + 1),
                    section.title.replace("{entity}", entity)
                );
                if section.children.is_empty() {
                    let view = View::Section(section.part);
                    nav_item(ui, &mut selected, view, title, counts.get(&view));
                } else {
                    ui.label(title);
                    ui.indent(("section", index), |ui| {
                        for child in &section.children {
                            let view = View::Section(child.part);
                            let mut label = child.title.replace("{entity}", entity);
                            if child.part == NarrativePart::ProjectGoals {
                                label = format!("{label}（{goals}）");
                            }
                            nav_item(ui, &mut selected, view, label, counts.get(&view));
                        }
                    });
                }
            }
        });
        if selected != self.view {
            self.view = selected;
        }
    }

    fn findings_panel(&mut self, ui: &mut egui::Ui) {
        let Some(document) = &self.document else { return };
        let mut jump = None;
        let mut fix = None;
        egui::Panel::bottom("findings").resizable(true).default_size(170.0).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong("审核结果");
                ui.checkbox(&mut self.filter.errors, format!("错误 {}", document.tally.errors));
                ui.checkbox(&mut self.filter.warnings, format!("警告 {}", document.tally.warnings));
                ui.checkbox(&mut self.filter.infos, format!("提示 {}", document.tally.infos));
                let mut areas: Vec<String> = document.findings.iter().map(|f| f.location.area()).collect();
                areas.dedup();
                areas.sort();
                areas.dedup();
                egui::ComboBox::new("findings-area", "位置")
                    .selected_text(self.filter.area.clone().unwrap_or_else(|| "全部位置".into()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.filter.area, None, "全部位置");
                        for area in areas {
                            ui.selectable_value(&mut self.filter.area, Some(area.clone()), area);
                        }
                    });
            });
            ui.separator();
            let shown: Vec<&Finding> = document.findings.iter().filter(|f| self.filter.shows(f)).collect();
            if shown.is_empty() {
                ui.label(if document.findings.is_empty() {
                    "未发现问题。"
                } else {
                    "没有符合筛选条件的问题。"
                });
                return;
            }
            egui::ScrollArea::vertical().auto_shrink(false).show_rows(ui, 22.0, shown.len(), |ui, range| {
                for finding in &shown[range] {
                    ui.horizontal(|ui| {
                        ui.colored_label(grid::severity_color(finding.severity), finding.severity.label());
                        ui.label(egui::RichText::new(finding.rule).weak().monospace());
                        ui.label(egui::RichText::new(finding.location.area()).weak());
                        if let Some(f) = &finding.fix
                            && ui.small_button("修正").on_hover_text(&f.description).clicked()
                        {
                            fix = Some(f.clone());
                        }
                        let response =
                            ui.add(egui::Label::new(&finding.message).sense(egui::Sense::click()).truncate());
                        if response.on_hover_text("单击跳转到该位置").clicked() {
                            jump = Some(finding.location.clone());
                        }
                    });
                }
            });
        });
        if let Some(location) = jump {
            self.jump_to(&location);
        }
        if let (Some(fix), Some(document)) = (fix, &mut self.document)
            && document.apply_fix(&fix)
        {
            self.status = Some(format!("已修正：{}", fix.description));
        }
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let Some(document) = &mut self.document else {
            ui.heading("未打开项目");
            ui.label("请从“文件”菜单新建或打开一个项目文件，或打开内置示例。");
            return;
        };
        let Some(edition) = document.edition() else {
            ui.heading("未知的模板版本");
            ui.label(format!("本文件使用的模板版本“{}”不在本程序中，无法编辑。", document.project.meta.edition));
            return;
        };
        match self.view {
            View::Meta => views::meta_form(ui, document),
            View::Table(table) => {
                let title = &document.project.tables.get(table).title;
                ui.heading(title);
                ui.label(format!(
                    "部门：{}    预算年度：{}    单位：万元",
                    document.project.meta.unit_line(),
                    document.project.meta.budget_year
                ));
                let source = StandardGrid::new(edition, document, table);
                let classified = edition.classification(table).is_some();
                // A table opens with its first amount cell active, below the 栏次 row.
                let first_amount = source.sticky_columns();
                let state = self.grids.entry(GridKey::Table(table)).or_insert_with(|| {
                    let mut state = GridState::default();
                    state.select((1, first_amount));
                    state
                });
                if let Some(log) = &mut self.frame_log
                    && log.autoscroll > 0
                {
                    let rows = source.row_count(document);
                    let next = (state.cursor.0 + log.autoscroll) % rows.max(1);
                    state.select((next, state.cursor.1));
                }
                let notes = document.project.tables.get(table).notes.clone();
                let height = ui.available_height() - 20.0 * notes.len() as f32;
                let output = ui
                    .allocate_ui(egui::vec2(ui.available_width(), height.max(100.0)), |ui| {
                        grid::show(ui, ("table", table.key()), &source, document, state, classified)
                    })
                    .inner;
                for note in &notes {
                    ui.label(note);
                }
                self.take_grid_output(output, Some(table));
            }
            View::Section(part) => {
                let output = views::section(ui, part, document, edition, &mut self.grids, &mut self.open_goal);
                self.take_grid_output(output, None);
            }
        }
    }

    fn take_grid_output(&mut self, output: grid::GridOutput, table: Option<TableId>) {
        if let Some(message) = output.messages.last() {
            self.status = Some(if output.messages.len() > 1 {
                format!("{message}（另有 {} 条提示）", output.messages.len() - 1)
            } else {
                message.clone()
            });
        }
        if let Some(GridCommand::OpenGoal(index)) = output.command {
            self.open_goal = Some(index);
            return;
        }
        let (Some(command), Some(table), Some(document)) = (output.command, table, &mut self.document) else { return };
        match command {
            GridCommand::OpenGoal(_) => {}
            GridCommand::InsertRow { .. } => {
                self.dialog = Some(Dialog::InsertRow(views::InsertRowForm::new(table)));
            }
            GridCommand::DeleteRows { from, to } => {
                let Some(edition) = document.edition() else { return };
                let source = StandardGrid::new(edition, document, table);
                let mut rows: Vec<usize> = (from..=to).filter_map(|r| source.model_row(r, 1)).collect();
                rows.retain(|&r| document.project.tables.get(table).rows[r].is_coded());
                rows.sort_unstable();
                rows.dedup();
                if rows.is_empty() {
                    self.status = Some("只能删除科目行；合计等固定行不能删除".into());
                    return;
                }
                let ops = rows.iter().rev().map(|&index| super::history::Op::RemoveRow { table, index }).collect();
                let count = rows.len();
                document.apply("删除行", ops, None);
                self.status = Some(format!("已删除 {count} 行"));
            }
        }
    }

    fn goal_panel(&mut self, ui: &mut egui::Ui) {
        let (Some(index), Some(document)) = (self.open_goal, &mut self.document) else { return };
        if index >= document.project.goals.len() {
            self.open_goal = None;
            return;
        }
        let mut open = true;
        egui::Panel::right("goal-panel").resizable(true).default_size(440.0).min_size(320.0).show(ui, |ui| {
            let output = views::goal_panel(ui, document, index, &mut self.grids, &mut open);
            if let Some(message) = output.messages.last() {
                self.status = Some(message.clone());
            }
        });
        if !open {
            self.open_goal = None;
        }
    }

    fn import_preview_window(&mut self, ctx: &egui::Context) {
        let Some(Dialog::ImportPreview(preview)) = &mut self.dialog else { return };
        let mut choice = views::ImportChoice::Open;
        egui::Window::new("导入 Excel")
            .collapsible(false)
            .resizable(true)
            .default_width(640.0)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| choice = views::import_preview(ui, preview));
        let Some(Dialog::ImportPreview(preview)) = self.dialog.take() else { return };
        match choice {
            views::ImportChoice::Open => self.dialog = Some(Dialog::ImportPreview(preview)),
            views::ImportChoice::Cancel => {}
            views::ImportChoice::AsNewProject => {
                let name = format!("导入的项目（{}）", preview.file_name());
                self.request(Pending::OpenImported(Box::new(preview.project), name));
            }
            views::ImportChoice::Merge(parts) => {
                if let Some(document) = &mut self.document {
                    let mut merged = document.project.clone();
                    crate::xlsx::apply_parts(&mut merged, &preview.project, &parts);
                    let count = parts.len();
                    if document.apply("导入 Excel", vec![super::history::Op::Project(Box::new(merged))], None) {
                        self.status = Some(format!("已从 Excel 导入 {count} 个部分，可撤销"));
                    }
                }
            }
        }
    }

    fn dialogs(&mut self, ctx: &egui::Context) {
        if matches!(self.dialog, Some(Dialog::ImportPreview(_))) {
            self.import_preview_window(ctx);
            return;
        }
        let Some(dialog) = self.dialog.clone() else { return };
        let shown = kind(&dialog);
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            match dialog {
                Dialog::Unsaved(pending) => {
                    ui.heading("保存修改？");
                    ui.label("当前项目有未保存的修改。是否先保存？");
                    ui.horizontal(|ui| {
                        if ui.button("保存").clicked() {
                            close = true;
                            if self.save(false) {
                                self.after_guard(ctx, pending.clone());
                            }
                        }
                        if ui.button("不保存").clicked() {
                            close = true;
                            // The document keeps its unsaved mark and its recovery copy until it
                            // is really replaced or the window really closes: the next step (the
                            // new-project form, the file dialog) can still be cancelled.
                            self.after_guard(ctx, pending.clone());
                        }
                        if ui.button("取消").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Recovery { original, age } => {
                    ui.heading("恢复未保存的修改？");
                    ui.label(format!(
                        "上次编辑时程序未正常退出。发现自动保存的内容（{age}），对应文件：{}。",
                        original.as_ref().map_or_else(|| "未保存的新项目".into(), |p| p.display().to_string())
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("恢复").clicked() {
                            close = true;
                            if let Some(found) = recovery::find(&self.store) {
                                let mut document = Document::new(found.project, found.original, "恢复的项目");
                                document.mark_unsaved();
                                self.document = Some(document);
                                self.grids.clear();
                                self.status = Some("已恢复自动保存的内容，请检查后保存".into());
                            }
                        }
                        if ui.button("丢弃").clicked() {
                            close = true;
                            recovery::discard(&self.store);
                        }
                    });
                }
                Dialog::NewProject(mut form) => match views::new_project_form(ui, &mut form) {
                    views::FormResult::Open => self.dialog = Some(Dialog::NewProject(form)),
                    views::FormResult::Cancel => close = true,
                    views::FormResult::Done(project) => {
                        close = true;
                        let name = format!("未命名（{}{}年）", project.meta.unit_name, project.meta.budget_year);
                        self.replace_document(Document::new(*project, None, name));
                        let document = self.document.as_mut().expect("just set");
                        document.mark_unsaved();
                        self.view = View::Meta;
                    }
                },
                Dialog::InsertRow(mut form) => {
                    let Some(document) = &mut self.document else { return };
                    match views::insert_row_form(ui, &mut form, document) {
                        views::FormResult::Open => self.dialog = Some(Dialog::InsertRow(form)),
                        views::FormResult::Cancel => close = true,
                        views::FormResult::Done(message) => {
                            close = true;
                            self.status = Some(*message);
                            if let Some((row, table)) = form.inserted {
                                // Same column as before (an amount column), on the new row.
                                let state = self.grids.entry(GridKey::Table(table)).or_default();
                                let column = state.cursor.1.max(2);
                                state.select((row + 1, column));
                            }
                        }
                    }
                }
                // Shown in its own window (below): it is large and scrolls.
                Dialog::ImportPreview(_) => {}
                Dialog::PdfExported { path, pages, errors } => {
                    ui.heading("PDF 已导出");
                    ui.label(format!("{}（{pages} 页）", path.display()));
                    if errors > 0 {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!("注意：审核还有 {errors} 个错误，PDF 按文件所列数字印出，仅供审阅。"),
                        );
                    }
                    ui.horizontal(|ui| {
                        if ui.button("打开 PDF").clicked() {
                            close = true;
                            if let Err(error) = open_with_system(&path) {
                                self.status = Some(format!("无法打开 PDF：{error}"));
                            }
                        }
                        if ui.button("关闭").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Message { title, text } => {
                    ui.heading(title);
                    ui.label(text);
                    if ui.button("确定").clicked() {
                        close = true;
                    }
                }
                Dialog::About => {
                    ui.heading("预公 yugong");
                    ui.label(format!("部门预算公开编制、审核与导出  版本 {}", env!("CARGO_PKG_VERSION")));
                    ui.label("界面字体：思源黑体 Noto Sans SC（SIL 开放字体许可证 1.1）");
                    if ui.button("确定").clicked() {
                        close = true;
                    }
                }
            }
        });
        if modal.should_close() && !matches!(self.dialog, Some(Dialog::Unsaved(_)) | Some(Dialog::Recovery { .. })) {
            close = true;
        }
        // An action may have opened another dialog (a save that failed shows its message): close
        // only the one that was shown.
        if close && self.dialog.as_ref().map(kind) == Some(shown) {
            self.dialog = None;
        }
    }

    fn after_guard(&mut self, ctx: &egui::Context, pending: Pending) {
        if pending == Pending::Close {
            self.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            self.dialog = None;
            self.perform(pending);
        }
    }

    fn guard_close(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        if self.allow_close || !self.document.as_ref().is_some_and(Document::is_dirty) {
            if self.store.folder().is_some() {
                recovery::discard(&self.store);
            }
            return;
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        self.dialog = Some(Dialog::Unsaved(Pending::Close));
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            match extension.as_str() {
                "ron" => self.request(Pending::Open(Some(path))),
                "xlsx" | "xlsm" => self.import_workbook(Some(path)),
                _ => {
                    self.status = Some(format!(
                        "不能打开“{}”：请拖入预公项目文件（.ron）或 Excel 工作簿（.xlsx）",
                        path.display()
                    ))
                }
            }
        }
    }

    fn autosave_tick(&mut self, ctx: &egui::Context) {
        if self.store.folder().is_none() {
            return;
        }
        let Some(document) = &self.document else { return };
        if !document.is_dirty() {
            return;
        }
        let due = self
            .last_autosave
            .is_none_or(|(at, revision)| at.elapsed() >= self.autosave_interval && revision != document.revision());
        if self.last_autosave.is_none() {
            // The first change starts the clock.
            self.last_autosave = Some((Instant::now(), u64::MAX));
        } else if due {
            match recovery::write(&self.store, &document.project, document.path.as_deref()) {
                Ok(()) => self.last_autosave = Some((Instant::now(), document.revision())),
                Err(error) => self.status = Some(format!("自动保存失败：{error}")),
            }
        }
        ctx.request_repaint_after(Duration::from_secs(5));
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.document {
            Some(document) => {
                let meta = &document.project.meta;
                format!(
                    "{}{} — {}{}年{}预算 — 预公",
                    if document.is_dirty() { "● " } else { "" },
                    document.display_name(),
                    meta.unit_name,
                    meta.budget_year,
                    meta.entity.word()
                )
            }
            None => "预公".into(),
        };
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    pub fn title(&self) -> &str {
        &self.shown_title
    }

    fn search_window(&mut self, ctx: &egui::Context) {
        let Some(document) = &self.document else { return };
        if let Some(location) = views::search_window(ctx, &mut self.search, document) {
            self.jump_to(&location);
        }
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

/// Opens a file with the system's default program (the PDF viewer).
fn open_with_system(path: &Path) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(path).spawn().map(|_| ())
}

fn kind(dialog: &Dialog) -> u8 {
    match dialog {
        Dialog::Unsaved(_) => 1,
        Dialog::Recovery { .. } => 2,
        Dialog::NewProject(_) => 3,
        Dialog::InsertRow(_) => 4,
        Dialog::ImportPreview(_) => 7,
        Dialog::PdfExported { .. } => 8,
        Dialog::Message { .. } => 5,
        Dialog::About => 6,
    }
}

fn nav_item(ui: &mut egui::Ui, selected: &mut View, view: View, label: String, counts: Option<&(usize, usize)>) {
    let text = match counts {
        Some((errors, warnings)) if *errors > 0 => egui::RichText::new(format!(
            "{label}  错{errors}{}",
            if *warnings > 0 { format!(" ⚠{warnings}") } else { String::new() }
        ))
        .color(grid::severity_color(Severity::Error)),
        Some((_, warnings)) if *warnings > 0 => {
            egui::RichText::new(format!("{label}  ⚠{warnings}")).color(grid::severity_color(Severity::Warning))
        }
        _ => egui::RichText::new(label),
    };
    if ui.selectable_label(*selected == view, text).clicked() {
        *selected = view;
    }
}

/// Errors and warnings per navigation node.
fn node_counts(findings: &[Finding]) -> HashMap<View, (usize, usize)> {
    let mut counts: HashMap<View, (usize, usize)> = HashMap::new();
    for finding in findings {
        let view = match &finding.location {
            Location::Project | Location::Meta { .. } => View::Meta,
            Location::Table { table, .. } => View::Table(*table),
            Location::Narrative { section } => View::Section(part_of_section(section)),
            Location::Goal { .. } => View::Section(NarrativePart::ProjectGoals),
            Location::Procurement { .. } => View::Section(NarrativePart::Procurement),
            Location::Assets { .. } => View::Section(NarrativePart::Assets),
        };
        let entry = counts.entry(view).or_default();
        match finding.severity {
            Severity::Error => entry.0 += 1,
            Severity::Warning => entry.1 += 1,
            Severity::Info => {}
        }
    }
    counts
}

/// The narrative part a section key of the audit belongs to (“overview.income” → 总体情况).
pub fn part_of_section(section: &str) -> NarrativePart {
    let head = section.split('.').next().unwrap_or(section);
    match head {
        "preamble" | "duties" | "sub_units" => NarrativePart::Duties,
        "overview" => NarrativePart::Overview,
        "operating_costs" => NarrativePart::OperatingCosts,
        "three_public" => NarrativePart::ThreePublic,
        "department_goals" => NarrativePart::DepartmentGoals,
        "special_funds" => NarrativePart::SpecialFunds,
        "procurement" => NarrativePart::Procurement,
        "assets" => NarrativePart::Assets,
        "glossary" => NarrativePart::Glossary,
        _ => NarrativePart::OtherMatters,
    }
}

impl eframe::App for EditorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        self.guard_close(&ctx);
        self.dropped_files(&ctx);
        self.shortcuts(&ctx);
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        self.status_bar(ui);
        if self.show_findings {
            self.findings_panel(ui);
        }
        egui::Panel::left("navigation").resizable(true).default_size(230.0).show(ui, |ui| self.navigation(ui));
        self.goal_panel(ui);
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        self.dialogs(&ctx);
        self.search_window(&ctx);
        self.autosave_tick(&ctx);
        self.update_title(&ctx);
        if let Some(log) = &mut self.frame_log {
            let elapsed = frame_start.elapsed();
            if log.times.is_empty() {
                eprintln!("first frame: {:.1} ms after start", log.started.elapsed().as_secs_f64() * 1000.0);
            }
            log.times.push(elapsed);
            eprintln!("frame {}: ui {:.3} ms", log.times.len(), elapsed.as_secs_f64() * 1000.0);
            if log.autoscroll > 0 {
                ctx.request_repaint();
            }
            if log.quit_after.is_some_and(|n| log.times.len() >= n) {
                let mut sorted = log.times.clone();
                sorted.sort();
                let median = sorted[sorted.len() / 2];
                let p95 = sorted[(sorted.len() * 95 / 100).min(sorted.len() - 1)];
                eprintln!(
                    "frames: {}  median {:.3} ms  p95 {:.3} ms  max {:.3} ms",
                    sorted.len(),
                    median.as_secs_f64() * 1000.0,
                    p95.as_secs_f64() * 1000.0,
                    sorted[sorted.len() - 1].as_secs_f64() * 1000.0
                );
                log.quit_after = None;
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }
}
