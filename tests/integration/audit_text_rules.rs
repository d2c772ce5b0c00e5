//! The narrative rules (NARR-*), each with a failing and a passing case on the 高阳 sample.

use yugong::audit::{self, Finding, Location, Severity};
use yugong::io::project_file;
use yugong::model::{NarrativeSection, Project};

fn gaoyang() -> Project {
    project_file::parse(yugong::samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap()
}

fn narr(project: &Project) -> Vec<Finding> {
    audit::check(project).into_iter().filter(|f| f.rule.starts_with("NARR-")).collect()
}

fn only(findings: &[Finding], rule: &str) -> Vec<Finding> {
    findings.iter().filter(|f| f.rule == rule).cloned().collect()
}

/// 高阳's only narrative finding is its real “20万万元”.
#[test]
fn the_sample_passes_every_narrative_rule_but_its_doubled_unit() {
    let findings = narr(&gaoyang());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].rule, "NARR-UNIT");
    assert_eq!(findings[0].location, Location::Narrative { section: NarrativeSection::OperatingCosts });
}

#[test]
fn narr_amount_one_fen_is_a_warning_more_is_an_error() {
    let mut project = gaoyang();
    project.narrative.overview.expense =
        project.narrative.overview.expense.replace("基本支出746.55 万元", "基本支出746.56 万元");
    let found = only(&narr(&project), "NARR-AMOUNT");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0].message.contains("746.56") && found[0].message.contains("746.55") && found[0].message.contains("0.01")
    );
    assert_eq!(found[0].location, Location::Narrative { section: NarrativeSection::OverviewExpense });

    let mut project = gaoyang();
    project.narrative.three_public =
        project.narrative.three_public.replace("公务接待支出47.03万元", "公务接待支出57.03万元");
    let found = only(&narr(&project), "NARR-AMOUNT");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert!(found[0].message.contains("“三公”经费表 公务接待费 47.03") && found[0].message.contains("差 10.00"));
}

#[test]
fn narr_sum_checks_the_text_against_itself() {
    let without_tables = || {
        let mut project = gaoyang();
        project.tables.income_expense_summary.rows.iter_mut().for_each(|r| r.cells = Default::default());
        project
    };
    // Without tables, the text can still contradict itself: 296.77 + 449.78 ≠ 756.55.
    let mut project = without_tables();
    project.narrative.overview.expense =
        project.narrative.overview.expense.replace("基本支出746.55 万元", "基本支出756.55 万元");
    let found = only(&narr(&project), "NARR-SUM");
    let sum = found.iter().find(|f| f.message.contains("296.77 + 449.78 = 746.55 ≠ 756.55")).expect("NARR-SUM");
    assert_eq!(sum.severity, Severity::Error, "{found:#?}");
    // One fen may be the rounding of parts stated to the fen: a warning, not an error.
    let mut project = without_tables();
    project.narrative.overview.expense =
        project.narrative.overview.expense.replace("基本支出746.55 万元", "基本支出746.56 万元");
    let found = only(&narr(&project), "NARR-SUM");
    assert!(!found.is_empty() && found.iter().all(|f| f.severity == Severity::Warning), "{found:#?}");
    assert!(only(&narr(&gaoyang()), "NARR-SUM").is_empty());
}

#[test]
fn narr_items_sum_checks_listed_items_against_their_total() {
    let mut project = gaoyang();
    project.narrative.operating_costs =
        project.narrative.operating_costs.replace("办公费192.91万元", "办公费193.91万元");
    let found = only(&narr(&project), "NARR-ITEMS-SUM");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("12 项金额合计 365.32 ≠ 364.32"), "{}", found[0].message);
    assert_eq!(found[0].severity, Severity::Error);

    let mut project = gaoyang();
    project.narrative.overview.expense =
        project.narrative.overview.expense.replace("大气工作20.00万元", "大气工作21.00万元");
    let found = only(&narr(&project), "NARR-ITEMS-SUM");
    assert!(found.iter().any(|f| f.message.contains("11 项金额合计 261.24 ≠ 260.24")), "{found:#?}");

    // A fen off may be rounding: a warning.
    let mut project = gaoyang();
    project.narrative.operating_costs =
        project.narrative.operating_costs.replace("办公费192.91万元", "办公费192.92万元");
    let found = only(&narr(&project), "NARR-ITEMS-SUM");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("12 项金额合计 364.33 ≠ 364.32"), "{}", found[0].message);
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(only(&narr(&gaoyang()), "NARR-ITEMS-SUM").is_empty());
}

#[test]
fn narr_operating_costs_cannot_exceed_public_costs() {
    let mut project = gaoyang();
    project.narrative.operating_costs = "2022年机关运行经费500.00万元。".into();
    let found = only(&narr(&project), "NARR-OPERATING");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Error);
    assert!(found[0].message.contains("500.00") && found[0].message.contains("449.78"));
    assert!(only(&narr(&gaoyang()), "NARR-OPERATING").is_empty());
}

#[test]
fn narr_change_checks_current_minus_previous() {
    let mut project = gaoyang();
    project.narrative.overview.change =
        project.narrative.overview.change.replace("较上年997.25万元增加9.54万元", "较上年997.25万元增加9.64万元");
    let found = only(&narr(&project), "NARR-CHANGE");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("1006.79 − 997.25 = 9.54"), "{}", found[0].message);
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].location, Location::Narrative { section: NarrativeSection::OverviewChange });
    // One fen: a rounding slip, a warning; the published text: quiet.
    let mut project = gaoyang();
    project.narrative.overview.change =
        project.narrative.overview.change.replace("较上年997.25万元增加9.54万元", "较上年997.25万元增加9.55万元");
    let found = only(&narr(&project), "NARR-CHANGE");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(only(&narr(&gaoyang()), "NARR-CHANGE").is_empty());
}

#[test]
fn narr_change_sum_checks_parts_of_the_change() {
    // Δ基本 + Δ项目 ≠ Δ总额: −39.6 + 49.24 = 9.64 ≠ 9.54.
    let mut project = gaoyang();
    project.narrative.overview.change =
        project.narrative.overview.change.replace("项目支出增加49.14万元", "项目支出增加49.24万元");
    let found = only(&narr(&project), "NARR-CHANGE-SUM");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("= 9.64 ≠ 总额增减 9.54"), "{}", found[0].message);
    assert_eq!(found[0].severity, Severity::Error);
    // One fen off: a rounding slip, a warning.
    let mut project = gaoyang();
    project.narrative.overview.change =
        project.narrative.overview.change.replace("项目支出增加49.14万元", "项目支出增加49.15万元");
    let found = only(&narr(&project), "NARR-CHANGE-SUM");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);

    // “三公”: −3.59 − 5.22 = −8.81 in the sample; change one item.
    let mut project = gaoyang();
    project.narrative.three_public = project.narrative.three_public.replace("比去年减少3.59万元", "比去年减少3.69万元");
    let found = only(&narr(&project), "NARR-CHANGE-SUM");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("“三公”各项比上年增减合计"), "{}", found[0].message);
    assert_eq!(found[0].severity, Severity::Error);
    assert!(only(&narr(&gaoyang()), "NARR-CHANGE-SUM").is_empty());
}

#[test]
fn narr_reason_wants_every_change_explained() {
    // Every change the three published narratives report carries its reason (原因…, 主要原因是…,
    // 主要为…, 增减变化的主要原因是…), and 持平 needs none: quiet on all three samples.
    for stem in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
        let project = project_file::parse(yugong::samples::sample_text(stem).unwrap().as_bytes()).unwrap();
        assert!(only(&narr(&project), "NARR-REASON").is_empty(), "{stem}: {:#?}", narr(&project));
    }
    // 高阳 三公's last sentence without its reason: “较去年124万元相比，减少8.81万元。”
    let mut project = gaoyang();
    project.narrative.three_public = project
        .narrative
        .three_public
        .replace("减少8.81万元，原因针对三公经费支出制定了严格的管理制度，厉行节约，杜绝浪费。", "减少8.81万元。");
    let found = only(&narr(&project), "NARR-REASON");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].location, Location::Narrative { section: NarrativeSection::ThreePublic });
    assert!(found[0].message.contains("“较去年124万元相比，减少8.81万元”没有说明增减原因"), "{}", found[0].message);
    // 公务接待 without its own reason is still explained by the next sentence's (the rule reads the
    // same sentence or the next).
    let mut project = gaoyang();
    project.narrative.three_public =
        project.narrative.three_public.replace("减少5.22万元，原因公务接待费支出核减。", "减少5.22万元。");
    assert!(only(&narr(&project), "NARR-REASON").is_empty(), "{:#?}", narr(&project));
    // 高阳 比上年: 项目支出增加49.14万元 with its reason cut.
    let mut project = gaoyang();
    let change = &project.narrative.overview.change;
    let cut = change.find("，主要原因是：开展工作增多").unwrap();
    project.narrative.overview.change = format!("{}。", &change[..cut]);
    let found = only(&narr(&project), "NARR-REASON");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("“项目支出增加49.14万元”"), "{}", found[0].message);
    // 涞源 三公: “与2023年相比减少18.98万元, 增减变化的主要原因是公务用车运维费和公务接待费减少。”
    let mut project = project_file::parse(yugong::samples::sample_text("laiyuan-2024").unwrap().as_bytes()).unwrap();
    let three_public = &project.narrative.three_public;
    let cut = three_public.find(", 增减变化的主要原因是").unwrap();
    project.narrative.three_public = format!("{}。", &three_public[..cut]);
    let found = only(&narr(&project), "NARR-REASON");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("减少18.98万元"), "{}", found[0].message);
}

#[test]
fn narr_share_holds_stated_shares_against_the_tables() {
    // The seeds state no shares (their only 占…比例 are goal indicators: 满意人数占全部人数的比例,
    // which are no figures and are not read). 高阳's expense sentence with shares written in:
    // 746.55 ÷ 1006.79 = 74.15%, 260.24 ÷ 1006.79 = 25.85%, 296.77 ÷ 746.55 = 39.75%.
    let with_shares = |basic: &str, personnel: &str| {
        let mut project = gaoyang();
        project.narrative.overview.expense = project
            .narrative
            .overview
            .expense
            .replace("基本支出746.55 万元，", &format!("基本支出746.55 万元，占总支出的{basic}，"))
            .replace("人员经费 296.77 万元", &format!("人员经费 296.77 万元（占基本支出的{personnel}）"))
            .replace("项目支出260.24万元", "项目支出260.24万元，占比25.85%，");
        project
    };
    let right = with_shares("74.15%", "39.75%");
    assert!(only(&narr(&right), "NARR-SHARE").is_empty(), "{:#?}", narr(&right));
    assert!(only(&narr(&right), "NARR-AMOUNT").is_empty(), "{:#?}", narr(&right));
    // 75.15%: a contradiction; the message gives the table's figures and the right share.
    let found = only(&narr(&with_shares("75.15%", "39.75%")), "NARR-SHARE");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].location, Location::Narrative { section: NarrativeSection::OverviewExpense });
    assert!(
        found[0].message.contains("“占总支出的75.15%”：支出总表 基本支出746.55 ÷ 支出总表 合计1006.79 = 74.15%"),
        "{}",
        found[0].message
    );
    // One unit of the stated precision off (39.76% for 39.752…%): a warning.
    let found = only(&narr(&with_shares("74.15%", "39.76%")), "NARR-SHARE");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    // Stated to the whole percent, 74% is right.
    assert!(only(&narr(&with_shares("74%", "40%")), "NARR-SHARE").is_empty());
    // The published text: nothing to check.
    assert!(only(&narr(&gaoyang()), "NARR-SHARE").is_empty());
}

#[test]
fn narr_placeholder_in_narrative_and_goal_tables() {
    let mut project = gaoyang();
    project.narrative.other_matters = "目标内容1".into();
    project.goals[0].indicators[0].name = "XX指标".into();
    let found = only(&narr(&project), "NARR-PLACEHOLDER");
    assert!(
        found.iter().any(|f| f.location == Location::Narrative { section: NarrativeSection::OtherMatters }),
        "{found:#?}"
    );
    assert!(found.iter().any(|f| f.location == Location::Goal { goal: 0, indicator: Some(0) }), "{found:#?}");
    assert!(only(&narr(&gaoyang()), "NARR-PLACEHOLDER").is_empty());
}

#[test]
fn narr_slot_reports_each_unfilled_slot_and_not_as_a_placeholder() {
    let mut project = gaoyang();
    project.narrative.overview.change.push_str("增减变化的主要原因是【请填写增减原因】。");
    project.narrative.assets.push_str("本年度拟购置固定资产总额为【请填写拟购置固定资产总额】。");
    let findings = narr(&project);
    let slots = only(&findings, "NARR-SLOT");
    assert_eq!(slots.len(), 2, "{slots:#?}");
    assert_eq!(slots[0].location, Location::Narrative { section: NarrativeSection::OverviewChange });
    assert!(slots[0].message.contains("【请填写增减原因】"), "{}", slots[0].message);
    assert!(only(&findings, "NARR-PLACEHOLDER").is_empty(), "a slot is not also template text");
    // Filled, the slot is gone; the published text has none.
    project.narrative.overview.change = project.narrative.overview.change.replace("【请填写增减原因】", "人员增加");
    assert_eq!(only(&narr(&project), "NARR-SLOT").len(), 1);
    assert!(only(&narr(&gaoyang()), "NARR-SLOT").is_empty());
}

#[test]
fn narr_prior_holds_the_stated_last_year_figures_against_the_prior_year_block() {
    use yugong::model::PriorYear;
    let money = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    // 高阳's published 比上年 figures: 较上年997.25万元, 基本支出较上年786.15万元, 项目支出增加49.14万元.
    let published = PriorYear {
        year: 2021,
        total: Some(money("997.25")),
        basic: Some(money("786.15")),
        project: Some(money("211.10")),
        three_public: Some(money("124.00")),
        ..Default::default()
    };
    let mut project = gaoyang();
    project.prior_year = Some(published.clone());
    assert!(only(&narr(&project), "NARR-PRIOR").is_empty(), "{:#?}", narr(&project));
    // A block that disagrees on 基本支出 is reported there, with both figures.
    project.prior_year = Some(PriorYear { basic: Some(money("780.00")), ..published });
    let found = only(&narr(&project), "NARR-PRIOR");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("786.15") && found[0].message.contains("780.00"), "{}", found[0].message);
    assert_eq!(found[0].location, Location::Narrative { section: NarrativeSection::OverviewChange });
    // Without a block, nothing to hold them against.
    assert!(only(&narr(&gaoyang()), "NARR-PRIOR").is_empty());
}

#[test]
fn narr_unit_amount_without_wan() {
    let mut project = gaoyang();
    project.narrative.three_public =
        project.narrative.three_public.replace("公务接待支出47.03万元", "公务接待支出47.03元");
    let found = only(&narr(&project), "NARR-UNIT");
    assert!(
        found.iter().any(|f| f.location == Location::Narrative { section: NarrativeSection::ThreePublic }),
        "{found:#?}"
    );
}

#[test]
fn narr_level_word_of_another_government() {
    let mut project = gaoyang();
    project.narrative.glossary[0].definition = "指省级财政当年拨付的资金。".into();
    let found = only(&narr(&project), "NARR-LEVEL");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].location, Location::Narrative { section: NarrativeSection::Glossary });
    assert!(found[0].message.contains("省级"), "{}", found[0].message);
    // In a province's document 省级 is right (and the sample's own 县级 wording is what is wrong).
    project.meta.level = yugong::model::AdminLevel::Province;
    let found = only(&narr(&project), "NARR-LEVEL");
    assert!(!found.is_empty() && found.iter().all(|f| !f.message.starts_with("“省级")), "{found:#?}");
}

#[test]
fn narr_year_of_another_budget() {
    let mut project = gaoyang();
    project.narrative.overview.income =
        project.narrative.overview.income.replace("2022 年预算收入总额", "2021 年预算收入总额");
    let found = only(&narr(&project), "NARR-YEAR");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].location, Location::Narrative { section: NarrativeSection::OverviewIncome });
}

#[test]
fn narr_preamble_names_unit_and_year() {
    let mut project = gaoyang();
    project.narrative.preamble = project.narrative.preamble.replace("2022年", "本年");
    let found = only(&narr(&project), "NARR-PREAMBLE");
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("高阳县人民政府办公室2022年"));
}

#[test]
fn narr_bound_reports_a_stale_or_unknown_bound_figure_and_prints_the_table_value() {
    // Bound as `yugong draft --bind` binds it: nothing to report, and the audit reads the same text.
    let mut project = gaoyang();
    assert!(yugong::narrative::bound::bind_narrative(&mut project) > 0);
    assert!(project.narrative.overview.expense.contains("⟦746.55 万元|derived/basic⟧"));
    assert_eq!(narr(&project), narr(&gaoyang()));
    // Stored 700.00 where the table says 746.55: an info, and no NARR-AMOUNT (746.55 is printed).
    let mut stale = project.clone();
    stale.narrative.overview.expense = stale.narrative.overview.expense.replace("⟦746.55 万元|", "⟦700.00 万元|");
    let found = narr(&stale);
    let bound = only(&found, "NARR-BOUND");
    assert_eq!(bound.len(), 1, "{found:#?}");
    assert_eq!(bound[0].severity, Severity::Info);
    assert!(bound[0].message.contains("700.00") && bound[0].message.contains("746.55"), "{}", bound[0].message);
    assert!(only(&found, "NARR-AMOUNT").is_empty());
    // A source yugong does not know prints its stored value, and is reported.
    let mut unknown = project;
    unknown.narrative.overview.expense =
        unknown.narrative.overview.expense.replace("|derived/basic⟧", "|derived/no_such_figure⟧");
    let found = only(&narr(&unknown), "NARR-BOUND");
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("无法识别"));
}
