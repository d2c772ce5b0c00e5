//! A reader for the seed documents (text extracted from the published Word files), independent of
//! the converter that produced the samples, so tests compare the samples against the source.
//!
//! Format: a table cell is a TAB-indented line; a line without TAB directly after a cell
//! continues that cell (a second paragraph); rows are separated by blank lines; every other
//! line is running text. `[bookmark: …]` prefixes and `page number` lines are extraction noise.

#![allow(dead_code)]

use std::path::PathBuf;

/// A piece of the document: a paragraph of running text or a table row.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Text(String),
    Row(Vec<String>),
}

pub fn seed_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds").join(format!("{name}.txt"))
}

pub fn read_seed(name: &str) -> Vec<Block> {
    let text = std::fs::read_to_string(seed_path(name)).expect("seed fixture present");
    parse_blocks(&text)
}

fn strip_noise(line: &str) -> String {
    let mut out = line.to_string();
    while let Some(start) = out.find("[bookmark:") {
        let Some(len) = out[start..].find(']') else {
            break;
        };
        out.replace_range(start..start + len + 1, "");
    }
    out
}

pub fn parse_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut previous_was_cell = false;
    let flush = |row: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !row.is_empty() {
            blocks.push(Block::Row(std::mem::take(row)));
        }
    };
    for raw in text.lines() {
        if let Some(cell) = raw.strip_prefix('\t') {
            row.push(strip_noise(cell).trim().to_string());
            previous_was_cell = true;
        } else if previous_was_cell && !raw.trim().is_empty() {
            let last = row.last_mut().expect("a cell precedes a continuation");
            last.push('\n');
            last.push_str(strip_noise(raw).trim());
        } else {
            previous_was_cell = false;
            flush(&mut row, &mut blocks);
            let line = strip_noise(raw).trim().to_string();
            if line.is_empty() || line == "page number" || line.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            blocks.push(Block::Text(line));
        }
    }
    flush(&mut row, &mut blocks);
    blocks
}

/// The nine standard tables of a seed: (title as printed, data rows, notes under the table).
/// Data rows are those whose first cell is a row number (序号); header and 栏次 rows are skipped.
pub fn standard_tables(blocks: &[Block]) -> Vec<(String, Vec<Vec<String>>, Vec<String>)> {
    let mut tables = Vec::new();
    let mut index = 0;
    while index < blocks.len() {
        if let Block::Text(title) = &blocks[index]
            && title.starts_with("部门预算")
            && title.ends_with('表')
        {
            let mut rows = Vec::new();
            let mut notes = Vec::new();
            index += 1;
            while index < blocks.len() {
                match &blocks[index] {
                    Block::Row(cells) => {
                        if cells.first().is_some_and(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit())) {
                            rows.push(cells.clone());
                        }
                    }
                    Block::Text(text) if text.starts_with("注：") => notes.push(text.clone()),
                    Block::Text(_) => break,
                }
                index += 1;
            }
            tables.push((title.clone(), rows, notes));
        } else {
            index += 1;
        }
    }
    tables
}

/// Running text lines between the first line starting with `from` and the end.
pub fn text_lines(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text(t) => Some(t.clone()),
            Block::Row(_) => None,
        })
        .collect()
}
