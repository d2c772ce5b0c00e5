//! Text: font fallback (a glyph missing in one face comes from the other, else the 〓 mark),
//! line breaking with the Chinese rules (禁则) and setting a paragraph into positioned runs.

use std::ops::Range;

use super::*;

/// One glyph after font fallback: the character actually printed, its face and width in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Glyph {
    pub(super) ch: char,
    pub(super) face: Face,
    pub(super) width: f32,
    /// A space: a break opportunity that disappears at line ends and stretches in justified text.
    pub(super) space: bool,
}

/// Text shaped at one size: glyphs with fallback applied.
pub(super) struct Shaped {
    pub(super) glyphs: Vec<Glyph>,
    pub(super) missing: usize,
}

pub(super) fn shape(metrics: &dyn Metrics, text: &str, face: Face, size: f32) -> Shaped {
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
pub(super) fn atoms(glyphs: &[Glyph]) -> Vec<Range<usize>> {
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

pub(super) fn width_of(glyphs: &[Glyph]) -> f32 {
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

/// Share of the ascent in the line box, so that CJK glyphs sit centred in it (Noto CJK: ascent
/// 0.88 em, descent 0.12 em).
const ASCENT: f32 = 0.88;

/// Justification is skipped when it would spread characters further than this (em): a line
/// ended early by a long unbreakable word looks worse stretched than ragged.
const MAX_JUSTIFY_SPACING: f32 = 0.6;

/// Lays out one paragraph into lines within `width`; returns the lines' runs relative to
/// (0, 0) at the top of the first line box, and the total height.
pub(super) fn set_lines(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_metrics::FixedMetrics;

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
}
