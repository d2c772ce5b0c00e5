//! Mutations of project files and workbooks for the fuzz harness (`examples/fuzz/main.rs`) and
//! for the bounded slice `cargo test` runs (`tests/integration/malformed_files.rs`). No dependencies beyond
//! std and zip: a small xorshift generator, byte-level and RON-aware mutations, and workbook
//! mutations inside the zip parts as well as of the raw bytes.

use std::io::{Cursor, Read, Write};

/// xorshift64*: reproducible from a seed, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn choose<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Texts the readers react to: amounts, years, units, template words, punctuation, odd chars.
const PIECES: &[&str] = &[
    "0",
    "1",
    "12",
    "2021",
    "2022",
    "2025年",
    "746.55万元",
    "20万万元",
    "1.61元",
    "万元",
    "元",
    "较上年",
    "增加",
    "减少",
    "持平",
    "基本支出",
    "项目支出",
    "“三公”经费",
    "机关运行经费",
    "其中：",
    "，",
    "。",
    "；",
    "\\n",
    "……",
    "XX",
    "目标内容1",
    "【单位名称】",
    "省级财政",
    "区级",
    "\\u{0}",
    "\\\"",
    "\\\\",
    "𠀀",
    "\u{202e}",
    "-1",
    "1e400",
    "99999999999999999999",
    "NaN",
    "",
];

/// One mutation of a RON project text. Most keep the file parseable (texts and numbers), some
/// break it (bytes, structure), so both the loader and what runs after it are exercised.
pub fn mutate_project(rng: &mut Rng, original: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..=rng.below(3) {
        match rng.below(12) {
            // Replace the contents of a string literal with random pieces (or a long repetition).
            0..=3 => {
                let quotes: Vec<usize> =
                    bytes.iter().enumerate().filter(|(_, b)| **b == b'"').map(|(i, _)| i).collect();
                if quotes.len() >= 2 {
                    let k = rng.below(quotes.len() / 2) * 2;
                    let (open, close) = (quotes[k], quotes[k + 1]);
                    let mut text = String::new();
                    for _ in 0..rng.below(12) {
                        text.push_str(rng.choose(PIECES));
                    }
                    if rng.below(8) == 0 {
                        text = text.repeat(1 + rng.below(5_000));
                    }
                    bytes.splice(open + 1..close, text.into_bytes());
                }
            }
            // Change a number (a code, an amount, the version).
            4 | 5 => {
                let digits: Vec<usize> =
                    bytes.iter().enumerate().filter(|(_, b)| b.is_ascii_digit()).map(|(i, _)| i).collect();
                if !digits.is_empty() {
                    let at = *rng.pick(&digits);
                    let replacement: &[u8] =
                        rng.choose::<&[u8]>(&[&b"0"[..], b"9", b"", b"99999999999999999999", b"-", b".", b"12"]);
                    bytes.splice(at..at + 1, replacement.iter().copied());
                }
            }
            // Flip, insert or delete bytes.
            6 => {
                if !bytes.is_empty() {
                    let at = rng.below(bytes.len());
                    bytes[at] ^= 1 << rng.below(8);
                }
            }
            7 => {
                let at = rng.below(bytes.len() + 1);
                let piece: &[u8] = rng.choose::<&[u8]>(&[
                    &b"("[..],
                    b")",
                    b"[",
                    b"]",
                    b"{",
                    b"}",
                    b",",
                    b"\"",
                    b"//",
                    b"/*",
                    b"\xff",
                    b"\xe4\xb8",
                ]);
                bytes.splice(at..at, piece.iter().copied());
            }
            8 => {
                if !bytes.is_empty() {
                    let at = rng.below(bytes.len());
                    let end = (at + 1 + rng.below(200)).min(bytes.len());
                    bytes.drain(at..end);
                }
            }
            // Duplicate a chunk (rows, goals) or splice in part of another sample.
            9 => {
                if !bytes.is_empty() {
                    let at = rng.below(bytes.len());
                    let end = (at + 1 + rng.below(2_000)).min(bytes.len());
                    let chunk: Vec<u8> = bytes[at..end].to_vec();
                    let to = rng.below(bytes.len() + 1);
                    bytes.splice(to..to, chunk);
                }
            }
            10 => {
                if let Some(other) = others.get(rng.below(others.len().max(1))).filter(|o| !o.is_empty()) {
                    let from = rng.below(other.len());
                    let end = (from + 1 + rng.below(3_000)).min(other.len());
                    let at = rng.below(bytes.len() + 1);
                    bytes.splice(at..at, other[from..end].iter().copied());
                }
            }
            // Cut the file short.
            _ => {
                let keep = rng.below(bytes.len() + 1);
                bytes.truncate(keep);
            }
        }
    }
    bytes
}

/// One mutation of an .xlsx workbook: usually of the XML inside a part (re-zipped, so calamine
/// gets past the archive), sometimes of the raw archive bytes.
pub fn mutate_workbook(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    if rng.below(5) == 0 {
        let mut bytes = original.to_vec();
        for _ in 0..=rng.below(8) {
            if bytes.is_empty() {
                break;
            }
            let at = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[at] = rng.next() as u8,
                1 => bytes.truncate(at),
                _ => {
                    bytes.drain(at..(at + 1 + rng.below(64)).min(bytes.len()));
                }
            }
        }
        return bytes;
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(original)) else { return original.to_vec() };
    let target = rng.below(archive.len());
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(index) else { continue };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_else(|_| "x".into());
        let mut part = Vec::new();
        if entry.read_to_end(&mut part).is_err() {
            continue;
        }
        if index == target || (name.contains("sheet") && rng.below(4) == 0) {
            part = mutate_xml(rng, &part);
        }
        if out.start_file(name, zip::write::SimpleFileOptions::default()).is_err() || out.write_all(&part).is_err() {
            return original.to_vec();
        }
    }
    out.finish().map(|c| c.into_inner()).unwrap_or_else(|_| original.to_vec())
}

/// Mutations of a part's XML: numbers and attribute values, texts, tags, counts.
fn mutate_xml(rng: &mut Rng, xml: &[u8]) -> Vec<u8> {
    let mut bytes = xml.to_vec();
    for _ in 0..=rng.below(4) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(7) {
            0 => {
                let piece: &[u8] = rng.choose::<&[u8]>(&[
                    &b"4294967295"[..],
                    b"18446744073709551615",
                    b"-1",
                    b"0",
                    b"XFD1048576",
                    b"A0",
                    b"1e308",
                ]);
                if let Some(digit) = bytes[at..].iter().position(u8::is_ascii_digit) {
                    let start = at + digit;
                    let end = start + bytes[start..].iter().take_while(|b| b.is_ascii_digit()).count();
                    bytes.splice(start..end, piece.iter().copied());
                }
            }
            1 => {
                let piece: &[u8] = rng.choose::<&[u8]>(&[
                    &b"<"[..],
                    b">",
                    b"</c>",
                    b"<row r=\"1\">",
                    b"&amp;",
                    b"&#0;",
                    b"\"",
                    b"<si><t>x</t></si>",
                    b"t=\"s\"",
                ]);
                bytes.splice(at..at, piece.iter().copied());
            }
            2 => {
                bytes.drain(at..(at + 1 + rng.below(100)).min(bytes.len()));
            }
            3 => {
                let text = PIECES[rng.below(PIECES.len())].repeat(1 + rng.below(3_000));
                bytes.splice(at..at, text.into_bytes());
            }
            4 => {
                let end = (at + 1 + rng.below(500)).min(bytes.len());
                let chunk = bytes[at..end].to_vec();
                bytes.splice(at..at, chunk);
            }
            5 => bytes[at] ^= 1 << rng.below(8),
            _ => bytes.truncate(at),
        }
    }
    bytes
}

/// Whether a message a user sees is Chinese: its first letter-like character is CJK (paths
/// and the system's words in brackets may follow).
pub fn is_chinese_message(message: &str) -> bool {
    let message = message.trim();
    !message.is_empty()
        && message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !message.contains("panicked")
}
