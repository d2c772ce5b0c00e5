//! The character-level scanner shared by the readers: positions, punctuation classes and numbers.
//!
//! Everything works on char indices (a `Vec<char>` of the text) because the texts are Chinese and
//! byte arithmetic on them is a source of panics; byte offsets are produced only at the end, for
//! the `start` fields callers use to point into the original string.

use std::str::FromStr;

use rust_decimal::Decimal;

/// The text as chars, with the byte offset of every char so results can point into the original.
pub(crate) struct Doc<'a> {
    text: &'a str,
    pub chars: Vec<char>,
    /// `offsets[i]` is the byte offset of char `i`; one extra entry holds `text.len()`.
    offsets: Vec<usize>,
    /// Positions of the clause, sentence and full-stop delimiters, in order. Clause and sentence
    /// bounds are asked for every number and change word; walking the chars to find them made a
    /// long text without punctuation quadratic (issue 12), a binary search here does not.
    clause_ends: Vec<usize>,
    sentence_ends: Vec<usize>,
    full_stops: Vec<usize>,
    /// Where each word asked of [`Doc::contains`] over a long window starts, found once per word.
    occurrences: std::cell::RefCell<rustc_hash::FxHashMap<String, std::rc::Rc<Vec<usize>>>>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut chars = Vec::with_capacity(text.len() / 3 + 1);
        let mut offsets = Vec::with_capacity(text.len() / 3 + 2);
        let (mut clause_ends, mut sentence_ends, mut full_stops) = (Vec::new(), Vec::new(), Vec::new());
        for (i, (offset, c)) in text.char_indices().enumerate() {
            chars.push(c);
            offsets.push(offset);
            if is_clause_end(c) {
                clause_ends.push(i);
            }
            if is_sentence_end(c) {
                sentence_ends.push(i);
            }
            if is_full_stop(c) {
                full_stops.push(i);
            }
        }
        offsets.push(text.len());
        Doc { text, chars, offsets, clause_ends, sentence_ends, full_stops, occurrences: Default::default() }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    #[inline]
    pub fn char(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// Byte offset of char `i` (`i == len()` gives the text's length).
    #[inline]
    pub fn byte(&self, i: usize) -> usize {
        self.offsets[i.min(self.chars.len())]
    }

    /// The original text of chars `from..to`.
    #[inline]
    pub fn slice(&self, from: usize, to: usize) -> &'a str {
        let to = to.min(self.len());
        // Both ends are char positions mapped to byte offsets, so they are char boundaries.
        self.text.get(self.byte(from.min(to))..self.byte(to)).unwrap_or_default()
    }

    /// Whether `pat` is written at char `i`.
    #[inline]
    pub fn at(&self, i: usize, pat: &str) -> bool {
        // Nearly every call fails on the first char: decide that before walking the pattern.
        let mut pattern = pat.chars();
        match (pattern.next(), self.chars.get(i)) {
            (None, _) => true,
            (Some(p), Some(c)) if p == *c => pattern.enumerate().all(|(k, p)| self.chars.get(i + 1 + k) == Some(&p)),
            _ => false,
        }
    }

    /// The first of `pats` written at char `i`, with its length in chars. Put longer patterns
    /// first when one is a prefix of another.
    #[inline]
    pub fn at_any(&self, i: usize, pats: &[&'static str]) -> Option<(&'static str, usize)> {
        pats.iter().find(|p| self.at(i, p)).map(|p| (*p, p.chars().count()))
    }

    /// Whether `pat` occurs wholly within chars `from..to`. A short window is scanned; a long one
    /// (a clause or sentence of a text without punctuation) is looked up in the word's
    /// occurrences, so asking it for every number stays linear.
    pub fn contains(&self, from: usize, to: usize, pat: &str) -> bool {
        const SCAN_UP_TO: usize = 64;
        let n = pat.chars().count();
        if to < from + n {
            return false;
        }
        if to - from <= SCAN_UP_TO {
            return (from..=to - n).any(|i| self.at(i, pat));
        }
        let occurrences = self.occurrences_of(pat);
        let first = occurrences.partition_point(|&p| p < from);
        occurrences.get(first).is_some_and(|&p| p + n <= to)
    }

    /// Every char position where `pat` starts (overlapping ones included), in order.
    fn occurrences_of(&self, pat: &str) -> std::rc::Rc<Vec<usize>> {
        if let Some(found) = self.occurrences.borrow().get(pat) {
            return std::rc::Rc::clone(found);
        }
        let found = std::rc::Rc::new((0..self.len()).filter(|&i| self.at(i, pat)).collect::<Vec<_>>());
        self.occurrences.borrow_mut().insert(pat.to_string(), std::rc::Rc::clone(&found));
        found
    }

    /// Skips spaces (not line breaks) from char `i`.
    pub fn skip_space(&self, mut i: usize) -> usize {
        while self.char(i).is_some_and(is_inline_space) {
            i += 1;
        }
        i
    }

    /// Steps back over spaces (not line breaks) before char `i`; returns the index after the last
    /// non-space char.
    pub fn skip_space_back(&self, mut i: usize) -> usize {
        while i > 0 && is_inline_space(self.chars[i - 1]) {
            i -= 1;
        }
        i
    }

    /// Index of the first char of the clause holding char `i`.
    pub fn clause_start(&self, i: usize) -> usize {
        self.start_after(i, &self.clause_ends)
    }

    /// Index of the first char of the sentence holding char `i` (；ends a sentence too: the
    /// documents use it between independent statements).
    pub fn sentence_start(&self, i: usize) -> usize {
        self.start_after(i, &self.sentence_ends)
    }

    /// Index of the delimiter ending the clause that holds char `i` (or `len()`).
    pub fn clause_end(&self, i: usize) -> usize {
        self.end_at(i, &self.clause_ends)
    }

    /// Index of the delimiter ending the sentence that holds char `i` (or `len()`).
    pub fn sentence_end(&self, i: usize) -> usize {
        self.end_at(i, &self.sentence_ends)
    }

    /// Index of the next full stop (。！？ or a line break) at or after char `i` (or `len()`).
    pub fn full_stop_end(&self, i: usize) -> usize {
        self.end_at(i, &self.full_stops)
    }

    /// After the last delimiter before char `i` (0 when there is none).
    fn start_after(&self, i: usize, delimiters: &[usize]) -> usize {
        let before = delimiters.partition_point(|&d| d < i.min(self.len()));
        before.checked_sub(1).and_then(|k| delimiters.get(k)).map_or(0, |d| d + 1)
    }

    /// The first delimiter at or after char `i` (`len()` when there is none).
    fn end_at(&self, i: usize, delimiters: &[usize]) -> usize {
        let at = delimiters.partition_point(|&d| d < i.min(self.len()));
        delimiters.get(at).copied().unwrap_or(self.len())
    }

    /// Whether a clause delimiter lies in chars `from..to`.
    pub fn crosses_clause(&self, from: usize, to: usize) -> bool {
        let (from, to) = (from.min(to), to.min(self.len()));
        let first = self.clause_ends.partition_point(|&d| d < from);
        self.clause_ends.get(first).is_some_and(|&d| d < to)
    }
}

/// Spaces inside a line, including the full-width space and no-break space the Word exports carry.
pub(crate) fn is_inline_space(c: char) -> bool {
    c != '\n' && c != '\r' && c.is_whitespace()
}

/// Ends a clause: the label of an amount is looked for only inside its own clause.
pub(crate) fn is_clause_end(c: char) -> bool {
    matches!(c, '，' | ',' | '。' | '；' | ';' | '！' | '!' | '？' | '?' | '\n' | '\r')
}

/// Ends a sentence for comparisons: a 比上年 clause refers back only within its sentence.
pub(crate) fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '！' | '!' | '？' | '?' | '\n' | '\r')
}

/// Ends a sentence proper (not ；): lists of items run on through semicolons.
pub(crate) fn is_full_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '!' | '？' | '?' | '\n' | '\r')
}

fn digit_value(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

fn is_point(c: char) -> bool {
    c == '.' || c == '．'
}

/// What follows a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// 万元: an amount as disclosures state it.
    Wan,
    /// 元 alone: an amount written without 万 (or a real 元 amount such as a per-person rate).
    Yuan,
    /// 万万元, 万元元, 万元万元, 元元: the unit written twice.
    Doubled,
    /// A four-digit integer followed by 年: a year.
    Year,
    /// Anything else (%, 人, 次, nothing).
    Other,
}

/// A number written in the text.
#[derive(Debug, Clone)]
pub(crate) struct Number {
    /// First char of the number.
    pub start: usize,
    /// Char after the last digit.
    pub end: usize,
    /// Char after the unit (spaces between number and unit included); `end` when there is none.
    pub unit_end: usize,
    pub value: Decimal,
    pub unit: Unit,
}

impl Number {
    /// Whether the number is a money amount (any 元 unit, doubled included).
    pub fn is_amount(&self) -> bool {
        matches!(self.unit, Unit::Wan | Unit::Yuan | Unit::Doubled)
    }
}

/// The most digits a number may have to be read as a quantity.
const MAX_DIGITS: usize = 18;

/// Units after a number, longest first so 万万元 is not read as 万 + …
const DOUBLED_UNITS: &[&str] = &["万元万元", "万万元", "万元元", "元元"];

/// Every number in the text with the unit after it. ASCII and full-width digits, an optional
/// decimal point, and thousands separators (1,006.79) are read; a number glued to a Latin letter
/// (A4) or continuing with another point (2022.1.1) is not a quantity and is skipped.
pub(crate) fn numbers(doc: &Doc<'_>) -> Vec<Number> {
    let mut out = Vec::new();
    let n = doc.len();
    let mut i = 0;
    while i < n {
        let c = doc.chars[i];
        let starts_number = digit_value(c).is_some()
            && (i == 0 || {
                let p = doc.chars[i - 1];
                digit_value(p).is_none() && !is_point(p) && !p.is_ascii_alphabetic()
            });
        if !starts_number {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut int_digits = 0;
        while let Some(d) = doc.char(i).and_then(digit_value) {
            digits.push(d);
            int_digits += 1;
            i += 1;
        }
        // Thousands groups: a comma followed by exactly three digits.
        while doc.char(i) == Some(',')
            && (1..=3).all(|k| doc.char(i + k).and_then(digit_value).is_some())
            && doc.char(i + 4).and_then(digit_value).is_none()
        {
            for k in 1..=3 {
                digits.push(digit_value(doc.chars[i + k]).unwrap_or('0'));
            }
            int_digits += 3;
            i += 4;
        }
        let mut fraction = false;
        if doc.char(i).is_some_and(is_point) && doc.char(i + 1).and_then(digit_value).is_some() {
            fraction = true;
            digits.push('.');
            i += 1;
            while let Some(d) = doc.char(i).and_then(digit_value) {
                digits.push(d);
                i += 1;
            }
        }
        let end = i;
        // 2022.1.1, 1.2.3: a date or a version, not a quantity.
        if doc.char(i).is_some_and(is_point) && doc.char(i + 1).and_then(digit_value).is_some() {
            while doc.char(i).is_some_and(|c| is_point(c) || digit_value(c).is_some()) {
                i += 1;
            }
            continue;
        }
        if doc.char(end).is_some_and(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        // No real figure has more than 18 digits (the project file's own limit); a longer run is
        // not a quantity, and summing such numbers would overflow `Decimal`, which panics.
        if digits.chars().filter(char::is_ascii_digit).count() > MAX_DIGITS {
            continue;
        }
        let Ok(value) = Decimal::from_str(&digits) else {
            continue;
        };
        let after = doc.skip_space(end);
        let (unit, unit_end) = if let Some((_, len)) = doc.at_any(after, DOUBLED_UNITS) {
            (Unit::Doubled, after + len)
        } else if doc.at(after, "万元") {
            (Unit::Wan, after + 2)
        } else if doc.at(after, "元") {
            (Unit::Yuan, after + 1)
        } else if !fraction && int_digits == 4 && doc.at(after, "年") {
            (Unit::Year, after + 1)
        } else {
            (Unit::Other, end)
        };
        out.push(Number { start, end, unit_end, value, unit });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, Unit)> {
        let doc = Doc::new(text);
        numbers(&doc).into_iter().map(|n| (n.value.to_string(), n.unit)).collect()
    }

    #[test]
    fn numbers_keep_their_scale_and_unit() {
        assert_eq!(
            read("2022 年支出预算1006.79 万元，其中0.00万元、20万万元、1.61元、95%"),
            vec![
                ("2022".into(), Unit::Year),
                ("1006.79".into(), Unit::Wan),
                ("0.00".into(), Unit::Wan),
                ("20".into(), Unit::Doubled),
                ("1.61".into(), Unit::Yuan),
                ("95".into(), Unit::Other),
            ]
        );
    }

    #[test]
    fn separators_full_width_digits_and_non_quantities() {
        assert_eq!(read("合计1,006.79万元"), vec![("1006.79".into(), Unit::Wan)]);
        assert_eq!(read("１２．５万元"), vec![("12.5".into(), Unit::Wan)]);
        // A date and a paper size are not amounts; 0,1 is not a thousands group.
        assert_eq!(read("2022.1.1 A4纸"), vec![]);
        assert_eq!(read("0,1万元"), vec![("0".into(), Unit::Other), ("1".into(), Unit::Wan)]);
    }

    #[test]
    fn byte_offsets_point_into_the_text() {
        let doc = Doc::new("基本支出746.55 万元");
        let n = &numbers(&doc)[0];
        assert_eq!(doc.byte(n.start), "基本支出".len());
        assert_eq!(doc.slice(n.start, n.unit_end), "746.55 万元");
        assert_eq!(doc.clause_start(5), 0);
    }

    proptest::proptest! {
        /// The indexed bounds and word lookups (issue 12: they replaced scans that made long
        /// texts quadratic) answer exactly what a scan of the chars answers.
        #[test]
        fn indexed_bounds_and_lookups_equal_a_scan(
            parts in proptest::collection::vec(proptest::sample::select(&["预算", "预", "算", "，", "。", "；", "\n", "1", "万元", "较上年", "x"][..]), 0..120),
            from in 0usize..300,
            width in 0usize..300,
        ) {
            let text: String = parts.concat();
            let doc = Doc::new(&text);
            let chars = &doc.chars;
            let i = from.min(doc.len());
            let to = (i + width).min(doc.len());
            let start_after = |delim: fn(char) -> bool| chars[..i].iter().rposition(|&c| delim(c)).map_or(0, |p| p + 1);
            let end_at = |delim: fn(char) -> bool| chars[i..].iter().position(|&c| delim(c)).map_or(doc.len(), |p| i + p);
            proptest::prop_assert_eq!(doc.clause_start(i), start_after(is_clause_end));
            proptest::prop_assert_eq!(doc.sentence_start(i), start_after(is_sentence_end));
            proptest::prop_assert_eq!(doc.clause_end(i), end_at(is_clause_end));
            proptest::prop_assert_eq!(doc.sentence_end(i), end_at(is_sentence_end));
            proptest::prop_assert_eq!(doc.full_stop_end(i), end_at(is_full_stop));
            proptest::prop_assert_eq!(doc.crosses_clause(i, to), chars[i..to].iter().any(|&c| is_clause_end(c)));
            for word in ["预算", "较上年", "算预"] {
                let n = word.chars().count();
                let scanned = to >= i + n && (i..=to - n).any(|k| doc.at(k, word));
                proptest::prop_assert_eq!(doc.contains(i, to, word), scanned, "{} in {}..{}", word, i, to);
            }
        }
    }
}
