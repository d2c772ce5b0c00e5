//! The readers against the three sample projects, whose narratives are real published text (see
//! `tests/fixtures/seeds/`). The expected values are the ones the seeds print.

use super::*;
use crate::model::Project;

fn load(stem: &str) -> Project {
    crate::project_format::parse(crate::samples::sample_text(stem).unwrap().as_bytes()).unwrap()
}

/// (figure, value as written): the string keeps the scale, so 0 and 0.00 are told apart.
fn amounts(text: &str) -> Vec<(Figure, String)> {
    stated_amounts(text).into_iter().map(|s| (s.figure, s.value.to_string())).collect()
}

fn a(figure: Figure, value: &str) -> (Figure, String) {
    (figure, value.to_string())
}

/// (figure, current, previous, change).
fn changes(text: &str) -> Vec<(Figure, Option<String>, Option<String>, String)> {
    year_on_year(text)
        .into_iter()
        .map(|y| (y.figure, y.current.map(|d| d.to_string()), y.previous.map(|d| d.to_string()), y.change.to_string()))
        .collect()
}

fn c(
    figure: Figure,
    current: Option<&str>,
    previous: Option<&str>,
    change: &str,
) -> (Figure, Option<String>, Option<String>, String) {
    (figure, current.map(str::to_string), previous.map(str::to_string), change.to_string())
}

/// Every piece of free text in a project, named for failure messages.
fn all_texts(p: &Project) -> Vec<(String, String)> {
    let n = &p.narrative;
    let mut out: Vec<(String, String)> = vec![
        ("preamble".into(), n.preamble.clone()),
        ("duties.intro".into(), n.duties.intro.clone()),
        ("overview.intro".into(), n.overview.intro.clone()),
        ("overview.income".into(), n.overview.income.clone()),
        ("overview.expense".into(), n.overview.expense.clone()),
        ("overview.change".into(), n.overview.change.clone()),
        ("operating_costs".into(), n.operating_costs.clone()),
        ("three_public".into(), n.three_public.clone()),
        ("goals.overall".into(), n.department_goals.overall.clone()),
        ("goals.items_intro".into(), n.department_goals.items_intro.clone()),
        ("goals.safeguards".into(), n.department_goals.safeguards.clone()),
        ("special_funds".into(), n.special_funds.clone()),
        ("procurement".into(), n.procurement.clone()),
        ("assets".into(), n.assets.clone()),
        ("other_matters".into(), n.other_matters.clone()),
    ];
    out.extend(n.duties.items.iter().enumerate().map(|(i, t)| (format!("duties.items[{i}]"), t.clone())));
    for (i, u) in n.sub_units.iter().enumerate() {
        for t in [&u.name, &u.nature, &u.rank, &u.funding] {
            out.push((format!("sub_units[{i}]"), t.clone()));
        }
    }
    for (i, g) in n.department_goals.items.iter().enumerate() {
        for t in [&g.title, &g.goal, &g.indicator] {
            out.push((format!("goals.items[{i}]"), t.clone()));
        }
    }
    for (i, g) in n.glossary.iter().enumerate() {
        out.push((format!("glossary[{i}]"), format!("{}：{}", g.term, g.definition)));
    }
    let indicators = n.department_goals.indicators.iter().map(|ind| ("goals.indicators", ind));
    let goal_indicators = p.goals.iter().flat_map(|g| g.indicators.iter().map(|ind| ("project goal indicator", ind)));
    for (place, ind) in indicators.chain(goal_indicators) {
        for t in
            [&ind.level1, &ind.level2, &ind.name, &ind.scoring, &ind.description, &ind.value.to_string(), &ind.basis]
        {
            out.push((place.to_string(), t.clone()));
        }
    }
    for g in &p.goals {
        for t in [&g.name, &g.purpose, &g.goal] {
            out.push((format!("project goal {}", g.name), t.clone()));
        }
    }
    out
}

/// (place, kind, phrase) of every text issue in a project.
fn issues_of(p: &Project) -> Vec<(String, TextIssueKind, String)> {
    let mut out = Vec::new();
    for (place, text) in all_texts(p) {
        for issue in text_issues(&text, p.meta.budget_year, p.meta.level.word()) {
            out.push((place.clone(), issue.kind, issue.phrase));
        }
    }
    out
}

#[test]
fn gaoyang_2022_figures() {
    let p = load("gaoyang-2022");
    let o = &p.narrative.overview;
    assert_eq!(
        amounts(&o.income),
        vec![
            a(Figure::IncomeTotal, "1006.79"),
            a(Figure::GeneralBudgetIncome, "1006.79"),
            a(Figure::SpecialAccountIncome, "0"),
            a(Figure::FundIncome, "0"),
            a(Figure::OtherIncome, "0"),
        ]
    );
    // The eleven projects after 项目支出260.24万元主要为 are items, not figures.
    assert_eq!(
        amounts(&o.expense),
        vec![
            a(Figure::ExpenseTotal, "1006.79"),
            a(Figure::Basic, "746.55"),
            a(Figure::Personnel, "296.77"),
            a(Figure::Public, "449.78"),
            a(Figure::Project, "260.24"),
        ]
    );
    assert_eq!(
        stated_amounts(&o.expense).iter().map(|s| s.phrase.as_str()).collect::<Vec<_>>(),
        [
            "支出预算1006.79 万元",
            "基本支出746.55 万元",
            "人员经费 296.77 万元",
            "日常公用经费 449.78 万元",
            "项目支出260.24万元"
        ]
    );
    // The change text states this year's totals; the previous-year values are not stated figures.
    assert_eq!(amounts(&o.change), vec![a(Figure::ExpenseTotal, "1006.79"), a(Figure::Basic, "746.55")]);
    assert_eq!(
        changes(&o.change),
        vec![
            c(Figure::ExpenseTotal, Some("1006.79"), Some("997.25"), "9.54"),
            c(Figure::Basic, Some("746.55"), Some("786.15"), "-39.6"),
            c(Figure::Project, None, None, "49.14"),
        ]
    );
    // Only the total: the economic items (公务用车运行维护费20.16万元, 会议费16.25万元 …) are not the
    // 三公 figures of the same names.
    assert_eq!(amounts(&p.narrative.operating_costs), vec![a(Figure::OperatingCosts, "364.32")]);
    assert_eq!(changes(&p.narrative.operating_costs), vec![]);

    let three = &p.narrative.three_public;
    assert_eq!(
        amounts(three),
        vec![
            a(Figure::ThreePublicTotal, "115.19"),
            a(Figure::OutboundTravel, "0"),
            a(Figure::VehiclePurchase, "0"),
            a(Figure::VehicleUpkeep, "68.16"),
            a(Figure::Reception, "47.03"),
        ]
    );
    // “因公出国（境）支出0万元，无增减变化” is a comparison too (change 0). The last sentence has no
    // subject of its own and compares the total: 124 − 8.81 = 115.19, as stated.
    assert_eq!(
        changes(three),
        vec![
            c(Figure::OutboundTravel, Some("0"), None, "0"),
            c(Figure::VehicleUpkeep, Some("68.16"), None, "-3.59"),
            c(Figure::Reception, Some("47.03"), None, "-5.22"),
            c(Figure::ThreePublicTotal, Some("115.19"), Some("124"), "-8.81"),
        ]
    );
    assert_eq!(
        year_on_year(three).iter().map(|y| y.phrase.as_str()).collect::<Vec<_>>(),
        ["无增减变化", "比去年减少3.59万元", "比去年减少5.22万元", "较去年124万元相比，减少8.81万元"]
    );
    assert_eq!(amounts(&p.narrative.procurement), vec![a(Figure::Procurement, "0.00")]);
    assert_eq!(
        amounts(&p.narrative.assets),
        vec![a(Figure::AssetsTotal, "594.97"), a(Figure::PlannedAssetPurchase, "25")]
    );
}

#[test]
fn laiyuan_2024_figures() {
    let p = load("laiyuan-2024");
    let o = &p.narrative.overview;
    assert_eq!(
        amounts(&o.income),
        vec![
            a(Figure::IncomeTotal, "1486.83"),
            a(Figure::GeneralBudgetIncome, "1486.83"),
            a(Figure::FundIncome, "0.00"),
            a(Figure::CapitalIncome, "0.00"),
            a(Figure::SpecialAccountIncome, "0.00"),
            a(Figure::UnitFundsIncome, "0.00"),
            a(Figure::Carryover, "0.00"),
        ]
    );
    assert_eq!(
        amounts(&o.expense),
        vec![
            a(Figure::ExpenseTotal, "1486.83"),
            a(Figure::Basic, "1191.02"),
            a(Figure::Personnel, "822.18"),
            a(Figure::Public, "368.84"),
            a(Figure::Project, "295.81"),
        ]
    );
    // “主要为人员经费增加项目支出增加58.94万元” (a lost full stop): the change is the 项目支出's.
    assert_eq!(
        changes(&o.change),
        vec![
            c(Figure::ExpenseTotal, Some("1486.83"), None, "167.73"),
            c(Figure::Basic, None, None, "108.79"),
            c(Figure::Project, None, None, "58.94"),
        ]
    );
    assert_eq!(amounts(&p.narrative.operating_costs), vec![a(Figure::OperatingCosts, "368.84")]);
    // ASCII commas and semicolons, a space before the quotes, the breakdown in brackets.
    let three = &p.narrative.three_public;
    assert_eq!(
        amounts(three),
        vec![
            a(Figure::ThreePublicTotal, "171.00"),
            a(Figure::OutboundTravel, "7.00"),
            a(Figure::VehicleTotal, "69.00"),
            a(Figure::VehiclePurchase, "0.00"),
            a(Figure::VehicleUpkeep, "69.00"),
            a(Figure::Reception, "95.00"),
        ]
    );
    assert_eq!(stated_amounts(three)[0].phrase, "“三公”经费预算安排171.00万元");
    assert_eq!(changes(three), vec![c(Figure::ThreePublicTotal, Some("171.00"), None, "-18.98")]);
    assert_eq!(year_on_year(three)[0].phrase, "与2023年相比减少18.98万元");
    // The 2024 sample states no procurement sentence.
    assert_eq!(amounts(&p.narrative.procurement), vec![]);
    assert_eq!(
        amounts(&p.narrative.assets),
        vec![a(Figure::AssetsTotal, "712.42"), a(Figure::PlannedAssetPurchase, "9.31")]
    );
}

#[test]
fn guangyang_2022_figures() {
    let p = load("guangyang-2022");
    let o = &p.narrative.overview;
    assert_eq!(
        amounts(&o.income),
        vec![
            a(Figure::IncomeTotal, "1644.62"),
            a(Figure::GeneralBudgetIncome, "1644.62"),
            a(Figure::FundIncome, "0"),
            a(Figure::SpecialAccountIncome, "0"),
            a(Figure::OtherIncome, "0"),
            a(Figure::Carryover, "0"),
        ]
    );
    // 2022 单位预算 wording: 人员类项目经费, 运转类公用项目经费, 运转类其他及特定目标类项目支出.
    assert_eq!(
        amounts(&o.expense),
        vec![
            a(Figure::ExpenseTotal, "1644.62"),
            a(Figure::Basic, "1088.83"),
            a(Figure::Personnel, "877.53"),
            a(Figure::Public, "211.3"),
            a(Figure::Project, "555.79"),
        ]
    );
    assert_eq!(
        changes(&o.change),
        vec![
            c(Figure::ExpenseTotal, Some("1644.62"), None, "88.9"),
            c(Figure::Basic, None, None, "-40.31"),
            c(Figure::Project, None, None, "129.21"),
        ]
    );
    assert_eq!(amounts(&p.narrative.operating_costs), vec![a(Figure::OperatingCosts, "211.3")]);
    let three = &p.narrative.three_public;
    assert_eq!(
        amounts(three),
        vec![
            a(Figure::ThreePublicTotal, "91.33"),
            a(Figure::OutboundTravel, "0"),
            a(Figure::VehicleTotal, "15.33"),
            a(Figure::VehiclePurchase, "0"),
            a(Figure::VehicleUpkeep, "15.33"),
            a(Figure::Reception, "76"),
        ]
    );
    // “与2021年相比持平，无增减变化”: one comparison of the total, not two.
    assert_eq!(changes(three), vec![c(Figure::ThreePublicTotal, Some("91.33"), None, "0")]);
    assert_eq!(year_on_year(three)[0].phrase, "与2021年相比持平");
    assert_eq!(amounts(&p.narrative.procurement), vec![a(Figure::Procurement, "359")]);
    // The asset total keeps the five decimals the document prints.
    assert_eq!(
        amounts(&p.narrative.assets),
        vec![a(Figure::AssetsTotal, "420.74804"), a(Figure::PlannedAssetPurchase, "139")]
    );
}

#[test]
fn phrases_and_offsets_point_into_the_sample_texts() {
    for stem in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
        let p = load(stem);
        for (place, text) in all_texts(&p) {
            for s in stated_amounts(&text) {
                assert_eq!(text.get(s.start..s.start + s.phrase.len()), Some(s.phrase.as_str()), "{stem} {place}");
            }
            for y in year_on_year(&text) {
                assert_eq!(text.get(y.start..y.start + y.phrase.len()), Some(y.phrase.as_str()), "{stem} {place}");
            }
            for i in text_issues(&text, p.meta.budget_year, p.meta.level.word()) {
                assert_eq!(text.get(i.start..i.start + i.phrase.len()), Some(i.phrase.as_str()), "{stem} {place}");
                assert!(i.message.contains(&i.phrase), "{}", i.message);
            }
        }
    }
}

#[test]
fn goal_and_glossary_texts_state_no_figures() {
    // Cost ceilings in indicators (成本指标为不超过156.4万元) and glossary definitions are not
    // section figures.
    for stem in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
        let p = load(stem);
        for (place, text) in all_texts(&p) {
            if place.starts_with("goals") || place.starts_with("glossary") || place.starts_with("project goal") {
                assert_eq!(amounts(&text), vec![], "{stem} {place}: {text}");
            }
        }
    }
}

#[test]
fn the_only_text_issue_in_the_samples_is_the_doubled_unit() {
    // Every free text of every sample (narrative, goals, glossary, indicator cells) was checked:
    // 县级财政 (高阳, 县), 区级财政/区级单位 (广阳, 区), 国务院和省、市、县政府 (a list of levels),
    // 《河北省省级预算公开办法》 (a title), 较2021年预算 / 与2023年相比 (comparisons with the previous
    // year) and 高车改[2016]8号 (a document number) are all correct.
    assert_eq!(
        issues_of(&load("gaoyang-2022")),
        vec![("operating_costs".to_string(), TextIssueKind::DoubledUnit, "20万万元".to_string())]
    );
    assert_eq!(issues_of(&load("laiyuan-2024")), vec![]);
    assert_eq!(issues_of(&load("guangyang-2022")), vec![]);
    let issue = &text_issues(&load("gaoyang-2022").narrative.operating_costs, 2022, "县")[0];
    assert_eq!(issue.message, "“20万万元”的金额单位写重了，应为“20万元”");
}

#[test]
fn sample_sentences_copied_into_another_document_are_caught() {
    // 高阳's glossary in a 区 document, its income sentence in the next year's document.
    let p = load("gaoyang-2022");
    let glossary = &p.narrative.glossary[0].definition;
    assert_eq!(
        text_issues(glossary, 2022, "区").iter().map(|i| (i.kind, i.phrase.as_str())).collect::<Vec<_>>(),
        [(TextIssueKind::WrongLevelWord, "县级财政")]
    );
    let income = &p.narrative.overview.income;
    assert_eq!(
        text_issues(income, 2023, "县").iter().map(|i| (i.kind, i.phrase.as_str())).collect::<Vec<_>>(),
        [(TextIssueKind::YearMismatch, "2022 年预算收入总额为1006.79万元")]
    );
}
