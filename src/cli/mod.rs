//! The command line: `yugong [FILE]` starts the editor; subcommands give every feature a
//! headless path for scripts, tests and batch review.
//!
//! Exit codes: 0 — done, no errors found; 1 — errors found in a checked file; 2 — a file could
//! not be read or the command line is wrong (the Chinese reason goes to stderr).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::io::write::refuse_output_onto_input;

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
    /// 以审阅模式打开：金额和文字锁定，只能添加批注、说明问题和更改审核状态
    #[arg(long)]
    review: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 新建空白项目（含所选模板版本的全部固定行）；--from 以上年项目为基础新建
    New {
        /// 以上年的项目文件（.ron）或上年预算系统导出的工作簿（.xlsx）为基础：沿用单位、模板版本、职责、机构设置、名词解释、其他事项和绩效目标表的名称与指标，年度加一，金额清空，上年数存入本项目
        #[arg(long, conflicts_with_all = ["edition", "year", "unit_code", "unit_name"])]
        from: Option<PathBuf>,
        /// 模板版本，如 hebei-2024；设置文件夹 editions/ 中的版本文件（.ron）也可用
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
        /// 上年的项目文件（.ron）或上年预算系统导出的工作簿（.xlsx）：比上年增减按其数字起草，并存为本项目的上年数
        #[arg(long)]
        prior: Option<PathBuf>,
        /// 只起草这些部分（可重复）：overview.income、overview.expense、overview.change、operating_costs、three_public、procurement、assets、preamble，或其中文名
        #[arg(long = "section")]
        sections: Vec<String>,
        /// 不起草：把现有说明中与表中数相等的金额绑定到其来源（以后随表更新），与表不一致的列出
        #[arg(long, conflicts_with_all = ["prior", "sections"])]
        bind: bool,
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

mod check;
mod dict;
mod files;

use check::*;
use dict::*;
use files::*;

pub fn run() -> ExitCode {
    run_with(std::env::args_os())
}

pub fn run_with<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    quiet_expected_panics();
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
            None => crate::ui::run(cli.file, cli.review),
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
        Some(Command::Draft { file, prior, sections, output, force, bind }) => {
            if bind {
                bind_narrative(&file, &output, force)
            } else {
                draft_narrative(&file, prior.as_deref(), &sections, &output, force)
            }
        }
    }
}

/// A panic the Excel reader catches (calamine's overflow on forged cell references) is reported as
/// the workbook's Chinese refusal; the default hook would first print calamine's English panic
/// text to stderr. Every other panic is a bug and keeps the default report.
fn quiet_expected_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // `yugong diff A B | head`: the reader has stopped reading. The output goes through
            // `println!`, which panics on a closed pipe; end quietly as a Unix tool does there
            // (128 + SIGPIPE), not with a backtrace.
            let message = info
                .payload()
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| info.payload().downcast_ref::<&str>().copied())
                .unwrap_or_default();
            if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
                std::process::exit(EXIT_CLOSED_OUTPUT);
            }
            if !yugong_xlsx::panic_is_expected() {
                default(info);
            }
        }));
    });
}

/// The exit code when the program that read the output stopped reading (as a process killed by
/// SIGPIPE reports itself to the shell).
const EXIT_CLOSED_OUTPUT: i32 = 141;

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
