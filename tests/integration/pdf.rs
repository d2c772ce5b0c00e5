//! PDF export of the samples, read back with poppler's tools (`pdftotext`, `pdffonts`,
//! `pdfinfo`; Debian package poppler-utils, installed by `.ci/setup`): the text the seed
//! documents print is in the PDF, fonts are embedded as subsets with Unicode maps, tables start
//! on their own pages in the right orientation, metadata and outline are present.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::seed;
use yugong::catalog::Catalog;
use yugong::io::project_file;
use yugong::model::{IndicatorValue, Project};
use yugong::pdf::{self, CalendarDate};

const SAMPLES: [&str; 3] = ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"];
const DATE: CalendarDate = CalendarDate { year: 2026, month: 3, day: 9 };

fn load_sample(name: &str) -> Project {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples").join(format!("{name}.ron"));
    project_file::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Exports a sample into a temporary folder; returns the folder (kept alive) and the file.
fn export_sample(name: &str) -> (tempfile::TempDir, PathBuf, usize) {
    let exported = pdf::export_dated(&load_sample(name), DATE).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(exported.missing_glyphs, 0, "{name}: characters without a glyph");
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(format!("{name}.pdf"));
    std::fs::write(&path, &exported.bytes).unwrap();
    (folder, path, exported.bytes.len())
}

fn tool(program: &str, args: &[&str], file: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .arg(file)
        .args(if program == "pdftotext" { vec!["-"] } else { vec![] })
        .output()
        .unwrap_or_else(|e| panic!("{program} not runnable ({e}); install poppler-utils (.ci/setup)"));
    assert!(output.status.success(), "{program} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The PDF's text per page, whitespace removed (justified lines and table cells put spaces
/// between characters in the extracted text).
fn pages_text(path: &Path) -> Vec<String> {
    tool("pdftotext", &["-enc", "UTF-8"], path)
        .split('\u{c}')
        .map(|page| page.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Seed lines that are section headings: “一、…” to “十一、…” as running text.
fn seed_section_headings(name: &str) -> Vec<String> {
    seed::text_lines(&seed::read_seed(name))
        .into_iter()
        .filter(|line| {
            let numeral: String = line.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).collect();
            !numeral.is_empty() && line[numeral.len()..].starts_with('、') && line.chars().count() < 40
        })
        .collect()
}

#[test]
fn every_table_title_heading_and_number_of_the_seed_is_in_the_pdf() {
    for name in SAMPLES {
        let (_folder, path, _) = export_sample(name);
        let text: String = pages_text(&path).concat();
        let project = load_sample(name);
        let edition = Catalog::get().edition(&project.meta.edition).unwrap();

        // The nine titles as the project states them (the seeds' own, e.g. “政府基金”).
        for (_, table) in project.tables.iter() {
            assert!(text.contains(&squeeze(&table.title)), "{name}: title {} missing", table.title);
        }
        // The seed's table titles, numbers and notes.
        let tables = seed::standard_tables(&seed::read_seed(name));
        let mut numbers = 0;
        for (title, rows, notes) in &tables {
            assert!(text.contains(&squeeze(title)), "{name}: seed title {title} missing");
            for note in notes {
                assert!(text.contains(&squeeze(note)), "{name}: note {note} missing");
            }
            for cell in rows.iter().flat_map(|r| r.iter().skip(1)) {
                if cell.contains('.') && cell.parse::<f64>().is_ok() {
                    numbers += 1;
                    assert!(text.contains(cell.as_str()), "{name}: {title}: {cell} missing");
                }
            }
        }
        if name != "guangyang-2022" {
            assert!(numbers > 200, "{name}: only {numbers} numbers compared");
        }
        // Every section heading the seed prints, and every section of the edition.
        let headings = seed_section_headings(name);
        assert!(headings.len() >= 8, "{name}: {headings:?}");
        for heading in &headings {
            assert!(text.contains(&squeeze(heading)), "{name}: heading {heading} missing");
        }
        let mut sections: Vec<&yugong::catalog::SectionTemplate> = edition.sections.iter().collect();
        while let Some(section) = sections.pop() {
            let title = section.title.replace("{entity}", project.meta.entity.word());
            assert!(text.contains(&squeeze(&title)), "{name}: section {title} missing");
            sections.extend(section.children.iter());
        }
        // Every project goal table with its indicators' values, and the glossary terms.
        for goal in &project.goals {
            assert!(text.contains(&squeeze(&format!("{}绩效目标表", goal.name))), "{name}: goal {}", goal.name);
            // Measurable targets: the operator with its number never splits (the unit may wrap
            // to the next line of a narrow cell, and pdftotext interleaves wrapped cells).
            for indicator in &goal.indicators {
                if let IndicatorValue::Target { op, number, .. } = &indicator.value {
                    let value = format!("{}{number}", op.map_or("", |o| o.symbol()));
                    assert!(text.contains(&value), "{name}: {}: indicator value {value}", goal.name);
                }
            }
        }
        for entry in &project.narrative.glossary {
            assert!(text.contains(&squeeze(&entry.term)), "{name}: glossary {}", entry.term);
        }
        for unit in &project.narrative.sub_units {
            assert!(text.contains(&squeeze(&unit.name)), "{name}: 机构 {}", unit.name);
        }
    }
}

#[test]
fn the_narrative_is_printed_in_full() {
    let project = load_sample("gaoyang-2022");
    let (_folder, path, _) = export_sample("gaoyang-2022");
    let text: String = pages_text(&path).concat();
    let narrative = &project.narrative;
    let mut texts: Vec<&str> = vec![
        &narrative.preamble,
        &narrative.overview.income,
        &narrative.overview.expense,
        &narrative.overview.change,
        &narrative.operating_costs,
        &narrative.three_public,
        &narrative.department_goals.overall,
        &narrative.department_goals.safeguards,
        &narrative.assets,
        &narrative.other_matters,
    ];
    texts.extend(narrative.duties.items.iter().map(String::as_str));
    for paragraph in texts.iter().flat_map(|t| t.split('\n')) {
        assert!(text.contains(&squeeze(paragraph)), "missing: {paragraph}");
    }
}

#[test]
fn fonts_are_embedded_as_subsets_with_unicode_maps() {
    for name in SAMPLES {
        let (_folder, path, size) = export_sample(name);
        let listing = tool("pdffonts", &[], &path);
        let fonts: Vec<&str> = listing.lines().skip(2).collect();
        assert_eq!(fonts.len(), 2, "{name}: serif and bold sans expected:\n{listing}");
        for line in fonts {
            let columns: Vec<&str> = line.split_whitespace().collect();
            // name type encoding emb sub uni object ID
            let n = columns.len();
            assert!(n >= 7, "{line}");
            assert_eq!(&columns[n - 5..n - 2], ["yes", "yes", "yes"], "{name}: not emb/sub/uni: {line}");
            assert!(columns[0].contains('+'), "{name}: subset fonts carry a tag prefix: {line}");
        }
        assert!(listing.contains("NotoSerifSC") && listing.contains("NotoSansSC"), "{listing}");
        assert!(size < 1_500_000, "{name}: {size} bytes");
    }
}

#[test]
fn tables_start_on_their_own_pages_in_the_right_orientation() {
    let project = load_sample("gaoyang-2022");
    let (_folder, path, _) = export_sample("gaoyang-2022");
    let pages = pages_text(&path);
    let info = tool("pdfinfo", &["-f", "1", "-l", "9999"], &path);
    let sizes: Vec<(f32, f32)> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let numbers: Vec<f32> =
                l.split("size:").nth(1).unwrap().split_whitespace().filter_map(|w| w.parse().ok()).collect();
            (numbers[0], numbers[1])
        })
        .collect();
    assert_eq!(sizes.len() + 1, pages.len(), "pdftotext ends with a form feed");
    let titles: Vec<String> = project.tables.iter().map(|(_, t)| squeeze(&t.title)).collect();
    let mut previous_page = 0;
    for (index, title) in titles.iter().enumerate() {
        // A table title is the first line of a page (after the part heading on the first one);
        // the 目录 lists it too, so search after the 目录.
        let page = (previous_page + 1..pages.len())
            .find(|&p| {
                let body = pages[p].split_once("第二部分").map_or(pages[p].as_str(), |(_, rest)| rest);
                let body = body.split_once("预算公开表").map_or(body, |(_, rest)| rest);
                body.starts_with(title.as_str())
            })
            .unwrap_or_else(|| panic!("{title} does not start a page"));
        let (width, height) = sizes[page];
        let landscape = width > height;
        let expected = matches!(index, 1 | 3);
        assert_eq!(landscape, expected, "{title}: page {} landscape={landscape}", page + 1);
        previous_page = page;
    }
    // Empty tables carry their note on their page.
    for (id, table) in project.tables.iter() {
        if table.has_no_amounts() {
            let page = pages.iter().find(|p| p.starts_with(&squeeze(&table.title))).expect("empty table page");
            assert!(page.contains("空表列示"), "{id}: no 空表 note");
        }
    }
    // Every page but the cover has its number in the footer.
    for (index, page) in pages.iter().enumerate().take(sizes.len()).skip(1) {
        assert!(page.contains(&format!("—{}—", index + 1)), "page {} has no number", index + 1);
    }
}

#[test]
fn metadata_outline_and_contents() {
    let project = load_sample("laiyuan-2024");
    let (_folder, path, _) = export_sample("laiyuan-2024");
    let info = tool("pdfinfo", &[], &path);
    assert!(info.contains("涞源县人民政府办公室2024年部门预算"), "title:\n{info}");
    assert!(info.contains(&project.meta.unit_line()), "author:\n{info}");
    assert!(info.contains("2026"), "creation date:\n{info}");
    // The 目录 (page 2) lists the sections and the nine tables with page numbers.
    let pages = pages_text(&path);
    assert!(pages[1].starts_with("目录"), "{}", pages[1]);
    for (_, table) in project.tables.iter() {
        assert!(pages[1].contains(&squeeze(&table.title)), "目录 lacks {}", table.title);
    }
    // The outline: one entry per part, section, goal table and standard table.
    let bytes = std::fs::read(&path).unwrap();
    let outlines = count(&bytes, b"/Outlines");
    assert!(outlines >= 1, "no outline");
    let entries = count(&bytes, b"/Dest");
    // Cover and 目录, the two parts, the 机构设置, procurement and asset tables, then the sections,
    // goal tables and the nine standard tables.
    let expected = 2 + 2 + 3 + edition_sections(&project) + project.goals.len() + 9;
    assert_eq!(entries, expected, "outline entries");
}

fn edition_sections(project: &Project) -> usize {
    let edition = Catalog::get().edition(&project.meta.edition).unwrap();
    fn count(sections: &[yugong::catalog::SectionTemplate]) -> usize {
        sections.iter().map(|s| 1 + count(&s.children)).sum()
    }
    count(&edition.sections)
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|w| *w == needle).count()
}

#[test]
fn the_cli_exports_refuses_to_overwrite_and_reports_unreadable_files() {
    let folder = tempfile::tempdir().unwrap();
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples/laiyuan-2024.ron");
    let output = folder.path().join("out.pdf");
    let run = |args: &[&std::ffi::OsStr]| Command::new(env!("CARGO_BIN_EXE_yugong")).args(args).output().unwrap();
    let first = run(&["pdf".as_ref(), sample.as_os_str(), "-o".as_ref(), output.as_os_str()]);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(std::fs::read(&output).unwrap().starts_with(b"%PDF-"));
    // 涞源 has audit errors (its 三公 合计): exported anyway, with a warning.
    assert!(String::from_utf8_lossy(&first.stderr).contains("警告"), "{}", String::from_utf8_lossy(&first.stderr));

    let again = run(&["pdf".as_ref(), sample.as_os_str(), "-o".as_ref(), output.as_os_str()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let forced = run(&["pdf".as_ref(), sample.as_os_str(), "-o".as_ref(), output.as_os_str(), "--force".as_ref()]);
    assert_eq!(forced.status.code(), Some(0));

    let garbage = folder.path().join("garbage.ron");
    std::fs::write(&garbage, "not a project").unwrap();
    let other = folder.path().join("other.pdf");
    let bad = run(&["pdf".as_ref(), garbage.as_os_str(), "-o".as_ref(), other.as_os_str()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(!other.exists(), "no PDF from an unreadable file");
}

#[test]
fn a_large_synthetic_project_exports_with_tables_across_pages() {
    let project = yugong::samples::synthetic("hebei-2024", 600, 7);
    let exported = pdf::export_dated(&project, DATE).unwrap();
    assert!(exported.pages > 40, "{} pages", exported.pages);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("large.pdf");
    std::fs::write(&path, &exported.bytes).unwrap();
    let pages = pages_text(&path);
    // The 收入总表 header repeats on each of its pages.
    let income_pages: Vec<&String> =
        pages.iter().filter(|p| p.contains("本年收入") && p.contains("上年结转") && p.contains("科目编码")).collect();
    assert!(income_pages.len() > 5, "收入总表 spans pages with its header: {}", income_pages.len());
}

#[test]
fn a_character_no_bundled_font_has_prints_as_a_mark_not_a_box() {
    let mut project = load_sample("guangyang-2022");
    // An emoji: neither Noto Serif SC nor Noto Sans SC has it.
    project.narrative.other_matters = "本单位无其他需要说明的事项😀。".to_string();
    let exported = pdf::export_dated(&project, DATE).unwrap();
    assert_eq!(exported.missing_glyphs, 1);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("mark.pdf");
    std::fs::write(&path, &exported.bytes).unwrap();
    let text: String = pages_text(&path).concat();
    assert!(text.contains("本单位无其他需要说明的事项〓。"), "the mark stands where the emoji was");
}

#[test]
fn blank_projects_of_every_edition_export_and_an_unknown_edition_is_refused_in_chinese() {
    for edition in &Catalog::get().editions {
        let meta = yugong::model::Meta {
            unit_code: "999".into(),
            // Long enough to need its own line above each table.
            unit_name: "某某市某某区某某某某某某某某某某某某管理委员会办公室".into(),
            budget_year: edition.first_year,
            edition: edition.id.clone(),
            ..Default::default()
        };
        let project = yugong::catalog::blank_project(edition, meta);
        let exported = pdf::export_dated(&project, DATE).unwrap_or_else(|e| panic!("{}: {e}", edition.id));
        assert!(exported.pages >= 12, "{}: {} pages", edition.id, exported.pages);
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("blank.pdf");
        std::fs::write(&path, &exported.bytes).unwrap();
        let text: String = pages_text(&path).concat();
        assert!(text.contains("某某市某某区某某某某某某某某某某某某管理委员会办公室"), "{}", edition.id);
        assert!(text.contains("空表列示"), "{}: empty tables carry their note", edition.id);
    }
    let mut project = load_sample("gaoyang-2022");
    project.meta.edition = "hebei-1999".into();
    let error = pdf::export(&project).map(|_| ()).unwrap_err();
    assert_eq!(error.to_string(), "未知的模板版本“hebei-1999”，无法排版PDF");
}

/// A line that looks like a heading: “一、…”, “（一）…” or “1．…”, short, not a sentence.
fn looks_like_heading(line: &str) -> bool {
    let line = line.trim();
    let short = line.chars().count() <= 30 && !line.contains('。') && !line.contains('：');
    let numbered = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"].iter().any(|n| line.starts_with(n))
        && line.contains('、')
        || line.starts_with('（') && line.contains('）')
        || line.chars().next().is_some_and(|c| c.is_ascii_digit()) && line.contains('．');
    short && numbered
}

#[test]
fn no_page_ends_with_a_heading() {
    for name in SAMPLES {
        let (_folder, path, _) = export_sample(name);
        let text = tool("pdftotext", &["-enc", "UTF-8"], &path);
        for (index, page) in text.split('\u{c}').enumerate().skip(2) {
            let lines: Vec<&str> =
                page.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('—')).collect();
            if let Some(last) = lines.last() {
                assert!(!looks_like_heading(last), "{name}: page {} ends with the heading {last}", index + 1);
            }
        }
    }
}
