//! File commands: new/open (behind the unsaved-changes guard), save/save as, Excel import and
//! export, PDF export, built-in samples, dropped files and autosave to the recovery folder.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eframe::egui::{self};

use crate::editing::document::Document;
use crate::io::paths::portable_file_name;
use crate::io::write::{WriteOptions, refuse_output_onto_input, write_file};
use crate::io::{project_file, recovery};
use crate::ui::app::{Dialog, EditorApp, Pending};
use crate::ui::views;

impl EditorApp {
    /// Opens a project file (after the unsaved-changes guard).
    pub fn request(&mut self, action: Pending) {
        if self.document.as_ref().is_some_and(Document::is_dirty) && action != Pending::Close {
            self.dialog = Some(Dialog::Unsaved(action));
            return;
        }
        self.perform(action);
    }

    pub(in crate::ui) fn perform(&mut self, action: Pending) {
        match action {
            Pending::Close => {}
            Pending::New => self.dialog = Some(Dialog::NewProject(views::NewProjectForm::new(self.catalog))),
            Pending::NewFromLastYear(path) => {
                if let Some(path) = path.or_else(|| self.dialogs.open_last_year()) {
                    self.new_from_last_year(&path);
                }
            }
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
        match crate::xlsx::import_workbook_with(self.catalog, &path) {
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

    /// 设置 → 科目表 → 导入: reads an official 科目表, stores it for its year in the settings
    /// folder and audits the open project with it. The year comes from the file (its title or
    /// name), else the open project's budget year.
    pub fn import_code_list(&mut self, path: Option<PathBuf>) {
        let Some(path) = path.or_else(|| self.dialogs.open_code_list()) else { return };
        let fallback_year = self.document.as_ref().map(|d| d.project.meta.budget_year);
        let result = crate::io::dictionaries::read_cells(&path).and_then(|(cells, _)| {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            // The year the file states wins; the project's year only fills in when it states none.
            let stated = crate::catalog::code_list::read_code_list(&cells, None, &name).map(|l| l.year).ok();
            crate::io::dictionaries::import(&self.store, &path, stated.or(fallback_year))
        });
        match result {
            Ok((list, _)) => {
                let (catalog, _) = crate::io::dictionaries::catalog(&self.store);
                self.catalog = catalog;
                self.code_lists = crate::io::dictionaries::summary(&self.store);
                if let Some(document) = &mut self.document {
                    document.set_catalog(catalog);
                }
                let mut text = format!(
                    "已导入 {} 年科目表：支出功能分类科目 {} 个，部门预算支出经济分类科目 {} 个。",
                    list.year,
                    list.function.len(),
                    list.economic.len()
                );
                for problem in list.problems.iter().take(10) {
                    text.push_str(&format!("\n未导入：{problem}"));
                }
                self.status = Some(format!("已导入 {} 年科目表", list.year));
                self.dialog = Some(Dialog::Message { title: "科目表已导入".into(), text });
            }
            Err(error) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法导入科目表".into(),
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
        let suggested = portable_file_name(&format!("{}{}年部门预算.pdf", meta.unit_name, meta.budget_year));
        let Some(path) = path.or_else(|| self.dialogs.save_export(&suggested, "pdf")) else { return };
        if let Some(message) = refuse_onto_project(document, &path) {
            self.dialog = Some(Dialog::Message { title: "导出 PDF 失败".into(), text: message });
            return;
        }
        match crate::io::exports::export_pdf(document.catalog(), &document.project, &path, false) {
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
        let suggested = portable_file_name(&format!("{}{}年部门预算公开表.xlsx", meta.unit_name, meta.budget_year));
        let Some(path) = path.or_else(|| self.dialogs.save_export(&suggested, "xlsx")) else { return };
        if let Some(message) = refuse_onto_project(document, &path) {
            self.dialog = Some(Dialog::Message { title: "导出 Excel 失败".into(), text: message });
            return;
        }
        let options = WriteOptions { keep_backup: true, overwrite_read_only: false };
        let result = crate::xlsx::export_workbook_with(document.catalog(), &document.project)
            .map_err(|e| e.to_string())
            .and_then(|exported| {
                write_file(&path, &exported.bytes, options).map(|()| exported.warnings).map_err(|e| e.to_string())
            });
        match result {
            Ok(warnings) if warnings.is_empty() => self.status = Some(format!("已导出 Excel：{}", path.display())),
            Ok(warnings) => {
                self.status =
                    Some(format!("已导出 Excel：{}（有 {} 个单元格的文字被截短）", path.display(), warnings.len()));
                self.dialog = Some(Dialog::Message {
                    title: "Excel 已导出，有文字被截短".into(),
                    text: warnings.join("\n"),
                });
            }
            Err(error) => {
                self.dialog = Some(Dialog::Message { title: "导出 Excel 失败".into(), text: error });
            }
        }
    }
}

/// An export must not replace the project file it is made from (chosen by mistake in the dialog).
fn refuse_onto_project(document: &Document, output: &Path) -> Option<String> {
    refuse_output_onto_input(document.path.as_deref()?, output)
}

impl EditorApp {
    pub(in crate::ui) fn open_path(&mut self, path: &Path) {
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

    /// Next year's project from last year's yugong file or budget-system workbook (what
    /// `yugong new --from` writes): the yearly-stable texts and the goal tables' names and
    /// indicators carried, amounts cleared, the prior-year block filled; unsaved until saved.
    pub(in crate::ui) fn new_from_last_year(&mut self, path: &Path) {
        let last = match crate::io::last_year::load(self.catalog, path) {
            Ok(project) => project,
            Err(error) => {
                self.dialog = Some(Dialog::Message { title: "无法读取上年项目".into(), text: error });
                return;
            }
        };
        let Some(edition) = self.catalog.edition(&last.meta.edition) else {
            self.dialog = Some(Dialog::Message {
                title: "无法读取上年项目".into(),
                text: format!("{}：模板版本“{}”未知", path.display(), last.meta.edition),
            });
            return;
        };
        let project = crate::catalog::next_year_project(edition, &last);
        let name = format!("未命名（{}{}年）", project.meta.unit_name, project.meta.budget_year);
        self.status = Some(format!(
            "已以 {} 年项目为基础新建 {} 年项目：职责、机构设置、名词解释、其他事项和绩效目标已带入，上年数已存入，金额待填；请检查后保存",
            last.meta.budget_year, project.meta.budget_year
        ));
        let mut document = Document::new(project, None, name);
        document.mark_unsaved();
        self.replace_document(document);
        self.view = crate::ui::view_keys::View::Meta;
    }

    pub(in crate::ui) fn replace_document(&mut self, mut document: Document) {
        document.set_catalog(self.catalog);
        self.apply_review_defaults(&mut document);
        self.refusals_shown = 0;
        self.compare = None;
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
                self.dialogs
                    .save_project(&portable_file_name(&format!("{}{}年部门预算.ron", meta.unit_name, meta.budget_year)))
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

    pub(in crate::ui) fn open_sample(&mut self, stem: &str) {
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

    pub(in crate::ui) fn dropped_files(&mut self, ctx: &egui::Context) {
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

    pub(in crate::ui) fn autosave_tick(&mut self, ctx: &egui::Context) {
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
}
