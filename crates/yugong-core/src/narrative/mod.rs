//! Reading the figures a disclosure's narrative (情况说明) states, so the audit can compare them with
//! the tables, and finding problems in its wording.
//!
//! Pure: text in, values out, no I/O and no UI. The narrative is written by hand in Word and its
//! figures are where published disclosures most often contradict their own tables, so the audit
//! needs them as data. Three readers share one scanner:
//!
//! - [`stated_amounts`]: “基本支出746.55 万元” → ([`Figure::Basic`], 746.55).
//! - [`year_on_year`]: “较上年786.15万元减少39.6万元” → previous 786.15, change −39.6.
//! - [`text_issues`]: placeholders, 元 for 万元, “20万万元”, wrong level words, wrong years.
//!
//! Written as small hand-rolled scanners over chars rather than regular expressions: the patterns
//! are a label table and a few word lists, the texts are short, and the crate stays without a regex
//! dependency. Every result carries the phrase as written and its byte offset, so findings can
//! quote the document and the editor can select the words.
//!
//! The readers are deliberately conservative: an amount whose label is unknown, or a comparison
//! whose subject is a project item, is not read at all, because a guessed figure would turn into a
//! false finding against the tables.

// The text scanners walk a `Vec<char>` by position (`chars[i]`, `chars[i..j]`) with bounds the
// loops themselves check; rewriting those ~45 index expressions as `get` is not done yet (see
// ARCHITECTURE.md § Audit, lints). String slicing and unwraps are denied here as everywhere.
#[allow(clippy::indexing_slicing)]
mod amounts;
pub mod bound;
#[allow(clippy::indexing_slicing)]
mod compare;
pub mod draft;
#[allow(clippy::indexing_slicing)]
mod issues;
#[allow(clippy::indexing_slicing)]
mod labels;
#[allow(clippy::indexing_slicing)]
mod scan;
#[allow(clippy::indexing_slicing)]
mod shares;

pub use amounts::{ItemList, StatedAmount, item_lists, stated_amounts};
pub use compare::{YearOnYear, year_on_year};
pub use issues::{TextIssue, TextIssueKind, text_issues};
pub use shares::{StatedShare, stated_shares};

/// One text read once: the audit asks several questions of the same text, and reading (labels,
/// numbers) is most of the cost of answering them.
pub struct Analysis<'a> {
    reading: amounts::Reading<'a>,
}

impl<'a> Analysis<'a> {
    pub fn new(text: &'a str) -> Self {
        Analysis { reading: amounts::Reading::new(text) }
    }

    pub fn stated_amounts(&self) -> Vec<StatedAmount> {
        amounts::stated_in(&self.reading)
    }

    pub fn item_lists(&self) -> Vec<ItemList> {
        amounts::item_lists_in(&self.reading)
    }

    pub fn year_on_year(&self) -> Vec<YearOnYear> {
        compare::year_on_year_in(&self.reading)
    }

    pub fn text_issues(&self, budget_year: u16, level_word: &str) -> Vec<TextIssue> {
        issues::issues_in(&self.reading, budget_year, level_word)
    }

    pub fn stated_shares(&self) -> Vec<StatedShare> {
        shares::shares_in(&self.reading)
    }
}

use serde::Serialize;

/// A figure a narrative sentence can state. Each has a counterpart in the tables (收支总表,
/// 基本支出表, 三公经费表, 政府采购表, 资产表) that the audit compares it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Figure {
    /// 预算收入总额 / 预算收入 1486.83万元 / 收入总计.
    IncomeTotal,
    /// 一般公共预算收入 / 一般预算收入 / 一般公共预算拨款收入.
    GeneralBudgetIncome,
    /// 政府性基金收入 / 基金预算收入.
    FundIncome,
    /// 国有资本经营预算收入.
    CapitalIncome,
    /// 财政专户拨款 / 财政专户核拨收入 / 财政专户管理资金收入.
    SpecialAccountIncome,
    /// 单位资金收入.
    UnitFundsIncome,
    /// 其他收入来源 / 其他来源收入 / 其他收入.
    OtherIncome,
    /// 上年结转 / 上年结转结余.
    Carryover,
    /// 支出预算 1006.79 万元 / 预算收支安排 ….
    ExpenseTotal,
    /// 基本支出.
    Basic,
    /// 项目支出 (also 运转类其他及特定目标类项目支出).
    Project,
    /// 人员经费 / 人员类项目经费.
    Personnel,
    /// 日常公用经费 / 公用经费 / 运转类公用项目经费.
    Public,
    /// 机关运行经费 (the total; its items are not read), see the 三、机关运行经费 sections.
    OperatingCosts,
    /// “三公”经费预算安排 115.19万元.
    ThreePublicTotal,
    /// 因公出国（境）费/支出.
    OutboundTravel,
    /// 公务用车购置及运维费.
    VehicleTotal,
    /// 公务用车购置费/支出.
    VehiclePurchase,
    /// 公务用车运行维护费/支出 / 公务用车运维费.
    VehicleUpkeep,
    /// 公务接待费/支出.
    Reception,
    /// 会议费 (only as a 三公 item in 2024 texts).
    Meeting,
    /// 培训费.
    Training,
    /// 政府采购预算 359万元.
    Procurement,
    /// 上年末固定资产金额为594.97万元.
    AssetsTotal,
    /// 本年度拟购置固定资产总额为25万元.
    PlannedAssetPurchase,
}

impl Figure {
    pub const ALL: [Figure; 25] = [
        Figure::IncomeTotal,
        Figure::GeneralBudgetIncome,
        Figure::FundIncome,
        Figure::CapitalIncome,
        Figure::SpecialAccountIncome,
        Figure::UnitFundsIncome,
        Figure::OtherIncome,
        Figure::Carryover,
        Figure::ExpenseTotal,
        Figure::Basic,
        Figure::Project,
        Figure::Personnel,
        Figure::Public,
        Figure::OperatingCosts,
        Figure::ThreePublicTotal,
        Figure::OutboundTravel,
        Figure::VehicleTotal,
        Figure::VehiclePurchase,
        Figure::VehicleUpkeep,
        Figure::Reception,
        Figure::Meeting,
        Figure::Training,
        Figure::Procurement,
        Figure::AssetsTotal,
        Figure::PlannedAssetPurchase,
    ];

    /// The figure's name for messages (“情况说明中的基本支出…”).
    pub fn name(self) -> &'static str {
        match self {
            Figure::IncomeTotal => "预算收入总额",
            Figure::GeneralBudgetIncome => "一般公共预算收入",
            Figure::FundIncome => "政府性基金预算收入",
            Figure::CapitalIncome => "国有资本经营预算收入",
            Figure::SpecialAccountIncome => "财政专户管理资金收入",
            Figure::UnitFundsIncome => "单位资金收入",
            Figure::OtherIncome => "其他收入",
            Figure::Carryover => "上年结转",
            Figure::ExpenseTotal => "支出预算总额",
            Figure::Basic => "基本支出",
            Figure::Project => "项目支出",
            Figure::Personnel => "人员经费",
            Figure::Public => "公用经费",
            Figure::OperatingCosts => "机关运行经费",
            Figure::ThreePublicTotal => "“三公”经费",
            Figure::OutboundTravel => "因公出国（境）费",
            Figure::VehicleTotal => "公务用车购置及运维费",
            Figure::VehiclePurchase => "公务用车购置费",
            Figure::VehicleUpkeep => "公务用车运行维护费",
            Figure::Reception => "公务接待费",
            Figure::Meeting => "会议费",
            Figure::Training => "培训费",
            Figure::Procurement => "政府采购预算",
            Figure::AssetsTotal => "上年末固定资产金额",
            Figure::PlannedAssetPurchase => "拟购置固定资产总额",
        }
    }

    /// Income figures: their labels also begin expense words (一般公共预算拨款支出), which the
    /// reader must not take for income.
    pub(crate) fn is_income(self) -> bool {
        matches!(
            self,
            Figure::IncomeTotal
                | Figure::GeneralBudgetIncome
                | Figure::FundIncome
                | Figure::CapitalIncome
                | Figure::SpecialAccountIncome
                | Figure::UnitFundsIncome
                | Figure::OtherIncome
                | Figure::Carryover
        )
    }
}

#[cfg(test)]
mod draft_tests;
#[cfg(test)]
mod sample_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_figure_has_a_distinct_name() {
        let names: std::collections::HashSet<_> = Figure::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), Figure::ALL.len());
    }

    #[test]
    fn empty_text_reads_nothing() {
        assert!(stated_amounts("").is_empty());
        assert!(year_on_year("").is_empty());
        assert!(text_issues("", 2022, "县").is_empty());
    }

    /// Pieces the readers react to, so random texts exercise every branch.
    const PIECES: &[&str] = &[
        "0",
        "1",
        "2021",
        "2022",
        " ",
        ".",
        "．",
        "５",
        ",",
        "万元",
        "万",
        "元",
        "年",
        "度",
        "较",
        "比",
        "与",
        "上年",
        "去年",
        "相比",
        "增加",
        "减少",
        "持平",
        "无增减变化",
        "无变化",
        "基本支出",
        "项目支出",
        "三公",
        "“",
        "”",
        "经费",
        "公务用车购置",
        "及运维费",
        "机关运行经费",
        "其中",
        "，",
        "。",
        "；",
        ";",
        "\n",
        "（",
        "）",
        "《",
        "》",
        "〔",
        "〕",
        "【",
        "】",
        "X",
        "x",
        "×",
        "…",
        "...",
        "目标内容",
        "指标",
        "待填写",
        "省级财政",
        "县级",
        "区",
        "级",
        "单位",
        "A",
        "预算",
        "人均",
        "/",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// No text makes a reader panic, and every phrase is the text at its offset.
        #[test]
        fn any_text_reads_without_panics_and_phrases_point_into_it(
            parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..40),
            level in proptest::sample::select(&["县", "区", "市", "省", "", "乡镇"][..]),
        ) {
            let text: String = parts.concat();
            let at = |start: usize, phrase: &str| text.get(start..start + phrase.len()) == Some(phrase);
            for s in stated_amounts(&text) {
                prop_assert!(at(s.start, &s.phrase), "{s:?} in {text:?}");
            }
            for y in year_on_year(&text) {
                prop_assert!(at(y.start, &y.phrase), "{y:?} in {text:?}");
            }
            for i in text_issues(&text, 2022, level) {
                prop_assert!(at(i.start, &i.phrase), "{i:?} in {text:?}");
            }
        }
    }
}

/// Everything the audit reads from one text.
#[derive(Debug, Clone, Default)]
pub struct TextFacts {
    pub issues: Vec<TextIssue>,
    pub stated: Vec<StatedAmount>,
    pub lists: Vec<ItemList>,
    pub changes: Vec<YearOnYear>,
    pub shares: Vec<StatedShare>,
}

/// The facts of a text, remembered per thread. The editor audits the whole project after every
/// cell edit, while the narrative's ~100 texts rarely change; reading them is most of an audit's
/// cost on a real document. Entries are keyed by the full text (not just a hash), so a result is
/// always the one `Analysis` would give; the cache is dropped when it grows past its bound.
pub fn facts(text: &str, budget_year: u16, level_word: &str) -> std::rc::Rc<TextFacts> {
    use std::hash::{Hash, Hasher};
    use std::rc::Rc;

    let mut hasher = rustc_hash::FxHasher::default();
    (text, budget_year, level_word).hash(&mut hasher);
    let key = hasher.finish();
    let cached = CACHE.with(|cache| {
        cache.borrow().get(&key).and_then(|bucket| {
            bucket
                .iter()
                .find(|(t, y, l, _)| t == text && *y == budget_year && l == level_word)
                .map(|(_, _, _, facts)| Rc::clone(facts))
        })
    });
    if let Some(facts) = cached {
        return facts;
    }
    let analysis = Analysis::new(text);
    let facts = Rc::new(TextFacts {
        issues: analysis.text_issues(budget_year, level_word),
        stated: analysis.stated_amounts(),
        lists: analysis.item_lists(),
        changes: analysis.year_on_year(),
        shares: analysis.stated_shares(),
    });
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache.entry(key).or_default().push((text.to_string(), budget_year, level_word.to_string(), Rc::clone(&facts)));
    });
    facts
}

type CacheEntry = (String, u16, String, std::rc::Rc<TextFacts>);
const MAX_ENTRIES: usize = 4096;

thread_local! {
    static CACHE: std::cell::RefCell<rustc_hash::FxHashMap<u64, Vec<CacheEntry>>> = Default::default();
}

/// Empties this thread's cache of text facts (benchmarks measure the first audit of a file).
pub fn forget_facts() {
    CACHE.with(|cache| cache.borrow_mut().clear());
}

#[cfg(test)]
mod cache_tests {
    use super::*;

    #[test]
    fn cached_facts_equal_a_fresh_reading_and_are_reused() {
        let text = "2022年支出预算1006.79 万元，其中基本支出746.55 万元，项目支出260.24万元。维修费20万万元。";
        let first = facts(text, 2022, "县");
        let analysis = Analysis::new(text);
        assert_eq!(first.stated, analysis.stated_amounts());
        assert_eq!(first.lists, analysis.item_lists());
        assert_eq!(first.changes, analysis.year_on_year());
        assert_eq!(first.issues, analysis.text_issues(2022, "县"));
        assert!(std::rc::Rc::ptr_eq(&first, &facts(text, 2022, "县")));
        // Another year or level is another question.
        assert!(!std::rc::Rc::ptr_eq(&first, &facts(text, 2023, "县")));
        forget_facts();
        assert!(!std::rc::Rc::ptr_eq(&first, &facts(text, 2022, "县")));
    }
}
