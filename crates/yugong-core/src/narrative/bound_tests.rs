//! Bound figures on the three samples: binding changes no printed text, resolving follows the
//! tables, edits over a bound figure unbind it, and no input resolves to a raw marker.

use super::*;
use crate::audit;
use crate::samples::SAMPLES;
use proptest::prelude::*;

fn load(stem: &str) -> Project {
    crate::project_format::parse(crate::samples::sample_text(stem).unwrap().as_bytes()).unwrap()
}

fn stems() -> impl Iterator<Item = &'static str> {
    SAMPLES.iter().map(|(stem, _, _)| *stem)
}

#[test]
fn every_source_key_reads_back() {
    for d in Derived::ALL {
        let source = Source::Derived(d);
        assert_eq!(Source::parse(&source.key()), Some(source));
    }
    let cell = Source::cell(TableId::ThreePublic, "vehicle.purchase", "total");
    assert_eq!(cell.key(), "three_public/vehicle.purchase/total");
    assert_eq!(Source::parse(&cell.key()), Some(cell));
    for bad in ["", "derived/", "derived/nope", "nosuch/total/total", "expense/total", "expense//total", "/"] {
        assert_eq!(Source::parse(bad), None, "{bad}");
    }
}

#[test]
fn binding_a_sample_changes_no_printed_text_and_binds_every_equal_figure() {
    for stem in stems() {
        let project = load(stem);
        let values = Values::new(&project);
        let mut bound_total = 0;
        for (section, text) in NarrativeSection::texts(&project.narrative) {
            let bound = bind(text, &project);
            assert_eq!(resolve(&bound, &project), text, "{stem} {section}");
            let (resolved, spans) = resolve_spans(&bound, &values);
            assert_eq!(resolved, text);
            bound_total += spans.len();
            // Every figure the reader finds equal to its table value is bound, and nothing else.
            let equal = super::super::stated_amounts(text)
                .into_iter()
                .filter(|s| {
                    Derived::of_figure(s.figure)
                        .and_then(|d| values.value(&Source::Derived(d)))
                        .is_some_and(|v| v == s.value)
                })
                .count();
            assert_eq!(spans.len(), equal, "{stem} {section}: {bound}");
            for span in &spans {
                assert_eq!(resolved.get(span.resolved.clone()), Some(span.stored.as_str()));
                assert!(span.stored.ends_with("万元"), "{}", span.stored);
            }
            // Binding twice binds nothing more.
            assert_eq!(bind(&bound, &project), bound);
        }
        // 广阳's tables are empty: nothing there is a table figure but procurement and assets.
        eprintln!("{stem}: {bound_total} bound");
        assert!(bound_total >= if stem == "guangyang-2022" { 2 } else { 10 }, "{stem}: {bound_total}");
    }
}

#[test]
fn the_differing_figures_are_the_narr_amount_findings() {
    for stem in stems() {
        let project = load(stem);
        let findings = audit::check(&project);
        let narr_amount = findings.iter().filter(|f| f.rule == "NARR-AMOUNT").count();
        let plan = plan(&project);
        assert_eq!(plan.differing.len(), narr_amount, "{stem}: {:?}", plan.differing);
        // Replacing and binding each clears its finding and adds no other.
        let mut fixed = project.clone();
        for (section, differing) in &plan.differing {
            let text = section.text(&fixed.narrative).unwrap().to_string();
            let new = replace_and_bind(&text, &fixed, differing);
            assert_ne!(new, text);
            assert!(resolve(&new, &fixed).contains(&differing.replacement()));
            *section.text_mut(&mut fixed.narrative).unwrap() = new;
        }
        let after = audit::check(&fixed);
        assert_eq!(after.iter().filter(|f| f.rule == "NARR-AMOUNT").count(), 0, "{stem}");
        assert!(after.len() <= findings.len(), "{stem}");
    }
}

#[test]
fn a_seeded_mismatch_is_offered_for_replacing() {
    let project = load("gaoyang-2022");
    let text = project.narrative.overview.expense.clone();
    let personnel = project.tables.general_basic_expense.amount("total", "personnel").unwrap();
    let written = format!("{personnel}");
    assert!(text.contains(&written), "{text}");
    let mut wrong = project.clone();
    wrong.narrative.overview.expense = text.replacen(&written, "999.99", 1);
    let plan = plan(&wrong);
    let (section, differing) = plan.differing.iter().find(|(_, d)| d.figure == Figure::Personnel).unwrap();
    assert_eq!(*section, NarrativeSection::OverviewExpense);
    assert_eq!(differing.current, personnel);
    let fixed = replace_and_bind(&wrong.narrative.overview.expense, &wrong, differing);
    assert_eq!(resolve(&fixed, &wrong), text);
    assert!(fixed.contains("|derived/personnel⟧"), "{fixed}");
}

#[test]
fn a_bound_figure_follows_its_table() {
    let mut project = load("laiyuan-2024");
    let text = bind(&project.narrative.three_public, &project);
    assert!(text.contains("|derived/three_public.reception⟧"), "{text}");
    let before = resolve(&text, &project).into_owned();
    let row = project.tables.three_public.row_mut("reception").unwrap();
    let old = row.cells.get("total").unwrap();
    let new = old + rust_decimal::Decimal::new(1234, 2);
    row.cells.set("total", Some(new));
    let after = resolve(&text, &project).into_owned();
    assert_ne!(before, after);
    assert!(after.contains(&format!("公务接待费{}", shown_value("0.00万元", new))), "{after}");
    // The stored value is stale now: the audit says so (info), and refreshing writes it in.
    project.narrative.three_public = text;
    let stale = stale_markers(&project);
    assert_eq!(stale.len(), 1, "{stale:?}");
    let findings = audit::check(&project);
    assert!(findings.iter().any(|f| f.rule == "NARR-BOUND" && f.severity == audit::Severity::Info));
    assert_eq!(refresh(&mut project), 1);
    assert!(stale_markers(&project).is_empty());
    assert_eq!(resolve(&project.narrative.three_public, &project), after);
    let findings = audit::check(&project);
    assert!(!findings.iter().any(|f| f.rule == "NARR-BOUND"));
}

#[test]
fn stored_precision_is_kept() {
    assert_eq!(shown_value("359万元", rust_decimal::Decimal::new(359, 0)), "359万元");
    assert_eq!(shown_value("359万元", rust_decimal::Decimal::new(3605, 1)), "360.5万元");
    assert_eq!(shown_value("171.00 万元", rust_decimal::Decimal::new(180, 0)), "180.00 万元");
    assert_eq!(shown_value("420.74804万元", rust_decimal::Decimal::new(42, 0)), "42.00000万元");
}

#[test]
fn unknown_and_malformed_markers_resolve_to_text() {
    let project = load("laiyuan-2024");
    for (text, shown) in [
        ("费⟦12.00万元|derived/nope⟧。", "费12.00万元。"),
        ("费⟦12.00万元⟧。", "费12.00万元。"),
        ("费⟦12.00万元|derived/basic", "费12.00万元|derived/basic"),
        ("费12⟧万元", "费12万元"),
        ("⟦⟦1万元|x⟧⟧", "1万元"),
        ("⟦", ""),
        ("⟦|⟧", ""),
    ] {
        assert_eq!(resolve(text, &project), shown, "{text}");
    }
    let stale = {
        let mut p = project.clone();
        p.narrative.other_matters = "⟦1万元|derived/nope⟧".into();
        stale_markers(&p)
    };
    assert_eq!(stale.len(), 1);
}

#[test]
fn typing_over_a_bound_figure_unbinds_it_and_nothing_else() {
    let project = load("laiyuan-2024");
    let raw = bind(&project.narrative.overview.expense, &project);
    let values = Values::new(&project);
    let (resolved, spans) = resolve_spans(&raw, &values);
    assert!(spans.len() >= 3, "{raw}");
    let first = spans.first().unwrap().clone();
    // A digit typed inside the first figure: it becomes plain, the others stay bound.
    let mut typed = resolved.clone();
    typed.insert(first.resolved.start + 1, '9');
    let new_raw = edit(&raw, &project, &typed);
    assert_eq!(resolve(&new_raw, &project), typed);
    let (_, new_spans) = resolve_spans(&new_raw, &values);
    assert_eq!(new_spans.len(), spans.len() - 1);
    // Typing before the figure (at its start) keeps it bound.
    let mut before = resolved.clone();
    before.insert(first.resolved.start, '共');
    let kept = edit(&raw, &project, &before);
    assert_eq!(resolve(&kept, &project), before);
    assert_eq!(resolve_spans(&kept, &values).1.len(), spans.len());
    // Deleting the whole text leaves nothing; deleting a figure's last char unbinds only it.
    assert_eq!(edit(&raw, &project, ""), "");
    let mut cut = resolved.clone();
    cut.replace_range(first.resolved.end - "元".len()..first.resolved.end, "");
    let cut_raw = edit(&raw, &project, &cut);
    assert_eq!(resolve(&cut_raw, &project), cut);
    assert_eq!(resolve_spans(&cut_raw, &values).1.len(), spans.len() - 1);
    assert_eq!(edit(&raw, &project, &resolved), raw);
}

#[test]
fn resolving_an_unmarked_project_borrows_it() {
    let project = load("gaoyang-2022");
    assert!(matches!(resolved_project(&project), Cow::Borrowed(_)));
    let mut bound = project.clone();
    assert!(bind_narrative(&mut bound) > 0);
    let resolved = resolved_project(&bound);
    assert!(matches!(resolved, Cow::Owned(_)));
    assert_eq!(resolved.narrative, project.narrative);
}

const PIECES: &[&str] =
    &["⟦", "⟧", "|", "derived/basic", "derived/", "expense/total/basic", "12.5", "万元", " ", "基本支出", "，", "a"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// No text resolves to a bracket, and any edit of the resolved text resolves to that edit.
    #[test]
    fn no_text_resolves_to_a_token(
        parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
        edit_parts in proptest::collection::vec(proptest::sample::select(&PIECES[6..]), 0..6),
        cut in 0usize..64,
    ) {
        let project = load("laiyuan-2024");
        let text: String = parts.concat();
        let resolved = resolve(&text, &project).into_owned();
        prop_assert!(!resolved.contains([OPEN, CLOSE]), "{text:?} → {resolved:?}");
        let mut at = cut.min(resolved.len());
        while !resolved.is_char_boundary(at) {
            at -= 1;
        }
        let mut edited = resolved.clone();
        edited.insert_str(at, &edit_parts.concat());
        let raw = edit(&text, &project, &edited);
        prop_assert_eq!(resolve(&raw, &project).into_owned(), edited);
    }
}
