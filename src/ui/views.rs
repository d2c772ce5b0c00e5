//! The editors of the central area and the side panel that are not one big grid: 基本信息,
//! narrative sections, lists (职责, 名词解释), the goal table panel, and the small dialogs (new
//! project, insert a code row, search).
//!
//! Text widgets edit the model directly; [`edit_part`] notices the change and records the part
//! as it was, so every field gets undo without its own command.

use std::collections::HashMap;

use eframe::egui;
use rust_decimal::Decimal;

use super::app::GridKey;
use super::document::Document;
use super::grid::{self, GridOutput};
use super::history::Op;
use super::sources::{AssetGrid, IndicatorGrid, IndicatorList, ProcurementGrid};
use crate::audit::Location;
use crate::catalog::{Catalog, Edition, NarrativePart, blank_project, dictionary::Dictionary};
use crate::model::amount::{format_wan, parse_input};
use crate::model::{
    AdminLevel, Entity, GlossaryEntry, GoalItem, Indicator, Meta, MoneyUnit, Narrative, ProcurementRow, Project,
    ProjectGoal, Row, SubUnit, TableId,
};

/// Runs `body` on one part of the project and records an undo step if it changed anything.
/// Consecutive changes in the same focused field merge into one step.
fn edit_part<T: Clone + PartialEq>(
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

fn narrative_of(project: &mut Project) -> &mut Narrative {
    &mut project.narrative
}

fn undo_narrative(narrative: Narrative) -> Op {
    Op::Narrative(Box::new(narrative))
}

/// A labelled text field; multi-line when `rows` > 1. The label names the field for screen
/// readers and UI tests.
fn text_field(ui: &mut egui::Ui, label: &str, text: &mut String, rows: usize) -> egui::Response {
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
fn amount_field(ui: &mut egui::Ui, label: &str, value: &mut Option<Decimal>) -> Option<String> {
    let id = ui.make_persistent_id(("amount", label));
    let mut text: String = ui.data_mut(|d| d.get_temp::<String>(id)).unwrap_or_else(|| format_wan(*value));
    let heading = ui.label(label);
    let response = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(110.0).align(egui::Align2::RIGHT_CENTER))
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

pub fn meta_form(ui: &mut egui::Ui, document: &mut Document) {
    ui.heading("基本信息");
    let edition_name = document.edition().map_or_else(|| document.project.meta.edition.clone(), |e| e.name.clone());
    edit_part(
        ui,
        document,
        "修改基本信息",
        |p| &mut p.meta,
        |m| Op::Meta(Box::new(m)),
        |ui, meta| {
            egui::Grid::new("meta").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                let code = ui.label("单位编码");
                ui.add(egui::TextEdit::singleline(&mut meta.unit_code).desired_width(120.0)).labelled_by(code.id);
                ui.end_row();
                let name = ui.label("单位名称");
                ui.add(egui::TextEdit::singleline(&mut meta.unit_name).desired_width(360.0)).labelled_by(name.id);
                ui.end_row();
                let year = ui.label("预算年度");
                ui.add(egui::DragValue::new(&mut meta.budget_year).range(2000..=2100)).labelled_by(year.id);
                ui.end_row();
                ui.label("模板版本");
                ui.label(&edition_name).on_hover_text("模板版本决定表格的行与列，新建项目时选定");
                ui.end_row();
                ui.label("金额单位");
                ui.label(MoneyUnit::Wan.label());
                ui.end_row();
                level_and_entity_rows(ui, "meta", &mut meta.level, &mut meta.entity);
            });
        },
    );
}

/// The 行政级别 and 公开主体 rows of a two-column form grid.
fn level_and_entity_rows(ui: &mut egui::Ui, salt: &str, level: &mut AdminLevel, entity: &mut Entity) {
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
    match part {
        NarrativePart::Duties => {
            egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
                edit_part(ui, document, "编辑情况说明", narrative_of, undo_narrative, |ui, n| {
                    text_field(ui, "开篇说明", &mut n.preamble, 3);
                    text_field(ui, "职责概述", &mut n.duties.intro, 3);
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
                    text_field(ui, "总体情况", &mut n.overview.intro, 3);
                    text_field(ui, "收入预算", &mut n.overview.income, 5);
                    text_field(ui, "支出预算", &mut n.overview.expense, 5);
                    text_field(ui, "增减变化情况", &mut n.overview.change, 3);
                });
            });
        }
        NarrativePart::OperatingCosts => single_text(ui, document, "机关运行经费", |n| &mut n.operating_costs),
        NarrativePart::ThreePublic => single_text(ui, document, "“三公”经费说明", |n| &mut n.three_public),
        NarrativePart::SpecialFunds => single_text(ui, document, "专项资金说明", |n| &mut n.special_funds),
        NarrativePart::OtherMatters => {
            single_text(ui, document, "其他需要说明的事项", |n| &mut n.other_matters)
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
            single_text_compact(ui, document, "政府采购说明", |n| &mut n.procurement);
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
            single_text_compact(ui, document, "国有资产说明", |n| &mut n.assets);
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

fn single_text(ui: &mut egui::Ui, document: &mut Document, label: &str, field: fn(&mut Narrative) -> &mut String) {
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        edit_part(
            ui,
            document,
            "编辑情况说明",
            |p| &mut p.narrative,
            |n| Op::Narrative(Box::new(n)),
            |ui, n| {
                text_field(ui, label, field(n), 12);
            },
        );
    });
}

fn single_text_compact(
    ui: &mut egui::Ui,
    document: &mut Document,
    label: &str,
    field: fn(&mut Narrative) -> &mut String,
) {
    edit_part(
        ui,
        document,
        "编辑情况说明",
        |p| &mut p.narrative,
        |n| Op::Narrative(Box::new(n)),
        |ui, n| {
            text_field(ui, label, field(n), 3);
        },
    );
}

/// An editable list of paragraphs with add, delete and move buttons.
fn string_list(ui: &mut egui::Ui, label: &str, items: &mut Vec<String>) {
    ui.strong(label);
    let mut action = None;
    for (index, item) in items.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{}.", index + 1));
            ui.add(egui::TextEdit::multiline(item).desired_rows(1).desired_width(ui.available_width() - 90.0));
            if ui.small_button("↑").on_hover_text("上移").clicked() && index > 0 {
                action = Some((index, -1));
            }
            if ui.small_button("↓").on_hover_text("下移").clicked() {
                action = Some((index, 1));
            }
            if ui.small_button("删除").clicked() {
                action = Some((index, 0));
            }
        });
    }
    apply_list_action(items, action);
    if ui.button("添加一项").clicked() {
        items.push(String::new());
    }
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

fn sub_units(ui: &mut egui::Ui, units: &mut Vec<SubUnit>) {
    let mut action = None;
    egui::Grid::new("sub-units").striped(true).num_columns(5).show(ui, |ui| {
        for header in ["单位名称", "单位性质", "单位规格", "经费形式", ""] {
            ui.strong(header);
        }
        ui.end_row();
        for (index, unit) in units.iter_mut().enumerate() {
            ui.add(egui::TextEdit::singleline(&mut unit.name).desired_width(220.0));
            ui.add(egui::TextEdit::singleline(&mut unit.nature).desired_width(100.0));
            ui.add(egui::TextEdit::singleline(&mut unit.rank).desired_width(80.0));
            ui.add(egui::TextEdit::singleline(&mut unit.funding).desired_width(100.0));
            if ui.small_button("删除").clicked() {
                action = Some((index, 0));
            }
            ui.end_row();
        }
    });
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

fn glossary(ui: &mut egui::Ui, entries: &mut Vec<GlossaryEntry>) {
    let mut action = None;
    for (index, entry) in entries.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{}、", index + 1));
            ui.add(egui::TextEdit::singleline(&mut entry.term).desired_width(160.0).hint_text("名词"));
            ui.add(
                egui::TextEdit::multiline(&mut entry.definition)
                    .desired_rows(2)
                    .desired_width(ui.available_width() - 90.0)
                    .hint_text("解释"),
            );
            if ui.small_button("↑").clicked() && index > 0 {
                action = Some((index, -1));
            }
            if ui.small_button("↓").clicked() {
                action = Some((index, 1));
            }
            if ui.small_button("删除").clicked() {
                action = Some((index, 0));
            }
        });
    }
    apply_list_action(entries, action);
    if ui.button("添加名词").clicked() {
        entries.push(GlossaryEntry::default());
    }
}

fn goal_list(ui: &mut egui::Ui, document: &mut Document, open_goal: &mut Option<usize>) {
    ui.label("单击项目打开右侧的绩效目标表。");
    let mut remove = None;
    egui::ScrollArea::vertical().auto_shrink(false).max_height(ui.available_height() - 40.0).show(ui, |ui| {
        egui::Grid::new("goal-list").striped(true).num_columns(5).show(ui, |ui| {
            for header in ["序号", "项目名称", "预算数（万元）", "指标数", "问题"] {
                ui.strong(header);
            }
            ui.end_row();
            for (index, goal) in document.project.goals.iter().enumerate() {
                ui.label((index + 1).to_string());
                let name = if goal.name.is_empty() { "（未命名项目）" } else { goal.name.as_str() };
                if ui.selectable_label(*open_goal == Some(index), name).clicked() {
                    *open_goal = Some(index);
                }
                ui.label(format_wan(goal.budget));
                ui.label(goal.indicators.len().to_string());
                let problems = document
                    .findings
                    .iter()
                    .filter(|f| matches!(f.location, Location::Goal { goal, .. } if goal == index))
                    .count();
                ui.label(if problems > 0 { problems.to_string() } else { String::new() });
                ui.end_row();
            }
        });
    });
    ui.horizontal(|ui| {
        if ui.button("添加项目").clicked() {
            let index = document.project.goals.len();
            let goal = ProjectGoal { name: "新项目".into(), ..Default::default() };
            document.apply("添加项目", vec![Op::InsertGoal { index, goal: Box::new(goal) }], None);
            *open_goal = Some(index);
        }
        if let Some(index) = *open_goal
            && ui.button("删除打开的项目").clicked()
        {
            remove = Some(index);
        }
    });
    if let Some(index) = remove {
        document.apply("删除项目", vec![Op::RemoveGoal { index }], None);
        *open_goal = None;
    }
}

/// The 绩效目标表 of one project in the side panel: header block, goal text, indicators.
pub fn goal_panel(
    ui: &mut egui::Ui,
    document: &mut Document,
    index: usize,
    grids: &mut HashMap<GridKey, grid::GridState>,
    open: &mut bool,
) -> GridOutput {
    let Some(edition) = document.edition() else { return GridOutput::default() };
    let header_block = edition.goals.header_block;
    ui.horizontal(|ui| {
        ui.heading(format!("项目绩效目标表（{}）", index + 1));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("关闭").clicked() {
                *open = false;
            }
        });
    });
    let mut refusals = Vec::new();
    egui::ScrollArea::vertical().id_salt("goal-header").max_height(ui.available_height() * 0.45).show(ui, |ui| {
        edit_part(
            ui,
            document,
            "编辑绩效目标表",
            move |p: &mut Project| &mut p.goals[index],
            |goal| Op::Goal { index, goal: Box::new(goal) },
            |ui, goal| {
                text_field(ui, "项目名称", &mut goal.name, 1);
                if header_block {
                    text_field(ui, "项目编码", &mut goal.code, 1);
                    ui.horizontal(|ui| {
                        refusals.extend(amount_field(ui, "预算数", &mut goal.budget));
                        refusals.extend(amount_field(ui, "财政资金", &mut goal.fiscal_funds));
                        refusals.extend(amount_field(ui, "其他资金", &mut goal.other_funds));
                    });
                    text_field(ui, "资金用途", &mut goal.purpose, 2);
                    ui.label("预算执行计划（万元）");
                    ui.horizontal(|ui| {
                        refusals.extend(amount_field(ui, "3月", &mut goal.plan.march));
                        refusals.extend(amount_field(ui, "6月", &mut goal.plan.june));
                    });
                    ui.horizontal(|ui| {
                        refusals.extend(amount_field(ui, "10月", &mut goal.plan.october));
                        refusals.extend(amount_field(ui, "12月", &mut goal.plan.december));
                    });
                } else {
                    ui.horizontal(|ui| refusals.extend(amount_field(ui, "预算数", &mut goal.budget)));
                }
                text_field(ui, "绩效目标", &mut goal.goal, 4);
            },
        );
    });
    ui.separator();
    let source = IndicatorGrid::new(IndicatorList::Goal(index));
    let mut output = indicator_editor(ui, document, edition, &source, grids);
    output.messages.extend(refusals);
    output
}

/// Indicator grid with add/delete/reorder and the 一级/二级 pickers for the selected row.
fn indicator_editor(
    ui: &mut egui::Ui,
    document: &mut Document,
    edition: &Edition,
    source: &IndicatorGrid,
    grids: &mut HashMap<GridKey, grid::GridState>,
) -> GridOutput {
    let key = GridKey::Indicators(source.list);
    let state = grids.entry(key).or_default();
    let indicators = source.indicators(document).to_vec();
    let selected = state.cursor.0;
    let mut replacement: Option<(Vec<Indicator>, &str, Option<usize>)> = None;
    ui.horizontal(|ui| {
        if ui.button("添加指标").clicked() {
            let mut list = indicators.clone();
            let template = list.get(selected).map(|i| Indicator {
                level1: i.level1.clone(),
                level2: i.level2.clone(),
                ..Default::default()
            });
            let at = if list.is_empty() { 0 } else { (selected + 1).min(list.len()) };
            list.insert(at, template.unwrap_or_default());
            replacement = Some((list, "添加指标", Some(at)));
        }
        let has_selection = selected < indicators.len();
        if ui.add_enabled(has_selection, egui::Button::new("删除指标")).clicked() {
            let mut list = indicators.clone();
            list.remove(selected);
            replacement = Some((list, "删除指标", Some(selected.saturating_sub(1))));
        }
        if ui.add_enabled(has_selection && selected > 0, egui::Button::new("上移")).clicked() {
            let mut list = indicators.clone();
            list.swap(selected, selected - 1);
            replacement = Some((list, "上移指标", Some(selected - 1)));
        }
        if ui.add_enabled(selected + 1 < indicators.len(), egui::Button::new("下移")).clicked() {
            let mut list = indicators.clone();
            list.swap(selected, selected + 1);
            replacement = Some((list, "下移指标", Some(selected + 1)));
        }
        if let Some(current) = indicators.get(selected) {
            ui.separator();
            let mut level1 = current.level1.clone();
            let mut level2 = current.level2.clone();
            egui::ComboBox::new(("level1", source.list == IndicatorList::Department), "一级")
                .selected_text(if level1.is_empty() { "一级指标" } else { level1.as_str() })
                .show_ui(ui, |ui| {
                    for level in &edition.goals.levels {
                        ui.selectable_value(&mut level1, level.name.clone(), &level.name);
                    }
                });
            let children: Vec<String> =
                edition.goals.levels.iter().find(|l| l.name == level1).map(|l| l.children.clone()).unwrap_or_default();
            egui::ComboBox::new(("level2", source.list == IndicatorList::Department), "二级")
                .selected_text(if level2.is_empty() { "二级指标" } else { level2.as_str() })
                .show_ui(ui, |ui| {
                    for child in &children {
                        ui.selectable_value(&mut level2, child.clone(), child);
                    }
                });
            if level1 != current.level1 && !children.contains(&level2) {
                level2 = children.first().cloned().unwrap_or_default();
            }
            if level1 != current.level1 || level2 != current.level2 {
                let mut list = indicators.clone();
                list[selected].level1 = level1;
                list[selected].level2 = level2;
                replacement = Some((list, "修改指标层级", None));
            }
        }
    });
    if let Some((list, label, select)) = replacement
        && let Some(op) = source.replace(document, list)
    {
        document.apply(label, vec![op], None);
        if let Some(row) = select {
            grids.entry(key).or_default().select((row, 2));
        }
    }
    let state = grids.entry(key).or_default();
    if source.indicators(document).is_empty() {
        ui.label("尚无绩效指标，请点击“添加指标”。");
        return GridOutput::default();
    }
    grid::show(ui, ("indicators", format!("{:?}", source.list)), source, document, state, false)
}

/// What a dialog form returns each frame.
pub enum FormResult<T> {
    Open,
    Cancel,
    Done(Box<T>),
}

#[derive(Debug, Clone)]
pub struct NewProjectForm {
    edition: String,
    year: u16,
    unit_code: String,
    unit_name: String,
    level: AdminLevel,
    entity: Entity,
    error: Option<String>,
}

impl Default for NewProjectForm {
    fn default() -> Self {
        let catalog = Catalog::get();
        let edition = catalog.editions.last().map(|e| e.id.clone()).unwrap_or_default();
        NewProjectForm {
            year: catalog.editions.last().map_or(2024, |e| e.first_year),
            edition,
            unit_code: String::new(),
            unit_name: String::new(),
            level: AdminLevel::County,
            entity: Entity::Department,
            error: None,
        }
    }
}

pub fn new_project_form(ui: &mut egui::Ui, form: &mut NewProjectForm) -> FormResult<Project> {
    ui.heading("新建项目");
    egui::Grid::new("new-project").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
        let combo_label = ui.label("模板版本");
        let catalog = Catalog::get();
        let current = catalog.edition(&form.edition).map_or(form.edition.clone(), |e| e.name.clone());
        egui::ComboBox::from_id_salt("new-edition")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for edition in &catalog.editions {
                    ui.selectable_value(&mut form.edition, edition.id.clone(), &edition.name);
                }
            })
            .response
            .labelled_by(combo_label.id);
        ui.end_row();
        let year = ui.label("预算年度");
        ui.add(egui::DragValue::new(&mut form.year).range(2000..=2100)).labelled_by(year.id);
        ui.end_row();
        let code = ui.label("单位编码");
        ui.add(egui::TextEdit::singleline(&mut form.unit_code)).labelled_by(code.id);
        ui.end_row();
        let name = ui.label("单位名称");
        ui.add(egui::TextEdit::singleline(&mut form.unit_name)).labelled_by(name.id);
        ui.end_row();
        level_and_entity_rows(ui, "new-project", &mut form.level, &mut form.entity);
    });
    if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    let mut result = FormResult::Open;
    ui.horizontal(|ui| {
        if ui.button("创建").clicked() {
            let Some(edition) = Catalog::get().edition(&form.edition) else { return };
            if form.unit_name.trim().is_empty() {
                form.error = Some("请填写单位名称".into());
                return;
            }
            let meta = Meta {
                unit_code: form.unit_code.trim().into(),
                unit_name: form.unit_name.trim().into(),
                budget_year: form.year,
                edition: edition.id.clone(),
                money_unit: MoneyUnit::Wan,
                level: form.level,
                entity: form.entity,
            };
            result = FormResult::Done(Box::new(blank_project(edition, meta)));
        }
        if ui.button("取消").clicked() {
            result = FormResult::Cancel;
        }
    });
    result
}

/// Insert a classification row: code with autocomplete from the dictionary; missing 款/类
/// rows above it are inserted too, everything in code order.
#[derive(Debug, Clone)]
pub struct InsertRowForm {
    pub table: TableId,
    pub code: String,
    pub name: String,
    error: Option<String>,
    /// Set when done: the model row of the new row, for selecting it.
    pub inserted: Option<(usize, TableId)>,
}

impl InsertRowForm {
    pub fn new(table: TableId) -> InsertRowForm {
        InsertRowForm { table, code: String::new(), name: String::new(), error: None, inserted: None }
    }
}

pub fn insert_row_form(ui: &mut egui::Ui, form: &mut InsertRowForm, document: &mut Document) -> FormResult<String> {
    let Some(edition) = document.edition() else { return FormResult::Cancel };
    let Some(classification) = edition.classification(form.table) else { return FormResult::Cancel };
    let dictionary = Catalog::get().dictionary(classification);
    let year = document.project.meta.budget_year;
    ui.heading(format!("插入科目行：{}", form.table.short_name()));
    let code_label = ui.label(format!("{}（输入编码，自动带出名称）", classification.header()));
    let response = ui.add(egui::TextEdit::singleline(&mut form.code).desired_width(200.0)).labelled_by(code_label.id);
    if response.changed() {
        form.code = form.code.trim().to_string();
        if let Some(name) = dictionary.name(&form.code, year) {
            form.name = name.to_string();
        }
    }
    let name_label = ui.label("科目名称");
    ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(300.0)).labelled_by(name_label.id);
    if !form.code.is_empty() && dictionary.name(&form.code, year).is_none() {
        let matches: Vec<(String, String)> = dictionary
            .entries()
            .iter()
            .filter(|e| e.code.starts_with(&form.code) && e.covers(year))
            .take(12)
            .map(|e| (e.code.clone(), e.name.clone()))
            .collect();
        for (code, name) in matches {
            if ui.selectable_label(false, format!("{code}  {name}")).clicked() {
                form.code = code;
                form.name = name;
            }
        }
    }
    if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    let mut result = FormResult::Open;
    ui.horizontal(|ui| {
        if ui.button("插入").clicked() {
            match insert_code_rows(document, form.table, &form.code, &form.name, dictionary, year) {
                Ok((row, message)) => {
                    form.inserted = Some((row, form.table));
                    result = FormResult::Done(Box::new(message));
                }
                Err(error) => form.error = Some(error),
            }
        }
        if ui.button("取消").clicked() {
            result = FormResult::Cancel;
        }
    });
    result
}

/// Inserts a code row and any missing parents in code order. Returns the new row's position.
pub fn insert_code_rows(
    document: &mut Document,
    table: TableId,
    code: &str,
    name: &str,
    dictionary: &Dictionary,
    year: u16,
) -> Result<(usize, String), String> {
    let code = code.trim();
    let valid_length = matches!(code.len(), 3 | 5 | 7);
    if !valid_length || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("“{code}”不是有效的科目编码：应为 3、5 或 7 位数字"));
    }
    let mut ids: Vec<String> = document.project.tables.get(table).rows.iter().map(|r| r.id.clone()).collect();
    if ids.iter().any(|id| id == code) {
        return Err(format!("科目 {code} 已在表中"));
    }
    let mut chain = vec![(code.to_string(), name.trim().to_string())];
    let mut current = code;
    while let Some(parent) = Dictionary::parent_code(current) {
        if !ids.iter().any(|id| id == parent) {
            let Some(parent_name) = dictionary.name(parent, year) else {
                return Err(format!("上级科目 {parent} 不在科目表中，请先插入上级科目"));
            };
            chain.push((parent.to_string(), parent_name.to_string()));
        }
        current = parent;
    }
    if chain[0].1.is_empty() {
        return Err("请填写科目名称".into());
    }
    chain.reverse();
    let mut ops = Vec::new();
    let mut position = 0;
    for (id, row_name) in chain {
        // Codes sort hierarchically as strings (201 < 20101 < 2010101 < 20102); fixed rows such
        // as 合计 stay in front.
        let index = ids
            .iter()
            .position(|existing| {
                crate::model::table::is_classification_code(existing) && existing.as_str() > id.as_str()
            })
            .unwrap_or(ids.len());
        ids.insert(index, id.clone());
        ops.push(Op::InsertRow { table, index, row: Row::new(id, row_name) });
        position = index;
    }
    let count = ops.len();
    document.apply("插入科目行", ops, None);
    Ok((
        position,
        if count > 1 {
            format!("已插入 {code} 及其上级科目（共 {count} 行）")
        } else {
            format!("已插入 {code}")
        },
    ))
}

/// Find (Ctrl+F): row codes and names, amounts, and narrative text.
#[derive(Debug, Default)]
pub struct SearchState {
    pub open: bool,
    query: String,
    results: Vec<(String, Location)>,
    searched: String,
}

pub fn search_window(ctx: &egui::Context, state: &mut SearchState, document: &Document) -> Option<Location> {
    if !state.open {
        return None;
    }
    let mut jump = None;
    let mut open = state.open;
    egui::Window::new("查找").open(&mut open).default_width(420.0).show(ctx, |ui| {
        let label = ui.label("查找内容（编码、名称、金额或文字）");
        ui.add(egui::TextEdit::singleline(&mut state.query).desired_width(f32::INFINITY)).labelled_by(label.id);
        if state.query != state.searched {
            state.searched = state.query.clone();
            state.results = search(document, state.query.trim());
        }
        ui.label(format!("找到 {} 处", state.results.len()));
        egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
            for (text, location) in &state.results {
                if ui.selectable_label(false, text).clicked() {
                    jump = Some(location.clone());
                }
            }
        });
    });
    state.open = open;
    jump
}

/// Up to 200 places where `query` occurs.
pub fn search(document: &Document, query: &str) -> Vec<(String, Location)> {
    let mut results = Vec::new();
    if query.is_empty() {
        return results;
    }
    for (id, table) in document.project.tables.iter() {
        for row in &table.rows {
            if row.id.contains(query) || row.name.contains(query) {
                results.push((
                    format!("{} · {} {}", id.short_name(), row.id, row.name),
                    Location::Table { table: id, row: Some(row.id.clone()), column: None },
                ));
            }
            for (column, value) in row.cells.iter() {
                if format_wan(Some(value)).contains(query) {
                    results.push((
                        format!("{} · {} · {}", id.short_name(), row.name, format_wan(Some(value))),
                        Location::Table { table: id, row: Some(row.id.clone()), column: Some(column.to_string()) },
                    ));
                }
            }
        }
    }
    for (section, text) in crate::audit::narrative_texts(&document.project) {
        if let Some(at) = text.find(query) {
            let start = text[..at].char_indices().rev().nth(12).map_or(0, |(i, _)| i);
            let excerpt: String = text[start..].chars().take(40).collect();
            results.push((format!("情况说明 · …{excerpt}…"), Location::Narrative { section }));
        }
    }
    results.truncate(200);
    results
}

/// The import preview: what the workbook contained (the import report) and, with a project
/// open, what importing each part would change; the user picks a new project or the parts.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub path: std::path::PathBuf,
    pub project: Project,
    pub report: crate::xlsx::ImportReport,
    /// Per part, when a project is open.
    pub changes: Option<Vec<crate::xlsx::PartChange>>,
    /// The parts ticked for merging (changed parts are ticked to start with).
    pub chosen: Vec<bool>,
}

impl ImportPreview {
    pub fn new(
        path: std::path::PathBuf,
        project: Project,
        report: crate::xlsx::ImportReport,
        changes: Option<Vec<crate::xlsx::PartChange>>,
    ) -> ImportPreview {
        let chosen = changes.as_ref().map_or_else(Vec::new, |c| c.iter().map(|p| !p.is_unchanged()).collect());
        ImportPreview { path, project, report, changes, chosen }
    }

    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(|| self.path.display().to_string(), |n| n.to_string_lossy().into())
    }
}

pub enum ImportChoice {
    Open,
    Cancel,
    AsNewProject,
    Merge(Vec<crate::xlsx::ImportPart>),
}

pub fn import_preview(ui: &mut egui::Ui, preview: &mut ImportPreview) -> ImportChoice {
    ui.heading(format!("导入 Excel：{}", preview.file_name()));
    ui.label(format!(
        "识别结果：{} {}年，模板 {}",
        preview.project.meta.unit_line(),
        preview.project.meta.budget_year,
        preview.project.meta.edition
    ));
    egui::ScrollArea::vertical().id_salt("import-report").max_height(220.0).show(ui, |ui| {
        for line in &preview.report.lines {
            let color = match line.kind {
                crate::xlsx::LineKind::Imported => ui.visuals().text_color(),
                crate::xlsx::LineKind::Adjusted => grid::severity_color(crate::audit::Severity::Warning),
                crate::xlsx::LineKind::Skipped => grid::severity_color(crate::audit::Severity::Error),
            };
            ui.colored_label(color, line.to_string());
        }
    });
    let mut choice = ImportChoice::Open;
    if let Some(changes) = &preview.changes {
        ui.separator();
        ui.strong("导入到当前项目：勾选要替换的部分（情况说明不会改动，导入后可撤销）");
        egui::ScrollArea::vertical().id_salt("import-parts").max_height(220.0).show(ui, |ui| {
            for (change, chosen) in changes.iter().zip(preview.chosen.iter_mut()) {
                ui.add_enabled(!change.is_unchanged(), egui::Checkbox::new(chosen, &change.summary));
            }
        });
        let parts: Vec<crate::xlsx::ImportPart> =
            changes.iter().zip(&preview.chosen).filter(|(_, chosen)| **chosen).map(|(c, _)| c.part).collect();
        ui.horizontal(|ui| {
            if ui.add_enabled(!parts.is_empty(), egui::Button::new("导入所选部分")).clicked() {
                choice = ImportChoice::Merge(parts.clone());
            }
            if ui.button("作为新项目打开").clicked() {
                choice = ImportChoice::AsNewProject;
            }
            if ui.button("取消").clicked() {
                choice = ImportChoice::Cancel;
            }
        });
    } else {
        ui.horizontal(|ui| {
            if ui.button("作为新项目打开").clicked() {
                choice = ImportChoice::AsNewProject;
            }
            if ui.button("取消").clicked() {
                choice = ImportChoice::Cancel;
            }
        });
    }
    choice
}
