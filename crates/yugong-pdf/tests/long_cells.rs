//! Long cells in goal tables: a 绩效指标描述 longer than a page flows onto the next pages with
//! the header repeated, and no sentence of it is lost (issue 12, item 3). Checked on the layout
//! engine's output with the bundled fonts: every text run lies on its page, and the description
//! column, read in order, holds every sentence.

use yugong_core::{project_format, samples};
use yugong_pdf::layout::{Document, Item};
use yugong_pdf::{CalendarDate, document, writer::Fonts};

const DATE: CalendarDate = CalendarDate { year: 2026, month: 3, day: 9 };

/// Numbered sentences, about 1,260 characters in all.
fn numbered_sentences() -> Vec<String> {
    let mut sentences = Vec::new();
    let mut total = 0;
    let mut n = 1;
    while total < 1_260 {
        let sentence = format!("第{n}句：本项目按照年度工作计划完成各项任务并接受绩效评价。");
        total += sentence.chars().count();
        sentences.push(sentence);
        n += 1;
    }
    sentences
}

fn texts(document: &Document) -> impl Iterator<Item = (usize, &yugong_pdf::layout::TextRun)> {
    document.pages.iter().enumerate().flat_map(|(index, page)| {
        page.items.iter().filter_map(move |item| match item {
            Item::Text(run) => Some((index, run)),
            Item::Rule(_) => None,
        })
    })
}

#[test]
fn a_goal_indicator_description_longer_than_a_page_flows_onto_the_next_pages() {
    let mut project = project_format::parse(samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap();
    let sentences = numbered_sentences();
    let description = sentences.concat();
    assert!((1_250..1_300).contains(&description.chars().count()));
    let goal = project.goals.iter_mut().find(|g| g.indicators.len() > 1).expect("a goal with indicators");
    goal.indicators[0].description = description.clone();

    let fonts = Fonts::get().unwrap();
    let document = document::build(&project, fonts, DATE).unwrap();

    // Nothing is drawn beyond a page: only the page number sits below the content area.
    for (index, run) in texts(&document) {
        let page = &document.pages[index];
        assert!(
            run.y <= page.height - 50.0 || run.text.starts_with('—'),
            "page {}: “{}” at y {}",
            index + 1,
            run.text,
            run.y
        );
    }
    // The description column, read in order: lines of a left-aligned cell start at the same x.
    let (_, first) = texts(&document).find(|(_, run)| run.text.starts_with("第1句")).expect("the first sentence");
    let (column_x, start_page) = (first.x, texts(&document).find(|(_, r)| r.text.starts_with("第1句")).unwrap().0);
    let column: String =
        texts(&document).filter(|(_, run)| (run.x - column_x).abs() < 0.5).map(|(_, run)| run.text.as_str()).collect();
    for sentence in &sentences {
        assert!(column.contains(sentence.as_str()), "missing: {sentence}");
    }
    // It took more than one page, and the header was repeated on the next one.
    let (last_page, _) = texts(&document).filter(|(_, run)| run.text.contains("绩效评价。")).last().unwrap();
    assert!(last_page > start_page, "the description fits one page: the test text is too short");
    assert!(
        texts(&document).any(|(page, run)| page == last_page && run.text == "绩效指标描述"),
        "the header is repeated on page {}",
        last_page + 1
    );
}

#[test]
fn a_merged_cell_taller_than_a_page_is_refused_with_its_text_named() {
    let mut project = project_format::parse(samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap();
    let goal = project.goals.iter_mut().find(|g| g.indicators.len() > 1).expect("a goal with indicators");
    // Two indicators with the same 一级指标: it is printed once, merged over both rows.
    let level1 = format!("超长一级指标{}", "甲".repeat(1_000));
    goal.indicators[0].level1 = level1.clone();
    goal.indicators[1].level1 = level1;
    let error = document::build(&project, Fonts::get().unwrap(), DATE).unwrap_err().to_string();
    assert!(error.contains("一页排不下") && error.contains("“超长一级指标甲"), "{error}");
}
