//! The layout engine: text and tables → positioned text runs and rules on pages.
//!
//! Pure: no printpdf, no I/O. Glyph widths come through [`Metrics`], which the writer implements
//! with the bundled fonts and tests implement with fixed widths, so every decision here (line
//! breaks, cell fitting, pagination) is unit-testable without reading a PDF.
//!
//! Coordinates are points with the origin at the page's top-left corner and y growing downwards;
//! the writer turns them into PDF's bottom-left system. Geometry is `f32`; money never reaches
//! this module as a number, only as already formatted text.

use std::ops::Range;

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

/// One glyph after font fallback: the character actually printed, its face and width in points.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Glyph {
    ch: char,
    face: Face,
    width: f32,
    /// A space: a break opportunity that disappears at line ends and stretches in justified text.
    space: bool,
}

/// Text shaped at one size: glyphs with fallback applied.
struct Shaped {
    glyphs: Vec<Glyph>,
    missing: usize,
}

fn shape(metrics: &dyn Metrics, text: &str, face: Face, size: f32) -> Shaped {
    let mut glyphs = Vec::with_capacity(text.len());
    let mut missing = 0;
    for ch in text.chars() {
        // Tabs and other controls would print as boxes; they are spacing in stored text.
        let ch = if ch.is_control() { ' ' } else { ch };
        let resolved = metrics
            .advance(face, ch)
            .map(|w| (ch, face, w))
            .or_else(|| metrics.advance(face.other(), ch).map(|w| (ch, face.other(), w)))
            .or_else(|| {
                missing += 1;
                metrics
                    .advance(face, MISSING_GLYPH_MARK)
                    .map(|w| (MISSING_GLYPH_MARK, face, w))
                    .or_else(|| metrics.advance(face, '?').map(|w| (MISSING_GLYPH_MARK, face, w)))
            });
        // A face without even the mark: skip the character rather than print a box.
        if let Some((ch, face, em)) = resolved {
            glyphs.push(Glyph { ch, face, width: em * size, space: ch == ' ' || ch == '\u{3000}' });
        }
    }
    Shaped { glyphs, missing }
}

/// Characters that may not start a line (closing punctuation, pause marks, units that belong to
/// the number before them).
pub fn forbidden_at_line_start(ch: char) -> bool {
    matches!(
        ch,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '”'
            | '’'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '…'
            | '—'
            | '·'
            | '%'
            | '‰'
            | '％'
            | '℃'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
    )
}

/// Characters that may not end a line (opening brackets and quotes, comparison signs that belong
/// to the number after them).
pub fn forbidden_at_line_end(ch: char) -> bool {
    matches!(
        ch,
        '（' | '《'
            | '“'
            | '‘'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '('
            | '['
            | '{'
            | '≥'
            | '≤'
            | '＞'
            | '＜'
            | '±'
    )
}

/// Characters that join their neighbours into one unbreakable word: digits and Latin letters with
/// the punctuation that occurs inside numbers (1,006.79 · 0.1‰ · 2021-12-31 · 13063024P000092100025).
fn word_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || ch.is_ascii_punctuation() || ch.is_ascii_digit() || ('０'..='９').contains(&ch)
}

/// Splits glyphs into atoms: ranges that must stay on one line. Breaks are allowed between atoms.
fn atoms(glyphs: &[Glyph]) -> Vec<Range<usize>> {
    let mut atoms: Vec<Range<usize>> = Vec::new();
    let mut index = 0;
    while index < glyphs.len() {
        let start = index;
        if word_char(glyphs[index].ch) && !glyphs[index].space {
            while index < glyphs.len() && word_char(glyphs[index].ch) && !glyphs[index].space {
                index += 1;
            }
        } else {
            index += 1;
        }
        atoms.push(start..index);
    }
    // Kinsoku: glue a forbidden-start atom to the one before, a forbidden-end atom to the one
    // after. Spaces are never glued: they are where lines may break anyway.
    let mut glued: Vec<Range<usize>> = Vec::with_capacity(atoms.len());
    let mut pending_open: Option<usize> = None;
    for atom in atoms {
        let first = glyphs[atom.start];
        let last = glyphs[atom.end - 1];
        let mut atom = atom;
        if let Some(open_start) = pending_open.take() {
            atom.start = open_start;
        } else if forbidden_at_line_start(first.ch)
            && let Some(previous) = glued.last_mut()
            && !glyphs[previous.end - 1].space
        {
            previous.end = atom.end;
            if forbidden_at_line_end(last.ch) {
                pending_open = Some(glued.pop().map_or(atom.start, |p| p.start));
            }
            continue;
        }
        if forbidden_at_line_end(last.ch) && !last.space && atom.end < glyphs.len() {
            pending_open = Some(atom.start);
            continue;
        }
        glued.push(atom);
    }
    if let Some(open_start) = pending_open {
        glued.push(open_start..glyphs.len());
    }
    glued
}

/// One laid-out line: a range of glyphs and the width they take without justification.
#[derive(Debug, Clone, PartialEq)]
struct LineBreak {
    glyphs: Range<usize>,
    width: f32,
}

fn width_of(glyphs: &[Glyph]) -> f32 {
    glyphs.iter().map(|g| g.width).sum()
}

/// Greedy line filling over atoms. An atom wider than a whole line is broken between
/// characters: the only case where a number is split, because the alternative is overflow.
fn break_lines(glyphs: &[Glyph], first_width: f32, width: f32) -> Vec<LineBreak> {
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut line_end = 0;
    let mut line_width = 0.0;
    let limit = |lines: &Vec<LineBreak>| if lines.is_empty() { first_width } else { width };
    let close = |lines: &mut Vec<LineBreak>, start: usize, end: usize| {
        // Spaces at the line end take no room.
        let mut end = end;
        while end > start && glyphs[end - 1].space {
            end -= 1;
        }
        lines.push(LineBreak { glyphs: start..end, width: width_of(&glyphs[start..end]) });
    };
    let atom_list = atoms(glyphs);
    for atom in atom_list.iter().cloned() {
        let atom_width = width_of(&glyphs[atom.clone()]);
        let is_space = glyphs[atom.start].space;
        if line_end > line_start && line_width + atom_width > limit(&lines) + 0.01 && !is_space {
            close(&mut lines, line_start, line_end);
            line_start = atom.start;
            line_width = 0.0;
        }
        if line_end == line_start && is_space && !lines.is_empty() {
            // A space that would start a continuation line is dropped.
            line_start = atom.end;
            line_end = atom.end;
            continue;
        }
        if atom_width > limit(&lines) + 0.01 {
            // Too wide for any line: split between characters.
            for index in atom.clone() {
                let w = glyphs[index].width;
                if line_end > line_start && line_width + w > limit(&lines) + 0.01 {
                    close(&mut lines, line_start, index);
                    line_start = index;
                    line_width = 0.0;
                }
                line_width += w;
                line_end = index + 1;
            }
            continue;
        }
        line_width += atom_width;
        line_end = atom.end;
    }
    if line_end > line_start || lines.is_empty() {
        close(&mut lines, line_start, line_end);
    }
    avoid_single_character_last_line(glyphs, &atom_list, &mut lines, width);
    lines
}

/// A paragraph or cell whose last line holds one character (孤字) takes the last word of the
/// line before it, when both fit on the last line and the line before keeps two characters.
fn avoid_single_character_last_line(glyphs: &[Glyph], atom_list: &[Range<usize>], lines: &mut [LineBreak], width: f32) {
    let count = lines.len();
    // One character, with or without the punctuation glued to it (“加。”).
    let lone = count >= 2
        && glyphs[lines[count - 1].glyphs.clone()].iter().filter(|g| !forbidden_at_line_start(g.ch)).count() == 1;
    if !lone {
        return;
    }
    let previous = lines[count - 2].glyphs.clone();
    let last = lines[count - 1].glyphs.clone();
    let Some(start) = atom_list
        .iter()
        .map(|atom| atom.start)
        .rev()
        .find(|&start| start >= previous.start + 2 && start < previous.end)
    else {
        return;
    };
    if glyphs[start].space || width_of(&glyphs[start..last.end]) > width + 0.01 {
        return;
    }
    let mut end = start;
    while end > previous.start && glyphs[end - 1].space {
        end -= 1;
    }
    lines[count - 2] = LineBreak { glyphs: previous.start..end, width: width_of(&glyphs[previous.start..end]) };
    lines[count - 1] = LineBreak { glyphs: start..last.end, width: width_of(&glyphs[start..last.end]) };
}

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

/// Share of the ascent in the line box, so that CJK glyphs sit centred in it (Noto CJK: ascent
/// 0.88 em, descent 0.12 em).
const ASCENT: f32 = 0.88;

/// Justification is skipped when it would spread characters further than this (em): a line
/// ended early by a long unbreakable word looks worse stretched than ragged.
const MAX_JUSTIFY_SPACING: f32 = 0.6;

/// Lays out one paragraph into lines within `width`; returns the lines' runs relative to
/// (0, 0) at the top of the first line box, and the total height.
fn set_lines(
    metrics: &dyn Metrics,
    text: &str,
    style: &TextStyle,
    width: f32,
    missing: &mut usize,
) -> (Vec<Vec<TextRun>>, f32) {
    // Stored text separates paragraphs with '\n'; each starts a new line with its own indent.
    let line_height = style.size * style.leading;
    let mut all: Vec<Vec<TextRun>> = Vec::new();
    for paragraph in text.split('\n') {
        let shift = all.len() as f32 * line_height;
        let (lines, _) = set_paragraph(metrics, paragraph, style, width, missing);
        all.extend(
            lines
                .into_iter()
                .map(|runs| runs.into_iter().map(|run| TextRun { y: run.y + shift, ..run }).collect::<Vec<_>>()),
        );
    }
    let height = all.len() as f32 * line_height;
    (all, height)
}

fn set_paragraph(
    metrics: &dyn Metrics,
    text: &str,
    style: &TextStyle,
    width: f32,
    missing: &mut usize,
) -> (Vec<Vec<TextRun>>, f32) {
    let shaped = shape(metrics, text, style.face, style.size);
    *missing += shaped.missing;
    let em = style.size;
    let indent = style.indent * em;
    let first_indent = (style.indent + style.first_indent) * em;
    let lines = break_lines(&shaped.glyphs, (width - first_indent).max(em), (width - indent).max(em));
    let line_height = style.size * style.leading;
    let mut result = Vec::with_capacity(lines.len());
    let count = lines.len();
    for (number, line) in lines.into_iter().enumerate() {
        let left = if number == 0 { first_indent } else { indent };
        let available = width - left;
        let glyphs = &shaped.glyphs[line.glyphs.clone()];
        let is_last = number + 1 == count;
        let (offset, spacing) = match style.align {
            Align::Left => (0.0, 0.0),
            Align::Center => (((available - line.width) / 2.0).max(0.0), 0.0),
            Align::Right => ((available - line.width).max(0.0), 0.0),
            Align::Justify => {
                let gaps = glyphs.len().saturating_sub(1) as f32;
                let spacing = if is_last || gaps == 0.0 { 0.0 } else { (available - line.width).max(0.0) / gaps };
                (0.0, if spacing > MAX_JUSTIFY_SPACING * em { 0.0 } else { spacing })
            }
        };
        let baseline = number as f32 * line_height + (line_height - em) / 2.0 + ASCENT * em;
        result.push(runs_of(glyphs, left + offset, baseline, style.size, spacing));
    }
    (result, count as f32 * line_height)
}

/// Splits a line into runs of one face each. With justification every glyph but the line's last
/// gets `spacing` after it; a run's last glyph gets it too (Tc applies after each glyph), which
/// is right except at the line end, where it is invisible.
fn runs_of(glyphs: &[Glyph], x: f32, y: f32, size: f32, spacing: f32) -> Vec<TextRun> {
    let mut runs: Vec<TextRun> = Vec::new();
    let mut pen = x;
    for glyph in glyphs {
        match runs.last_mut() {
            Some(run) if run.face == glyph.face => run.text.push(glyph.ch),
            _ => runs.push(TextRun {
                x: pen,
                y,
                size,
                face: glyph.face,
                text: glyph.ch.to_string(),
                char_spacing: spacing,
            }),
        }
        pen += glyph.width + spacing;
    }
    runs
}

/// One table cell. Cells are listed per row in column order and only where they start; a cell
/// spanning rows or columns covers the slots to its right and below, as in HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub align: Align,
    /// Indent in ems (类/款/项 levels).
    pub indent: f32,
    pub face: Face,
    pub col_span: usize,
    pub row_span: usize,
}

impl Cell {
    pub fn new(text: impl Into<String>, align: Align) -> Cell {
        Cell { text: text.into(), align, indent: 0.0, face: Face::Serif, col_span: 1, row_span: 1 }
    }
    pub fn left(text: impl Into<String>) -> Cell {
        Cell::new(text, Align::Left)
    }
    pub fn center(text: impl Into<String>) -> Cell {
        Cell::new(text, Align::Center)
    }
    pub fn right(text: impl Into<String>) -> Cell {
        Cell::new(text, Align::Right)
    }
    pub fn span(mut self, cols: usize, rows: usize) -> Cell {
        self.col_span = cols.max(1);
        self.row_span = rows.max(1);
        self
    }
    pub fn indent(mut self, ems: f32) -> Cell {
        self.indent = ems;
        self
    }
    pub fn face(mut self, face: Face) -> Cell {
        self.face = face;
        self
    }
}

/// A ruled table: relative column widths, header rows repeated on every page, body rows.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSpec {
    pub column_weights: Vec<f32>,
    pub header: Vec<Vec<Cell>>,
    pub body: Vec<Vec<Cell>>,
    pub font_size: f32,
    /// Cell text that does not fit shrinks down to this size before it breaks inside numbers.
    pub min_font_size: f32,
}

/// Inner padding of a cell, in points.
const CELL_PAD_X: f32 = 2.5;
const CELL_PAD_Y: f32 = 2.5;
const CELL_LEADING: f32 = 1.3;
const RULE_WIDTH: f32 = 0.6;

/// A cell placed in the grid with its text fitted.
struct PlacedCell {
    row: usize,
    col: usize,
    col_span: usize,
    row_span: usize,
    lines: Vec<Vec<TextRun>>,
    text_height: f32,
}

/// Cuts every body row taller than `limit` into rows that fit, each cell's lines going to the
/// pieces in order. Rows that a spanning cell touches are left alone (they are never that tall in
/// practice: spans hold short labels). Row indices of the result refer to the pieces.
fn cut_rows_taller_than(cells: Vec<PlacedCell>, heights: Vec<f32>, limit: f32) -> (Vec<PlacedCell>, Vec<f32>) {
    let spanned = |row: usize, cells: &[PlacedCell]| {
        cells.iter().any(|c| c.row_span > 1 && c.row <= row && row < c.row + c.row_span)
    };
    let room = limit - 2.0 * CELL_PAD_Y;
    if room <= 0.0
        || heights.iter().all(|h| *h <= limit)
        || heights.iter().enumerate().any(|(r, h)| *h > limit && spanned(r, &cells))
    {
        return (cells, heights);
    }
    let mut by_row: Vec<Vec<PlacedCell>> = (0..heights.len()).map(|_| Vec::new()).collect();
    for cell in cells {
        let row = cell.row;
        by_row[row].push(cell);
    }
    let mut out_cells = Vec::new();
    let mut out_heights = Vec::new();
    for (row_cells, height) in by_row.into_iter().zip(heights) {
        let new_row = out_heights.len();
        if height <= limit {
            out_cells.extend(row_cells.into_iter().map(|c| PlacedCell { row: new_row, ..c }));
            out_heights.push(height);
            continue;
        }
        // Each cell's lines, packed into pieces of at most `room` points.
        let mut pieces: Vec<Vec<PlacedCell>> = Vec::new();
        for cell in row_cells {
            let line_height = if cell.lines.is_empty() { 0.0 } else { cell.text_height / cell.lines.len() as f32 };
            let per_piece = ((room / line_height.max(0.1)).floor() as usize).max(1);
            for (piece, chunk) in cell.lines.chunks(per_piece).enumerate() {
                let shift = (piece * per_piece) as f32 * line_height;
                let lines: Vec<Vec<TextRun>> = chunk
                    .iter()
                    .map(|runs| runs.iter().map(|r| TextRun { y: r.y - shift, ..r.clone() }).collect())
                    .collect();
                if pieces.len() <= piece {
                    pieces.resize_with(piece + 1, Vec::new);
                }
                pieces[piece].push(PlacedCell {
                    row: 0,
                    col: cell.col,
                    col_span: cell.col_span,
                    row_span: 1,
                    text_height: chunk.len() as f32 * line_height,
                    lines,
                });
            }
        }
        for piece_cells in pieces {
            let piece_row = out_heights.len();
            let piece_height =
                piece_cells.iter().map(|c| c.text_height + 2.0 * CELL_PAD_Y).fold(0.0_f32, f32::max).min(limit);
            out_cells.extend(piece_cells.into_iter().map(|c| PlacedCell { row: piece_row, ..c }));
            out_heights.push(piece_height);
        }
    }
    (out_cells, out_heights)
}

/// Places cells into the grid and fits their text; returns the placed cells and row heights.
fn place_rows(
    metrics: &dyn Metrics,
    rows: &[Vec<Cell>],
    column_x: &[f32],
    spec: &TableSpec,
    missing: &mut usize,
) -> (Vec<PlacedCell>, Vec<f32>) {
    let columns = column_x.len() - 1;
    let mut occupied: Vec<Vec<bool>> = vec![vec![false; columns]; rows.len()];
    let mut placed = Vec::new();
    let min_row = spec.font_size * CELL_LEADING + 2.0 * CELL_PAD_Y;
    let mut heights = vec![min_row; rows.len()];
    for (row_index, row) in rows.iter().enumerate() {
        let mut col = 0;
        for cell in row {
            while col < columns && occupied[row_index][col] {
                col += 1;
            }
            if col >= columns {
                break;
            }
            let col_span = cell.col_span.min(columns - col);
            let row_span = cell.row_span.min(rows.len() - row_index);
            for slots in occupied.iter_mut().skip(row_index).take(row_span) {
                for slot in slots.iter_mut().skip(col).take(col_span) {
                    *slot = true;
                }
            }
            let width = column_x[col + col_span] - column_x[col] - 2.0 * CELL_PAD_X;
            let (lines, text_height) = fit_cell(metrics, cell, width, spec, missing);
            let needed = text_height + 2.0 * CELL_PAD_Y;
            if row_span == 1 {
                heights[row_index] = heights[row_index].max(needed);
            }
            placed.push(PlacedCell { row: row_index, col, col_span, row_span, lines, text_height });
            col += col_span;
        }
    }
    // Spanning cells: grow the last spanned row when the rows together are too short.
    for cell in placed.iter().filter(|c| c.row_span > 1) {
        let spanned: f32 = heights[cell.row..cell.row + cell.row_span].iter().sum();
        let needed = cell.text_height + 2.0 * CELL_PAD_Y;
        if needed > spanned {
            heights[cell.row + cell.row_span - 1] += needed - spanned;
        }
    }
    (placed, heights)
}

/// Fits a cell's text into `width`: at the table's size if every unbreakable word fits,
/// otherwise at the largest size down to the minimum where they do; at the minimum, words that
/// still do not fit break between characters. Never wider than the cell.
fn fit_cell(
    metrics: &dyn Metrics,
    cell: &Cell,
    width: f32,
    spec: &TableSpec,
    missing: &mut usize,
) -> (Vec<Vec<TextRun>>, f32) {
    let width = width.max(1.0);
    let mut size = spec.font_size;
    loop {
        let style = TextStyle {
            face: cell.face,
            size,
            leading: CELL_LEADING,
            align: cell.align,
            first_indent: 0.0,
            indent: cell.indent,
            space_before: 0.0,
            space_after: 0.0,
        };
        let at_minimum = size <= spec.min_font_size + 0.01;
        if !at_minimum {
            let shaped = shape(metrics, &cell.text, cell.face, size);
            let available = width - cell.indent * size;
            let fits = atoms(&shaped.glyphs).into_iter().all(|a| width_of(&shaped.glyphs[a]) <= available + 0.01);
            if !fits {
                size = (size - 0.5).max(spec.min_font_size);
                continue;
            }
        }
        let mut counted = 0;
        let (lines, height) = set_lines(metrics, &cell.text, &style, width, &mut counted);
        *missing += counted;
        return (lines, height);
    }
}

/// The flow: places blocks one after another, opening pages as needed.
pub struct Flow<'m> {
    metrics: &'m dyn Metrics,
    geometry: PageGeometry,
    pages: Vec<Page>,
    cursor: f32,
    outline: Vec<OutlineEntry>,
    missing: usize,
    tables_added: usize,
}

impl<'m> Flow<'m> {
    pub fn new(metrics: &'m dyn Metrics) -> Flow<'m> {
        Flow {
            metrics,
            geometry: PageGeometry::a4_portrait(),
            pages: Vec::new(),
            cursor: 0.0,
            outline: Vec::new(),
            missing: 0,
            tables_added: 0,
        }
    }

    /// Starts a new page with the given geometry.
    pub fn new_page(&mut self, geometry: PageGeometry) {
        self.geometry = geometry;
        self.pages.push(Page { width: geometry.width, height: geometry.height, items: Vec::new(), tables: Vec::new() });
        self.cursor = geometry.margin_top;
    }

    fn ensure_page(&mut self) {
        if self.pages.is_empty() {
            self.new_page(self.geometry);
        }
    }

    pub fn geometry(&self) -> PageGeometry {
        self.geometry
    }

    /// Index of the current page (0-based).
    pub fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    pub fn cursor(&self) -> f32 {
        self.cursor
    }

    pub fn set_cursor(&mut self, y: f32) {
        self.cursor = y;
    }

    fn remaining(&self) -> f32 {
        self.geometry.content_bottom() - self.cursor
    }

    /// Moves down; at the page bottom the space is dropped rather than carried over.
    pub fn space(&mut self, points: f32) {
        self.ensure_page();
        self.cursor = (self.cursor + points).min(self.geometry.content_bottom());
    }

    /// Records an outline entry for the current position.
    pub fn bookmark(&mut self, title: &str, level: u8) {
        self.ensure_page();
        self.outline.push(OutlineEntry { title: title.to_string(), level, page: self.page_index(), y: self.cursor });
    }

    fn push(&mut self, item: Item) {
        self.ensure_page();
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
        }
    }

    /// Sets a paragraph; lines flow onto new pages (same geometry) as needed. `keep_lines`:
    /// this many lines must fit on the current page together with the paragraph's start
    /// (headings keep with what follows them).
    pub fn paragraph(&mut self, text: &str, style: &TextStyle) {
        self.paragraph_keeping(text, style, 0.0);
    }

    /// As [`Flow::paragraph`], but moves to a new page first unless `keep_below` points remain
    /// after the paragraph's first line (a heading and the first lines of its text stay together).
    pub fn paragraph_keeping(&mut self, text: &str, style: &TextStyle, keep_below: f32) {
        self.ensure_page();
        let width = self.geometry.content_width();
        let (lines, _) = set_lines(self.metrics, text, style, width, &mut self.missing);
        let line_height = style.size * style.leading;
        if self.cursor > self.geometry.margin_top + 0.5 {
            self.cursor += style.space_before;
        }
        if self.remaining() < line_height * lines.len().min(2) as f32 + keep_below {
            let geometry = self.geometry;
            self.new_page(geometry);
        }
        for (number, runs) in lines.into_iter().enumerate() {
            if self.remaining() < line_height - 0.01 {
                let geometry = self.geometry;
                self.new_page(geometry);
            }
            let top = self.cursor - number as f32 * line_height;
            let left = self.geometry.margin_left;
            for run in runs {
                self.push(Item::Text(TextRun { x: run.x + left, y: run.y + top, ..run }));
            }
            self.cursor += line_height;
        }
        self.cursor += style.space_after;
    }

    /// Text placed at an absolute position on the current page, not moving the cursor: a run of
    /// one line, aligned within `[x, x + width]`, `y` being the top of its line box.
    pub fn place_line(&mut self, text: &str, style: &TextStyle, x: f32, y: f32, width: f32) {
        let (lines, _) = set_lines(self.metrics, text, style, width, &mut self.missing);
        for runs in lines.into_iter().take(1) {
            for run in runs {
                self.push(Item::Text(TextRun { x: run.x + x, y: run.y + y, ..run }));
            }
        }
    }

    /// Width of a text at a size, after fallback.
    pub fn measure(&self, text: &str, face: Face, size: f32) -> f32 {
        width_of(&shape(self.metrics, text, face, size).glyphs)
    }

    /// A rule on the current page.
    pub fn rule(&mut self, rule: Rule) {
        self.push(Item::Rule(rule));
    }

    /// Lays out a ruled table at the cursor over the full content width. Header rows repeat on
    /// every page; a body row never splits; rows joined by a cell spanning them are kept on one
    /// page when they fit on one. Returns the table's number.
    pub fn table(&mut self, spec: &TableSpec) -> usize {
        self.ensure_page();
        let table_number = self.tables_added;
        self.tables_added += 1;
        let columns = spec.column_weights.len().max(1);
        let total_weight: f32 = spec.column_weights.iter().sum::<f32>().max(f32::EPSILON);
        let left = self.geometry.margin_left;
        let width = self.geometry.content_width();
        let mut column_x = Vec::with_capacity(columns + 1);
        let mut x = left;
        column_x.push(x);
        for weight in spec.column_weights.iter().take(columns) {
            x += width * weight / total_weight;
            column_x.push(x);
        }
        if column_x.len() < 2 {
            column_x.push(left + width);
        }
        let (header_cells, header_heights) = place_rows(self.metrics, &spec.header, &column_x, spec, &mut self.missing);
        let (body_cells, body_heights) = place_rows(self.metrics, &spec.body, &column_x, spec, &mut self.missing);
        let header_height: f32 = header_heights.iter().sum();
        // A row taller than a whole page below the header cannot stay whole: it is cut into
        // pieces that each fill a page, the one exception to “a row never splits”.
        let page_room = self.geometry.content_bottom() - self.geometry.margin_top - header_height;
        let (body_cells, body_heights) = cut_rows_taller_than(body_cells, body_heights, page_room);
        let rows = body_heights.len();

        // Blocks of rows that spanning cells tie together.
        let mut block_end: Vec<usize> = (1..=rows).collect();
        for cell in &body_cells {
            let end = cell.row + cell.row_span;
            block_end[cell.row] = block_end[cell.row].max(end);
        }
        // Body cells by starting row, for drawing fragments.
        let mut starting: Vec<Vec<usize>> = vec![Vec::new(); rows];
        for (index, cell) in body_cells.iter().enumerate() {
            starting[cell.row].push(index);
        }
        // Cells spanning rows, the only ones that can reach into a page from an earlier one.
        let spanning: Vec<usize> = (0..body_cells.len()).filter(|&i| body_cells[i].row_span > 1).collect();

        let mut row = 0;
        let mut first_page = true;
        loop {
            // Start a page fragment: header first. A table never starts with its header alone at
            // a page bottom, nor with its first group of tied rows cut when a fresh page would
            // hold the group whole.
            let first_block_height = if first_page && row < rows {
                let mut end = row + 1;
                let mut scan = row;
                while scan < end {
                    end = end.max(block_end[scan]);
                    scan += 1;
                }
                body_heights[row..end].iter().sum::<f32>().min(page_room)
            } else {
                0.0
            };
            let at_page_top = self.cursor <= self.geometry.margin_top + 0.5;
            if !first_page || (self.remaining() < header_height + first_block_height && !at_page_top) {
                let geometry = self.geometry;
                self.new_page(geometry);
            }
            first_page = false;
            let header_top = self.cursor;
            self.draw_header(&header_cells, &header_heights, &column_x, header_top);
            self.cursor += header_height;
            let header_bottom = self.cursor;

            // Body rows that fit.
            let start = row;
            let mut bounds = Vec::new();
            let mut y = self.cursor;
            let bottom = self.geometry.content_bottom();
            while row < rows {
                let mut end = row + 1;
                let mut scan = row;
                while scan < end {
                    end = end.max(block_end[scan]);
                    scan += 1;
                }
                let block_height: f32 = body_heights[row..end].iter().sum();
                if y + block_height <= bottom + 0.01 {
                    for height in &body_heights[row..end] {
                        bounds.push((y, y + height));
                        y += height;
                    }
                    row = end;
                } else if row == start {
                    // Nothing placed yet on this page: the block is taller than a page. Place
                    // rows one by one (still never splitting a row); at least one row per page.
                    let mut placed_any = false;
                    while row < end && (y + body_heights[row] <= bottom + 0.01 || !placed_any) {
                        bounds.push((y, y + body_heights[row]));
                        y += body_heights[row];
                        row += 1;
                        placed_any = true;
                    }
                    break;
                } else {
                    break;
                }
            }
            // Draw the body cells that touch rows start..row.
            let fragment_rows = start..row;
            self.draw_body_fragment(&body_cells, &starting, &spanning, fragment_rows.clone(), &column_x, &bounds);
            // The table's outer right and bottom edges.
            let table_bottom = y;
            let right = column_x[column_x.len() - 1];
            self.rule(Rule { x1: right, y1: header_top, x2: right, y2: table_bottom, width: RULE_WIDTH });
            self.rule(Rule { x1: column_x[0], y1: table_bottom, x2: right, y2: table_bottom, width: RULE_WIDTH });
            self.cursor = table_bottom;
            if let Some(page) = self.pages.last_mut() {
                page.tables.push(TableFragment {
                    table: table_number,
                    header_top,
                    header_bottom,
                    rows: fragment_rows,
                    row_bounds: bounds,
                });
            }
            if row >= rows {
                break;
            }
        }
        table_number
    }

    /// Draws the header rows (all on this page): each cell's top and left edges and its text.
    fn draw_header(&mut self, cells: &[PlacedCell], heights: &[f32], column_x: &[f32], top: f32) {
        let mut tops = Vec::with_capacity(heights.len() + 1);
        let mut y = top;
        for height in heights {
            tops.push(y);
            y += height;
        }
        tops.push(y);
        for cell in cells {
            let cell_top = tops[cell.row];
            let cell_bottom = tops[(cell.row + cell.row_span).min(heights.len())];
            self.draw_cell(cell, column_x, cell_top, cell_bottom);
        }
    }

    /// Draws the body cells visible in `rows` (`bounds`: top and bottom of each of those rows): a
    /// cell that started on an earlier page and spans into this one is drawn again, its text
    /// repeated, over its visible rows.
    fn draw_body_fragment(
        &mut self,
        cells: &[PlacedCell],
        starting: &[Vec<usize>],
        spanning: &[usize],
        rows: Range<usize>,
        column_x: &[f32],
        bounds: &[(f32, f32)],
    ) {
        if rows.is_empty() || bounds.len() != rows.len() {
            return;
        }
        let first = rows.start;
        let visible = |cell: &PlacedCell| {
            let from = cell.row.max(first);
            let last = (cell.row + cell.row_span).min(rows.end) - 1;
            (bounds[from - first].0, bounds[last - first].1)
        };
        for row in rows.clone() {
            for &index in &starting[row] {
                let (top, bottom) = visible(&cells[index]);
                self.draw_cell(&cells[index], column_x, top, bottom);
            }
        }
        for &index in spanning {
            let cell = &cells[index];
            if cell.row < first && cell.row + cell.row_span > first {
                let (top, bottom) = visible(cell);
                self.draw_cell(cell, column_x, top, bottom);
            }
        }
    }

    fn draw_cell(&mut self, cell: &PlacedCell, column_x: &[f32], top: f32, bottom: f32) {
        let left = column_x[cell.col];
        let right = column_x[cell.col + cell.col_span];
        self.rule(Rule { x1: left, y1: top, x2: right, y2: top, width: RULE_WIDTH });
        self.rule(Rule { x1: left, y1: top, x2: left, y2: bottom, width: RULE_WIDTH });
        // Text centred vertically in the cell's visible box.
        let text_top = top + ((bottom - top) - cell.text_height).max(2.0 * CELL_PAD_Y) / 2.0;
        let x = left + CELL_PAD_X;
        let mut items = Vec::new();
        for runs in &cell.lines {
            for run in runs {
                items.push(Item::Text(TextRun { x: run.x + x, y: run.y + text_top, ..run.clone() }));
            }
        }
        for item in items {
            self.push(item);
        }
    }

    pub fn finish(self) -> Document {
        Document { pages: self.pages, outline: self.outline, missing_glyphs: self.missing }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CJK and full-width punctuation 1 em, ASCII 0.5 em; the Sans face lacks 'Ω' and neither
    /// face has '\u{10FFFF}' (a character no font has).
    struct FixedMetrics;

    impl Metrics for FixedMetrics {
        fn advance(&self, face: Face, ch: char) -> Option<f32> {
            if ch == '\u{10FFFF}' || (face == Face::SansBold && ch == 'Ω') {
                return None;
            }
            Some(if ch.is_ascii() { 0.5 } else { 1.0 })
        }
    }

    fn lines_of(text: &str, width_in_chars: f32) -> Vec<String> {
        let shaped = shape(&FixedMetrics, text, Face::Serif, 10.0);
        break_lines(&shaped.glyphs, width_in_chars * 10.0, width_in_chars * 10.0)
            .into_iter()
            .map(|l| shaped.glyphs[l.glyphs].iter().map(|g| g.ch).collect())
            .collect()
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // Ten characters a line: the comma would start line two; it moves up with its word.
        let text = "一二三四五六七八九十，十一十二十三。";
        let lines = lines_of(text, 10.0);
        assert_eq!(lines.concat(), text);
        for line in &lines[1..] {
            let first = line.chars().next().unwrap();
            assert!(!forbidden_at_line_start(first), "line starts with {first}: {lines:?}");
        }
        for (text, width) in [("甲乙丙丁戊己庚辛壬癸》。”，甲乙", 10.0), ("一二三四五六七八九十）、下一行", 10.0)]
        {
            let lines = lines_of(text, width);
            assert_eq!(lines.concat(), text);
            for line in &lines[1..] {
                assert!(!forbidden_at_line_start(line.chars().next().unwrap()), "{lines:?}");
            }
        }
    }

    #[test]
    fn no_line_ends_with_opening_bracket() {
        let text = "一二三四五六七八九（十）甲乙丙《丁》";
        let lines = lines_of(text, 10.0);
        assert_eq!(lines.concat(), text);
        for line in &lines {
            let last = line.chars().last().unwrap();
            assert!(!forbidden_at_line_end(last), "line ends with {last}: {lines:?}");
        }
        let lines = lines_of("一二三四五六七八九“引号”", 10.0);
        assert!(lines.iter().all(|l| !l.ends_with('“')), "{lines:?}");
    }

    #[test]
    fn numbers_are_never_split() {
        // "1,006.79万元" at the end of a line: the number moves whole to the next line.
        let text = "收入总额为一二三四1,006.79万元";
        let lines = lines_of(text, 10.0);
        assert!(lines.iter().any(|l| l.starts_with("1,006.79")), "{lines:?}");
        assert!(lines.iter().all(|l| !l.ends_with('1') && !l.ends_with(',')), "{lines:?}");
        // ≥ stays with its number, % with it too.
        let lines = lines_of("工作完成率达到甲乙≥95%以上", 10.0);
        assert!(lines.iter().any(|l| l.contains("≥95%")), "{lines:?}");
    }

    #[test]
    fn an_unbreakable_word_wider_than_the_line_breaks_between_characters() {
        let lines = lines_of("13063024P000092100025", 5.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "13063024P000092100025");
        assert!(lines.iter().all(|l| l.chars().count() <= 10), "{lines:?}");
    }

    #[test]
    fn a_last_line_of_one_character_takes_a_word_from_the_line_before() {
        // “财政拨款收入” in a cell five characters wide: not 财政拨款收 / 入.
        assert_eq!(lines_of("财政拨款收入", 5.0), ["财政拨款", "收入"]);
        // Punctuation glued to the lone character does not count: not “…支出增” / “加。”.
        assert_eq!(lines_of("一二三四五六七八九十加。", 10.0), ["一二三四五六七八九", "十加。"]);
        // Two characters on the last line are left alone.
        assert_eq!(lines_of("一般公共预算拨款", 6.0), ["一般公共预算", "拨款"]);
        // The moved word is a whole atom: a number moves whole.
        assert_eq!(lines_of("金额为12.50元", 6.0), ["金额为", "12.50元"]);
    }

    #[test]
    fn spaces_do_not_start_or_end_lines() {
        let lines = lines_of("abc def ghi jkl mno", 4.0);
        assert!(lines.iter().all(|l| !l.starts_with(' ') && !l.ends_with(' ')), "{lines:?}");
    }

    #[test]
    fn justified_lines_fill_the_width_and_the_last_line_does_not() {
        let style = TextStyle { first_indent: 0.0, ..TextStyle::body(10.0) };
        // 8 characters per line of 80 pt, with a comma pushed into line one by kinsoku: line one
        // has 9 characters? No: width 85 pt holds 8 characters with 5 pt left over to spread.
        let text = "一二三四五六七八九十甲乙丙丁戊己庚";
        let (lines, _) = set_lines(&FixedMetrics, text, &style, 85.0, &mut 0);
        assert!(lines.len() >= 2);
        let first = &lines[0][0];
        assert_eq!(first.text.chars().count(), 8);
        let spread = first.char_spacing * 7.0 + 80.0;
        assert!((spread - 85.0).abs() < 0.01, "first line spans {spread}");
        assert_eq!(lines.last().unwrap()[0].char_spacing, 0.0);
    }

    #[test]
    fn missing_glyphs_fall_back_then_become_a_mark() {
        let shaped = shape(&FixedMetrics, "AΩ\u{10FFFF}", Face::SansBold, 10.0);
        let faces: Vec<_> = shaped.glyphs.iter().map(|g| (g.ch, g.face)).collect();
        assert_eq!(
            faces,
            [('A', Face::SansBold), ('Ω', Face::Serif), (MISSING_GLYPH_MARK, Face::SansBold)],
            "Ω falls back to the other face; the unknown character becomes the mark"
        );
        assert_eq!(shaped.missing, 1);
    }

    fn spec(rows: usize) -> TableSpec {
        TableSpec {
            column_weights: vec![1.0, 3.0, 2.0],
            header: vec![
                vec![Cell::center("序号").span(1, 2), Cell::center("项目").span(2, 1)],
                vec![Cell::center("名称"), Cell::center("金额")],
            ],
            body: (0..rows)
                .map(|i| {
                    // Every 7th row has a long name that wraps to several lines.
                    let name = if i % 7 == 3 { "很长的科目名称".repeat(8) } else { format!("科目{i}") };
                    vec![Cell::center(format!("{}", i + 1)), Cell::left(name), Cell::right(format!("{i}.00"))]
                })
                .collect(),
            font_size: 9.0,
            min_font_size: 6.0,
        }
    }

    #[test]
    fn a_2000_row_table_repeats_its_header_and_never_splits_a_row() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        flow.paragraph("标题", &TextStyle::body(16.0));
        flow.table(&spec(2000));
        let document = flow.finish();
        let geometry = PageGeometry::a4_portrait();
        let fragments: Vec<(usize, &TableFragment)> =
            document.pages.iter().enumerate().flat_map(|(i, p)| p.tables.iter().map(move |f| (i, f))).collect();
        assert!(fragments.len() > 30, "2,000 rows take many pages, got {}", fragments.len());
        let mut next_row = 0;
        for (page_index, fragment) in &fragments {
            let page = &document.pages[*page_index];
            // The header is on this page: its text runs lie between header_top and header_bottom.
            let header_texts: Vec<&str> = page
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Text(run) if run.y > fragment.header_top && run.y < fragment.header_bottom => {
                        Some(run.text.as_str())
                    }
                    _ => None,
                })
                .collect();
            for label in ["序号", "项目", "名称", "金额"] {
                assert!(header_texts.contains(&label), "page {page_index}: header {label} missing");
            }
            assert_eq!(fragment.rows.start, next_row, "rows continue where the last page stopped");
            assert!(!fragment.rows.is_empty());
            next_row = fragment.rows.end;
            // No row crosses the page's bottom margin; rows are stacked below the header.
            let mut previous_bottom = fragment.header_bottom;
            for (top, bottom) in &fragment.row_bounds {
                assert!((top - previous_bottom).abs() < 0.01);
                assert!(*bottom <= geometry.content_bottom() + 0.01, "page {page_index}: row overflows");
                previous_bottom = *bottom;
            }
            // Every text run of a body row lies inside that row's box: no row's text was split.
            for item in &page.items {
                if let Item::Text(run) = item
                    && run.y > fragment.header_bottom
                    && run.size < 10.0
                {
                    assert!(
                        fragment.row_bounds.iter().any(|(top, bottom)| run.y > *top && run.y < *bottom),
                        "page {page_index}: text {} outside every row",
                        run.text
                    );
                }
            }
        }
        assert_eq!(next_row, 2000, "every row placed exactly once");
    }

    #[test]
    fn cell_text_never_overflows_its_cell() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        // Column one is a seventh of the width (about 66 pt): the 16-character number needs 72 pt
        // at 9 pt and must shrink; the unbroken digit string is too long even at the minimum
        // and must break; the long Chinese text in column two wraps.
        let number = "1234567890123.00";
        let digits = "1234567890".repeat(4);
        let table = TableSpec {
            column_weights: vec![1.0, 6.0],
            header: vec![vec![Cell::center("甲"), Cell::center("乙")]],
            body: vec![
                vec![Cell::right(number), Cell::left("宽".repeat(100))],
                vec![Cell::right(&digits), Cell::left("")],
            ],
            font_size: 9.0,
            min_font_size: 6.0,
        };
        flow.table(&table);
        let document = flow.finish();
        let geometry = PageGeometry::a4_portrait();
        let split = geometry.margin_left + geometry.content_width() / 7.0;
        let right_edge = geometry.margin_left + geometry.content_width();
        let mut digit_pieces: Vec<String> = Vec::new();
        for item in &document.pages[0].items {
            if let Item::Text(run) = item {
                let glyphs = run.text.chars().count() as f32;
                let run_width = run.text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum::<f32>() * run.size
                    + run.char_spacing * (glyphs - 1.0);
                let cell_right = if run.x < split { split } else { right_edge };
                assert!(run.x + run_width <= cell_right + 0.01, "{} overflows its cell", run.text);
                if run.text.chars().all(|c| c.is_ascii_digit()) {
                    digit_pieces.push(run.text.clone());
                }
            }
        }
        let number_run = document.pages[0]
            .items
            .iter()
            .find_map(|item| match item {
                Item::Text(run) if run.text == number => Some(run),
                _ => None,
            })
            .expect("the number is printed whole, on one line");
        assert!(number_run.size < 9.0 && number_run.size >= 6.0, "shrunk to {}", number_run.size);
        assert!(digit_pieces.len() > 1, "the 40-digit string is broken into lines: {digit_pieces:?}");
        assert_eq!(digit_pieces.concat(), digits);
    }

    #[test]
    fn a_row_taller_than_a_page_is_cut_into_pieces_that_fit() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        // 6,000 characters in a cell about 30 characters wide: some 200 lines, four pages.
        let table = TableSpec {
            column_weights: vec![1.0, 5.0],
            header: vec![vec![Cell::center("绩效目标"), Cell::center("内容")]],
            body: vec![
                vec![Cell::center("甲"), Cell::left("目标内容说明".repeat(1000))],
                vec![Cell::center("乙"), Cell::left("短")],
            ],
            font_size: 9.0,
            min_font_size: 6.0,
        };
        flow.table(&table);
        let document = flow.finish();
        assert!(document.pages.len() >= 3, "{} pages", document.pages.len());
        let bottom = PageGeometry::a4_portrait().content_bottom();
        let mut printed = String::new();
        for page in &document.pages {
            for fragment in &page.tables {
                assert!(fragment.row_bounds.iter().all(|(_, b)| *b <= bottom + 0.01), "a piece overflows the page");
            }
            for item in &page.items {
                if let Item::Text(run) = item {
                    assert!(run.y <= bottom, "text below the bottom margin: {}", run.text);
                    printed.push_str(&run.text);
                }
            }
        }
        // Headers repeat on every page and cut the text between pages; count a character that
        // only the long text has.
        assert_eq!(printed.matches('说').count(), 1000, "every line printed once");
    }

    #[test]
    fn a_table_starting_low_on_a_page_moves_rather_than_cut_its_first_group() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        let geometry = PageGeometry::a4_portrait();
        // Leave room for the header and two rows, not for a group of four.
        flow.set_cursor(geometry.content_bottom() - 60.0);
        let mut body = vec![vec![Cell::left("组").span(1, 4), Cell::left("甲")]];
        body.extend((0..3).map(|_| vec![Cell::left("乙")]));
        let table = TableSpec {
            column_weights: vec![1.0, 1.0],
            header: vec![vec![Cell::center("一级"), Cell::center("三级")]],
            body,
            font_size: 9.0,
            min_font_size: 6.0,
        };
        flow.table(&table);
        let document = flow.finish();
        assert!(document.pages[0].tables.is_empty(), "nothing of the table on the first page");
        assert_eq!(document.pages[1].tables[0].rows, 0..4);
    }

    #[test]
    fn rows_tied_by_a_spanning_cell_stay_on_one_page() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        let mut body = Vec::new();
        for group in 0..60 {
            body.push(vec![Cell::left(format!("组{group}")).span(1, 4), Cell::left("甲")]);
            for _ in 0..3 {
                body.push(vec![Cell::left("乙")]);
            }
        }
        let table = TableSpec {
            column_weights: vec![1.0, 1.0],
            header: vec![vec![Cell::center("一级"), Cell::center("三级")]],
            body,
            font_size: 9.0,
            min_font_size: 6.0,
        };
        flow.table(&table);
        let document = flow.finish();
        assert!(document.pages.len() > 1);
        for page in &document.pages {
            for fragment in &page.tables {
                assert_eq!(fragment.rows.start % 4, 0, "a page starts inside a group: {:?}", fragment.rows);
                assert_eq!(fragment.rows.end % 4, 0);
            }
        }
    }
}
