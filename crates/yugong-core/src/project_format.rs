//! Project files: RON with a format name and version at the top.
//!
//! ```text
//! // 预公（yugong）部门预算公开项目文件。…
//! (
//!     format: "yugong-project",
//!     version: 1,
//!     project: ( meta: (…), tables: (…), … ),
//! )
//! ```
//!
//! Pure text in and out: [`parse`] turns a file's bytes into a [`Project`] or a [`LoadError`],
//! [`to_string`] gives the canonical text. Parsing never panics: every way a file can be wrong ends
//! in a [`LoadError`] with a Chinese message and, for syntax and type errors, the line and column.
//! Reading and writing files (size limit, atomic save, `.bak`) is the binary's `io::project_file`;
//! the I/O error variants live here so that one type carries every reason a file cannot be opened.

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::path::PathBuf;

use ron::error::{Error as RonError, SpannedError};
use serde::{Deserialize, Serialize};

use crate::model::Project;

/// The format name written at the top of every project file.
pub const FORMAT_NAME: &str = "yugong-project";
/// The newest format version this program reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;

/// Which program wrote the file, recorded in it as `written_by` (the workspace shares one version,
/// so the core's package version is the application's). It is information for people and for the
/// message when a newer yugong's file does not load here; loading never depends on it.
pub const WRITER: &str = concat!("yugong ", env!("CARGO_PKG_VERSION"));
/// Larger files are refused before they are read: a real project is well under 1 MB (a
/// 20,000-row synthetic one is about 3 MB), so 50 MB means the wrong file.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Nesting deeper than this is refused. Project files nest about 8 levels; the limit only has
/// to stop hostile input (200,000 brackets) from exhausting the stack.
const RECURSION_LIMIT: usize = 64;

const FILE_COMMENT: &str =
    "// 预公（yugong）部门预算公开项目文件。金额单位：万元。请用预公打开编辑；手工修改请保持格式。\n";

/// Why a file could not be opened as a project. `Display` gives the Chinese message users see.
#[derive(Debug)]
pub enum LoadError {
    Io {
        path: PathBuf,
        error: io::Error,
    },
    /// Something other than a regular file: `kind` names it (文件夹, 管道（FIFO）, 设备文件 …).
    NotAFile {
        path: PathBuf,
        kind: &'static str,
    },
    TooLarge {
        bytes: u64,
    },
    Empty,
    OnlyComments,
    NotText {
        byte_offset: usize,
        hint: &'static str,
    },
    /// A RON syntax or type error at a position (1-based line and column).
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    NotAProject {
        reason: String,
    },
    FutureVersion {
        found: u32,
        /// The file's `written_by`, when it states one.
        written_by: String,
    },
    /// A text (string literal) longer than [`MAX_TEXT_CHARS`], at its opening quote.
    TextTooLong {
        line: usize,
        column: usize,
        chars: usize,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => {
                write!(f, "无法读取文件“{}”：{}", path.display(), describe_io_error(error))
            }
            LoadError::NotAFile { path, kind } => {
                write!(f, "“{}”是{kind}，不是文件；请选择一个预公项目文件（.ron）", path.display())
            }
            LoadError::TooLarge { bytes } => write!(
                f,
                "文件过大（{:.1} MB，上限 {} MB），不是预公项目文件或已损坏",
                *bytes as f64 / 1024.0 / 1024.0,
                MAX_FILE_BYTES / 1024 / 1024
            ),
            LoadError::Empty => f.write_str("文件是空的，没有任何内容（可能保存时中断）"),
            LoadError::OnlyComments => f.write_str("文件只有开头的注释，没有项目内容（可能保存时中断）"),
            LoadError::NotText { byte_offset, hint } => {
                write!(
                    f,
                    "文件不是文本格式（第 {} 字节处不是有效的 UTF-8 文字），不是预公项目文件或已损坏",
                    byte_offset + 1
                )?;
                if !hint.is_empty() {
                    write!(f, "；{hint}")?;
                }
                Ok(())
            }
            LoadError::Syntax { line, column, message } => {
                write!(f, "项目文件格式错误（第 {line} 行第 {column} 列）：{message}")
            }
            LoadError::NotAProject { reason } => write!(f, "不是预公项目文件：{reason}"),
            LoadError::TextTooLong { line, column, chars } => write!(
                f,
                "第 {line} 行第 {column} 列的文字有 {chars} 个字，超过一段文字的上限 {MAX_TEXT_CHARS} 个字，不像是预公保存的文件，可能已损坏；请用备份（.bak）或重新导入"
            ),
            LoadError::FutureVersion { found, written_by } => {
                let writer =
                    if written_by.is_empty() { String::new() } else { format!("（{}）", shorten(written_by)) };
                write!(
                    f,
                    "此文件由更新版本的预公{writer}保存（文件格式版本 {found}），当前程序（{WRITER}）只能打开版本 {FORMAT_VERSION} 及以前的文件，请升级预公后再打开"
                )
            }
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// Line and column when the error has a position.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::Syntax { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

pub fn describe_io_error(error: &io::Error) -> String {
    use io::ErrorKind as Kind;
    let gist = match error.kind() {
        Kind::NotFound => "文件不存在，请检查文件名和所在文件夹",
        Kind::PermissionDenied => "没有访问权限，请检查文件和文件夹的权限，或换一个位置",
        Kind::IsADirectory => "这是一个文件夹，不是文件；请选择一个文件",
        Kind::NotADirectory => "路径中有一段不是文件夹，请检查路径",
        Kind::ReadOnlyFilesystem => "所在的磁盘是只读的（如光盘或只读挂载的 U 盘），请换一个可写的位置",
        Kind::StorageFull | Kind::QuotaExceeded => "磁盘空间已满，请清理磁盘或换一个位置后重试",
        Kind::FileTooLarge => "文件超过了磁盘允许的大小，请换一个位置",
        Kind::AlreadyExists => "文件已存在",
        Kind::InvalidFilename => "文件名无效（过长或含有不允许的字符），请换一个文件名",
        Kind::CrossesDevices => "不能跨磁盘移动文件，请换一个位置",
        Kind::Interrupted | Kind::TimedOut | Kind::WouldBlock => "读写被中断，请重试",
        Kind::InvalidData | Kind::UnexpectedEof => "文件内容已损坏或不完整",
        Kind::ResourceBusy | Kind::ExecutableFileBusy => "文件正被其他程序使用，请关闭后重试",
        Kind::OutOfMemory => "内存不足，请关闭其他程序后重试",
        // Only here the system's own words follow, for whoever helps the user: the kinds above
        // say all they say.
        _ => return format!("系统读写出错，请检查磁盘后重试（{error}）"),
    };
    gist.to_string()
}

/// The first two fields, read on their own so that a file from a newer version is refused by
/// its version number instead of by whatever new field it has.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
    #[serde(default)]
    written_by: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    version: u32,
    /// Files written before yugong recorded its version have none.
    #[allow(dead_code)]
    #[serde(default)]
    written_by: String,
    project: Project,
}

#[derive(Serialize)]
struct FileRef<'a> {
    format: &'static str,
    version: u32,
    written_by: &'static str,
    project: &'a Project,
}

/// The longest text a project file may hold in one string: the longest section of a real
/// narrative has a few thousand characters. A file under the 50 MB limit could hold one text of
/// 16 M characters, which every later step (the audit, the PDF layout, the window) would have to
/// carry; such a file is refused when it is read (issue 12).
pub const MAX_TEXT_CHARS: usize = 1_000_000;

/// The first string literal of the RON `text` longer than `limit` chars: (line, column, chars).
/// A small lexer: `"…"` with escapes, raw strings `r#"…"#`, char literals, line and (nested)
/// block comments, so a quote inside a comment is not taken for a string.
fn longest_text_over(text: &str, limit: usize) -> Option<(usize, usize, usize)> {
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    let mut previous = ' ';
    // Advances over one char, keeping the position.
    macro_rules! next {
        () => {{
            let c = chars.next();
            if c == Some('\n') {
                line += 1;
                column = 1;
            } else if c.is_some() {
                column += 1;
            }
            c
        }};
    }
    while let Some(c) = next!() {
        let (start_line, start_column) = (line, column - 1);
        match c {
            '/' if chars.peek() == Some(&'/') => while next!().is_some_and(|c| c != '\n') {},
            '/' if chars.peek() == Some(&'*') => {
                next!();
                let mut depth = 1;
                let mut last = ' ';
                while depth > 0 {
                    let Some(c) = next!() else { break };
                    if last == '/' && c == '*' {
                        depth += 1;
                        last = ' ';
                    } else if last == '*' && c == '/' {
                        depth -= 1;
                        last = ' ';
                    } else {
                        last = c;
                    }
                }
            }
            '"' => {
                let mut count = 0usize;
                while let Some(c) = next!() {
                    match c {
                        '\\' => {
                            next!();
                        }
                        '"' => break,
                        _ => {}
                    }
                    count += 1;
                    if count > limit {
                        return Some((
                            start_line,
                            start_column,
                            count + chars.clone().take_while(|&c| c != '"').count(),
                        ));
                    }
                }
            }
            '\'' => {
                while let Some(c) = next!() {
                    match c {
                        '\\' => {
                            next!();
                        }
                        '\'' | '\n' => break,
                        _ => {}
                    }
                }
            }
            'r' if !(previous.is_alphanumeric() || previous == '_') && matches!(chars.peek(), Some('#' | '"')) => {
                let mut hashes = 0;
                while chars.peek() == Some(&'#') {
                    next!();
                    hashes += 1;
                }
                if chars.peek() == Some(&'"') {
                    next!();
                    let mut count = 0usize;
                    let mut closing: Option<usize> = None;
                    while let Some(c) = next!() {
                        closing = match (c, closing) {
                            ('"', _) if hashes == 0 => break,
                            ('"', _) => Some(0),
                            ('#', Some(k)) if k + 1 == hashes => break,
                            ('#', Some(k)) => Some(k + 1),
                            _ => None,
                        };
                        count += 1;
                        if count > limit {
                            return Some((start_line, start_column, count));
                        }
                    }
                }
            }
            _ => {}
        }
        previous = c;
    }
    None
}

/// Parses project file content.
pub fn parse(bytes: &[u8]) -> Result<Project, LoadError> {
    let text = decode(bytes)?;
    // Files saved on old Macs end lines with a lone CR; RON would read the whole file as one
    // comment line.
    let text: Cow<'_, str> =
        if text.contains('\r') && !text.contains('\n') { text.replace('\r', "\n").into() } else { text };
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    if text.lines().all(|line| line.trim().is_empty() || line.trim_start().starts_with("//")) {
        return Err(LoadError::OnlyComments);
    }
    if let Some((line, column, chars)) = longest_text_over(&text, MAX_TEXT_CHARS) {
        return Err(LoadError::TextTooLong { line, column, chars });
    }
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    // One full parse on the normal path. Only when it fails is the header read on its own, to
    // tell "a newer version" and "not a project at all" apart from a damaged project.
    match options.from_str::<FileV1>(&text) {
        Ok(file) => {
            check_header(&file.format, file.version, "")?;
            Ok(file.project)
        }
        Err(error) => match options.from_str::<Header>(&text) {
            Ok(header) => {
                check_header(&header.format, header.version, &header.written_by)?;
                Err(with_newer_writer_hint(syntax_error(error, &text), &header.written_by))
            }
            Err(header_error) => Err(classify_header_error(header_error, error, &text)),
        },
    }
}

/// UTF-8 text without a BOM, or why the bytes are not that.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, LoadError> {
    let looks_utf16 = looks_like_utf16(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // The file ends in the middle of a multi-byte character: it was cut off, not binary.
        Err(error) if error.error_len().is_none() && !looks_utf16 => {
            let valid = std::str::from_utf8(bytes.get(..error.valid_up_to()).unwrap_or_default()).unwrap_or_default();
            let (line, column) = end_position(valid);
            return Err(LoadError::Syntax { line, column, message: describe_ron_error(&RonError::Eof) });
        }
        Err(error) => {
            return Err(LoadError::NotText {
                byte_offset: error.valid_up_to(),
                hint: encoding_hint(bytes, looks_utf16),
            });
        }
    };
    if let Some(offset) = text.find('\0') {
        return Err(LoadError::NotText { byte_offset: offset, hint: encoding_hint(bytes, looks_utf16) });
    }
    Ok(Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text)))
}

/// UTF-16 text has a byte-order mark, or a zero byte in every other position for ASCII text.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = bytes.get(..256).unwrap_or(bytes);
    let zeros_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    head.len() >= 8 && (zeros_at(0) * 2 >= head.len() / 2 || zeros_at(1) * 2 >= head.len() / 2)
}

/// A hint for text saved in another encoding (Windows Notepad's “Unicode” is UTF-16; older
/// Chinese Windows saves GBK).
fn encoding_hint(bytes: &[u8], looks_utf16: bool) -> &'static str {
    if looks_utf16 {
        return "看起来是 UTF-16 编码的文本，请另存为 UTF-8 编码";
    }
    let control = bytes.iter().any(|b| *b < 0x09 || (0x0E..0x20).contains(b));
    let high = bytes.iter().any(|b| *b >= 0x81);
    if high && !control { "可能是 GBK 等其他编码的文本，请另存为 UTF-8 编码" } else { "" }
}

fn check_header(format: &str, version: u32, written_by: &str) -> Result<(), LoadError> {
    if format != FORMAT_NAME {
        return Err(LoadError::NotAProject {
            reason: format!("format 字段为“{}”，应为“{FORMAT_NAME}”", shorten(format)),
        });
    }
    if version > FORMAT_VERSION {
        return Err(LoadError::FutureVersion { found: version, written_by: written_by.to_string() });
    }
    if version == 0 {
        return Err(LoadError::NotAProject { reason: "文件格式版本为 0，不存在这个版本".into() });
    }
    Ok(())
}

/// A file a newer yugong wrote may use what this one does not know yet (a new field within the same
/// format version): say so, since "unknown field" alone reads like damage.
fn with_newer_writer_hint(error: LoadError, written_by: &str) -> LoadError {
    match error {
        LoadError::Syntax { line, column, message } if is_newer_writer(written_by) => LoadError::Syntax {
            line,
            column,
            message: format!(
                "{message}（此文件由 {} 保存，比当前的 {WRITER} 新，请升级预公后再打开）",
                shorten(written_by)
            ),
        },
        other => other,
    }
}

/// `written_by` names yugong at a version above this program's (numeric, part by part).
fn is_newer_writer(written_by: &str) -> bool {
    fn parts(version: &str) -> Vec<u64> {
        version.split(['.', '-', '+']).map_while(|p| p.parse().ok()).collect()
    }
    match written_by.strip_prefix("yugong ") {
        Some(version) => parts(version) > parts(env!("CARGO_PKG_VERSION")),
        None => false,
    }
}

/// When not even the header reads: a missing `format` or a top level that is not our struct
/// means "not our file"; anything else is damage, reported where the full parse found it.
fn classify_header_error(header_error: SpannedError, full_error: SpannedError, text: &str) -> LoadError {
    match &header_error.code {
        RonError::MissingStructField { field, .. } if *field == "format" || *field == "version" => {
            LoadError::NotAProject { reason: format!("开头缺少 {field} 字段") }
        }
        RonError::ExpectedStructLike
        | RonError::ExpectedNamedStructLike(_)
        | RonError::ExpectedDifferentStructName { .. }
            if header_error.span.start.line <= first_content_line(text) =>
        {
            LoadError::NotAProject { reason: "文件内容不是预公项目的结构".into() }
        }
        _ => syntax_error(full_error, text),
    }
}

/// The 1-based line of the first line that is neither blank nor a `//` comment.
fn first_content_line(text: &str) -> usize {
    text.lines().position(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//")).map_or(1, |i| i + 1)
}

fn syntax_error(error: SpannedError, text: &str) -> LoadError {
    let (start, end) = (&error.span.start, &error.span.end);
    // A file cut off makes RON complain about the last, partial token ("unknown field `e`" for a
    // cut "edition") or about the token it expected next ("expected comma"). When the offending
    // span reaches the end of the content, the truth is that the file is cut off, and the place
    // to show is its end. Exceptions: errors a complete file can raise at its final `)`, and
    // unclosed comments and strings, whose own message points at where they start.
    let keeps_own_message = matches!(
        error.code,
        RonError::TrailingCharacters
            | RonError::MissingStructField { .. }
            | RonError::DuplicateStructField { .. }
            | RonError::UnclosedBlockComment
            | RonError::ExpectedStringEnd
    );
    let content_end = end_position(text.trim_end());
    if !keeps_own_message && (end.line, end.col) >= content_end {
        return LoadError::Syntax {
            line: content_end.0,
            column: content_end.1,
            message: describe_ron_error(&RonError::Eof),
        };
    }
    // Stray content after the data: RON's span ends where the stray content starts.
    let (line, column) = if matches!(error.code, RonError::TrailingCharacters) {
        skip_blanks(text, end.line, end.col)
    } else {
        skip_blanks(text, start.line, start.col)
    };
    LoadError::Syntax { line, column, message: describe_ron_error(&error.code) }
}

/// The position just after the last character of `text` (1-based line and column).
fn end_position(text: &str) -> (usize, usize) {
    let line = text.split('\n').count();
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// RON often points at the blank before a value; users want the value itself. Moves forward
/// over spaces on the same line, and over line ends to the next non-blank character.
fn skip_blanks(text: &str, line: usize, column: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.split('\n').collect();
    let (mut line, mut column) = (line.max(1), column.max(1));
    while let Some(row) = lines.get(line - 1) {
        let rest: Vec<char> = row.chars().skip(column - 1).collect();
        let blanks = rest.iter().take_while(|c| c.is_whitespace()).count();
        if blanks < rest.len() || line == lines.len() {
            return (line, column + blanks);
        }
        line += 1;
        column = 1;
    }
    (line, column)
}

/// Chinese text for a RON error. Messages our own visitors raise are already Chinese.
fn describe_ron_error(error: &RonError) -> String {
    let list = |items: &[&str]| items.join("、");
    let within = |outer: &Option<String>| outer.as_ref().map(|o| format!("“{o}”中")).unwrap_or_default();
    match error {
        RonError::Eof => "文件意外结束，内容不完整（可能被截断）".into(),
        RonError::ExpectedComma => "此处缺少逗号".into(),
        RonError::ExpectedArray => "此处应为列表“[”".into(),
        RonError::ExpectedArrayEnd => "列表缺少结束的“]”".into(),
        RonError::ExpectedMap => "此处应为映射“{”".into(),
        RonError::ExpectedMapColon => "映射中缺少冒号".into(),
        RonError::ExpectedMapEnd => "映射缺少结束的“}”".into(),
        RonError::ExpectedStructLike | RonError::ExpectedNamedStructLike(_) => "此处应为“(”开始的结构".into(),
        RonError::ExpectedStructLikeEnd => "结构缺少结束的“)”".into(),
        RonError::ExpectedString => "此处应为带引号的文本".into(),
        RonError::ExpectedStringEnd => "文本缺少结束的引号".into(),
        RonError::ExpectedInteger => "此处应为整数".into(),
        RonError::ExpectedIdentifier => "此处应为名称（字段名或取值，不带引号）".into(),
        RonError::ExpectedDifferentStructName { expected, found } => {
            format!("结构名“{}”不对（应为“{expected}”，或省略结构名）", shorten(found))
        }
        RonError::ExpectedStructName(name) => format!("此处应写结构名“{name}”"),
        RonError::InvalidIdentifier(name) | RonError::SuggestRawIdentifier(name) => {
            format!("名称“{}”无效（只能包含字母、数字和下划线）", shorten(name))
        }
        RonError::NoSuchExtension(name) => format!("不支持的扩展“{}”", shorten(name)),
        RonError::ExpectedAttribute | RonError::ExpectedAttributeEnd => "“#![enable(…)]”写法有误".into(),
        RonError::UnderscoreAtBeginning => "数字不能以下划线开头".into(),
        RonError::UnclosedLineComment => "注释没有结束".into(),
        RonError::ExpectedOption => "此处应为 Some(…) 或 None".into(),
        RonError::ExpectedBoolean => "此处应为 true 或 false".into(),
        RonError::IntegerOutOfBounds => "整数超出范围".into(),
        RonError::ExceededRecursionLimit => {
            format!("嵌套层次过深（超过 {RECURSION_LIMIT} 层），文件已损坏或不是项目文件")
        }
        RonError::TrailingCharacters => "数据结束后还有多余的内容".into(),
        RonError::UnexpectedChar(c) => format!("意外的字符“{}”", c.escape_debug()),
        RonError::UnclosedBlockComment => "注释“/*”没有结束".into(),
        RonError::InvalidEscape(_) => "文本中有无效的转义序列".into(),
        RonError::Utf8Error(_) => "文字编码无效（不是 UTF-8）".into(),
        RonError::NoSuchStructField { expected, found, outer } => {
            format!("{}有未知字段“{}”（可用字段：{}）", within(outer), shorten(found), list(expected))
        }
        RonError::MissingStructField { field, outer } => {
            format!("{}缺少字段“{field}”", within(outer))
        }
        RonError::DuplicateStructField { field, outer } => {
            format!("{}字段“{field}”重复", within(outer))
        }
        RonError::NoSuchEnumVariant { expected, found, outer } => {
            format!("{}“{}”不是有效的取值（可选：{}）", within(outer), shorten(found), list(expected))
        }
        RonError::InvalidValueForType { expected, found } => {
            format!("类型不符：应为{}，实际为{}", translate_expected(expected), translate_found(found))
        }
        RonError::ExpectedDifferentLength { expected, found } => {
            format!("元素个数不符：应为 {}，实际为 {found} 个", translate_expected(expected))
        }
        RonError::Message(message) => message.clone(),
        // Rare RON syntax (byte strings, ranges, floats) that no user writes by hand; RON's English
        // text would not help, the position says where.
        _ => "此处格式无效".into(),
    }
}

/// serde's built-in "expected" phrases in Chinese; our own visitors already speak Chinese.
fn translate_expected(expected: &str) -> String {
    match expected {
        "a string" => "带引号的文本".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "整数".into(),
        "a sequence" => "列表 [...]".into(),
        "a map" => "映射 {...}".into(),
        "a boolean" => "true 或 false".into(),
        other if other.starts_with("struct ") => "结构 (...)".into(),
        other if other.starts_with("enum ") => "枚举取值".into(),
        other => other.to_string(),
    }
}

fn translate_found(found: &str) -> String {
    let value = found.split('`').nth(1);
    let described = |kind: &str| match value {
        Some(v) => format!("{kind} {v}"),
        None => kind.to_string(),
    };
    if found.starts_with("the unsigned integer") || found.starts_with("the signed integer") {
        described("整数")
    } else if found.starts_with("the floating point number") {
        described("小数")
    } else if found.starts_with("the boolean") {
        described("布尔值")
    } else if let Some(s) = found.strip_prefix("the string ") {
        format!("文本 {}", shorten(s))
    } else {
        match found {
            "a sequence" => "列表".into(),
            "a map" => "映射".into(),
            "a unit value" => "空值 ()".into(),
            "an optional value" => "可选值".into(),
            other => other.to_string(),
        }
    }
}

fn shorten(text: &str) -> String {
    crate::model::amount::shorten(text, 60)
}

/// The canonical text of a project file: stable, pretty, one table row per line.
pub fn to_string(project: &Project) -> String {
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(PRETTY_DEPTH)
        .indentor("    ".to_string())
        .new_line("\n".to_string())
        .struct_names(false)
        .escape_strings(true);
    let file = FileRef { format: FORMAT_NAME, version: FORMAT_VERSION, written_by: WRITER, project };
    #[allow(clippy::expect_used)]
    let body = ron::ser::to_string_pretty(&file, config)
        // The model has only strings, numbers-as-strings, lists, maps and structs: serializing
        // it cannot fail. A failure would be a programming error in a serde impl.
        .expect("project serializes to RON");
    let mut text = String::with_capacity(body.len() + FILE_COMMENT.len() + 1);
    text.push_str(FILE_COMMENT);
    text.push_str(&body);
    text.push('\n');
    text
}

/// Nesting depth up to which RON breaks lines; deeper values (a table row, an indicator, a cell
/// map) stay on one line so a file diff shows one changed row as one changed line.
const PRETTY_DEPTH: usize = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_over_the_limit_are_refused_with_their_position_and_comments_are_no_strings() {
        let text = "(\n  // a \"quoted\" comment\n  /* \" /* nested \" */ */ a: \"短\", b: r#\"x\"y\"#, c: '\"',\n  d: \"一二三四五\")";
        assert_eq!(longest_text_over(text, 5), None);
        assert_eq!(longest_text_over(text, 4), Some((4, 6, 5)));
        assert_eq!(longest_text_over("(a: \"esc\\\"aped\")", 8), None);
        assert_eq!(longest_text_over("(a: r##\"一\"#二三\"##)", 4), Some((1, 5, 5)));
        // A real project passes, a generated one with a huge narrative is refused on load.
        let sample = crate::samples::sample_text("gaoyang-2022").unwrap();
        assert_eq!(longest_text_over(sample, 4_000), None);
        let mut project = parse(sample.as_bytes()).unwrap();
        project.narrative.preamble = "预".repeat(MAX_TEXT_CHARS + 1);
        let error = parse(to_string(&project).as_bytes()).unwrap_err();
        assert!(matches!(error, LoadError::TextTooLong { chars, .. } if chars == MAX_TEXT_CHARS + 1), "{error}");
        assert!(error.to_string().contains("超过一段文字的上限"), "{error}");
    }

    #[test]
    fn system_errors_are_explained_in_chinese_with_the_system_words_after() {
        use std::io::ErrorKind as Kind;
        for (kind, gist) in [
            (Kind::ReadOnlyFilesystem, "只读"),
            (Kind::StorageFull, "磁盘空间已满"),
            (Kind::IsADirectory, "文件夹"),
            (Kind::NotFound, "文件不存在"),
            (Kind::PermissionDenied, "权限"),
            (Kind::Other, "系统读写出错"),
        ] {
            let message = describe_io_error(&io::Error::from(kind));
            assert!(message.starts_with(gist) || message.contains(gist), "{kind:?}: {message}");
            assert!(message.chars().next().is_some_and(|c| !c.is_ascii()), "{message}");
            // The system's text only inside the brackets at the end, and only when the kind is
            // one the gist cannot name.
            let before_bracket = message.split('（').next().unwrap_or_default();
            assert!(!before_bracket.contains("error"), "{message}");
            assert_eq!(message.contains("error"), kind == Kind::Other, "{message}");
        }
    }
    use crate::catalog::{Catalog, blank_project};
    use crate::model::Meta;

    fn sample() -> Project {
        let edition = Catalog::get().edition("hebei-2022").unwrap();
        blank_project(
            edition,
            Meta {
                unit_code: "434".into(),
                unit_name: "测试".into(),
                budget_year: 2022,
                edition: edition.id.clone(),
                ..Meta::default()
            },
        )
    }

    #[test]
    fn text_starts_with_format_and_version() {
        let text = to_string(&sample());
        let body: Vec<&str> = text.lines().skip(1).take(3).collect();
        assert_eq!(body, ["(", "    format: \"yugong-project\",", "    version: 1,"]);
    }

    #[test]
    fn round_trip_is_identical() {
        let project = sample();
        let text = to_string(&project);
        let loaded = parse(text.as_bytes()).unwrap();
        assert_eq!(loaded, project);
        assert_eq!(to_string(&loaded), text);
    }

    #[test]
    fn windows_line_endings_load_the_same() {
        // A file opened and saved in Windows Notepad or WPS comes back with CRLF.
        let text = to_string(&sample());
        assert_eq!(parse(text.replace('\n', "\r\n").as_bytes()).unwrap(), sample());
    }

    #[test]
    fn the_file_records_the_version_that_wrote_it() {
        let text = to_string(&sample());
        let line = format!("    written_by: \"yugong {}\",\n", env!("CARGO_PKG_VERSION"));
        assert!(text.contains(&line), "{}", &text[..300]);
        // Files from before the field load as they are.
        let old = text.replace(&line, "");
        assert_eq!(parse(old.as_bytes()).unwrap(), sample());
    }

    #[test]
    fn a_newer_writers_unknown_field_asks_for_an_upgrade() {
        let text = to_string(&sample())
            .replace(WRITER, "yugong 99.0.0")
            .replace("    project: (", "    review: (),\n    project: (");
        let err = parse(text.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("yugong 99.0.0") && err.contains("请升级预公"), "{err}");
        // The same damage in a file this version wrote is reported as damage only.
        let text = to_string(&sample()).replace("    project: (", "    review: (),\n    project: (");
        let err = parse(text.as_bytes()).unwrap_err().to_string();
        assert!(!err.contains("升级"), "{err}");
        assert!(is_newer_writer("yugong 0.10.0") && !is_newer_writer("yugong 0.0.9") && !is_newer_writer("other 9"));
    }

    #[test]
    fn future_versions_are_refused_by_number() {
        let text = to_string(&sample()).replace("version: 1,", "version: 7,\n    future_field: 1,");
        let err = parse(text.as_bytes()).unwrap_err();
        assert!(matches!(err, LoadError::FutureVersion { found: 7, .. }), "{err}");
        assert!(err.to_string().contains("升级预公"));
    }

    #[test]
    fn positions_point_at_the_mistake() {
        let text = to_string(&sample()).replacen("unit_code: \"434\"", "unit_code: 434", 1);
        let err = parse(text.as_bytes()).unwrap_err();
        let line = text.lines().position(|l| l.contains("unit_code")).unwrap() + 1;
        assert_eq!(err.position().map(|p| p.0), Some(line), "{err}");
        assert!(err.to_string().contains("应为带引号的文本"), "{err}");
    }

    #[test]
    fn a_file_cut_anywhere_is_reported_as_cut() {
        let text = crate::samples::sample_text("laiyuan-2024").unwrap().as_bytes();
        for i in 1..200 {
            let cut = text.len() * i / 200;
            let err = parse(&text[..cut]).unwrap_err().to_string();
            assert!(
                err.contains("文件意外结束") || err.contains("文本缺少结束的引号") || err.contains("只有开头的注释"),
                "cut at byte {cut}: {err}"
            );
        }
    }
}
