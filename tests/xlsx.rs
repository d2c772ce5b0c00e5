//! Excel import and export against the fixtures and the samples transcribed from them.

use std::path::PathBuf;

use yugong::audit;
use yugong::io::project_file;
use yugong::model::Project;
use yugong::xlsx::{self, ImportReport};

const FIXTURES: [&str; 3] = ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/xlsx").join(format!("{name}.xlsx"))).unwrap()
}

fn sample(name: &str) -> Project {
    project_file::load(&root().join("assets/samples").join(format!("{name}.ron"))).unwrap()
}

fn import(bytes: &[u8]) -> (Project, ImportReport) {
    xlsx::import_bytes(bytes).unwrap_or_else(|e| panic!("import failed: {e}"))
}

/// RON text of a part: compares scales too ("20.00" vs "20"), which `Decimal`'s `==` ignores.
fn ron<T: serde::Serialize>(value: &T) -> String {
    ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default()).unwrap()
}

/// Everything a workbook carries: meta, the nine tables, goals, procurement, assets and the
/// department-wide indicators. The narrative text is not in a workbook.
fn assert_workbook_parts_equal(expected: &Project, actual: &Project, context: &str) {
    assert_eq!(ron(&expected.meta), ron(&actual.meta), "{context}: meta");
    for (id, table) in expected.tables.iter() {
        let got = actual.tables.get(id);
        assert_eq!(table.title, got.title, "{context}: {id} title");
        assert_eq!(table.notes, got.notes, "{context}: {id} notes");
        assert_eq!(table.rows.len(), got.rows.len(), "{context}: {id} row count");
        for (want, have) in table.rows.iter().zip(&got.rows) {
            assert_eq!(ron(want), ron(have), "{context}: {id} row {}", want.id);
        }
    }
    assert_eq!(expected.goals.len(), actual.goals.len(), "{context}: goal count");
    for (want, have) in expected.goals.iter().zip(&actual.goals) {
        assert_eq!(ron(want), ron(have), "{context}: goal {}", want.name);
    }
    assert_eq!(ron(&expected.procurement), ron(&actual.procurement), "{context}: procurement");
    assert_eq!(ron(&expected.assets), ron(&actual.assets), "{context}: assets");
    assert_eq!(
        ron(&expected.narrative.department_goals.indicators),
        ron(&actual.narrative.department_goals.indicators),
        "{context}: department indicators"
    );
}

#[test]
fn each_fixture_imports_equal_to_its_sample() {
    for name in FIXTURES {
        let (imported, report) = import(&fixture_bytes(name));
        let expected = sample(name);
        assert_workbook_parts_equal(&expected, &imported, name);
        assert!(
            report.of_kind(xlsx::LineKind::Skipped).all(|l| l.message.contains("保留空白模板")),
            "{name}:\n{report}"
        );
    }
}

#[test]
fn each_fixture_imports_with_the_same_audit_result_as_its_sample() {
    for name in FIXTURES {
        let (mut imported, _) = import(&fixture_bytes(name));
        let expected = sample(name);
        // The narrative is not in a workbook: audit the imported tables with the sample's text,
        // so that any difference in findings comes from what the import read.
        imported.narrative = expected.narrative.clone();
        let findings =
            |p: &Project| audit::check(p).iter().map(|f| format!("{} {}", f.rule, f.message)).collect::<Vec<_>>();
        assert_eq!(findings(&expected), findings(&imported), "{name}");
    }
}

#[test]
fn export_then_import_gives_back_every_sample() {
    for name in FIXTURES {
        let original = sample(name);
        let bytes = xlsx::export_workbook(&original).unwrap();
        let (again, report) = import(&bytes);
        assert_workbook_parts_equal(&original, &again, &format!("{name} round trip"));
        assert!(report.of_kind(xlsx::LineKind::Skipped).next().is_none(), "{name}:\n{report}");
    }
}

fn yugong(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_yugong"))
        .args(args)
        .env("YUGONG_CONFIG_DIR", std::env::temp_dir().join("yugong-xlsx-tests"))
        .output()
        .expect("binary runs")
}

#[test]
fn cli_import_prints_the_report_and_never_overwrites_without_force() {
    let folder = tempfile::tempdir().unwrap();
    let book = root().join("tests/fixtures/xlsx/laiyuan-2024.xlsx");
    let out = folder.path().join("laiyuan.ron");
    let (book, out_str) = (book.to_str().unwrap(), out.to_str().unwrap());
    let first = yugong(&["import", book, "-o", out_str]);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let printed = String::from_utf8_lossy(&first.stdout);
    assert!(printed.contains("已导入") && printed.contains("河北省 2024 版"), "{printed}");
    let imported = project_file::load(&out).unwrap();
    assert_workbook_parts_equal(&sample("laiyuan-2024"), &imported, "cli import");

    std::fs::write(&out, "用户的文件").unwrap();
    let refused = yugong(&["import", book, "-o", out_str]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "用户的文件");
    let forced = yugong(&["import", book, "-o", out_str, "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(folder.path().join("laiyuan.ron.bak")).unwrap(), "用户的文件");
}

#[test]
fn cli_export_writes_a_workbook_that_imports_back() {
    let folder = tempfile::tempdir().unwrap();
    let book = folder.path().join("gaoyang.xlsx");
    let sample_file = root().join("assets/samples/gaoyang-2022.ron");
    let output = yugong(&["export-xlsx", sample_file.to_str().unwrap(), "-o", book.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let (again, _) = xlsx::import_workbook(&book).unwrap();
    assert_workbook_parts_equal(&sample("gaoyang-2022"), &again, "cli export");
    let refused = yugong(&["export-xlsx", sample_file.to_str().unwrap(), "-o", book.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    let missing = yugong(&["import", folder.path().join("无此文件.xlsx").to_str().unwrap(), "-o", "x.ron"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("文件不存在"));
}
