//! Drafting against the three samples: the drafted 二/三/四/六/七 state the figures the published
//! narratives state (tests/fixtures/seeds/), and the audit finds nothing in them but slots.

use super::draft::{self, DRAFTED_SECTIONS};
use crate::audit::{self, Location, Severity};
use crate::catalog::Catalog;
use crate::model::{NarrativeSection, PriorYear, Project};

fn load(stem: &str) -> Project {
    crate::project_format::parse(crate::samples::sample_text(stem).unwrap().as_bytes()).unwrap()
}

/// The prior-year blocks built from each sample's published 比上年 figures (headers say how).
fn prior(stem: &str) -> PriorYear {
    let text = match stem {
        "laiyuan-2024" => include_str!("../../../../tests/fixtures/prior/laiyuan-2024.ron"),
        "gaoyang-2022" => include_str!("../../../../tests/fixtures/prior/gaoyang-2022.ron"),
        "guangyang-2022" => include_str!("../../../../tests/fixtures/prior/guangyang-2022.ron"),
        _ => unreachable!(),
    };
    ron::from_str(text).unwrap()
}

fn drafted(stem: &str) -> Project {
    let mut project = load(stem);
    project.prior_year = Some(prior(stem));
    let edition = Catalog::get().edition(&project.meta.edition).unwrap();
    let texts = draft::draft_all(&project, edition);
    assert_eq!(texts.len(), DRAFTED_SECTIONS.len());
    draft::apply(&mut project, &texts);
    project
}

/// The figures each published narrative states in 二/三/四/六/七 (from the seed text), written as
/// the drafted text writes them (two decimals), with the section that must state them; and the
/// published figures no table or prior-year block determines, with why.
struct Published {
    stated: &'static [(NarrativeSection, &'static str)],
    undetermined: &'static [(&'static str, &'static str)],
}

fn published(stem: &str) -> Published {
    use NarrativeSection::*;
    match stem {
        "laiyuan-2024" => Published {
            stated: &[
                (OverviewIncome, "预算收入1486.83万元"),
                (OverviewIncome, "一般公共预算拨款收入1486.83万元"),
                (OverviewIncome, "政府性基金预算拨款收入0.00万元"),
                (OverviewIncome, "国有资本经营预算拨款收入0.00万元"),
                (OverviewIncome, "财政专户管理资金收入0.00万元"),
                (OverviewIncome, "单位资金0.00万元"),
                (OverviewIncome, "上年结转结余0.00万元"),
                (OverviewExpense, "支出预算1486.83万元"),
                (OverviewExpense, "基本支出1191.02万元"),
                (OverviewExpense, "人员经费822.18万元"),
                (OverviewExpense, "日常公用经费368.84万元"),
                (OverviewExpense, "项目支出295.81万元"),
                (OverviewChange, "1486.83万元"),
                (OverviewChange, "增加167.73万元"),
                (OverviewChange, "增加108.79万元"),
                (OverviewChange, "增加58.94万元"),
                (OperatingCosts, "机关运行经费共计368.84万元"),
                (ThreePublic, "预算安排171.00万元"),
                (ThreePublic, "因公出国（境）费7.00万元"),
                (ThreePublic, "公务用车购置及运维费69.00万元"),
                (ThreePublic, "公务用车购置费0.00万元"),
                (ThreePublic, "公务用车运行维护费69.00万元"),
                (ThreePublic, "公务接待费95.00万元"),
                (ThreePublic, "减少18.98万元"),
                (Assets, "固定资产金额为712.42万元"),
            ],
            undetermined: &[("拟购置固定资产总额9.31万元", "no table holds planned purchases: a slot")],
        },
        "gaoyang-2022" => Published {
            stated: &[
                (OverviewIncome, "预算收入1006.79万元"),
                (OverviewIncome, "一般公共预算拨款收入1006.79万元"),
                (OverviewIncome, "财政专户管理资金收入0.00万元"),
                (OverviewIncome, "政府性基金预算拨款收入0.00万元"),
                (OverviewIncome, "其他收入0.00万元"),
                (OverviewExpense, "支出预算1006.79万元"),
                (OverviewExpense, "基本支出746.55万元"),
                (OverviewExpense, "人员经费296.77万元"),
                (OverviewExpense, "日常公用经费449.78万元"),
                (OverviewExpense, "项目支出260.24万元"),
                (OverviewChange, "1006.79万元"),
                (OverviewChange, "较上年997.25万元增加9.54万元"),
                (OverviewChange, "基本支出746.55万元较上年786.15万元减少39.60万元"),
                (OverviewChange, "增加49.14万元"),
                // The economic items the published text lists after 机关运行经费.
                (OperatingCosts, "办公费192.91万元"),
                (OperatingCosts, "邮电费12.82万元"),
                (OperatingCosts, "差旅费10.00万元"),
                (OperatingCosts, "维修(护)费20.00万元"),
                (OperatingCosts, "会议费16.25万元"),
                (OperatingCosts, "办公设备购置25.00万元"),
                (OperatingCosts, "公务用车运行维护费20.16万元"),
                (OperatingCosts, "印刷费15.00万元"),
                (OperatingCosts, "其他交通费用13.86万元"),
                (OperatingCosts, "工会经费10.00万元"),
                (OperatingCosts, "福利费11.65万元"),
                (OperatingCosts, "其他商品和服务支出16.67万元"),
                (ThreePublic, "预算安排115.19万元"),
                (ThreePublic, "因公出国（境）费0.00万元与上年持平"),
                (ThreePublic, "公务用车购置费0.00万元"),
                (ThreePublic, "公务用车运行维护费68.16万元较上年71.75万元减少3.59万元"),
                (ThreePublic, "公务接待费47.03万元较上年52.25万元减少5.22万元"),
                (ThreePublic, "较上年124.00万元减少8.81万元"),
                (Procurement, "政府采购预算0.00万元"),
                (Assets, "固定资产金额为594.97万元"),
            ],
            undetermined: &[
                (
                    "机关运行经费364.32万元",
                    "高阳 counts 12 of its 17 公用经费 items (no 手续费、租赁费、培训费、公务接待费、劳务费): drafting states the whole 公用经费 449.78 and lists every item",
                ),
                (
                    "项目支出 amounts (网络光纤租用费24.64万元 …)",
                    "the 2022 goal tables carry no 预算数: drafted as the project names",
                ),
                ("拟购置固定资产总额25万元", "no table holds planned purchases: a slot"),
            ],
        },
        "guangyang-2022" => Published {
            stated: &[(Procurement, "政府采购预算359.00万元"), (Assets, "固定资产金额为420.74804万元")],
            undetermined: &[
                (
                    "收入、支出、机关运行经费、“三公” figures",
                    "the sample's nine tables are empty (its seed prints them as images): every table figure is a slot",
                ),
                ("拟购置固定资产总额139万元", "no table holds planned purchases: a slot"),
            ],
        },
        _ => unreachable!(),
    }
}

const SAMPLES: [&str; 3] = ["laiyuan-2024", "gaoyang-2022", "guangyang-2022"];

#[test]
fn drafted_sections_state_every_figure_the_published_narrative_states_that_the_tables_determine() {
    for stem in SAMPLES {
        let project = drafted(stem);
        let expected = published(stem);
        for (section, figure) in expected.stated {
            // As printed: the drafted figures are bound to their sources.
            let text = super::bound::resolve(section.text(&project.narrative).unwrap(), &project);
            assert!(text.contains(figure), "{stem} {section}: “{figure}” not in “{text}”");
        }
        assert!(!expected.undetermined.is_empty());
    }
}

#[test]
fn drafted_samples_have_no_narrative_finding_but_unfilled_slots() {
    for stem in SAMPLES {
        let project = drafted(stem);
        let findings = audit::check(&project);
        let narrative: Vec<_> = findings
            .iter()
            .filter(|f| f.rule.starts_with("NARR-") && f.severity != Severity::Info && f.rule != "NARR-SLOT")
            .collect();
        assert!(narrative.is_empty(), "{stem}: {narrative:#?}");
        // The slots are reported, in the sections that have them.
        let slots: Vec<_> = findings.iter().filter(|f| f.rule == "NARR-SLOT").collect();
        let in_text: usize =
            DRAFTED_SECTIONS.iter().map(|s| draft::slots(s.text(&project.narrative).unwrap()).len()).sum();
        assert!(in_text > 0);
        assert_eq!(slots.len(), in_text, "{stem}");
        assert!(slots.iter().all(|f| matches!(f.location, Location::Narrative { .. })));
    }
}

#[test]
fn figures_of_the_drafted_text_are_read_by_the_audit() {
    // Every drafted table figure is one the audit reads and compares: change one table cell and the
    // drafted text, once its figures are plain text, no longer agrees with the tables; bound, it
    // follows the table (the stored value is stale: an info, no NARR-AMOUNT).
    let mut bound = drafted("laiyuan-2024");
    bound
        .tables
        .general_basic_expense
        .rows
        .iter_mut()
        .find(|r| r.id == "total")
        .unwrap()
        .cells
        .set("personnel", Some(rust_decimal::Decimal::new(82219, 2)));
    let mut plain = bound.clone();
    plain.narrative = super::bound::resolved_project(&drafted("laiyuan-2024")).narrative.clone();
    let expense = Location::Narrative { section: NarrativeSection::OverviewExpense };
    let findings = audit::check(&plain);
    assert!(findings.iter().any(|f| f.rule == "NARR-AMOUNT" && f.location == expense), "{findings:#?}");
    let findings = audit::check(&bound);
    assert!(!findings.iter().any(|f| f.rule == "NARR-AMOUNT"), "{findings:#?}");
    assert!(findings.iter().any(|f| f.rule == "NARR-BOUND" && f.location == expense), "{findings:#?}");
}

#[test]
fn without_a_prior_year_the_comparisons_are_slots() {
    let mut project = load("laiyuan-2024");
    let edition = Catalog::get().edition(&project.meta.edition).unwrap();
    let texts = draft::draft_all(&project, edition);
    draft::apply(&mut project, &texts);
    let change = super::bound::resolve(&project.narrative.overview.change, &project);
    assert!(change.contains("较上年【请填写增减情况】"), "{change}");
    assert!(!change.contains("167.73"), "{change}");
    // A project with no prior year and no filled slots is still readable by the audit.
    assert!(audit::check(&project).iter().any(|f| f.rule == "NARR-SLOT"));
}

#[test]
fn procurement_is_split_by_catalog_letter() {
    let project = drafted("guangyang-2022");
    let text = &*super::bound::resolve(&project.narrative.procurement, &project);
    let kind = |letter: char| -> rust_decimal::Decimal {
        project
            .procurement
            .rows
            .iter()
            .filter(|r| r.catalog_code.starts_with(letter))
            .map(|r| r.funds.get("total").unwrap_or_default())
            .sum()
    };
    for (letter, word) in [('A', "货物类"), ('B', "工程类"), ('C', "服务类")] {
        assert!(text.contains(&format!("{word}{}", draft::wan(kind(letter)))), "{text}");
    }
    assert_eq!(kind('A') + kind('B') + kind('C'), rust_decimal::Decimal::new(359, 0));
}

#[test]
fn drafted_table_figures_are_bound_and_follow_their_tables() {
    for stem in SAMPLES {
        let project = drafted(stem);
        // Every drafted figure the audit compares with a table is bound: binding the drafted
        // text binds nothing more, and no bound figure is stale.
        for section in DRAFTED_SECTIONS {
            let text = section.text(&project.narrative).unwrap();
            assert_eq!(super::bound::bind(text, &project), text, "{stem} {section}");
        }
        assert!(super::bound::stale_markers(&project).is_empty(), "{stem}");
        assert!(super::bound::plan(&project).differing.is_empty(), "{stem}");
    }
    // A changed 三公 cell shows in the drafted text without drafting again.
    let mut project = drafted("laiyuan-2024");
    let row = project.tables.three_public.row_mut("reception").unwrap();
    row.cells.set("total", Some(rust_decimal::Decimal::new(8800, 2)));
    let text = super::bound::resolve(&project.narrative.three_public, &project);
    assert!(text.contains("公务接待费88.00万元"), "{text}");
}

#[test]
fn the_prior_year_block_is_readable_ron_that_round_trips_and_is_absent_from_files_without_it() {
    for stem in SAMPLES {
        let text = crate::samples::sample_text(stem).unwrap();
        let project = load(stem);
        assert!(project.prior_year.is_none());
        assert_eq!(crate::project_format::to_string(&project), text, "{stem}: canonical text unchanged");
        let mut with = project.clone();
        with.prior_year = Some(prior(stem));
        let written = crate::project_format::to_string(&with);
        assert!(written.contains("prior_year: Some((") || written.contains("prior_year: ("), "{written}");
        assert!(written.contains(&format!("year: {}", prior(stem).year)));
        assert_eq!(crate::project_format::parse(written.as_bytes()).unwrap(), with);
    }
}

#[test]
fn prior_year_from_last_years_project_takes_its_table_figures() {
    let last = load("laiyuan-2024");
    let prior = PriorYear::from_project(&last);
    assert_eq!(prior.year, 2024);
    let money = |s: &str| Some(s.parse::<rust_decimal::Decimal>().unwrap());
    assert_eq!((prior.total, prior.basic, prior.project), (money("1486.83"), money("1191.02"), money("295.81")));
    assert_eq!((prior.personnel, prior.public), (money("822.18"), money("368.84")));
    assert_eq!((prior.three_public, prior.reception), (money("171.00"), money("95.00")));
    assert_eq!(prior.assets, money("712.42"));
}
