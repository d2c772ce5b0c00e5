//! The command line as a user (or a finance bureau's batch script) runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use yugong::catalog::Catalog;
use yugong::io::project_file;
use yugong::model::TableId;

fn yugong(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yugong"))
        .args(args)
        .env("YUGONG_CONFIG_DIR", std::env::temp_dir().join("yugong-cli-tests"))
        .output()
        .expect("binary runs")
}

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples").join(format!("{name}.ron"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn new_creates_every_row_of_each_edition() {
    let folder = tempfile::tempdir().unwrap();
    for edition in Catalog::get().edition_ids() {
        let file = folder.path().join(format!("{edition}.ron"));
        let output = yugong(&[
            "new",
            "--edition",
            edition,
            "--year",
            "2025",
            "--unit-code",
            "434",
            "--unit-name",
            "某县人民政府办公室",
            "-o",
            path_str(&file),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stdout(&output).contains("已新建"));
        let project = project_file::load(&file).unwrap();
        let edition_data = Catalog::get().edition(edition).unwrap();
        assert_eq!(project.meta.unit_line(), "434某县人民政府办公室");
        assert_eq!(project.meta.budget_year, 2025);
        for id in TableId::ALL {
            let table = project.tables.get(id);
            let expected: Vec<String> = edition_data.fixed_rows(id).iter().map(|r| r.id.clone()).collect();
            let actual: Vec<String> = table.rows.iter().map(|r| r.id.clone()).collect();
            assert_eq!(actual, expected, "{edition} {id}");
            assert_eq!(table.title, edition_data.table(id).title);
            assert!(table.has_no_amounts());
        }
        // A blank project is structurally sound.
        let check = yugong(&["check", path_str(&file)]);
        assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    }
}

#[test]
fn new_editions_differ_as_published() {
    let folder = tempfile::tempdir().unwrap();
    let make = |edition: &str| {
        let file = folder.path().join(format!("{edition}.ron"));
        let output =
            yugong(&["new", "--edition", edition, "--year", "2024", "--unit-name", "测试", "-o", path_str(&file)]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        project_file::load(&file).unwrap()
    };
    let (old, new) = (make("hebei-2022"), make("hebei-2024"));
    assert!(old.tables.income_expense_summary.row("in.business").is_some());
    assert!(new.tables.income_expense_summary.row("in.unit_funds").is_some());
    assert!(new.tables.income_expense_summary.row("out.pboc").is_some());
    assert!(old.tables.three_public.row("training").is_none());
    assert_eq!(new.tables.three_public.row("training").unwrap().name, "五、培训费");
}

#[test]
fn new_never_overwrites_without_force() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("x.ron");
    std::fs::write(&file, "重要内容").unwrap();
    let args = ["new", "--edition", "hebei-2024", "--year", "2025", "--unit-name", "测试", "-o", path_str(&file)];
    let refused = yugong(&args);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("已存在"), "{}", stderr(&refused));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "重要内容");

    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(yugong(&forced).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(folder.path().join("x.ron.bak")).unwrap(), "重要内容");
    assert!(project_file::load(&file).is_ok());
}

#[test]
fn new_rejects_bad_arguments_in_chinese() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("x.ron");
    let cases: [(&[&str], &str); 6] = [
        (
            &["new", "--edition", "hebei-2099", "--year", "2025", "--unit-name", "测试"],
            "没有模板版本“hebei-2099”（可选：hebei-2022、hebei-2024）",
        ),
        (&["new", "--edition", "hebei-2024", "--year", "1999", "--unit-name", "测试"], "预算年度 1999 无效"),
        (
            &["new", "--edition", "hebei-2024", "--year", "二〇二五", "--unit-name", "测试"],
            "参数 --year <YEAR> 的值“二〇二五”无效",
        ),
        (&["new", "--edition", "hebei-2024", "--year", "2025", "--unit-name", "  "], "单位名称不能为空"),
        (
            &["new", "--edition", "hebei-2024", "--year", "2025", "--unit-name", "测试", "--level", "乡"],
            "行政级别“乡”无效",
        ),
        (&["new", "--edition", "hebei-2024", "--year", "2025"], "缺少必填参数"),
    ];
    for (args, message) in cases {
        let mut args = args.to_vec();
        args.extend(["-o", path_str(&out)]);
        let output = yugong(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
        assert!(!out.exists(), "{args:?} wrote a file");
    }
}

#[test]
fn check_passes_the_sound_samples_and_fails_laiyuan_for_its_real_errors() {
    for (name, code) in [("gaoyang-2022", 0), ("guangyang-2022", 0), ("laiyuan-2024", 1)] {
        let output = yugong(&["check", path_str(&sample(name))]);
        assert_eq!(output.status.code(), Some(code), "{name}: {}", stdout(&output));
        assert!(stdout(&output).contains("共检查 1 个文件"));
    }
    let output = yugong(&["check", path_str(&sample("laiyuan-2024"))]);
    assert!(stdout(&output).contains(
        "[T9-TOTAL] “三公”经费表“合计” 186.00 ≠ “三公”经费小计 171.00 + 会议费 0.00 + 培训费 0.00，差 15.00"
    ));

    let json = yugong(&["check", "--format", "json", path_str(&sample("laiyuan-2024"))]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let total = report["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "T9-TOTAL").unwrap();
    assert_eq!([&total["table"], &total["row"], &total["column"]], ["three_public", "total", "total"]);
    assert_eq!(total["fix"]["cells"][0]["value"], "171.00");
    assert_eq!(total["fix"]["cells"].as_array().unwrap().len(), 2, "合计 and 一般公共预算 columns");
}

/// Issue 14: a warning accepted in the file (已说明) is printed with its reason and who/when, is not
/// counted as an open warning, and the exit code still follows the errors.
#[test]
fn check_marks_accepted_warnings_with_their_reason_and_does_not_count_them() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("laiyuan-accepted.ron");
    let mut project = project_file::load(&sample("laiyuan-2024")).unwrap();
    let findings = yugong::audit::check(&project);
    let warning = findings.iter().find(|f| f.rule == "X-GOALS-PROJECT").expect("涞源's goals are 0.01 off").clone();
    project.review.accept(&warning, "绩效目标表按四舍五入填报", "王会计", "2026-12-01 09:00").unwrap();
    std::fs::write(&file, yugong::project_format::to_string(&project)).unwrap();

    let before: serde_json::Value =
        serde_json::from_slice(&yugong(&["check", "--format", "json", path_str(&sample("laiyuan-2024"))]).stdout)
            .unwrap();
    let output = yugong(&["check", "--format", "json", path_str(&file)]);
    assert_eq!(output.status.code(), Some(1), "涞源's errors still fail the check");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["warnings"].as_u64().unwrap() + 1, before["warnings"].as_u64().unwrap());
    assert_eq!(report["errors"], before["errors"]);
    assert_eq!((report["accepted"].as_u64(), report["files"][0]["accepted"].as_u64()), (Some(1), Some(1)));
    let listed = report["findings"].as_array().unwrap();
    assert_eq!(listed.len(), before["findings"].as_array().unwrap().len(), "an accepted finding is still listed");
    let accepted: Vec<&serde_json::Value> = listed.iter().filter(|f| !f["accepted"].is_null()).collect();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0]["rule"], "X-GOALS-PROJECT");
    assert_eq!(accepted[0]["accepted"]["reason"], "绩效目标表按四舍五入填报");
    assert_eq!(accepted[0]["accepted"]["by"], "王会计");

    let text = yugong(&["check", path_str(&file)]);
    assert_eq!(text.status.code(), Some(1));
    let shown = stdout(&text);
    let line = shown.lines().find(|l| l.contains("[X-GOALS-PROJECT]")).unwrap();
    assert!(line.ends_with("〔已说明：绩效目标表按四舍五入填报（王会计，2026-12-01 09:00）〕"), "{line}");
    assert!(shown.contains(&format!("警告 {}", report["warnings"])) && shown.contains("已说明 1"), "{shown}");

    // Only warnings and infos are covered: an acceptance of an error written into the file by
    // hand changes nothing, and without errors the exit code is 0 with accepted warnings.
    let error = findings.iter().find(|f| f.severity == yugong::audit::Severity::Error).unwrap();
    project.review.accepted.push(yugong::model::Acceptance {
        rule: error.rule.to_string(),
        on: yugong::model::Anchor::from(&error.location),
        numbers: yugong::review::numbers_in(&error.message),
        reason: "手工写入".into(),
        by: "某人".into(),
        at: "t".into(),
    });
    std::fs::write(&file, yugong::project_format::to_string(&project)).unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&yugong(&["check", "--format", "json", path_str(&file)]).stdout).unwrap();
    assert_eq!((report["errors"].clone(), report["accepted"].as_u64()), (before["errors"].clone(), Some(1)));
}

#[test]
fn check_reports_structural_problems_with_location_in_json() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("broken.ron");
    let text = std::fs::read_to_string(sample("laiyuan-2024")).unwrap();
    let broken = text
        .lines()
        .filter(|l| !l.contains(r#"(id: "training", name: "五、培训费""#))
        .collect::<Vec<_>>()
        .join("\n")
        .replacen(r#""basic": "151.73""#, r#""basci": "151.73""#, 1);
    std::fs::write(&file, broken).unwrap();

    let output = yugong(&["check", "--format", "json", path_str(&file)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    // The two structural errors come first; the sums around the damaged cells follow.
    assert_eq!(findings[0]["rule"], "STRUCT-COLUMN-UNKNOWN", "{report:#}");
    assert_eq!(findings[1]["rule"], "STRUCT-ROW-MISSING", "{report:#}");
    assert!(report["errors"].as_u64().unwrap() >= 2, "{report:#}");
    let missing = findings.iter().find(|f| f["rule"] == "STRUCT-ROW-MISSING").unwrap();
    assert_eq!(missing["severity"], "error");
    assert_eq!(missing["table"], "three_public");
    assert_eq!(missing["row"], "training");
    assert!(missing["message"].as_str().unwrap().contains("五、培训费"));
    let column = findings.iter().find(|f| f["rule"] == "STRUCT-COLUMN-UNKNOWN").unwrap();
    assert_eq!(column["table"], "expense");
    assert_eq!(column["row"], "208");
    assert_eq!(column["column"], "basci");

    let text_output = yugong(&["check", path_str(&file)]);
    assert_eq!(text_output.status.code(), Some(1));
    let shown = stdout(&text_output);
    assert!(shown.contains("“三公”经费表") && shown.contains("✖ 错误 [STRUCT-ROW-MISSING]"), "{shown}");
    assert!(shown.contains("共检查 1 个文件：错误"), "{shown}");
}

#[test]
fn check_many_files_reports_each_and_one_summary() {
    let folder = tempfile::tempdir().unwrap();
    let unreadable = folder.path().join("empty.ron");
    std::fs::write(&unreadable, "").unwrap();
    let files = [sample("gaoyang-2022"), unreadable.clone(), sample("laiyuan-2024")];
    let args: Vec<&str> = std::iter::once("check").chain(files.iter().map(|p| path_str(p))).collect();
    let output = yugong(&args);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("文件是空的"), "{}", stderr(&output));
    let shown = stdout(&output);
    let order: Vec<usize> =
        ["gaoyang-2022", "empty.ron", "laiyuan-2024"].iter().map(|n| shown.find(n).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "results in the order given: {shown}");
    assert!(shown.contains("共检查 3 个文件，无法读取 1 个"), "{shown}");

    let json = yugong(&[args.as_slice(), &["--format", "json"]].concat());
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["unreadable"], 1);
    assert_eq!(report["files"][1]["readable"], false);
    assert!(report["files"][1]["message"].as_str().unwrap().contains("文件是空的"));
}

#[test]
fn fmt_rewrites_hand_edited_files_and_keeps_a_backup() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("g.ron");
    let canonical = std::fs::read_to_string(sample("gaoyang-2022")).unwrap();
    // Same content, different layout: what a hand edit or another tool might leave.
    let squeezed: String = canonical.lines().skip(1).map(str::trim).collect::<Vec<_>>().join(" ");
    std::fs::write(&file, &squeezed).unwrap();

    let first = yugong(&["fmt", path_str(&file)]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stdout(&first).contains("已重写为标准格式"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), canonical);
    assert_eq!(std::fs::read_to_string(folder.path().join("g.ron.bak")).unwrap(), squeezed);

    let second = yugong(&["fmt", path_str(&file)]);
    assert!(stdout(&second).contains("已是标准格式"));
}

#[test]
fn version_names_the_build_and_the_bundled_editions() {
    for flag in ["--version", "-V"] {
        let out = yugong(&[flag]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let first = text.lines().next().unwrap_or_default();
        // “yugong 0.1.0（2026-12-01 构建…）”: the version and a date.
        assert!(first.starts_with(&format!("yugong {}（", env!("CARGO_PKG_VERSION"))), "{text}");
        assert!(first.contains(" 构建"), "{text}");
        let date = first.split('（').nth(1).unwrap_or_default().get(..10).unwrap_or_default();
        assert!(date.len() == 10 && date.chars().filter(|c| *c == '-').count() == 2, "{text}");
    }
    // The long form lists every edition the catalog holds, by id and name.
    let text = stdout(&yugong(&["--version"]));
    for edition in &yugong::catalog::Catalog::get().editions {
        assert!(text.contains(&format!("{}  {}", edition.id, edition.name)), "{text}");
    }
}

#[test]
fn usage_errors_are_chinese() {
    let output = yugong(&["chek", "x.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("错误："), "{}", stderr(&output));
    let output = yugong(&["check", "--format", "xml", "x.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("可选：text、json"), "{}", stderr(&output));
}

#[test]
fn check_lists_the_rule_registry() {
    let output = yugong(&["check", "--list-rules"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    let rules = yugong::audit::rules();
    assert_eq!(lines.len(), rules.len() + 1, "{text}");
    assert!(lines.iter().any(|l| l.starts_with("T9-TOTAL\t错误\t“三公”经费表\t")), "{text}");
    assert!(lines.iter().any(|l| l.starts_with("NARR-AMOUNT\t错误/警告（")), "{text}");
    assert_eq!(lines.last(), Some(&format!("共 {} 条审核规则", rules.len()).as_str()));

    let output = yugong(&["check", "--list-rules", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), rules.len());
    let dict = listed.iter().find(|r| r["id"] == "DICT-UNKNOWN").unwrap();
    assert_eq!(dict["severities"], serde_json::json!(["info"]));
    assert_eq!(dict["area"], "九张公开表");
    assert!(dict["description"].as_str().unwrap().contains("科目表"));

    // Files and --list-rules together, or neither, is a usage error.
    let sample = sample("gaoyang-2022");
    for args in [["check", "--list-rules", path_str(&sample)], ["check", path_str(&sample), "--list-rules"]] {
        let output = yugong(&args);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("不能同时给出项目文件"), "{}", stderr(&output));
    }
    assert_eq!(yugong(&["check"]).status.code(), Some(2));
}

/// Issue 12: a 基本支出表 code of two digits crashed `check`; in a batch it is now that file's
/// findings, and the other files are reported as before.
#[test]
fn a_short_basic_expense_code_is_reported_in_a_batch() {
    let folder = tempfile::tempdir().unwrap();
    let bad = folder.path().join("short-code.ron");
    let text = std::fs::read_to_string(sample("laiyuan-2024")).unwrap();
    let mut project = project_file::parse(text.as_bytes()).unwrap();
    project.tables.general_basic_expense.rows.iter_mut().find(|r| r.id == "30101").unwrap().id = "30".into();
    project_file::save(&project, &bad).unwrap();
    let gaoyang = sample("gaoyang-2022");
    let output = yugong(&["check", path_str(&gaoyang), path_str(&bad), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 2);
    assert!(
        report["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "STRUCT-CODE-LENGTH" && f["row"] == "30"),
        "{report}"
    );
}

/// `yugong` with its own settings folder (the 科目表 tests import into it).
fn yugong_with_config(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yugong"))
        .args(args)
        .env("YUGONG_CONFIG_DIR", config)
        .output()
        .expect("binary runs")
}

#[test]
fn an_imported_dictionary_removes_the_unknown_code_finding() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("config");
    // 高阳 2022 with 2080801 死亡抚恤 typed as 2080899 其他优抚支出, a real code the built-in list lacks.
    let text = std::fs::read_to_string(sample("gaoyang-2022")).unwrap();
    let edited = text.replace(r#"(id: "2080801", name: "死亡抚恤""#, r#"(id: "2080899", name: "其他优抚支出""#);
    assert_ne!(edited, text);
    let project = folder.path().join("gaoyang.ron");
    std::fs::write(&project, edited).unwrap();
    let unknown = |output: &Output| stdout(output).lines().filter(|l| l.contains("DICT-UNKNOWN")).count();
    let before = yugong_with_config(&config, &["check", path_str(&project)]);
    assert_eq!(unknown(&before), 3, "{}", stdout(&before));
    assert!(stdout(&before).contains("2080899 其他优抚支出"));

    let list = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dictionaries/function-excerpt.csv");
    // The file states no year: the user is told to give one, and nothing is stored.
    let refused = yugong_with_config(&config, &["dict", "import", path_str(&list)]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--year"), "{}", stderr(&refused));
    assert!(!config.join("dictionaries").exists());

    let imported = yugong_with_config(&config, &["dict", "import", path_str(&list), "--year", "2022"]);
    assert_eq!(imported.status.code(), Some(0), "{}", stderr(&imported));
    assert!(stdout(&imported).contains("已导入 2022 年科目表：支出功能分类科目 6 个"), "{}", stdout(&imported));
    let listed = yugong_with_config(&config, &["dict", "list"]);
    assert!(stdout(&listed).contains("2022 年支出功能分类科目：6 个"), "{}", stdout(&listed));
    let year = yugong_with_config(&config, &["dict", "list", "--year", "2022"]);
    assert!(stdout(&year).contains("2080899\t其他优抚支出\t导入"), "{}", stdout(&year));

    let after = yugong_with_config(&config, &["check", path_str(&project)]);
    assert_eq!(unknown(&after), 0, "{}", stdout(&after));
    // Only the DICT-UNKNOWN findings went: every other finding is as before.
    let rest = |output: &Output| -> Vec<String> {
        stdout(output).lines().filter(|l| l.contains(" [") && !l.contains("DICT-UNKNOWN")).map(str::to_string).collect()
    };
    assert!(!rest(&before).is_empty());
    assert_eq!(rest(&after), rest(&before));
}

// ── Issue 12: hostile paths and files ─────────────────────────────────────────────────────────

fn fixture_workbook() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xlsx/gaoyang-2022.xlsx")
}

/// `pdf a.ron -o a.ron --force` destroyed the project; every command refuses an output that is
/// its input, also through a link or a second name for the same file.
#[test]
fn an_output_that_is_the_input_is_refused_by_every_command() {
    let folder = tempfile::tempdir().unwrap();
    let project = folder.path().join("高阳.ron");
    std::fs::copy(sample("gaoyang-2022"), &project).unwrap();
    let workbook = folder.path().join("高阳.xlsx");
    std::fs::copy(fixture_workbook(), &workbook).unwrap();
    let link = folder.path().join("链接.ron");
    std::os::unix::fs::symlink(&project, &link).unwrap();
    let hard = folder.path().join("硬链接.ron");
    std::fs::hard_link(&project, &hard).unwrap();
    let dotted = format!("{}/./高阳.ron", path_str(folder.path()));
    let original = std::fs::read(&project).unwrap();
    let original_book = std::fs::read(&workbook).unwrap();
    let p = path_str(&project);
    let w = path_str(&workbook);
    for args in [
        vec!["pdf", p, "-o", p, "--force"],
        vec!["pdf", p, "-o", path_str(&link), "--force"],
        vec!["pdf", path_str(&hard), "-o", &dotted, "--force"],
        vec!["export-xlsx", p, "-o", p, "--force"],
        vec!["export-xlsx", path_str(&link), "-o", p],
        vec!["import", w, "-o", w, "--force"],
    ] {
        let output = yugong(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("就是输入文件"), "{args:?}: {}", stderr(&output));
    }
    assert_eq!(std::fs::read(&project).unwrap(), original);
    assert_eq!(std::fs::read(&workbook).unwrap(), original_book);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(!folder.path().join("高阳.ron.bak").exists());
}

/// A planted link under the old predictable temporary name made `fmt` and `pdf` overwrite
/// another file; the link at the project's own name is written through (editors keep links), the
/// file's mode is kept, a read-only file needs --force.
#[test]
fn saves_never_follow_planted_links_and_keep_links_modes_and_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().unwrap();
    let victim = folder.path().join("别人的文件.txt");
    std::fs::write(&victim, "不能被改").unwrap();
    let canonical = std::fs::read_to_string(sample("gaoyang-2022")).unwrap();
    let squeezed: String = canonical.lines().skip(1).map(str::trim).collect::<Vec<_>>().join(" ");

    // Planted links under the names the earlier versions used, and under an old-style leftover.
    let project = folder.path().join("g.ron");
    std::fs::write(&project, &squeezed).unwrap();
    for pid in 1..200 {
        let _ = std::os::unix::fs::symlink(&victim, folder.path().join(format!(".g.ron.{pid}.tmp")));
    }
    std::os::unix::fs::symlink(&victim, folder.path().join(".g.pdf.tmp")).unwrap();
    std::fs::set_permissions(&project, std::fs::Permissions::from_mode(0o640)).unwrap();
    let output = yugong(&["fmt", path_str(&project)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pdf = folder.path().join("g.pdf");
    let output = yugong(&["pdf", path_str(&project), "-o", path_str(&pdf)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "不能被改");
    assert_eq!(std::fs::read_to_string(&project).unwrap(), canonical);
    assert_eq!(std::fs::metadata(&project).unwrap().permissions().mode() & 0o777, 0o640);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // The project reached through a link: the link stays, its target gets the new text.
    let real = folder.path().join("真实.ron");
    std::fs::write(&real, &squeezed).unwrap();
    let link = folder.path().join("链接.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let output = yugong(&["fmt", path_str(&link)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), canonical);
    assert_eq!(std::fs::read_to_string(folder.path().join("真实.ron.bak")).unwrap(), squeezed);

    // Read-only: refused in Chinese without --force, rewritten (and left read-only) with it.
    let locked = folder.path().join("只读.ron");
    std::fs::write(&locked, &squeezed).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let output = yugong(&["fmt", path_str(&locked)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("只读") && stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), squeezed);
    let output = yugong(&["fmt", "--force", path_str(&locked)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), canonical);
    assert_eq!(std::fs::metadata(&locked).unwrap().permissions().mode() & 0o777, 0o444);
    let readonly_pdf = folder.path().join("只读.pdf");
    std::fs::write(&readonly_pdf, "old").unwrap();
    std::fs::set_permissions(&readonly_pdf, std::fs::Permissions::from_mode(0o444)).unwrap();
    let output = yugong(&["pdf", path_str(&project), "-o", path_str(&readonly_pdf), "--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // Only the planted links (never followed, never removed: they are not our files) remain.
    let mut left: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("yugong-"))
        .collect();
    left.sort();
    assert!(left.is_empty(), "{left:?}");
}

/// Every message about the file system is Chinese and says what to do (the system's words may
/// follow in brackets); files that are no regular files are named for what they are and never
/// opened (a FIFO would block).
#[test]
fn file_system_errors_and_odd_files_are_explained_in_chinese() {
    let folder = tempfile::tempdir().unwrap();
    let p = path_str(&sample("gaoyang-2022")).to_string();
    let missing_folder = folder.path().join("没有这个文件夹/g.pdf");
    let output = yugong(&["pdf", &p, "-o", path_str(&missing_folder)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("文件夹") && stderr(&output).contains("不存在"), "{}", stderr(&output));
    let output = yugong(&["import", path_str(&fixture_workbook()), "-o", path_str(&folder.path().join("无/x.ron"))]);
    assert!(stderr(&output).contains("请先建好这个文件夹"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("原文件未改动"), "{}", stderr(&output));
    let output = yugong(&["pdf", &p, "-o", path_str(folder.path()), "--force"]);
    assert!(stderr(&output).contains("是文件夹"), "{}", stderr(&output));

    let fifo = folder.path().join("管道.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    let mut odd: Vec<(PathBuf, &str)> = vec![("/dev/zero".into(), "设备文件"), (folder.path().to_path_buf(), "文件夹")];
    if made {
        odd.push((fifo, "管道"));
    }
    for (path, kind) in &odd {
        for args in [
            vec!["check", path_str(path)],
            vec!["pdf", path_str(path), "-o", path_str(&folder.path().join("o.pdf"))],
            vec!["import", path_str(path), "-o", path_str(&folder.path().join("o.ron"))],
        ] {
            // `check` of a folder is batch review: it walks the folder (below), it is not refused.
            if *kind == "文件夹" && args[0] == "check" {
                continue;
            }
            let output = yugong(&args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            let all = format!("{}{}", stderr(&output), stdout(&output));
            assert!(all.contains(kind) && !all.contains("可能是文件夹"), "{args:?}: {all}");
        }
    }
    // The batch check of that folder meets the pipe inside it, names it and is never blocked on it.
    if made {
        let output = yugong(&["check", path_str(folder.path())]);
        assert_eq!(output.status.code(), Some(2));
        assert!(format!("{}{}", stderr(&output), stdout(&output)).contains("管道"));
    }
}

/// `yugong bogus-subcommand` opened the window on a file that does not exist.
#[test]
fn a_word_that_is_no_file_and_no_command_is_refused_with_the_command_list() {
    for word in ["bogus-subcommand", "chek", "export", "pdff"] {
        let output = yugong(&[word]);
        assert_eq!(output.status.code(), Some(2), "{word}");
        let message = stderr(&output);
        assert!(message.contains("不认识的子命令") && message.contains("export-xlsx"), "{word}: {message}");
    }
}

/// A copy of 高阳 with three known edits (a cell, a narrative text, an indicator) and a comment:
/// `diff` lists exactly the three edits, in text and in JSON.
#[test]
fn diff_lists_exactly_the_three_known_edits() {
    use yugong::model::Anchor;
    let dir = tempfile::tempdir().unwrap();
    let old = sample("gaoyang-2022");
    let mut project = project_file::load(&old).unwrap();
    let row = project.tables.get_mut(TableId::ThreePublic).row_mut("reception").unwrap();
    row.cells.set("total", Some("9.99".parse().unwrap()));
    project.narrative.operating_costs = project.narrative.operating_costs.replace("20万万元", "20万元");
    project.goals[0].indicators[0].name = "新的三级指标".into();
    project.review.add_comment(Anchor::Project, None, "李审核", "2026-12-01 10:00", "批注不是修改");
    let new = dir.path().join("高阳-修改.ron");
    project_file::save(&project, &new).unwrap();

    let output = yugong(&["diff", path_str(&old), path_str(&new)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("修改  “三公”经费表 reception") && lines[0].ends_with("→ “9.99”"), "{text}");
    assert!(lines[1].contains("机关运行经费") && lines[1].contains("20万[-万-]元"), "{text}");
    assert!(lines[2].contains("第 1 个指标") && lines[2].contains("{+新的三级指标+}"), "{text}");
    assert_eq!(lines[3], "共 3 处不同：修改 3，新增 0，删除 0");

    let output = yugong(&["diff", path_str(&old), path_str(&new), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["count"], 3);
    let places: Vec<(String, String)> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["table"].as_str().unwrap().to_string(), c["row"].to_string()))
        .collect();
    assert_eq!(
        places,
        [
            ("three_public".to_string(), "\"reception\"".to_string()),
            ("narrative".to_string(), "\"operating_costs\"".to_string()),
            ("goals".to_string(), "0".to_string()),
        ]
    );
    // 公务接待费 as the 高阳 sample states it.
    assert_eq!((&report["changes"][0]["old"], &report["changes"][0]["new"]), (&"47.03".into(), &"9.99".into()));

    let same = yugong(&["diff", path_str(&old), path_str(&old)]);
    assert_eq!((same.status.code(), stdout(&same).trim()), (Some(0), "两个版本内容相同"));
    let missing = yugong(&["diff", path_str(&old), "没有这个文件.ron"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("文件不存在"), "{}", stderr(&missing));
}

/// The three samples in a folder tree with a broken project file, a broken workbook and a
/// workbook fixture: every readable file is audited (the workbook imported in memory, nothing
/// written beside it), the broken ones are reported, and the report lists them all.
#[test]
fn check_walks_folders_reports_broken_files_and_audits_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("县直").join("财政");
    std::fs::create_dir_all(&sub).unwrap();
    for name in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
        std::fs::copy(sample(name), dir.path().join(format!("{name}.ron"))).unwrap();
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xlsx/laiyuan-2024.xlsx");
    std::fs::copy(&fixture, sub.join("涞源.xlsx")).unwrap();
    std::fs::write(sub.join("坏.ron"), "这不是项目文件").unwrap();
    std::fs::write(sub.join("坏.xlsx"), "not a zip").unwrap();
    std::fs::write(sub.join("说明.txt"), "不是审核对象").unwrap();
    let before: Vec<_> = std::fs::read_dir(&sub).unwrap().map(|e| e.unwrap().path()).collect();

    let report = dir.path().join("审核报告.xlsx");
    let output = yugong(&["check", path_str(dir.path()), "--format", "json", "--report", path_str(&report)]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 6, "{json}");
    let readable: Vec<bool> = files.iter().map(|f| f["readable"].as_bool().unwrap()).collect();
    assert_eq!(readable.iter().filter(|r| !**r).count(), 2);
    assert_eq!(json["unreadable"], 2);
    // The imported workbook is audited like the sample it was transcribed from (the narrative
    // rules aside: a workbook carries no narrative).
    let workbook = files.iter().find(|f| f["file"].as_str().unwrap().ends_with("涞源.xlsx")).unwrap();
    assert!(workbook["errors"].as_u64().unwrap() >= 2, "{workbook}");
    for name in ["坏.ron", "坏.xlsx"] {
        assert!(stderr(&output).contains(name), "{}", stderr(&output));
    }
    let after: Vec<_> = std::fs::read_dir(&sub).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(before.len(), after.len(), "nothing written beside the workbooks");
    assert!(report.is_file());

    // Again, with the report in the folder: it is not taken for a department.
    let again = yugong(&["check", path_str(dir.path()), "--report", path_str(&report)]);
    assert!(stdout(&again).contains("共检查 6 个文件，无法读取 2 个"), "{}", stdout(&again));
}

/// The report of the three samples, one of them reviewed (a comment with a reply, an accepted
/// warning, 待审核): the workbook (read back with calamine) and the PDF (pdftotext) hold every
/// finding, the acceptance with its reason, and the comments.
#[test]
fn the_report_of_the_samples_holds_every_finding_and_comment() {
    use yugong::model::{Anchor, Reply};
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    let mut expected_rules: Vec<String> = Vec::new();
    for name in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
        let mut project = project_file::load(&sample(name)).unwrap();
        let findings = yugong::audit::check(&project);
        if name == "laiyuan-2024" {
            let warning = findings.iter().find(|f| f.rule == "X-GOALS-PROJECT").unwrap();
            project.review.accept(warning, "绩效目标表按四舍五入填报", "王会计", "2026-12-01 09:00").unwrap();
            let cell =
                Anchor::Table { table: TableId::ThreePublic, row: Some("total".into()), column: Some("total".into()) };
            let id = project.review.add_comment(
                cell,
                Some("T9-TOTAL".into()),
                "李审核",
                "2026-12-01 10:00",
                "合计多出十五万元请核实",
            );
            project.review.comment_mut(id).unwrap().replies.push(Reply {
                author: "王会计".into(),
                at: "2026-12-01 11:00".into(),
                text: "会议费漏填已补".into(),
            });
            project.review.add_comment(Anchor::Project, None, "李审核", "2026-12-01 10:05", "整体请再校对一遍");
        }
        expected_rules.extend(findings.iter().map(|f| f.rule.to_string()));
        let path = dir.path().join(format!("{name}.ron"));
        project_file::save(&project, &path).unwrap();
        paths.push(path);
    }
    let args = |out: &Path| {
        let mut args: Vec<String> = vec!["report".into()];
        args.extend(paths.iter().map(|p| path_str(p).to_string()));
        args.extend(["-o".into(), path_str(out).to_string()]);
        args
    };

    let xlsx_path = dir.path().join("审核报告.xlsx");
    let output = yugong(&args(&xlsx_path).iter().map(String::as_str).collect::<Vec<_>>());
    // Exit codes as `check`: 涞源's errors give 1; the report is written all the same.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let (grids, _) = yugong::xlsx::read::read_grids(&std::fs::read(&xlsx_path).unwrap()).unwrap();
    assert_eq!(grids.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["汇总", "问题清单"]);
    let summary = &grids[0];
    assert_eq!(summary.height(), 4, "a header and a row per department");
    assert!(summary.text(2, 1).contains("涞源"), "{}", summary.text(2, 1));
    let list = &grids[1];
    let kind_of = |row: usize| list.text(row, 2);
    let rules: Vec<String> = (1..list.height()).filter(|r| kind_of(*r) != "批注").map(|r| list.text(r, 4)).collect();
    let mut sorted_expected = expected_rules.clone();
    sorted_expected.sort();
    let mut sorted_rules = rules.clone();
    sorted_rules.sort();
    assert_eq!(sorted_rules, sorted_expected);
    let accepted: Vec<usize> = (1..list.height()).filter(|r| kind_of(*r) == "已说明").collect();
    assert_eq!(accepted.len(), 1);
    assert_eq!(list.text(accepted[0], 7), "绩效目标表按四舍五入填报");
    let comments: Vec<String> = (1..list.height()).filter(|r| kind_of(*r) == "批注").map(|r| list.text(r, 6)).collect();
    assert_eq!(comments.len(), 2);
    assert!(comments[0].contains("合计多出十五万元请核实") && comments[0].contains("会议费漏填已补"), "{comments:?}");

    let pdf_path = dir.path().join("审核报告.pdf");
    let output = yugong(&args(&pdf_path).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = Command::new("pdftotext").args(["-enc", "UTF-8", path_str(&pdf_path), "-"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for rule in &expected_rules {
        let expected = expected_rules.iter().filter(|r| *r == rule).count();
        // Each finding once in its department's table; a comment on a finding names the rule too.
        let comment_mentions = usize::from(rule == "T9-TOTAL");
        assert_eq!(squeezed.matches(rule.as_str()).count(), expected + comment_mentions, "{rule} in\n{text}");
    }
    for needle in [
        "绩效目标表按四舍五入填报",
        "合计多出十五万元请核实",
        "会议费漏填已补",
        "整体请再校对一遍",
        "审核发现的问题",
        "已说明的问题",
    ] {
        assert!(squeezed.contains(needle), "{needle} not in\n{text}");
    }
    // Refuses to overwrite without --force.
    let again = yugong(&args(&pdf_path).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn draft_writes_a_new_file_with_the_drafted_sections_and_leaves_the_input_alone() {
    use yugong::narrative::bound;
    let folder = tempfile::tempdir().unwrap();
    let input = sample("laiyuan-2024");
    let before = std::fs::read(&input).unwrap();
    let out = folder.path().join("drafted.ron");
    let output = yugong(&["draft", path_str(&input), "-o", path_str(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("待填写"), "{}", stdout(&output));
    assert_eq!(std::fs::read(&input).unwrap(), before, "input untouched");
    let drafted = project_file::load(&out).unwrap();
    let original = project_file::load(&input).unwrap();
    let printed = |project: &yugong::model::Project, text: &str| bound::resolve(text, project).into_owned();
    assert!(
        printed(&drafted, &drafted.narrative.overview.expense).contains("基本支出1191.02万元，包括人员经费822.18万元")
    );
    assert!(drafted.narrative.overview.expense.contains("⟦1191.02万元|derived/basic⟧"), "figures are bound");
    assert!(drafted.narrative.overview.change.contains("较上年【请填写增减情况】"));
    assert_eq!(drafted.narrative.duties, original.narrative.duties, "only the drafted sections change");
    assert_eq!(drafted.tables, original.tables);

    // Last year's file: its figures are the prior-year block and the 比上年 sentences use them.
    let with_prior = folder.path().join("with-prior.ron");
    let last = sample("gaoyang-2022");
    let output = yugong(&["draft", path_str(&input), "--prior", path_str(&last), "-o", path_str(&with_prior)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let drafted = project_file::load(&with_prior).unwrap();
    assert_eq!(drafted.prior_year.as_ref().map(|p| p.year), Some(2022));
    assert!(
        printed(&drafted, &drafted.narrative.overview.change).contains("较上年1006.79万元增加480.04万元"),
        "{}",
        drafted.narrative.overview.change
    );

    // One section only.
    let one = folder.path().join("one.ron");
    let output = yugong(&["draft", path_str(&input), "--section", "three_public", "-o", path_str(&one)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let drafted = project_file::load(&one).unwrap();
    assert_ne!(drafted.narrative.three_public, original.narrative.three_public);
    assert_eq!(drafted.narrative.overview, original.narrative.overview);

    // Refusals: the input as output, an existing output without --force, an unknown section.
    let output = yugong(&["draft", path_str(&input), "-o", path_str(&input)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("就是原文件"), "{}", stderr(&output));
    let output = yugong(&["draft", path_str(&input), "-o", path_str(&out)]);
    assert_eq!(output.status.code(), Some(2));
    let output =
        yugong(&["draft", path_str(&input), "--section", "nonsense", "-o", path_str(&folder.path().join("x.ron"))]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("没有可起草的部分“nonsense”"), "{}", stderr(&output));

    // The PDF of a drafted file warns about its slots.
    let pdf = folder.path().join("drafted.pdf");
    let output = yugong(&["pdf", path_str(&out), "-o", path_str(&pdf)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("处“【请填写…】”待填写"), "{}", stderr(&output));
}

/// `draft --bind` on each sample binds every figure equal to its table value and changes no printed
/// text; a drafted-and-bound file whose 三公 cell then changes prints the new number in the PDF,
/// the Excel export and `check`, never a marker.
#[test]
fn bind_changes_no_printed_text_and_outputs_show_resolved_numbers() {
    use yugong::model::NarrativeSection;
    use yugong::narrative::bound;
    let folder = tempfile::tempdir().unwrap();
    for name in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
        let input = sample(name);
        let out = folder.path().join(format!("{name}-bound.ron"));
        let output = yugong(&["draft", path_str(&input), "--bind", "-o", path_str(&out)]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let original = project_file::load(&input).unwrap();
        let bound_project = project_file::load(&out).unwrap();
        let expected = bound::plan(&original).bound.iter().map(|(_, _, n)| n).sum::<usize>();
        assert!(expected > 0);
        assert!(stdout(&output).contains(&format!("已绑定 {expected} 个")), "{}", stdout(&output));
        for ((section, text), (_, raw)) in NarrativeSection::texts(&original.narrative)
            .into_iter()
            .zip(NarrativeSection::texts(&bound_project.narrative))
        {
            assert_eq!(bound::resolve(raw, &bound_project), text, "{name} {section}");
        }
        // Nothing left to bind: every figure equal to its table value is bound.
        assert!(bound::plan(&bound_project).bound.is_empty(), "{name}");
        assert_eq!(bound_project.tables, original.tables);
        let again = yugong(&["draft", path_str(&input), "--bind", "-o", path_str(&out)]);
        assert_eq!(again.status.code(), Some(2), "refuses to overwrite without --force");
    }
    let output = yugong(&["draft", path_str(&sample("gaoyang-2022")), "--bind", "--section", "assets", "-o", "x.ron"]);
    assert_eq!(output.status.code(), Some(2), "--bind does not draft sections");

    // Drafted (bound), then the 公务接待费 cell changes outside the narrative.
    let drafted = folder.path().join("drafted.ron");
    let output = yugong(&["draft", path_str(&sample("laiyuan-2024")), "-o", path_str(&drafted)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut project = project_file::load(&drafted).unwrap();
    assert!(project.narrative.three_public.contains("|derived/three_public.reception⟧"));
    let row = project.tables.three_public.row_mut("reception").unwrap();
    row.cells.set("total", Some("96.37".parse().unwrap()));
    project_file::save(&project, &drafted).unwrap();
    let printed = bound::resolve(&project.narrative.three_public, &project).into_owned();
    assert!(printed.contains("公务接待费96.37万元"), "{printed}");

    let pdf = folder.path().join("drafted.pdf");
    let output = yugong(&["pdf", path_str(&drafted), "-o", path_str(&pdf)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = Command::new("pdftotext").args(["-enc", "UTF-8", path_str(&pdf), "-"]).output().unwrap();
    let text: String = String::from_utf8(text.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("公务接待费96.37万元"), "the PDF prints the table's current value");
    assert!(!text.contains(['⟦', '⟧']) && !text.contains("derived/"), "no marker reaches the PDF");

    let xlsx = folder.path().join("drafted.xlsx");
    let output = yugong(&["export-xlsx", path_str(&drafted), "-o", path_str(&xlsx)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (grids, _) = yugong::xlsx::read::read_grids(&std::fs::read(&xlsx).unwrap()).unwrap();
    let cells: Vec<String> = grids
        .iter()
        .flat_map(|g| (0..g.height()).flat_map(move |r| (0..g.width()).map(move |c| g.text(r, c))))
        .collect();
    // The workbook holds the tables (the budget system's format has no 情况说明 sheet): the new
    // cell, and no marker anywhere.
    assert!(cells.iter().any(|c| c == "96.37"), "the changed cell is exported");
    assert!(!cells.iter().any(|c| c.contains(['⟦', '⟧']) || c.contains("derived/")), "no marker in the workbook");

    for format in [&["check"][..], &["check", "--format", "json"][..]] {
        let mut args = format.to_vec();
        args.push(path_str(&drafted));
        let output = yugong(&args);
        let all = stdout(&output) + &stderr(&output);
        assert!(all.contains("NARR-BOUND"), "{all}");
        assert!(!all.contains(['⟦', '⟧']), "check quotes the printed text: {all}");
    }
}

#[test]
fn new_from_last_years_file_carries_the_texts_and_fills_the_prior_year() {
    let folder = tempfile::tempdir().unwrap();
    let next = folder.path().join("2025.ron");
    let last = sample("laiyuan-2024");
    let output = yugong(&["new", "--from", path_str(&last), "-o", path_str(&next)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let project = project_file::load(&next).unwrap();
    let previous = project_file::load(&last).unwrap();
    assert_eq!(project.meta.budget_year, 2025);
    assert_eq!(project.narrative.duties, previous.narrative.duties);
    assert_eq!(
        project.goals.iter().map(|g| &g.name).collect::<Vec<_>>(),
        previous.goals.iter().map(|g| &g.name).collect::<Vec<_>>()
    );
    assert_eq!(project.prior_year.as_ref().map(|p| p.year), Some(2024));
    // Drafting it then compares with last year's figures.
    let drafted = folder.path().join("drafted.ron");
    let output = yugong(&["draft", path_str(&next), "-o", path_str(&drafted)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // --from with the fields of a blank project is refused, in Chinese.
    let output =
        yugong(&["new", "--from", path_str(&last), "--year", "2025", "-o", path_str(&folder.path().join("x.ron"))]);
    assert_eq!(output.status.code(), Some(2));
}

/// Last year's budget-system workbook serves as last year's file: `draft --prior LAST.xlsx` takes
/// the prior-year block from the imported workbook (in memory, nothing written beside it), and
/// `new --from LAST.xlsx` starts next year's project from it.
#[test]
fn last_years_workbook_gives_the_prior_year_block_and_next_years_project() {
    let folder = tempfile::tempdir().unwrap();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xlsx");
    let workbook = fixtures.join("gaoyang-2022.xlsx");
    let input = sample("laiyuan-2024");
    let out = folder.path().join("drafted.ron");
    let output = yugong(&["draft", path_str(&input), "--prior", path_str(&workbook), "-o", path_str(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let drafted = project_file::load(&out).unwrap();
    let prior = drafted.prior_year.as_ref().expect("prior-year block");
    // 高阳's workbook: 支出总表 合计 1006.79, 基本支出 746.55; the same block as from its yugong file.
    let from_ron = yugong::model::PriorYear::from_project(&project_file::load(&sample("gaoyang-2022")).unwrap());
    assert_eq!(prior, &from_ron);
    assert_eq!((prior.year, prior.total.map(|d| d.to_string())), (2022, Some("1006.79".into())));
    assert!(
        drafted.narrative.overview.change.contains("较上年1006.79万元增加480.04万元"),
        "{}",
        drafted.narrative.overview.change
    );
    assert_eq!(std::fs::read_dir(&fixtures).unwrap().count(), 3, "nothing written beside the workbook");

    let next = folder.path().join("2023.ron");
    let output = yugong(&["new", "--from", path_str(&workbook), "-o", path_str(&next)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let project = project_file::load(&next).unwrap();
    assert_eq!(project.meta.budget_year, 2023);
    assert_eq!(project.prior_year.as_ref(), Some(&from_ron));

    // A workbook that is not one is refused in Chinese, naming the file.
    let bad = folder.path().join("bad.xlsx");
    std::fs::write(&bad, b"not a workbook").unwrap();
    let output =
        yugong(&["draft", path_str(&input), "--prior", path_str(&bad), "-o", path_str(&folder.path().join("x.ron"))]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("bad.xlsx：不是有效的 Excel 工作簿"), "{}", stderr(&output));
}

/// calamine overflows on a forged cell reference (a fuzz find): the refusal is Chinese and the
/// library's panic text never reaches the user.
#[test]
fn a_workbook_that_makes_calamine_panic_is_refused_in_chinese_only() {
    let folder = tempfile::tempdir().unwrap();
    let workbook = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xlsx-bad/forged-cell-reference.xlsx");
    let out = folder.path().join("x.ron");
    let output = yugong(&["import", path_str(&workbook), "-o", path_str(&out)]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("单元格位置或范围有误"), "{message}");
    assert!(!message.contains("panicked") && !message.contains("overflow"), "{message}");
    assert!(!out.exists());
}

/// Issue 15: an edition file put in the settings folder's `editions/` is an edition like the
/// built-in ones for every command (new, check, export-xlsx, import, pdf); a file with a typo is
/// left out with a Chinese warning naming the file and the key, and the others still work.
#[test]
fn an_edition_file_in_the_settings_folder_is_used_and_a_broken_one_is_named() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("config");
    let editions = config.join("editions");
    std::fs::create_dir_all(&editions).unwrap();
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editions/test-variant-2024.ron");
    let text = std::fs::read_to_string(&fixture).unwrap();
    std::fs::write(editions.join("test-variant-2024.ron"), &text).unwrap();
    let broken = text
        .replace(r#"id: "test-variant-2024""#, r#"id: "test-broken""#)
        .replace("rank: 0,", "rank: 9,")
        .replace(r#"rule: "T9-SUBTOTAL""#, r#"rule: "T9-SUBTOTL""#);
    std::fs::write(editions.join("broken.ron"), broken).unwrap();

    let project = folder.path().join("variant.ron");
    let args = ["new", "--edition", "test-variant-2024", "--year", "2025", "--unit-name", "测试单位", "-o"];
    let output = yugong_with_config(&config, &[&args[..], &[path_str(&project)]].concat());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("broken.ron") && stderr(&output).contains("T9-SUBTOTL"), "{}", stderr(&output));
    let loaded = project_file::load(&project).unwrap();
    assert_eq!(loaded.meta.edition, "test-variant-2024");
    assert!(loaded.tables.get(TableId::IncomeExpenseSummary).rows.iter().any(|r| r.id == "in.test_extra"));
    let unused = folder.path().join("unused.ron");
    let args = ["new", "--edition", "test-broken", "--year", "2025", "--unit-name", "x", "-o", path_str(&unused)];
    let output = yugong_with_config(&config, &args);
    assert!(!output.status.success() && stderr(&output).contains("没有模板版本“test-broken”"), "{}", stderr(&output));

    let checked = yugong_with_config(&config, &["check", path_str(&project)]);
    assert!(!stdout(&checked).contains("STRUCT-EDITION"), "{}", stdout(&checked));
    let book = folder.path().join("variant.xlsx");
    let output = yugong_with_config(&config, &["export-xlsx", path_str(&project), "-o", path_str(&book)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let back = folder.path().join("back.ron");
    let output = yugong_with_config(&config, &["import", path_str(&book), "-o", path_str(&back)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("测试变体 2024 版"), "{}", stdout(&output));
    assert_eq!(project_file::load(&back).unwrap().meta.edition, "test-variant-2024");
    let pdf = folder.path().join("variant.pdf");
    let output = yugong_with_config(&config, &["pdf", path_str(&project), "-o", path_str(&pdf)]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Without the folder the edition is unknown, and the command says so.
    let output = yugong(&["export-xlsx", path_str(&project), "-o", path_str(&folder.path().join("no.xlsx"))]);
    assert!(!output.status.success(), "{}", stdout(&output));
}

/// Issue 15: last year's workbook of an edition in the settings folder (the data-only variant,
/// whose 基本支出表 has a title without the usual keywords) is read as that edition by
/// `new --from` and `draft --prior`, as `import` reads it: next year's project keeps the
/// variant's rows and title (with the built-in catalog it became a 河北省 2024 版 project) and the
/// prior-year block has the renamed table's figures.
#[test]
fn last_years_workbook_of_a_user_edition_is_read_with_that_edition() {
    use crate::common::editions::{VARIANT_BASIC_TITLE, VARIANT_ID, laiyuan_as_variant, settings_with_variant};

    let folder = tempfile::tempdir().unwrap();
    let config = settings_with_variant(&folder.path().join("config"));
    let last = laiyuan_as_variant();
    let last_file = folder.path().join("last.ron");
    project_file::save(&last, &last_file).unwrap();
    let workbook = folder.path().join("last.xlsx");
    let output = yugong_with_config(&config, &["export-xlsx", path_str(&last_file), "-o", path_str(&workbook)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = yugong::model::PriorYear::from_project(&last);
    assert!(expected.personnel.is_some_and(|p| !p.is_zero()), "{expected:?}");

    let next_file = folder.path().join("next.ron");
    let output = yugong_with_config(&config, &["new", "--from", path_str(&workbook), "-o", path_str(&next_file)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("测试变体 2024 版"), "{}", stdout(&output));
    let next = project_file::load(&next_file).unwrap();
    assert_eq!(next.meta.edition, VARIANT_ID);
    assert!(next.tables.get(TableId::IncomeExpenseSummary).rows.iter().any(|r| r.id == "in.test_extra"));
    assert_eq!(next.tables.get(TableId::GeneralBasicExpense).title, VARIANT_BASIC_TITLE);
    assert_eq!(next.prior_year.as_ref(), Some(&expected));

    let drafted_file = folder.path().join("drafted.ron");
    let args = ["draft", path_str(&next_file), "--prior", path_str(&workbook), "-o", path_str(&drafted_file)];
    let output = yugong_with_config(&config, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(project_file::load(&drafted_file).unwrap().prior_year.as_ref(), Some(&expected));
}

/// `yugong diff A B | head`: the reader closes the pipe before the output is written. The program
/// ends quietly with 141 (as a process stopped by SIGPIPE), never with a panic and a backtrace.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    for args in [
        vec!["diff".to_string(), path_str(&sample("gaoyang-2022")).into(), path_str(&sample("laiyuan-2024")).into()],
        vec!["check".to_string(), path_str(&sample("laiyuan-2024")).into()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yugong"))
            .args(&args)
            .env("YUGONG_CONFIG_DIR", std::env::temp_dir().join("yugong-cli-tests"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the program has read its files, so its first line meets a closed pipe.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = stderr(&output);
        assert_eq!(output.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
