//! `yugong dict`: the 科目表 the user imported, and the catalog `check` and `pdf` audit with.

use std::path::Path;
use std::process::ExitCode;

use super::*;
use crate::audit::{self, Finding};
use crate::catalog::Catalog;
use crate::model::Project;

/// The catalog `check` and `pdf` audit with: the embedded one plus the 科目表 the user imported,
/// read once per process. Problems reading stored lists go to stderr once.
pub(super) fn user_catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<&'static Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        let (catalog, problems) = crate::io::dictionaries::catalog(&crate::io::settings::Store::user());
        for problem in problems {
            eprintln!("警告：{problem}");
        }
        catalog
    })
}

/// The audit of `check` and `pdf`: every rule, against the user's catalog.
pub(super) fn audit_with_user_dictionaries(project: &Project) -> Vec<Finding> {
    audit::check_with(user_catalog(), project)
}

/// `yugong dict import FILE [--year Y]`.
pub(super) fn import_dictionary(file: &Path, year: Option<u16>) -> ExitCode {
    let store = crate::io::settings::Store::user();
    match crate::io::dictionaries::import(&store, file, year) {
        Ok((list, written)) => {
            println!(
                "已导入 {} 年科目表：支出功能分类科目 {} 个，部门预算支出经济分类科目 {} 个",
                list.year,
                list.function.len(),
                list.economic.len()
            );
            if list.other_parts > 0 {
                println!("未导入：收入分类、政府预算支出经济分类等公开表不用的科目 {} 个", list.other_parts);
            }
            for problem in &list.problems {
                println!("未导入：{problem}");
            }
            for path in written {
                println!("已保存到 {}", path.display());
            }
            ExitCode::from(EXIT_OK)
        }
        Err(message) => {
            eprintln!("错误：{}：{message}", file.display());
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

/// `yugong dict list [--year Y]`.
pub(super) fn list_dictionaries(year: Option<u16>) -> ExitCode {
    let store = crate::io::settings::Store::user();
    let loaded = crate::io::dictionaries::load(&store);
    for problem in &loaded.problems {
        eprintln!("警告：{problem}");
    }
    let builtin = Catalog::get();
    match year {
        None => {
            println!(
                "内置科目表：支出功能分类科目 {} 条，部门预算支出经济分类科目 {} 条",
                builtin.function_codes.entries().len(),
                builtin.economic_codes.entries().len()
            );
            if loaded.lists.is_empty() {
                println!("没有导入的科目表（导入：yugong dict import 科目表.xlsx --year 年度）");
            }
            for list in &loaded.lists {
                println!("{} 年{}：{} 个（{}）", list.year, list.kind.label(), list.entries.len(), list.path.display());
            }
        }
        Some(year) => {
            let (catalog, _) = crate::io::dictionaries::catalog(&store);
            let imported: std::collections::HashSet<(&str, &str)> = loaded
                .lists
                .iter()
                .filter(|l| l.year == year)
                .flat_map(|l| l.entries.iter().map(|e| (e.code.as_str(), e.name.as_str())))
                .collect();
            // Thousands of lines, often piped into `head` or `grep`: a closed pipe ends the
            // listing quietly instead of panicking in `println!`.
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            for (label, dictionary) in
                [("支出功能分类科目", &catalog.function_codes), ("部门预算支出经济分类科目", &catalog.economic_codes)]
            {
                let mut codes: Vec<&str> =
                    dictionary.entries().iter().filter(|e| e.covers(year)).map(|e| e.code.as_str()).collect();
                codes.sort_unstable();
                codes.dedup();
                if writeln!(out, "{year} 年{label}：{} 个", codes.len()).is_err() {
                    return ExitCode::from(EXIT_OK);
                }
                for code in codes {
                    let name = dictionary.name(code, year).unwrap_or_default();
                    let source = if imported.contains(&(code, name)) { "导入" } else { "内置" };
                    if writeln!(out, "{code}\t{name}\t{source}").is_err() {
                        return ExitCode::from(EXIT_OK);
                    }
                }
            }
        }
    }
    ExitCode::from(EXIT_OK)
}
