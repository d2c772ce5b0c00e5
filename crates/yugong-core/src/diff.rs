//! 修改对比: what changed between two versions of a project (the version sent back and the one
//! resubmitted, a file and its `.bak`).
//!
//! Every changed cell, row, goal and text is one [`Change`] with the place it is at (an
//! [`Anchor`], the same places findings and comments use, in the *new* version), the old and the
//! new value as printed, and for texts a character diff. Amounts are compared as written, so
//! "20.00" → "20" is a change even though the amount is equal: the printed document changes.
//! The review block (comments, acceptances, status) is not part of the disclosure and is not
//! compared.

use serde::Serialize;

use crate::model::{Anchor, AssetTable};
use crate::model::{
    AssetLine, Cells, Indicator, Meta, Narrative, ProcurementRow, ProcurementTable, Project, ProjectGoal, Table,
    TableId,
};

/// One difference between the versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Where, in the new version (in the old one for what was removed).
    pub place: Anchor,
    pub kind: ChangeKind,
    /// What changed, in Chinese (“一般公共预算支出表 2010301 行政运行 合计”).
    pub what: String,
    /// The old value as printed; `None` for something added.
    pub old: Option<String>,
    /// The new value as printed; `None` for something removed.
    pub new: Option<String>,
    /// For texts: the character diff from old to new.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub text: Vec<TextPiece>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Changed,
    Added,
    Removed,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Changed => "修改",
            ChangeKind::Added => "新增",
            ChangeKind::Removed => "删除",
        }
    }
}

/// A run of a text diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextPiece {
    pub kind: PieceKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PieceKind {
    Same,
    Added,
    Removed,
}

/// Every difference from `old` to `new`, in disclosure order: 基本信息, the nine tables, the
/// narrative, goals, procurement, assets.
pub fn compare(old: &Project, new: &Project) -> Vec<Change> {
    let mut out = Changes { list: Vec::new() };
    out.meta(&old.meta, &new.meta);
    for id in TableId::ALL {
        out.table(id, old.tables.get(id), new.tables.get(id), new);
    }
    out.narrative(&old.narrative, &new.narrative);
    out.goals(&old.goals, &new.goals);
    out.procurement(&old.procurement, &new.procurement);
    out.assets(&old.assets, &new.assets);
    out.list
}

/// Counts by kind, for one summary line.
pub fn summary(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "两个版本内容相同".into();
    }
    let count = |kind| changes.iter().filter(|c| c.kind == kind).count();
    format!(
        "共 {} 处不同：修改 {}，新增 {}，删除 {}",
        changes.len(),
        count(ChangeKind::Changed),
        count(ChangeKind::Added),
        count(ChangeKind::Removed)
    )
}

struct Changes {
    list: Vec<Change>,
}

impl Changes {
    fn push(&mut self, place: Anchor, what: String, old: Option<String>, new: Option<String>) {
        let kind = match (&old, &new) {
            (None, Some(_)) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        };
        self.list.push(Change { place, kind, what, old, new, text: Vec::new() });
    }

    /// A value that may be blank on either side: blank ↔ value is a change, not an addition.
    fn value(&mut self, place: Anchor, what: String, old: &str, new: &str) {
        if old != new {
            self.list.push(Change {
                place,
                kind: ChangeKind::Changed,
                what,
                old: Some(old.to_string()),
                new: Some(new.to_string()),
                text: Vec::new(),
            });
        }
    }

    /// A text: changed with its character diff.
    fn text(&mut self, place: Anchor, what: String, old: &str, new: &str) {
        if old != new {
            self.list.push(Change {
                place,
                kind: ChangeKind::Changed,
                what,
                old: Some(old.to_string()),
                new: Some(new.to_string()),
                text: text_diff(old, new),
            });
        }
    }

    fn meta(&mut self, old: &Meta, new: &Meta) {
        let field = |name: &str| Anchor::Meta { field: name.to_string() };
        self.value(field("unit_code"), "基本信息 单位编码".into(), &old.unit_code, &new.unit_code);
        self.value(field("unit_name"), "基本信息 单位名称".into(), &old.unit_name, &new.unit_name);
        self.value(
            field("budget_year"),
            "基本信息 预算年度".into(),
            &old.budget_year.to_string(),
            &new.budget_year.to_string(),
        );
        self.value(field("edition"), "基本信息 模板版本".into(), &old.edition, &new.edition);
        self.value(field("money_unit"), "基本信息 金额单位".into(), old.money_unit.label(), new.money_unit.label());
        self.value(field("level"), "基本信息 行政级别".into(), old.level.word(), new.level.word());
        self.value(field("entity"), "基本信息 公开主体".into(), old.entity.word(), new.entity.word());
    }

    fn table(&mut self, id: TableId, old: &Table, new: &Table, project: &Project) {
        let name = id.short_name();
        let whole = || Anchor::Table { table: id, row: None, column: None };
        self.text(whole(), format!("{name} 标题"), &old.title, &new.title);
        self.text(whole(), format!("{name} 表注"), &old.notes.join("\n"), &new.notes.join("\n"));
        let row_anchor = |row: &str| Anchor::Table { table: id, row: Some(row.to_string()), column: None };
        // Rows are matched by key: the code, or the unit and the code under per-unit 小计 rows.
        let (old_keys, new_keys) = (old.row_keys(), new.row_keys());
        let mut old_by_key: rustc_hash::FxHashMap<&str, &crate::model::Row> = rustc_hash::FxHashMap::default();
        for (key, row) in old_keys.iter().zip(&old.rows) {
            old_by_key.entry(key.as_ref()).or_insert(row);
        }
        let new_has: rustc_hash::FxHashSet<&str> = new_keys.iter().map(|k| k.as_ref()).collect();
        for (key, row) in new_keys.iter().zip(&new.rows) {
            let label = format!("{name} {} {}", row.id, row.name.trim());
            let key = key.as_ref();
            let Some(before) = old_by_key.get(key) else {
                self.push(row_anchor(key), format!("{label} 行"), None, Some(cells_text(&row.cells)));
                continue;
            };
            self.value(row_anchor(key), format!("{name} {} 名称", row.id), &before.name, &row.name);
            let mut columns: Vec<&str> = row.cells.iter().map(|(k, _)| k).collect();
            columns.extend(before.cells.iter().map(|(k, _)| k).filter(|k| row.cells.get(k).is_none()));
            for column in columns {
                let (was, is) = (before.cells.get(column), row.cells.get(column));
                let (was, is) = (was.map(|v| v.to_string()), is.map(|v| v.to_string()));
                if was != is {
                    let header = column_header(project, id, column);
                    self.value(
                        Anchor::Table { table: id, row: Some(key.to_string()), column: Some(column.to_string()) },
                        format!("{label} {header}"),
                        was.as_deref().unwrap_or(""),
                        is.as_deref().unwrap_or(""),
                    );
                }
            }
        }
        for (key, row) in old_keys.iter().zip(&old.rows).filter(|(k, _)| !new_has.contains(k.as_ref())) {
            let label = format!("{name} {} {} 行", row.id, row.name.trim());
            self.push(row_anchor(key), label, Some(cells_text(&row.cells)), None);
        }
    }

    fn narrative(&mut self, old: &Narrative, new: &Narrative) {
        let (old_texts, new_texts) = (narrative_texts(old), narrative_texts(new));
        for (key, label, new_text) in &new_texts {
            let place = Anchor::Narrative { section: section_of(key) };
            match old_texts.iter().find(|(k, _, _)| k == key) {
                Some((_, _, old_text)) => self.text(place, format!("情况说明 {label}"), old_text, new_text),
                None => self.push(place, format!("情况说明 {label}"), None, Some(new_text.clone())),
            }
        }
        for (key, label, old_text) in &old_texts {
            if !new_texts.iter().any(|(k, _, _)| k == key) {
                let place = Anchor::Narrative { section: section_of(key) };
                self.push(place, format!("情况说明 {label}"), Some(old_text.clone()), None);
            }
        }
        self.indicators(
            &old.department_goals.indicators,
            &new.department_goals.indicators,
            "整体支出绩效指标",
            |_| Anchor::Narrative { section: "department_goals.indicators".into() },
        );
    }

    /// Goals are matched by name (a reordered list is not a change of every goal).
    fn goals(&mut self, old: &[ProjectGoal], new: &[ProjectGoal]) {
        for (index, goal) in new.iter().enumerate() {
            let title = format!("绩效目标表“{}”", goal.name);
            let place = Anchor::Goal { goal: index, indicator: None };
            let Some(before) = old.iter().find(|g| g.name == goal.name) else {
                let size = format!("{} 个指标", goal.indicators.len());
                self.push(place, title, None, Some(size));
                continue;
            };
            let amount = |v: Option<rust_decimal::Decimal>| v.map(|v| v.to_string()).unwrap_or_default();
            self.value(place.clone(), format!("{title} 项目编码"), &before.code, &goal.code);
            self.value(place.clone(), format!("{title} 预算数"), &amount(before.budget), &amount(goal.budget));
            self.value(
                place.clone(),
                format!("{title} 财政资金"),
                &amount(before.fiscal_funds),
                &amount(goal.fiscal_funds),
            );
            self.value(
                place.clone(),
                format!("{title} 其他资金"),
                &amount(before.other_funds),
                &amount(goal.other_funds),
            );
            self.text(place.clone(), format!("{title} 资金用途"), &before.purpose, &goal.purpose);
            for (quarter, (a, b)) in ["3月底", "6月底", "10月底", "12月底"]
                .iter()
                .zip(before.plan.quarters().into_iter().zip(goal.plan.quarters()))
            {
                self.value(place.clone(), format!("{title} 资金支出计划 {quarter}"), &amount(a), &amount(b));
            }
            self.text(place, format!("{title} 绩效目标"), &before.goal, &goal.goal);
            self.indicators(&before.indicators, &goal.indicators, &title, |i| Anchor::Goal {
                goal: index,
                indicator: Some(i),
            });
        }
        for goal in old.iter().filter(|g| !new.iter().any(|n| n.name == g.name)) {
            let index = old.iter().position(|g| g.name == goal.name).unwrap_or_default();
            let size = format!("{} 个指标", goal.indicators.len());
            self.push(
                Anchor::Goal { goal: index, indicator: None },
                format!("绩效目标表“{}”", goal.name),
                Some(size),
                None,
            );
        }
    }

    /// Indicators by position: one change per indicator whose row differs.
    fn indicators(&mut self, old: &[Indicator], new: &[Indicator], title: &str, place: impl Fn(usize) -> Anchor) {
        for index in 0..old.len().max(new.len()) {
            let what = format!("{title} 第 {} 个指标", index + 1);
            match (old.get(index), new.get(index)) {
                (Some(a), Some(b)) if a != b => self.text(place(index), what, &indicator_text(a), &indicator_text(b)),
                (None, Some(b)) => self.push(place(index), what, None, Some(indicator_text(b))),
                (Some(a), None) => self.push(place(index), what, Some(indicator_text(a)), None),
                _ => {}
            }
        }
    }

    fn procurement(&mut self, old: &ProcurementTable, new: &ProcurementTable) {
        for index in 0..old.rows.len().max(new.rows.len()) {
            let place = Anchor::Procurement { row: Some(index), column: None };
            let what = format!("政府采购预算表 第 {} 行", index + 1);
            match (old.rows.get(index), new.rows.get(index)) {
                (Some(a), Some(b)) if a != b => {
                    self.text(place, format!("{what} {}", b.item), &procurement_text(a), &procurement_text(b))
                }
                (None, Some(b)) => self.push(place, what, None, Some(procurement_text(b))),
                (Some(a), None) => self.push(place, what, Some(procurement_text(a)), None),
                _ => {}
            }
        }
        let total = |t: &ProcurementTable| {
            t.total.as_ref().map(|t| {
                let budget = t.project_budget.map(|v| v.to_string()).unwrap_or_default();
                let sme = t.sme_reserved.map(|v| v.to_string()).unwrap_or_default();
                format!("预算资金 {budget}；{}；中小微 {sme}", cells_text(&t.funds))
            })
        };
        let whole = Anchor::Procurement { row: None, column: None };
        self.value(
            whole.clone(),
            "政府采购预算表 合计".into(),
            &total(old).unwrap_or_default(),
            &total(new).unwrap_or_default(),
        );
        self.text(whole, "政府采购预算表 表注".into(), &old.notes.join("\n"), &new.notes.join("\n"));
    }

    fn assets(&mut self, old: &AssetTable, new: &AssetTable) {
        let whole = Anchor::Assets { line: None };
        self.text(whole.clone(), "固定资产占用情况表 标题".into(), &old.title, &new.title);
        self.value(whole, "固定资产占用情况表 截止时间".into(), &old.as_of, &new.as_of);
        for ((key, a), (_, b)) in old.lines().into_iter().zip(new.lines()) {
            let place = Anchor::Assets { line: Some(key.to_string()) };
            let label = crate::review::asset_line_label(key);
            let quantity = |l: &AssetLine| l.quantity.map(|q| q.to_string()).unwrap_or_default();
            let value = |l: &AssetLine| l.value.map(|v| v.to_string()).unwrap_or_default();
            self.value(place.clone(), format!("固定资产占用情况表 {label} 数量"), &quantity(a), &quantity(b));
            self.value(place, format!("固定资产占用情况表 {label} 价值"), &value(a), &value(b));
        }
    }
}

fn column_header(project: &Project, table: TableId, column: &str) -> String {
    crate::catalog::Catalog::get()
        .edition(&project.meta.edition)
        .map_or_else(|| column.to_string(), |edition| edition.column_label(table, column))
}

fn cells_text(cells: &Cells) -> String {
    cells.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join("，")
}

fn indicator_text(i: &Indicator) -> String {
    let mut parts = vec![i.level1.clone(), i.level2.clone(), i.name.clone()];
    if !i.scoring.is_empty() {
        parts.push(i.scoring.clone());
    }
    parts.extend([i.description.clone(), i.value.to_string(), i.basis.clone()]);
    parts.join(" | ")
}

fn procurement_text(r: &ProcurementRow) -> String {
    let n = |v: Option<rust_decimal::Decimal>| v.map(|v| v.to_string()).unwrap_or_default();
    [
        r.project.clone(),
        n(r.project_budget),
        r.item.clone(),
        r.catalog_code.clone(),
        r.unit.clone(),
        n(r.quantity),
        n(r.unit_price),
        cells_text(&r.funds),
        n(r.sme_reserved),
    ]
    .join(" | ")
}

/// The section key a narrative text path belongs to (“duties.items.3” → “duties.items”), the
/// keys findings and the editor's navigation use.
fn section_of(path: &str) -> String {
    let sectioned = ["duties.items", "sub_units", "department_goals.items", "glossary"];
    sectioned.iter().find(|s| path.starts_with(*s)).map_or_else(|| path.to_string(), |s| (*s).to_string())
}

/// Every text of the narrative with a path unique in the project and a label.
fn narrative_texts(n: &Narrative) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = [
        ("preamble", &n.preamble),
        ("duties.intro", &n.duties.intro),
        ("overview.intro", &n.overview.intro),
        ("overview.income", &n.overview.income),
        ("overview.expense", &n.overview.expense),
        ("overview.change", &n.overview.change),
        ("operating_costs", &n.operating_costs),
        ("three_public", &n.three_public),
        ("department_goals.overall", &n.department_goals.overall),
        ("department_goals.items_intro", &n.department_goals.items_intro),
        ("department_goals.safeguards", &n.department_goals.safeguards),
        ("special_funds", &n.special_funds),
        ("procurement", &n.procurement),
        ("assets", &n.assets),
        ("other_matters", &n.other_matters),
    ]
    .into_iter()
    .map(|(key, text)| (key.to_string(), crate::review::section_label(key).to_string(), text.clone()))
    .collect();
    for (i, item) in n.duties.items.iter().enumerate() {
        out.push((format!("duties.items.{i}"), format!("部门职责 第 {} 项", i + 1), item.clone()));
    }
    for (i, unit) in n.sub_units.iter().enumerate() {
        let row = [unit.name.as_str(), &unit.nature, &unit.rank, &unit.funding].join(" | ");
        out.push((format!("sub_units.{i}"), format!("机构设置 第 {} 行", i + 1), row));
    }
    for (i, item) in n.department_goals.items.iter().enumerate() {
        let label = format!("分项绩效目标 第 {} 项", i + 1);
        out.push((format!("department_goals.items.{i}.title"), format!("{label} 标题"), item.title.clone()));
        out.push((format!("department_goals.items.{i}.goal"), format!("{label} 绩效目标"), item.goal.clone()));
        out.push((
            format!("department_goals.items.{i}.indicator"),
            format!("{label} 绩效指标"),
            item.indicator.clone(),
        ));
    }
    for (i, entry) in n.glossary.iter().enumerate() {
        let label = format!("名词解释 第 {} 条", i + 1);
        out.push((format!("glossary.{i}.term"), format!("{label} 名词"), entry.term.clone()));
        out.push((format!("glossary.{i}.definition"), format!("{label} 解释"), entry.definition.clone()));
    }
    out
}

/// Above this many character pairs the middle of two texts is shown as replaced whole rather
/// than diffed (bounded time and memory on pasted chapters).
const MAX_DIFF_CELLS: usize = 4_000_000;

/// A character diff: the common head and tail, and a longest-common-subsequence diff of the
/// middle.
pub fn text_diff(old: &str, new: &str) -> Vec<TextPiece> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a.iter().rev().zip(b.iter().rev()).take(a.len().min(b.len()) - head).take_while(|(x, y)| x == y).count();
    let (a_mid, b_mid) =
        (a.get(head..a.len() - tail).unwrap_or_default(), b.get(head..b.len() - tail).unwrap_or_default());
    let mut pieces = Pieces::default();
    pieces.add(PieceKind::Same, a.get(..head).unwrap_or_default());
    if a_mid.len().saturating_mul(b_mid.len()) > MAX_DIFF_CELLS {
        pieces.add(PieceKind::Removed, a_mid);
        pieces.add(PieceKind::Added, b_mid);
    } else {
        for (kind, ch) in lcs_diff(a_mid, b_mid) {
            pieces.add(kind, &[ch]);
        }
    }
    pieces.add(PieceKind::Same, a.get(a.len() - tail..).unwrap_or_default());
    pieces.0
}

#[derive(Default)]
struct Pieces(Vec<TextPiece>);

impl Pieces {
    fn add(&mut self, kind: PieceKind, chars: &[char]) {
        if chars.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some(last) if last.kind == kind => last.text.extend(chars),
            _ => self.0.push(TextPiece { kind, text: chars.iter().collect() }),
        }
    }
}

/// Character-by-character LCS diff; removals come before additions at each change.
fn lcs_diff(a: &[char], b: &[char]) -> Vec<(PieceKind, char)> {
    let width = b.len() + 1;
    // lengths[i * width + j] = LCS length of a[i..] and b[j..].
    let mut lengths = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            let value = if a.get(i) == b.get(j) {
                lengths.get((i + 1) * width + j + 1).copied().unwrap_or_default() + 1
            } else {
                let down = lengths.get((i + 1) * width + j).copied().unwrap_or_default();
                let right = lengths.get(i * width + j + 1).copied().unwrap_or_default();
                down.max(right)
            };
            if let Some(cell) = lengths.get_mut(i * width + j) {
                *cell = value;
            }
        }
    }
    let at = |i: usize, j: usize| lengths.get(i * width + j).copied().unwrap_or_default();
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len() + b.len());
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                out.push((PieceKind::Same, *x));
                i += 1;
                j += 1;
            }
            (Some(x), Some(_)) if at(i + 1, j) >= at(i, j + 1) => {
                out.push((PieceKind::Removed, *x));
                i += 1;
            }
            (Some(x), None) => {
                out.push((PieceKind::Removed, *x));
                i += 1;
            }
            (_, Some(y)) => {
                out.push((PieceKind::Added, *y));
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// The diff as one line: unchanged text shortened around the changes, removals in [-…-],
/// additions in {+…+}.
pub fn render_text_diff(pieces: &[TextPiece]) -> String {
    const CONTEXT: usize = 12;
    let mut out = String::new();
    let last = pieces.len().saturating_sub(1);
    for (index, piece) in pieces.iter().enumerate() {
        match piece.kind {
            PieceKind::Same => {
                let chars: Vec<char> = piece.text.chars().collect();
                if chars.len() <= CONTEXT * 2 {
                    out.push_str(&piece.text);
                } else {
                    let head: String = chars.iter().take(CONTEXT).collect();
                    let tail: String = chars.iter().skip(chars.len() - CONTEXT).collect();
                    match (index == 0, index == last) {
                        (true, _) => out.push_str(&format!("…{tail}")),
                        (_, true) => out.push_str(&format!("{head}…")),
                        _ => out.push_str(&format!("{head}…{tail}")),
                    }
                }
            }
            PieceKind::Removed => out.push_str(&format!("[-{}-]", piece.text)),
            PieceKind::Added => out.push_str(&format!("{{+{}+}}", piece.text)),
        }
    }
    out.replace('\n', "⏎")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::amount::parse_canonical;
    use crate::project_format;

    fn sample(name: &str) -> Project {
        project_format::parse(crate::samples::sample_text(name).unwrap().as_bytes()).unwrap()
    }

    #[test]
    fn a_sample_against_itself_has_no_changes() {
        for name in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
            let project = sample(name);
            assert_eq!(compare(&project, &project), []);
        }
    }

    #[test]
    fn three_edits_are_exactly_three_changes() {
        let old = sample("gaoyang-2022");
        let mut new = old.clone();
        new.tables
            .general_expense
            .row_mut("2010301")
            .unwrap()
            .cells
            .set("project", Some(parse_canonical("12.34").unwrap()));
        new.narrative.operating_costs = new.narrative.operating_costs.replace("20万万元", "20万元");
        new.goals[2].indicators[0].basis = "县政府工作安排".into();
        // The review block is not the disclosure.
        new.review.add_comment(Anchor::Project, None, "李审核", "t", "请核对");
        let changes = compare(&old, &new);
        assert_eq!(changes.len(), 3, "{changes:#?}");
        assert_eq!(
            changes[0].place,
            Anchor::Table {
                table: TableId::GeneralExpense,
                row: Some("2010301".into()),
                column: Some("project".into())
            }
        );
        assert_eq!(changes[1].place, Anchor::Narrative { section: "operating_costs".into() });
        assert_eq!(
            changes[1].text.iter().filter(|p| p.kind != PieceKind::Same).collect::<Vec<_>>(),
            [&TextPiece { kind: PieceKind::Removed, text: "万".into() }]
        );
        assert_eq!(changes[2].place, Anchor::Goal { goal: 2, indicator: Some(0) });
        assert!(changes.iter().all(|c| c.kind == ChangeKind::Changed));
    }

    #[test]
    fn added_and_removed_rows_and_goals() {
        let old = sample("laiyuan-2024");
        let mut new = old.clone();
        new.tables.expense.rows.retain(|r| r.id != "2010301");
        let goal = new.goals.remove(0);
        new.goals.push(ProjectGoal { name: "新项目".into(), ..goal.clone() });
        new.goals.insert(0, goal);
        new.goals.swap(0, 1);
        let changes = compare(&old, &new);
        let kinds: Vec<(ChangeKind, &str)> = changes.iter().map(|c| (c.kind, c.what.as_str())).collect();
        assert_eq!(changes.len(), 2, "{kinds:?}");
        assert_eq!(changes[0].kind, ChangeKind::Removed);
        assert!(changes[0].what.starts_with("支出总表 2010301"), "{kinds:?}");
        assert_eq!((changes[1].kind, changes[1].what.as_str()), (ChangeKind::Added, "绩效目标表“新项目”"));
    }

    #[test]
    fn text_diffs_mark_what_changed() {
        let pieces = text_diff("本年收入 100 万元，支出 90 万元", "本年收入 120 万元，支出 90 万元");
        assert_eq!(render_text_diff(&pieces), "本年收入 1[-0-]{+2+}0 万元，支出 90 万元");
        assert_eq!(text_diff("", "新"), [TextPiece { kind: PieceKind::Added, text: "新".into() }]);
        let long_old = "甲".repeat(3000);
        let long_new = "乙".repeat(3000);
        assert_eq!(text_diff(&long_old, &long_new).len(), 2);
    }
}
