//! 审核 → 批量审核: a folder's project files and workbooks audited in a background thread (the
//! same `io::batch::check_in_parallel` that `yugong check DIR` runs) with a progress bar, then a
//! summary table — a row per department, sortable by a click on a column head — whose rows open
//! that department's file, and a button that writes the batch's review report.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use eframe::egui::{self, RichText};
use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::io::batch::{self, Checked};
use crate::io::review::{collect_inputs, write_report};
use crate::io::write::refuse_output_onto_input;
use crate::report::{Department, Entry};
use crate::ui::app::{Dialog, EditorApp, Pending};

/// One line of the summary table.
#[derive(Debug, Clone)]
pub struct BatchRow {
    pub path: PathBuf,
    pub entry: Entry,
}

impl BatchRow {
    pub fn department(&self) -> Option<&Department> {
        match &self.entry {
            Entry::Department(d) => Some(d),
            Entry::Unreadable { .. } => None,
        }
    }
}

/// The columns of the summary table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Unit,
    Year,
    Edition,
    State,
    Errors,
    Warnings,
    Comments,
    Total(usize),
    File,
}

const COLUMNS: [(Column, &str); 12] = [
    (Column::Unit, "单位"),
    (Column::Year, "年度"),
    (Column::Edition, "模板版本"),
    (Column::State, "审核状态"),
    (Column::Errors, "错误"),
    (Column::Warnings, "警告"),
    (Column::Comments, "批注（待处理/全部）"),
    (Column::Total(0), "收支总额"),
    (Column::Total(1), "基本支出"),
    (Column::Total(2), "项目支出"),
    (Column::Total(3), "“三公”经费"),
    (Column::File, "文件"),
];

pub struct BatchReview {
    pub folder: PathBuf,
    files: Vec<PathBuf>,
    done: Arc<AtomicUsize>,
    running: Option<Receiver<Vec<Checked>>>,
    rows: Vec<BatchRow>,
    sort: Option<(Column, bool)>,
}

impl BatchReview {
    /// Walks the folder and starts auditing in a background thread.
    pub fn start(folder: PathBuf, catalog: &'static Catalog) -> BatchReview {
        let files: Vec<PathBuf> =
            collect_inputs(std::slice::from_ref(&folder)).into_iter().filter(|f| f.is_file()).collect();
        let done = Arc::new(AtomicUsize::new(0));
        let (sender, receiver) = std::sync::mpsc::channel();
        let (work, counter) = (files.clone(), done.clone());
        std::thread::spawn(move || {
            let audit = move |project: &crate::model::Project| crate::audit::check_with(catalog, project);
            let results = batch::check_in_parallel(catalog, &work, &audit, true, &counter);
            // The window may have been closed meanwhile: nobody to tell.
            let _ = sender.send(results);
        });
        BatchReview { folder, files, done, running: Some(receiver), rows: Vec::new(), sort: None }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub fn rows(&self) -> &[BatchRow] {
        &self.rows
    }

    /// Takes the results once the thread has finished.
    fn poll(&mut self) {
        let Some(receiver) = &self.running else { return };
        match receiver.try_recv() {
            Ok(results) => {
                self.rows = self
                    .files
                    .iter()
                    .zip(results)
                    .map(|(path, result)| BatchRow { path: path.clone(), entry: batch::report_entry(path, result) })
                    .collect();
                self.running = None;
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                // The worker died (a bug): show what is known rather than spin for ever.
                self.running = None;
            }
        }
    }

    fn sort_by(&mut self, column: Column) {
        let descending = self.sort == Some((column, false));
        self.sort = Some((column, descending));
        let key = |row: &BatchRow| -> (Option<String>, Option<Decimal>) {
            let Some(d) = row.department() else { return (None, None) };
            let number = |n: usize| Some(Decimal::from(n));
            match column {
                Column::Unit => (Some(d.unit.clone()), None),
                Column::Year => (None, Some(Decimal::from(d.year))),
                Column::Edition => (Some(d.edition.clone()), None),
                Column::State => (Some(d.state.to_string()), None),
                Column::Errors => (None, number(d.open.errors)),
                Column::Warnings => (None, number(d.open.warnings)),
                Column::Comments => (None, number(d.comments_open)),
                Column::Total(i) => (None, d.totals.get(i).copied().flatten()),
                Column::File => (Some(row.path.display().to_string()), None),
            }
        };
        self.rows.sort_by(|a, b| {
            let order = key(a).cmp(&key(b));
            if descending { order.reverse() } else { order }
        });
    }
}

impl EditorApp {
    /// The 批量审核 window (while one is open).
    pub(in crate::ui) fn batch_window(&mut self, ctx: &egui::Context) {
        let Some(batch) = &mut self.batch else { return };
        batch.poll();
        let mut open = true;
        let mut open_file = None;
        let mut export = false;
        let mut sort = None;
        egui::Window::new("批量审核")
            .open(&mut open)
            .default_size([980.0, 480.0])
            .resizable(true)
            .show(ctx, |ui| {
                ui.label(format!("文件夹：{}", batch.folder.display()));
                if batch.is_running() {
                    let done = batch.done.load(Ordering::Relaxed);
                    let total = batch.files.len().max(1);
                    ui.add(
                        egui::ProgressBar::new(done as f32 / total as f32)
                            .text(format!("正在审核 {done} / {} 个文件…", batch.files.len())),
                    );
                    ctx.request_repaint_after(Duration::from_millis(100));
                    return;
                }
                if batch.rows.is_empty() {
                    ui.label("该文件夹中没有项目文件（.ron）或 Excel 工作簿（.xlsx）。");
                    return;
                }
                let departments = batch.rows.iter().filter(|r| r.department().is_some()).count();
                let errors: usize = batch.rows.iter().filter_map(|r| r.department()).map(|d| d.open.errors).sum();
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "共 {} 个文件：已审核 {departments} 个，无法读取 {} 个，错误合计 {errors} 个。单击一行打开该部门的文件，单击列名排序。",
                        batch.rows.len(),
                        batch.rows.len() - departments
                    ));
                    if ui.button("导出批量审核报告…").clicked() {
                        export = true;
                    }
                });
                ui.separator();
                egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
                    egui::Grid::new("batch-table").striped(true).num_columns(COLUMNS.len()).show(ui, |ui| {
                        for (column, title) in COLUMNS {
                            let arrow = match batch.sort {
                                Some((c, false)) if c == column => " ▲",
                                Some((c, true)) if c == column => " ▼",
                                _ => "",
                            };
                            if ui.add(egui::Button::new(RichText::new(format!("{title}{arrow}")).strong()).frame(false)).clicked() {
                                sort = Some(column);
                            }
                        }
                        ui.end_row();
                        for row in &batch.rows {
                            let cells = row_cells(row);
                            let mut clicked = false;
                            for (index, (text, color)) in cells.into_iter().enumerate() {
                                let mut rich = RichText::new(text);
                                if let Some(color) = color {
                                    rich = rich.color(color);
                                }
                                let response = ui.add(egui::Label::new(rich).sense(egui::Sense::click()).truncate());
                                let response = if index == 0 {
                                    response.on_hover_text(format!("单击打开 {}", row.path.display()))
                                } else {
                                    response
                                };
                                clicked |= response.clicked();
                            }
                            if clicked {
                                open_file = Some(row.path.clone());
                            }
                            ui.end_row();
                        }
                    });
                });
            });
        if let Some(column) = sort {
            batch.sort_by(column);
        }
        if !open {
            self.batch = None;
            return;
        }
        if export {
            self.export_batch_report(None);
        }
        if let Some(path) = open_file {
            self.open_batch_file(path);
        }
    }

    /// Opens a department's file from the summary table (behind the unsaved-changes prompt); a
    /// workbook goes through the import preview.
    pub fn open_batch_file(&mut self, path: PathBuf) {
        if crate::io::review::is_workbook(&path) {
            self.import_workbook(Some(path));
        } else {
            self.request(Pending::Open(Some(path)));
        }
    }

    /// Writes the batch's review report (PDF or Excel by the extension).
    pub fn export_batch_report(&mut self, path: Option<PathBuf>) {
        let Some(batch) = &self.batch else { return };
        if batch.is_running() {
            return;
        }
        let Some(path) = path.or_else(|| self.dialogs.save_report("批量审核报告.xlsx")) else { return };
        let failed = |text: String| Dialog::Message { title: "导出审核报告失败".into(), text };
        if let Some(message) = batch.files.iter().find_map(|input| refuse_output_onto_input(input, &path)) {
            self.dialog = Some(failed(message));
            return;
        }
        let entries: Vec<Entry> = batch.rows.iter().map(|r| r.entry.clone()).collect();
        match write_report(&entries, &path) {
            Ok(()) => self.status = Some(format!("已导出批量审核报告：{}（{} 个文件）", path.display(), entries.len())),
            Err(message) => self.dialog = Some(failed(message)),
        }
    }
}

/// The texts of a summary row (and a colour for the status and unreadable files).
fn row_cells(row: &BatchRow) -> Vec<(String, Option<egui::Color32>)> {
    let file = row.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match &row.entry {
        Entry::Unreadable { message, .. } => {
            let mut cells = vec![(format!("无法读取：{message}"), Some(egui::Color32::from_rgb(0xc0, 0x39, 0x2b)))];
            cells.extend((1..COLUMNS.len() - 1).map(|_| (String::new(), None)));
            cells.push((file, None));
            cells
        }
        Entry::Department(d) => {
            let state = crate::model::ReviewState::from_label(d.state).map(crate::ui::panels::review::state_color);
            let mut cells = vec![
                (d.unit.clone(), None),
                (d.year.to_string(), None),
                (d.edition.clone(), None),
                (d.state.to_string(), state),
                (
                    d.open.errors.to_string(),
                    (d.open.errors > 0).then(|| crate::ui::grid::severity_color(crate::audit::Severity::Error)),
                ),
                (d.open.warnings.to_string(), None),
                (format!("{}/{}", d.comments_open, d.comments_open + d.comments_resolved), None),
            ];
            cells.extend(d.totals.iter().take(4).map(|t| (crate::report::amount(*t), None)));
            cells.push((file, None));
            cells
        }
    }
}
