//! The words that name a figure in the text, and where they stand.
//!
//! The documents name the same figure many ways (一般预算收入, 一般公共预算收入, 一般公共预算拨款收入;
//! 因公出国（境）支出, 因公出国费). Labels are therefore stems where the wording after the stem
//! varies (因公出国 + 费/（境）费/（境）支出) and whole words where a stem would be ambiguous
//! (一般公共预算 alone could name an expense). Whatever stands between a label and its amount is a
//! qualifier (为, 共计安排, 经费预算安排) and is checked separately (see `amounts`).

use super::Figure;
use super::scan::Doc;

/// (label as written, figure). Order does not matter: matching takes the longest label at each
/// position.
const LABELS: &[(&str, Figure)] = &[
    // Income.
    ("预算收入", Figure::IncomeTotal),
    ("收入预算", Figure::IncomeTotal),
    ("预算收入总额", Figure::IncomeTotal),
    ("收入总计", Figure::IncomeTotal),
    ("收入总额", Figure::IncomeTotal),
    ("收入合计", Figure::IncomeTotal),
    ("本年收入合计", Figure::IncomeTotal),
    ("一般公共预算收入", Figure::GeneralBudgetIncome),
    ("一般预算收入", Figure::GeneralBudgetIncome),
    ("一般公共预算拨款收入", Figure::GeneralBudgetIncome),
    ("一般公共预算拨款", Figure::GeneralBudgetIncome),
    ("一般公共预算财政拨款收入", Figure::GeneralBudgetIncome),
    ("一般公共预算财政拨款", Figure::GeneralBudgetIncome),
    ("政府性基金收入", Figure::FundIncome),
    ("政府性基金预算收入", Figure::FundIncome),
    ("政府性基金预算拨款收入", Figure::FundIncome),
    ("政府性基金预算拨款", Figure::FundIncome),
    ("基金预算收入", Figure::FundIncome),
    ("国有资本经营预算收入", Figure::CapitalIncome),
    ("国有资本经营预算拨款收入", Figure::CapitalIncome),
    ("国有资本经营预算拨款", Figure::CapitalIncome),
    ("国有资本经营收入", Figure::CapitalIncome),
    ("财政专户拨款", Figure::SpecialAccountIncome),
    ("财政专户核拨收入", Figure::SpecialAccountIncome),
    ("财政专户核拨", Figure::SpecialAccountIncome),
    ("财政专户管理资金收入", Figure::SpecialAccountIncome),
    ("财政专户管理资金", Figure::SpecialAccountIncome),
    ("财政专户收入", Figure::SpecialAccountIncome),
    ("单位资金收入", Figure::UnitFundsIncome),
    ("单位资金", Figure::UnitFundsIncome),
    ("其他收入", Figure::OtherIncome),
    ("其他收入来源", Figure::OtherIncome),
    ("其他来源收入", Figure::OtherIncome),
    ("上年结转", Figure::Carryover),
    ("上年结转结余", Figure::Carryover),
    ("上年结转和结余", Figure::Carryover),
    ("上年结余", Figure::Carryover),
    ("年初结转和结余", Figure::Carryover),
    // Expense.
    ("支出预算", Figure::ExpenseTotal),
    ("预算收支安排", Figure::ExpenseTotal),
    ("预算收支", Figure::ExpenseTotal),
    ("收支预算", Figure::ExpenseTotal),
    ("预算支出", Figure::ExpenseTotal),
    ("支出总计", Figure::ExpenseTotal),
    ("支出合计", Figure::ExpenseTotal),
    ("支出总额", Figure::ExpenseTotal),
    ("本年支出合计", Figure::ExpenseTotal),
    ("基本支出", Figure::Basic),
    ("项目支出", Figure::Project),
    ("特定目标类项目支出", Figure::Project),
    ("其他运转类项目支出", Figure::Project),
    ("运转类其他及特定目标类项目支出", Figure::Project),
    ("人员经费", Figure::Personnel),
    ("人员支出", Figure::Personnel),
    ("人员类经费", Figure::Personnel),
    ("人员类项目经费", Figure::Personnel),
    ("人员类项目支出", Figure::Personnel),
    ("公用经费", Figure::Public),
    ("公用支出", Figure::Public),
    ("日常公用经费", Figure::Public),
    ("运转类公用经费", Figure::Public),
    ("运转类公用项目经费", Figure::Public),
    ("运转类公用项目支出", Figure::Public),
    ("公用经费项目支出", Figure::Public),
    ("机关运行经费", Figure::OperatingCosts),
    ("机关运行费", Figure::OperatingCosts),
    // 三公: stems, the documents write 三公经费, “三公”经费, "三公"经费. The quoted forms are listed
    // so the phrase starts at the opening quote.
    ("三公", Figure::ThreePublicTotal),
    ("“三公", Figure::ThreePublicTotal),
    ("\"三公", Figure::ThreePublicTotal),
    ("‘三公", Figure::ThreePublicTotal),
    ("因公出国", Figure::OutboundTravel),
    ("公务用车购置及运维", Figure::VehicleTotal),
    ("公务用车购置和运维", Figure::VehicleTotal),
    ("公务用车购置与运维", Figure::VehicleTotal),
    ("公务用车购置及运行维护", Figure::VehicleTotal),
    ("公务用车购置和运行维护", Figure::VehicleTotal),
    ("公务用车购置与运行维护", Figure::VehicleTotal),
    ("公务用车购置及运行", Figure::VehicleTotal),
    ("公务用车购置", Figure::VehiclePurchase),
    ("公务用车运行维护", Figure::VehicleUpkeep),
    ("公务用车运维", Figure::VehicleUpkeep),
    ("公务用车运行", Figure::VehicleUpkeep),
    ("公务接待", Figure::Reception),
    ("会议费", Figure::Meeting),
    ("培训费", Figure::Training),
    // Procurement and assets.
    ("政府采购预算", Figure::Procurement),
    ("政府采购资金", Figure::Procurement),
    ("政府采购金额", Figure::Procurement),
    ("政府采购总额", Figure::Procurement),
    ("固定资产金额", Figure::AssetsTotal),
    ("固定资产总额", Figure::AssetsTotal),
    ("固定资产原值", Figure::AssetsTotal),
    ("固定资产总值", Figure::AssetsTotal),
    ("上年末固定资产", Figure::AssetsTotal),
    ("拟购置", Figure::PlannedAssetPurchase),
    ("拟购置固定资产", Figure::PlannedAssetPurchase),
    ("拟购置固定资产总额", Figure::PlannedAssetPurchase),
    ("拟采购固定资产", Figure::PlannedAssetPurchase),
    ("计划购置固定资产", Figure::PlannedAssetPurchase),
];

/// Words that contain a label's letters but name something with no figure of its own: 财政拨款收入
/// (2024: the three 拨款 together) would otherwise end in 收入预算, 事业收入 is not in the
/// narrative's figures. They are read as words so no label is found inside them, and since they are
/// not qualifiers either, an amount after them has no label.
const NOT_FIGURES: &[&str] =
    &["财政拨款收入", "事业收入", "事业单位经营收入", "经营收入", "上级补助收入", "附属单位上缴收入"];

/// One label in the text (char indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LabelHit {
    pub start: usize,
    pub end: usize,
    pub figure: Figure,
}

/// The labels of the text, read left to right taking the longest label at each position, so
/// labels never overlap. Leftmost-longest is what makes compounds come out right:
/// 一般公共预算收入 (not the 预算收入 inside it), 公务用车购置及运维费 (not 公务用车购置), 基本支出预算
/// (基本支出, not 支出预算), 拟购置固定资产总额 (not 固定资产总额).
pub(crate) fn label_hits(doc: &Doc<'_>) -> Vec<LabelHit> {
    let table = label_table();
    let mut hits = Vec::new();
    let mut i = 0;
    while i < doc.len() {
        // Candidates share the first char and are sorted longest first: the first match is the
        // longest label written here.
        let best = table
            .get(&doc.chars[i])
            .and_then(|candidates| candidates.iter().find(|(chars, _)| doc.chars[i..].starts_with(chars)));
        match best {
            Some((chars, figure)) => {
                if let Some(figure) = figure {
                    hits.push(LabelHit { start: i, end: i + chars.len(), figure: *figure });
                }
                i += chars.len();
            }
            None => i += 1,
        }
    }
    hits
}

/// Labels and non-figure words by first char, longest first. Built once: scanning every label at
/// every position made reading the narrative the most expensive part of a full audit.
type LabelTable = rustc_hash::FxHashMap<char, Vec<(Vec<char>, Option<Figure>)>>;

fn label_table() -> &'static LabelTable {
    static TABLE: std::sync::OnceLock<LabelTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = LabelTable::default();
        let entries =
            LABELS.iter().map(|(label, figure)| (*label, Some(*figure))).chain(NOT_FIGURES.iter().map(|w| (*w, None)));
        for (word, figure) in entries {
            let chars: Vec<char> = word.chars().collect();
            if let Some(&first) = chars.first() {
                table.entry(first).or_default().push((chars, figure));
            }
        }
        for candidates in table.values_mut() {
            // Longest first; among equal lengths keep the table's order (stable sort), as the old
            // max_by_key kept the last of equals: reverse first so that behaviour is preserved.
            candidates.reverse();
            candidates.sort_by_key(|(chars, _)| std::cmp::Reverse(chars.len()));
        }
        table
    })
}

/// The last label lying wholly within chars `from..to`: the nearest label before an amount.
pub(crate) fn last_label_in(hits: &[LabelHit], from: usize, to: usize) -> Option<LabelHit> {
    // Hits are sorted and do not overlap: search back from the last one starting before `to`.
    let before = hits.partition_point(|h| h.start < to);
    hits[..before].iter().rev().take_while(|h| h.start >= from).find(|h| h.end <= to).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Vec<(Figure, String)> {
        let doc = Doc::new(text);
        label_hits(&doc).into_iter().map(|h| (h.figure, doc.slice(h.start, h.end).to_string())).collect()
    }

    #[test]
    fn longest_label_at_the_leftmost_position_wins() {
        assert_eq!(
            figures("一般公共预算收入；公务用车购置及运维费；日常公用经费；基本支出预算"),
            vec![
                (Figure::GeneralBudgetIncome, "一般公共预算收入".into()),
                (Figure::VehicleTotal, "公务用车购置及运维".into()),
                (Figure::Public, "日常公用经费".into()),
                (Figure::Basic, "基本支出".into()),
            ]
        );
        assert_eq!(
            figures("本年度拟购置固定资产总额为"),
            vec![(Figure::PlannedAssetPurchase, "拟购置固定资产总额".into())]
        );
        assert_eq!(figures("财政拨款“三公”经费"), vec![(Figure::ThreePublicTotal, "“三公".into())]);
        // 财政拨款收入预算 is not 收入预算.
        assert_eq!(figures("财政拨款收入预算；收入预算"), vec![(Figure::IncomeTotal, "收入预算".into())]);
    }

    #[test]
    fn every_label_reads_as_its_own_figure() {
        // No label is shadowed by a longer one of another figure starting at the same place.
        for (label, figure) in LABELS {
            let doc = Doc::new(label);
            let hits = label_hits(&doc);
            assert_eq!(hits.first().map(|h| (h.figure, h.end)), Some((*figure, doc.len())), "{label}");
        }
    }
}
