//! The editor driven headless through egui_kittest: the real window code, real samples, real
//! keys, clicks and clipboard events. The bundled CJK font is installed in every harness, so a
//! character without a glyph would fail the test instead of showing a box.

use std::path::PathBuf;

use eframe::egui::{self, Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rust_decimal::Decimal;
use yugong::io::settings::Store;
use yugong::model::TableId;
use yugong::ui::{EditorApp, FileDialogs, GridKey, View, sample_document};

/// File dialogs that answer with a prepared path instead of opening a window.
struct PreparedDialogs(Option<PathBuf>);

impl FileDialogs for PreparedDialogs {
    fn open_project(&self) -> Option<PathBuf> {
        self.0.clone()
    }

    fn save_project(&self, _suggested_name: &str) -> Option<PathBuf> {
        self.0.clone()
    }
}

fn editor(sample: &str, dialogs: PreparedDialogs) -> Harness<'static, EditorApp> {
    editor_sized(sample, dialogs, egui::vec2(1400.0, 900.0))
}

/// The smallest window the editor is laid out for.
const SMALL_WINDOW: egui::Vec2 = egui::vec2(1024.0, 700.0);

fn editor_sized(sample: &str, dialogs: PreparedDialogs, size: egui::Vec2) -> Harness<'static, EditorApp> {
    let document = sample_document(sample).expect("bundled sample");
    let mut harness = Harness::builder().with_size(size).build_eframe(move |cc| {
        yugong::ui::install_fonts(&cc.egui_ctx);
        EditorApp::new(Some(document), Box::new(dialogs), Store::disabled())
    });
    harness.run();
    harness
}

fn amount(harness: &Harness<'_, EditorApp>, table: TableId, row: &str, column: &str) -> Option<Decimal> {
    harness.state().document().unwrap().project.tables.get(table).amount(row, column)
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn open_table(harness: &mut Harness<'_, EditorApp>, nav_label: &str) {
    harness.get_by_label_contains(nav_label).click();
    harness.run();
}

fn click_cell(harness: &mut Harness<'_, EditorApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

fn type_text(harness: &mut Harness<'_, EditorApp>, text: &str) {
    harness.event(Event::Text(text.into()));
    harness.run();
}

fn press(harness: &mut Harness<'_, EditorApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn cursor(harness: &Harness<'_, EditorApp>, key: GridKey) -> (usize, usize) {
    harness.state().grid(key).expect("grid shown").cursor
}

#[test]
fn typing_into_a_leaf_cell_updates_its_parents_the_total_and_the_cross_table_findings() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    assert_eq!(harness.state().document().unwrap().tally.errors, 0);
    let before = |h: &Harness<'_, EditorApp>, row: &str| amount(h, TableId::Expense, row, "basic").unwrap();
    let (leaf, kuan, lei) = (before(&harness, "2010301"), before(&harness, "20103"), before(&harness, "201"));
    let total = amount(&harness, TableId::Expense, "total", "total").unwrap();

    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010301 行政运行 · 基本支出");
    type_text(&mut harness, "606.92");
    press(&mut harness, Key::Enter);

    assert_eq!(amount(&harness, TableId::Expense, "2010301", "basic").unwrap(), dec("606.92"));
    assert_eq!(leaf, dec("596.92"));
    let delta = dec("10.00");
    assert_eq!(amount(&harness, TableId::Expense, "2010301", "total").unwrap(), leaf + delta);
    assert_eq!(amount(&harness, TableId::Expense, "20103", "basic").unwrap(), kuan + delta);
    assert_eq!(amount(&harness, TableId::Expense, "201", "basic").unwrap(), lei + delta);
    assert_eq!(amount(&harness, TableId::Expense, "total", "total").unwrap(), total + delta);
    // The linked 收支总表 class row follows; the tables that still state the old figures now
    // disagree with 支出总表, and the audit says so in the same frame.
    assert_eq!(amount(&harness, TableId::IncomeExpenseSummary, "out.201", "amount").unwrap(), dec("940.00") + delta);
    let document = harness.state().document().unwrap();
    assert!(document.tally.errors > 0);
    let cross: Vec<&str> = document.findings.iter().filter(|f| f.rule.starts_with("X-")).map(|f| f.rule).collect();
    assert!(!cross.is_empty(), "{:?}", document.findings);
    assert!(document.is_dirty());
    // The cursor moved down like Excel after Enter.
    let row = harness.state().grid(GridKey::Table(TableId::Expense)).unwrap().cursor;
    assert_eq!(row, (5, 3), "row below 2010301, same column");
}

#[test]
fn arrow_tab_enter_and_ctrl_end_move_the_active_cell() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "201 一般公共服务支出 · 合计");
    let key = GridKey::Table(TableId::Expense);
    let start = cursor(&harness, key);
    press(&mut harness, Key::ArrowDown);
    press(&mut harness, Key::ArrowDown);
    assert_eq!(cursor(&harness, key), (start.0 + 2, start.1));
    press(&mut harness, Key::ArrowRight);
    press(&mut harness, Key::Tab);
    assert_eq!(cursor(&harness, key), (start.0 + 2, start.1 + 2));
    press(&mut harness, Key::ArrowLeft);
    press(&mut harness, Key::Enter);
    assert_eq!(cursor(&harness, key), (start.0 + 3, start.1 + 1));
    press(&mut harness, Key::ArrowUp);
    assert_eq!(cursor(&harness, key), (start.0 + 2, start.1 + 1));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness.run();
    let rows = harness.state().document().unwrap().project.tables.get(TableId::Expense).rows.len();
    assert_eq!(cursor(&harness, key), (rows, 7), "last row (after the 栏次 row), last column");
    // Nothing was edited by moving around.
    assert!(!harness.state().document().unwrap().is_dirty());
}

#[test]
fn a_block_pasted_from_excel_fills_three_rows_and_four_columns_and_undo_redo_restore_it() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    let original = harness.state().document().unwrap().project.clone();
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010301 行政运行 · 基本支出");
    // As Excel/WPS put it on the clipboard: tabs, CRLF, thousands separators, full-width digits,
    // accounting negatives and blanks.
    let block = "1,000.00\t２０\t\t(1.50)\r\n5\t6.5\t7\t8\r\n0.01\t\t3\t4\r\n";
    harness.event(Event::Paste(block.into()));
    harness.run();
    let cell = |h: &Harness<'_, EditorApp>, row: &str, column: &str| amount(h, TableId::Expense, row, column);
    assert_eq!(cell(&harness, "2010301", "basic"), Some(dec("1000.00")));
    assert_eq!(cell(&harness, "2010301", "project"), Some(dec("20.00")));
    assert_eq!(cell(&harness, "2010301", "operating"), None);
    assert_eq!(cell(&harness, "2010301", "remit"), Some(dec("-1.50")));
    assert_eq!(cell(&harness, "2010302", "basic"), Some(dec("5.00")));
    assert_eq!(cell(&harness, "2010302", "project"), Some(dec("6.50")));
    assert_eq!(cell(&harness, "2010302", "operating"), Some(dec("7.00")));
    assert_eq!(cell(&harness, "2010302", "remit"), Some(dec("8.00")));
    assert_eq!(cell(&harness, "2010309", "basic"), Some(dec("0.01")));
    assert_eq!(cell(&harness, "2010309", "project"), None);
    assert_eq!(cell(&harness, "2010309", "remit"), Some(dec("4.00")));
    // Row totals follow the pasted values.
    assert_eq!(cell(&harness, "2010301", "total"), Some(dec("1018.50")));
    let pasted = harness.state().document().unwrap().project.clone();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project, original, "one paste is one undo step");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project, pasted);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project, original);
}

#[test]
fn letters_in_an_amount_cell_are_refused_with_a_message_and_the_old_value_stays() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010301 行政运行 · 基本支出");
    type_text(&mut harness, "abc");
    press(&mut harness, Key::Enter);
    assert_eq!(amount(&harness, TableId::Expense, "2010301", "basic"), Some(dec("596.92")));
    let status = harness.state().status.clone().unwrap_or_default();
    assert!(status.contains("abc") && status.contains("不是有效的金额"), "{status}");
    harness.get_by_label_contains("不是有效的金额");
    assert!(!harness.state().document().unwrap().is_dirty());
    // Three decimals in a 万元 table are refused too.
    click_cell(&mut harness, "2010301 行政运行 · 基本支出");
    type_text(&mut harness, "1.234");
    press(&mut harness, Key::Enter);
    assert_eq!(amount(&harness, TableId::Expense, "2010301", "basic"), Some(dec("596.92")));
    assert!(harness.state().status.clone().unwrap_or_default().contains("两位小数"));
}

#[test]
fn derived_cells_cannot_be_typed_into() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "20103 政府办公厅（室）及相关机构事务 · 基本支出");
    type_text(&mut harness, "1");
    press(&mut harness, Key::Enter);
    assert_eq!(amount(&harness, TableId::Expense, "20103", "basic"), Some(dec("679.76")));
    assert!(harness.state().status.clone().unwrap_or_default().contains("计算单元格"));
}

#[test]
fn clicking_a_finding_selects_its_cell_and_its_fix_resolves_it() {
    let mut harness = editor("laiyuan-2024", PreparedDialogs(None));
    let finding = harness
        .state()
        .document()
        .unwrap()
        .findings
        .iter()
        .find(|f| f.rule == "T9-TOTAL")
        .expect("涞源's real 三公 total mistake")
        .clone();
    harness.get_by_label(&finding.message).click();
    harness.run();
    assert_eq!(harness.state().view, View::Table(TableId::ThreePublic));
    let key = GridKey::Table(TableId::ThreePublic);
    let document = harness.state().document().unwrap();
    let total_row =
        document.project.tables.get(TableId::ThreePublic).rows.iter().position(|r| r.id == "total").unwrap();
    let (row, column) = cursor(&harness, key);
    assert_eq!(row, total_row + 1, "the 合计 row (below the 栏次 row)");
    assert_eq!(column, 1, "the 合计 column");
    // The fix button next to it sets the stated total to the sum of its parts.
    let fix_buttons = harness.get_all_by_label("修正").count();
    assert!(fix_buttons >= 1);
    let errors = harness.state().document().unwrap().tally.errors;
    let fix = finding.fix.clone().expect("T9-TOTAL offers a fix");
    assert!(harness.state_mut().document_mut().unwrap().apply_fix(&fix));
    harness.run();
    assert!(harness.state().document().unwrap().tally.errors < errors);
}

#[test]
fn a_goal_table_opens_in_the_side_panel_and_takes_a_new_indicator() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "预算项目绩效目标");
    let goal_name = harness.state().document().unwrap().project.goals[1].name.clone();
    harness.get_by_label(&goal_name).click();
    harness.run();
    assert_eq!(harness.state().open_goal, Some(1));
    harness.get_by_label("项目绩效目标表（2）");
    let count = harness.state().document().unwrap().project.goals[1].indicators.len();
    harness.get_by_label("添加指标").click();
    harness.run();
    let goal = &harness.state().document().unwrap().project.goals[1];
    assert_eq!(goal.indicators.len(), count + 1);
    // The new row is selected and editable: type its 三级指标 name.
    let row = cursor(&harness, GridKey::Indicators(yugong::ui::sources::IndicatorList::Goal(1))).0;
    type_text(&mut harness, "服务对象满意度");
    press(&mut harness, Key::Enter);
    let goal = &harness.state().document().unwrap().project.goals[1];
    assert_eq!(goal.indicators[row].name, "服务对象满意度");
    // It took the 一级/二级 of the row it was added after, for the pickers to adjust.
    assert_eq!(goal.indicators[row].level1, goal.indicators[row - 1].level1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project.goals[1].indicators.len(), count);
}

#[test]
fn unsaved_changes_are_guarded_before_opening_another_file() {
    let folder = tempfile::tempdir().unwrap();
    let other = folder.path().join("涞源.ron");
    std::fs::write(&other, yugong::samples::sample_text("laiyuan-2024").unwrap()).unwrap();
    let mut harness = editor("gaoyang-2022", PreparedDialogs(Some(other.clone())));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010301 行政运行 · 基本支出");
    type_text(&mut harness, "1");
    press(&mut harness, Key::Enter);
    assert!(harness.state().document().unwrap().is_dirty());
    assert!(harness.state().title().starts_with("● "), "{}", harness.state().title());

    // Closing the window asks first, and 取消 keeps everything.
    request_close(&mut harness);
    assert!(harness.state().is_asking_to_save());
    harness.get_by_label("取消").click();
    harness.run();
    assert!(!harness.state().is_asking_to_save());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    assert!(harness.state().is_asking_to_save());
    harness.get_by_label("取消").click();
    harness.run();
    assert!(!harness.state().is_asking_to_save());
    assert_eq!(amount(&harness, TableId::Expense, "2010301", "basic"), Some(dec("1.00")), "nothing lost");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("不保存").click();
    harness.run();
    let document = harness.state().document().unwrap();
    assert_eq!(document.path.as_deref(), Some(other.as_path()));
    assert_eq!(document.project.meta.budget_year, 2024);
    assert!(!document.is_dirty());
}

fn request_close(harness: &mut Harness<'_, EditorApp>) {
    harness.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    harness.run();
}

#[test]
fn saving_writes_the_file_and_clears_the_unsaved_marker() {
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("高阳.ron");
    let mut harness = editor("gaoyang-2022", PreparedDialogs(Some(target.clone())));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010302 一般行政管理事务 · 项目支出");
    type_text(&mut harness, "250.24");
    press(&mut harness, Key::Enter);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!harness.state().document().unwrap().is_dirty());
    assert!(!harness.state().title().starts_with("● "));
    let saved = yugong::io::load(&target).unwrap();
    assert_eq!(saved.tables.get(TableId::Expense).amount("2010302", "project"), Some(dec("250.24")));
    assert_eq!(saved.tables.get(TableId::Expense).amount("total", "total"), Some(dec("1016.79")));
}

#[test]
fn a_code_row_inserted_from_the_context_menu_takes_its_name_and_missing_parents_from_the_dictionary() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    harness.get_by_label("2010301 行政运行 · 基本支出").click_secondary();
    harness.run();
    harness.get_by_label("插入科目行…").click();
    harness.run();
    let field = harness.get_by_label_contains("输入编码");
    field.click();
    harness.run();
    harness.get_by_label_contains("输入编码").type_text("2150805");
    harness.run();
    harness.get_by_label("插入").click();
    harness.run();
    let rows = &harness.state().document().unwrap().project.tables.get(TableId::Expense).rows;
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let at = ids.iter().position(|id| *id == "215").expect("类 215 added");
    assert_eq!(&ids[at..at + 4], ["215", "21508", "2150805", "221"], "in code order, before 221");
    assert_eq!(rows[at + 2].name, "中小企业发展专项");
    assert_eq!(rows[at + 1].name, "支持中小企业发展和管理支出");
    // The new row is selected; typing an amount rolls up into the new 款 and 类 and the total.
    type_text(&mut harness, "12.5");
    press(&mut harness, Key::Enter);
    assert_eq!(amount(&harness, TableId::Expense, "2150805", "basic"), Some(dec("12.50")));
    assert_eq!(amount(&harness, TableId::Expense, "215", "total"), Some(dec("12.50")));
    assert_eq!(amount(&harness, TableId::Expense, "total", "total"), Some(dec("1019.29")));
    // One undo removes the typed amount, the next the three inserted rows.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(amount(&harness, TableId::Expense, "215", "total").is_none());
    let rows = &harness.state().document().unwrap().project.tables.get(TableId::Expense).rows;
    assert!(!rows.iter().any(|r| r.id.starts_with("215")));
}

#[test]
fn after_a_dictionary_import_the_insert_row_dialog_accepts_2240101_with_its_parents_named() {
    let config = tempfile::tempdir().unwrap();
    let document = sample_document("gaoyang-2022").expect("bundled sample");
    let store = Store::in_folder(config.path());
    let mut harness = Harness::builder().with_size(egui::vec2(1400.0, 900.0)).build_eframe(move |cc| {
        yugong::ui::install_fonts(&cc.egui_ctx);
        EditorApp::new(Some(document), Box::new(PreparedDialogs(None)), store)
    });
    harness.run();
    open_table(&mut harness, "3. 支出总表");
    let insert = |harness: &mut Harness<'static, EditorApp>| {
        harness.get_by_label("2010301 行政运行 · 基本支出").click_secondary();
        harness.run();
        harness.get_by_label("插入科目行…").click();
        harness.run();
        harness.get_by_label_contains("输入编码").click();
        harness.run();
        harness.get_by_label_contains("输入编码").type_text("2240101");
        harness.run();
    };
    // The built-in list has 224 but not its 款 22401: refused, with what to do.
    insert(&mut harness);
    harness.get_by_label("插入").click();
    harness.run();
    harness.get_by_label_contains("上级科目 22401 不在科目表中");
    harness.get_by_label("取消").click();
    harness.run();

    let list = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dictionaries/function-excerpt.csv");
    harness.state_mut().import_code_list(Some(list));
    harness.run();
    // The list states no year: it is stored for the open project's year.
    assert!(config.path().join("dictionaries/function-2022.csv").is_file());
    harness.get_by_label("确定").click();
    harness.run();

    insert(&mut harness);
    harness.get_by_label("插入").click();
    harness.run();
    let rows = &harness.state().document().unwrap().project.tables.get(TableId::Expense).rows;
    let named: Vec<(&str, &str)> =
        rows.iter().filter(|r| r.id.starts_with("224")).map(|r| (r.id.as_str(), r.name.as_str())).collect();
    assert_eq!(named, [("224", "灾害防治及应急管理支出"), ("22401", "应急管理事务"), ("2240101", "行政运行")]);
}

#[test]
fn typing_one_key_per_frame_builds_the_whole_number() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010301 行政运行 · 基本支出");
    for key in ["6", "0", "6", ".", "9", "2"] {
        harness.event(Event::Text(key.into()));
        harness.step();
    }
    press(&mut harness, Key::Enter);
    assert_eq!(amount(&harness, TableId::Expense, "2010301", "basic"), Some(dec("606.92")));
}

#[test]
fn an_excel_workbook_imports_into_the_open_project_after_a_preview_and_can_be_undone() {
    let mut harness = editor("laiyuan-2024", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010302 一般行政管理事务 · 基本支出");
    type_text(&mut harness, "99");
    press(&mut harness, Key::Enter);
    let edited = harness.state().document().unwrap().project.clone();
    let workbook = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xlsx/laiyuan-2024.xlsx");
    harness.state_mut().import_workbook(Some(workbook));
    harness.run();
    // The preview lists what the workbook held and the one table that differs.
    harness.get_by_label_contains("导入 Excel：laiyuan-2024.xlsx");
    // Through accessibility: at this harness size the button sits on the findings panel's resize
    // edge, which takes a simulated pointer press first.
    harness.get_by_label("导入所选部分").click_accesskit();
    harness.run();
    let document = harness.state().document().unwrap();
    let original = yugong::ui::sample_document("laiyuan-2024").unwrap().project;
    assert_eq!(document.project.tables, original.tables, "the workbook's tables replaced the edited ones");
    assert_eq!(document.project.narrative, edited.narrative, "the narrative is not in the workbook");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project, edited);
}

#[test]
fn an_excel_workbook_opens_as_a_new_unsaved_project() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    let workbook = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xlsx/laiyuan-2024.xlsx");
    harness.state_mut().import_workbook(Some(workbook));
    harness.run();
    harness.get_by_label("作为新项目打开").click_accesskit();
    harness.run();
    let document = harness.state().document().unwrap();
    assert_eq!(document.project.meta.budget_year, 2024);
    assert!(document.path.is_none() && document.is_dirty());
    let original = yugong::ui::sample_document("laiyuan-2024").unwrap().project;
    assert_eq!(document.project.tables, original.tables);
}

#[test]
fn the_pdf_export_writes_the_document_even_with_audit_errors_and_says_so() {
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("涞源.pdf");
    let mut harness = editor("laiyuan-2024", PreparedDialogs(None));
    assert!(harness.state().document().unwrap().tally.errors > 0);
    harness.state_mut().export_pdf(Some(target.clone()));
    harness.run();
    let bytes = std::fs::read(&target).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    harness.get_by_label("PDF 已导出");
    harness.get_by_label_contains("审核还有 3 个错误");
    harness.get_by_label("关闭").click_accesskit();
    harness.run();
    assert!(harness.query_by_label("PDF 已导出").is_none());
}

#[test]
fn a_goal_table_opens_from_a_project_expense_cell() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    harness.get_by_label("2010302 一般行政管理事务 · 项目支出").click_secondary();
    harness.run();
    harness.get_by_label("打开项目绩效目标").click();
    harness.run();
    let name = harness.state().document().unwrap().project.goals[3].name.clone();
    harness.get_by_label(&format!("4、{name}")).click();
    harness.run();
    assert_eq!(harness.state().open_goal, Some(3));
    harness.get_by_label("项目绩效目标表（4）");
}

#[test]
fn a_save_that_fails_under_the_unsaved_guard_keeps_its_message_and_the_document() {
    let folder = tempfile::tempdir().unwrap();
    let unwritable = folder.path().join("没有这个文件夹").join("高阳.ron");
    let mut harness = editor("gaoyang-2022", PreparedDialogs(Some(unwritable)));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010301 行政运行 · 基本支出");
    type_text(&mut harness, "1");
    press(&mut harness, Key::Enter);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label("保存").click();
    harness.run();
    harness.get_by_label("保存失败");
    let document = harness.state().document().unwrap();
    assert!(document.is_dirty());
    assert_eq!(amount(&harness, TableId::Expense, "2010301", "basic"), Some(dec("1.00")));
}

/// An edited document whose file is on disk, the edit typed through the grid.
fn edited_file_document(dialogs_answer: Option<PathBuf>) -> (tempfile::TempDir, PathBuf, Harness<'static, EditorApp>) {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("高阳.ron");
    std::fs::write(&file, yugong::samples::sample_text("gaoyang-2022").unwrap()).unwrap();
    let document = yugong::ui::Document::new(yugong::io::load(&file).unwrap(), Some(file.clone()), "");
    let mut harness = Harness::builder().with_size(egui::vec2(1400.0, 900.0)).build_eframe(move |cc| {
        yugong::ui::install_fonts(&cc.egui_ctx);
        EditorApp::new(Some(document), Box::new(PreparedDialogs(dialogs_answer)), Store::disabled())
    });
    harness.run();
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010309 参事事务 · 项目支出");
    type_text(&mut harness, "25");
    press(&mut harness, Key::Enter);
    assert!(harness.state().title().starts_with("● "), "{}", harness.state().title());
    (folder, file, harness)
}

fn assert_still_unsaved(harness: &mut Harness<'_, EditorApp>, file: &std::path::Path, path_taken: &str) {
    harness.run();
    let document = harness.state().document().unwrap();
    assert_eq!(document.path.as_deref(), Some(file), "{path_taken}: the same document is shown");
    assert_eq!(amount(harness, TableId::Expense, "2010309", "project"), Some(dec("25.00")), "{path_taken}");
    assert!(document.is_dirty(), "{path_taken}: the edit still counts as unsaved");
    assert!(harness.state().title().starts_with("● "), "{path_taken}: {}", harness.state().title());
    // So closing the window asks again instead of exiting with the edit unsaved.
    request_close(harness);
    assert!(harness.state().is_asking_to_save(), "{path_taken}: closing asks");
    harness.get_by_label("取消").click();
    harness.run();
}

#[test]
fn declining_to_save_and_then_cancelling_the_next_step_keeps_the_unsaved_mark() {
    // 文件 → 新建 → 不保存 → 取消 in the new-project form.
    let (_folder, file, mut harness) = edited_file_document(None);
    harness.state_mut().request(yugong::ui::Pending::New);
    harness.run();
    harness.get_by_label("不保存").click();
    harness.run();
    harness.get_by_label("取消").click();
    assert_still_unsaved(&mut harness, &file, "新建 → 不保存 → 取消");

    // Ctrl+O → 不保存 → the file dialog is cancelled (answers nothing).
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("不保存").click();
    assert_still_unsaved(&mut harness, &file, "打开 → 不保存 → 文件对话框取消");
    assert_eq!(
        yugong::io::load(&file).unwrap().tables.get(TableId::Expense).amount("2010309", "project"),
        Some(dec("20.00")),
        "the file on disk was never touched"
    );
}

#[test]
fn undoing_back_to_the_saved_state_clears_the_unsaved_mark_and_redo_sets_it() {
    let (_folder, _file, mut harness) = edited_file_document(None);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(!harness.state().document().unwrap().is_dirty());
    assert!(!harness.state().title().starts_with("● "), "{}", harness.state().title());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert!(harness.state().title().starts_with("● "), "{}", harness.state().title());
}

#[test]
fn ctrl_f_puts_the_keyboard_in_the_search_box_beside_the_menus_and_the_tree() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010301 行政运行 · 基本支出");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    type_text(&mut harness, "参事");
    press(&mut harness, Key::Enter);
    assert_eq!(amount(&harness, TableId::Expense, "2010301", "basic"), Some(dec("596.92")), "the cell kept its value");
    assert!(!harness.state().grid(GridKey::Table(TableId::Expense)).unwrap().is_editing(), "no cell editor opened");
    harness.get_by_label_contains("找到");
    assert!(harness.query_by_label("找到 0 处").is_none(), "the typed text was searched for");
    // The window sits right of the navigation tree and below the menu bar.
    let prompt = harness.get_by_label_contains("查找内容").rect();
    let tree = harness.get_by_label_contains("3. 支出总表").rect();
    let menu = harness.get_by_label("文件").rect();
    assert!(prompt.left() > tree.right() && prompt.top() > menu.bottom(), "{prompt:?} {tree:?} {menu:?}");
}

#[test]
fn a_refusal_leaves_the_status_bar_once_a_later_entry_succeeds() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010301 行政运行 · 基本支出");
    type_text(&mut harness, "abc");
    press(&mut harness, Key::Enter);
    assert!(harness.state().status.clone().unwrap_or_default().contains("abc"));
    click_cell(&mut harness, "2010309 参事事务 · 项目支出");
    type_text(&mut harness, "25");
    press(&mut harness, Key::Enter);
    assert_eq!(amount(&harness, TableId::Expense, "2010309", "project"), Some(dec("25.00")));
    let status = harness.state().status.clone().unwrap_or_default();
    assert!(!status.contains("abc"), "old refusal still shown: {status}");
    assert!(harness.query_by_label_contains("不是有效的金额").is_none());
}

#[test]
fn undo_and_redo_select_the_cell_they_change() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010309 参事事务 · 项目支出");
    let edited = cursor(&harness, GridKey::Table(TableId::Expense));
    type_text(&mut harness, "25");
    press(&mut harness, Key::Enter);
    for _ in 0..4 {
        press(&mut harness, Key::ArrowDown);
    }
    press(&mut harness, Key::ArrowLeft);
    assert_ne!(cursor(&harness, GridKey::Table(TableId::Expense)), edited);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(cursor(&harness, GridKey::Table(TableId::Expense)), edited, "undo shows the cell it restored");
    press(&mut harness, Key::ArrowUp);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(cursor(&harness, GridKey::Table(TableId::Expense)), edited, "redo shows it too");
    assert!(harness.state().status.clone().unwrap_or_default().starts_with("已重做"));
}

#[test]
fn menus_show_their_shortcuts_and_help_lists_them_with_a_short_guide() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    harness.get_by_label("编辑").click();
    harness.run();
    for shortcut in ["Ctrl+Z", "Ctrl+Y", "Ctrl+F"] {
        assert!(harness.query_all_by_label_contains(shortcut).next().is_some(), "{shortcut} in 编辑");
    }
    press(&mut harness, Key::Escape);
    harness.get_by_label("文件").click();
    harness.run();
    for shortcut in ["Ctrl+N", "Ctrl+O", "Ctrl+S", "Ctrl+Shift+S"] {
        assert!(harness.query_all_by_label_contains(shortcut).next().is_some(), "{shortcut} in 文件");
    }
    press(&mut harness, Key::Escape);
    harness.get_by_label("帮助").click();
    harness.run();
    harness.get_by_label("快捷键").click();
    harness.run();
    harness.get_by_label("Ctrl+C / Ctrl+X / Ctrl+V");
    harness.get_by_label("确定").click();
    harness.run();
    harness.get_by_label("帮助").click();
    harness.run();
    harness.get_by_label("使用说明").click();
    harness.run();
    harness.get_by_label("二、从预算系统的工作簿开始");
}

#[test]
fn the_insert_row_form_takes_the_code_at_once_and_the_name_follows_it() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    harness.get_by_label("2010301 行政运行 · 基本支出").click_secondary();
    harness.run();
    harness.get_by_label("插入科目行…").click();
    harness.run();
    harness.run();
    // No click: the code box has the keyboard.
    type_text(&mut harness, "224");
    assert!(harness.query_all_by_value("灾害防治及应急管理支出").next().is_some(), "224 takes its name");
    type_text(&mut harness, "01");
    assert!(harness.query_all_by_value("灾害防治及应急管理支出").next().is_none(), "22401 must not keep 224's name");
    // A code the dictionary lacks goes in with the name the user types.
    press(&mut harness, Key::Tab);
    type_text(&mut harness, "应急管理事务");
    harness.get_by_label("插入").click();
    harness.run();
    let rows = &harness.state().document().unwrap().project.tables.get(TableId::Expense).rows;
    let row = rows.iter().find(|r| r.id == "22401").expect("22401 inserted");
    assert_eq!(row.name, "应急管理事务");
    assert!(rows.iter().any(|r| r.id == "224"), "its 类 came from the dictionary");
}

fn ime(harness: &mut Harness<'_, EditorApp>, event: egui::ImeEvent) {
    harness.event(Event::Ime(event));
    harness.run();
}

fn ime_allowed(harness: &Harness<'_, EditorApp>) -> bool {
    harness.output().platform_output.ime.is_some()
}

#[test]
fn pinyin_typed_into_a_selected_text_cell_opens_the_editor_with_the_chosen_characters() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "预算项目绩效目标");
    let goal_name = harness.state().document().unwrap().project.goals[1].name.clone();
    harness.get_by_label(&goal_name).click();
    harness.run();
    click_cell(&mut harness, "指标第 1 行 · 三级指标");
    assert!(
        !harness.state().grid(GridKey::Indicators(yugong::ui::sources::IndicatorList::Goal(1))).unwrap().is_editing()
    );
    // A selected text cell keeps the input method on (eframe allows it only while egui reports
    // an IME area), so the keys reach fcitx and come back as composition events.
    assert!(ime_allowed(&harness), "IME must be allowed while a text cell is selected");
    ime(&mut harness, egui::ImeEvent::Preedit { text: "ce shi".into(), active_range_chars: Some(6..6) });
    assert!(ime_allowed(&harness), "IME must stay allowed during the composition");
    assert_ne!(harness.state().document().unwrap().project.goals[1].indicators[0].name, "ce shi");
    ime(&mut harness, egui::ImeEvent::Preedit { text: String::new(), active_range_chars: None });
    ime(&mut harness, egui::ImeEvent::Commit("测试".into()));
    assert!(ime_allowed(&harness), "the opened editor keeps the input method on");
    // More pinyin goes on in the open editor.
    ime(&mut harness, egui::ImeEvent::Preedit { text: "yi".into(), active_range_chars: Some(2..2) });
    ime(&mut harness, egui::ImeEvent::Commit("一".into()));
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().document().unwrap().project.goals[1].indicators[0].name, "测试一");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_ne!(harness.state().document().unwrap().project.goals[1].indicators[0].name, "测试一");
}

#[test]
fn an_amount_cell_keeps_the_input_method_off_and_takes_a_full_width_commit_as_digits() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010301 行政运行 · 基本支出");
    assert!(!ime_allowed(&harness), "no IME on an amount cell");
    // A preedit that still arrives (the cursor moved mid-composition) is ignored…
    ime(&mut harness, egui::ImeEvent::Preedit { text: "yi".into(), active_range_chars: None });
    assert!(!harness.state().grid(GridKey::Table(TableId::Expense)).unwrap().is_editing());
    // …and a full-width commit is typed text, parsed as the amount parser parses it.
    ime(&mut harness, egui::ImeEvent::Commit("１２３".into()));
    assert!(harness.state().grid(GridKey::Table(TableId::Expense)).unwrap().is_editing());
    // The amount editor keeps the IME off too: pinyin would turn “.” into “。”.
    assert!(!ime_allowed(&harness), "no IME in an amount cell's editor");
    press(&mut harness, Key::Enter);
    assert_eq!(amount(&harness, TableId::Expense, "2010301", "basic"), Some(dec("123")));
}

/// Every button with this label lies inside the window, horizontally (rows further down may be
/// scrolled out of view vertically).
fn assert_buttons_inside(harness: &Harness<'_, EditorApp>, label: &str, at_least: usize) {
    let buttons: Vec<_> = harness.get_all_by_label(label).collect();
    assert!(buttons.len() >= at_least, "{} “{label}” buttons, expected at least {at_least}", buttons.len());
    for button in buttons {
        let rect = button.rect();
        assert!(rect.left() >= 0.0 && rect.right() <= SMALL_WINDOW.x, "“{label}” at {rect:?} is off the window");
    }
}

#[test]
fn list_editors_keep_their_row_buttons_in_a_1024_wide_window() {
    let mut harness = editor_sized("gaoyang-2022", PreparedDialogs(None), SMALL_WINDOW);
    open_table(&mut harness, "部门职责及机构设置情况");
    // 21 duties and 2 sub-units, each with ↑, ↓ and 删除.
    for label in ["↑", "↓", "删除"] {
        assert_buttons_inside(&harness, label, 23);
    }
    // A unit's fields show their whole value: 性质 and 经费形式 are as wide as their longest text.
    let funding = harness.get_all_by_value("财政性资金基本保证").map(|n| n.rect().width()).fold(0.0, f32::max);
    assert!(funding >= 14.0 * 9.0, "经费形式 field {funding} wide is narrower than its value");

    open_table(&mut harness, "名词解释");
    let terms = harness.state().document().unwrap().project.narrative.glossary.len();
    for label in ["↑", "↓", "删除"] {
        assert_buttons_inside(&harness, label, terms);
    }
}

fn text_width(harness: &Harness<'_, EditorApp>, text: &str) -> f32 {
    harness
        .ctx
        .fonts_mut(|f| f.layout_no_wrap(text.into(), egui::FontId::proportional(14.0), egui::Color32::WHITE).size().x)
}

#[test]
fn name_columns_are_as_wide_as_their_longest_name() {
    let mut harness = editor_sized("gaoyang-2022", PreparedDialogs(None), SMALL_WINDOW);
    open_table(&mut harness, "6. 一般公共预算基本支出表");
    let name = "机关事业单位基本养老保险缴费";
    let cell = harness.get_by_label(&format!("30108 {name} · 科目名称")).rect();
    // A 款 row: indented one level (14 points) inside 5 points of padding on either side.
    assert!(cell.width() >= text_width(&harness, name) + 14.0 + 10.0, "科目名称 {cell:?} clips “{name}”");
}

#[test]
fn both_halves_of_a_two_sided_table_keep_their_row_names_when_scrolled_sideways() {
    let mut harness = editor_sized("gaoyang-2022", PreparedDialogs(None), SMALL_WINDOW);
    open_table(&mut harness, "4. 财政拨款收支总表");
    let expense = "一、一般公共服务支出 · 项  目";
    click_cell(&mut harness, expense);
    // To the last expenditure column, which scrolls the amounts sideways.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    harness.run();
    harness.run();
    let (_, column) = cursor(&harness, GridKey::Table(TableId::FiscalSummary));
    assert_eq!(column, 6, "the cursor is on the last column");
    let central = harness.get_by_label("部门预算财政拨款收支总表").rect();
    let income = harness.get_by_label("一、一般公共预算拨款 · 项  目").rect();
    let outgo = harness.get_by_label(expense).rect();
    // A cell scrolled away keeps its rect, under the sticky columns or past the edge: the names
    // must be where they are seen, the income names at the left edge and the expenditure names
    // right of the income half, whole and inside the window.
    assert!(income.left() >= central.left() - 1.0, "income names {income:?} scrolled away");
    assert!(outgo.left() >= income.right(), "expenditure names {outgo:?} are under the income half {income:?}");
    assert!(outgo.right() <= SMALL_WINDOW.x, "expenditure names {outgo:?} are past the window's edge");
}

#[test]
fn the_goal_panel_shows_every_indicator_column_and_labels_its_pickers_first_in_a_1024_wide_window() {
    let mut harness = editor_sized("gaoyang-2022", PreparedDialogs(None), SMALL_WINDOW);
    open_table(&mut harness, "预算项目绩效目标");
    let goal_name = harness.state().document().unwrap().project.goals[1].name.clone();
    harness.get_by_label(&goal_name).click();
    harness.run();
    for header in ["一级指标", "三级指标", "指标值", "指标值确定依据"] {
        let cell = harness.get_by_label(&format!("指标第 1 行 · {header}")).rect();
        assert!(
            cell.width() >= 40.0 && cell.right() <= SMALL_WINDOW.x,
            "{header} at {cell:?} is not in the window without widening the panel"
        );
    }
    // Select a row for the pickers; each stands after its label.
    click_cell(&mut harness, "指标第 1 行 · 三级指标");
    for label in ["一级", "二级"] {
        let text = harness.get_by_label(label).rect();
        assert!(text.right() <= SMALL_WINDOW.x, "“{label}” at {text:?} is off the window");
    }
    let (one, two) = (harness.get_by_label("一级").rect(), harness.get_by_label("二级").rect());
    assert!(one.left() < two.left() || one.top() < two.top(), "一级 {one:?} comes before 二级 {two:?}");
}

/// Issue 12: an export chosen onto the open project's own file (here through a link) is refused
/// in Chinese and the project file is untouched; saving over a read-only project file says so.
#[test]
fn exports_onto_the_project_file_and_saves_over_a_read_only_file_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let (folder, file, mut harness) = edited_file_document(None);
    let before = std::fs::read(&file).unwrap();
    let link = folder.path().join("链接.pdf");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    harness.state_mut().export_pdf(Some(link));
    harness.run();
    harness.get_by_label("导出 PDF 失败");
    harness.get_by_label_contains("就是输入文件");
    harness.get_by_label("确定").click_accesskit();
    harness.run();
    harness.state_mut().export_workbook(Some(file.clone()));
    harness.run();
    harness.get_by_label("导出 Excel 失败");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    harness.get_by_label("确定").click_accesskit();
    harness.run();

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    assert!(!harness.state_mut().save(false));
    harness.run();
    harness.get_by_label("保存失败");
    harness.get_by_label_contains("只读文件");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert!(harness.state().document().unwrap().is_dirty());
}

#[test]
fn drafting_a_section_shows_a_preview_and_writes_only_when_taken_as_one_undo_step() {
    let mut harness = editor("laiyuan-2024", PreparedDialogs(None));
    harness.get_by_label_contains("三公”经费预算情况").click();
    harness.run();
    let original = harness.state().document().unwrap().project.clone();
    harness.get_by_label("生成/更新本部分说明").click();
    harness.run();
    // The preview shows both texts; nothing is written yet.
    harness.get_by_label_contains("起草预览");
    harness.get_by_label_contains("2024年财政拨款“三公”经费预算安排171.00万元，其中：因公出国（境）费7.00万元");
    assert_eq!(harness.state().document().unwrap().project, original, "a preview writes nothing");
    harness.get_by_label("采用起草文字").click();
    harness.run();
    let project = &harness.state().document().unwrap().project;
    let printed = yugong::narrative::bound::resolve(&project.narrative.three_public, project);
    assert!(printed.starts_with("2024年财政拨款“三公”经费预算安排171.00万元"));
    assert!(project.narrative.three_public.starts_with("2024年财政拨款“三公”经费预算安排⟦171.00万元|"), "bound");
    assert_eq!(project.narrative.overview, original.narrative.overview, "only this part's sections");
    assert!(harness.query_by_label_contains("起草预览").is_none(), "the preview closes");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project, original, "one undo restores the hand text");
}

/// The button `label` on the same line of the findings panel as the text `message`.
fn button_beside<'a>(harness: &'a Harness<'_, EditorApp>, label: &'a str, message: &str) -> egui_kittest::Node<'a> {
    let line = harness.get_by_label(message).rect().center().y;
    harness
        .get_all_by_label(label)
        .find(|button| (button.rect().center().y - line).abs() < 6.0)
        .unwrap_or_else(|| panic!("no {label} beside {message}"))
}

#[test]
fn a_comment_added_on_a_cell_is_marked_resolved_from_the_panel_and_jumps_back_to_its_cell() {
    use egui_kittest::kittest::NodeT;
    use yugong::model::{Anchor, CommentStatus};
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    let tables = harness.state().document().unwrap().project.tables.clone();
    open_table(&mut harness, "3. 支出总表");
    harness.get_by_label("2010301 行政运行 · 基本支出").click_secondary();
    harness.run();
    harness.get_by_label("添加批注…").click();
    harness.run();
    // The text field has the keyboard as the dialog opens.
    type_text(&mut harness, "行政运行为何比上年增加？");
    harness.get_by_label("确定").click();
    harness.run();
    let document = harness.state().document().unwrap();
    let comments = &document.project.review.comments;
    assert_eq!(comments.len(), 1);
    let cell = Anchor::Table { table: TableId::Expense, row: Some("2010301".into()), column: Some("basic".into()) };
    assert_eq!((&comments[0].on, comments[0].text.as_str()), (&cell, "行政运行为何比上年增加？"));
    assert_eq!(comments[0].author, harness.state().author());
    assert!(comments[0].at.len() == "2026-12-01 14:03".len(), "{}", comments[0].at);
    assert_eq!(document.project.tables, tables, "a comment changes no amount");
    assert_eq!(document.history().undo_label(), Some("添加批注"));
    // The navigation marks the page; the panel lists it under 批注 (待处理).
    harness.get_by_label_contains("3. 支出总表  ◆1");
    let place = cell.describe(&document.project);
    assert_eq!(place, "支出总表 2010301 行政运行 [基本支出]");

    // Elsewhere, a click on the comment's place jumps back to the cell.
    open_table(&mut harness, "1. 收支总表");
    assert_eq!(harness.state().view, View::Table(TableId::IncomeExpenseSummary));
    harness.get_by_label(&place).click();
    harness.run();
    assert_eq!(harness.state().view, View::Table(TableId::Expense));
    let document = harness.state().document().unwrap();
    let edition = document.edition().unwrap();
    let grid = yugong::ui::sources::StandardGrid::new(edition, document, TableId::Expense);
    let expected = grid.position_of(document, "2010301", Some("basic")).unwrap();
    assert_eq!(cursor(&harness, GridKey::Table(TableId::Expense)), expected);

    // Resolved: it leaves the 待处理 list, shows under 已处理; undo opens it again.
    harness.get_by_label("标为已处理").click();
    harness.run();
    let status = |h: &Harness<'_, EditorApp>| h.state().document().unwrap().project.review.comments[0].status;
    assert_eq!(status(&harness), CommentStatus::Resolved);
    assert!(harness.query_by_label(&place).is_none(), "the 待处理 filter hides it");
    harness.get_by_label("已处理").click();
    harness.run();
    harness.get_by_label(&place);
    harness.get_by_label("重新打开");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(status(&harness), CommentStatus::Open);
    assert_eq!(harness.state().document().unwrap().project.tables, tables);

    // A narrative section's comment, from the 批注 panel: the page and its navigation entry are marked.
    harness.get_all_by_label_contains("机关运行经费安排情况").next().unwrap().click();
    harness.run();
    harness.get_by_label("为当前页添加批注…").click();
    harness.run();
    type_text(&mut harness, "请补充公用经费明细");
    harness.get_by_label("确定").click();
    harness.run();
    let comments = &harness.state().document().unwrap().project.review.comments;
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[1].on, Anchor::Narrative { section: "operating_costs".into() });
    harness.get_by_label_contains("本页批注 1（待处理 1）");
    assert!(
        harness
            .get_all_by_label_contains("机关运行经费安排情况")
            .any(|n| n.accesskit_node().label().is_some_and(|l| l.contains("◆1")))
    );
}

#[test]
fn an_accepted_warning_leaves_the_findings_for_the_accepted_list_and_undo_brings_it_back() {
    use egui_kittest::kittest::NodeT;
    let mut harness = editor("laiyuan-2024", PreparedDialogs(None));
    let document = harness.state().document().unwrap();
    let warning = document.findings.iter().find(|f| f.rule == "X-GOALS-PROJECT").unwrap().clone();
    let error = document.findings.iter().find(|f| f.rule == "T9-TOTAL").unwrap().clone();
    let count = document.findings.len();
    let warnings = document.tally.warnings;
    // An error cannot be accepted: its 说明… is disabled.
    assert!(button_beside(&harness, "说明…", &error.message).accesskit_node().is_disabled());
    harness.get_by_label(&format!("问题 {count}"));

    button_beside(&harness, "说明…", &warning.message).click();
    harness.run();
    // The reason is required.
    harness.get_by_label("确定").click();
    harness.run();
    harness.get_by_label_contains("请填写说明理由");
    assert!(harness.state().document().unwrap().project.review.accepted.is_empty());
    harness.get_by_label("说明理由（必填）").click();
    harness.run();
    type_text(&mut harness, "绩效目标表按四舍五入填报");
    harness.get_by_label("确定").click();
    harness.run();
    let review = &harness.state().document().unwrap().project.review;
    assert_eq!(review.accepted.len(), 1);
    assert_eq!(review.accepted[0].reason, "绩效目标表按四舍五入填报");
    assert_eq!(review.accepted[0].by, harness.state().author());
    // Out of the 问题 list, into 已说明 with its reason.
    assert!(harness.query_by_label(&warning.message).is_none());
    harness.get_by_label(&format!("问题 {}", count - 1));
    // The findings panel's count and the status bar's agree: an accepted warning is not counted.
    assert_eq!(harness.get_all_by_label(&format!("警告 {}", warnings - 1)).count(), 2);
    harness.get_by_label("已说明 1 条");
    harness.get_by_label("已说明 1").click();
    harness.run();
    harness.get_by_label(&warning.message);
    harness.get_by_label_contains("已说明：绩效目标表按四舍五入填报");
    // Undo: back among the findings.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().document().unwrap().project.review.accepted.is_empty());
    harness.get_by_label(&format!("问题 {count}")).click();
    harness.run();
    harness.get_by_label(&warning.message);
}

fn status(harness: &Harness<'_, EditorApp>) -> String {
    harness.state().status.clone().unwrap_or_default()
}

#[test]
fn in_review_mode_typing_into_a_cell_changes_nothing_and_the_review_status_still_changes() {
    use yugong::model::ReviewState;
    let mut harness = editor("laiyuan-2024", PreparedDialogs(None));
    let original = harness.state().document().unwrap().project.clone();
    harness.get_by_label("视图").click();
    harness.run();
    harness.get_by_label("审阅模式").click();
    harness.run();
    assert!(harness.state().is_review_mode());
    assert!(harness.state().title().contains("【审阅模式】"), "{}", harness.state().title());
    harness.get_by_label_contains("审阅模式 ");

    open_table(&mut harness, "3. 支出总表");
    click_cell(&mut harness, "2010302 一般行政管理事务 · 基本支出");
    type_text(&mut harness, "99");
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().document().unwrap().project, original, "typing changed nothing");
    assert!(status(&harness).starts_with("审阅模式：金额和文字已锁定"), "{}", status(&harness));
    harness.state_mut().status = None;
    // Paste, delete and undo pass the same lock.
    harness.event(Event::Paste("1\t2\n3\t4".into()));
    harness.run();
    press(&mut harness, Key::Delete);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project, original);
    assert!(status(&harness).starts_with("审阅模式"), "{}", status(&harness));

    // The status changes from the 审核 menu, with who and when, undoable.
    harness.get_by_label("审核").click();
    harness.run();
    harness.get_by_label("审核状态").click();
    harness.run();
    harness.get_by_label("已退回").click();
    harness.run();
    let review = &harness.state().document().unwrap().project.review;
    assert_eq!(review.state(), ReviewState::Returned);
    assert!(!review.current().unwrap().by.is_empty() && review.current().unwrap().at.starts_with("20"));
    assert!(harness.state().title().contains("已退回"), "{}", harness.state().title());
    assert!(harness.state().document().unwrap().is_dirty());

    // 审核通过 with errors remaining asks, and records the confirmation with the count.
    let errors = harness.state().document().unwrap().tally.errors;
    assert!(errors > 0);
    harness.state_mut().set_review_state(ReviewState::Approved, false);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project.review.state(), ReviewState::Returned, "not yet");
    harness.get_by_label("仍有错误，确认审核通过？");
    harness.get_by_label("确认审核通过").click_accesskit();
    harness.run();
    let current = harness.state().document().unwrap().project.review.current().unwrap().clone();
    assert_eq!((current.state, current.confirmed_errors), (ReviewState::Approved, Some(errors as u32)));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project.review.state(), ReviewState::Returned);
    assert_eq!(harness.state().document().unwrap().project.tables, original.tables);
}

#[test]
fn a_file_sent_for_review_opens_in_review_mode() {
    use yugong::model::ReviewState;
    use yugong::review::StateRequest;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("待审.ron");
    let mut project = sample_document("gaoyang-2022").unwrap().project;
    let request = StateRequest {
        state: ReviewState::Submitted,
        by: "王会计",
        at: "2026-12-01 09:00",
        note: "",
        errors: 0,
        confirmed: false,
    };
    project.review.set_state(request).unwrap();
    yugong::io::save(&project, &file).unwrap();
    let mut harness = editor("laiyuan-2024", PreparedDialogs(None));
    assert!(!harness.state().is_review_mode());
    harness.state_mut().request(yugong::ui::Pending::Open(Some(file)));
    harness.run();
    assert!(harness.state().is_review_mode());
    harness.get_by_label_contains("待审核（王会计 2026-12-01 09:00）");
}

#[test]
fn comparing_with_a_copy_with_three_edits_lists_exactly_those_and_marks_the_changed_cell() {
    let folder = tempfile::tempdir().unwrap();
    let older = folder.path().join("退回前.ron");
    let mut old = sample_document("gaoyang-2022").unwrap().project;
    let row = old.tables.expense.rows.iter_mut().find(|r| r.id == "2010301").unwrap();
    let was = row.cells.get("basic").unwrap();
    row.cells.set("basic", Some(was - dec("10.00")));
    old.narrative.other_matters.push_str("（退回前的说明）");
    old.goals[0].purpose = "退回前的资金用途".into();
    yugong::io::save(&old, &older).unwrap();

    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    harness.state_mut().compare_with(Some(older));
    harness.run();
    let changes = harness.state().comparison().unwrap().changes().to_vec();
    assert_eq!(changes.len(), 3, "{changes:#?}");
    harness.get_by_label("共 3 处不同：修改 3，新增 0，删除 0");
    let listed = harness
        .query_all(egui_kittest::kittest::by().predicate(|n| n.label().is_some_and(|l| l.starts_with("修改 "))))
        .count();
    assert_eq!(listed, 3, "the panel lists each change once");

    // A click on the cell's change opens its table with the cell selected and marked.
    harness
        .get(
            egui_kittest::kittest::by()
                .predicate(|n| n.label().is_some_and(|l| l.starts_with("修改 支出总表 2010301"))),
        )
        .click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().view, View::Table(TableId::Expense));
    let cell = harness.get_by_label("2010301 行政运行 · 基本支出");
    let note = cell.accesskit_node().description().map(|d| d.to_string()).unwrap_or_default();
    assert_eq!(note, format!("修改前：{}", was - dec("10.00")));
    let unchanged = harness.get_by_label("2010301 行政运行 · 项目支出");
    assert!(unchanged.accesskit_node().description().is_none(), "only the changed cell is marked");
    // The narrative change shows its text diff when selected; closing removes the marks.
    harness
        .get(egui_kittest::kittest::by().predicate(|n| n.label().is_some_and(|l| l.starts_with("修改 情况说明"))))
        .click();
    harness.run();
    harness.get_by_label("情况说明 其他事项");
    harness.get_by_label("关闭对比").click();
    harness.run();
    assert!(harness.state().comparison().is_none());
    open_table(&mut harness, "3. 支出总表");
    let cell = harness.get_by_label("2010301 行政运行 · 基本支出");
    assert!(cell.accesskit_node().description().is_none());
}

#[test]
fn the_review_report_is_written_from_the_editor_and_never_onto_the_project_file() {
    let (folder, file, mut harness) = edited_file_document(None);
    let before = std::fs::read(&file).unwrap();
    for name in ["审核报告.pdf", "审核报告.xlsx"] {
        let target = folder.path().join(name);
        harness.state_mut().export_review_report(Some(target.clone()));
        harness.run();
        let bytes = std::fs::read(&target).unwrap();
        assert!(bytes.starts_with(if name.ends_with("pdf") { b"%PDF" } else { b"PK" }), "{name}");
        assert!(status(&harness).starts_with("已导出审核报告"), "{}", status(&harness));
    }
    harness.state_mut().export_review_report(Some(file.clone()));
    harness.run();
    harness.get_by_label("导出审核报告失败");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn batch_review_audits_a_folder_in_the_background_lists_broken_files_and_opens_a_department() {
    let folder = tempfile::tempdir().unwrap();
    for stem in ["gaoyang-2022", "laiyuan-2024"] {
        std::fs::write(folder.path().join(format!("{stem}.ron")), yugong::samples::sample_text(stem).unwrap()).unwrap();
    }
    std::fs::write(folder.path().join("损坏.ron"), "(meta: 这不是项目文件").unwrap();
    let mut harness = editor("guangyang-2022", PreparedDialogs(None));
    harness.state_mut().open_batch_review(Some(folder.path().to_path_buf()));
    let started = std::time::Instant::now();
    while harness.state().batch_review().unwrap().is_running() {
        assert!(started.elapsed().as_secs() < 60, "the batch finishes");
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run();
    }
    harness.run();
    let rows = harness.state().batch_review().unwrap().rows().to_vec();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows.iter().filter(|r| r.department().is_none()).count(), 1, "the broken file is reported");
    let laiyuan = rows.iter().find_map(|r| r.department().filter(|d| d.year == 2024)).unwrap().clone();
    assert!(laiyuan.open.errors > 0);
    harness.get_by_label_contains("共 3 个文件：已审核 2 个，无法读取 1 个");
    // A click on the department opens its file.
    harness.get_by_label(&laiyuan.unit).click();
    harness.run();
    let document = harness.state().document().unwrap();
    assert_eq!(document.path.as_deref(), Some(folder.path().join("laiyuan-2024.ron").as_path()));
    // The batch report goes out with every file.
    let report = folder.path().join("批量.xlsx");
    harness.state_mut().export_batch_report(Some(report.clone()));
    assert!(std::fs::read(&report).unwrap().starts_with(b"PK"));
}

/// Issue 13 item 5: the prior-year figures typed in the 基本信息 page's 上年数 form (a validated
/// money field; a refusal is shown in Chinese and keeps the old value) are what the drafted 比上年
/// sentence computes with, and the form's change is one undo step.
#[test]
fn a_prior_year_figure_typed_in_the_form_is_used_by_the_drafted_comparison() {
    let mut harness = editor("laiyuan-2024", PreparedDialogs(None));
    assert!(harness.state().document().unwrap().project.prior_year.is_none());
    harness.get_by_label_contains("基本信息").click();
    harness.run();
    harness.get_by_label("填写上年数").click();
    harness.run();
    assert_eq!(harness.state().document().unwrap().project.prior_year.as_ref().map(|p| p.year), Some(2023));
    // A refused figure keeps the old (blank) value and says why.
    harness.get_by_label("上年收支总额").click();
    harness.run();
    type_text(&mut harness, "一千万");
    press(&mut harness, Key::Enter);
    harness.get_by_label_contains("上年收支总额：");
    assert_eq!(harness.state().document().unwrap().project.prior_year.as_ref().unwrap().total, None);
    // 涞源's published 比上年: 1486.83 万元, 较2023年预算增加167.73万元 → last year 1319.10.
    harness.get_by_label("上年收支总额").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "1319.10");
    press(&mut harness, Key::Enter);
    let project = &harness.state().document().unwrap().project;
    assert_eq!(project.prior_year.as_ref().unwrap().total, Some(dec("1319.10")));
    // The drafted 比上年 preview computes the change from it.
    harness.get_by_label_contains("预算安排的总体情况").click();
    harness.run();
    harness.get_by_label("生成/更新本部分说明").click();
    harness.run();
    harness.get_by_label_contains("较上年1319.10万元增加167.73万元");
    harness.get_by_label("关闭预览").click();
    harness.run();
    // Undo: the figure goes, then the block.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project.prior_year.as_ref().unwrap().total, None);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().document().unwrap().project.prior_year.is_none());
}

/// 绑定数字 binds the 三公 page's figures in one undo step; the text field shows a table change in
/// the next frame without redrafting; typing over the text unbinds its figures in the same step.
#[test]
fn bound_figures_follow_a_table_edit_in_the_same_frame_and_typing_over_them_unbinds_them() {
    use yugong::editing::history::Op;
    use yugong::narrative::bound;
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    harness.get_by_label_contains("三公”经费预算情况").click();
    harness.run();
    let original = harness.state().document().unwrap().project.clone();
    let field_text = |h: &Harness<'_, EditorApp>| h.get_by_label("“三公”经费说明").value().unwrap_or_default();
    assert_eq!(field_text(&harness), original.narrative.three_public);

    harness.get_by_label("绑定数字").click();
    harness.run();
    let count: usize =
        bound::plan(&original).bound.iter().filter(|(s, _, _)| s.key() == "three_public").map(|(_, _, n)| n).sum();
    assert!(count >= 5, "{count}");
    harness.get_by_label(&format!("绑定 {count} 个金额")).click();
    harness.run();
    let project = harness.state().document().unwrap().project.clone();
    assert!(project.narrative.three_public.contains("⟦47.03万元|derived/three_public.reception⟧"));
    assert_eq!(field_text(&harness), original.narrative.three_public, "binding changes no shown text");

    // A table edit (as the grid makes it) shows in the narrative in the next frame.
    let row = project.tables.three_public.rows.iter().position(|r| r.id == "reception").unwrap();
    let op = Op::SetCell { table: TableId::ThreePublic, row, column: "general".into(), value: Some(dec("52.40")) };
    harness.state_mut().document_mut().unwrap().apply("编辑单元格", vec![op], None);
    harness.step();
    let shown = field_text(&harness);
    assert!(shown.contains("公务接待支出52.40万元") && !shown.contains("47.03"), "{shown}");
    assert!(!shown.contains(['⟦', '⟧']));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project, project, "the table edit is undone");

    // Typing over the text: its figures become plain text, one undo step brings them back.
    harness.get_by_label_contains("三公”经费预算情况").click();
    harness.run();
    harness.get_by_label("“三公”经费说明").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "无");
    assert_eq!(harness.state().document().unwrap().project.narrative.three_public, "无");
    // Undo from outside the text field (the field's own undo would be egui's).
    harness.get_by_label("绑定数字").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document().unwrap().project.narrative, project.narrative);
}

/// Issue 13 item 5: 文件 → 以上年项目为基础新建… makes next year's project from last year's file:
/// year + 1, the yearly-stable texts and goal tables carried, amounts cleared, the prior-year block
/// filled from last year's tables, unsaved; an unreadable file is refused with a message.
#[test]
fn a_new_project_from_last_years_file_carries_the_texts_and_fills_the_prior_year() {
    let mut harness = editor("gaoyang-2022", PreparedDialogs(None));
    harness.get_by_label("文件").click();
    harness.run();
    harness.get_by_label("以上年项目为基础新建…");
    // An unreadable file: a message, and the open project stays.
    let folder = tempfile::tempdir().unwrap();
    let broken = folder.path().join("坏.ron");
    std::fs::write(&broken, "不是项目文件").unwrap();
    harness.state_mut().request(yugong::ui::Pending::NewFromLastYear(Some(broken)));
    harness.run();
    harness.get_by_label("无法读取上年项目");
    let last_file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples/gaoyang-2022.ron");
    let last = yugong::io::project_file::load(&last_file).unwrap();
    assert_eq!(harness.state().document().unwrap().project, last);

    harness.state_mut().request(yugong::ui::Pending::NewFromLastYear(Some(last_file)));
    harness.run();
    let document = harness.state().document().unwrap();
    let project = &document.project;
    assert_eq!(project.meta.budget_year, last.meta.budget_year + 1);
    assert_eq!(project.narrative.duties, last.narrative.duties);
    assert_eq!(project.goals.len(), last.goals.len());
    assert!(project.tables.iter().all(|(_, table)| table.has_no_amounts()), "amounts are cleared");
    let prior = project.prior_year.as_ref().expect("the prior-year block is filled");
    assert_eq!(prior.year, last.meta.budget_year);
    assert_eq!(prior, &yugong::model::PriorYear::from_project(&last));
    assert!(document.is_dirty() && document.path.is_none());
}

/// Issue 15: an edition in the settings folder's `editions/` (the data-only test variant) is
/// offered by 新建 beside the built-in ones, by its name, and makes a blank project of it with its
/// extra income row; last year's workbook of that edition fills the prior-year block
/// (从上年文件导入…) and starts next year's project as that edition (以上年项目为基础新建…;
/// with the built-in catalog it became a 河北省 2024 版 project).
#[test]
fn the_new_project_dialog_offers_the_users_edition_and_last_years_workbook_of_it_is_read_as_it() {
    use crate::common::editions::{VARIANT_ID, laiyuan_as_variant, settings_with_variant};

    /// The file dialogs answer 从上年文件导入… with last year's workbook.
    struct LastYearDialogs(PathBuf);
    impl FileDialogs for LastYearDialogs {
        fn open_project(&self) -> Option<PathBuf> {
            None
        }
        fn save_project(&self, _suggested_name: &str) -> Option<PathBuf> {
            None
        }
        fn open_last_year(&self) -> Option<PathBuf> {
            Some(self.0.clone())
        }
    }

    let folder = tempfile::tempdir().unwrap();
    let settings = settings_with_variant(&folder.path().join("settings"));
    // Last year's workbook of the variant, as its budget system would export it.
    let last = laiyuan_as_variant();
    let (catalog, problems) = yugong::io::dictionaries::catalog(&Store::in_folder(&settings));
    assert!(problems.is_empty(), "{problems:?}");
    let workbook = folder.path().join("上年.xlsx");
    std::fs::write(&workbook, yugong::xlsx::export_workbook_with(catalog, &last).unwrap().bytes).unwrap();
    let expected_prior = yugong::model::PriorYear::from_project(&last);
    assert!(expected_prior.personnel.is_some_and(|p| !p.is_zero()), "{expected_prior:?}");

    let dialogs = LastYearDialogs(workbook.clone());
    let mut harness = Harness::builder().with_size(egui::vec2(1400.0, 900.0)).build_eframe(move |cc| {
        yugong::ui::install_fonts(&cc.egui_ctx);
        EditorApp::new(None, Box::new(dialogs), Store::in_folder(&settings))
    });
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label("新建项目");
    // The built-in 2024 edition is chosen; the list holds both built-in ones and the variant.
    let combo = harness.get_by_label("模板版本");
    assert_eq!(combo.accesskit_node().value().as_deref(), Some("河北省 2024 版"));
    combo.click();
    harness.run();
    for name in ["河北省 2022 版", "测试变体 2024 版（测试用，非真实版本）"] {
        harness.get_by_label(name);
    }
    harness.get_by_label("测试变体 2024 版（测试用，非真实版本）").click();
    harness.run();
    harness.get_by_label("单位名称").click();
    harness.run();
    harness.get_by_label("单位名称").type_text("测试单位");
    harness.run();
    harness.get_by_label("创建").click();
    harness.run();

    let document = harness.state().document().expect("the new project is open");
    assert_eq!(document.project.meta.edition, VARIANT_ID);
    assert_eq!(document.project.meta.unit_name, "测试单位");
    assert!(document.edition().is_some(), "the document knows its edition");
    assert!(document.findings.iter().all(|f| f.rule != "STRUCT-EDITION"), "{:?}", document.findings);
    let summary = document.project.tables.get(TableId::IncomeExpenseSummary);
    let extra = summary.rows.iter().find(|r| r.id == "in.test_extra").expect("the variant's extra income row");
    assert_eq!(extra.name, "六、测试附加收入");
    assert!(document.is_dirty() && document.path.is_none() && document.project.prior_year.is_none());

    // 基本信息 (shown after 创建) → 从上年文件导入….
    harness.get_by_label("从上年文件导入…").click();
    harness.run();
    assert_eq!(harness.state().document().unwrap().project.prior_year.as_ref(), Some(&expected_prior));

    // 文件 → 以上年项目为基础新建… with the same workbook.
    harness.state_mut().request(yugong::ui::Pending::NewFromLastYear(Some(workbook)));
    harness.run();
    harness.get_by_label("不保存").click();
    harness.run();
    let next = &harness.state().document().unwrap().project;
    assert_eq!((next.meta.edition.as_str(), next.meta.budget_year), (VARIANT_ID, 2025));
    assert_eq!(next.prior_year.as_ref(), Some(&expected_prior));
}

#[test]
fn under_per_unit_subtotal_rows_a_code_is_inserted_into_the_unit_of_the_selected_row_and_sums_there() {
    let project = crate::common::units::gaoyang_by_unit();
    let document = yugong::editing::Document::new(project, None, "分单位");
    let mut harness = Harness::builder().with_size(egui::vec2(1400.0, 900.0)).build_eframe(move |cc| {
        yugong::ui::install_fonts(&cc.egui_ctx);
        EditorApp::new(Some(document), Box::new(PreparedDialogs(None)), Store::disabled())
    });
    harness.run();
    open_table(&mut harness, "3. 支出总表");
    // 2010302 stands under the first unit; the second unit may have its own.
    harness.get_by_label("2010350 事业运行（某某事业单位小计） · 基本支出").click_secondary();
    harness.run();
    harness.get_by_label("插入科目行…").click();
    harness.run();
    harness.get_by_label("插入到：某某事业单位小计");
    harness.get_by_label_contains("输入编码").click();
    harness.run();
    harness.get_by_label_contains("输入编码").type_text("2010302");
    harness.run();
    harness.get_by_label("插入").click();
    harness.run();
    let table = harness.state().document().unwrap().project.tables.get(TableId::Expense).clone();
    let at = table.position_of_key("unit.2:2010302").expect("inserted under the second unit");
    assert_eq!(table.rows[at - 1].id, "20103");
    assert_eq!(table.rows[at + 1].id, "2010350", "in code order within the unit");
    assert_eq!(table.rows[at].name, "一般行政管理事务");
    // The new row is selected: its amount rolls up into that unit's 款, 类 and 小计 and the 合计 row.
    type_text(&mut harness, "5");
    press(&mut harness, Key::Enter);
    let key_amount = |harness: &Harness<'_, EditorApp>, key: &str| {
        let table = harness.state().document().unwrap().project.tables.get(TableId::Expense);
        table.row(key).and_then(|r| r.cells.get("total")).map(|v| v.to_string())
    };
    assert_eq!(key_amount(&harness, "unit.2:2010302").as_deref(), Some("5.00"));
    assert_eq!(key_amount(&harness, "unit.2:201").as_deref(), Some("87.84"));
    assert_eq!(key_amount(&harness, "unit.2").as_deref(), Some("91.41"));
    assert_eq!(key_amount(&harness, "unit.1:2010302").as_deref(), Some("240.24"), "the first unit's row is untouched");
    assert_eq!(key_amount(&harness, "total").as_deref(), Some("1011.79"));

    let findings = &harness.state().document().unwrap().findings;
    assert!(findings.iter().all(|f| !f.rule.starts_with("STRUCT-") && f.rule != "UNIT-SUBTOTAL"), "{findings:#?}");
    // A code the unit already has is refused, naming the unit.
    harness.get_by_label("2010350 事业运行（某某事业单位小计） · 基本支出").click_secondary();
    harness.run();
    harness.get_by_label("插入科目行…").click();
    harness.run();
    harness.get_by_label_contains("输入编码").click();
    harness.run();
    harness.get_by_label_contains("输入编码").type_text("2010350");
    harness.run();
    harness.get_by_label("插入").click();
    harness.run();
    harness.get_by_label("科目 2010350 已在“某某事业单位小计”下");
    harness.get_by_label("取消").click();
    harness.run();

    // A finding on a code under the second unit marks that unit's cell, not the first unit's row
    // of the same code (a file whose 20103 under the second unit does not add up).
    let mut project = crate::common::units::gaoyang_by_unit();
    let expense = project.tables.get_mut(TableId::Expense);
    expense.row_mut("unit.2:2010350").unwrap().cells.set("total", Some(dec("82.85")));
    expense.row_mut("unit.2:2010350").unwrap().cells.set("basic", Some(dec("82.85")));
    let document = yugong::editing::Document::new(project, None, "分单位");
    let expense = document.project.tables.get(TableId::Expense);
    let position = |key: &str| expense.position_of_key(key).unwrap();
    let marked = document.cell_finding(TableId::Expense, position("unit.2:20103"), "total").map(|f| f.rule);
    assert_eq!(marked, Some("T3-HIERARCHY"));
    assert!(document.cell_finding(TableId::Expense, position("unit.1:20103"), "total").is_none());
}
