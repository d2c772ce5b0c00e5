//! Bound figures: a narrative amount tied to the table cell or derived quantity it states, so the
//! printed text always shows the table's current value.
//!
//! A bound figure is stored inline as `⟦171.00万元|three_public/subtotal/total⟧`: the value as last
//! written, then its source. A reader of the RON file sees the number and where it comes from, and
//! a file opened by an older yugong shows the marker rather than losing it. Every output (PDF,
//! Excel export, `check`, the editor's text) goes through [`resolve`], which replaces each marker
//! with its source's current value; a marker whose source is unknown, or that is malformed, resolves
//! to its stored value, so no input makes an output print `⟦`.
//!
//! Sources: `TABLE/ROW/COLUMN` (the `TableId` key, row id, column key) for a cell of the nine
//! tables, `derived/NAME` for a quantity the tables determine ([`Derived`]). Pure: text and project
//! in, text out.

use std::borrow::Cow;
use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::Figure;
use crate::model::{Narrative, NarrativeSection, Project, Table, TableId};

/// A marker opens with this char …
pub const OPEN: char = '⟦';
/// … separates its stored value from its source with this one …
pub const SEPARATOR: char = '|';
/// … and closes with this one. ⟦⟧ (U+27E6/7) occur in no seed and no government template.
pub const CLOSE: char = '⟧';

/// The sections whose figures the audit compares with the tables (`audit::text`), and so the ones
/// [`bind`] binds: an amount elsewhere (a goal's indicator) states no table figure.
pub const FIGURE_SECTIONS: [NarrativeSection; 7] = [
    NarrativeSection::OverviewIncome,
    NarrativeSection::OverviewExpense,
    NarrativeSection::OverviewChange,
    NarrativeSection::OperatingCosts,
    NarrativeSection::ThreePublic,
    NarrativeSection::Procurement,
    NarrativeSection::Assets,
];

/// A quantity the tables determine, named in a source as `derived/KEY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Derived {
    IncomeTotal,
    ExpenseTotal,
    Basic,
    Project,
    Personnel,
    Public,
    /// 机关运行经费 as drafting states it: the 基本支出表's whole 公用经费.
    OperatingCosts,
    ThreePublicTotal,
    Travel,
    Vehicle,
    VehiclePurchase,
    VehicleUpkeep,
    Reception,
    Meeting,
    Training,
    ProcurementTotal,
    /// 货物类: rows whose 目录序号 starts with A.
    ProcurementGoods,
    /// 工程类: B.
    ProcurementWorks,
    /// 服务类: C.
    ProcurementServices,
    /// 预留中小企业份额.
    ProcurementSme,
    AssetsTotal,
    AssetsBuildings,
    AssetsOfficeSpace,
    AssetsVehicles,
    AssetsEquipment,
    AssetsOther,
}

impl Derived {
    pub const ALL: [Derived; 26] = [
        Derived::IncomeTotal,
        Derived::ExpenseTotal,
        Derived::Basic,
        Derived::Project,
        Derived::Personnel,
        Derived::Public,
        Derived::OperatingCosts,
        Derived::ThreePublicTotal,
        Derived::Travel,
        Derived::Vehicle,
        Derived::VehiclePurchase,
        Derived::VehicleUpkeep,
        Derived::Reception,
        Derived::Meeting,
        Derived::Training,
        Derived::ProcurementTotal,
        Derived::ProcurementGoods,
        Derived::ProcurementWorks,
        Derived::ProcurementServices,
        Derived::ProcurementSme,
        Derived::AssetsTotal,
        Derived::AssetsBuildings,
        Derived::AssetsOfficeSpace,
        Derived::AssetsVehicles,
        Derived::AssetsEquipment,
        Derived::AssetsOther,
    ];

    /// The derived quantity of an asset line, by the line's key (`AssetTable::LINE_KEYS`).
    pub fn of_asset_line(key: &str) -> Option<Derived> {
        let asset_key = format!("assets.{key}");
        Derived::ALL.into_iter().find(|d| d.key_and_description().0 == asset_key)
    }

    /// The key after `derived/`, and the Chinese description the editor's hover shows.
    fn key_and_description(self) -> (&'static str, &'static str) {
        match self {
            Derived::IncomeTotal => ("income.total", "预算收入总额（收支总表 收入总计）"),
            Derived::ExpenseTotal => ("expense.total", "支出预算总额（支出总表 合计）"),
            Derived::Basic => ("basic", "基本支出（支出总表 合计行 基本支出）"),
            Derived::Project => ("project", "项目支出（支出总表 合计行 项目支出）"),
            Derived::Personnel => ("personnel", "人员经费（基本支出表 合计行 人员经费）"),
            Derived::Public => ("public", "公用经费（基本支出表 合计行 公用经费）"),
            Derived::OperatingCosts => ("operating_costs", "机关运行经费（基本支出表 公用经费合计）"),
            Derived::ThreePublicTotal => ("three_public.total", "“三公”经费合计（“三公”经费表 小计）"),
            Derived::Travel => ("three_public.travel", "因公出国（境）费（“三公”经费表）"),
            Derived::Vehicle => ("three_public.vehicle", "公务用车购置及运维费（“三公”经费表）"),
            Derived::VehiclePurchase => ("three_public.vehicle_purchase", "公务用车购置费（“三公”经费表）"),
            Derived::VehicleUpkeep => ("three_public.vehicle_upkeep", "公务用车运行维护费（“三公”经费表）"),
            Derived::Reception => ("three_public.reception", "公务接待费（“三公”经费表）"),
            Derived::Meeting => ("three_public.meeting", "会议费（“三公”经费表）"),
            Derived::Training => ("three_public.training", "培训费（“三公”经费表）"),
            Derived::ProcurementTotal => ("procurement.total", "政府采购预算合计（政府采购预算表）"),
            Derived::ProcurementGoods => ("procurement.goods", "政府采购货物类合计（目录序号 A 开头的品目）"),
            Derived::ProcurementWorks => ("procurement.works", "政府采购工程类合计（目录序号 B 开头的品目）"),
            Derived::ProcurementServices => ("procurement.services", "政府采购服务类合计（目录序号 C 开头的品目）"),
            Derived::ProcurementSme => ("procurement.sme", "预留中小企业份额（政府采购预算表）"),
            Derived::AssetsTotal => ("assets.total", "上年末固定资产金额（固定资产占用情况表 资产总额）"),
            Derived::AssetsBuildings => ("assets.buildings", "房屋（固定资产占用情况表）"),
            Derived::AssetsOfficeSpace => ("assets.office_space", "其中办公用房（固定资产占用情况表）"),
            Derived::AssetsVehicles => ("assets.vehicles", "车辆（固定资产占用情况表）"),
            Derived::AssetsEquipment => ("assets.equipment", "单价在20万元以上的设备（固定资产占用情况表）"),
            Derived::AssetsOther => ("assets.other", "其他固定资产（固定资产占用情况表）"),
        }
    }

    pub fn key(self) -> &'static str {
        self.key_and_description().0
    }

    /// The derived quantity a narrative figure states, when the tables determine it.
    pub fn of_figure(figure: Figure) -> Option<Derived> {
        Some(match figure {
            Figure::IncomeTotal => Derived::IncomeTotal,
            Figure::ExpenseTotal => Derived::ExpenseTotal,
            Figure::Basic => Derived::Basic,
            Figure::Project => Derived::Project,
            Figure::Personnel => Derived::Personnel,
            Figure::Public => Derived::Public,
            Figure::ThreePublicTotal => Derived::ThreePublicTotal,
            Figure::OutboundTravel => Derived::Travel,
            Figure::VehicleTotal => Derived::Vehicle,
            Figure::VehiclePurchase => Derived::VehiclePurchase,
            Figure::VehicleUpkeep => Derived::VehicleUpkeep,
            Figure::Reception => Derived::Reception,
            Figure::Meeting => Derived::Meeting,
            Figure::Training => Derived::Training,
            Figure::Procurement => Derived::ProcurementTotal,
            Figure::AssetsTotal => Derived::AssetsTotal,
            _ => return None,
        })
    }
}

/// Where a bound figure's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    Cell { table: TableId, row: String, column: String },
    Derived(Derived),
}

impl Source {
    pub fn cell(table: TableId, row: &str, column: &str) -> Source {
        Source::Cell { table, row: row.to_string(), column: column.to_string() }
    }

    /// The source as a marker writes it.
    pub fn key(&self) -> String {
        match self {
            Source::Cell { table, row, column } => format!("{}/{row}/{column}", table.key()),
            Source::Derived(d) => format!("derived/{}", d.key()),
        }
    }

    /// Reads a marker's source; `None` for anything yugong does not know.
    pub fn parse(key: &str) -> Option<Source> {
        let key = key.trim();
        if let Some(name) = key.strip_prefix("derived/") {
            return Derived::ALL.into_iter().find(|d| d.key() == name).map(Source::Derived);
        }
        let (table, rest) = key.split_once('/')?;
        let (row, column) = rest.rsplit_once('/')?;
        let table = TableId::ALL.into_iter().find(|t| t.key() == table)?;
        (!row.is_empty() && !column.is_empty()).then(|| Source::cell(table, row, column))
    }

    /// What the source is, in Chinese, for the editor's hover (““三公”经费表 · 公务接待费 · 合计”).
    pub fn description(&self, project: &Project) -> String {
        match self {
            Source::Derived(d) => d.key_and_description().1.to_string(),
            Source::Cell { table, row, column } => {
                let name = project.tables.get(*table).row(row).map_or(row.as_str(), |r| r.name.as_str());
                format!("{} · {} · {}", table.short_name(), name.trim(), column_name(column))
            }
        }
    }
}

/// The Chinese heading of a column key the narrative's figures come from.
fn column_name(column: &str) -> &str {
    match column {
        "amount" => "金额",
        "total" => "合计",
        "basic" => "基本支出",
        "project" => "项目支出",
        "personnel" => "人员经费",
        "public" => "公用经费",
        other => other,
    }
}

/// Current values of sources in one project, computed once per text or narrative.
pub struct Values<'a> {
    project: &'a Project,
    /// Table figures are not figures while the nine tables are empty (a narrative typed before
    /// its tables): then a bound figure shows its stored value, and nothing is bound.
    tables_have_data: bool,
}

impl<'a> Values<'a> {
    pub fn new(project: &'a Project) -> Self {
        let tables_have_data = !project.tables.iter().all(|(_, table)| table.has_no_amounts());
        Values { project, tables_have_data }
    }

    /// The current value of a source; `None` when the project does not determine it (a missing
    /// row, empty tables, an asset line not stated).
    pub fn value(&self, source: &Source) -> Option<Decimal> {
        let t = &self.project.tables;
        // `amount`: a code under per-unit 小计 rows is the department's, summed over the units.
        let cell = |table: &Table, row: &str, column: &str| {
            table.row(row).map(|_| table.amount(row, column).unwrap_or_default()).filter(|_| self.tables_have_data)
        };
        let three = |row: &str| cell(&t.three_public, row, "total");
        let procurement = &self.project.procurement;
        let kind = |letter: char| -> Decimal {
            procurement
                .rows
                .iter()
                .filter(|r| r.catalog_code.trim_start().starts_with(letter))
                .map(|r| r.funds.get("total").unwrap_or_default())
                .sum()
        };
        let asset =
            |key: &str| self.project.assets.lines().iter().find(|(k, _)| *k == key).and_then(|(_, line)| line.value);
        let derived = match source {
            Source::Cell { table, row, column } => return cell(t.get(*table), row, column),
            Source::Derived(d) => *d,
        };
        match derived {
            Derived::IncomeTotal => cell(&t.income_expense_summary, "in.grand_total", "amount"),
            Derived::ExpenseTotal => cell(&t.expense, "total", "total"),
            Derived::Basic => cell(&t.expense, "total", "basic"),
            Derived::Project => cell(&t.expense, "total", "project"),
            Derived::Personnel => cell(&t.general_basic_expense, "total", "personnel"),
            Derived::Public | Derived::OperatingCosts => cell(&t.general_basic_expense, "total", "public"),
            Derived::ThreePublicTotal => three("subtotal"),
            Derived::Travel => three("travel"),
            Derived::Vehicle => three("vehicle"),
            Derived::VehiclePurchase => three("vehicle.purchase"),
            Derived::VehicleUpkeep => three("vehicle.upkeep"),
            Derived::Reception => three("reception"),
            Derived::Meeting => three("meeting"),
            Derived::Training => three("training"),
            // The same total the audit compares 政府采购预算 with.
            Derived::ProcurementTotal => Some(match &procurement.total {
                Some(total) => total.funds.get("total").unwrap_or_default(),
                None => procurement.rows.iter().map(|r| r.funds.get("total").unwrap_or_default()).sum(),
            }),
            Derived::ProcurementGoods => Some(kind('A')),
            Derived::ProcurementWorks => Some(kind('B')),
            Derived::ProcurementServices => Some(kind('C')),
            Derived::ProcurementSme => Some(match &procurement.total {
                Some(total) if total.sme_reserved.is_some() => total.sme_reserved.unwrap_or_default(),
                _ => procurement.rows.iter().filter_map(|r| r.sme_reserved).sum(),
            }),
            Derived::AssetsTotal => asset("total"),
            Derived::AssetsBuildings => asset("buildings"),
            Derived::AssetsOfficeSpace => asset("office_space"),
            Derived::AssetsVehicles => asset("vehicles"),
            Derived::AssetsEquipment => asset("equipment"),
            Derived::AssetsOther => asset("other"),
        }
    }
}

/// A marker as a drafted text writes it: `⟦171.00万元|three_public/subtotal/total⟧`.
pub fn marker(written: &str, source: &Source) -> String {
    format!("{OPEN}{written}{SEPARATOR}{}{CLOSE}", source.key())
}

/// One bound figure of a text, after resolving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundSpan {
    /// Byte range of the shown value in the resolved text.
    pub resolved: Range<usize>,
    /// Byte range of the whole marker in the stored text.
    pub raw: Range<usize>,
    /// The value as stored in the marker (“171.00万元”).
    pub stored: String,
    /// `None` when the source is unknown or malformed (the stored value is shown).
    pub source: Option<Source>,
    /// The source's current value, when the project determines it.
    pub current: Option<Decimal>,
}

impl BoundSpan {
    /// The stored value differs from the source's current value (a table changed since the
    /// marker was written, or the file was edited outside yugong).
    pub fn is_stale(&self) -> bool {
        match (self.current, split_amount(&self.stored)) {
            (Some(current), Some((value, _, _))) => value != current,
            _ => false,
        }
    }
}

/// The stored text with every marker replaced by its source's current value. Borrowed when the
/// text holds no marker (nearly every text, nearly every frame).
pub fn resolve<'t>(text: &'t str, project: &Project) -> Cow<'t, str> {
    if !text.contains([OPEN, CLOSE]) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(resolve_with(text, &Values::new(project)).0)
}

/// [`resolve`] with the spans of the bound figures, for the editor and the audit.
pub fn resolve_spans(text: &str, values: &Values<'_>) -> (String, Vec<BoundSpan>) {
    if !text.contains([OPEN, CLOSE]) {
        return (text.to_string(), Vec::new());
    }
    resolve_with(text, values)
}

fn resolve_with(text: &str, values: &Values<'_>) -> (String, Vec<BoundSpan>) {
    let mut out = String::with_capacity(text.len());
    let mut spans = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let Some(rest) = text.get(at..) else { break };
        let Some(offset) = rest.find([OPEN, CLOSE]) else {
            out.push_str(rest);
            break;
        };
        out.push_str(rest.get(..offset).unwrap_or_default());
        let start = at + offset;
        let after_open = start + OPEN.len_utf8();
        // A marker is ⟦…⟧ with no bracket inside. A stray ⟧, or a ⟦ that never closes or opens
        // another before closing, is dropped and its text kept, so nothing prints a token.
        let closed = rest.get(offset..).filter(|r| r.starts_with(OPEN)).and_then(|_| {
            let tail = text.get(after_open..)?;
            let close = tail.find([OPEN, CLOSE])?;
            tail.get(close..).filter(|t| t.starts_with(CLOSE))?;
            Some((tail.get(..close)?, after_open + close + CLOSE.len_utf8()))
        });
        let Some((inner, end)) = closed else {
            // Both brackets are three bytes in UTF-8.
            at = start + OPEN.len_utf8();
            continue;
        };
        let (stored, source_key) = inner.rsplit_once(SEPARATOR).unwrap_or((inner, ""));
        let source = Source::parse(source_key);
        let current = source.as_ref().and_then(|s| values.value(s));
        let shown = match current {
            Some(current) => shown_value(stored, current),
            None => Cow::Borrowed(stored),
        };
        let from = out.len();
        out.push_str(&shown);
        spans.push(BoundSpan {
            resolved: from..out.len(),
            raw: start..end,
            stored: stored.to_string(),
            source,
            current,
        });
        at = end;
    }
    (out, spans)
}

/// A stored value split into its number, the text after it (“ 万元”) and the number's scale.
fn split_amount(stored: &str) -> Option<(Decimal, &str, u32)> {
    let end = stored.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(stored.len());
    let number = stored.get(..end)?;
    let value = Decimal::from_str(&number.replace(',', "")).ok()?;
    Some((value, stored.get(end..)?, value.scale()))
}

/// The stored value as written when it is still the current value (so binding changes no text:
/// “359万元” stays 359万元); else the current value at the stored precision or finer, with the
/// stored unit text.
fn shown_value(stored: &str, current: Decimal) -> Cow<'_, str> {
    let Some((value, unit, scale)) = split_amount(stored) else { return Cow::Borrowed(stored) };
    if value == current {
        return Cow::Borrowed(stored);
    }
    let mut shown = current.normalize();
    if shown.scale() < scale {
        shown.rescale(scale);
    }
    let unit = if unit.is_empty() { "万元" } else { unit };
    Cow::Owned(format!("{shown}{unit}"))
}

/// Whether a text holds a marker (or a stray bracket) that resolving changes.
pub fn has_markers(text: &str) -> bool {
    text.contains([OPEN, CLOSE])
}

/// Every text field of the narrative (the same fields as [`texts_mut`]).
pub fn texts(narrative: &Narrative) -> Vec<&str> {
    let n = narrative;
    let mut out: Vec<&str> = vec![
        &n.preamble,
        &n.duties.intro,
        &n.overview.intro,
        &n.overview.income,
        &n.overview.expense,
        &n.overview.change,
        &n.operating_costs,
        &n.three_public,
        &n.department_goals.overall,
        &n.department_goals.items_intro,
        &n.department_goals.safeguards,
        &n.special_funds,
        &n.procurement,
        &n.assets,
        &n.other_matters,
    ];
    out.extend(n.duties.items.iter().map(String::as_str));
    for unit in &n.sub_units {
        out.extend([unit.name.as_str(), &unit.nature, &unit.rank, &unit.funding]);
    }
    for item in &n.department_goals.items {
        out.extend([item.title.as_str(), &item.goal, &item.indicator]);
    }
    for entry in &n.glossary {
        out.extend([entry.term.as_str(), &entry.definition]);
    }
    out
}

/// Every text field of the narrative, for writing.
pub fn texts_mut(narrative: &mut Narrative) -> Vec<&mut String> {
    let n = narrative;
    let mut out: Vec<&mut String> = vec![
        &mut n.preamble,
        &mut n.duties.intro,
        &mut n.overview.intro,
        &mut n.overview.income,
        &mut n.overview.expense,
        &mut n.overview.change,
        &mut n.operating_costs,
        &mut n.three_public,
        &mut n.department_goals.overall,
        &mut n.department_goals.items_intro,
        &mut n.department_goals.safeguards,
        &mut n.special_funds,
        &mut n.procurement,
        &mut n.assets,
        &mut n.other_matters,
    ];
    out.extend(n.duties.items.iter_mut());
    for unit in &mut n.sub_units {
        out.extend([&mut unit.name, &mut unit.nature, &mut unit.rank, &mut unit.funding]);
    }
    for item in &mut n.department_goals.items {
        out.extend([&mut item.title, &mut item.goal, &mut item.indicator]);
    }
    for entry in &mut n.glossary {
        out.extend([&mut entry.term, &mut entry.definition]);
    }
    out
}

/// The project as every output must see it: the narrative with its markers resolved. Borrowed
/// when no text holds one. The PDF, the Excel export and the audit take their narrative text from
/// here (a test greps their output for ⟦).
pub fn resolved_project(project: &Project) -> Cow<'_, Project> {
    if !texts(&project.narrative).into_iter().any(has_markers) {
        return Cow::Borrowed(project);
    }
    let values = Values::new(project);
    let mut narrative = project.narrative.clone();
    for text in texts_mut(&mut narrative) {
        if has_markers(text) {
            *text = resolve_with(text, &values).0;
        }
    }
    let mut resolved = project.clone();
    resolved.narrative = narrative;
    Cow::Owned(resolved)
}

/// Writes each marker's current value into it, so the file shows the number that is printed
/// (`draft --bind` and the editor's 绑定数字 do). Unknown sources and malformed markers are left as they are.
pub fn refresh(project: &mut Project) -> usize {
    let values_project = project.clone();
    let values = Values::new(&values_project);
    let mut refreshed = 0;
    for text in texts_mut(&mut project.narrative) {
        if !has_markers(text) {
            continue;
        }
        let (_, spans) = resolve_with(text, &values);
        let stale: Vec<&BoundSpan> = spans.iter().filter(|s| s.is_stale()).collect();
        if stale.is_empty() {
            continue;
        }
        let mut new = String::with_capacity(text.len());
        let mut at = 0;
        for span in stale {
            let (Some(source), Some(current)) = (&span.source, span.current) else { continue };
            new.push_str(text.get(at..span.raw.start).unwrap_or_default());
            new.push_str(&marker(&shown_value(&span.stored, current), source));
            at = span.raw.end;
            refreshed += 1;
        }
        new.push_str(text.get(at..).unwrap_or_default());
        *text = new;
    }
    refreshed
}

/// A stated figure that equals its table value and can be bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bindable {
    pub figure: Figure,
    /// Byte range of the amount (number and unit) in the resolved text.
    pub amount: Range<usize>,
    pub written: String,
    pub source: Source,
}

/// A stated figure that differs from its table value (today's NARR-AMOUNT finding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Differing {
    pub figure: Figure,
    /// The label..amount phrase as written, as the finding quotes it.
    pub phrase: String,
    pub amount: Range<usize>,
    pub written: String,
    pub stated: Decimal,
    pub current: Decimal,
    pub source: Source,
}

impl Differing {
    /// The amount written as the table's value, in the text's own precision (“433.22万元”).
    pub fn replacement(&self) -> String {
        shown_value(&self.written, self.current).into_owned()
    }
}

/// The plain (unbound) figures of a text, sorted into those that equal their table value and
/// those that differ. Figures already bound are neither.
pub fn plain_figures(resolved: &str, spans: &[BoundSpan], values: &Values<'_>) -> (Vec<Bindable>, Vec<Differing>) {
    let (mut bindable, mut differing) = (Vec::new(), Vec::new());
    for stated in super::stated_amounts(resolved) {
        let Some(derived) = Derived::of_figure(stated.figure) else { continue };
        let source = Source::Derived(derived);
        let Some(current) = values.value(&source) else { continue };
        let range = stated.amount.clone();
        if spans.iter().any(|s| s.resolved.start < range.end && range.start < s.resolved.end) {
            continue;
        }
        let Some(written) = resolved.get(range.clone()) else { continue };
        // Only a plain 万元 amount is bound (the reader reads no other as a figure).
        if written.contains([OPEN, CLOSE, SEPARATOR]) {
            continue;
        }
        let written = written.to_string();
        if stated.value == current {
            bindable.push(Bindable { figure: stated.figure, amount: range, written, source });
        } else {
            differing.push(Differing {
                figure: stated.figure,
                phrase: stated.phrase,
                amount: range,
                written,
                stated: stated.value,
                current,
                source,
            });
        }
    }
    (bindable, differing)
}

/// Rebuilds the stored text from its resolved form: the resolved text with each existing span
/// put back as its marker and each `(range, replacement)` (ranges in the resolved text, in order,
/// disjoint from the spans) written in.
fn rebuild(resolved: &str, spans: &[BoundSpan], raw: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    for span in spans {
        let marker_text = raw.get(span.raw.clone()).unwrap_or_default().to_string();
        edits.push((span.resolved.clone(), marker_text));
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(raw.len() + 64 * edits.len());
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(resolved.get(at..range.start).unwrap_or_default());
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(resolved.get(at..).unwrap_or_default());
    out
}

/// Binds every plain figure of `text` that equals its table value; nothing else changes
/// (`resolve(bind(text)) == resolve(text)`).
pub fn bind(text: &str, project: &Project) -> String {
    let values = Values::new(project);
    let (resolved, spans) = resolve_spans(text, &values);
    let (bindable, _) = plain_figures(&resolved, &spans, &values);
    if bindable.is_empty() {
        return text.to_string();
    }
    let edits = bindable.into_iter().map(|b| (b.amount, marker(&b.written, &b.source))).collect();
    rebuild(&resolved, &spans, text, edits)
}

/// Writes the table's value over one differing figure and binds it.
pub fn replace_and_bind(text: &str, project: &Project, differing: &Differing) -> String {
    let values = Values::new(project);
    let (resolved, spans) = resolve_spans(text, &values);
    if resolved.get(differing.amount.clone()) != Some(differing.written.as_str()) {
        return text.to_string();
    }
    let edit = (differing.amount.clone(), marker(&differing.replacement(), &differing.source));
    rebuild(&resolved, &spans, text, vec![edit])
}

/// What binding a narrative would do, per section: the texts that would change and the figures
/// that differ from the tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BindPlan {
    /// (section, bound text, how many figures it binds).
    pub bound: Vec<(NarrativeSection, String, usize)>,
    pub differing: Vec<(NarrativeSection, Differing)>,
}

/// The plan for the project's [`FIGURE_SECTIONS`].
pub fn plan(project: &Project) -> BindPlan {
    let values = Values::new(project);
    let mut plan = BindPlan::default();
    for section in FIGURE_SECTIONS {
        let Some(text) = section.text(&project.narrative) else { continue };
        let (resolved, spans) = resolve_spans(text, &values);
        let (bindable, differing) = plain_figures(&resolved, &spans, &values);
        plan.differing.extend(differing.into_iter().map(|d| (section, d)));
        if !bindable.is_empty() {
            let count = bindable.len();
            let edits = bindable.into_iter().map(|b| (b.amount, marker(&b.written, &b.source))).collect();
            plan.bound.push((section, rebuild(&resolved, &spans, text, edits), count));
        }
    }
    plan
}

/// Binds the whole narrative's figure sections; returns how many figures were bound.
pub fn bind_narrative(project: &mut Project) -> usize {
    let plan = plan(project);
    let mut count = 0;
    for (section, text, n) in plan.bound {
        if let Some(slot) = section.text_mut(&mut project.narrative) {
            *slot = text;
            count += n;
        }
    }
    count
}

/// The stored text after the user edited its resolved form from `old_resolved` to `new_resolved`:
/// the changed stretch is found as the common prefix and suffix; a bound figure the change touches
/// becomes plain text (typing over a figure unbinds it), every other marker stays.
pub fn edit(raw: &str, project: &Project, new_resolved: &str) -> String {
    let (old_resolved, spans) = resolve_spans(raw, &Values::new(project));
    edit_resolved(raw, &old_resolved, &spans, new_resolved)
}

/// [`edit`] with the text already resolved (the editor resolves once per frame, before it lends
/// the narrative out for editing).
pub fn edit_resolved(raw: &str, old_resolved: &str, spans: &[BoundSpan], new_resolved: &str) -> String {
    if old_resolved == new_resolved {
        return raw.to_string();
    }
    if spans.is_empty() {
        return new_resolved.to_string();
    }
    let prefix = common_prefix(old_resolved, new_resolved);
    let suffix =
        common_suffix(old_resolved.get(prefix..).unwrap_or_default(), new_resolved.get(prefix..).unwrap_or_default());
    let (mut from, mut to) = (prefix, old_resolved.len() - suffix);
    // Widen the changed stretch over every span it touches: those become plain.
    loop {
        let mut widened = false;
        for span in spans {
            let touches = if from == to {
                span.resolved.start < from && from < span.resolved.end
            } else {
                span.resolved.start < to && from < span.resolved.end
            };
            if touches && (span.resolved.start < from || span.resolved.end > to) {
                from = from.min(span.resolved.start);
                to = to.max(span.resolved.end);
                widened = true;
            }
        }
        if !widened {
            break;
        }
    }
    let new_to = new_resolved.len() - (old_resolved.len() - to);
    let middle = new_resolved.get(from..new_to).unwrap_or_default().to_string();
    let kept: Vec<BoundSpan> =
        spans.iter().filter(|s| s.resolved.end <= from || s.resolved.start >= to).cloned().collect();
    rebuild(old_resolved, &kept, raw, vec![(from..to, middle)])
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices().zip(b.chars()).find(|((_, x), y)| x != y).map_or(a.len().min(b.len()), |((i, _), _)| i)
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut length = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        length += x.len_utf8();
    }
    length
}

/// Where a marker's stored value no longer equals its source's value, or its source is unknown:
/// (section, stored value, what to say).
pub fn stale_markers(project: &Project) -> Vec<(NarrativeSection, String)> {
    let values = Values::new(project);
    let mut out = Vec::new();
    for (section, text) in NarrativeSection::texts(&project.narrative) {
        if !has_markers(text) {
            continue;
        }
        let (_, spans) = resolve_with(text, &values);
        for span in spans {
            match (&span.source, span.current) {
                (None, _) => out.push((
                    section,
                    format!("绑定数字“{}”的来源无法识别，按所存数值打印；请改为普通文字或重新绑定", span.stored),
                )),
                (Some(source), Some(current)) if span.is_stale() => out.push((
                    section,
                    format!(
                        "绑定数字所存的“{}”已不是{}的当前值，打印为 {}；可在编辑器的“绑定数字”中更新所存数值（或运行 yugong draft --bind）",
                        span.stored,
                        source.description(project),
                        shown_value(&span.stored, current)
                    ),
                )),
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "bound_tests.rs"]
mod tests;
