//! Goal tables: the department-wide 绩效目标 with its indicators and each project's
//! 绩效目标表 (header block, then indicators with 一级/二级 merged as published).

use super::tables::table_spec;
use super::{BODY_FONT, Builder, amount_text, numbered};
use crate::layout::{Cell, Face, TableSpec, TextStyle};
use yugong_core::model::{Indicator, ProjectGoal};

impl Builder<'_, '_> {
    pub(super) fn department_goals(&mut self, depth: usize) {
        let goals = &self.project.narrative.department_goals;
        self.heading(&numbered(depth + 1, 1, "总体绩效目标"), depth + 1, None);
        self.text_or_none(&goals.overall);
        self.heading(&numbered(depth + 1, 2, "分项绩效目标"), depth + 1, None);
        self.text(&goals.items_intro);
        if goals.items.is_empty() {
            self.text("无。");
        }
        let label_style = TextStyle { face: Face::SansBold, ..TextStyle::body(BODY_FONT) };
        for (n, item) in goals.items.iter().enumerate() {
            self.flow.paragraph_keeping(&format!("{}、{}", n + 1, item.title), &label_style, BODY_FONT * 1.6);
            if !item.goal.is_empty() {
                self.text(&format!("绩效目标：{}", item.goal));
            }
            if !item.indicator.is_empty() {
                self.text(&format!("绩效指标：{}", item.indicator));
            }
        }
        self.heading(&numbered(depth + 1, 3, "工作保障措施"), depth + 1, None);
        self.text_or_none(&goals.safeguards);
        if !goals.indicators.is_empty() {
            self.heading(&numbered(depth + 1, 4, "整体支出绩效指标"), depth + 1, None);
            let spec = indicator_table(&goals.indicators, true);
            self.flow.table(&spec);
            self.flow.space(6.0);
        }
    }

    pub(super) fn project_goals(&mut self, outline_level: u8) {
        let goals = &self.project.goals;
        if goals.is_empty() {
            self.text("无。");
            return;
        }
        for (n, goal) in goals.iter().enumerate() {
            let caption = format!("{}、{}绩效目标表", n + 1, goal.name);
            // Each goal table starts on a new page when less than a third of the page is left;
            // not the first, which follows its section heading (the caption keeps with the table).
            let geometry = self.flow.geometry();
            let lower_third = geometry.margin_top + (geometry.content_bottom() - geometry.margin_top) * 0.66;
            if n > 0 && self.flow.cursor() > lower_third {
                self.flow.new_page(geometry);
            }
            self.table_caption(&caption);
            self.flow.bookmark(&caption, outline_level);
            if self.edition.goals.header_block {
                self.three_part_line("", "", &format!("单位：{}", self.project.meta.money_unit.label()), 9.0);
            }
            self.flow.table(&goal_header_table(goal, self.edition.goals.header_block));
            if !goal.indicators.is_empty() {
                self.flow.table(&indicator_table(&goal.indicators, false));
            }
            self.flow.space(10.0);
        }
    }
}

/// The block above a project's indicators: 绩效目标 (2022), or with the 2024 header fields.
fn goal_header_table(goal: &ProjectGoal, header_block: bool) -> TableSpec {
    if !header_block {
        let body = vec![vec![Cell::center("绩效目标"), Cell::left(&goal.goal)]];
        return table_spec(vec![1.0, 5.0], Vec::new(), body);
    }
    let plan = goal.plan.quarters();
    let body = vec![
        vec![Cell::center("项目编码"), Cell::left(&goal.code).span(6, 1)],
        vec![Cell::center("项目名称"), Cell::left(&goal.name).span(6, 1)],
        vec![
            Cell::center("预算规模及资金用途").span(1, 2),
            Cell::center("预算数"),
            Cell::right(amount_text(goal.budget)),
            Cell::center("其中：财政资金"),
            Cell::right(amount_text(goal.fiscal_funds)),
            Cell::center("其他资金"),
            Cell::right(amount_text(goal.other_funds)),
        ],
        vec![Cell::center("资金用途"), Cell::left(&goal.purpose).span(5, 1)],
        vec![
            Cell::center("资金支出计划（%）").span(1, 2),
            Cell::center("3月底"),
            Cell::center("6月底"),
            Cell::center("10月底").span(2, 1),
            Cell::center("12月底").span(2, 1),
        ],
        vec![
            Cell::right(amount_text(plan[0])),
            Cell::right(amount_text(plan[1])),
            Cell::right(amount_text(plan[2])).span(2, 1),
            Cell::right(amount_text(plan[3])).span(2, 1),
        ],
        vec![Cell::center("绩效目标"), Cell::left(&goal.goal).span(6, 1)],
    ];
    table_spec(vec![1.4, 1.0, 1.0, 1.2, 1.0, 1.0, 1.0], Vec::new(), body)
}

/// Indicator rows with 一级 and 二级 merged over equal neighbours, as published.
fn indicator_table(indicators: &[Indicator], with_scoring: bool) -> TableSpec {
    let mut header = vec![
        Cell::center("一级指标"),
        Cell::center("二级指标"),
        Cell::center("三级指标"),
        Cell::center("绩效指标描述"),
        Cell::center("指标值"),
    ];
    let mut weights = vec![0.9, 1.0, 1.4, 1.9, 1.0];
    if with_scoring {
        header.push(Cell::center("评（扣）分标准"));
        weights.push(1.5);
    }
    header.push(Cell::center("指标值确定依据"));
    weights.push(1.2);
    let run_length = |from: usize, same: &dyn Fn(&Indicator, &Indicator) -> bool| {
        indicators[from..].iter().take_while(|other| same(&indicators[from], other)).count()
    };
    let mut body = Vec::with_capacity(indicators.len());
    let mut level1_until = 0;
    let mut level2_until = 0;
    for (index, indicator) in indicators.iter().enumerate() {
        let mut cells = Vec::new();
        if index >= level1_until {
            let span = run_length(index, &|a, b| a.level1 == b.level1);
            level1_until = index + span;
            cells.push(Cell::center(&indicator.level1).span(1, span));
        }
        if index >= level2_until {
            let span =
                run_length(index, &|a, b| a.level1 == b.level1 && a.level2 == b.level2).min(level1_until - index);
            level2_until = index + span;
            cells.push(Cell::center(&indicator.level2).span(1, span));
        }
        cells.push(Cell::left(&indicator.name));
        cells.push(Cell::left(&indicator.description));
        cells.push(Cell::center(indicator.value.to_string()));
        if with_scoring {
            cells.push(Cell::left(&indicator.scoring));
        }
        cells.push(Cell::left(&indicator.basis));
        body.push(cells);
    }
    table_spec(weights, vec![header], body)
}
