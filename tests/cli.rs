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

#[test]
fn draft_writes_a_new_file_with_the_drafted_sections_and_leaves_the_input_alone() {
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
    assert!(drafted.narrative.overview.expense.contains("基本支出1191.02万元，包括人员经费822.18万元"));
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
        drafted.narrative.overview.change.contains("较上年1006.79万元增加480.04万元"),
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
