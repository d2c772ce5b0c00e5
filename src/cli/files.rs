//! The commands that write a file: new, fmt, import, export-xlsx, draft, pdf.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::*;
use crate::audit::Tally;
use crate::catalog::blank_project;
use crate::io::project_file;
use crate::io::write::{WriteOptions, refuse_output_onto_input, write_file};
use crate::model::{AdminLevel, Entity, Meta, MoneyUnit, Project};

pub(super) struct NewArgs {
    pub(super) edition: String,
    pub(super) year: u16,
    pub(super) unit_code: String,
    pub(super) unit_name: String,
    pub(super) level: String,
    pub(super) entity: String,
    pub(super) output: PathBuf,
    pub(super) force: bool,
}

pub(super) fn new_project(args: NewArgs) -> ExitCode {
    let fail = |message: String| {
        eprintln!("错误：{message}");
        ExitCode::from(EXIT_UNREADABLE)
    };
    let catalog = super::dict::user_catalog();
    let Some(edition) = catalog.edition(&args.edition) else {
        return fail(format!("没有模板版本“{}”（可选：{}）", args.edition, catalog.edition_ids().join("、")));
    };
    if !(2000..=2100).contains(&args.year) {
        return fail(format!("预算年度 {} 无效，应在 2000–2100 之间", args.year));
    }
    let unit_name = args.unit_name.trim().to_string();
    if unit_name.is_empty() {
        return fail("单位名称不能为空".into());
    }
    let unit_code = args.unit_code.trim().to_string();
    if !unit_code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return fail(format!("单位编码“{unit_code}”只能包含数字和字母"));
    }
    let Some(level) = AdminLevel::from_word(args.level.trim()) else {
        return fail(format!("行政级别“{}”无效（可选：县、区、市、省）", args.level));
    };
    let entity = match args.entity.trim() {
        "部门" => Entity::Department,
        "单位" => Entity::Unit,
        other => return fail(format!("公开主体“{other}”无效（可选：部门、单位）")),
    };
    if args.output.exists() && !args.force {
        return fail(format!("文件“{}”已存在；如要覆盖请加 --force（原文件会保留为 .bak）", args.output.display()));
    }
    let meta = Meta {
        unit_code,
        unit_name,
        budget_year: args.year,
        edition: edition.id.clone(),
        money_unit: MoneyUnit::Wan,
        level,
        entity,
    };
    let project = blank_project(edition, meta);
    if let Err(error) = project_file::save_with(&project, &args.output, args.force) {
        return fail(error.to_string());
    }
    println!("已新建 {}（{}，{} 年度）", args.output.display(), edition.name, args.year);
    ExitCode::from(EXIT_OK)
}

/// `yugong new --from LAST.ron|LAST.xlsx -o NEW.ron`: next year's project from last year's file or
/// last year's budget-system workbook.
pub(super) fn new_from_last_year(last: &Path, output: &Path, force: bool) -> ExitCode {
    let fail = |message: String| {
        eprintln!("错误：{message}");
        ExitCode::from(EXIT_UNREADABLE)
    };
    if output.exists() && !force {
        return fail(format!("文件“{}”已存在；如要覆盖请加 --force（原文件会保留为 .bak）", output.display()));
    }
    let catalog = super::dict::user_catalog();
    let last_project = match crate::io::last_year::load(catalog, last) {
        Ok(project) => project,
        Err(error) => return fail(error),
    };
    let Some(edition) = catalog.edition(&last_project.meta.edition) else {
        return fail(format!("{}：模板版本“{}”未知", last.display(), last_project.meta.edition));
    };
    let project = crate::catalog::next_year_project(edition, &last_project);
    if let Err(error) = project_file::save(&project, output) {
        return fail(error.to_string());
    }
    println!(
        "已新建 {}（{}，{} 年度，以 {} 年项目为基础；上年数已存入，金额待填）",
        output.display(),
        edition.name,
        project.meta.budget_year,
        last_project.meta.budget_year
    );
    ExitCode::from(EXIT_OK)
}

pub(super) fn format_files(files: &[PathBuf], force: bool) -> ExitCode {
    let mut code = EXIT_OK;
    for path in files {
        let result = project_file::load(path).map_err(|e| e.to_string()).and_then(|project: Project| {
            let text = project_file::to_string(&project);
            let unchanged = std::fs::read(path).is_ok_and(|old| old == text.as_bytes());
            if unchanged {
                return Ok(false);
            }
            project_file::save_with(&project, path, force).map(|_| true).map_err(|e| e.to_string())
        });
        match result {
            Ok(true) => println!("{}：已重写为标准格式（原文件保留为 .bak）", path.display()),
            Ok(false) => println!("{}：已是标准格式", path.display()),
            Err(message) => {
                eprintln!("{}：{message}", path.display());
                code = EXIT_UNREADABLE;
            }
        }
    }
    ExitCode::from(code)
}

pub(super) fn refuse_overwrite(output: &Path) -> ExitCode {
    eprintln!("错误：文件“{}”已存在；如要覆盖请加 --force（原文件会保留为 .bak）", output.display());
    ExitCode::from(EXIT_UNREADABLE)
}

/// `yugong import BOOK.xlsx -o FILE.ron`: the report goes to stdout, so a script can keep it.
pub(super) fn import_workbook(workbook: &Path, output: &Path, force: bool) -> ExitCode {
    if let Some(message) = refuse_output_onto_input(workbook, output) {
        eprintln!("错误：{message}");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if output.exists() && !force {
        return refuse_overwrite(output);
    }
    let (project, report) = match crate::xlsx::import_workbook_with(super::dict::user_catalog(), workbook) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("{}：{error}", workbook.display());
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    println!("{report}");
    if let Err(error) = project_file::save_with(&project, output, force) {
        eprintln!("错误：{error}");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    println!("已导入到 {}", output.display());
    ExitCode::from(EXIT_OK)
}

/// `yugong export-xlsx FILE -o BOOK.xlsx`.
pub(super) fn export_workbook(file: &Path, output: &Path, force: bool) -> ExitCode {
    if let Some(message) = refuse_output_onto_input(file, output) {
        eprintln!("错误：{message}");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if output.exists() && !force {
        return refuse_overwrite(output);
    }
    let project = match project_file::load(file) {
        Ok(project) => project,
        Err(error) => {
            eprintln!("{}：{error}", file.display());
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let written = crate::xlsx::export_workbook_with(super::dict::user_catalog(), &project)
        .map_err(|e| e.to_string())
        .and_then(|exported| {
            let options = WriteOptions { keep_backup: true, overwrite_read_only: force };
            write_file(output, &exported.bytes, options).map(|()| exported.warnings).map_err(|e| e.to_string())
        });
    match written {
        Ok(warnings) => {
            for warning in warnings {
                eprintln!("警告：{warning}");
            }
            println!("已导出 {}", output.display());
            ExitCode::from(EXIT_OK)
        }
        Err(message) => {
            eprintln!("错误：无法写入“{}”：{message}", output.display());
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

/// `yugong draft FILE [--prior LAST.ron|LAST.xlsx] [--section NAME]... -o OUT.ron [--force]`.
pub(super) fn draft_narrative(
    file: &Path,
    prior: Option<&Path>,
    names: &[String],
    output: &Path,
    force: bool,
) -> ExitCode {
    use crate::narrative::draft::{self, DRAFTED_SECTIONS};
    let fail = |message: String| {
        eprintln!("错误：{message}");
        ExitCode::from(EXIT_UNREADABLE)
    };
    let same_file = output == file
        || matches!((std::fs::canonicalize(output), std::fs::canonicalize(file)), (Ok(a), Ok(b)) if a == b);
    if same_file {
        return fail(format!("输出文件“{}”就是原文件；起草不改动原文件，请用 -o 另给一个文件名", output.display()));
    }
    if output.exists() && !force {
        return refuse_overwrite(output);
    }
    let mut sections = Vec::new();
    for name in names {
        let found = DRAFTED_SECTIONS.iter().find(|s| s.key() == name.as_str() || s.heading() == name.as_str());
        match found {
            Some(section) => sections.push(*section),
            None => {
                let known: Vec<&str> = DRAFTED_SECTIONS.iter().map(|s| s.key()).collect();
                return fail(format!("没有可起草的部分“{name}”；可用：{}", known.join("、")));
            }
        }
    }
    let mut project = match project_file::load(file) {
        Ok(project) => project,
        Err(error) => return fail(format!("{}：{error}", file.display())),
    };
    if let Some(prior) = prior {
        match crate::io::last_year::load(super::dict::user_catalog(), prior) {
            Ok(last) => project.prior_year = Some(crate::model::PriorYear::from_project(&last)),
            Err(error) => return fail(error),
        }
    }
    let Some(edition) = super::dict::user_catalog().edition(&project.meta.edition) else {
        return fail(format!("{}：模板版本“{}”未知，无法起草", file.display(), project.meta.edition));
    };
    let drafted: Vec<_> = draft::draft_all(&project, edition)
        .into_iter()
        .filter(|d| sections.is_empty() || sections.contains(&d.section))
        .collect();
    draft::apply(&mut project, &drafted);
    let slots: usize = drafted.iter().map(|d| draft::slots(&d.text).len()).sum();
    if let Err(error) = project_file::save(&project, output) {
        return fail(error.to_string());
    }
    let names: Vec<&str> = drafted.iter().map(|d| d.section.heading()).collect();
    println!("已起草 {}，写入 {}", names.join("、"), output.display());
    if slots > 0 {
        println!("还有 {slots} 处“【请填写…】”待填写（表中没有的内容，如增减原因）；yugong check 列出位置");
    }
    ExitCode::from(EXIT_OK)
}

/// `yugong draft FILE --bind -o OUT.ron [--force]`: binds every figure of the narrative that
/// equals its table value; nothing else in the text changes.
pub(super) fn bind_narrative(file: &Path, output: &Path, force: bool) -> ExitCode {
    use crate::narrative::bound;
    let fail = |message: String| {
        eprintln!("错误：{message}");
        ExitCode::from(EXIT_UNREADABLE)
    };
    if let Some(message) = refuse_output_onto_input(file, output) {
        return fail(message);
    }
    if output.exists() && !force {
        return refuse_overwrite(output);
    }
    let mut project = match project_file::load(file) {
        Ok(project) => project,
        Err(error) => return fail(format!("{}：{error}", file.display())),
    };
    let differing = bound::plan(&project).differing;
    let count = bound::bind_narrative(&mut project);
    let refreshed = bound::refresh(&mut project);
    if let Err(error) = project_file::save(&project, output) {
        return fail(error.to_string());
    }
    println!("已绑定 {count} 个与表中数相等的金额，写入 {}（说明文字不变，绑定的金额以后随表更新）", output.display());
    if refreshed > 0 {
        println!("已把 {refreshed} 个已绑定金额所存的数值更新为表中当前数");
    }
    if !differing.is_empty() {
        println!("{} 个金额与表中数不一致，未绑定（在编辑器“绑定数字”中可一键替换并绑定）：", differing.len());
        for (section, d) in &differing {
            println!("  {}：“{}”，表中为 {}", section.heading(), d.phrase, d.replacement());
        }
    }
    ExitCode::from(EXIT_OK)
}

pub(super) fn export_pdf(file: &Path, output: &Path, force: bool) -> ExitCode {
    let fail = |message: String| {
        eprintln!("错误：{message}");
        ExitCode::from(EXIT_UNREADABLE)
    };
    if let Some(message) = refuse_output_onto_input(file, output) {
        return fail(message);
    }
    if output.exists() && !force {
        return fail(format!("文件“{}”已存在；如要覆盖请加 --force", output.display()));
    }
    let project = match project_file::load(file) {
        Ok(project) => project,
        Err(error) => return fail(format!("{}：{error}", file.display())),
    };
    // Drafts are printed for review: audit errors do not stop the export, they are announced.
    let findings = audit_with_user_dictionaries(&project);
    let tally = Tally::of(&findings);
    if tally.errors > 0 {
        eprintln!("警告：审核发现 {} 个错误（yugong check 查看详情）；PDF 照常导出，按文件所列数字印出", tally.errors);
    }
    let slots = findings.iter().filter(|f| f.rule == "NARR-SLOT").count();
    if slots > 0 {
        eprintln!(
            "警告：情况说明中还有 {slots} 处“【请填写…】”待填写，PDF 中照原样印出；请先填写（yugong check 列出位置）"
        );
    }
    match crate::io::exports::export_pdf(super::dict::user_catalog(), &project, output, force) {
        Ok(exported) => {
            if exported.missing_glyphs > 0 {
                eprintln!("警告：有 {} 个字符内置字体中没有，已印为“〓”", exported.missing_glyphs);
            }
            println!("已导出 {}（{} 页，{} 字节）", output.display(), exported.pages, exported.bytes.len());
            ExitCode::from(EXIT_OK)
        }
        Err(message) => fail(message),
    }
}
