//! The 对比 panel (修改对比): every change between another version and the open project —
//! cells, rows, goals, texts (with the character diff of the selected one) — a click jumps to
//! its place; the grids mark changed cells (`grid::changed`). Recomputed when the document
//! changes, so an edit made while comparing shows at once.

use std::path::PathBuf;
use std::sync::Arc;

use eframe::egui::{self, Color32, RichText};

use crate::diff::{self, Change, ChangeKind, PieceKind};
use crate::editing::document::Document;
use crate::model::Project;
use crate::ui::app::EditorApp;
use crate::ui::grid::changed::{self, CHANGED_COLOR, ChangedCells};

/// An open comparison.
pub struct Comparison {
    /// The other version's file.
    pub path: PathBuf,
    old: Project,
    changes: Vec<Change>,
    marks: Arc<ChangedCells>,
    /// The document revision `changes` were computed at.
    revision: u64,
    /// The change whose details (text diff) the panel shows.
    selected: Option<usize>,
}

impl Comparison {
    pub fn new(path: PathBuf, old: Project, document: &Document) -> Comparison {
        let mut comparison =
            Comparison { path, old, changes: Vec::new(), marks: Arc::default(), revision: u64::MAX, selected: None };
        comparison.update(document);
        comparison
    }

    /// Compares again when the document changed since.
    fn update(&mut self, document: &Document) {
        if self.revision == document.revision() {
            return;
        }
        self.changes = diff::compare(&self.old, &document.project);
        self.marks = Arc::new(ChangedCells::from_changes(&self.changes));
        self.revision = document.revision();
        self.selected = self.selected.filter(|&i| i < self.changes.len());
    }

    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    pub fn summary(&self) -> String {
        diff::summary(&self.changes)
    }

    /// The other version's file name.
    pub fn name(&self) -> String {
        self.path.file_name().map_or_else(|| self.path.display().to_string(), |n| n.to_string_lossy().into_owned())
    }
}

impl EditorApp {
    /// The 对比 panel at the right, and the changed places published for the grids.
    pub(in crate::ui) fn compare_panel(&mut self, ui: &mut egui::Ui) {
        let (Some(comparison), Some(document)) = (&mut self.compare, &self.document) else {
            changed::publish(ui.ctx(), None);
            return;
        };
        comparison.update(document);
        changed::publish(ui.ctx(), Some(comparison.marks.clone()));
        let mut jump = None;
        let mut close = false;
        egui::Panel::right("compare").resizable(true).default_size(380.0).min_size(260.0).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong("修改对比");
                if ui.button("关闭对比").clicked() {
                    close = true;
                }
            });
            ui.label(RichText::new(format!("对比版本：{}", comparison.path.display())).weak())
                .on_hover_text("左侧为对比版本（较早的文件）的值，右侧为当前打开的项目");
            ui.label(comparison.summary());
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, CHANGED_COLOR.gamma_multiply(0.5));
                ui.label(RichText::new("表格中已修改的单元格以青绿色标出，悬停可看修改前的值").weak());
            });
            ui.separator();
            let details = comparison.selected.and_then(|i| comparison.changes.get(i)).filter(|c| !c.text.is_empty());
            let list_height = if details.is_some() { ui.available_height() * 0.55 } else { ui.available_height() };
            egui::ScrollArea::vertical().id_salt("compare-list").max_height(list_height).auto_shrink(false).show_rows(
                ui,
                22.0,
                comparison.changes.len(),
                |ui, range| {
                    for index in range {
                        let change = &comparison.changes[index];
                        let line = format!("{} {}", change.kind.label(), change.what);
                        let response = ui
                            .selectable_label(
                                comparison.selected == Some(index),
                                RichText::new(&line).color(kind_color(change.kind)),
                            )
                            .on_hover_text(format!("{line}\n{}\n单击跳转到该位置", values(change)));
                        if response.clicked() {
                            comparison.selected = Some(index);
                            jump = Some(change.place.clone());
                        }
                    }
                },
            );
            if let Some(change) =
                comparison.selected.and_then(|i| comparison.changes.get(i)).filter(|c| !c.text.is_empty())
            {
                ui.separator();
                ui.strong(&change.what);
                egui::ScrollArea::vertical().id_salt("compare-text").auto_shrink(false).show(ui, |ui| {
                    ui.label(text_diff(ui, change));
                });
            }
        });
        if close {
            self.compare = None;
            changed::publish(ui.ctx(), None);
            return;
        }
        if let (Some(place), Some(document)) = (jump, &self.document) {
            let location = place.to_location(&document.project);
            self.jump_to(&location);
        }
    }
}

fn kind_color(kind: ChangeKind) -> Color32 {
    match kind {
        ChangeKind::Changed => CHANGED_COLOR,
        ChangeKind::Added => Color32::from_rgb(0x1e, 0x84, 0x49),
        ChangeKind::Removed => Color32::from_rgb(0xc0, 0x39, 0x2b),
    }
}

/// “原：X → 现：Y” for the hover.
fn values(change: &Change) -> String {
    let shown = |value: &Option<String>| match value.as_deref() {
        None => "（无）".to_string(),
        Some("") => "（空）".to_string(),
        Some(text) => text.chars().take(200).collect(),
    };
    format!("原：{}\n现：{}", shown(&change.old), shown(&change.new))
}

/// The character diff: removed text struck through in red, added text underlined in green.
fn text_diff(ui: &egui::Ui, change: &Change) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    let font = egui::FontId::proportional(14.0);
    for piece in &change.text {
        let mut format =
            egui::TextFormat { font_id: font.clone(), color: ui.visuals().text_color(), ..Default::default() };
        match piece.kind {
            PieceKind::Same => {}
            PieceKind::Removed => {
                format.color = kind_color(ChangeKind::Removed);
                format.strikethrough = egui::Stroke::new(1.0, format.color);
                format.background = kind_color(ChangeKind::Removed).gamma_multiply(0.12);
            }
            PieceKind::Added => {
                format.color = kind_color(ChangeKind::Added);
                format.underline = egui::Stroke::new(1.0, format.color);
                format.background = kind_color(ChangeKind::Added).gamma_multiply(0.12);
            }
        }
        job.append(&piece.text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    job
}
