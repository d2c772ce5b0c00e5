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

// ---- Real-world mess: the fixtures rewritten the way other departments' workbooks differ ----

use rust_xlsxwriter::{Format, Workbook};
use yugong::xlsx::grid::{CellValue, Grid, Merge};

fn fixture_grids(name: &str) -> Vec<Grid> {
    xlsx::read::read_grids(&fixture_bytes(name)).unwrap().0
}

/// Writes grids back as a real .xlsx file, merges included, so the mutation goes through
/// calamine like a user's file does.
fn workbook_from(grids: &[Grid]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let plain = Format::new();
    for grid in grids {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&grid.name).unwrap();
        for m in &grid.merges {
            sheet
                .merge_range(m.first_row as u32, m.first_col as u16, m.last_row as u32, m.last_col as u16, "", &plain)
                .unwrap();
        }
        for (r, row) in grid.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    CellValue::Empty => {}
                    CellValue::Text(t) | CellValue::Other(t) => {
                        sheet.write_string(r, c, t).unwrap();
                    }
                    CellValue::Number(n) => {
                        sheet.write_number(r, c, *n).unwrap();
                    }
                }
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn is_table_sheet(grid: &Grid) -> bool {
    !grid.name.starts_with("绩效") && !["政府采购预算", "固定资产", "整体绩效指标"].contains(&grid.name.as_str())
}

fn import_mutated(name: &str, mutate: impl Fn(&mut Vec<Grid>)) -> (Project, ImportReport) {
    let mut grids = fixture_grids(name);
    mutate(&mut grids);
    import(&workbook_from(&grids))
}

#[test]
fn unchanged_fixtures_written_back_still_import_equal() {
    // Guards the helper: whatever the mutation tests find is the mutation's doing.
    for name in FIXTURES {
        let (imported, _) = import_mutated(name, |_| {});
        assert_workbook_parts_equal(&sample(name), &imported, name);
    }
}

#[test]
fn sheets_in_any_order_import_the_same() {
    for name in FIXTURES {
        let (imported, _) = import_mutated(name, |grids| {
            grids.reverse();
            grids.rotate_left(3);
        });
        assert_workbook_parts_equal(&sample(name), &imported, &format!("{name} shuffled"));
    }
}

fn unknown_codes(project: &Project) -> Vec<String> {
    audit::check(project).into_iter().filter(|f| f.rule == "DICT-UNKNOWN").map(|f| f.message).collect()
}

#[test]
fn every_fixture_imports_with_no_unknown_code() {
    for name in FIXTURES {
        let (imported, _) = import(&fixture_bytes(name));
        assert_eq!(unknown_codes(&imported), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn codes_the_workbook_carries_are_learned_reported_and_kept_in_the_file() {
    // 高阳's 2080801 死亡抚恤 rows made 2080899 其他优抚支出, a real 项 the built-in list lacks,
    // in every table sheet, as a budget system on the new 科目表 would print them.
    let (imported, report) = import_mutated("gaoyang-2022", |grids| {
        for grid in grids.iter_mut().filter(|g| is_table_sheet(g)) {
            for row in grid.rows.iter_mut() {
                if row.iter().any(|c| c.text() == "2080801") {
                    for cell in row.iter_mut() {
                        match cell.text().as_str() {
                            "2080801" => *cell = CellValue::Text("2080899".into()),
                            "死亡抚恤" => *cell = CellValue::Text("其他优抚支出".into()),
                            _ => {}
                        }
                    }
                }
            }
        }
    });
    assert!(imported.tables.expense.row("2080899").is_some());
    let learned: Vec<(&str, &str)> =
        imported.learned_codes.iter().map(|c| (c.code.as_str(), c.name.as_str())).collect();
    assert_eq!(learned, [("2080899", "其他优抚支出")]);
    let text = report.to_string();
    assert!(text.contains("2080899 其他优抚支出"), "{text}");
    assert_eq!(unknown_codes(&imported), Vec::<String>::new());
    // The file remembers it: a reviewer opening the saved project sees the same audit.
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("imported.ron");
    project_file::save(&imported, &file).unwrap();
    let reopened = project_file::load(&file).unwrap();
    assert_eq!(reopened.learned_codes, imported.learned_codes);
    assert_eq!(unknown_codes(&reopened), Vec::<String>::new());
    // The same code typed into a project that never saw the workbook is reported.
    let mut typed = reopened.clone();
    typed.learned_codes.clear();
    assert_eq!(unknown_codes(&typed).len(), 3, "收入总表, 支出总表, 一般公共预算支出表");
}

/// 广阳 2022's 政府采购预算 sheet (the fixture's own header, 合计 row, items and note) rewritten in
/// the shape budget systems print: a 小计 row per unit (“…(本级）小计”, mixed bracket widths as
/// printed) above its items, and 政务管理经费's name and 预算资金 (80 + 140 = 220) on both of its item
/// rows, as text repeated or as merged cells. The amounts are the sample's; the second unit
/// (“某某单位”, holding 办公自动化经费) is made up for the shape. `item_amount` replaces 办公耗材's
/// 单价/合计/一般公共预算拨款 (80 in the sample).
fn procurement_by_unit(merged: bool, item_amount: f64) -> Vec<u8> {
    let mut grids = fixture_grids("guangyang-2022");
    let grid = grids.iter_mut().find(|g| g.name == "政府采购预算").unwrap();
    let find = |grid: &Grid, text: &str| grid.rows.iter().position(|r| r.iter().any(|c| c.text() == text)).unwrap();
    let (office, printing, software) = (find(grid, "办公耗材"), find(grid, "印刷服务"), find(grid, "软件运维服务"));
    assert_eq!((printing, software), (office + 1, office + 2), "the sample's three item rows");
    let width = grid.rows[office].len().max(9);
    let subtotal = |label: &str, amount: f64| {
        let mut row = vec![CellValue::Empty; width];
        row[0] = CellValue::Text(label.into());
        for col in [1, 7, 8] {
            row[col] = CellValue::Number(amount);
        }
        row
    };
    let mut first = grid.rows[office].clone();
    first.resize(width, CellValue::Empty);
    for col in [6, 7, 8] {
        first[col] = CellValue::Number(item_amount);
    }
    let mut second = grid.rows[printing].clone();
    first[1] = CellValue::Number(220.0);
    second[1] = if merged { CellValue::Empty } else { CellValue::Number(220.0) };
    if merged {
        second[0] = CellValue::Empty;
    }
    let rows = vec![
        subtotal("廊坊市广阳区人民政府办公室(本级）小计", 220.0),
        first,
        second,
        subtotal("某某单位(本级）小计", 139.0),
        grid.rows[software].clone(),
    ];
    let tail = grid.rows.split_off(office + 3);
    grid.rows.truncate(office);
    grid.rows.extend(rows);
    grid.rows.extend(tail);
    // The note below moves down by the two 小计 rows.
    for m in grid.merges.iter_mut().filter(|m| m.first_row > office) {
        m.first_row += 2;
        m.last_row += 2;
    }
    if merged {
        for col in [0, 1] {
            grid.merges.push(Merge { first_row: office + 1, first_col: col, last_row: office + 2, last_col: col });
        }
    }
    workbook_from(&grids)
}

fn procurement_findings(project: &Project) -> Vec<(String, audit::Location)> {
    audit::check(project)
        .into_iter()
        .filter(|f| f.rule.starts_with("PROC-"))
        .map(|f| (f.rule.to_string(), f.location))
        .collect()
}

#[test]
fn procurement_with_unit_subtotals_and_repeated_project_budgets_imports_without_false_errors() {
    for merged in [false, true] {
        let (imported, report) = import(&procurement_by_unit(merged, 80.0));
        let rows = &imported.procurement.rows;
        let shape: Vec<(bool, &str, Option<String>)> =
            rows.iter().map(|r| (r.subtotal, r.project.as_str(), r.project_budget.map(|b| b.to_string()))).collect();
        let budget = |b: &str| Some(b.to_string());
        let second_budget = if merged { None } else { budget("220") };
        assert_eq!(
            shape,
            [
                (true, "廊坊市广阳区人民政府办公室(本级）小计", budget("220")),
                (false, "政务管理经费", budget("220")),
                (false, "政务管理经费", second_budget),
                (true, "某某单位(本级）小计", budget("139")),
                (false, "办公自动化经费", budget("139")),
            ],
            "merged: {merged}"
        );
        assert!(report.to_string().contains("单位小计 2 行"), "{report}");
        assert_eq!(imported.procurement.total.as_ref().unwrap().project_budget.map(|b| b.to_string()), budget("359"));
        assert_eq!(procurement_findings(&imported), [], "merged: {merged}");

        // One item's amount changed (单价, 合计, 一般公共预算拨款 80 → 90): its unit's 小计 and the
        // 合计 row are off in exactly those two columns.
        let (changed, _) = import(&procurement_by_unit(merged, 90.0));
        let at = |row: Option<usize>, column: &str| audit::Location::Procurement { row, column: Some(column.into()) };
        let expected: Vec<(String, audit::Location)> = vec![
            ("PROC-SUBTOTAL".into(), at(Some(0), "total")),
            ("PROC-SUBTOTAL".into(), at(Some(0), "general")),
            ("PROC-TOTAL".into(), at(None, "total")),
            ("PROC-TOTAL".into(), at(None, "general")),
        ];
        assert_eq!(procurement_findings(&changed), expected, "merged: {merged}");
    }
}

#[test]
fn codes_stored_as_numbers_import_the_same() {
    for name in ["gaoyang-2022", "laiyuan-2024"] {
        let mut converted = 0;
        let mut grids = fixture_grids(name);
        for grid in grids.iter_mut().filter(|g| is_table_sheet(g)) {
            for cell in grid.rows.iter_mut().flatten() {
                if let CellValue::Text(t) = cell
                    && matches!(t.len(), 3 | 5 | 7)
                    && t.bytes().all(|b| b.is_ascii_digit())
                {
                    *cell = CellValue::Number(t.parse().unwrap());
                    converted += 1;
                }
            }
        }
        assert!(converted > 50, "{name}: the mutation must touch the codes");
        let (imported, _) = import(&workbook_from(&grids));
        assert_workbook_parts_equal(&sample(name), &imported, &format!("{name} numeric codes"));
    }
}

fn insert_blank_column(grid: &mut Grid, at: usize) {
    for row in &mut grid.rows {
        if row.len() >= at {
            row.insert(at, CellValue::Empty);
        }
    }
    for m in &mut grid.merges {
        if m.first_col >= at {
            m.first_col += 1;
        }
        if m.last_col >= at {
            m.last_col += 1;
        }
    }
}

fn insert_blank_row(grid: &mut Grid, at: usize) {
    if grid.rows.len() >= at {
        grid.rows.insert(at, Vec::new());
    }
    for m in &mut grid.merges {
        if m.first_row >= at {
            m.first_row += 1;
        }
        if m.last_row >= at {
            m.last_row += 1;
        }
    }
}

#[test]
fn blank_columns_and_rows_are_ignored() {
    for name in FIXTURES {
        let (imported, report) = import_mutated(name, |grids| {
            for grid in grids.iter_mut() {
                insert_blank_column(grid, 0);
                let width = grid.width();
                insert_blank_column(grid, width / 2);
                // A blank row between the header and the data, and one in the data.
                let rows = grid.height();
                insert_blank_row(grid, rows - 1);
                if is_table_sheet(grid) {
                    insert_blank_row(grid, 5);
                }
            }
        });
        assert_workbook_parts_equal(&sample(name), &imported, &format!("{name} blank columns"));
        assert!(!report.mentions("不是"), "{name}:\n{report}");
    }
}

#[test]
fn amounts_in_yuan_are_converted_to_wan() {
    for name in ["gaoyang-2022", "laiyuan-2024"] {
        let (imported, report) = import_mutated(name, |grids| {
            for grid in grids.iter_mut().filter(|g| is_table_sheet(g)) {
                for cell in grid.rows.iter_mut().flatten() {
                    match cell {
                        CellValue::Number(n) => *n *= 10_000.0,
                        CellValue::Text(t) if t == "单位：万元" => *t = "单位：元".into(),
                        _ => {}
                    }
                }
            }
        });
        assert_workbook_parts_equal(&sample(name), &imported, &format!("{name} in 元"));
        assert!(report.mentions("金额单位为元，已换算为万元"), "{report}");
    }
}

#[test]
fn yuan_with_cents_is_rounded_and_reported() {
    let (imported, report) = import_mutated("gaoyang-2022", |grids| {
        let grid = grids.iter_mut().find(|g| g.name == "一般公共预算支出表").unwrap();
        for row in grid.rows.iter_mut() {
            for cell in row.iter_mut() {
                match cell {
                    CellValue::Number(n) => *n = *n * 10_000.0 + 0.6,
                    CellValue::Text(t) if t == "单位：万元" => *t = "单位：元".into(),
                    _ => {}
                }
            }
        }
    });
    // 5969200.6 元 = 596.92006 万元: two decimals kept, the rest reported.
    assert_eq!(imported.tables.general_expense.amount("2010301", "total").unwrap().to_string(), "596.92");
    assert!(report.mentions("超过两位小数，已四舍五入为 596.92"), "{report}");
}

#[test]
fn renamed_sheets_and_untitled_sheets_are_recognised() {
    for name in ["gaoyang-2022", "laiyuan-2024"] {
        let (imported, _) = import_mutated(name, |grids| {
            for (i, grid) in grids.iter_mut().enumerate() {
                grid.name = format!("Sheet{}", i + 1);
            }
        });
        assert_workbook_parts_equal(&sample(name), &imported, &format!("{name} renamed sheets"));
    }
    // Without a title the sheet name tells the table; the edition's title is used and said so.
    let (imported, _) = import_mutated("gaoyang-2022", |grids| {
        let grid = grids.iter_mut().find(|g| g.name == "收入总表").unwrap();
        grid.rows[0].clear();
    });
    assert_workbook_parts_equal(&sample("gaoyang-2022"), &imported, "untitled 收入总表");
}

#[test]
fn spaces_and_bracket_widths_in_titles_headers_and_labels_are_tolerated() {
    let (imported, _) = import_mutated("gaoyang-2022", |grids| {
        for grid in grids.iter_mut().filter(|g| is_table_sheet(g)) {
            for cell in grid.rows.iter_mut().flatten() {
                if let CellValue::Text(t) = cell {
                    let spaced = match t.as_str() {
                        "上解上级 支出" => "上解上级     支出".to_string(),
                        "部门预算收入总表" => "部门预算  收入 总表".to_string(),
                        "三、国防支出" => "三、国防支出 ".to_string(),
                        "其中：公务用车购置费" => "其中:公务用车购置费".to_string(),
                        "一、因公出国（境）费" => "一、因公出国(境)费".to_string(),
                        _ => continue,
                    };
                    *t = spaced;
                }
            }
        }
    });
    let expected = sample("gaoyang-2022");
    assert_eq!(ron(&expected.tables.expense.rows), ron(&imported.tables.expense.rows));
    assert_eq!(imported.tables.income.title, "部门预算  收入 总表");
    // Labels keep what the workbook says; rows are matched regardless.
    let three_public = &imported.tables.three_public;
    assert_eq!(three_public.row("travel").unwrap().name, "一、因公出国(境)费");
    assert_eq!(three_public.rows.len(), expected.tables.three_public.rows.len());
    assert!(imported.tables.income_expense_summary.row("out.203").is_some());
}

#[test]
fn a_table_split_over_two_sheets_is_joined() {
    let (imported, report) = import_mutated("gaoyang-2022", |grids| {
        let index = grids.iter().position(|g| g.name == "基本支出表").unwrap();
        let mut second = grids[index].clone();
        second.name = "基本支出表（续）".into();
        // The continuation repeats title and header (rows 0–4) and carries rows from 20 on.
        second.rows = grids[index].rows[..5].iter().chain(&grids[index].rows[20..]).cloned().collect();
        second.merges.retain(|m| m.last_row < 5);
        grids[index].rows.truncate(20);
        grids.insert(index + 1, second);
    });
    assert_workbook_parts_equal(&sample("gaoyang-2022"), &imported, "split 基本支出表");
    assert!(report.mentions("分在 2 个工作表中"), "{report}");
}

#[test]
fn extra_sheets_are_reported_not_guessed() {
    let (imported, report) = import_mutated("laiyuan-2024", |grids| {
        grids.insert(2, Grid::new("填表说明", vec![vec![CellValue::Text("请按系统口径填列".into())]]));
        grids.push(Grid::new("Sheet3", Vec::new()));
    });
    assert_workbook_parts_equal(&sample("laiyuan-2024"), &imported, "extra sheets");
    assert!(report.lines.iter().any(|l| l.sheet.as_deref() == Some("填表说明") && l.message.contains("未识别")));
    assert!(report.lines.iter().any(|l| l.sheet.as_deref() == Some("Sheet3") && l.message.contains("空工作表")));
}

#[test]
fn merges_are_only_comfort_headers_read_without_them_too() {
    let (imported, _) = import_mutated("laiyuan-2024", |grids| {
        for grid in grids.iter_mut().filter(|g| is_table_sheet(g)) {
            // Without merges, fill header cells the way a copy-paste of the values would.
            for m in std::mem::take(&mut grid.merges) {
                if m.first_row <= 4 && m.first_row > 1 {
                    let text = grid.rows[m.first_row][m.first_col].clone();
                    for r in m.first_row..=m.last_row {
                        for c in m.first_col..=m.last_col {
                            if grid.rows[r].len() <= c {
                                grid.rows[r].resize(c + 1, CellValue::Empty);
                            }
                            grid.rows[r][c] = text.clone();
                        }
                    }
                }
            }
        }
    });
    let expected = sample("laiyuan-2024");
    for (id, table) in expected.tables.iter() {
        assert_eq!(ron(&table.rows), ron(&imported.tables.get(id).rows), "{id}");
    }
}

// ---- Bad workbooks: a clear Chinese error or a report entry, never a panic ----

fn import_error(bytes: &[u8]) -> String {
    match xlsx::import_bytes(bytes) {
        Ok((_, report)) => panic!("expected an error, got a project:\n{report}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn files_that_are_not_workbooks_are_refused_in_chinese() {
    assert!(import_error(b"").contains("文件是空的"));
    assert!(import_error("部门预算收支总表,1006.79\n".as_bytes()).contains("不是有效的 Excel 工作簿"));
    let fixture = fixture_bytes("gaoyang-2022");
    assert!(import_error(&fixture[..fixture.len() / 2]).contains("不是有效的 Excel 工作簿"));
    // A zip archive that is not a workbook: the fixture with its central directory damaged.
    let mut damaged = fixture.clone();
    let at = damaged.len() - 30;
    damaged[at..].fill(0);
    assert!(import_error(&damaged).contains("不是有效的 Excel 工作簿"));
}

/// An OLE compound file header with its directory entry name, as Excel writes around a
/// password-protected package ("EncryptionInfo", "EncryptedPackage") or for the old .xls.
fn compound_file(stream_names: &[&str]) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    for name in stream_names {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(128, 0);
        bytes.extend(entry);
    }
    bytes
}

#[test]
fn a_real_password_protected_workbook_says_what_to_do() {
    let bytes = std::fs::read(root().join("tests/fixtures/xlsx-bad/guangyang-2022-password.xlsx")).unwrap();
    let message = import_error(&bytes);
    assert!(message.contains("密码保护") && message.contains("另存为 .xlsx"), "{message}");
}

#[test]
fn password_protected_and_old_xls_workbooks_say_what_to_do() {
    let encrypted = import_error(&compound_file(&["Root Entry", "EncryptionInfo", "EncryptedPackage"]));
    assert!(encrypted.contains("密码保护") && encrypted.contains("另存为 .xlsx"), "{encrypted}");
    let old = import_error(&compound_file(&["Root Entry", "Workbook"]));
    assert!(old.contains(".xls") && old.contains("另存为 .xlsx"), "{old}");
}

#[test]
fn empty_and_unrelated_workbooks_are_refused() {
    let mut empty = Workbook::new();
    empty.add_worksheet();
    assert!(import_error(&empty.save_to_buffer().unwrap()).contains("没有任何数据"));
    let unrelated = workbook_from(&[Grid::new(
        "员工名单",
        vec![
            vec![CellValue::Text("姓名".into()), CellValue::Text("电话".into())],
            vec![CellValue::Text("张三".into())],
        ],
    )]);
    let message = import_error(&unrelated);
    assert!(message.contains("没有可识别的预算公开表格") && message.contains("员工名单"), "{message}");
}

#[test]
fn unparseable_amounts_are_reported_and_left_blank() {
    let (imported, report) = import_mutated("gaoyang-2022", |grids| {
        let grid = grids.iter_mut().find(|g| g.name == "支出总表").unwrap();
        grid.rows[8][3] = CellValue::Text("五百九十六".into());
        grid.rows[9][3] = CellValue::Text("1.005".into());
        grid.rows[10][3] = CellValue::Other("#DIV/0!".into());
    });
    let expense = &imported.tables.expense;
    assert_eq!(expense.amount("2010301", "total"), None);
    assert_eq!(expense.amount("2010302", "total"), None);
    assert_eq!(expense.amount("2010309", "total"), None);
    // The rest of the row and table is imported.
    assert_eq!(expense.amount("2010301", "basic").unwrap().to_string(), "596.92");
    assert!(report.mentions("第 9 行合计栏：“五百九十六”不是有效的金额"), "{report}");
    assert!(report.mentions("第 10 行合计栏：“1.005”超过两位小数"), "{report}");
    assert!(report.mentions("第 11 行合计栏：“#DIV/0!”不是有效的金额"), "{report}");
    // And the audit then points at the row whose total no longer adds up.
    assert!(audit::check(&imported).iter().any(|f| f.rule.starts_with("T3")));
}

#[test]
fn a_sheet_of_a_million_rows_is_cut_short_in_bounded_time() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory().unwrap();
    sheet.set_name("收入总表").unwrap();
    sheet.write_string(0, 0, "部门预算收入总表").unwrap();
    sheet.write_string(1, 0, "434测试单位").unwrap();
    sheet.write_string(1, 2, "预算年度：2022").unwrap();
    for (c, header) in ["科目编码", "科目名称", "合计"].iter().enumerate() {
        sheet.write_string(2, c as u16, *header).unwrap();
    }
    for r in 3..1_000_000u32 {
        sheet.write_string(r, 0, "201").unwrap();
        sheet.write_number(r, 2, 1.0).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let started = std::time::Instant::now();
    let (imported, report) = import(&bytes);
    let elapsed = started.elapsed();
    eprintln!("a million-row sheet ({} bytes): import took {elapsed:?}", bytes.len());
    assert!(report.mentions("内容过多"), "{report}");
    assert!(report.mentions("重复出现"), "{report}");
    assert!(report.mentions("另有"), "report lines are capped: {}", report.lines.len());
    assert!(report.lines.len() < 100);
    assert_eq!(imported.tables.income.rows.len(), 1);
    // Generous: the point is that reading stops at the row limit instead of reading a million.
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
}

#[test]
fn goal_tables_stacked_in_one_sheet_are_read_one_by_one() {
    let (imported, report) = import_mutated("laiyuan-2024", |grids| {
        let goal_sheets: Vec<Grid> = grids.iter().filter(|g| g.name.starts_with("绩效-")).cloned().collect();
        grids.retain(|g| !g.name.starts_with("绩效-"));
        let mut stacked = Grid::new("项目绩效目标", Vec::new());
        for goal in goal_sheets {
            let offset = stacked.rows.len() + 1; // one blank row between tables
            stacked.rows.push(Vec::new());
            stacked.merges.extend(goal.merges.iter().map(|m| yugong::xlsx::grid::Merge {
                first_row: m.first_row + offset,
                last_row: m.last_row + offset,
                ..*m
            }));
            stacked.rows.extend(goal.rows);
        }
        grids.push(stacked);
    });
    let expected = sample("laiyuan-2024");
    assert_eq!(ron(&expected.goals), ron(&imported.goals));
    assert!(report.mentions(&format!("项目绩效目标表 {} 张", expected.goals.len())), "{report}");
}

#[test]
fn the_edition_follows_the_rows_present_when_the_summary_is_missing() {
    use yugong::xlsx::grid::CellValue as Cell;
    // 涞源 2024 without 收支总表: the 三公 table's 会议费/培训费 rows still say 2024.
    let (imported, report) = import_mutated("laiyuan-2024", |grids| grids.retain(|g| g.name != "收支总表"));
    assert_eq!(imported.meta.edition, "hebei-2024");
    assert!(report.mentions("会议费、培训费"), "{report}");
    // Without 三公 either, the procurement table's 上年结转结余 column decides.
    let (imported, report) =
        import_mutated("laiyuan-2024", |grids| grids.retain(|g| g.name != "收支总表" && g.name != "三公经费表"));
    assert_eq!(imported.meta.edition, "hebei-2024");
    assert!(report.mentions("上年结转结余"), "{report}");
    // 高阳 2022 without 收支总表: no 会议费 rows in 三公 → 2022.
    let (imported, _) = import_mutated("gaoyang-2022", |grids| grids.retain(|g| g.name != "收支总表"));
    assert_eq!(imported.meta.edition, "hebei-2022");
    // Only a 2024-year table and no telling rows: the year decides, and the report says so.
    let table = vec![
        vec![Cell::Text("部门预算支出总表".into())],
        vec![Cell::Text("434某单位".into()), Cell::Text("预算年度：2025".into()), Cell::Text("单位：万元".into())],
        vec![Cell::Text("科目编码".into()), Cell::Text("科目名称".into()), Cell::Text("合计".into())],
        vec![Cell::Text("201".into()), Cell::Text("一般公共服务支出".into()), Cell::Number(1.0)],
    ];
    let (imported, report) = import(&workbook_from(&[Grid::new("支出总表", table)]));
    assert_eq!(imported.meta.edition, "hebei-2024");
    assert!(report.mentions("按预算年度 2025"), "{report}");
}

#[test]
fn a_project_of_an_unknown_edition_is_not_exported() {
    let mut project = sample("gaoyang-2022");
    project.meta.edition = "hebei-2031".into();
    let error = xlsx::export_workbook(&project).unwrap_err().to_string();
    assert!(error.contains("hebei-2031") && error.contains("模板版本"), "{error}");
}

#[test]
fn export_then_import_is_lossless_on_large_synthetic_projects() {
    for edition in ["hebei-2022", "hebei-2024"] {
        let original = yugong::samples::synthetic(edition, 400, 7);
        let (again, report) = import(&xlsx::export_workbook(&original).unwrap());
        assert_workbook_parts_equal(&original, &again, &format!("synthetic {edition}"));
        assert!(report.of_kind(xlsx::LineKind::Skipped).next().is_none(), "{report}");
    }
}

#[test]
fn total_rows_merged_across_the_label_columns_are_recognised() {
    let (imported, report) = import_mutated("gaoyang-2022", |grids| {
        for grid in grids.iter_mut().filter(|g| is_table_sheet(g) && g.height() > 6) {
            let total_row = 5;
            match grid.name.as_str() {
                // Classified tables: “合计” written in 科目编码, merged over 科目名称.
                "收入总表" | "支出总表" | "一般公共预算支出表" | "基本支出表" => {
                    grid.rows[total_row][1] = grid.rows[total_row][2].clone();
                    grid.rows[total_row][2] = CellValue::Empty;
                    grid.merges.push(yugong::xlsx::grid::Merge {
                        first_row: total_row,
                        first_col: 1,
                        last_row: total_row,
                        last_col: 2,
                    });
                }
                // 三公: “合计” over 序号 and 项目.
                "三公经费表" => {
                    grid.rows[total_row][0] = grid.rows[total_row][1].clone();
                    grid.rows[total_row][1] = CellValue::Empty;
                    grid.merges.push(yugong::xlsx::grid::Merge {
                        first_row: total_row,
                        first_col: 0,
                        last_row: total_row,
                        last_col: 1,
                    });
                }
                _ => {}
            }
        }
    });
    assert_workbook_parts_equal(&sample("gaoyang-2022"), &imported, "merged 合计 cells");
    assert!(report.of_kind(xlsx::LineKind::Skipped).next().is_none(), "{report}");
}

#[test]
fn fund_headers_worded_differently_are_matched_and_reported() {
    let (imported, report) = import_mutated("gaoyang-2022", |grids| {
        let grid = grids.iter_mut().find(|g| g.name == "三公经费表").unwrap();
        grid.rows[3][3] = CellValue::Text("一般公共预算拨款".into());
        // And the year only in the titles, as some regions print it.
        for grid in grids.iter_mut() {
            for cell in grid.rows.iter_mut().flatten() {
                if let CellValue::Text(t) = cell {
                    if t.starts_with("预算年度") {
                        *cell = CellValue::Empty;
                    } else if t.starts_with("部门预算") {
                        *t = format!("高阳县2022年{t}");
                    }
                }
            }
        }
    });
    let expected = sample("gaoyang-2022");
    assert_eq!(ron(&expected.tables.three_public.rows), ron(&imported.tables.three_public.rows));
    assert!(report.mentions("栏目“资金性质 一般公共预算拨款”按“资金性质 一般公共预算财政拨款”导入"), "{report}");
    assert_eq!(imported.meta.budget_year, 2022);
    assert!(report.mentions("按标题“高阳县2022年部门预算"), "{report}");
}

/// 批注 and 已说明 live in the project, not in a workbook: merging every part of the fixture
/// workbook into a reviewed sample keeps them, and they are saved and loaded with it.
#[test]
fn comments_and_acceptances_survive_an_excel_merge_and_a_save() {
    use yugong::model::{Anchor, TableId};
    let mut project = sample("laiyuan-2024");
    let cell = Anchor::Table { table: TableId::ThreePublic, row: Some("total".into()), column: Some("total".into()) };
    project.review.add_comment(cell.clone(), Some("T9-TOTAL".into()), "李审核", "2026-12-01 10:00", "合计与小计不符");
    project.review.add_comment(
        Anchor::Goal { goal: 3, indicator: Some(1) },
        None,
        "李审核",
        "2026-12-01 10:01",
        "指标值依据？",
    );
    let findings = audit::check(&project);
    let warning = findings.iter().find(|f| f.rule == "X-GOALS-PROJECT").unwrap();
    project.review.accept(warning, "绩效目标表按四舍五入填报", "王会计", "2026-12-01 10:02").unwrap();
    let reviewed = project.review.clone();

    let (imported, _) = import(&fixture_bytes("laiyuan-2024"));
    assert!(imported.review.is_empty());
    let mut merged = project.clone();
    xlsx::apply_parts(&mut merged, &imported, &xlsx::ImportPart::all());
    assert_eq!(merged.review, reviewed);
    // The workbook brings the same numbers, so the acceptance still covers its warning.
    let findings = audit::check(&merged);
    assert_eq!(merged.review.sort_findings(&findings).accepted.len(), 1);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("涞源.ron");
    project_file::save(&merged, &path).unwrap();
    let loaded = project_file::load(&path).unwrap();
    assert_eq!(loaded.review, reviewed);
    assert_eq!(loaded.review.comments[0].on, cell);
}

#[test]
fn drafting_an_imported_workbook_agrees_with_its_tables_to_the_fen() {
    use yugong::narrative::draft;
    for name in FIXTURES {
        let (mut imported, _) = import(&fixture_bytes(name));
        let edition = yugong::catalog::Catalog::get().edition(&imported.meta.edition).unwrap();
        let drafted = draft::draft_all(&imported, edition);
        draft::apply(&mut imported, &drafted);
        // Every figure the audit reads in the drafted text equals its table cell (NARR-AMOUNT is
        // exact to the fen), and the drafted figures add up among themselves. The drafted figures
        // are bound: each stored value is its source's value (NARR-BOUND), so the audit reads them
        // as written.
        let findings: Vec<_> = audit::check(&imported)
            .into_iter()
            .filter(|f| {
                f.rule.starts_with("NARR-")
                    && f.rule != "NARR-SLOT"
                    && (f.severity != audit::Severity::Info || f.rule == "NARR-BOUND")
            })
            .collect();
        assert!(findings.is_empty(), "{name}: {findings:#?}");
        let t = &imported.tables;
        if t.iter().all(|(_, table)| table.has_no_amounts()) {
            continue;
        }
        let printed = |text: &str| yugong::narrative::bound::resolve(text, &imported).into_owned();
        let expense = &printed(&imported.narrative.overview.expense);
        for (table, row, column) in
            [(&t.expense, "total", "total"), (&t.expense, "total", "basic"), (&t.expense, "total", "project")]
        {
            let value = table.amount(row, column).unwrap_or_default();
            assert!(expense.contains(&draft::wan(value)), "{name}: {} not in {expense}", draft::wan(value));
        }
        let subtotal = t.three_public.amount("subtotal", "total").unwrap_or_default();
        assert!(
            printed(&imported.narrative.three_public).contains(&format!("预算安排{}", draft::wan(subtotal))),
            "{name}"
        );
    }
}

/// Issue 15 part 3: an edition that exists only as a data file (`tests/fixtures/editions/`, a test
/// variant of the 2024 template with an extra income row and a renamed table, loaded the way the
/// binary loads the user's `editions/` folder) goes through the whole pipeline with no code of
/// its own: audit, editing, Excel export and import (read back with calamine), PDF.
#[test]
fn a_data_only_edition_audits_edits_exports_and_imports() {
    use yugong::catalog::{Catalog, Edition};
    use yugong::editing::Document;
    use yugong::editing::history::Op;
    use yugong::model::TableId;

    let file = "test-variant-2024.ron";
    let text = std::fs::read_to_string(root().join("tests/fixtures/editions").join(file)).unwrap();
    let edition = Edition::parse(file, &text).unwrap();
    let catalog: &'static Catalog =
        Box::leak(Box::new(Catalog::get().with_editions(vec![(file.to_string(), edition)]).unwrap()));
    let renamed = crate::common::editions::VARIANT_BASIC_TITLE;

    // The 涞源 sample as a project of the variant: its rows plus the extra one, the renamed title.
    let original = sample("laiyuan-2024");
    let project = crate::common::editions::laiyuan_as_variant();
    let summary = project.tables.get(TableId::IncomeExpenseSummary);
    let at = summary.rows.iter().position(|r| r.id == "in.test_extra").unwrap();

    // Audit: exactly the sample's findings (no false one from the extra row or the new title) …
    let findings = |catalog: &Catalog, project: &Project| -> Vec<(String, String)> {
        audit::check_with(catalog, project).into_iter().map(|f| (f.rule.to_string(), f.message)).collect()
    };
    assert_eq!(findings(catalog, &project), findings(Catalog::get(), &original));
    // … and an amount in the extra row that the stated 本年收入合计 does not include is found,
    // under the rule the variant's file names for that row.
    let mut edited = project.clone();
    edited.tables.get_mut(TableId::IncomeExpenseSummary).rows[at].cells.set("amount", Some("10.00".parse().unwrap()));
    let before = findings(catalog, &project);
    let added: Vec<_> = findings(catalog, &edited).into_iter().filter(|f| !before.contains(f)).collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert_eq!(added[0].0, "T1-INCOME-TOTAL", "{added:?}");
    assert!(added[0].1.contains("1486.83") && added[0].1.contains("差 -10.00"), "{added:?}");

    // Editing through the core's Document: the edit recomputes the totals the variant derives
    // (本年收入合计 = Σ its side's items, extra row included), and undo restores them.
    let mut document = Document::new(project.clone(), None, "变体");
    document.set_catalog(catalog);
    assert!(document.findings.iter().all(|f| f.rule != "STRUCT-EDITION"));
    let set = Op::SetCell {
        table: TableId::IncomeExpenseSummary,
        row: at,
        column: "amount".into(),
        value: Some("10.00".parse().unwrap()),
    };
    assert!(document.apply("录入", vec![set], None));
    let amount = |document: &Document, row: &str| {
        document.project.tables.get(TableId::IncomeExpenseSummary).amount(row, "amount").map(|v| v.to_string())
    };
    assert_eq!(amount(&document, "in.total").as_deref(), Some("1496.83"));
    assert_eq!(amount(&document, "in.grand_total").as_deref(), Some("1496.83"));
    assert!(document.undo());
    assert_eq!(document.project, project);

    // Excel: the variant's workbook has the extra row and the new title (read back with calamine),
    // and imports as a project of the variant, equal to what was exported.
    let exported = xlsx::export_workbook_with(catalog, &project).unwrap();
    let grids = xlsx::read::read_grids(&exported.bytes).unwrap().0;
    let texts: Vec<String> = grids
        .iter()
        .flat_map(|g| (0..g.height()).flat_map(move |r| (0..g.width()).map(move |c| g.text(r, c))))
        .collect();
    assert!(texts.iter().any(|t| t == "六、测试附加收入"));
    assert!(texts.iter().any(|t| t == renamed));
    assert!(xlsx::import_bytes(&exported.bytes).is_ok(), "the built-in editions alone still read it");
    let (imported, report) = xlsx::import_bytes_with(catalog, &exported.bytes).unwrap();
    assert_eq!(imported.meta.edition, "test-variant-2024", "{report}");
    assert!(report.to_string().contains("测试变体 2024 版"), "{report}");
    assert_workbook_parts_equal(&project, &imported, "variant round trip");
    // The renamed table is known by the variant's title alone, whatever its sheet is called.
    let mut renamed_sheets = grids.clone();
    for grid in renamed_sheets.iter_mut() {
        if (0..grid.height().min(4)).any(|r| (0..grid.width()).any(|c| grid.text(r, c) == renamed)) {
            grid.name = "Sheet9".into();
        }
    }
    assert!(renamed_sheets.iter().any(|g| g.name == "Sheet9"));
    let (by_title, report) = xlsx::import_bytes_with(catalog, &workbook_from(&renamed_sheets)).unwrap();
    assert_eq!(by_title.tables.get(TableId::GeneralBasicExpense).title, renamed, "{report}");
    assert_workbook_parts_equal(&project, &by_title, "variant, sheet renamed");

    // PDF: the extra row and the renamed title are printed.
    let pdf =
        yugong::pdf::export_dated_with(catalog, &project, yugong::pdf::CalendarDate { year: 2024, month: 3, day: 1 })
            .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("variant.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let output = std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&path).arg("-").output().unwrap();
    let printed: String = String::from_utf8(output.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(printed.contains("六、测试附加收入"), "extra row not printed");
    assert!(printed.contains(renamed), "renamed title not printed");
    assert!(!printed.contains("部门预算一般公共预算财政拨款基本支出表"));
}

// ---- Per-unit 小计 rows in the nine tables ----

/// 高阳 2022's 支出总表 sheet (the fixture's own header, 合计 row and rows) rewritten as budget
/// systems print a department with a subordinate unit: a 小计 row per unit, then that unit's
/// codes, the same code under both units. The rows and amounts are the sample's: 2010350 事业运行
/// (82.84) and 2101102 事业单位医疗 (3.57), which by their names are a 事业单位's, go to the second
/// unit under their own 类 and 款 rows, and the first unit keeps the rest with its 201/20103 and
/// 210/21011 reduced by as much. The second unit's name is made up for the shape. `operation`
/// replaces 2010350's 合计 and 基本支出 (82.84 in the sample).
fn expense_by_unit(operation: f64) -> Vec<u8> {
    let mut grids = fixture_grids("gaoyang-2022");
    let grid = grids.iter_mut().find(|g| g.name == "支出总表").unwrap();
    let row_of =
        |grid: &Grid, code: &str| grid.rows.iter().position(|r| r.get(1).map(|c| c.text()) == Some(code.into()));
    let first = row_of(grid, "201").unwrap();
    let width = grid.rows.iter().map(Vec::len).max().unwrap();
    let rows: Vec<Vec<CellValue>> = grid.rows[first..]
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.resize(width, CellValue::Empty);
            r
        })
        .collect();
    let by_code = |code: &str| rows.iter().find(|r| r[1].text() == code).unwrap().clone();
    let number = |row: &[CellValue], col: usize| match &row[col] {
        CellValue::Number(n) => *n,
        _ => 0.0,
    };
    let subtotal = |label: &str, total: f64, basic: f64, project: f64| {
        let mut row = vec![CellValue::Empty; width];
        row[2] = CellValue::Text(label.into());
        for (col, value) in [(3, total), (4, basic), (5, project)] {
            if value != 0.0 {
                row[col] = CellValue::Number(value);
            }
        }
        row
    };
    // Amounts in 万元 with two decimals: rounded so that f64 sums print as the sample does.
    let cents = |v: f64| (v * 100.0).round() / 100.0;
    let moved = ["2010350", "2101102"];
    let moved_under = |code: &str| {
        if code.starts_with("201") { number(&by_code("2010350"), 3) } else { number(&by_code("2101102"), 3) }
    };
    let mut own: Vec<Vec<CellValue>> = Vec::new();
    for row in &rows {
        let code = row[1].text();
        if moved.contains(&code.as_str()) {
            continue;
        }
        let mut row = row.clone();
        if ["201", "20103", "210", "21011"].contains(&code.as_str()) {
            let less = moved_under(&code);
            for col in [3, 4] {
                row[col] = CellValue::Number(cents(number(&row, col) - less));
            }
        }
        own.push(row);
    }
    let mut theirs: Vec<Vec<CellValue>> = Vec::new();
    for code in ["201", "20103", "2010350", "210", "21011", "2101102"] {
        let mut row = by_code(code);
        let amount = if code.starts_with("201") { operation } else { moved_under(code) };
        let stated = if code == "2010350" {
            operation
        } else if code.starts_with("201") {
            number(&by_code("2010350"), 3)
        } else {
            amount
        };
        row[3] = CellValue::Number(stated);
        row[4] = CellValue::Number(stated);
        row[5] = CellValue::Empty;
        theirs.push(row);
    }
    let sum = |rows: &[Vec<CellValue>], col: usize| {
        cents(rows.iter().filter(|r| r[1].text().len() == 3).map(|r| number(r, col)).sum::<f64>())
    };
    let mut shaped = vec![subtotal("高阳县人民政府办公室(本级）小计", sum(&own, 3), sum(&own, 4), sum(&own, 5))];
    shaped.extend(own);
    shaped.push(subtotal("某某事业单位小计", sum(&theirs, 3), sum(&theirs, 4), 0.0));
    shaped.extend(theirs);
    // The 序号 column numbers the printed rows.
    for (i, row) in shaped.iter_mut().enumerate() {
        row[0] = CellValue::Number((i + 2) as f64);
    }
    grid.rows.truncate(first);
    grid.rows.extend(shaped);
    workbook_from(&grids)
}

fn rule_ids(project: &Project) -> Vec<String> {
    let mut ids: Vec<String> = audit::check(project).iter().map(|f| format!("{} {:?}", f.rule, f.severity)).collect();
    ids.sort();
    ids
}

#[test]
fn a_table_with_per_unit_subtotals_imports_audits_edits_and_exports() {
    use yugong::editing::Document;
    use yugong::editing::history::Op;
    use yugong::model::TableId;

    let (plain, _) = import(&fixture_bytes("gaoyang-2022"));
    let (by_unit, report) = import(&expense_by_unit(82.84));
    let expense = by_unit.tables.get(TableId::Expense);
    let shape: Vec<&str> = expense.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        shape,
        [
            "total", "unit.1", "201", "20103", "2010301", "2010302", "2010309", "208", "20805", "2080505", "20808",
            "2080801", "210", "21011", "2101101", "221", "22102", "2210201", "unit.2", "201", "20103", "2010350",
            "210", "21011", "2101102"
        ],
        "{report}"
    );
    assert_eq!(expense.row("unit.2").unwrap().name, "某某事业单位小计");
    assert!(report.to_string().contains("单位小计 2 行"), "{report}");
    assert!(!report.to_string().contains("重复出现"), "{report}");
    // The same findings as the department's one-row-per-code table: no false T1-CLASS, no
    // duplicate or hierarchy error, the same per-code comparisons.
    assert_eq!(rule_ids(&by_unit), rule_ids(&plain));
    // A code's amount is the department's, summed over the units (what the narrative reads).
    assert_eq!(expense.amount("201", "total"), plain.tables.get(TableId::Expense).amount("201", "total"));

    // One item changed (2010350 事业运行 82.84 → 92.84 in both of its columns): the second unit's
    // 20103 no longer adds up, and nothing else is an error; the warnings that follow are the
    // ones the same change makes in the one-row-per-code table.
    let new_findings = |before: &Project, after: &Project| {
        let before: Vec<(String, yugong::audit::Severity, String)> =
            audit::check(before).into_iter().map(|f| (f.rule.to_string(), f.severity, f.message)).collect();
        let mut new: Vec<yugong::audit::Finding> = audit::check(after)
            .into_iter()
            .filter(|f| !before.iter().any(|(r, s, m)| r == f.rule && *s == f.severity && *m == f.message))
            .collect();
        new.sort_by_key(|f| (f.rule, format!("{:?}", f.location)));
        new
    };
    let (changed, _) = import(&expense_by_unit(92.84));
    let new = new_findings(&by_unit, &changed);
    let errors: Vec<(&str, audit::Location)> = new
        .iter()
        .filter(|f| f.severity == yugong::audit::Severity::Error)
        .map(|f| (f.rule, f.location.clone()))
        .collect();
    let at = |row: &str, column: &str| audit::Location::Table {
        table: TableId::Expense,
        row: Some(row.into()),
        column: Some(column.into()),
    };
    assert_eq!(errors, [("T3-HIERARCHY", at("unit.2:20103", "total"))], "{new:#?}");
    let message = &new.iter().find(|f| f.rule == "T3-HIERARCHY").unwrap().message;
    assert!(message.contains("20103") && message.contains("某某事业单位小计"), "{message}");
    let mut plain_changed = plain.clone();
    let row = plain_changed.tables.get_mut(TableId::Expense).row_mut("2010350").unwrap();
    for column in ["total", "basic"] {
        row.cells.set(column, Some("92.84".parse().unwrap()));
    }
    let warnings = |findings: &[yugong::audit::Finding]| -> Vec<String> {
        findings.iter().filter(|f| f.severity != yugong::audit::Severity::Error).map(|f| f.rule.to_string()).collect()
    };
    assert_eq!(warnings(&new), warnings(&new_findings(&plain, &plain_changed)));

    // Editing: the second unit's 2010350 recomputes its 款, 类, its unit's 小计 and the 合计 row, and
    // leaves the first unit alone; undo restores every cell.
    let mut document = Document::new(by_unit.clone(), None, "分单位");
    let table = document.project.tables.get(TableId::Expense);
    let operation = table.position_of_key("unit.2:2010350").unwrap();
    let set = Op::SetCell {
        table: TableId::Expense,
        row: operation,
        column: "basic".into(),
        value: Some("92.84".parse().unwrap()),
    };
    assert!(document.apply("录入", vec![set], None));
    let total = |document: &Document, key: &str| {
        document.project.tables.get(TableId::Expense).row(key).unwrap().cells.get("total").map(|v| v.to_string())
    };
    assert_eq!(total(&document, "unit.2:2010350").as_deref(), Some("92.84"));
    assert_eq!(total(&document, "unit.2:201").as_deref(), Some("92.84"));
    assert_eq!(total(&document, "unit.2").as_deref(), Some("96.41"));
    assert_eq!(total(&document, "total").as_deref(), Some("1016.79"));
    assert_eq!(total(&document, "unit.1:201").as_deref(), Some("857.16"));
    // The summaries' 类 rows follow the sum over both units.
    let summary = document.project.tables.get(TableId::IncomeExpenseSummary).amount("out.201", "amount");
    assert_eq!(summary.map(|v| v.to_string()).as_deref(), Some("950.00"));
    // And the audit says what the same edit says in the one-row-per-code table (收入 no longer
    // balances 支出, per code and in total), nothing about units.
    let mut plain_document = Document::new(plain.clone(), None, "不分单位");
    let operation = plain_document.project.tables.get(TableId::Expense).position_of_key("2010350").unwrap();
    let set = Op::SetCell {
        table: TableId::Expense,
        row: operation,
        column: "basic".into(),
        value: Some("92.84".parse().unwrap()),
    };
    assert!(plain_document.apply("录入", vec![set], None));
    let rules = |document: &Document| {
        let mut rules: Vec<String> = document.findings.iter().map(|f| format!("{} {:?}", f.rule, f.severity)).collect();
        rules.sort();
        rules
    };
    assert_eq!(rules(&document), rules(&plain_document));
    assert!(document.undo());
    assert_eq!(document.project.tables, by_unit.tables);

    // Excel and PDF print the 小计 rows where they stand; the workbook reads back the same.
    let exported = xlsx::export_workbook(&by_unit).unwrap();
    let (reread, report) = import(&exported);
    assert_eq!(ron(reread.tables.get(TableId::Expense)), ron(expense), "{report}");
    let pdf = yugong::pdf::export_dated(&by_unit, yugong::pdf::CalendarDate { year: 2022, month: 3, day: 1 }).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("by-unit.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let output = std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&path).arg("-").output().unwrap();
    let printed: String = String::from_utf8(output.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(printed.contains("高阳县人民政府办公室(本级）小计") && printed.contains("某某事业单位小计"));
}
