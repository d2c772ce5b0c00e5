//! Malformed project files are refused cleanly.
//!
//! Every file in `tests/malformed/` (see its README.md) is damaged in one way. For each, the real
//! binary runs `yugong check FILE` and must: exit with code 2; give the expected Chinese reason
//! on stderr; point at the right line when the reason has a position; speak no English; not
//! panic; and leave the disk exactly as it was (the file byte-for-byte, no `.bak` or temporary
//! file next to it, nothing in the settings folder). Cases that need big or odd files (51 MB,
//! 200,000 brackets, a folder, a missing path) are generated into a temporary folder instead.
//!
//! To add a case: put the file in `tests/malformed/`, add one line to [`CASES`] and one line to
//! the README. Failures are collected over all cases, so one run lists every defect at once.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

use yugong::io::project_file;

/// Where the message must place the mistake.
#[derive(Clone, Copy, Debug)]
enum At {
    /// The reason is about the whole file; no line is required.
    Whole,
    /// The one line of the file that contains this text.
    Line(&'static str),
    /// The end of the file: its last line with content, or the empty line after the final newline.
    End,
}

use At::{End, Line, Whole};

/// (file in `tests/malformed/`, fragment the message must contain, where the mistake is).
#[rustfmt::skip]
const CASES: &[(&str, &str, At)] = &[
    // Nothing in it.
    ("empty.ron", "文件是空的", Whole),
    ("whitespace-only.ron", "文件是空的", Whole),
    ("bom-then-whitespace.ron", "文件是空的", Whole),
    // Not UTF-8 text.
    ("binary-png-header.ron", "文件不是文本格式（第 1 字节处", Whole),
    ("xlsx-renamed.ron", "文件不是文本格式", Whole),
    ("utf8-text-then-nul-block.ron", "文件不是文本格式（第 401 字节处", Whole),
    ("utf16le-with-bom.ron", "文件不是文本格式（第 1 字节处", Whole),
    ("utf16be-without-bom.ron", "文件不是文本格式", Whole),
    ("gbk-encoded.ron", "文件不是文本格式", Whole),
    // Text, but not a project file.
    ("plain-text-notes.ron", "不是预公项目文件", Whole),
    ("plain-english-words.ron", "不是预公项目文件", Whole),
    ("json-instead-of-ron.ron", "不是预公项目文件", Whole),
    ("top-level-array.ron", "不是预公项目文件", Whole),
    ("other-ron-wrong-shape.ron", "不是预公项目文件：开头缺少 format 字段", Whole),
    ("other-ron-named-struct.ron", "不是预公项目文件", Whole),
    ("only-a-comment.ron", "文件只有开头的注释", Whole),
    ("format-field-missing.ron", "不是预公项目文件：开头缺少 format 字段", Whole),
    ("wrong-format-name.ron", "不是预公项目文件：format 字段为“yugong-template”", Whole),
    // Versions.
    ("version-zero.ron", "不存在这个版本", Whole),
    ("version-negative.ron", "整数超出范围", Line("version: -1")),
    ("version-as-string.ron", "此处应为整数", Line("version: \"1\"")),
    ("version-99-future.ron", "请升级预公", Whole),
    // Cut off, or broken syntax.
    ("truncated-half-of-sample.ron", "文件意外结束", End),
    ("truncated-inside-string.ron", "文本缺少结束的引号", End),
    ("truncated-mid-character-of-sample.ron", "文件意外结束", End),
    ("missing-final-paren.ron", "文件意外结束", End),
    ("trailing-characters.ron", "数据结束后还有多余的内容", End),
    ("unterminated-block-comment.ron", "注释“/*”没有结束", Line("/*")),
    // The comma is missing at the end of the unit_name line; the parser notices at the next field.
    ("missing-comma.ron", "此处缺少逗号", Line("budget_year")),
    ("string-invalid-escape.ron", "文本中有无效的转义序列", Line("\\q")),
    ("field-name-with-hyphen.ron", "项目文件格式错误", Line("unit-name")),
    ("meta-wrong-struct-name.ron", "项目文件格式错误", Line("meta: Info(")),
    // Wrong types and values.
    ("budget-year-as-string.ron", "此处应为整数", Line("budget_year")),
    ("budget-year-out-of-range.ron", "整数超出范围", Line("budget_year")),
    ("unit-code-as-number.ron", "此处应为带引号的文本", Line("unit_code")),
    ("unit-code-as-number-bom-crlf.ron", "此处应为带引号的文本", Line("unit_code")),
    ("amount-letters.ron", "“abc”不是有效的数字", Line("\"abc\"")),
    ("amount-exponent.ron", "“1e5”不是有效的数字", Line("\"1e5\"")),
    ("amount-thousands-separator.ron", "“1,000.00”不是有效的数字", Line("\"1,000.00\"")),
    ("amount-fullwidth-digits.ron", "“１２３”不是有效的数字", Line("\"１２３\"")),
    ("amount-too-many-digits.ron", "位数过多", Line("1234567890123456789012345.5")),
    ("amount-bare-number.ron", "此处应为带引号的文本", Line("\"amount\": 940.00}")),
    ("row-unknown-field.ron", "有未知字段“remark”", Line("remark")),
    ("cells-duplicate-column.ron", "栏目“amount”重复出现", Line("\"950.00\"")),
    ("money-unit-unknown-variant.ron", "“Dollar”不是有效的取值", Line("Dollar")),
    // A missing field is reported where the struct that lacks it closes (marked by a comment).
    ("meta-missing-unit-name.ron", "缺少字段“unit_name”", Line("← meta 到此结束")),
    ("tables-missing.ron", "缺少字段“tables”", Line("← project 到此结束")),
    ("meta-duplicate-field.ron", "字段“budget_year”重复", Line("budget_year: 2023")),
];

/// Creates a case inside the given empty folder and returns the path to check.
type Generate = fn(&Path) -> PathBuf;

/// Cases too big or too odd to commit: (name, generator, fragment, where the mistake is).
#[rustfmt::skip]
const GENERATED: &[(&str, Generate, &str, At)] = &[
    ("nested-200000-brackets-in-project", brackets_in_project, "此处应为“(”开始的结构", Line("project: [[[")),
    ("nested-200000-maps-in-project", maps_in_project, "此处应为“(”开始的结构", Line("project: {")),
    ("nested-200000-brackets-top-level", brackets_top_level, "不是预公项目文件", Whole),
    ("nested-200000-parens", parens_top_level, "此处应为名称", Line("((((")),
    ("larger-than-50-mb", larger_than_limit, "文件过大", Whole),
    ("directory-instead-of-file", directory, "不是文件", Whole),
    ("path-does-not-exist", missing_path, "文件不存在", Whole),
];

const DEPTH: usize = 200_000;

fn brackets_in_project(folder: &Path) -> PathBuf {
    let text =
        format!("(format: \"yugong-project\", version: 1, project: {}{})\n", "[".repeat(DEPTH), "]".repeat(DEPTH));
    write(folder.join("brackets.ron"), text.as_bytes())
}

fn maps_in_project(folder: &Path) -> PathBuf {
    let text = format!("(format: \"yugong-project\", version: 1, project: {})\n", "{\"a\": ".repeat(DEPTH));
    write(folder.join("maps.ron"), text.as_bytes())
}

fn brackets_top_level(folder: &Path) -> PathBuf {
    write(folder.join("brackets-top.ron"), "[".repeat(DEPTH).as_bytes())
}

fn parens_top_level(folder: &Path) -> PathBuf {
    write(folder.join("parens.ron"), "(".repeat(DEPTH).as_bytes())
}

fn larger_than_limit(folder: &Path) -> PathBuf {
    let path = folder.join("huge.ron");
    // Sparse: takes no disk space and no time, but its length is what the loader sees.
    fs::File::create(&path).unwrap().set_len(51 * 1024 * 1024).unwrap();
    path
}

fn directory(folder: &Path) -> PathBuf {
    let path = folder.join("project.ron");
    fs::create_dir(&path).unwrap();
    fs::write(path.join("inside.txt"), "a folder named like a project file").unwrap();
    path
}

fn missing_path(folder: &Path) -> PathBuf {
    folder.join("no-such-project.ron")
}

fn write(path: PathBuf, bytes: &[u8]) -> PathBuf {
    fs::write(&path, bytes).unwrap();
    path
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

/// Runs `yugong check ARGS…` with its settings folder redirected to `config`.
fn check(args: &[&Path], extra: &[&str], config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yugong"))
        .arg("check")
        .args(args)
        .args(extra)
        .env("YUGONG_CONFIG_DIR", config)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the yugong binary runs")
}

/// What is on disk at and next to a path: the folder listing (names and sizes), and the path's
/// own content and modification time when it is a file.
#[derive(Debug, PartialEq)]
struct Snapshot {
    listing: Vec<(String, u64)>,
    content: Option<Vec<u8>>,
    modified: Option<SystemTime>,
}

fn snapshot(path: &Path) -> Snapshot {
    let folder = path.parent().unwrap();
    let mut listing: Vec<(String, u64)> = fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (entry.file_name().to_string_lossy().into_owned(), entry.metadata().map_or(0, |m| m.len()))
        })
        .collect();
    listing.sort();
    let is_file = path.is_file();
    Snapshot {
        listing,
        content: is_file.then(|| fs::read(path).unwrap()),
        modified: fs::metadata(path).ok().and_then(|m| m.modified().ok()),
    }
}

/// English words that mark an untranslated library message (outside “quoted” user text).
#[rustfmt::skip]
const ENGLISH: &[&str] = &[
    "expected", "found", "invalid", "unexpected", "error", "struct", "identifier", "instead", "try",
    "attribute", "extension", "trailing", "missing", "unknown", "but", "the", "called", "panicked",
    "failed", "type",
];

/// The first sign of English or Rust debug formatting in a message, if any.
fn english_in(message: &str) -> Option<String> {
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in message.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    if outside.contains('`') {
        return Some("a `backtick`".into());
    }
    outside
        .split(|c: char| !c.is_ascii_alphabetic())
        .find(|word| ENGLISH.contains(&word.to_ascii_lowercase().as_str()))
        .map(|word| format!("the word “{word}”"))
}

/// The line in “第 N 行第 M 列”, if the message has one.
fn reported_line(message: &str) -> Option<usize> {
    let before = &message[..message.find(" 行第 ")?];
    let start = before.rfind("第 ")? + "第 ".len();
    before[start..].parse().ok()
}

/// The lines that count as the place of the mistake, computed from the file content.
fn expected_lines(content: &[u8], at: At) -> Result<Vec<usize>, String> {
    let text = String::from_utf8_lossy(content);
    let lines: Vec<&str> = text.split('\n').collect();
    match at {
        Whole => Ok(Vec::new()),
        Line(needle) => {
            let hits: Vec<usize> =
                lines.iter().enumerate().filter(|(_, l)| l.contains(needle)).map(|(i, _)| i + 1).collect();
            match hits.as_slice() {
                [line] => Ok(vec![*line]),
                _ => Err(format!("the case is ambiguous: “{needle}” is on lines {hits:?}, it must be on exactly one")),
            }
        }
        End => {
            let last_content = lines.iter().rposition(|l| !l.trim().is_empty()).map_or(1, |i| i + 1);
            Ok(vec![last_content, lines.len()])
        }
    }
}

/// Checks one case; `Err` describes everything that is wrong with the outcome.
fn refuse(name: &str, path: &Path, fragment: &str, at: At) -> Result<(), String> {
    let config = tempfile::tempdir().unwrap();
    let before = snapshot(path);
    let expected = before
        .content
        .as_deref()
        .map_or(Ok(Vec::new()), |content| expected_lines(content, at))
        .map_err(|e| format!("{name}: {e}"))?;
    let output = check(&[path], &[], config.path());
    let after = snapshot(path);

    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // The message as the user reads it, without the path (which is the test's, not the loader's).
    let message = stderr.replace(&path.display().to_string(), "").trim().to_string();
    let mut problems = Vec::new();
    if output.status.code() != Some(2) {
        problems.push(format!("exit status {} (expected code 2)", output.status));
    }
    if ["panicked", "RUST_BACKTRACE", "overflowed its stack"].iter().any(|p| stderr.contains(p)) {
        problems.push("the binary panicked".to_string());
    }
    if !stderr.contains(fragment) {
        problems.push(format!("stderr lacks “{fragment}”"));
    }
    if !stdout.contains("无法读取") {
        problems.push("stdout lacks the “无法读取” line of the report".to_string());
    }
    if let Some(english) = english_in(&message) {
        problems.push(format!("the message is not all Chinese: it contains {english}"));
    }
    if !expected.is_empty() {
        match reported_line(&message) {
            Some(line) if expected.contains(&line) => {}
            Some(line) => problems.push(format!("reported line {line}, the mistake is on line {}", expected[0])),
            None => problems.push(format!("no line given, the mistake is on line {}", expected[0])),
        }
    }
    if after != before {
        if after.content != before.content {
            problems.push("the file's content changed".to_string());
        }
        if after.modified != before.modified {
            problems.push("the file's modification time changed".to_string());
        }
        if after.listing != before.listing {
            problems.push(format!("the folder changed: {:?} became {:?}", before.listing, after.listing));
        }
    }
    let settings: Vec<_> = fs::read_dir(config.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    if !settings.is_empty() {
        problems.push(format!("checking wrote to the settings folder: {settings:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}\n    stderr: {}\n    stdout: {}", problems.join("; "), stderr.trim(), stdout.trim()))
    }
}

fn report(failures: Vec<String>, total: usize) {
    assert!(failures.is_empty(), "{} of {total} cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn check_refuses_every_corpus_file() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|&(file, fragment, at)| refuse(file, &corpus_dir().join(file), fragment, at).err())
        .collect();
    report(failures, CASES.len());
}

#[test]
fn check_refuses_every_generated_case() {
    let failures: Vec<String> = GENERATED
        .iter()
        .filter_map(|&(name, generate, fragment, at)| {
            let folder = tempfile::tempdir().unwrap();
            let path = generate(folder.path());
            let result = refuse(name, &path, fragment, at);
            if name == "path-does-not-exist" && path.exists() {
                return Some(format!("{name}: checking created the missing file"));
            }
            result.err()
        })
        .collect();
    report(failures, GENERATED.len());
}

/// The library itself: `parse` on each corpus file (and on each small generated file), and
/// `load` on each generated case, returns an error and never panics. Which message it gives is
/// the job of the tests above, which see it through the binary.
#[test]
fn library_returns_errors_and_never_panics() {
    let mut failures = Vec::new();
    let mut expect_error = |what: String, result: std::thread::Result<Result<_, project_file::LoadError>>| match result
    {
        Err(_) => failures.push(format!("{what} panicked")),
        Ok(Ok(_)) => failures.push(format!("{what} accepted the file")),
        Ok(Err(error)) if error.to_string().trim().is_empty() => failures.push(format!("{what} gave an empty message")),
        Ok(Err(_)) => {}
    };
    for &(file, ..) in CASES {
        let bytes = fs::read(corpus_dir().join(file)).unwrap();
        expect_error(format!("parse({file})"), catch_unwind(|| project_file::parse(&bytes)));
    }
    for &(name, generate, ..) in GENERATED {
        let folder = tempfile::tempdir().unwrap();
        let path = generate(folder.path());
        expect_error(format!("load({name})"), catch_unwind(AssertUnwindSafe(|| project_file::load(&path))));
        if path.is_file() && fs::metadata(&path).unwrap().len() < 1024 * 1024 {
            let bytes = fs::read(&path).unwrap();
            expect_error(format!("parse({name})"), catch_unwind(|| project_file::parse(&bytes)));
        }
    }
    report(failures, CASES.len() + GENERATED.len());
}

/// The minimal valid project most corpus files are one edit away from (see the README). It must
/// load, so that each corpus file is wrong only in the way its name says.
const VALID_BASE: &str = r#"// 预公（yugong）部门预算公开项目文件。金额单位：万元。请用预公打开编辑；手工修改请保持格式。
(
    format: "yugong-project",
    version: 1,
    project: (
        meta: (
            unit_code: "434",
            unit_name: "高阳县人民政府办公室",
            budget_year: 2022,
            edition: "hebei-2022",
            money_unit: Wan,
            level: County,
            entity: Department,
        ),
        tables: (
            income_expense_summary: (
                title: "部门预算收支总表",
                rows: [
                    (id: "in.general", name: "一、一般公共预算拨款收入", cells: {"amount": "1006.79"}),
                    (id: "out.201", name: "一、一般公共服务支出", cells: {"amount": "940.00"}),
                    (id: "out.208", name: "八、社会保障和就业支出", cells: {"amount": "66.79"}),
                ],
            ),
            income: (title: "部门预算收入总表"),
            expense: (title: "部门预算支出总表"),
            fiscal_summary: (title: "部门预算财政拨款收支总表"),
            general_expense: (title: "一般公共预算财政拨款支出表"),
            general_basic_expense: (title: "一般公共预算财政拨款基本支出表"),
            fund_expense: (
                title: "政府性基金预算财政拨款支出表",
                notes: ["注：无政府性基金预算财政拨款预算，空表列示。"],
            ),
            capital_expense: (title: "国有资本经营预算财政拨款支出表"),
            three_public: (title: "财政拨款“三公”经费支出表"),
        ),
    ),
)
"#;

#[test]
fn the_valid_base_loads() {
    let project = project_file::parse(VALID_BASE.as_bytes()).unwrap_or_else(|e| panic!("the base must load: {e}"));
    assert_eq!(project.meta.unit_name, "高阳县人民政府办公室");
}

/// One run over the whole corpus plus a good file: every bad file is named with its reason, the
/// good one is still checked, and the exit code says some files could not be read.
#[test]
fn one_run_over_the_whole_corpus() {
    let folder = tempfile::tempdir().unwrap();
    let good = write(folder.path().join("good.ron"), VALID_BASE.as_bytes());
    let bad: Vec<PathBuf> = CASES.iter().map(|(file, ..)| corpus_dir().join(file)).collect();
    let mut all: Vec<&Path> = vec![&good];
    all.extend(bad.iter().map(PathBuf::as_path));
    let config = tempfile::tempdir().unwrap();

    let text = check(&all, &[], config.path());
    assert_eq!(text.status.code(), Some(2), "{text:?}");
    let stdout = String::from_utf8_lossy(&text.stdout);
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains(&format!("共检查 {} 个文件，无法读取 {} 个", all.len(), bad.len())), "{stdout}");
    // Each bad file gets its own line with a reason (which reason is the per-case test's job).
    for ((file, ..), path) in CASES.iter().zip(&bad) {
        let prefix = format!("{}：", path.display());
        let line = stderr.lines().find(|l| l.starts_with(&prefix));
        assert!(line.is_some_and(|l| l.len() > prefix.len()), "{file}: no reason in {stderr}");
    }
    assert!(!stderr.contains(&good.display().to_string()), "the good file was refused: {stderr}");

    let json = check(&all, &["--format", "json"], config.path());
    assert_eq!(json.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(report["unreadable"], bad.len());
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), all.len());
    assert_eq!(files[0]["readable"], true);
    for ((file, ..), entry) in CASES.iter().zip(&files[1..]) {
        assert_eq!(entry["readable"], false, "{file}");
        assert!(entry["message"].as_str().is_some_and(|m| !m.is_empty()), "{file}: {entry}");
    }
    assert_eq!(fs::read_dir(config.path()).unwrap().count(), 0, "checking wrote settings");
}

/// The corpus and the table agree: every file is a case, every case a file described in the
/// README, and no committed file is large.
#[test]
fn corpus_matches_the_table() {
    let readme = fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    let mut on_disk: Vec<String> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "README.md")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(file, ..)| file.to_string()).collect();
    listed.sort();
    let before = listed.len();
    listed.dedup();
    assert_eq!(listed.len(), before, "a file is listed twice in CASES");
    assert_eq!(on_disk, listed, "files in tests/malformed/ and CASES differ");
    for file in &listed {
        let size = fs::metadata(corpus_dir().join(file)).unwrap().len();
        assert!(size < 50 * 1024, "{file} is {size} bytes; generate big cases at test time");
        assert!(readme.contains(&format!("`{file}`")), "{file} is not described in README.md");
    }
    for (name, ..) in GENERATED {
        assert!(readme.contains(&format!("`{name}`")), "{name} is not described in README.md");
    }
}

// ── Issue 12: the bounded slice of the fuzz harness (examples/fuzz) ───────────────────────────

#[path = "../../examples/fuzz/mutate.rs"]
#[allow(dead_code)]
mod mutate;

/// A fixed-seed slice of what `cargo run --release --example fuzz` runs for minutes: mutated
/// samples through the loader and the audit (a few through the PDF layout too), mutated fixture
/// workbooks through the importer, all in process. Nothing may panic, and every refusal must be
/// Chinese.
#[test]
fn mutated_samples_and_workbooks_never_panic_and_are_refused_in_chinese() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let names = ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"];
    let projects: Vec<Vec<u8>> =
        names.iter().map(|n| fs::read(root.join(format!("assets/samples/{n}.ron"))).unwrap()).collect();
    let workbooks: Vec<Vec<u8>> =
        names.iter().map(|n| fs::read(root.join(format!("tests/fixtures/xlsx/{n}.xlsx"))).unwrap()).collect();
    let mut rng = mutate::Rng::new(12);
    let mut failures = Vec::new();
    let (mut loaded, mut printed) = (0, 0);
    for case in 0..160 {
        let base = rng.pick(&projects).clone();
        let mutant = mutate::mutate_project(&mut rng, &base, &projects);
        let result = catch_unwind(AssertUnwindSafe(|| {
            project_file::parse(&mutant).map(|project| (yugong::audit::check(&project).len(), project))
        }));
        match result {
            Err(_) => failures.push(format!("project case {case}: panicked")),
            Ok(Err(error)) if !mutate::is_chinese_message(&error.to_string()) => {
                failures.push(format!("project case {case}: {error}"))
            }
            Ok(Err(_)) => {}
            Ok(Ok((_, project))) => {
                loaded += 1;
                if loaded % 10 != 1 {
                    continue;
                }
                let date = yugong::pdf::CalendarDate { year: 2026, month: 12, day: 1 };
                match catch_unwind(AssertUnwindSafe(|| yugong::pdf::export_dated(&project, date).map(|_| ()))) {
                    Err(_) => failures.push(format!("pdf case {case}: panicked")),
                    Ok(Err(error)) if !mutate::is_chinese_message(&error.to_string()) => {
                        failures.push(format!("pdf case {case}: {error}"))
                    }
                    Ok(_) => printed += 1,
                }
            }
        }
    }
    for case in 0..40 {
        let base = rng.pick(&workbooks).clone();
        let mutant = mutate::mutate_workbook(&mut rng, &base);
        match catch_unwind(AssertUnwindSafe(|| {
            yugong::xlsx::import_bytes(&mutant).map(|_| ()).map_err(|e| e.to_string())
        })) {
            Err(_) => failures.push(format!("workbook case {case}: panicked")),
            Ok(Err(message)) if !mutate::is_chinese_message(&message) => {
                failures.push(format!("workbook case {case}: {message}"))
            }
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // The slice reaches past the loader: some mutants load, are audited and printed.
    assert!(loaded >= 40 && printed >= 2, "{loaded} loaded, {printed} printed");
}
