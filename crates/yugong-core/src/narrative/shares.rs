//! Shares the text states: “基本支出746.55万元，占总支出的74.15%”, “项目支出260.24万元，占比25.85%”.
//!
//! The seeds state none (their only 占…比例 are goal indicators such as 满意人数占全部人数的比例),
//! but budget narratives elsewhere do, and a share is a figure copied by hand like any other. The
//! reader is as conservative as the others: the part is the figure stated (or named) nearest
//! before 占 in its sentence, the whole is the figure named between 占 and the percentage
//! (总支出, 支出总额, 基本支出 …) or, for 占比 alone, the total the part belongs to; a share whose
//! part or whole is not known is not read.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Figure;
use super::amounts::Reading;
use super::scan::Unit;

/// One share: `part` is `percent` % of `whole`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatedShare {
    pub part: Figure,
    pub whole: Figure,
    /// As written, with its scale (74.15 → two decimals: the precision the text states).
    pub percent: Decimal,
    /// From 占 to the percent sign, as written.
    pub phrase: String,
    /// Byte offset of the phrase in the text.
    pub start: usize,
}

/// Words for a whole that are not labels of their own (总支出 is not a stated figure's label:
/// “总支出1006.79万元” is rare, but “占总支出的” is how shares are written).
const WHOLE_WORDS: &[(&str, Figure)] = &[
    ("总支出", Figure::ExpenseTotal),
    ("全部支出", Figure::ExpenseTotal),
    ("支出总额", Figure::ExpenseTotal),
    ("总收入", Figure::IncomeTotal),
    ("全部收入", Figure::IncomeTotal),
    ("收入总额", Figure::IncomeTotal),
];

/// How far before its percentage 占 may stand: “占一般公共预算基本支出总额的” is 14 chars.
const MAX_SHARE_WINDOW: usize = 24;

/// The total a part belongs to, for “占比X%” without a named whole.
fn whole_of(part: Figure) -> Option<Figure> {
    Some(match part {
        Figure::Basic | Figure::Project => Figure::ExpenseTotal,
        Figure::Personnel | Figure::Public => Figure::Basic,
        f if f.is_income() && f != Figure::IncomeTotal => Figure::IncomeTotal,
        Figure::OutboundTravel | Figure::VehicleTotal | Figure::Reception => Figure::ThreePublicTotal,
        Figure::VehiclePurchase | Figure::VehicleUpkeep => Figure::VehicleTotal,
        _ => return None,
    })
}

pub(crate) fn shares_in(reading: &Reading<'_>) -> Vec<StatedShare> {
    let doc = &reading.doc;
    let mut found = Vec::new();
    for n in &reading.numbers {
        let after = doc.skip_space(n.end);
        if n.unit != Unit::Other || !matches!(doc.char(after), Some('%' | '％')) {
            continue;
        }
        // 占 in the percentage's clause, shortly before it (not 占用). The window is bounded so a
        // long text without punctuation stays linear.
        let from = doc.clause_start(n.start).max(n.start.saturating_sub(MAX_SHARE_WINDOW));
        let Some(at) = (from..n.start).rev().find(|&k| doc.char(k) == Some('占') && doc.char(k + 1) != Some('用'))
        else {
            continue;
        };
        // The part: the figure stated or named nearest before 占 in its sentence.
        let sentence = doc.sentence_start(at);
        let numbers_before = reading.numbers.partition_point(|m| m.unit_end <= at);
        let stated = (0..numbers_before)
            .rev()
            .take_while(|&k| reading.numbers[k].start >= sentence)
            .find_map(|k| reading.stated[k].map(|hit| (reading.numbers[k].unit_end, hit.figure)));
        let hits_before = reading.hits.partition_point(|h| h.end <= at);
        let named = reading.hits[..hits_before].last().filter(|h| h.start >= sentence).map(|h| (h.end, h.figure));
        let Some((_, part)) = [stated, named].into_iter().flatten().max_by_key(|(end, _)| *end) else { continue };
        // The whole: named between 占 and the percentage, or implied by 占比.
        let whole = if doc.at(at + 1, "比") {
            whole_of(part)
        } else {
            let first = reading.hits.partition_point(|h| h.start <= at);
            let named = reading.hits[first..].iter().take_while(|h| h.end <= n.start).last().map(|h| h.figure);
            named.or_else(|| {
                (at + 1..n.start).find_map(|k| WHOLE_WORDS.iter().find(|(w, _)| doc.at(k, w)).map(|(_, f)| *f))
            })
        };
        let Some(whole) = whole.filter(|w| *w != part) else { continue };
        found.push(StatedShare {
            part,
            whole,
            percent: n.value,
            phrase: doc.slice(at, after + 1).to_string(),
            start: doc.byte(at),
        });
    }
    found
}

/// Reads every share in `text`.
pub fn stated_shares(text: &str) -> Vec<StatedShare> {
    shares_in(&Reading::new(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(Figure, Figure, String, String)> {
        stated_shares(text).into_iter().map(|s| (s.part, s.whole, s.percent.to_string(), s.phrase)).collect()
    }

    #[test]
    fn part_whole_and_precision() {
        assert_eq!(
            read("其中基本支出746.55万元，占总支出的74.15%；项目支出260.24万元，占比25.85%。"),
            [
                (Figure::Basic, Figure::ExpenseTotal, "74.15".into(), "占总支出的74.15%".into()),
                (Figure::Project, Figure::ExpenseTotal, "25.85".into(), "占比25.85%".into()),
            ]
        );
        assert_eq!(
            read("人员经费296.77万元，占基本支出的39.8%"),
            [(Figure::Personnel, Figure::Basic, "39.8".into(), "占基本支出的39.8%".into())]
        );
    }

    #[test]
    fn unknown_parts_and_wholes_and_other_percentages_are_not_read() {
        // The samples' indicator texts: the part is no figure.
        assert_eq!(read("服务对象满意度为满意人数占全部人数的比例大于等于90%"), []);
        // A rate without 占, and 占用.
        assert_eq!(read("基本支出746.55万元，增长5%；固定资产占用率10%"), []);
        // 占比 of a figure without a known total.
        assert_eq!(read("政府采购预算359万元，占比20%"), []);
    }
}
