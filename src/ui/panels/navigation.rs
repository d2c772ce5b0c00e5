//! The navigation tree (基本信息, the nine tables, the narrative sections) with counts of
//! errors and warnings per node.

use std::collections::HashMap;

use eframe::egui::{self};

use crate::audit::{Finding, Location, Severity};
use crate::catalog::{NarrativePart, SectionTemplate};
use crate::model::TableId;
use crate::ui::app::EditorApp;
use crate::ui::grid;
use crate::ui::view_keys::View;

impl EditorApp {
    pub(in crate::ui) fn navigation(&mut self, ui: &mut egui::Ui) {
        let Some(document) = &self.document else { return };
        // Findings 已说明 are not counted: the page is marked for what is still open.
        let counts = node_counts(document.project.review.sort_findings(&document.findings).open);
        let comments = super::comments::open_comments_per_view(document);
        // Open 批注 on a page: “◆2” after its name.
        let marked = |label: String, view: View| match comments.get(&view) {
            Some(n) => format!("{label}  ◆{n}"),
            None => label,
        };
        let sections: Vec<SectionTemplate> = document.edition().map(|e| e.sections.clone()).unwrap_or_default();
        let entity = document.project.meta.entity.word();
        let goals = document.project.goals.len();
        let mut selected = self.view;
        egui::ScrollArea::vertical().show(ui, |ui| {
            nav_item(ui, &mut selected, View::Meta, marked("基本信息".into(), View::Meta), counts.get(&View::Meta));
            ui.add_space(4.0);
            ui.label(egui::RichText::new("公开表").weak());
            for (index, id) in TableId::ALL.into_iter().enumerate() {
                let label = format!("{}. {}", index + 1, id.short_name());
                let label = marked(label, View::Table(id));
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
                    nav_item(ui, &mut selected, view, marked(title, view), counts.get(&view));
                } else {
                    ui.label(title);
                    ui.indent(("section", index), |ui| {
                        for child in &section.children {
                            let view = View::Section(child.part);
                            let mut label = child.title.replace("{entity}", entity);
                            if child.part == NarrativePart::ProjectGoals {
                                label = format!("{label}（{goals}）");
                            }
                            nav_item(ui, &mut selected, view, marked(label, view), counts.get(&view));
                        }
                    });
                }
            }
        });
        if selected != self.view {
            self.view = selected;
        }
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
fn node_counts(findings: Vec<&Finding>) -> HashMap<View, (usize, usize)> {
    let mut counts: HashMap<View, (usize, usize)> = HashMap::new();
    for finding in findings {
        let view = match &finding.location {
            Location::Project | Location::Meta { .. } => View::Meta,
            Location::Table { table, .. } => View::Table(*table),
            Location::Narrative { section } => View::Section(NarrativePart::of_section(*section)),
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
