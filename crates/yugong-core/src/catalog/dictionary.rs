//! The classification dictionary: code → name, per budget year.
//!
//! Data lines are `code,name,from,to` (years inclusive, blank for open-ended); `#` starts a
//! comment line. A code may have several lines when its name changed between years.

/// One code's name over a range of budget years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryEntry {
    pub code: String,
    pub name: String,
    pub from: Option<u16>,
    pub to: Option<u16>,
}

impl DictionaryEntry {
    pub fn covers(&self, year: u16) -> bool {
        self.from.is_none_or(|f| year >= f) && self.to.is_none_or(|t| year <= t)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    entries: Vec<DictionaryEntry>,
    /// Entry positions by code: the audit looks up every row of every table.
    by_code: std::collections::HashMap<String, Vec<usize>>,
}

impl Dictionary {
    pub fn parse(text: &str) -> Result<Dictionary, String> {
        let mut entries = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line == "code,name,from,to" {
                continue;
            }
            let fields: Vec<&str> = line.split(',').collect();
            let [code, name, from, to] = fields[..] else {
                return Err(format!("第 {} 行应有 4 列", index + 1));
            };
            let year = |s: &str| -> Result<Option<u16>, String> {
                if s.is_empty() {
                    Ok(None)
                } else {
                    s.parse().map(Some).map_err(|_| format!("第 {} 行年度“{s}”无效", index + 1))
                }
            };
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("第 {} 行编码“{code}”无效", index + 1));
            }
            entries.push(DictionaryEntry { code: code.into(), name: name.into(), from: year(from)?, to: year(to)? });
        }
        let mut by_code: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            by_code.entry(entry.code.clone()).or_default().push(i);
        }
        Ok(Dictionary { entries, by_code })
    }

    /// The name of a code in a budget year.
    pub fn name(&self, code: &str, year: u16) -> Option<&str> {
        let positions = self.by_code.get(code)?;
        positions.iter().filter_map(|&i| self.entries.get(i)).find(|e| e.covers(year)).map(|e| e.name.as_str())
    }

    pub fn contains(&self, code: &str) -> bool {
        self.by_code.contains_key(code)
    }

    pub fn entries(&self) -> &[DictionaryEntry] {
        &self.entries
    }

    /// The parent of a code: 2010301 → 20103 → 201 (function), 30101 → 301 (economic).
    pub fn parent_code(code: &str) -> Option<&str> {
        // `get`: a code is digits, but this is public and a non-ASCII “code” must not panic.
        match code.len() {
            7 => code.get(..5),
            5 => code.get(..3),
            _ => None,
        }
    }
}

/// Compares names regardless of half- or full-width brackets: “维修(护)费” = “维修（护）费”.
pub fn normalize_brackets(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '[' => '【',
            ']' => '】',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn names_follow_the_budget_year() {
        let economic = &Catalog::get().economic_codes;
        assert_eq!(economic.name("30110", 2022), Some("城镇职工基本医疗保险缴费"));
        assert_eq!(economic.name("30110", 2024), Some("职工基本医疗保险缴费"));
        assert_eq!(economic.name("30101", 2030), Some("基本工资"));
        assert_eq!(economic.name("99999", 2022), None);
    }

    #[test]
    fn parents_and_brackets() {
        assert_eq!(Dictionary::parent_code("2010301"), Some("20103"));
        assert_eq!(Dictionary::parent_code("20103"), Some("201"));
        assert_eq!(Dictionary::parent_code("201"), None);
        assert_eq!(normalize_brackets("维修(护)费"), normalize_brackets("维修（护）费"));
    }

    #[test]
    fn malformed_dictionary_lines_are_reported() {
        assert!(Dictionary::parse("201,一般公共服务支出").unwrap_err().contains("第 1 行"));
        assert!(Dictionary::parse("2x1,名称,,").unwrap_err().contains("编码"));
        assert!(Dictionary::parse("201,名称,二〇二二,").unwrap_err().contains("年度"));
    }
}
