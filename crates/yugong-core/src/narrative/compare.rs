//! 比上年 comparisons: “较上年997.25万元增加9.54万元”, “项目支出增加49.14万元”, “与2021年相比持平”.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Figure;
use super::amounts::Reading;
use super::scan::{Unit, is_inline_space};

/// A 比上年 comparison: "较上年997.25万元增加9.54万元", "基本支出增加108.79万元", "减少39.6万元",
/// "与2023年相比减少18.98万元", "与2021年相比持平".
///
/// The audit checks `current − previous = change` where both are stated, and compares `current`
/// with the tables; the previous year's tables are not in the project, so `previous` and `change`
/// can only be checked against each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearOnYear {
    pub figure: Figure,
    /// This year's amount as the sentence states it (基本支出746.55万元较上年…), or, when the
    /// comparison has no subject of its own (“较去年124万元相比，减少8.81万元” after a sentence
    /// about the 三公 total), the amount the text leads with.
    pub current: Option<Decimal>,
    /// The previous year's amount when stated (较上年997.25万元).
    pub previous: Option<Decimal>,
    /// Signed: 增加 +, 减少 −, 持平 0.
    pub change: Decimal,
    /// The comparison as written, from its subject when that is in the same clause.
    pub phrase: String,
    /// Byte offset of the phrase in the text.
    pub start: usize,
    /// Whether the text gives a reason for the change: a reason word (主要原因, 主要为, 用于, 由于,
    /// 因…) in the comparison's sentence or the next one, or a later sentence on the reasons of
    /// the changes as a whole (增减变化的主要原因是…). 持平 needs none and counts as explained.
    pub explained: bool,
}

/// Words of a change followed by its amount. Longer first: 增加 before 增.
const CHANGE_WORDS: &[(&str, bool)] = &[
    ("增加了", true),
    ("增加", true),
    ("增长了", true),
    ("增长", true),
    ("上升", true),
    ("增", true),
    ("减少了", false),
    ("减少", false),
    ("下降了", false),
    ("下降", false),
    ("降低", false),
    ("压减", false),
    ("核减", false),
    ("减", false),
];

/// Words saying there was no change: enough on their own, they speak of 增减.
const SAME_WORDS: &[&str] = &["无增减变化", "无增减", "基本持平", "持平"];
/// Vaguer words (机构设置无变化) that count only after a comparison marker in their clause
/// (与上年相比无变化).
const SAME_WORDS_AFTER_MARKER: &[&str] = &["没有变化", "无变化", "未发生变化", "保持不变"];

/// Between a previous-year amount and the change word: “较去年124万元相比，减少8.81万元”.
const LINKING_WORDS: &[&str] = &["相比", "相较", "而言", "了", "，", ","];

/// Reads every 比上年 comparison in `text`.
///
/// The figure compared is, in order: the nearest label or stated amount before the comparison in
/// its sentence (“基本支出746.55万元较上年…”, “项目支出增加…”, “公务接待支出47.03万元，比去年减少…”);
/// else the figure the text leads with, because a comparison opening its own sentence (“较去年124万
/// 元相比，减少8.81万元。”, “与2021年相比持平”) speaks of the section's total. A comparison whose
/// nearest amount has no known label (a project item) is not read: its figure is unknown.
pub fn year_on_year(text: &str) -> Vec<YearOnYear> {
    year_on_year_in(&Reading::new(text))
}

pub(crate) fn year_on_year_in(reading: &Reading<'_>) -> Vec<YearOnYear> {
    let doc = &reading.doc;
    let topic =
        reading.stated.iter().enumerate().find_map(|(i, s)| s.map(|hit| (hit.figure, reading.numbers[i].value)));

    let reasons = Reasons::of(doc);
    // Char ranges of the comparisons read so far and the numbers they use.
    let mut found: Vec<(YearOnYear, usize, usize)> = Vec::new();
    let mut owned = vec![false; reading.numbers.len()];
    let mut i = 0;
    while i < doc.len() {
        let Some((change, change_end, change_number)) = change_at(reading, i) else {
            i += 1;
            continue;
        };
        let keyword = i;
        i = change_end;
        if let Some(n) = change_number {
            owned[n] = true;
        }

        // A previous-year amount right before the change word, after a marker (较上年786.15万元).
        let sentence = doc.sentence_start(keyword);
        let mut previous = None;
        let mut comparison_start = None;
        // Numbers are in text order: only those of this sentence before the keyword are looked
        // at (scanning all of them made long texts quadratic).
        let before_keyword = reading.numbers.partition_point(|n| n.start < keyword);
        let upper = change_number.unwrap_or(reading.numbers.len()).min(before_keyword);
        if let Some(a) = (0..upper)
            .rev()
            .take_while(|&k| reading.numbers[k].start >= sentence)
            .find(|&k| reading.numbers[k].unit_end <= keyword && reading.numbers[k].unit == Unit::Wan)
            && !owned[a]
            && only_linking_words(doc.slice(reading.numbers[a].unit_end, keyword))
        {
            let from = reading.label_window_start(a);
            if let Some(m) = reading.first_marker_in(from, reading.numbers[a].start) {
                previous = Some(reading.numbers[a].value);
                comparison_start = Some(m);
                owned[a] = true;
            }
        }
        let comparison_start = comparison_start.unwrap_or_else(|| {
            let from = doc.clause_start(keyword).max(last_amount_end_before(reading, keyword));
            reading.first_marker_in(from, keyword).unwrap_or(keyword)
        });

        // The subject: whatever stands nearest before the comparison in its sentence.
        // Each list is in text order, so the last match is found walking back from the
        // comparison to the sentence start (linear overall, not a scan of the whole text).
        let numbers_before = reading.numbers.partition_point(|n| n.start < comparison_start);
        let stated_before = (0..numbers_before)
            .rev()
            .take_while(|&k| reading.numbers[k].start >= sentence)
            .find(|&k| reading.numbers[k].is_amount() && !owned[k] && reading.numbers[k].unit_end <= comparison_start)
            .map(|k| (reading.numbers[k].unit_end, Subject::Amount(k)));
        let hits_before = reading.hits.partition_point(|h| h.start < comparison_start);
        let label_before = reading.hits[..hits_before]
            .iter()
            .rev()
            .take_while(|h| h.start >= sentence)
            .find(|h| h.end <= comparison_start)
            .map(|h| (h.end, Subject::Label(*h)));
        // `found` is in the order of its ends (each search resumes after the last change).
        let found_before = found.partition_point(|(_, _, to)| *to <= comparison_start);
        let comparison_before = found[..found_before]
            .iter()
            .rev()
            .take_while(|(_, _, to)| *to >= sentence)
            .find(|(_, from, _)| *from >= sentence)
            .map(|(y, _, to)| (*to, Subject::Comparison(y.figure)));
        let nearest =
            [stated_before, label_before, comparison_before].into_iter().flatten().max_by_key(|(end, _)| *end);

        let (figure, current, subject_start) = match nearest.map(|(_, s)| s) {
            Some(Subject::Amount(k)) => match reading.stated[k] {
                Some(hit) => (hit.figure, Some(reading.numbers[k].value), Some(hit.start)),
                // The nearest amount is a project or an item the text does not label.
                None => continue,
            },
            Some(Subject::Label(hit)) => (hit.figure, None, Some(hit.start)),
            // “与2021年相比持平，无增减变化”: the second phrase repeats the first.
            Some(Subject::Comparison(_)) if change.is_zero() && change_number.is_none() => continue,
            Some(Subject::Comparison(figure)) => (figure, None, None),
            None => match topic {
                Some((figure, value)) => (figure, Some(value), None),
                None => continue,
            },
        };
        let phrase_start = match subject_start {
            Some(s) if !doc.crosses_clause(s, comparison_start) => s,
            _ => comparison_start,
        };
        found.push((
            YearOnYear {
                figure,
                current,
                previous,
                change,
                phrase: doc.slice(phrase_start, change_end).to_string(),
                start: doc.byte(phrase_start),
                explained: change.is_zero() || reasons.explain(doc, keyword),
            },
            phrase_start,
            change_end,
        ));
    }
    found.into_iter().map(|(y, _, _)| y).collect()
}

/// Words that give a reason for a change, as the seeds write them: “主要原因是厉行节约”, “原因公务
/// 接待费支出核减”, “主要为人员保险支出”, “主要用于…”. 因 alone counts too (因人员增加), except in 因公
/// (因公出国（境）费 is a 三公 item). Longer words first where one starts another.
const REASON_WORDS: &[&str] =
    &["原因", "主要是", "主要为", "主要系", "主要用于", "用于", "由于", "因为", "所致", "导致", "为了"];

/// Where the text gives reasons, found once per text (asking for every comparison stays linear).
struct Reasons {
    /// Char positions where a reason word starts, in order.
    words: Vec<usize>,
    /// Char positions of a 原因 in a sentence that speaks of the changes as a whole
    /// (增减变化的主要原因是…, 变动原因…): it explains every comparison before it.
    general: Vec<usize>,
}

impl Reasons {
    fn of(doc: &super::scan::Doc<'_>) -> Reasons {
        let mut words = Vec::new();
        let mut general = Vec::new();
        for i in 0..doc.len() {
            let word = REASON_WORDS.iter().any(|w| doc.at(i, w))
                || (doc.char(i) == Some('因') && doc.char(i + 1) != Some('公'));
            if word {
                words.push(i);
            }
            if doc.at(i, "原因") {
                let from = doc.sentence_start(i);
                if ["增减", "变化", "变动"].iter().any(|w| doc.contains(from, i, w)) {
                    general.push(i);
                }
            }
        }
        Reasons { words, general }
    }

    /// Whether the change written at char `at` is explained: a reason word in its sentence or the
    /// next, or a general reason later in the text.
    fn explain(&self, doc: &super::scan::Doc<'_>, at: usize) -> bool {
        let from = doc.sentence_start(at);
        let own_end = doc.sentence_end(at);
        let next_end = if own_end < doc.len() { doc.sentence_end(own_end + 1) } else { own_end };
        let any_in = |positions: &[usize], from: usize, to: usize| {
            positions.get(positions.partition_point(|&p| p < from)).is_some_and(|&p| p < to)
        };
        any_in(&self.words, from, next_end) || any_in(&self.general, at, doc.len())
    }
}

enum Subject {
    /// Index into `Reading::numbers`.
    Amount(usize),
    Label(super::labels::LabelHit),
    Comparison(Figure),
}

/// A change at char `i`: (signed change, char after it, index of the change's number). A change
/// word counts only when a 万元 amount follows it (增加9.54万元); “减少支出” and “增减变化的原因” are
/// prose.
fn change_at(reading: &Reading<'_>, i: usize) -> Option<(Decimal, usize, Option<usize>)> {
    let doc = &reading.doc;
    if let Some((_, len)) = doc.at_any(i, SAME_WORDS) {
        return Some((Decimal::ZERO, i + len, None));
    }
    if let Some((_, len)) = doc.at_any(i, SAME_WORDS_AFTER_MARKER)
        && reading.first_marker_in(doc.clause_start(i), i).is_some()
    {
        return Some((Decimal::ZERO, i + len, None));
    }
    let (word, increase) = CHANGE_WORDS.iter().find(|(w, _)| doc.at(i, w))?;
    let after = doc.skip_space(i + word.chars().count());
    let k = reading.number_at(after)?;
    let n = &reading.numbers[k];
    if n.unit != Unit::Wan {
        return None;
    }
    let change = if *increase { n.value } else { -n.value };
    Some((change, n.unit_end, Some(k)))
}

fn last_amount_end_before(reading: &Reading<'_>, i: usize) -> usize {
    reading.amount_end_at_or_before(i)
}

fn only_linking_words(between: &str) -> bool {
    let mut rest: String = between.chars().filter(|c| !is_inline_space(*c)).collect();
    for w in LINKING_WORDS {
        rest = rest.replace(w, "");
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (figure, current, previous, change, phrase).
    type Read = (Figure, Option<String>, Option<String>, String, String);

    fn read(text: &str) -> Vec<Read> {
        year_on_year(text)
            .into_iter()
            .map(|y| {
                (
                    y.figure,
                    y.current.map(|d| d.to_string()),
                    y.previous.map(|d| d.to_string()),
                    y.change.to_string(),
                    y.phrase,
                )
            })
            .collect()
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn previous_amount_and_change() {
        assert_eq!(
            read("2022年度预算收支安排1006.79万元，较上年997.25万元增加9.54万元。"),
            vec![(
                Figure::ExpenseTotal,
                s("1006.79"),
                s("997.25"),
                "9.54".into(),
                "较上年997.25万元增加9.54万元".into()
            )]
        );
        assert_eq!(
            read("其中：基本支出746.55万元较上年786.15万元减少39.6万元，主要原因是厉行节约，减少支出；"),
            vec![(
                Figure::Basic,
                s("746.55"),
                s("786.15"),
                "-39.6".into(),
                "基本支出746.55万元较上年786.15万元减少39.6万元".into()
            )]
        );
    }

    #[test]
    fn comparison_before_its_subject() {
        assert_eq!(
            read("与上年相比，基本支出减少40.31万元；同比增加5万元。"),
            vec![(Figure::Basic, None, None, "-40.31".into(), "基本支出减少40.31万元".into())]
        );
        assert_eq!(
            read("公务接待费10万元，比上年增加了2万元"),
            vec![(Figure::Reception, s("10"), None, "2".into(), "比上年增加了2万元".into())]
        );
    }

    #[test]
    fn label_without_amount() {
        assert_eq!(
            read("其中：基本支出增加108.79万元，主要为人员经费增加项目支出增加58.94万元，"),
            vec![
                (Figure::Basic, None, None, "108.79".into(), "基本支出增加108.79万元".into()),
                (Figure::Project, None, None, "58.94".into(), "项目支出增加58.94万元".into()),
            ]
        );
    }

    #[test]
    fn comparison_opening_a_sentence_speaks_of_the_lead_figure() {
        assert_eq!(
            read("“三公”经费预算安排91.33万元。其中，公务接待费76万元。与2021年相比持平，无增减变化。"),
            vec![(Figure::ThreePublicTotal, s("91.33"), None, "0".into(), "与2021年相比持平".into())]
        );
        assert_eq!(
            read("三公经费预算安排115.19万元。较去年124万元相比，减少8.81万元，原因…"),
            vec![(
                Figure::ThreePublicTotal,
                s("115.19"),
                s("124"),
                "-8.81".into(),
                "较去年124万元相比，减少8.81万元".into()
            )]
        );
    }

    fn explained(text: &str) -> Vec<(String, bool)> {
        year_on_year(text).into_iter().map(|y| (y.phrase, y.explained)).collect()
    }

    #[test]
    fn a_change_is_explained_in_its_sentence_the_next_or_by_a_general_reason() {
        let no = |p: &str| (p.to_string(), false);
        let yes = |p: &str| (p.to_string(), true);
        // 因公出国 is an item, not a reason; 因 elsewhere is one.
        assert_eq!(explained("因公出国（境）费7.00万元，比上年增加2万元。"), [no("比上年增加2万元")]);
        assert_eq!(explained("公务接待费10万元，比上年增加2万元，因接待任务增加。"), [yes("比上年增加2万元")]);
        // The next sentence explains; the one after does not.
        assert_eq!(
            explained("基本支出增加10万元。主要原因是人员增加。项目支出增加5万元。其他。原因在此。"),
            [yes("基本支出增加10万元"), no("项目支出增加5万元")]
        );
        // A later sentence on the reasons of the changes as a whole explains every change before it.
        assert_eq!(
            explained("基本支出增加10万元；项目支出增加5万元；培训费。增减变化的主要原因是【请填写增减原因】。"),
            [yes("基本支出增加10万元"), yes("项目支出增加5万元")]
        );
        // 持平 needs no reason.
        assert_eq!(explained("公务接待费10万元，与上年持平。"), [yes("与上年持平")]);
    }

    #[test]
    fn prose_and_unlabelled_subjects_are_not_comparisons() {
        assert_eq!(read("增减变化的主要原因是公务接待费减少。减少支出。"), vec![]);
        // The subject is a project item without a known label.
        assert_eq!(read("项目支出100万元，主要为办公系统经费20万元，比上年增加5万元。"), vec![]);
        // A change in 元 is not a 万元 figure (text_issues reports it).
        assert_eq!(read("基本支出增加1.61元"), vec![]);
        // Nothing to compare.
        assert_eq!(read("与上年相比持平。"), vec![]);
        // 无变化 without a comparison is not one; with one it is.
        assert_eq!(read("公务接待费10万元，机构设置无变化。"), vec![]);
        assert_eq!(
            read("公务接待费10万元，与上年相比无变化。"),
            vec![(Figure::Reception, s("10"), None, "0".into(), "与上年相比无变化".into())]
        );
    }
}
