//! The command line: `yugong [FILE]` starts the editor; subcommands give every feature a
//! headless path for scripts, tests and batch review.
//!
//! Exit codes: 0 — done, no errors found; 1 — errors found in a checked file; 2 — a file could
//! not be read or the command line is wrong (the Chinese reason goes to stderr).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use serde_json::{Value, json};

use crate::audit::{self, Finding, Location, Tally};
use crate::catalog::{Catalog, blank_project};
use crate::io::project_file;
use crate::io::write::{WriteOptions, refuse_output_onto_input, write_file};
use crate::model::{AdminLevel, Anchor, Entity, Meta, MoneyUnit, Project};

#[derive(Parser, Debug)]
#[command(
    name = "yugong",
    about = "预公：部门预算公开编制、审核与导出",
    long_about = "预公：部门预算公开编制、审核与导出。\n不带子命令运行时打开编辑窗口：yugong [项目文件.ron]",
    args_conflicts_with_subcommands = true,
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// 要打开的项目文件（.ron）；省略时打开最近的文件，首次运行打开内置的高阳县示例
    file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 新建空白项目（含所选模板版本的全部固定行）；--from 以上年项目为基础新建
    New {
        /// 以上年的项目文件为基础：沿用单位、模板版本、职责、机构设置、名词解释、其他事项和绩效目标表的名称与指标，年度加一，金额清空，上年数存入本项目
        #[arg(long, conflicts_with_all = ["edition", "year", "unit_code", "unit_name"])]
        from: Option<PathBuf>,
        /// 模板版本，如 hebei-2024
        #[arg(long, required_unless_present = "from")]
        edition: Option<String>,
        /// 预算年度，如 2025
        #[arg(long, required_unless_present = "from")]
        year: Option<u16>,
        /// 单位编码，如 434（可省略）
        #[arg(long, default_value = "")]
        unit_code: String,
        /// 单位名称，如 高阳县人民政府办公室
        #[arg(long, required_unless_present = "from")]
        unit_name: Option<String>,
        /// 行政级别：县、区、市、省
        #[arg(long, default_value = "县")]
        level: String,
        /// 公开主体：部门 或 单位
        #[arg(long, default_value = "部门")]
        entity: String,
        /// 输出文件
        #[arg(short, long)]
        output: PathBuf,
        /// 输出文件已存在时覆盖（原文件保留为 .bak）
        #[arg(long)]
        force: bool,
    },
    /// 审核项目文件或 Excel 工作簿，列出发现的问题（可给多个文件和文件夹，文件夹含子文件夹）；--list-rules 列出全部审核规则
    Check {
        /// 项目文件（.ron）、Excel 工作簿（.xlsx，只在内存中导入，不写文件）或文件夹
        #[arg(required_unless_present = "list_rules")]
        files: Vec<PathBuf>,
        /// 同时写出审核报告（.xlsx 或 .pdf）
        #[arg(long, value_name = "审核报告.xlsx|.pdf", conflicts_with = "list_rules")]
        report: Option<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// 列出全部审核规则（编号、严重程度、范围、说明），不检查文件
        #[arg(long, conflicts_with = "files")]
        list_rules: bool,
    },
    /// 按标准格式重写项目文件（也会把旧版本文件升级为当前版本），原文件保留为 .bak
    Fmt {
        /// 项目文件
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 只读的项目文件也重写（保持只读）
        #[arg(long)]
        force: bool,
    },
    /// 从 Excel 工作簿（预算系统导出的九张表、绩效目标表等）导入，生成项目文件并列出导入情况
    Import {
        /// Excel 工作簿（.xlsx）
        workbook: PathBuf,
        /// 输出的项目文件（.ron）
        #[arg(short, long)]
        output: PathBuf,
        /// 输出文件已存在时覆盖（原文件保留为 .bak）
        #[arg(long)]
        force: bool,
    },
    /// 把项目导出为 Excel 工作簿（每张表一个工作表，官方格式）
    ExportXlsx {
        /// 项目文件
        file: PathBuf,
        /// 输出的 Excel 工作簿（.xlsx）
        #[arg(short, long)]
        output: PathBuf,
        /// 输出文件已存在时覆盖（原文件保留为 .bak）
        #[arg(long)]
        force: bool,
    },
    /// 科目表：导入财政部门下发的《政府收支分类科目》（.xlsx 或 .csv），查看已导入的科目表
    Dict {
        #[command(subcommand)]
        action: DictCommand,
    },
    /// 写出审核报告（.pdf 或 .xlsx）：每个部门的主要数字、审核状态、问题、已说明和批注
    Report {
        /// 项目文件、Excel 工作簿或文件夹
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 审核报告（.pdf 或 .xlsx）
        #[arg(short, long)]
        output: PathBuf,
        /// 输出文件已存在时覆盖
        #[arg(long)]
        force: bool,
    },
    /// 对比两个版本的项目文件，列出每一处修改（金额、行、绩效目标、文字）；无不同时退出码 0，有不同时 1
    Diff {
        /// 旧版本（如退回的版本或 .bak）
        old: PathBuf,
        /// 新版本
        new: PathBuf,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// 按各表数字起草情况说明（收入、支出、比上年、机关运行经费、“三公”、政府采购、国有资产），写入新的项目文件；原文件不变
    Draft {
        /// 项目文件
        file: PathBuf,
        /// 上年的项目文件：比上年增减按其数字起草，并存为本项目的上年数
        #[arg(long)]
        prior: Option<PathBuf>,
        /// 只起草这些部分（可重复）：overview.income、overview.expense、overview.change、operating_costs、three_public、procurement、assets、preamble，或其中文名
        #[arg(long = "section")]
        sections: Vec<String>,
        /// 输出的项目文件（不能是原文件）
        #[arg(short, long)]
        output: PathBuf,
        /// 输出文件已存在时覆盖（原文件保留为 .bak）
        #[arg(long)]
        force: bool,
    },
    /// 导出可打印的 PDF（审核有错误时照常导出并给出警告，便于打印审阅稿）
    Pdf {
        /// 项目文件
        file: PathBuf,
        /// 输出的 PDF 文件
        #[arg(short, long)]
        output: PathBuf,
        /// 输出文件已存在时覆盖
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
enum DictCommand {
    /// 导入科目表：按表头找“科目编码”“科目名称”列（或“类”“款”“项”列），按年度保存在设置文件夹中
    Import {
        /// 科目表文件（.xlsx 或 UTF-8 编码的 .csv）
        file: PathBuf,
        /// 科目表适用的预算年度；省略时从表头或文件名中的“2025年”读取
        #[arg(long)]
        year: Option<u16>,
    },
    /// 列出已导入的科目表；指定 --year 时列出该年度可用的全部科目（内置和导入的）
    List {
        /// 预算年度
        #[arg(long)]
        year: Option<u16>,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

pub use crate::exit::{EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE};

pub fn run() -> ExitCode {
    run_with(std::env::args_os())
}

pub fn run_with<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    // The version text is built at run time: it lists the editions the catalog holds.
    let command = Cli::command().version(crate::version::short()).long_version(crate::version::long());
    let cli = match command.try_get_matches_from(&args).and_then(|matches| Cli::from_arg_matches(&matches)) {
        Ok(cli) => cli,
        Err(error) => return usage_error(error, args.get(1)),
    };
    match cli.command {
        None => match cli.file.as_deref().and_then(mistaken_subcommand) {
            Some(message) => {
                eprintln!("错误：{message}\n用法见：yugong --help");
                ExitCode::from(EXIT_UNREADABLE)
            }
            None => crate::ui::run(cli.file),
        },
        Some(Command::New { from: Some(last), output, force, .. }) => new_from_last_year(&last, &output, force),
        Some(Command::New { edition, year, unit_code, unit_name, level, entity, output, force, .. }) => {
            new_project(NewArgs {
                edition: edition.unwrap_or_default(),
                year: year.unwrap_or_default(),
                unit_code,
                unit_name: unit_name.unwrap_or_default(),
                level,
                entity,
                output,
                force,
            })
        }
        Some(Command::Check { list_rules: true, format, .. }) => list_rules(format),
        Some(Command::Check { files, format, report, .. }) => check_files(&files, format, report.as_deref(), true),
        Some(Command::Report { files, output, force }) => {
            if let Some(message) = files.iter().find_map(|input| refuse_output_onto_input(input, &output)) {
                eprintln!("错误：{message}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
            if output.exists() && !force {
                eprintln!("错误：文件“{}”已存在；如要覆盖请加 --force", output.display());
                return ExitCode::from(EXIT_UNREADABLE);
            }
            check_files(&files, OutputFormat::Text, Some(&output), false)
        }
        Some(Command::Fmt { files, force }) => format_files(&files, force),
        Some(Command::Import { workbook, output, force }) => import_workbook(&workbook, &output, force),
        Some(Command::ExportXlsx { file, output, force }) => export_workbook(&file, &output, force),
        Some(Command::Pdf { file, output, force }) => export_pdf(&file, &output, force),
        Some(Command::Diff { old, new, format }) => diff_files(&old, &new, format),
        Some(Command::Dict { action: DictCommand::Import { file, year } }) => import_dictionary(&file, year),
        Some(Command::Dict { action: DictCommand::List { year } }) => list_dictionaries(year),
        Some(Command::Draft { file, prior, sections, output, force }) => {
            draft_narrative(&file, prior.as_deref(), &sections, &output, force)
        }
    }
}

/// The catalog `check` and `pdf` audit with: the embedded one plus the 科目表 the user imported,
/// read once per process. Problems reading stored lists go to stderr once.
fn user_catalog() -> &'static Catalog {
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
fn audit_with_user_dictionaries(project: &Project) -> Vec<Finding> {
    audit::check_with(user_catalog(), project)
}

/// `yugong dict import FILE [--year Y]`.
fn import_dictionary(file: &Path, year: Option<u16>) -> ExitCode {
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
fn list_dictionaries(year: Option<u16>) -> ExitCode {
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

/// The subcommands, for messages: read from the command definition, so a new subcommand is listed
/// without anyone remembering this line.
fn subcommand_list() -> String {
    Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect::<Vec<_>>().join("、")
}

/// `yugong bogus-subcommand`: clap takes a lone unknown word as the FILE to open, and the window
/// would open on nothing. A name that is no existing file and looks like a command word (ASCII
/// letters, digits and dashes, no extension, no folder) is refused with the list of commands.
fn mistaken_subcommand(file: &Path) -> Option<String> {
    if file.exists() || file.symlink_metadata().is_ok() {
        return None;
    }
    let word = file.to_str()?;
    let looks_like_a_command = !word.is_empty()
        && word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    looks_like_a_command.then(|| {
        format!(
            "不认识的子命令“{word}”，也没有叫这个名字的文件（可用子命令：{}；打开项目文件请给出 .ron 文件名）",
            subcommand_list()
        )
    })
}

/// clap's own messages are English; users get the Chinese reason and a pointer to --help.
fn usage_error(error: clap::Error, first_argument: Option<&std::ffi::OsString>) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            return ExitCode::from(EXIT_OK);
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            return ExitCode::from(EXIT_UNREADABLE);
        }
        _ => {}
    }
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        _ => String::new(),
    };
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let message = match error.kind() {
        ErrorKind::MissingRequiredArgument => format!("缺少必填参数：{argument}"),
        ErrorKind::UnknownArgument => format!("不认识的参数：{argument}"),
        ErrorKind::InvalidSubcommand => {
            format!("不认识的子命令：{argument}（可用：{}）", subcommand_list())
        }
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("参数 {argument} 的值“{value}”无效")
            } else {
                format!("参数 {argument} 的值“{value}”无效（可选：{valid}）")
            }
        }
        ErrorKind::ValueValidation => format!("参数 {argument} 的值“{value}”无效（应为数字）"),
        // The only conflict `check` has, in either order of the arguments.
        ErrorKind::ArgumentConflict if first_argument.is_some_and(|a| a == "check") => {
            "--list-rules 列出审核规则，不能同时给出项目文件".to_string()
        }
        // `yugong chek x.ron`: clap reads "chek" as the FILE to open and then trips over the
        // second argument. The user meant a subcommand.
        ErrorKind::ArgumentConflict if argument.is_empty() || argument.contains("FILE") => format!(
            "不认识的命令“{}”（可用子命令：{}；打开文件时只能给一个文件）",
            first_argument.map(|a| a.to_string_lossy().into_owned()).unwrap_or_default(),
            subcommand_list()
        ),
        ErrorKind::ArgumentConflict => format!("参数 {argument} 与其他参数冲突"),
        ErrorKind::TooManyValues => format!("多余的参数：{value}{argument}"),
        _ => "命令行参数有误".to_string(),
    };
    eprintln!("错误：{message}\n用法见：yugong --help");
    ExitCode::from(EXIT_UNREADABLE)
}

struct NewArgs {
    edition: String,
    year: u16,
    unit_code: String,
    unit_name: String,
    level: String,
    entity: String,
    output: PathBuf,
    force: bool,
}

fn new_project(args: NewArgs) -> ExitCode {
    let fail = |message: String| {
        eprintln!("错误：{message}");
        ExitCode::from(EXIT_UNREADABLE)
    };
    let catalog = Catalog::get();
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

/// `yugong new --from LAST.ron -o NEW.ron`: next year's project from last year's file.
fn new_from_last_year(last: &Path, output: &Path, force: bool) -> ExitCode {
    let fail = |message: String| {
        eprintln!("错误：{message}");
        ExitCode::from(EXIT_UNREADABLE)
    };
    if output.exists() && !force {
        return fail(format!("文件“{}”已存在；如要覆盖请加 --force（原文件会保留为 .bak）", output.display()));
    }
    let last_project = match project_file::load(last) {
        Ok(project) => project,
        Err(error) => return fail(format!("{}：{error}", last.display())),
    };
    let Some(edition) = Catalog::get().edition(&last_project.meta.edition) else {
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

/// `yugong check --list-rules`: the audit's rule registry, one line per rule or a JSON array.
fn list_rules(format: OutputFormat) -> ExitCode {
    let severities = |rule: &audit::Rule| rule.severities.iter().map(|s| s.label()).collect::<Vec<_>>();
    match format {
        OutputFormat::Text => {
            for rule in audit::rules() {
                let note =
                    if rule.severity_note.is_empty() { String::new() } else { format!("（{}）", rule.severity_note) };
                println!("{}\t{}{note}\t{}\t{}", rule.id, severities(rule).join("/"), rule.area, rule.description);
            }
            println!("共 {} 条审核规则", audit::rules().len());
        }
        OutputFormat::Json => {
            let rules: Vec<Value> = audit::rules()
                .iter()
                .map(|rule| {
                    json!({
                        "id": rule.id,
                        "severities": rule.severities,
                        "severity_note": rule.severity_note,
                        "area": rule.area,
                        "description": rule.description,
                        "checks": rule.checks,
                    })
                })
                .collect();
            println!("{}", Value::Array(rules));
        }
    }
    ExitCode::from(EXIT_OK)
}

/// The outcome of checking one file.
enum Checked {
    /// The findings, and the file's review report entry when a report is wanted.
    Findings(Vec<Finding>, Option<Box<crate::report::Department>>),
    Unreadable(String),
    /// The audit panicked on this file: a bug, reported for this file while the others go on.
    Failed(String),
}

/// What a file gets when its audit panicked.
const AUDIT_PANICKED: &str = "审核时程序出错（内部错误），请把此文件发给开发者";

fn check_one(path: &Path, audit: fn(&Project) -> Vec<Finding>, report: bool) -> Checked {
    // A bug in reading or checking one file must not take down a batch: the panic (its message
    // still goes to stderr through the panic hook) becomes this file's error and the other files
    // are checked. Nothing outlives the closure but its result, so no half-updated state is seen.
    // Workbooks are imported in memory; only the findings (and the report's summary of the file)
    // are kept, so a batch of a thousand files holds one project per worker at a time.
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match crate::io::review::load_any(path) {
        Ok(project) => {
            let findings = audit(&project);
            let entry =
                report.then(|| Box::new(crate::report::department(&path.display().to_string(), &project, &findings)));
            Checked::Findings(findings, entry)
        }
        Err(error) => Checked::Unreadable(error),
    }));
    checked.unwrap_or_else(|_| Checked::Failed(AUDIT_PANICKED.to_string()))
}

/// Checks files on all cores; results come back in the order the files were given.
fn check_in_parallel(files: &[PathBuf], report: bool) -> Vec<Checked> {
    check_in_parallel_with(files, audit_with_user_dictionaries, report)
}

/// `check_in_parallel` with the audit to run; tests pass one that panics.
fn check_in_parallel_with(files: &[PathBuf], audit: fn(&Project) -> Vec<Finding>, report: bool) -> Vec<Checked> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len()).max(1);
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Checked>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(index) else { break };
                        done.push((index, check_one(path, audit, report)));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            // A worker only panics on a bug; surface it rather than report a partial check.
            for (index, checked) in handle.join().expect("check worker panicked") {
                results[index] = Some(checked);
            }
        }
    });
    results.into_iter().map(|r| r.expect("every file checked")).collect()
}

/// `check` (with `print`) and `report`: folders are walked for project files and workbooks;
/// with `report` the review report is written as well.
fn check_files(inputs: &[PathBuf], format: OutputFormat, report: Option<&Path>, print: bool) -> ExitCode {
    let mut files = crate::io::review::collect_inputs(inputs);
    // A report written into the folder it reviews is not one of the departments next time.
    if let Some(output) = report.and_then(|o| o.canonicalize().ok()) {
        files.retain(|f| f.canonicalize().ok().as_ref() != Some(&output));
    }
    if files.is_empty() {
        eprintln!("错误：所给的文件夹中没有项目文件（.ron）或 Excel 工作簿（.xlsx）");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let files = &files[..];
    let results = check_in_parallel(files, report.is_some());
    let mut total = Tally::default();
    let mut unreadable = 0;
    for result in &results {
        match result {
            Checked::Findings(findings, _) => total.merge(Tally::of(findings)),
            Checked::Unreadable(_) | Checked::Failed(_) => unreadable += 1,
        }
    }
    for (path, result) in files.iter().zip(&results) {
        if let Checked::Unreadable(message) | Checked::Failed(message) = result {
            eprintln!("{}：{message}", path.display());
        }
    }
    if print {
        match format {
            OutputFormat::Text => print_text_report(files, &results, total, unreadable),
            OutputFormat::Json => println!("{}", json_report(files, &results, total, unreadable)),
        }
    }
    if let Some(output) = report {
        let entries: Vec<crate::report::Entry> = files
            .iter()
            .zip(results)
            .map(|(path, result)| match result {
                Checked::Findings(_, Some(department)) => crate::report::Entry::Department(department),
                // check_one makes an entry for every file it read when a report is wanted.
                Checked::Findings(_, None) => crate::report::Entry::Unreadable {
                    source: path.display().to_string(),
                    message: AUDIT_PANICKED.to_string(),
                },
                Checked::Unreadable(message) | Checked::Failed(message) => {
                    crate::report::Entry::Unreadable { source: path.display().to_string(), message }
                }
            })
            .collect();
        match crate::io::review::write_report(&entries, output) {
            Ok(()) => {
                if print && format == OutputFormat::Json {
                    eprintln!("已写出审核报告 {}（{} 个文件）", output.display(), entries.len());
                } else {
                    println!("已写出审核报告 {}（{} 个文件）", output.display(), entries.len());
                }
            }
            Err(message) => {
                eprintln!("错误：{message}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
        }
    }
    let code = if unreadable > 0 {
        EXIT_UNREADABLE
    } else if total.errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    ExitCode::from(code)
}

fn print_text_report(files: &[PathBuf], results: &[Checked], total: Tally, unreadable: usize) {
    for (path, result) in files.iter().zip(results) {
        println!("{}", path.display());
        match result {
            Checked::Unreadable(message) => println!("  ✖ 无法读取：{message}"),
            Checked::Failed(message) => println!("  ✖ {message}"),
            Checked::Findings(findings, _) if findings.is_empty() => println!("  ✔ 未发现问题"),
            Checked::Findings(findings, _) => {
                let mut areas: Vec<String> = Vec::new();
                for finding in findings {
                    let area = finding.location.area();
                    if !areas.contains(&area) {
                        areas.push(area);
                    }
                }
                for area in areas {
                    println!("  {area}");
                    for finding in findings.iter().filter(|f| f.location.area() == area) {
                        println!("    {finding}");
                    }
                }
            }
        }
    }
    let unreadable_note = if unreadable > 0 { format!("，无法读取 {unreadable} 个") } else { String::new() };
    println!(
        "共检查 {} 个文件{unreadable_note}：错误 {}，警告 {}，提示 {}",
        files.len(),
        total.errors,
        total.warnings,
        total.infos
    );
}

/// Location fields for JSON: `table` names the table (or the part of the document), `row` and
/// `column` narrow it down; absent parts are null.
fn location_json(location: &Location) -> (Value, Value, Value) {
    let s = |v: &str| Value::String(v.to_string());
    let opt = |v: &Option<String>| v.as_deref().map_or(Value::Null, s);
    match location {
        Location::Project => (Value::Null, Value::Null, Value::Null),
        Location::Meta { field } => (s("meta"), s(field), Value::Null),
        Location::Table { table, row, column } => (s(table.key()), opt(row), opt(column)),
        Location::Narrative { section } => (s("narrative"), s(section.key()), Value::Null),
        Location::Goal { goal, indicator } => (s("goals"), json!(goal), indicator.map_or(Value::Null, |i| json!(i))),
        Location::Procurement { row, column } => (s("procurement"), row.map_or(Value::Null, |r| json!(r)), opt(column)),
        Location::Assets { line } => (s("assets"), line.map_or(Value::Null, s), Value::Null),
    }
}

/// The same fields for a stored place (a comment's, an acceptance's, a change's).
fn anchor_json(anchor: &Anchor) -> (Value, Value, Value) {
    let s = |v: &str| Value::String(v.to_string());
    let opt = |v: &Option<String>| v.as_deref().map_or(Value::Null, s);
    match anchor {
        Anchor::Project => (Value::Null, Value::Null, Value::Null),
        Anchor::Meta { field } => (s("meta"), s(field), Value::Null),
        Anchor::Table { table, row, column } => (s(table.key()), opt(row), opt(column)),
        Anchor::Narrative { section } => (s("narrative"), s(section), Value::Null),
        Anchor::Goal { goal, indicator } => (s("goals"), json!(goal), indicator.map_or(Value::Null, |i| json!(i))),
        Anchor::Procurement { row, column } => (s("procurement"), row.map_or(Value::Null, |r| json!(r)), opt(column)),
        Anchor::Assets { line } => (s("assets"), opt(line), Value::Null),
    }
}

fn finding_json(file: &Path, finding: &Finding) -> Value {
    let (table, row, column) = location_json(&finding.location);
    json!({
        "file": file.display().to_string(),
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "area": finding.location.area(),
        "table": table,
        "row": row,
        "column": column,
        "fix": finding.fix.as_ref().map(|fix| json!({
            "description": fix.description,
            "cells": fix.cells.iter().map(|c| json!({
                "table": c.table.key(),
                "row": c.row,
                "column": c.column,
                "value": c.value.map(|v| v.to_string()),
            })).collect::<Vec<_>>(),
        })),
    })
}

fn json_report(files: &[PathBuf], results: &[Checked], total: Tally, unreadable: usize) -> Value {
    let mut findings = Vec::new();
    let mut per_file = Vec::new();
    for (path, result) in files.iter().zip(results) {
        match result {
            Checked::Findings(list, _) => {
                findings.extend(list.iter().map(|f| finding_json(path, f)));
                let tally = Tally::of(list);
                per_file.push(json!({
                    "file": path.display().to_string(),
                    "readable": true,
                    "errors": tally.errors,
                    "warnings": tally.warnings,
                    "infos": tally.infos,
                }));
            }
            Checked::Unreadable(message) => per_file.push(json!({
                "file": path.display().to_string(),
                "readable": false,
                "message": message,
            })),
            // Read, but not checked: `readable` stays true so scripts can tell it from a bad file.
            Checked::Failed(message) => per_file.push(json!({
                "file": path.display().to_string(),
                "readable": true,
                "checked": false,
                "message": message,
            })),
        }
    }
    json!({
        "findings": findings,
        "errors": total.errors,
        "warnings": total.warnings,
        "infos": total.infos,
        "unreadable": unreadable,
        "files": per_file,
    })
}

fn format_files(files: &[PathBuf], force: bool) -> ExitCode {
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

fn refuse_overwrite(output: &Path) -> ExitCode {
    eprintln!("错误：文件“{}”已存在；如要覆盖请加 --force（原文件会保留为 .bak）", output.display());
    ExitCode::from(EXIT_UNREADABLE)
}

/// `yugong import BOOK.xlsx -o FILE.ron`: the report goes to stdout, so a script can keep it.
fn import_workbook(workbook: &Path, output: &Path, force: bool) -> ExitCode {
    if let Some(message) = refuse_output_onto_input(workbook, output) {
        eprintln!("错误：{message}");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    if output.exists() && !force {
        return refuse_overwrite(output);
    }
    let (project, report) = match crate::xlsx::import_workbook(workbook) {
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
fn export_workbook(file: &Path, output: &Path, force: bool) -> ExitCode {
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
    let written = crate::xlsx::export_workbook_reporting(&project).map_err(|e| e.to_string()).and_then(|exported| {
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

/// `yugong draft FILE [--prior LAST.ron] [--section NAME]... -o OUT.ron [--force]`.
fn draft_narrative(file: &Path, prior: Option<&Path>, names: &[String], output: &Path, force: bool) -> ExitCode {
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
        match project_file::load(prior) {
            Ok(last) => project.prior_year = Some(crate::model::PriorYear::from_project(&last)),
            Err(error) => return fail(format!("{}：{error}", prior.display())),
        }
    }
    let Some(edition) = crate::catalog::Catalog::get().edition(&project.meta.edition) else {
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

fn export_pdf(file: &Path, output: &Path, force: bool) -> ExitCode {
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
    match crate::io::exports::export_pdf(&project, output, force) {
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

/// `yugong diff OLD NEW`: exit 0 when the versions are the same, 1 when they differ (like
/// diff(1)), 2 when one cannot be read.
fn diff_files(old: &Path, new: &Path, format: OutputFormat) -> ExitCode {
    let load = |path: &Path| project_file::load(path).map_err(|error| format!("{}：{error}", path.display()));
    let (old_project, new_project) = match (load(old), load(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(message), _) | (_, Err(message)) => {
            eprintln!("错误：{message}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let changes = crate::diff::compare(&old_project, &new_project);
    match format {
        OutputFormat::Text => {
            for change in &changes {
                let detail = match (&change.old, &change.new) {
                    _ if !change.text.is_empty() => crate::diff::render_text_diff(&change.text),
                    (Some(a), Some(b)) => format!("“{a}” → “{b}”"),
                    (None, Some(b)) => format!("“{b}”"),
                    (Some(a), None) => format!("原为“{a}”"),
                    (None, None) => String::new(),
                };
                println!("{}  {}：{detail}", change.kind.label(), change.what);
            }
            println!("{}", crate::diff::summary(&changes));
        }
        OutputFormat::Json => {
            let list: Vec<Value> = changes
                .iter()
                .map(|change| {
                    let (table, row, column) = anchor_json(&change.place);
                    json!({
                        "kind": change.kind,
                        "what": change.what,
                        "table": table,
                        "row": row,
                        "column": column,
                        "old": change.old,
                        "new": change.new,
                        "text": change.text,
                    })
                })
                .collect();
            let report = json!({
                "old": old.display().to_string(),
                "new": new.display().to_string(),
                "count": changes.len(),
                "changes": list,
            });
            println!("{report}");
        }
    }
    ExitCode::from(if changes.is_empty() { EXIT_OK } else { EXIT_FINDINGS })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No project makes the real audit panic any more (issue 12 was the last known case), so the
    /// catch is tested with an audit that panics on one project, as a buggy rule would.
    fn audit_that_panics_on_laiyuan(project: &Project) -> Vec<Finding> {
        assert!(!project.meta.unit_name.contains("涞源"), "a rule's bug");
        audit::check(project)
    }

    #[test]
    fn a_panicking_audit_fails_only_its_own_file() {
        let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples");
        let files: Vec<PathBuf> = ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"]
            .iter()
            .map(|n| samples.join(format!("{n}.ron")))
            .collect();
        let results = check_in_parallel_with(&files, audit_that_panics_on_laiyuan, false);
        assert!(matches!(&results[0], Checked::Findings(..)));
        assert!(matches!(&results[1], Checked::Failed(message) if message == AUDIT_PANICKED));
        assert!(matches!(&results[2], Checked::Findings(f, _) if !f.is_empty()));
        let report = json_report(&files, &results, Tally::default(), 1);
        assert_eq!(report["files"][1]["checked"], false);
        assert_eq!(report["files"][2]["readable"], true);
    }
}
