//! What an import did, in Chinese, for the user to read before trusting the result.

use std::fmt;

/// How a report line should be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LineKind {
    /// A part of the workbook was read into the project.
    Imported,
    /// Something was read but changed on the way (元 → 万元, rounding) or inferred (edition,
    /// level): the user should check it.
    Adjusted,
    /// Something in the workbook was not taken, with the reason.
    Skipped,
}

impl LineKind {
    pub fn label(self) -> &'static str {
        match self {
            LineKind::Imported => "已导入",
            LineKind::Adjusted => "请核对",
            LineKind::Skipped => "未导入",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub kind: LineKind,
    /// The worksheet concerned, if any.
    pub sheet: Option<String>,
    pub message: String,
}

impl fmt::Display for ReportLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sheet {
            Some(sheet) => write!(f, "[{}] 工作表“{sheet}”：{}", self.kind.label(), self.message),
            None => write!(f, "[{}] {}", self.kind.label(), self.message),
        }
    }
}

/// Everything an import has to say, in the order it happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub lines: Vec<ReportLine>,
}

impl ImportReport {
    pub(crate) fn push(&mut self, kind: LineKind, sheet: Option<&str>, message: impl Into<String>) {
        self.lines.push(ReportLine { kind, sheet: sheet.map(str::to_string), message: message.into() });
    }

    pub fn of_kind(&self, kind: LineKind) -> impl Iterator<Item = &ReportLine> {
        self.lines.iter().filter(move |l| l.kind == kind)
    }

    /// True when something was skipped or needs checking.
    pub fn needs_attention(&self) -> bool {
        self.lines.iter().any(|l| l.kind != LineKind::Imported)
    }

    /// True when any line's message contains `text` (for tests and the preview dialog).
    pub fn mentions(&self, text: &str) -> bool {
        self.lines.iter().any(|l| l.message.contains(text))
    }
}

impl fmt::Display for ImportReport {
    /// Imported lines first, then what to check, then what was skipped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for kind in [LineKind::Imported, LineKind::Adjusted, LineKind::Skipped] {
            for line in self.of_kind(kind) {
                writeln!(f, "{line}")?;
            }
        }
        let count = |kind| self.of_kind(kind).count();
        write!(
            f,
            "导入 {} 项，请核对 {} 项，未导入 {} 项",
            count(LineKind::Imported),
            count(LineKind::Adjusted),
            count(LineKind::Skipped)
        )
    }
}
