//! The shared pieces of the forms: [`edit_part`] (text widgets edit the model directly; it
//! notices the change and records the part as it was, so every field gets undo without its own
//! command), labelled text and amount fields, the 行政级别/公开主体 pickers, and [`FormResult`].

use eframe::egui;
use rust_decimal::Decimal;

use crate::editing::document::Document;
use crate::editing::history::Op;
use crate::model::amount::{format_wan, parse_input};
use crate::model::{AdminLevel, Entity, Narrative, Project};

/// Runs `body` on one part of the project and records an undo step if it changed anything.
/// Consecutive changes in the same focused field merge into one step.
pub(super) fn edit_part<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    document: &mut Document,
    label: &str,
    part: impl Fn(&mut Project) -> &mut T,
    undo: impl FnOnce(T) -> Op,
    body: impl FnOnce(&mut egui::Ui, &mut T),
) {
    let before = part(&mut document.project).clone();
    body(ui, part(&mut document.project));
    if *part(&mut document.project) != before {
        let focused = ui.memory(|m| m.focused()).map(|id| id.value());
        document.record(label, undo(before), focused);
    }
}

pub(super) fn narrative_of(project: &mut Project) -> &mut Narrative {
    &mut project.narrative
}

pub(super) fn undo_narrative(narrative: Narrative) -> Op {
    Op::Narrative(Box::new(narrative))
}

/// A labelled text field; multi-line when `rows` > 1. The label names the field for screen
/// readers and UI tests.
pub(super) fn text_field(ui: &mut egui::Ui, label: &str, text: &mut String, rows: usize) -> egui::Response {
    let heading = ui.label(egui::RichText::new(label).strong());
    let edit = if rows > 1 {
        egui::TextEdit::multiline(text).desired_rows(rows).desired_width(f32::INFINITY)
    } else {
        egui::TextEdit::singleline(text).desired_width(f32::INFINITY)
    };
    ui.add(edit).labelled_by(heading.id)
}

/// An amount typed as text: kept as typed while focused, stored when it parses; a refusal is
/// returned for the status bar and the old value stays.
pub(super) fn amount_field(ui: &mut egui::Ui, label: &str, value: &mut Option<Decimal>) -> Option<String> {
    let id = ui.make_persistent_id(("amount", label));
    let mut text: String = ui.data_mut(|d| d.get_temp::<String>(id)).unwrap_or_else(|| format_wan(*value));
    let heading = ui.label(label);
    // A fixed size: in a multi-column Grid egui otherwise narrows the edit to the column width of
    // the previous frame (seen in the 上年数 form, whose first amount column showed “148(”).
    let size = egui::vec2(110.0, ui.spacing().interact_size.y);
    let response = ui
        .add_sized(size, egui::TextEdit::singleline(&mut text).align(egui::Align2::RIGHT_CENTER))
        .labelled_by(heading.id);
    let mut refusal = None;
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text.clone()));
    } else {
        ui.data_mut(|d| d.remove_temp::<String>(id));
    }
    if response.lost_focus() {
        match parse_input(&text) {
            Ok(parsed) => *value = parsed,
            Err(error) => refusal = Some(format!("{label}：{error}，已保留原值")),
        }
    }
    refusal
}

/// The 行政级别 and 公开主体 rows of a two-column form grid.
pub(super) fn level_and_entity_rows(ui: &mut egui::Ui, salt: &str, level: &mut AdminLevel, entity: &mut Entity) {
    let label = ui.label("行政级别");
    egui::ComboBox::from_id_salt((salt, "level"))
        .selected_text(level.word())
        .show_ui(ui, |ui| {
            for choice in [AdminLevel::County, AdminLevel::District, AdminLevel::City, AdminLevel::Province] {
                ui.selectable_value(level, choice, choice.word());
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
    let label = ui.label("公开主体");
    egui::ComboBox::from_id_salt((salt, "entity"))
        .selected_text(entity.word())
        .show_ui(ui, |ui| {
            for choice in [Entity::Department, Entity::Unit] {
                ui.selectable_value(entity, choice, choice.word());
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

/// What a dialog form returns each frame.
pub enum FormResult<T> {
    Open,
    Cancel,
    Done(Box<T>),
}
