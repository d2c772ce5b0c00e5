//! Project goals: the 项目绩效目标 list, the goal side panel's contents (header block, 2024
//! plan, goal text) and the indicator grid editor with its 一级/二级 pickers.

use std::collections::HashMap;

use eframe::egui;

use super::fields::{amount_field, edit_part, text_field};
use crate::audit::Location;
use crate::catalog::Edition;
use crate::editing::document::Document;
use crate::editing::history::Op;
use crate::model::amount::format_wan;
use crate::model::{Indicator, Project, ProjectGoal};
use crate::ui::grid::{self, GridOutput};
use crate::ui::sources::{IndicatorGrid, IndicatorList};
use crate::ui::view_keys::GridKey;

pub(super) fn goal_list(ui: &mut egui::Ui, document: &mut Document, open_goal: &mut Option<usize>) {
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
pub(super) fn indicator_editor(
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
    });
    // The 一级/二级 pickers on their own line (a narrow side panel has no room beside the
    // buttons), each after its label as in the forms.
    ui.horizontal(|ui| {
        if let Some(current) = indicators.get(selected) {
            let mut level1 = current.level1.clone();
            let mut level2 = current.level2.clone();
            let label = ui.label("一级");
            egui::ComboBox::from_id_salt(("level1", source.list == IndicatorList::Department))
                .selected_text(if level1.is_empty() { "一级指标" } else { level1.as_str() })
                .show_ui(ui, |ui| {
                    for level in &edition.goals.levels {
                        ui.selectable_value(&mut level1, level.name.clone(), &level.name);
                    }
                })
                .response
                .labelled_by(label.id);
            let children: Vec<String> =
                edition.goals.levels.iter().find(|l| l.name == level1).map(|l| l.children.clone()).unwrap_or_default();
            let label = ui.label("二级");
            egui::ComboBox::from_id_salt(("level2", source.list == IndicatorList::Department))
                .selected_text(if level2.is_empty() { "二级指标" } else { level2.as_str() })
                .show_ui(ui, |ui| {
                    for child in &children {
                        ui.selectable_value(&mut level2, child.clone(), child);
                    }
                })
                .response
                .labelled_by(label.id);
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
