//! Problems in the wording itself, found without the tables: template leftovers, wrong units,
//! wrong level words and wrong years.

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::amounts::Reading;
use super::scan::{Doc, Number, Unit};

/// Text problems that are warnings whatever the tables say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TextIssueKind {
    /// Template text left in: 目标内容1, XX/xx/××, 待填写, 待补充, a clause that is only “……”,
    /// 【…】 template brackets.
    Placeholder,
    /// An amount written in 元 where the text means 万元 (“公务接待费1.61元”): a stated figure, a
    /// change, or an amount in a sentence of 万元 amounts. Rates (人均500元, 500元/人) are not.
    AmountWithoutWan,
    /// The unit written twice: “20万万元”.
    DoubledUnit,
    /// A level word of another government level (省级财政 in a 县 document), usually copied from
    /// another department's document.
    WrongLevelWord,
    /// A year in a budget sentence that is not the budget year, or the previous year used other
    /// than for a comparison (“2021年预算收入” in a 2022 document): usually last year's text.
    YearMismatch,
    /// A slot drafting left for what no table holds (【请填写增减原因】): reported as its own rule
    /// (`NARR-SLOT`) until it is filled, not as template text.
    Slot,
}

/// One problem, with the words as written so the finding can quote them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextIssue {
    pub kind: TextIssueKind,
    /// The offending words as written.
    pub phrase: String,
    /// Byte offset of the phrase in the text.
    pub start: usize,
    /// The message users see, in Chinese, quoting the phrase.
    pub message: String,
}

/// Finds the text problems in one narrative text of a `budget_year` document of a government
/// at `level_word` (“县” | “区” | “市” | “省”; any other word turns the level check off).
pub fn text_issues(text: &str, budget_year: u16, level_word: &str) -> Vec<TextIssue> {
    issues_in(&Reading::new(text), budget_year, level_word)
}

pub(crate) fn issues_in(reading: &Reading<'_>, budget_year: u16, level_word: &str) -> Vec<TextIssue> {
    let doc = &reading.doc;
    let titles = title_mask(doc);
    let mut found: Vec<(TextIssueKind, usize, usize, String)> = Vec::new();
    placeholders(doc, &mut found);
    units(reading, &mut found);
    level_words(doc, &titles, level_word, &mut found);
    years(reading, &titles, budget_year, &mut found);

    // One report per place: a 【XX单位】 is one placeholder, not two. Sorted by start and then
    // longest first, an issue is inside an earlier one of its kind when that one reaches as far.
    found.sort_by_key(|(kind, from, to, _)| (*from, std::cmp::Reverse(*to), *kind as u8));
    let mut reach: Vec<(TextIssueKind, usize)> = Vec::new();
    let mut keep = Vec::with_capacity(found.len());
    for (kind, _, to, _) in &found {
        match reach.iter_mut().find(|(k, _)| k == kind) {
            Some((_, r)) if *r >= *to => keep.push(false),
            Some((_, r)) => {
                *r = *to;
                keep.push(true);
            }
            None => {
                reach.push((*kind, *to));
                keep.push(true);
            }
        }
    }
    found
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|((kind, from, to, message), _)| TextIssue {
            kind,
            phrase: doc.slice(from, to).to_string(),
            start: doc.byte(from),
            message,
        })
        .collect()
}

/// Chars inside 《…》 (titles of laws and documents: 《河北省省级预算公开办法》) or inside document
/// number brackets (〔2019〕, [2019]): their years and level words are someone else's.
fn title_mask(doc: &Doc<'_>) -> Vec<bool> {
    let mut mask = vec![false; doc.len()];
    let (mut titles, mut brackets) = (0u32, 0u32);
    for (i, &c) in doc.chars.iter().enumerate() {
        match c {
            '\n' | '\r' => (titles, brackets) = (0, 0),
            '《' => titles += 1,
            '〔' | '［' | '[' | '【' => brackets += 1,
            _ => {}
        }
        mask[i] = titles > 0 || brackets > 0;
        match c {
            '》' => titles = titles.saturating_sub(1),
            '〕' | '］' | ']' | '】' => brackets = brackets.saturating_sub(1),
            _ => {}
        }
    }
    mask
}

const PLACEHOLDER_WORDS: &[&str] = &["待填写", "待补充", "请填写", "请输入", "此处填写"];

/// Words before 指标N that make it a template indicator name (数量指标1, 二级指标2).
const INDICATOR_KINDS: &[&str] =
    &["一级", "二级", "三级", "数量", "质量", "时效", "成本", "效益", "满意度", "产出", "效果", "绩效"];

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | '×' | 'Ｘ' | 'ｘ')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A place where a phrase may begin or end as a whole: text edge, punctuation or space.
fn is_boundary(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation() || (!c.is_alphanumeric() && !is_cjk(c)))
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn placeholders(doc: &Doc<'_>, found: &mut Vec<(TextIssueKind, usize, usize, String)>) {
    let n = doc.len();
    let push = |from: usize, to: usize, found: &mut Vec<_>| {
        let phrase = doc.slice(from, to);
        found.push((TextIssueKind::Placeholder, from, to, format!("“{phrase}”是模板占位内容，请填写实际内容")));
    };
    let mut i = 0;
    while i < n {
        let c = doc.chars[i];
        // A drafting slot, up to its 】 (or the end of the line when unclosed).
        if doc.at(i, super::draft::SLOT_OPEN) {
            let line = doc.chars[i..].iter().position(|&c| c == '\n').map_or(n, |p| i + p);
            let end = doc.chars[i..line].iter().position(|&c| c == '】').map_or(line, |p| i + p + 1);
            let phrase = doc.slice(i, end);
            found.push((TextIssueKind::Slot, i, end, format!("“{phrase}”尚待填写：请换成实际内容")));
            i = end;
            continue;
        }
        // XX, xx, ××: a run of two or more, not part of a Latin word (XXL).
        if is_x(c) {
            let from = i;
            while doc.char(i).is_some_and(is_x) {
                i += 1;
            }
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
            if i - from >= 2 && !latin(from.checked_sub(1).and_then(|p| doc.char(p))) && !latin(doc.char(i)) {
                push(from, i, found);
            }
            continue;
        }
        // 目标内容1, 指标内容2.
        if let Some((_, len)) = doc.at_any(i, &["目标内容", "指标内容"]) {
            let mut end = i + len;
            while doc.char(end).is_some_and(is_digit) {
                end += 1;
            }
            if end > i + len {
                push(i, end, found);
                i = end;
                continue;
            }
        }
        // 指标1, 数量指标2 standing alone (a template name), not 指标1次.
        if doc.at(i, "指标") && doc.char(i + 2).is_some_and(is_digit) {
            let mut end = i + 2;
            while doc.char(end).is_some_and(is_digit) {
                end += 1;
            }
            let from = INDICATOR_KINDS
                .iter()
                .find(|k| i >= k.chars().count() && doc.at(i - k.chars().count(), k))
                .map_or(i, |k| i - k.chars().count());
            if is_boundary(from.checked_sub(1).and_then(|p| doc.char(p))) && is_boundary(doc.char(end)) {
                push(from, end, found);
                i = end;
                continue;
            }
        }
        if let Some((_, len)) = doc.at_any(i, PLACEHOLDER_WORDS) {
            push(i, i + len, found);
            i += len;
            continue;
        }
        // A clause that is only “……” (after an optional item number): 1、……
        if c == '…' || doc.at(i, "...") {
            let from = i;
            while doc.char(i).is_some_and(|c| c == '…' || c == '.') {
                i += 1;
            }
            let bounds = |c: char| super::scan::is_clause_end(c) || matches!(c, '：' | ':');
            let numbering = |c: char| c.is_whitespace() || is_digit(c) || "、.．()（）一二三四五六七八九十".contains(c);
            // The clause holds only numbering around the dots: walking out from them stops at
            // the first char that is a bound (yes) or no numbering (no), so a long clause is not
            // walked whole for every run of dots.
            let alone_before =
                doc.chars[..from].iter().rev().find(|&&c| bounds(c) || !numbering(c)).is_none_or(|&c| bounds(c));
            let alone_after = doc.chars[i..].iter().find(|&&c| bounds(c) || !numbering(c)).is_none_or(|&c| bounds(c));
            if alone_before && alone_after {
                push(from, i, found);
            }
            continue;
        }
        // 【单位名称】: template brackets.
        if c == '【'
            && let Some(close) = doc.chars[i..].iter().take_while(|&&c| c != '\n').position(|&c| c == '】')
        {
            push(i, i + close + 1, found);
        }
        i += 1;
    }
}

/// Words after a 元 amount that make it a rate or a bound (500元/人, 1000元以上).
const RATE_AFTER: &[&str] = &["/", "／", "每", "以上", "以下", "以内", "起", "左右"];
/// Words before a 元 amount in its clause that make it a rate or a bound (人均500元, 按每人).
const RATE_BEFORE: &[&str] =
    &["每", "人均", "标准", "单价", "平均", "超过", "低于", "高于", "不高于", "最高", "以内", "按"];
const CHANGE_BEFORE: &[&str] = &["增加", "增长", "减少", "下降", "降低", "增", "减"];

fn units(reading: &Reading<'_>, found: &mut Vec<(TextIssueKind, usize, usize, String)>) {
    let doc = &reading.doc;
    for (k, n) in reading.numbers.iter().enumerate() {
        match n.unit {
            Unit::Doubled => {
                let phrase = doc.slice(n.start, n.unit_end);
                let number = doc.slice(n.start, n.end);
                found.push((
                    TextIssueKind::DoubledUnit,
                    n.start,
                    n.unit_end,
                    format!("“{phrase}”的金额单位写重了，应为“{number}万元”"),
                ));
            }
            Unit::Yuan => {
                if let Some(from) = yuan_meant_as_wan(reading, k, n) {
                    let phrase = doc.slice(from, n.unit_end);
                    let number = doc.slice(n.start, n.end);
                    found.push((
                        TextIssueKind::AmountWithoutWan,
                        from,
                        n.unit_end,
                        format!("“{phrase}”的金额单位是元，情况说明的金额单位是万元，请核对是否应为“{number}万元”"),
                    ));
                }
            }
            _ => {}
        }
    }
}

/// Where the phrase of a 元 amount that should be 万元 starts, or `None` when the 元 is right.
fn yuan_meant_as_wan(reading: &Reading<'_>, k: usize, n: &Number) -> Option<usize> {
    let doc = &reading.doc;
    // 0元 is 0万元: the unit is inconsistent but the figure is right, not worth a warning.
    if n.value.is_zero() {
        return None;
    }
    let after = doc.skip_space(n.unit_end);
    if doc.at_any(after, RATE_AFTER).is_some() {
        return None;
    }
    let clause = doc.clause_start(n.start);
    if RATE_BEFORE.iter().any(|w| doc.contains(clause, n.start, w)) {
        return None;
    }
    if let Some(hit) = reading.label_of(k) {
        return Some(hit.start);
    }
    let before = doc.skip_space_back(n.start);
    if let Some(w) = CHANGE_BEFORE.iter().find(|w| before >= w.chars().count() && doc.at(before - w.chars().count(), w))
    {
        return Some(before - w.chars().count());
    }
    let (from, to) = (doc.sentence_start(n.start), doc.sentence_end(n.start));
    reading.any_number_in(from, to, |m| m.unit == Unit::Wan && m.unit_end <= to).then_some(n.start)
}

const LEVELS: &[char] = &['省', '市', '县', '区'];
const LEVEL_NOUNS: &[&str] = &["财政", "部门", "单位", "预算"];

fn level_words(
    doc: &Doc<'_>,
    titles: &[bool],
    level_word: &str,
    found: &mut Vec<(TextIssueKind, usize, usize, String)>,
) {
    let mut own = level_word.chars();
    let (Some(own), None) = (own.next(), own.next()) else { return };
    if !LEVELS.contains(&own) {
        return;
    }
    for i in 1..doc.len() {
        let x = doc.chars[i - 1];
        if doc.chars[i] != '级' || !LEVELS.contains(&x) || x == own || titles[i - 1] {
            continue;
        }
        // 市县级财政, 省、市级: a list of levels. 地市级, 副省级: a category, not this level.
        if i >= 2 && (LEVELS.contains(&doc.chars[i - 2]) || "、地副乡镇".contains(doc.chars[i - 2])) {
            continue;
        }
        let Some((noun, len)) = doc.at_any(i + 1, LEVEL_NOUNS) else { continue };
        let phrase = doc.slice(i - 1, i + 1 + len);
        found.push((
            TextIssueKind::WrongLevelWord,
            i - 1,
            i + 1 + len,
            format!("“{phrase}”与本单位的级次不符（本单位为{own}级），应为“{own}级{noun}”"),
        ));
    }
}

/// Before a year: the end of a range (2021-2025年) or a target (到2025年).
const RANGE_BEFORE: &[char] = &['-', '—', '–', '－', '~', '～', '至', '到', '止'];
/// After a year: a time reference (2019年以来), not the year of a budget.
const TIME_AFTER: &[&str] = &["以来", "以前", "之前", "以后", "之后", "起"];
/// After the previous year: what a budget document legitimately says about it (2021年末, 2021年
/// 决算, 2021年相比).
const PREVIOUS_AFTER: &[&str] =
    &["末", "底", "12月", "十二月", "决算", "执行", "实际", "结转", "结余", "相比", "比较", "对比", "同期"];
/// After a later year: a deadline (2023年底前完成), not the year of a budget.
const DEADLINE_AFTER: &[&str] = &["底", "末", "前"];
/// Before the previous year in its clause: a comparison (较2021年, 与2021年相比) or a cut-off date.
const PREVIOUS_BEFORE: &[&str] = &["对比", "相对", "截至", "截止", "同"];

const YEAR_PHRASE_CHARS: usize = 24;

fn years(
    reading: &Reading<'_>,
    titles: &[bool],
    budget_year: u16,
    found: &mut Vec<(TextIssueKind, usize, usize, String)>,
) {
    let doc = &reading.doc;
    let budget = i64::from(budget_year);
    for n in reading.numbers.iter().filter(|n| n.unit == Unit::Year) {
        let Some(year) = n.value.to_i64() else { continue };
        if !(1900..=2100).contains(&year) || year == budget || titles[n.start] {
            continue;
        }
        let before = doc.skip_space_back(n.start);
        if before > 0 && RANGE_BEFORE.contains(&doc.chars[before - 1]) {
            continue;
        }
        let mut after = n.unit_end;
        if doc.at(after, "度") {
            after += 1;
        }
        let after = doc.skip_space(after);
        if doc.at_any(after, TIME_AFTER).is_some() || (year > budget && doc.at_any(after, DEADLINE_AFTER).is_some()) {
            continue;
        }
        // Only sentences about the budget: they state amounts or speak of the 预算.
        let (from, to) = (doc.sentence_start(n.start), doc.sentence_end(n.start));
        let budget_sentence =
            doc.contains(from, to, "预算") || reading.any_number_in(from, to, |m| m.is_amount() && m.end <= to);
        if !budget_sentence {
            continue;
        }
        let clause = doc.clause_start(n.start);
        let previous = year == budget - 1;
        if previous
            && (doc.at_any(after, PREVIOUS_AFTER).is_some()
                || PREVIOUS_BEFORE.iter().any(|w| doc.contains(clause, n.start, w))
                || reading.first_marker_in(clause, n.start).is_some())
        {
            continue;
        }
        let end = doc.clause_end(n.start).min(n.start + YEAR_PHRASE_CHARS);
        let end = doc.skip_space_back(end).max(n.unit_end);
        let phrase = doc.slice(n.start, end);
        let message = if previous {
            format!("“{phrase}”写的是{year}年（上年），本文件是{budget}年预算，上年的数只应出现在比较中，请核对年份")
        } else {
            format!("“{phrase}”中的年份{year}年既不是预算年度{budget}年，也不是上年{}年，请核对", budget - 1)
        };
        found.push((TextIssueKind::YearMismatch, n.start, end, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, year: u16, level: &str) -> Vec<(TextIssueKind, String)> {
        text_issues(text, year, level).into_iter().map(|i| (i.kind, i.phrase)).collect()
    }

    fn one(kind: TextIssueKind, phrase: &str) -> Vec<(TextIssueKind, String)> {
        vec![(kind, phrase.to_string())]
    }

    #[test]
    fn placeholders_are_found() {
        use TextIssueKind::Placeholder as P;
        assert_eq!(kinds("目标内容1", 2022, "县"), one(P, "目标内容1"));
        assert_eq!(kinds("XX单位2022年预算", 2022, "县"), one(P, "XX"));
        assert_eq!(kinds("××县人民政府", 2022, "县"), one(P, "××"));
        assert_eq!(kinds("20XX年", 2022, "县"), one(P, "XX"));
        assert_eq!(kinds("主要职责：待填写。", 2022, "县"), one(P, "待填写"));
        assert_eq!(kinds("待补充", 2022, "县"), one(P, "待补充"));
        assert_eq!(kinds("1、……\n2、……", 2022, "县"), vec![(P, "……".into()), (P, "……".into())]);
        assert_eq!(kinds("【单位名称】2022年部门预算", 2022, "县"), one(P, "【单位名称】"));
        assert_eq!(kinds("【XX单位】", 2022, "县"), one(P, "【XX单位】"));
        assert_eq!(kinds("数量指标1；指标2", 2022, "县"), vec![(P, "数量指标1".into()), (P, "指标2".into())]);
    }

    #[test]
    fn placeholder_near_misses_pass() {
        // Latin words, a single ×, an ellipsis ending a list, an indicator with a count.
        for text in ["XXL号服装", "3×4", "办公费、印刷费……等支出", "完成指标1次", "时间待定", "Excel表格"]
        {
            assert_eq!(kinds(text, 2022, "县"), vec![], "{text}");
        }
    }

    #[test]
    fn amounts_in_yuan_where_wan_is_meant() {
        use TextIssueKind::AmountWithoutWan as A;
        assert_eq!(kinds("公务接待费1.61元", 2022, "县"), one(A, "公务接待费1.61元"));
        assert_eq!(kinds("基本支出增加5 元", 2022, "县"), one(A, "增加5 元"));
        assert_eq!(kinds("办公费192.91万元、邮电费12.82元", 2022, "县"), one(A, "12.82元"));
        // Rates and bounds in 元 are right.
        for text in [
            "因公出国（境）费0元",
            "公务接待费人均150元",
            "差旅费每人每天180元",
            "补助500元/人",
            "单价1000元以上的设备",
            "人均补助300元",
        ] {
            assert_eq!(kinds(text, 2022, "县"), vec![], "{text}");
        }
    }

    #[test]
    fn doubled_units() {
        use TextIssueKind::DoubledUnit as D;
        assert_eq!(kinds("维修（护）费20万万元", 2022, "县"), one(D, "20万万元"));
        assert_eq!(kinds("会议费16.25万元元", 2022, "县"), one(D, "16.25万元元"));
        assert_eq!(kinds("会议费16.25万元，共20万人", 2022, "县"), vec![]);
    }

    #[test]
    fn level_words_of_another_level() {
        use TextIssueKind::WrongLevelWord as W;
        assert_eq!(kinds("指省级财政当年拨付的资金。", 2022, "县"), one(W, "省级财政"));
        assert_eq!(kinds("纳入县级财政预算管理的", 2022, "区"), one(W, "县级财政"));
        assert_eq!(kinds("是指市级部门用财政拨款安排的", 2022, "县"), one(W, "市级部门"));
        let issue = &text_issues("指省级财政当年拨付的资金。", 2022, "县")[0];
        assert_eq!(issue.message, "“省级财政”与本单位的级次不符（本单位为县级），应为“县级财政”");
        // Own level, lists of levels, titles, other nouns, level check off.
        for (text, level) in [
            ("指县级财政当年拨付的资金。", "县"),
            ("对国务院和省、市、县政府决定事项", "县"),
            ("《河北省省级预算公开办法》", "区"),
            ("负责县级领导公务活动的接待安排", "区"),
            ("市县级财政", "县"),
            ("指省级财政当年拨付的资金。", ""),
        ] {
            assert_eq!(kinds(text, 2022, level), vec![], "{text}");
        }
    }

    #[test]
    fn years_that_are_not_the_budget_year() {
        use TextIssueKind::YearMismatch as Y;
        assert_eq!(kinds("2021年预算收入1006.79万元", 2022, "县"), one(Y, "2021年预算收入1006.79万元"));
        assert_eq!(kinds("2020年部门预算公开如下：", 2022, "县"), one(Y, "2020年部门预算公开如下："));
        assert_eq!(kinds("2023年预算收入1006.79万元", 2022, "县"), one(Y, "2023年预算收入1006.79万元"));
        assert_eq!(kinds("与2020年相比减少18.98万元", 2022, "县"), one(Y, "2020年相比减少18.98万元"));
        // The budget year, comparisons with the previous year, titles, document numbers, ranges,
        // time references and sentences that are not about the budget.
        for text in [
            "2022 年预算收入总额为1006.79万元",
            "较2021年预算增加88.9万元",
            "与2021年相比持平",
            "截至2021年12月31日，固定资产金额为594.97万元",
            "2021年末固定资产金额为594.97万元",
            "根据《2019年预算绩效管理办法》",
            "冀财预〔2019〕1号文件规定的预算",
            "“十四五”（2021-2025年）预算绩效管理",
            "2019年以来，预算绩效管理不断加强",
            "2023年底前完成预算绩效管理全覆盖",
            "2021年，我办圆满完成各项工作",
        ] {
            assert_eq!(kinds(text, 2022, "县"), vec![], "{text}");
        }
    }
}
