//! Money and other exact numbers as they appear in a disclosure.
//!
//! Amounts are `rust_decimal::Decimal`, never floats. In project files they are written as plain
//! decimal strings that keep their scale ("20.00" stays "20.00"), so a file says exactly what the
//! published document says. Reading is strict: an optional minus sign, digits, an optional
//! fraction. Exponents, thousands separators, `+`, spaces and full-width digits belong to the
//! forgiving parser for typed or pasted input, not to the file format.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

/// The most digits a stored number may have. A budget in 万元 needs a dozen at most; 18 digits
/// (10¹⁶ 万元 with two decimals) keeps every sum the audit forms over millions of cells far inside
/// `Decimal`'s range, whose arithmetic panics on overflow. Longer numbers mean a damaged file.
const MAX_DIGITS: usize = 18;

/// Why a string is not a canonical decimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountSyntaxError(pub String);

impl fmt::Display for AmountSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses the canonical file form of a number: `-?[0-9]+(\.[0-9]+)?`.
pub fn parse_canonical(text: &str) -> Result<Decimal, AmountSyntaxError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !is_digits(int_part) || !frac_part.is_none_or(is_digits) {
        return Err(AmountSyntaxError(format!(
            "“{}”不是有效的数字（应为如 1006.79 这样的十进制数）",
            shorten(text, QUOTE_LIMIT)
        )));
    }
    if int_part.len() + frac_part.map_or(0, str::len) > MAX_DIGITS {
        return Err(AmountSyntaxError(format!("数字“{}”位数过多（最多 {MAX_DIGITS} 位）", shorten(text, QUOTE_LIMIT))));
    }
    Decimal::from_str(text).map_err(|_| AmountSyntaxError(format!("数字“{}”超出范围", shorten(text, QUOTE_LIMIT))))
}

/// A quotation of user input for a message: long input (a pasted paragraph, a damaged file)
/// is cut at `limit` characters.
pub fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        let head: String = text.chars().take(limit).collect();
        format!("{head}…")
    }
}

const QUOTE_LIMIT: usize = 40;

struct CanonicalDecimalVisitor;

impl Visitor<'_> for CanonicalDecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("带引号的十进制数字符串，如 \"20.00\"")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Decimal, E> {
        parse_canonical(value).map_err(|e| E::custom(e.0))
    }
}

/// `#[serde(with = "amount::decimal")]` for a required number.
pub mod decimal {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_str(CanonicalDecimalVisitor)
    }
}

/// `#[serde(default, with = "amount::optional", skip_serializing_if = "Option::is_none")]` for a
/// cell that may be blank. A blank cell is simply absent from the file, so files stay short and
/// a present value is always a plain string rather than `Some("…")`.
pub mod optional {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.collect_str(v),
            None => serializer.serialize_str(""),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
        struct OptionalVisitor;
        impl Visitor<'_> for OptionalVisitor {
            type Value = Option<Decimal>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("带引号的十进制数字符串，如 \"20.00\"，或空字符串")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Option<Decimal>, E> {
                if value.is_empty() { Ok(None) } else { parse_canonical(value).map(Some).map_err(|e| E::custom(e.0)) }
            }
        }
        deserializer.deserialize_str(OptionalVisitor)
    }
}

/// The largest amount a person can mean in a 万元 table: 10¹² 万元 is a hundred times China's
/// national budget. Larger input is a slip (a pasted account number, a missing decimal point).
pub const MAX_INPUT_WAN: i64 = 1_000_000_000_000;

/// Reads an amount typed into a cell or pasted from Excel/WPS, in 万元 with at most two decimals.
/// `Ok(None)` is a blank cell.
///
/// Accepts what spreadsheets and accountants produce: surrounding spaces (also full-width),
/// full-width digits and signs, thousands separators (`1,006.79`, `1，006.79`), a leading `+`/`-`,
/// accounting negatives `(1.50)` / `（1.50）`, a trailing `万元`, trailing zeros beyond the
/// second decimal (`1.500`), and `-`, `—`, `——` for nothing. Everything else is refused with a
/// Chinese reason quoting the input, so the cell keeps its old value.
pub fn parse_input(input: &str) -> Result<Option<Decimal>, AmountSyntaxError> {
    let refuse = |why: &str| AmountSyntaxError(format!("“{}”{why}", shorten(input.trim(), QUOTE_LIMIT)));
    let text: String = input
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    if matches!(text.as_str(), "" | "-" | "—" | "——" | "--") {
        return Ok(None);
    }
    let text = text.strip_suffix("万元").map(str::trim_end).unwrap_or(&text);
    if text.ends_with('元') {
        return Err(refuse("的单位是元，本表金额单位为万元，请换算后输入"));
    }
    if text.ends_with('%') {
        return Err(refuse("是百分数，此处应填金额（万元）"));
    }
    let (negative, body) = if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        (true, inner.trim())
    } else if let Some(rest) = text.strip_prefix('-') {
        (true, rest.trim_start())
    } else {
        (false, text.strip_prefix('+').unwrap_or(text).trim_start())
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    // Thousands separators only where they group three digits: “1,006.79”, not “1,0067”.
    let groups: Vec<&str> = int_part.split(',').collect();
    let grouped = groups.len() == 1
        || matches!(groups.split_first(), Some((first, rest))
            if !first.is_empty() && first.len() <= 3 && rest.iter().all(|g| g.len() == 3));
    let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !grouped || !groups.iter().all(|g| digits_only(g)) || !frac_part.is_none_or(digits_only) {
        return Err(refuse("不是有效的金额（只能填数字，如 1006.79）"));
    }
    let plain = match frac_part {
        Some(f) => format!("{}.{f}", groups.concat()),
        None => groups.concat(),
    };
    let mut value = parse_canonical(&plain).map_err(|_| refuse("位数过多，不是有效的金额"))?;
    if value.normalize().scale() > 2 {
        return Err(refuse("超过两位小数（金额单位为万元，精确到分即两位小数）"));
    }
    if value.abs() > Decimal::from(MAX_INPUT_WAN) {
        return Err(refuse("过大（超过 1 万亿万元），请检查是否多输了数字"));
    }
    value.rescale(2);
    Ok(Some(if negative { -value } else { value }))
}

/// Formats an amount the way published tables print it: two decimals, blank for nothing.
pub fn format_wan(value: Option<Decimal>) -> String {
    match value {
        Some(v) if !v.is_zero() => format!("{:.2}", v),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_numbers_keep_their_scale() {
        assert_eq!(parse_canonical("20.00").unwrap().to_string(), "20.00");
        assert_eq!(parse_canonical("420.74804").unwrap().to_string(), "420.74804");
        assert_eq!(parse_canonical("-1.5").unwrap().to_string(), "-1.5");
        assert_eq!(parse_canonical("0").unwrap().to_string(), "0");
    }

    #[test]
    fn non_canonical_forms_are_refused_with_chinese_reason() {
        for bad in ["", "-", "1.", ".5", "1e5", "+1", "1,000.00", "１２", " 1", "1_000", "abc", "--1"] {
            let err = parse_canonical(bad).unwrap_err();
            assert!(err.0.contains("不是有效的数字"), "{bad:?} gave {err}");
        }
        let long = "9".repeat(40);
        assert!(parse_canonical(&long).unwrap_err().0.contains("位数过多"));
    }

    #[test]
    fn typed_and_pasted_amounts_are_read_like_a_spreadsheet_would() {
        let ok = |input: &str| parse_input(input).unwrap().map(|v| v.to_string());
        assert_eq!(ok("1006.79"), Some("1006.79".into()));
        assert_eq!(ok(" 940 "), Some("940.00".into()));
        assert_eq!(ok("1,006.79"), Some("1006.79".into()));
        assert_eq!(ok("1,234,567.8"), Some("1234567.80".into()));
        assert_eq!(ok("１，００６．７９"), Some("1006.79".into()));
        assert_eq!(ok("\u{3000}２５.５\u{3000}"), Some("25.50".into()));
        assert_eq!(ok("(1.50)"), Some("-1.50".into()));
        assert_eq!(ok("（1.50）"), Some("-1.50".into()));
        assert_eq!(ok("-3.59"), Some("-3.59".into()));
        assert_eq!(ok("－3.59"), Some("-3.59".into()));
        assert_eq!(ok("+12"), Some("12.00".into()));
        assert_eq!(ok("25万元"), Some("25.00".into()));
        assert_eq!(ok("1.500"), Some("1.50".into()));
        assert_eq!(ok("0"), Some("0.00".into()));
        for blank in ["", "  ", "-", "—", "——", "－", "\u{3000}"] {
            assert_eq!(ok(blank), None, "{blank:?}");
        }
    }

    #[test]
    fn bad_input_is_refused_with_a_chinese_reason() {
        let why = |input: &str| parse_input(input).unwrap_err().0;
        assert!(why("abc").contains("不是有效的金额"));
        assert!(why("12a").contains("不是有效的金额"));
        assert!(why("1,0067").contains("不是有效的金额"));
        assert!(why("1.2.3").contains("不是有效的金额"));
        assert!(why("1.5E+3").contains("不是有效的金额"));
        assert!(why("1.005").contains("超过两位小数"));
        assert!(why("1.61元").contains("单位是元"));
        assert!(why("95%").contains("百分数"));
        assert!(why("2000000000000").contains("过大"));
        assert!(why("99999999999999999999999").contains("位数过多"));
        assert!(why("abc").starts_with("“abc”"));
    }

    #[test]
    fn printing_follows_the_published_tables() {
        assert_eq!(format_wan(Some(Decimal::new(940, 0))), "940.00");
        assert_eq!(format_wan(Some(Decimal::new(2550, 2))), "25.50");
        assert_eq!(format_wan(Some(Decimal::ZERO)), "");
        assert_eq!(format_wan(None), "");
    }
}
