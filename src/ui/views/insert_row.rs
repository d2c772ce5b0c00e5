//! The insert-code-row form (dictionary autocomplete) and [`insert_code_rows`], which also
//! inserts missing 款/类 rows, in code order.

use eframe::egui;

use super::fields::FormResult;
use crate::catalog::dictionary::Dictionary;
use crate::editing::document::Document;
use crate::editing::history::Op;
use crate::model::{Row, TableId};

/// Insert a classification row: code with autocomplete from the dictionary; missing 款/类
/// rows above it are inserted too, everything in code order.
#[derive(Debug, Clone)]
pub struct InsertRowForm {
    pub table: TableId,
    /// In a table with per-unit 小计 rows: the id of the unit's 小计 row the new code goes under
    /// (the unit of the row the user was on).
    pub unit: Option<String>,
    pub code: String,
    pub name: String,
    error: Option<String>,
    /// Set when done: the model row of the new row, for selecting it.
    pub inserted: Option<(usize, TableId)>,
    /// The name shown came from the dictionary (or is empty), so it follows the code as the
    /// code is typed; once the user types a name, it is theirs.
    name_follows_code: bool,
    /// The code box takes the keyboard when the form opens.
    focus_code: bool,
}

impl InsertRowForm {
    pub fn new(table: TableId) -> InsertRowForm {
        InsertRowForm {
            table,
            unit: None,
            code: String::new(),
            name: String::new(),
            error: None,
            inserted: None,
            name_follows_code: true,
            focus_code: true,
        }
    }
}

pub fn insert_row_form(ui: &mut egui::Ui, form: &mut InsertRowForm, document: &mut Document) -> FormResult<String> {
    let Some(edition) = document.edition() else { return FormResult::Cancel };
    let Some(classification) = edition.classification(form.table) else { return FormResult::Cancel };
    let dictionary = document.catalog().dictionary(classification);
    let year = document.project.meta.budget_year;
    ui.heading(format!("插入科目行：{}", form.table.short_name()));
    let unit_name = form.unit.as_deref().and_then(|u| document.project.tables.get(form.table).row(u));
    if let Some(unit) = unit_name {
        ui.label(format!("插入到：{}", unit.name.trim()));
    }
    let code_label = ui.label(format!("{}（输入编码，自动带出名称）", classification.header()));
    let response = ui.add(egui::TextEdit::singleline(&mut form.code).desired_width(200.0)).labelled_by(code_label.id);
    if std::mem::take(&mut form.focus_code) {
        response.request_focus();
    }
    if response.changed() {
        form.code = form.code.trim().to_string();
        if form.name_follows_code {
            // 224 → 灾害防治及应急管理支出, then 22401 → its own name (or none yet): never the
            // name of a code no longer typed.
            form.name = known_name(document, dictionary, &form.code, year).unwrap_or_default();
        }
    }
    let name_label = ui.label("科目名称（科目表中没有的编码请填写名称）");
    let name_response =
        ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(300.0)).labelled_by(name_label.id);
    if name_response.changed() {
        form.name_follows_code = form.name.trim().is_empty();
    }
    if !form.code.is_empty() && known_name(document, dictionary, &form.code, year).is_none() {
        let matches: Vec<(String, String)> = dictionary
            .entries()
            .iter()
            .filter(|e| e.code.starts_with(&form.code) && (e.covers(year) || e.covers(year.saturating_sub(1))))
            .take(12)
            .map(|e| (e.code.clone(), e.name.clone()))
            .collect();
        for (code, name) in matches {
            if ui.selectable_label(false, format!("{code}  {name}")).clicked() {
                form.code = code;
                form.name = name;
                form.name_follows_code = true;
            }
        }
    }
    if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    let mut result = FormResult::Open;
    ui.horizontal(|ui| {
        if ui.button("插入").clicked() {
            let unit = form.unit.clone();
            match insert_code_rows(document, form.table, unit.as_deref(), &form.code, &form.name, dictionary, year) {
                Ok((row, message)) => {
                    form.inserted = Some((row, form.table));
                    result = FormResult::Done(Box::new(message));
                }
                Err(error) => form.error = Some(error),
            }
        }
        if ui.button("取消").clicked() {
            result = FormResult::Cancel;
        }
    });
    result
}

/// A code's name: the 科目表 of the file's year (built-in or imported; the year before when the
/// year has none), else the name the budget system's workbook gave it.
fn known_name(document: &Document, dictionary: &Dictionary, code: &str, year: u16) -> Option<String> {
    dictionary.name_for_file(code, year).or_else(|| document.project.learned_name(code)).map(str::to_string)
}

/// Inserts a code row and any missing parents in code order. Returns the new row's position.
/// In a table with per-unit 小计 rows the rows go under `unit` (a 小计 row's id): each unit has
/// its own codes, and a parent is looked for there.
pub fn insert_code_rows(
    document: &mut Document,
    table: TableId,
    unit: Option<&str>,
    code: &str,
    name: &str,
    dictionary: &Dictionary,
    year: u16,
) -> Result<(usize, String), String> {
    let code = code.trim();
    let valid_length = matches!(code.len(), 3 | 5 | 7);
    if !valid_length || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("“{code}”不是有效的科目编码：应为 3、5 或 7 位数字"));
    }
    let stated = document.project.tables.get(table);
    let Some(segment) = stated.segment_of_unit(unit) else {
        return Err(match unit {
            Some(_) => "找不到要插入科目的单位小计行，请重新选中后再插入".into(),
            None => "本表按单位分列（有“……小计”行）：请先选中要插入科目的单位的小计行或其下的一行，再插入".into(),
        });
    };
    let offset = segment.rows.start;
    let already = match segment.unit.and_then(|u| stated.rows.get(u)) {
        Some(unit) => format!("科目 {code} 已在“{}”下", unit.name.trim()),
        None => format!("科目 {code} 已在表中"),
    };
    let mut ids: Vec<String> =
        stated.rows.get(segment.rows.clone()).unwrap_or_default().iter().map(|r| r.id.clone()).collect();
    if ids.iter().any(|id| id == code) {
        return Err(already);
    }
    let mut chain = vec![(code.to_string(), name.trim().to_string())];
    let mut current = code;
    while let Some(parent) = Dictionary::parent_code(current) {
        if !ids.iter().any(|id| id == parent) {
            let Some(parent_name) = known_name(document, dictionary, parent, year) else {
                return Err(format!(
                    "上级科目 {parent} 不在科目表中：请先插入上级科目，或导入 {year} 年科目表（设置 → 科目表 → 导入）"
                ));
            };
            chain.push((parent.to_string(), parent_name));
        }
        current = parent;
    }
    if chain[0].1.is_empty() {
        return Err("请填写科目名称".into());
    }
    chain.reverse();
    let mut ops = Vec::new();
    let mut position = 0;
    for (id, row_name) in chain {
        // Codes sort hierarchically as strings (201 < 20101 < 2010101 < 20102); fixed rows such
        // as 合计 stay in front.
        let index = ids
            .iter()
            .position(|existing| {
                crate::model::table::is_classification_code(existing) && existing.as_str() > id.as_str()
            })
            .unwrap_or(ids.len());
        ids.insert(index, id.clone());
        ops.push(Op::InsertRow { table, index: offset + index, row: Row::new(id, row_name) });
        position = offset + index;
    }
    let count = ops.len();
    document.apply("插入科目行", ops, None);
    Ok((
        position,
        if count > 1 {
            format!("已插入 {code} 及其上级科目（共 {count} 行）")
        } else {
            format!("已插入 {code}")
        },
    ))
}
