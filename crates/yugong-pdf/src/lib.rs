//! yugong-pdf: PDF export of the disclosure, the printable document in the official layout.
//!
//! **Invariant:** depends on `yugong-core` and the PDF crates only, never on the window or the
//! Excel adapter; it turns a project into bytes and writes no file (the binary writes them with
//! the same atomic writer as project files).
//!
//! Three parts, each usable alone:
//! - [`layout`]: the pure layout engine (line breaking, tables, pagination) over abstract glyph
//!   widths;
//! - [`document`]: the disclosure's content and order (cover, 目录, 第一部分, 第二部分) as layout
//!   blocks;
//! - [`writer`]: printpdf output with the bundled fonts, subset-embedded;
//! - [`review_report`]: the review report (审核报告) laid out by the same engine.

pub mod document;
pub mod layout;
pub mod review_report;
pub mod writer;

use yugong_core::catalog::Catalog;
use yugong_core::model::Project;

pub use document::CalendarDate;
pub use review_report::review_pdf;

/// Why an export failed. Messages are shown to the user as they are.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("未知的模板版本“{0}”，无法排版PDF")]
    UnknownEdition(String),
    #[error("内置字体无法读取，程序文件可能已损坏，请重新安装")]
    Font,
    /// A text too long for any page that the layout cannot cut (e.g. a merged cell).
    #[error("有一段文字过长，一页排不下，无法导出PDF：“{0}”。请缩短或拆分这段文字后再导出")]
    TextDoesNotFit(String),
    /// More text than one export lays out in bounded memory.
    #[error(
        "项目的文字太多（约 {} 万字，一次最多排版 {} 万字），无法导出PDF；请删去重复或多余的文字后再导出",
        chars / 10_000,
        MAX_PRINTED_CHARS / 10_000
    )]
    TooMuchText { chars: usize },
}

/// The most characters (of the project's text as saved) one export lays out. The layout holds
/// about 150 bytes per character (1 M characters: 150 MB resident), so this keeps an export
/// well under 1 GB; a real disclosure has 20,000–60,000 (issue 12: one 3 M-character string
/// took 4.56 GB before texts were bounded).
pub const MAX_PRINTED_CHARS: usize = 3_000_000;

/// What an export produced, for callers that report details.
pub struct Exported {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters no bundled font has, printed as 〓.
    pub missing_glyphs: usize,
}

/// Exports the project as PDF bytes, dated today (Beijing time).
pub fn export(project: &Project) -> Result<Vec<u8>, PdfError> {
    export_now(project).map(|exported| exported.bytes)
}

/// Exports with a given cover date; the metadata says that day at noon Beijing time. For tests and
/// reproducible output.
pub fn export_dated(project: &Project, date: CalendarDate) -> Result<Exported, PdfError> {
    export_dated_with(Catalog::get(), project, date)
}

/// [`export_dated`] with the editions of `catalog` (the built-in ones and those the user added).
pub fn export_dated_with(catalog: &Catalog, project: &Project, date: CalendarDate) -> Result<Exported, PdfError> {
    let noon_beijing = printpdf::DateTime::new_in_offset(
        printpdf::Date { year: date.year, month: date.month, day: date.day },
        printpdf::Time { hour: 4, minute: 0, second: 0, millisecond: 0 },
        printpdf::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    );
    write_export(catalog, project, date, noon_beijing)
}

/// Exports dated now: the cover shows today in Beijing.
pub fn export_now(project: &Project) -> Result<Exported, PdfError> {
    export_now_with(Catalog::get(), project)
}

/// [`export_now`] with the editions of `catalog`.
pub fn export_now_with(catalog: &Catalog, project: &Project) -> Result<Exported, PdfError> {
    let now = printpdf::DateTime::now();
    write_export(catalog, project, beijing_date(&now), now)
}

/// `created` is UTC: printpdf writes every date with a +00'00' offset.
fn write_export(
    catalog: &Catalog,
    project: &Project,
    date: CalendarDate,
    created: printpdf::DateTime,
) -> Result<Exported, PdfError> {
    // Every text and number is in the project's saved form: its length bounds what is laid out.
    let chars = yugong_core::project_format::to_string(project).chars().count();
    if chars > MAX_PRINTED_CHARS {
        return Err(PdfError::TooMuchText { chars });
    }
    let fonts = writer::Fonts::get()?;
    let document = document::build_with(catalog, project, fonts, date)?;
    let info = writer::Info {
        title: document::document_title(project),
        author: project.meta.unit_line(),
        subject: format!("{}年{}预算公开", project.meta.budget_year, project.meta.entity.word()),
        created,
    };
    let bytes = writer::write(&document, fonts, &info);
    Ok(Exported { bytes, pages: document.pages.len(), missing_glyphs: document.missing_glyphs })
}

/// The calendar day in Beijing (UTC+8, no daylight saving) at a UTC instant: the cover shows the
/// users' date whatever the machine's time zone setting says.
fn beijing_date(utc: &printpdf::DateTime) -> CalendarDate {
    let shifted = printpdf::DateTime::from_unix_timestamp(utc.unix_timestamp() + 8 * 3600).unwrap_or(*utc);
    CalendarDate { year: shifted.date.year, month: shifted.date.month, day: shifted.date.day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cover_date_is_the_day_in_beijing() {
        let utc = |hour| {
            printpdf::DateTime::new_in_offset(
                printpdf::Date { year: 2026, month: 12, day: 31 },
                printpdf::Time { hour, minute: 30, second: 0, millisecond: 0 },
                printpdf::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
            )
        };
        assert_eq!(beijing_date(&utc(15)), CalendarDate { year: 2026, month: 12, day: 31 });
        assert_eq!(beijing_date(&utc(16)), CalendarDate { year: 2027, month: 1, day: 1 });
    }

    /// Issue 12: texts that each pass the loader's limit but together are more than an export
    /// lays out in bounded memory fail the export in Chinese, before any layout.
    #[test]
    fn more_text_than_an_export_lays_out_is_refused_before_layout() {
        let sample = yugong_core::samples::sample_text("gaoyang-2022").unwrap();
        let mut project = yugong_core::project_format::parse(sample.as_bytes()).unwrap();
        let section = "本部门严格执行预算。".repeat(yugong_core::project_format::MAX_TEXT_CHARS / 10);
        for text in [
            &mut project.narrative.preamble,
            &mut project.narrative.special_funds,
            &mut project.narrative.other_matters,
        ] {
            *text = section.clone();
        }
        let error = export_dated(&project, CalendarDate { year: 2026, month: 12, day: 1 }).err().unwrap();
        assert!(matches!(error, PdfError::TooMuchText { chars } if chars > 3_000_000), "{error}");
        assert!(error.to_string().contains("一次最多排版 300 万字"), "{error}");
    }
}
