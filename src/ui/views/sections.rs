//! The central area for a narrative section (from the edition's section list) and the list
//! editors inside it (职责, 机构设置, 分项目标, 名词解释); procurement and assets grids.

use std::collections::HashMap;

use eframe::egui;

use super::bound_text::{self, ShownTexts, narrative_field};
use super::fields::{edit_part, narrative_of, text_field, undo_narrative};
use super::goals::{goal_list, indicator_editor};
use crate::catalog::{Edition, NarrativePart};
use crate::editing::document::Document;
use crate::editing::history::Op;
use crate::model::{GlossaryEntry, GoalItem, Narrative, NarrativeSection, ProcurementRow, SubUnit};
use crate::ui::grid::{self, GridOutput};
use crate::ui::sources::{AssetGrid, IndicatorGrid, IndicatorList, ProcurementGrid};
use crate::ui::view_keys::GridKey;

/// The central area for a narrative section; grids inside sections report through the output.
pub fn section(
    ui: &mut egui::Ui,
    part: NarrativePart,
    document: &mut Document,
    edition: &Edition,
    grids: &mut HashMap<GridKey, grid::GridState>,
    open_goal: &mut Option<usize>,
) -> GridOutput {
    let mut output = GridOutput::default();
    let title = edition
        .sections
        .iter()
        .flat_map(|s| std::iter::once(s).chain(s.children.iter()))
        .find(|s| s.part == part)
        .map_or_else(String::new, |s| s.title.replace("{entity}", document.project.meta.entity.word()));
    ui.heading(&title);
    draft_action(ui, document, edition, part);
    bound_text::bind_action(ui, document, part);
    // Bound figures are shown at their tables' current values: resolved before the narrative is
    // lent out for editing.
    let shown = bound_text::ShownTexts::current(ui, document);
    match part {
        NarrativePart::Duties => {
            egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
                edit_part(ui, document, "编辑情况说明", narrative_of, undo_narrative, |ui, n| {
                    narrative_field(ui, "开篇说明", &mut n.preamble, 3, &shown);
                    narrative_field(ui, "职责概述", &mut n.duties.intro, 3, &shown);
                    string_list(ui, "主要职责（每条一项）", &mut n.duties.items);
                    ui.add_space(8.0);
                    ui.strong("机构设置（所属单位）");
                    sub_units(ui, &mut n.sub_units);
                });
            });
        }
        NarrativePart::Overview => {
            egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
                edit_part(ui, document, "编辑情况说明", narrative_of, undo_narrative, |ui, n| {
                    narrative_field(ui, "总体情况", &mut n.overview.intro, 3, &shown);
                    narrative_field(ui, "收入预算", &mut n.overview.income, 5, &shown);
                    narrative_field(ui, "支出预算", &mut n.overview.expense, 5, &shown);
                    narrative_field(ui, "增减变化情况", &mut n.overview.change, 3, &shown);
                });
            });
        }
        NarrativePart::OperatingCosts => single_text(ui, document, "机关运行经费", |n| &mut n.operating_costs, &shown),
        NarrativePart::ThreePublic => single_text(ui, document, "“三公”经费说明", |n| &mut n.three_public, &shown),
        NarrativePart::SpecialFunds => single_text(ui, document, "专项资金说明", |n| &mut n.special_funds, &shown),
        NarrativePart::OtherMatters => {
            single_text(ui, document, "其他需要说明的事项", |n| &mut n.other_matters, &shown)
        }
        NarrativePart::Performance => {
            ui.label("预算绩效信息包括整体绩效目标、专项资金绩效目标和项目绩效目标，请在左侧选择。");
        }
        NarrativePart::DepartmentGoals => {
            egui::ScrollArea::vertical().id_salt("department-goals").max_height(ui.available_height() * 0.55).show(
                ui,
                |ui| {
                    edit_part(ui, document, "编辑整体绩效目标", narrative_of, undo_narrative, |ui, n| {
                        text_field(ui, "整体绩效目标", &mut n.department_goals.overall, 4);
                        text_field(ui, "分项目标引言", &mut n.department_goals.items_intro, 2);
                        goal_items(ui, &mut n.department_goals.items);
                        text_field(ui, "保障措施", &mut n.department_goals.safeguards, 3);
                    });
                },
            );
            ui.strong("整体支出绩效指标");
            let source = IndicatorGrid::new(IndicatorList::Department);
            output = indicator_editor(ui, document, edition, &source, grids);
        }
        NarrativePart::ProjectGoals => goal_list(ui, document, open_goal),
        NarrativePart::Procurement => {
            single_text_compact(ui, document, "政府采购说明", |n| &mut n.procurement, &shown);
            ui.horizontal(|ui| {
                if ui.button("添加采购行").clicked() {
                    let mut table = document.project.procurement.clone();
                    table.rows.push(ProcurementRow::default());
                    document.apply("添加采购行", vec![Op::Procurement(Box::new(table))], None);
                }
                let state = grids.entry(GridKey::Procurement).or_default();
                let selected = state.cursor.0;
                if selected < document.project.procurement.rows.len() && ui.button("删除所选采购行").clicked() {
                    let mut table = document.project.procurement.clone();
                    table.rows.remove(selected);
                    document.apply("删除采购行", vec![Op::Procurement(Box::new(table))], None);
                }
                if document.project.procurement.total.is_none() && ui.button("添加合计行").clicked() {
                    let mut table = document.project.procurement.clone();
                    table.total = Some(Default::default());
                    document.apply("添加合计行", vec![Op::Procurement(Box::new(table))], None);
                }
            });
            let source = ProcurementGrid::new(edition);
            let state = grids.entry(GridKey::Procurement).or_default();
            let height = (ui.available_height() - 60.0).max(120.0);
            output = ui
                .allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
                    grid::show(ui, "procurement", &source, document, state, false)
                })
                .inner;
            edit_part(
                ui,
                document,
                "编辑表注",
                |p| &mut p.procurement,
                |t| Op::Procurement(Box::new(t)),
                |ui, table| {
                    for note in table.notes.iter_mut() {
                        ui.add(egui::TextEdit::singleline(note).desired_width(f32::INFINITY));
                    }
                },
            );
        }
        NarrativePart::Assets => {
            single_text_compact(ui, document, "国有资产说明", |n| &mut n.assets, &shown);
            edit_part(
                ui,
                document,
                "编辑固定资产表",
                |p| &mut p.assets,
                |a| Op::Assets(Box::new(a)),
                |ui, assets| {
                    ui.horizontal(|ui| {
                        let title = ui.label("表题");
                        ui.add(egui::TextEdit::singleline(&mut assets.title).desired_width(260.0))
                            .labelled_by(title.id);
                        let as_of = ui.label("截止时间");
                        ui.add(egui::TextEdit::singleline(&mut assets.as_of).desired_width(140.0))
                            .labelled_by(as_of.id);
                    });
                },
            );
            let source = AssetGrid::new(edition);
            let state = grids.entry(GridKey::Assets).or_default();
            output = grid::show(ui, "assets", &source, document, state, false);
        }
        NarrativePart::Glossary => {
            egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
                edit_part(ui, document, "编辑名词解释", narrative_of, undo_narrative, |ui, n| {
                    glossary(ui, &mut n.glossary)
                });
            });
        }
    }
    output
}

/// 生成/更新说明: drafts this part's sections (or the whole 情况说明) from the tables and shows
/// them beside the current text; nothing is written until 采用起草文字, which is one undo step.
fn draft_action(ui: &mut egui::Ui, document: &mut Document, edition: &Edition, part: NarrativePart) {
    use crate::narrative::draft::{self, DRAFTED_SECTIONS};
    let own: Vec<NarrativeSection> =
        DRAFTED_SECTIONS.iter().copied().filter(|s| NarrativePart::of_section(*s) == part).collect();
    if own.is_empty() {
        return;
    }
    // 0: closed, 1: this part's sections, 2: the whole 情况说明.
    let id = ui.make_persistent_id(("draft-preview", part));
    let mut open: u8 = ui.data(|d| d.get_temp(id)).unwrap_or(0);
    ui.horizontal(|ui| {
        if ui.button("生成/更新本部分说明").on_hover_text("按各表数字起草本部分，先预览，采用后才写入").clicked()
        {
            open = 1;
        }
        if ui.button("生成/更新全部说明").on_hover_text("按各表数字起草整个情况说明，先预览").clicked()
        {
            open = 2;
        }
    });
    if open > 0 {
        let wanted: Vec<NarrativeSection> = if open == 2 { DRAFTED_SECTIONS.to_vec() } else { own };
        let drafted: Vec<draft::DraftedSection> = draft::draft_all(&document.project, edition)
            .into_iter()
            .filter(|d| wanted.contains(&d.section))
            .filter(|d| d.section.text(&document.project.narrative) != Some(d.text.as_str()))
            .collect();
        ui.group(|ui| {
            ui.strong("起草预览：左为现有文字，右为按表起草的文字；【请填写…】处请采用后补写");
            if drafted.is_empty() {
                ui.label("按表起草的文字与现有文字相同，无需更新。");
            }
            egui::ScrollArea::vertical().id_salt(("draft-preview-scroll", part)).max_height(320.0).show(ui, |ui| {
                for d in &drafted {
                    ui.label(egui::RichText::new(d.section.heading()).strong());
                    // Both sides as printed: bound figures at their tables' values.
                    let project = &document.project;
                    let current = d.section.text(&project.narrative).unwrap_or_default();
                    let current = crate::narrative::bound::resolve(current, project);
                    let drafted_text = crate::narrative::bound::resolve(&d.text, project);
                    ui.columns(2, |columns| {
                        if let [left, right] = columns {
                            left.label(if current.trim().is_empty() { "（空）" } else { &current });
                            right.label(&*drafted_text);
                        }
                    });
                    ui.separator();
                }
            });
            ui.horizontal(|ui| {
                if !drafted.is_empty() && ui.button("采用起草文字").clicked() {
                    let mut narrative = document.project.narrative.clone();
                    draft::apply_to(&mut narrative, &drafted);
                    document.apply("生成说明", vec![Op::Narrative(Box::new(narrative))], None);
                    open = 0;
                }
                if ui.button("关闭预览").clicked() {
                    open = 0;
                }
            });
        });
    }
    ui.data_mut(|d| d.insert_temp(id, open));
}

fn single_text(
    ui: &mut egui::Ui,
    document: &mut Document,
    label: &str,
    field: fn(&mut Narrative) -> &mut String,
    shown: &ShownTexts,
) {
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| narrative_text(ui, document, label, field, 12, shown));
}

fn single_text_compact(
    ui: &mut egui::Ui,
    document: &mut Document,
    label: &str,
    field: fn(&mut Narrative) -> &mut String,
    shown: &ShownTexts,
) {
    narrative_text(ui, document, label, field, 3, shown);
}

/// One narrative text field of `rows` lines, its edits recorded as one undoable 编辑情况说明.
fn narrative_text(
    ui: &mut egui::Ui,
    document: &mut Document,
    label: &str,
    field: fn(&mut Narrative) -> &mut String,
    rows: usize,
    shown: &ShownTexts,
) {
    edit_part(
        ui,
        document,
        "编辑情况说明",
        |p| &mut p.narrative,
        |n| Op::Narrative(Box::new(n)),
        |ui, n| {
            narrative_field(ui, label, field(n), rows, shown);
        },
    );
}

/// An editable list of paragraphs with add, delete and move buttons.
fn string_list(ui: &mut egui::Ui, label: &str, items: &mut Vec<String>) {
    ui.strong(label);
    let mut action = None;
    let count = items.len();
    for (index, item) in items.iter_mut().enumerate() {
        ui.horizontal_top(|ui| {
            let number = ui.label(format!("{}.", index + 1));
            // The buttons first, from the right edge, so they stay in the window at any width;
            // the paragraph takes what is left and wraps (and grows) inside it.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                row_buttons(ui, index, count, &mut action);
                ui.add(egui::TextEdit::multiline(item).desired_rows(1).desired_width(ui.available_width()))
                    .labelled_by(number.id);
            });
        });
    }
    apply_list_action(items, action);
    if ui.button("添加一项").clicked() {
        items.push(String::new());
    }
}

/// The 删除/↓/↑ buttons of a list row, laid out right to left (删除 at the edge).
fn row_buttons(ui: &mut egui::Ui, index: usize, count: usize, action: &mut Option<(usize, i32)>) {
    if ui.small_button("删除").clicked() {
        *action = Some((index, 0));
    }
    if ui.add_enabled(index + 1 < count, egui::Button::new("↓").small()).on_hover_text("下移").clicked() {
        *action = Some((index, 1));
    }
    if ui.add_enabled(index > 0, egui::Button::new("↑").small()).on_hover_text("上移").clicked() {
        *action = Some((index, -1));
    }
}

/// The width a single-line field needs to show `texts` whole (body font, plus the field's margins).
fn field_width(ui: &egui::Ui, texts: impl IntoIterator<Item = impl Into<String>>, min: f32, max: f32) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let widest = texts
        .into_iter()
        .map(|t| ui.ctx().fonts_mut(|f| f.layout_no_wrap(t.into(), font.clone(), egui::Color32::WHITE).size().x))
        .fold(0.0, f32::max);
    (widest + 2.0 * ui.spacing().button_padding.x + 8.0).clamp(min, max)
}

/// (index, -1 up / 1 down / 0 delete)
fn apply_list_action<T>(items: &mut Vec<T>, action: Option<(usize, i32)>) {
    match action {
        Some((index, 0)) if index < items.len() => {
            items.remove(index);
        }
        Some((index, -1)) if index > 0 => items.swap(index, index - 1),
        Some((index, 1)) if index + 1 < items.len() => items.swap(index, index + 1),
        _ => {}
    }
}

/// 机构设置: one line per unit. 性质, 规格 and 经费形式 are as wide as their longest value (and
/// header), the name takes the rest of the line, the row buttons stay at the right edge.
fn sub_units(ui: &mut egui::Ui, units: &mut Vec<SubUnit>) {
    let mut action = None;
    let count = units.len();
    let short = |header: &str, value: fn(&SubUnit) -> &str| {
        field_width(ui, std::iter::once(header).chain(units.iter().map(value)), 60.0, 220.0)
    };
    let widths = [short("单位性质", |u| &u.nature), short("单位规格", |u| &u.rank), short("经费形式", |u| &u.funding)];
    let spacing = ui.spacing().item_spacing.x;
    let buttons = field_width(ui, ["删除↓↑"], 0.0, f32::INFINITY) + 3.0 * spacing + 16.0;
    let name_width =
        |ui: &egui::Ui| (ui.available_width() - widths.iter().sum::<f32>() - 4.0 * spacing - buttons).max(120.0);
    let headers = ui
        .horizontal(|ui| {
            let width = name_width(ui);
            [("单位名称", width), ("单位性质", widths[0]), ("单位规格", widths[1]), ("经费形式", widths[2])].map(
                |(header, width)| {
                    let label = egui::Label::new(egui::RichText::new(header).strong());
                    ui.add_sized([width, ui.spacing().interact_size.y], label).id
                },
            )
        })
        .inner;
    for (index, unit) in units.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let width = name_width(ui);
            ui.add(egui::TextEdit::singleline(&mut unit.name).desired_width(width)).labelled_by(headers[0]);
            ui.add(egui::TextEdit::singleline(&mut unit.nature).desired_width(widths[0])).labelled_by(headers[1]);
            ui.add(egui::TextEdit::singleline(&mut unit.rank).desired_width(widths[1])).labelled_by(headers[2]);
            ui.add(egui::TextEdit::singleline(&mut unit.funding).desired_width(widths[2])).labelled_by(headers[3]);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                row_buttons(ui, index, count, &mut action);
            });
        });
    }
    apply_list_action(units, action);
    if ui.button("添加单位").clicked() {
        units.push(SubUnit::default());
    }
}

fn goal_items(ui: &mut egui::Ui, items: &mut Vec<GoalItem>) {
    ui.strong("分项目标");
    let mut action = None;
    for (index, item) in items.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(format!("{}、", index + 1));
                ui.add(egui::TextEdit::singleline(&mut item.title).desired_width(ui.available_width() - 60.0));
                if ui.small_button("删除").clicked() {
                    action = Some((index, 0));
                }
            });
            ui.label("绩效目标");
            ui.add(egui::TextEdit::multiline(&mut item.goal).desired_rows(2).desired_width(f32::INFINITY));
            ui.label("绩效指标");
            ui.add(egui::TextEdit::multiline(&mut item.indicator).desired_rows(2).desired_width(f32::INFINITY));
        });
    }
    apply_list_action(items, action);
    if ui.button("添加分项目标").clicked() {
        items.push(GoalItem::default());
    }
}

/// 名词解释: the term and the row buttons on one line, the definition below it at the full width,
/// wrapped and as tall as its text.
fn glossary(ui: &mut egui::Ui, entries: &mut Vec<GlossaryEntry>) {
    let mut action = None;
    let count = entries.len();
    for (index, entry) in entries.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let number = ui.horizontal(|ui| {
                let number = ui.label(format!("{}、", index + 1));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    row_buttons(ui, index, count, &mut action);
                    ui.add(
                        egui::TextEdit::singleline(&mut entry.term)
                            .desired_width(ui.available_width())
                            .hint_text("名词"),
                    )
                    .labelled_by(number.id);
                });
                number
            });
            let number = number.inner;
            ui.add(
                egui::TextEdit::multiline(&mut entry.definition)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .hint_text("解释"),
            )
            .labelled_by(number.id);
        });
    }
    apply_list_action(entries, action);
    if ui.button("添加名词").clicked() {
        entries.push(GlossaryEntry::default());
    }
}
