//! Narrative text fields with bound figures (issue 13): the widget shows the resolved text (each
//! bound figure at its table's current value, so a table edit shows in the same frame), bound
//! figures on a tinted background with their source on hover, and an edit that touches a bound
//! figure turns it into plain text in the same undo step (`bound::edit_resolved`). And the
//! 绑定数字 action: the figures that would be bound and those that differ from the tables, applied
//! as one undoable `Op::Narrative`.

use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui;

use crate::catalog::NarrativePart;
use crate::editing::document::Document;
use crate::editing::history::Op;
use crate::model::{NarrativeSection, Project};
use crate::narrative::bound::{self, BoundSpan};

/// One stored text as the widget shows it.
pub(super) struct Shown {
    resolved: String,
    spans: Vec<BoundSpan>,
    /// Per span: what it is bound to, for the hover.
    descriptions: Vec<String>,
}

/// The narrative's texts that hold bound figures, resolved once per frame before the narrative
/// is lent out for editing (the values come from the tables, which the edit cannot borrow then).
#[derive(Default)]
pub(super) struct ShownTexts {
    by_raw: HashMap<String, Shown>,
}

impl ShownTexts {
    /// The shown texts of the document's current state: resolved once per change, not per frame
    /// (resolving a sample's narrative costs about as much as a tenth of a frame), kept in egui's
    /// memory under the document's (id, revision).
    pub(super) fn current(ui: &egui::Ui, document: &Document) -> Arc<ShownTexts> {
        type Cached = ((u64, u64), Arc<ShownTexts>);
        let memory = ui.make_persistent_id("bound-figures-shown");
        let key = (document.id(), document.revision());
        if let Some((cached_key, shown)) = ui.data(|d| d.get_temp::<Cached>(memory))
            && cached_key == key
        {
            return shown;
        }
        let shown = Arc::new(ShownTexts::of(&document.project));
        ui.data_mut(|d| d.insert_temp::<Cached>(memory, (key, shown.clone())));
        shown
    }

    pub(super) fn of(project: &Project) -> ShownTexts {
        let texts: Vec<&str> = bound::texts(&project.narrative).into_iter().filter(|t| bound::has_markers(t)).collect();
        if texts.is_empty() {
            return ShownTexts::default();
        }
        let values = bound::Values::new(project);
        let by_raw = texts
            .into_iter()
            .map(|raw| {
                let (resolved, spans) = bound::resolve_spans(raw, &values);
                let descriptions = spans
                    .iter()
                    .map(|s| match &s.source {
                        Some(source) => {
                            format!("绑定数字：{}（随表更新；改写即解除绑定）", source.description(project))
                        }
                        None => format!("绑定数字的来源无法识别，显示所存的“{}”", s.stored),
                    })
                    .collect();
                (raw.to_string(), Shown { resolved, spans, descriptions })
            })
            .collect();
        ShownTexts { by_raw }
    }
}

/// A labelled narrative text field: plain text as before, or, when it holds bound figures, the
/// resolved text with the figures tinted.
pub(super) fn narrative_field(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    rows: usize,
    shown: &ShownTexts,
) -> egui::Response {
    let Some(view) = shown.by_raw.get(text.as_str()) else {
        return super::fields::text_field(ui, label, text, rows);
    };
    let heading = ui.label(egui::RichText::new(label).strong());
    let mut buffer = view.resolved.clone();
    let tint = if ui.visuals().dark_mode {
        egui::Color32::from_rgb(0x1f, 0x3a, 0x5a)
    } else {
        egui::Color32::from_rgb(0xd6, 0xe8, 0xff)
    };
    let mut layouter = |ui: &egui::Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| -> Arc<egui::Galley> {
        let font = egui::TextStyle::Body.resolve(ui.style());
        let color = ui.visuals().text_color();
        let plain = egui::TextFormat::simple(font.clone(), color);
        let mut job = egui::text::LayoutJob::default();
        let text = buf.as_str();
        // While an edit is being applied the text differs from the resolved one: plain this frame.
        let spans: &[BoundSpan] = if text == view.resolved { &view.spans } else { &[] };
        let mut at = 0;
        for span in spans {
            if span.resolved.start < at {
                continue;
            }
            job.append(text.get(at..span.resolved.start).unwrap_or_default(), 0.0, plain.clone());
            let format = egui::TextFormat { background: tint, ..egui::TextFormat::simple(font.clone(), color) };
            job.append(text.get(span.resolved.clone()).unwrap_or_default(), 0.0, format);
            at = span.resolved.end;
        }
        job.append(text.get(at..).unwrap_or_default(), 0.0, plain);
        job.wrap.max_width = wrap_width;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let edit = if rows > 1 {
        egui::TextEdit::multiline(&mut buffer).desired_rows(rows).desired_width(f32::INFINITY)
    } else {
        egui::TextEdit::singleline(&mut buffer).desired_width(f32::INFINITY)
    };
    let output = edit.layouter(&mut layouter).show(ui);
    let mut response = output.response.response.labelled_by(heading.id);
    if buffer != view.resolved {
        *text = bound::edit_resolved(text, &view.resolved, &view.spans, &buffer);
    } else if let Some(pointer) = response.hover_pos() {
        let cursor = output.galley.cursor_from_pos(pointer - output.galley_pos);
        let byte = view.resolved.char_indices().nth(cursor.index.0).map_or(view.resolved.len(), |(i, _)| i);
        if let Some(k) = view.spans.iter().position(|s| s.resolved.start <= byte && byte < s.resolved.end) {
            response = response.on_hover_text(view.descriptions.get(k).cloned().unwrap_or_default());
        }
    }
    response
}

/// 绑定数字: on a narrative page whose sections state table figures, a preview of what binding
/// would do and the figures that differ from the tables, each with 替换并绑定.
pub(super) fn bind_action(ui: &mut egui::Ui, document: &mut Document, part: NarrativePart) {
    let own: Vec<NarrativeSection> =
        bound::FIGURE_SECTIONS.iter().copied().filter(|s| NarrativePart::of_section(*s) == part).collect();
    if own.is_empty() {
        return;
    }
    let id = ui.make_persistent_id(("bind-preview", part));
    let mut open: bool = ui.data(|d| d.get_temp(id)).unwrap_or(false);
    if ui
        .button("绑定数字")
        .on_hover_text("把说明中与表中数相等的金额绑定到表格（以后随表更新），并列出与表不一致的金额")
        .clicked()
    {
        open = true;
    }
    if open {
        let project = &document.project;
        let plan = bound::plan(project);
        let bound_here: Vec<_> = plan.bound.iter().filter(|(s, _, _)| own.contains(s)).collect();
        let differing: Vec<_> = plan.differing.iter().filter(|(s, _)| own.contains(s)).collect();
        let stale: Vec<_> = bound::stale_markers(project).into_iter().filter(|(s, _)| own.contains(s)).collect();
        let mut apply: Option<(&str, crate::model::Narrative)> = None;
        ui.group(|ui| {
            ui.strong("绑定数字预览：绑定后文字不变，金额随表更新（浅蓝底色）；改写绑定的金额即解除绑定");
            if bound_here.is_empty() && differing.is_empty() && stale.is_empty() {
                ui.label("本部分没有可绑定的金额，也没有与表不一致的金额。");
            }
            egui::ScrollArea::vertical().id_salt(("bind-preview-scroll", part)).max_height(260.0).show(ui, |ui| {
                for (section, _, count) in &bound_here {
                    ui.label(format!("{}：{count} 个金额与表中数相等，可绑定", section.heading()));
                }
                for (section, d) in &differing {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!("{}：“{}”与表中数 {} 不一致", section.heading(), d.phrase, d.replacement()));
                        if ui.button("替换并绑定").clicked() {
                            let mut narrative = project.narrative.clone();
                            if let Some(text) = section.text_mut(&mut narrative) {
                                *text = bound::replace_and_bind(text, project, d);
                            }
                            apply = Some(("替换并绑定数字", narrative));
                        }
                    });
                }
                for (section, message) in &stale {
                    ui.label(format!("{}：{message}", section.heading()));
                }
            });
            ui.horizontal(|ui| {
                let total: usize = bound_here.iter().map(|(_, _, n)| n).sum();
                if total > 0 && ui.button(format!("绑定 {total} 个金额")).clicked() {
                    let mut narrative = project.narrative.clone();
                    for (section, text, _) in &bound_here {
                        if let Some(slot) = section.text_mut(&mut narrative) {
                            slot.clone_from(text);
                        }
                    }
                    apply = Some(("绑定数字", narrative));
                }
                if !stale.is_empty() && ui.button("更新所存数值").clicked() {
                    let mut refreshed = project.clone();
                    bound::refresh(&mut refreshed);
                    apply = Some(("更新绑定数字", refreshed.narrative));
                }
                if ui.button("关闭").clicked() {
                    open = false;
                }
            });
        });
        if let Some((label, narrative)) = apply {
            document.apply(label, vec![Op::Narrative(Box::new(narrative))], None);
        }
    }
    ui.data_mut(|d| d.insert_temp(id, open));
}
