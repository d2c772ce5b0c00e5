//! The layout engine: text and tables → positioned text runs and rules on pages.
//!
//! Pure: no printpdf, no I/O. Glyph widths come through [`Metrics`], which the writer implements
//! with the bundled fonts and tests implement with fixed widths, so every decision here (line
//! breaks, cell fitting, pagination) is unit-testable without reading a PDF.
//!
//! Coordinates are points with the origin at the page's top-left corner and y growing downwards;
//! the writer turns them into PDF's bottom-left system. Geometry is `f32`; money never reaches
//! this module as a number, only as already formatted text.
//!
//! The pieces:
//! - `text`: font fallback, line breaking (禁则: no closing punctuation at a line start, numbers
//!   never split) and setting paragraphs into runs;
//! - `table`: ruled tables: cells, fitting text into cells, cutting tall rows, pagination with
//!   repeated headers;
//! - `flow`: the flow that places paragraphs and tables one after another, opening pages.
//!
//! This file holds the shared vocabulary (faces, runs, pages, geometry, styles) and the
//! finishing touches on a laid-out document (page numbers, appending).

use std::ops::Range;

mod flow;
mod table;
mod text;

pub use flow::Flow;
pub use table::{Cell, TableSpec};
use text::set_lines;
pub use text::{forbidden_at_line_end, forbidden_at_line_start};

/// The two bundled faces. Roles follow published disclosures: 宋体 for body and tables, 黑体 for
/// titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Noto Serif SC Regular (宋体 role).
    Serif,
    /// Noto Sans SC Bold (黑体 role).
    SansBold,
}

impl Face {
    fn other(self) -> Face {
        match self {
            Face::Serif => Face::SansBold,
            Face::SansBold => Face::Serif,
        }
    }
}

/// Glyph widths of the faces.
pub trait Metrics {
    /// Advance width of `ch` in `face`, in ems; `None` when the face has no glyph for it.
    fn advance(&self, face: Face, ch: char) -> Option<f32>;
}

/// Printed in place of a character neither face can show (the 〓 "geta" mark is the Chinese
/// typesetting convention for a missing character); counted in [`Document::missing_glyphs`].
pub const MISSING_GLYPH_MARK: char = '〓';

/// Horizontal alignment of a line within its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Full width except the last line of a paragraph (which is left-aligned).
    Justify,
}

/// A run of text in one face at one position. `x`, `y`: the left end of the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub face: Face,
    pub text: String,
    /// Extra space after every character, in points (PDF `Tc`); used to justify lines.
    pub char_spacing: f32,
}

/// A straight rule from (x1, y1) to (x2, y2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
}

/// What is drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    Rule(Rule),
}

/// Where part of a table landed on a page: for tests and for whoever needs to know which rows a
/// page holds.
#[derive(Debug, Clone, PartialEq)]
pub struct TableFragment {
    /// The table's number in the order tables were added to the flow.
    pub table: usize,
    /// Top of the repeated header rows.
    pub header_top: f32,
    pub header_bottom: f32,
    /// Body rows on this page: indices into the table's body, except after a row taller than a
    /// page, which counts as one row per piece it was cut into.
    pub rows: Range<usize>,
    /// Top and bottom of each body row on this page, in `rows` order.
    pub row_bounds: Vec<(f32, f32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    pub tables: Vec<TableFragment>,
}

/// An outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    /// Depth in the outline: 0 for the parts, 1 for sections and standard tables, deeper for what
    /// lies inside a section.
    pub level: u8,
    /// Index of the page (0-based).
    pub page: usize,
    /// Where on the page (from the top): the viewer scrolls there.
    pub y: f32,
}

/// The laid-out document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    /// Characters no bundled face has, printed as [`MISSING_GLYPH_MARK`].
    pub missing_glyphs: usize,
    /// Texts that could not be placed on a page (a table cell taller than a page that cannot be
    /// cut). Never dropped silently: the export refuses a document that has any.
    pub unplaced: Vec<String>,
}

/// Page size and margins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    pub width: f32,
    pub height: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_left: f32,
    pub margin_right: f32,
}

impl PageGeometry {
    /// A4 portrait, margins close to the 公文 standard (GB/T 9704: 37 mm top, 28 mm left; slightly
    /// smaller here because tables need the width).
    pub fn a4_portrait() -> PageGeometry {
        PageGeometry {
            width: 595.28,
            height: 841.89,
            margin_top: 72.0,
            margin_bottom: 72.0,
            margin_left: 68.0,
            margin_right: 68.0,
        }
    }

    /// A4 portrait for the standard tables: narrower margins, so that a 收支总表 of 31 classes
    /// stays on one page.
    pub fn a4_portrait_tables() -> PageGeometry {
        PageGeometry {
            margin_top: 56.0,
            margin_bottom: 60.0,
            margin_left: 56.0,
            margin_right: 56.0,
            ..Self::a4_portrait()
        }
    }

    pub fn a4_landscape() -> PageGeometry {
        PageGeometry {
            width: 841.89,
            height: 595.28,
            margin_top: 56.0,
            margin_bottom: 56.0,
            margin_left: 56.0,
            margin_right: 56.0,
        }
    }

    pub fn content_width(&self) -> f32 {
        self.width - self.margin_left - self.margin_right
    }

    pub fn content_bottom(&self) -> f32 {
        self.height - self.margin_bottom
    }
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub face: Face,
    pub size: f32,
    /// Line height as a multiple of the size.
    pub leading: f32,
    pub align: Align,
    /// Indent of the first line, in ems (Chinese paragraphs indent two characters).
    pub first_indent: f32,
    /// Indent of every line, in ems.
    pub indent: f32,
    pub space_before: f32,
    pub space_after: f32,
}

impl TextStyle {
    pub fn body(size: f32) -> TextStyle {
        TextStyle {
            face: Face::Serif,
            size,
            leading: 1.6,
            align: Align::Justify,
            first_indent: 2.0,
            indent: 0.0,
            space_before: 0.0,
            space_after: 0.0,
        }
    }
}

/// Prints `label(page index)` centred in the footer of every page from `from` on; an empty
/// label prints nothing.
pub fn add_page_numbers(document: &mut Document, metrics: &dyn Metrics, from: usize, label: impl Fn(usize) -> String) {
    let mut missing = 0;
    for (index, page) in document.pages.iter_mut().enumerate().skip(from) {
        let text = label(index);
        if text.is_empty() {
            continue;
        }
        let style = TextStyle { align: Align::Center, first_indent: 0.0, ..TextStyle::body(10.5) };
        let (lines, _) = set_lines(metrics, &text, &style, page.width, &mut missing);
        let top = page.height - 46.0;
        for runs in lines.into_iter().take(1) {
            for run in runs {
                page.items.push(Item::Text(TextRun { y: run.y + top, ..run }));
            }
        }
    }
    document.missing_glyphs += missing;
}

/// Appends `other`'s pages and outline after `document`'s.
pub fn append(document: &mut Document, other: Document) {
    let offset = document.pages.len();
    document.pages.extend(other.pages);
    document.outline.extend(other.outline.into_iter().map(|entry| OutlineEntry { page: entry.page + offset, ..entry }));
    document.missing_glyphs += other.missing_glyphs;
    document.unplaced.extend(other.unplaced);
}

/// Fixed glyph widths for the layout engine's unit tests.
#[cfg(test)]
mod test_metrics {
    use super::{Face, Metrics};

    /// CJK and full-width punctuation 1 em, ASCII 0.5 em; the Sans face lacks 'Ω' and neither
    /// face has '\u{10FFFF}' (a character no font has).
    pub(super) struct FixedMetrics;

    impl Metrics for FixedMetrics {
        fn advance(&self, face: Face, ch: char) -> Option<f32> {
            if ch == '\u{10FFFF}' || (face == Face::SansBold && ch == 'Ω') {
                return None;
            }
            Some(if ch.is_ascii() { 0.5 } else { 1.0 })
        }
    }
}
