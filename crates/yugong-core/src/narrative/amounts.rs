//! Amounts the text states for a figure: “基本支出746.55 万元” → (Basic, 746.55).

use rust_decimal::Decimal;
use serde::Serialize;

use super::Figure;
use super::labels::{LabelHit, label_hits, last_label_in};
use super::scan::{Doc, Number, Unit, numbers};

/// One amount the text states, with where it stands so findings can quote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatedAmount {
    pub figure: Figure,
    /// The amount in 万元, with the scale as written (“0.00” stays 0.00).
    pub value: Decimal,
    /// The label..amount text as written, e.g. “基本支出746.55 万元”: what a finding quotes.
    pub phrase: String,
    /// Byte offset of the phrase in the text, so the editor can select it.
    pub start: usize,
    /// Byte range of the amount itself, number through unit (“746.55 万元”): what binding wraps.
    #[serde(skip)]
    pub amount: std::ops::Range<usize>,
}

/// Reads every amount in 万元 that follows a known label in `text`.
///
/// The label is the nearest known label before the number within its clause (a clause ends at
/// ，。；, or at the previous amount), so in “包括人员经费 296.77 万元和日常公用经费 449.78 万元”
/// each amount gets its own label. Amounts with no known label are not stated figures: the text
/// names many things (项目 names, economic items) the tables do not total, and a guessed figure
/// would produce false findings. Amounts that are comparisons (较上年997.25万元, 增加9.54万元) are
/// read by [`year_on_year`](super::year_on_year), not here.
pub fn stated_amounts(text: &str) -> Vec<StatedAmount> {
    stated_in(&Reading::new(text))
}

pub(crate) fn stated_in(reading: &Reading<'_>) -> Vec<StatedAmount> {
    reading.stated.iter().enumerate().filter_map(|(i, s)| s.map(|hit| reading.stated_amount(i, hit))).collect()
}

/// A stated total and the amounts the same sentence breaks it into: “项目支出260.24万元主要为
/// 网络光纤租用费24.64万元，广告牌租赁费25.5万元…”, “机关运行经费364.32万元，其中：办公费192.91万元、…”.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemList {
    pub total: StatedAmount,
    /// The listed amounts in 万元, in text order (a doubled unit, “20万万元”, counts as 万元: the
    /// typo is reported on its own).
    pub items: Vec<Decimal>,
}

/// Reads the breakdowns of 机关运行经费 and 项目支出: the 万元 amounts after the total up to the end
/// of its sentence that are neither figures nor comparisons.
pub fn item_lists(text: &str) -> Vec<ItemList> {
    item_lists_in(&Reading::new(text))
}

pub(crate) fn item_lists_in(reading: &Reading<'_>) -> Vec<ItemList> {
    let mut lists = Vec::new();
    for (i, stated) in reading.stated.iter().enumerate() {
        let Some(hit) = stated.filter(|h| matches!(h.figure, Figure::OperatingCosts | Figure::Project)) else {
            continue;
        };
        let total = &reading.numbers[i];
        let end = reading.doc.full_stop_end(total.unit_end);
        // A list ends at its sentence's end or where the next list's total stands: its items
        // are that total's (and lists that ran to the end of a text without full stops made
        // reading it quadratic).
        let items = reading
            .numbers
            .iter()
            .enumerate()
            .skip(i + 1)
            .take_while(|(j, n)| {
                n.start < end
                    && !reading.stated[*j].is_some_and(|h| matches!(h.figure, Figure::OperatingCosts | Figure::Project))
            })
            .filter(|(j, n)| {
                let clause = reading.doc.clause_start(n.start);
                matches!(n.unit, Unit::Wan | Unit::Doubled)
                    && reading.stated[*j].is_none()
                    && reading.first_marker_in(clause, n.start).is_none()
                    && !reading.change_word_in(clause, n.start)
            })
            .map(|(_, n)| n.value)
            .collect();
        lists.push(ItemList { total: reading.stated_amount(i, hit), items });
    }
    lists
}

/// The first of the ordered `positions` in `from..to`.
fn first_in(positions: &[usize], from: usize, to: usize) -> Option<usize> {
    let at = positions.partition_point(|&p| p < from);
    positions.get(at).copied().filter(|&p| p < to)
}

/// The shared analysis of one text: its numbers, its labels and which amounts state a figure.
pub(crate) struct Reading<'a> {
    pub doc: Doc<'a>,
    pub numbers: Vec<Number>,
    pub hits: Vec<LabelHit>,
    /// Per entry of `numbers`: the label when the number is a stated 万元 amount.
    pub stated: Vec<Option<LabelHit>>,
    /// `amount_end_before[i]`: the end (after the unit) of the last amount among `numbers[..i]`,
    /// or 0; one entry more than `numbers`. Looked up for every number and change word, so it is
    /// computed once: walking back each time made long texts quadratic (issue 12).
    amount_end_before: Vec<usize>,
    /// Where a comparison marker (较上年, 比2021年, 同比) starts, in order; and where 增加/减少
    /// is written. Asked for a window before every amount: scanning the window each time was
    /// quadratic in a long clause.
    markers: Vec<usize>,
    change_words: Vec<usize>,
}

impl<'a> Reading<'a> {
    pub fn new(text: &'a str) -> Self {
        let doc = Doc::new(text);
        let numbers = numbers(&doc);
        let hits = label_hits(&doc);
        let mut amount_end_before = Vec::with_capacity(numbers.len() + 1);
        let mut last = 0;
        amount_end_before.push(last);
        for n in &numbers {
            if n.is_amount() {
                last = n.unit_end;
            }
            amount_end_before.push(last);
        }
        let markers = (0..doc.len()).filter(|&k| comparison_marker_at(&doc, k).is_some()).collect();
        let change_words = (0..doc.len()).filter(|&k| doc.at_any(k, &["增加", "减少"]).is_some()).collect();
        let mut reading =
            Reading { stated: vec![None; numbers.len()], doc, numbers, hits, amount_end_before, markers, change_words };
        reading.stated = reading.read_stated();
        reading
    }

    pub fn stated_amount(&self, index: usize, hit: LabelHit) -> StatedAmount {
        let n = &self.numbers[index];
        StatedAmount {
            figure: hit.figure,
            value: n.value,
            phrase: self.doc.slice(hit.start, n.unit_end).to_string(),
            start: self.doc.byte(hit.start),
            amount: self.doc.byte(n.start)..self.doc.byte(n.unit_end),
        }
    }

    /// End (after the unit) of the last amount before number `index`, or 0.
    pub fn previous_amount_end(&self, index: usize) -> usize {
        self.amount_end_before.get(index).copied().unwrap_or(0)
    }

    /// End of the last amount that ends at or before char `i`, or 0. Numbers are in text order
    /// and do not overlap, so their ends are increasing.
    pub fn amount_end_at_or_before(&self, i: usize) -> usize {
        self.previous_amount_end(self.numbers.partition_point(|n| n.unit_end <= i))
    }

    /// The first comparison marker starting in chars `from..to`.
    pub fn first_marker_in(&self, from: usize, to: usize) -> Option<usize> {
        first_in(&self.markers, from, to)
    }

    /// Whether 增加 or 减少 starts in chars `from..to`.
    pub fn change_word_in(&self, from: usize, to: usize) -> bool {
        first_in(&self.change_words, from, to).is_some()
    }

    /// Whether any 万元 amount (`unit`) or any amount lies wholly in chars `from..to`
    /// (`end` or `unit_end` inside).
    pub fn any_number_in(&self, from: usize, to: usize, accept: impl Fn(&Number) -> bool) -> bool {
        let first = self.numbers.partition_point(|n| n.start < from);
        self.numbers.get(first..).unwrap_or_default().iter().take_while(|n| n.start < to).any(accept)
    }

    /// Index of the number starting at char `i`.
    pub fn number_at(&self, i: usize) -> Option<usize> {
        let k = self.numbers.partition_point(|n| n.start < i);
        self.numbers.get(k).filter(|n| n.start == i).map(|_| k)
    }

    /// Where the label of number `index` may stand: its clause, after the previous amount.
    pub fn label_window_start(&self, index: usize) -> usize {
        let n = &self.numbers[index];
        self.doc.clause_start(n.start).max(self.previous_amount_end(index))
    }

    /// The label that names number `index`, if the text between them is a plain qualifier and no
    /// comparison comes before it in the clause.
    pub fn label_of(&self, index: usize) -> Option<LabelHit> {
        let n = &self.numbers[index];
        let from = self.label_window_start(index);
        let hit = last_label_in(&self.hits, from, n.start)?;
        let qualifier = self.doc.slice(hit.end, n.start);
        if !qualifier_is_plain(qualifier, hit.figure) {
            return None;
        }
        // “较上年基本支出786.15万元”: a previous-year value, not what the budget states.
        if self.first_marker_in(from, hit.start).is_some() {
            return None;
        }
        Some(hit)
    }

    fn read_stated(&self) -> Vec<Option<LabelHit>> {
        let mut stated = vec![None; self.numbers.len()];
        // The breakdown after 机关运行经费 or 项目支出 runs to the end of the sentence; while in it,
        // only a figure of another section (基本支出, 支出预算 …) is read.
        let mut items_until = 0;
        for (i, n) in self.numbers.iter().enumerate() {
            if n.unit != Unit::Wan {
                continue;
            }
            let Some(hit) = self.label_of(i) else { continue };
            if n.start < items_until {
                if !ends_item_list(hit.figure) {
                    continue;
                }
                items_until = 0;
            }
            stated[i] = Some(hit);
            if matches!(hit.figure, Figure::OperatingCosts | Figure::Project) {
                items_until = self.doc.full_stop_end(n.unit_end);
            }
        }
        stated
    }
}

/// Whether a figure stated inside the item list of 机关运行经费 or 项目支出 ends that list. The
/// items of 机关运行经费 are economic classes (公务用车运行维护费20.16万元, 会议费16.25万元) and the
/// items of 项目支出 are projects (区政府一招人员经费 …): they use the words of 三公 items, 人员经费
/// or 公用经费 but are parts of the total, not the section figures. A section total (基本支出, 支出
/// 预算, an income figure …) cannot be an item, so the text has moved on.
fn ends_item_list(figure: Figure) -> bool {
    !matches!(
        figure,
        Figure::Personnel
            | Figure::Public
            | Figure::OutboundTravel
            | Figure::VehicleTotal
            | Figure::VehiclePurchase
            | Figure::VehicleUpkeep
            | Figure::Reception
            | Figure::Meeting
            | Figure::Training
            | Figure::Procurement
            | Figure::PlannedAssetPurchase
    )
}

/// The words that may stand between a label and its amount: “预算收入总额为”, “经费预算安排”,
/// “（境）支出”, “费为”, “共计安排”. An allow-list rather than a list of forbidden words: anything
/// else between them (增加, 较上年, 人均, 不超过, 中办公费 …) means the amount is not the labelled
/// figure itself, and not reading it is safer than reading it wrong. Longer words first.
const QUALIFIER_WORDS: &[&str] = &[
    "（境）",
    "(境)",
    "预算数",
    "预算",
    "安排",
    "共计",
    "合计",
    "总计",
    "小计",
    "总额",
    "金额",
    "资金",
    "经费",
    "支出",
    "费用",
    "费",
    "拨款",
    "财政",
    "本年度",
    "本年",
    "全年",
    "当年",
    "年度",
    "预计",
    "原值",
    "价值",
    "账面",
    "共",
    "计",
    "为",
    "是",
    "约",
    "达",
    "的",
    "了",
    "：",
    ":",
    "”",
    "“",
    "\"",
    "’",
    "‘",
    "年",
    "度",
];

/// The longest qualifier seen in the documents is “”经费预算安排” (7 chars); a label further away
/// than this is a word earlier in a long clause, not the amount's label.
const MAX_QUALIFIER_CHARS: usize = 12;

pub(crate) fn qualifier_is_plain(qualifier: &str, figure: Figure) -> bool {
    let rest: Vec<char> = qualifier.chars().filter(|c| !c.is_whitespace()).collect();
    if rest.len() > MAX_QUALIFIER_CHARS {
        return false;
    }
    // “一般公共预算拨款支出”: the income labels also start expense words.
    if figure.is_income() && qualifier.contains("支出") {
        return false;
    }
    let mut i = 0;
    while i < rest.len() {
        if rest[i].is_ascii_digit() {
            // A year inside the qualifier: “三公经费2022年预算”.
            i += 1;
            continue;
        }
        let Some(len) = QUALIFIER_WORDS
            .iter()
            .map(|w| w.chars().collect::<Vec<_>>())
            .find_map(|w| rest[i..].starts_with(&w).then_some(w.len()))
        else {
            return false;
        };
        i += len;
    }
    true
}

/// A comparison marker at char `i`: 较/比/与 followed by 上年, 去年, 上一年, 同期 or a year
/// (较2023年预算, 与2021年相比), or 同比. Returns the marker's length in chars.
pub(crate) fn comparison_marker_at(doc: &Doc<'_>, i: usize) -> Option<usize> {
    if doc.at(i, "同比") {
        return Some(2);
    }
    if !matches!(doc.char(i), Some('较' | '比' | '与')) {
        return None;
    }
    let j = doc.skip_space(i + 1);
    if doc.at_any(j, &["上年", "去年", "上一年", "前一年", "同期"]).is_some() {
        return Some(1);
    }
    let digits = (j..j + 4).all(|k| doc.char(k).is_some_and(|c| c.is_ascii_digit()));
    (digits && doc.at(doc.skip_space(j + 4), "年")).then_some(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_lists_of_the_samples_add_up_to_their_totals() {
        let gaoyang =
            crate::project_format::parse(crate::samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap();
        let operating = item_lists(&gaoyang.narrative.operating_costs);
        assert_eq!(operating.len(), 1);
        assert_eq!(operating[0].total.value.to_string(), "364.32");
        assert_eq!(operating[0].items.len(), 12);
        assert_eq!(operating[0].items.iter().sum::<Decimal>().to_string(), "364.32");
        let projects = item_lists(&gaoyang.narrative.overview.expense);
        assert_eq!(projects.len(), 1);
        assert_eq!(projects[0].total.figure, Figure::Project);
        assert_eq!(projects[0].items.len(), 11);
        assert_eq!(projects[0].items.iter().sum::<Decimal>().to_string(), "260.24");
        // 涞源 names its projects without amounts: no list to add up.
        let laiyuan =
            crate::project_format::parse(crate::samples::sample_text("laiyuan-2024").unwrap().as_bytes()).unwrap();
        assert!(item_lists(&laiyuan.narrative.overview.expense).iter().all(|l| l.items.is_empty()));
    }

    fn read(text: &str) -> Vec<(Figure, String, String)> {
        stated_amounts(text).into_iter().map(|s| (s.figure, s.value.to_string(), s.phrase)).collect()
    }

    #[test]
    fn label_and_qualifier_before_the_amount() {
        assert_eq!(
            read(
                "2022 年支出预算1006.79 万元，其中基本支出746.55 万元，包括人员经费 296.77 万元和日常公用经费 449.78 万元"
            ),
            vec![
                (Figure::ExpenseTotal, "1006.79".into(), "支出预算1006.79 万元".into()),
                (Figure::Basic, "746.55".into(), "基本支出746.55 万元".into()),
                (Figure::Personnel, "296.77".into(), "人员经费 296.77 万元".into()),
                (Figure::Public, "449.78".into(), "日常公用经费 449.78 万元".into()),
            ]
        );
        assert_eq!(
            read("公务用车购置支出为0万元"),
            vec![(Figure::VehiclePurchase, "0".into(), "公务用车购置支出为0万元".into())]
        );
    }

    #[test]
    fn start_is_a_byte_offset_of_the_phrase() {
        let text = "我部门2022年三公经费预算安排115.19万元。";
        let s = &stated_amounts(text)[0];
        assert_eq!(&text[s.start..s.start + s.phrase.len()], s.phrase);
        assert_eq!(s.phrase, "三公经费预算安排115.19万元");
    }

    #[test]
    fn unlabelled_changed_and_previous_amounts_are_not_stated() {
        // No known label: a project name.
        assert_eq!(read("办公系统经费20万元"), vec![]);
        // Changes and previous-year values.
        assert_eq!(read("基本支出增加108.79万元"), vec![]);
        assert_eq!(read("较上年997.25万元增加9.54万元"), vec![]);
        assert_eq!(read("较上年基本支出786.15万元"), vec![]);
        // Not 万元.
        assert_eq!(read("公务接待费1.61元，人员经费20%"), vec![]);
        // A rate and a bound.
        assert_eq!(read("公务接待费人均0.01万元，会议费不超过2万元"), vec![]);
        // An expense written with an income word.
        assert_eq!(read("一般公共预算拨款支出100万元"), vec![]);
        // An unknown item between the label and the amount: a part, not the figure.
        assert_eq!(read("基本支出中办公费20万元"), vec![]);
        // 财政拨款收入 has no figure of its own.
        assert_eq!(read("其中：财政拨款收入预算1486.83万元，事业收入0万元"), vec![]);
    }

    #[test]
    fn qualifiers_between_label_and_amount() {
        for (text, figure, value) in [
            ("三公经费2022年预算安排115.19万元", Figure::ThreePublicTotal, "115.19"),
            ("财政拨款“三公”经费预算数为171.00万元", Figure::ThreePublicTotal, "171.00"),
            ("因公出国（境）费用为0.00万元", Figure::OutboundTravel, "0.00"),
            ("上年末固定资产原值为594.97万元", Figure::AssetsTotal, "594.97"),
            ("其中：一般公共预算拨款1006.79万元", Figure::GeneralBudgetIncome, "1006.79"),
            ("机关运行经费：364.32万元", Figure::OperatingCosts, "364.32"),
        ] {
            assert_eq!(
                read(text).into_iter().map(|(f, v, _)| (f, v)).collect::<Vec<_>>(),
                vec![(figure, value.into())],
                "{text}"
            );
        }
    }

    #[test]
    fn a_list_ends_where_the_next_list_total_stands() {
        let lists =
            item_lists("项目支出100万元，主要为租赁费10万元；机关运行经费50万元，其中：办公费20万元、水电费30万元。");
        let items: Vec<Vec<String>> = lists.iter().map(|l| l.items.iter().map(|d| d.to_string()).collect()).collect();
        assert_eq!(items, [vec!["10"], vec!["20", "30"]]);
    }

    #[test]
    fn items_of_operating_costs_and_projects_are_not_figures() {
        assert_eq!(
            read(
                "机关运行经费364.32万元，其中：办公费192.91万元、公务用车运行维护费20.16万元、会议费16.25万元。公务接待费5万元。"
            ),
            vec![
                (Figure::OperatingCosts, "364.32".into(), "机关运行经费364.32万元".into()),
                (Figure::Reception, "5".into(), "公务接待费5万元".into()),
            ]
        );
        // A section figure after the project list is still read.
        assert_eq!(
            read("项目支出260.24万元，主要为区政府一招人员经费156.4万元；基本支出746.55万元"),
            vec![
                (Figure::Project, "260.24".into(), "项目支出260.24万元".into()),
                (Figure::Basic, "746.55".into(), "基本支出746.55万元".into()),
            ]
        );
    }
}
