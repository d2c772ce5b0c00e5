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
        Ok(Dictionary::from_entries(entries))
    }

    /// A dictionary of these entries, in this order (a code's first entry covering a year wins).
    pub fn from_entries(entries: Vec<DictionaryEntry>) -> Dictionary {
        let mut by_code: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            by_code.entry(entry.code.clone()).or_default().push(i);
        }
        Dictionary { entries, by_code }
    }

    /// The lists the user imported (`more`, each entry for its year) before this dictionary's own
    /// entries: an imported list is the official one of its year, so its name is the one shown for
    /// that year; the built-in names stay valid too (see [`Dictionary::accepts`]).
    pub fn extended(&self, more: &[DictionaryEntry]) -> Dictionary {
        let mut entries = more.to_vec();
        entries.extend(self.entries.iter().cloned());
        Dictionary::from_entries(entries)
    }

    /// The text `parse` reads back: a header comment, the column line, one line per entry.
    pub fn to_csv(entries: &[DictionaryEntry], header: &str) -> String {
        let mut text = String::new();
        for line in header.lines() {
            text.push_str("# ");
            text.push_str(line);
            text.push('\n');
        }
        text.push_str("code,name,from,to\n");
        let year = |y: Option<u16>| y.map(|y| y.to_string()).unwrap_or_default();
        for entry in entries {
            // A comma would split the line; official names have none, but a user's file might.
            let name = entry.name.replace(',', "，");
            text.push_str(&format!("{},{name},{},{}\n", entry.code, year(entry.from), year(entry.to)));
        }
        text
    }

    /// The name of a code in a budget year.
    pub fn name(&self, code: &str, year: u16) -> Option<&str> {
        self.entries_of(code).find(|e| e.covers(year)).map(|e| e.name.as_str())
    }

    /// Every entry of a code (its names over the years), in dictionary order.
    pub fn entries_of<'d>(&'d self, code: &str) -> impl Iterator<Item = &'d DictionaryEntry> + 'd {
        self.by_code.get(code).into_iter().flatten().filter_map(|&i| self.entries.get(i))
    }

    /// The name of a code for a file of `year`: that year's list, else the year before (a budget
    /// for year Y is drawn up in the autumn of Y−1, and budget systems do not always switch to the
    /// new 科目表 in time).
    pub fn name_for_file(&self, code: &str, year: u16) -> Option<&str> {
        self.name(code, year).or_else(|| self.name(code, year.saturating_sub(1)))
    }

    /// Whether `name` is an official name of `code` in a year a file of `year` may use (the year or
    /// the one before), brackets of either width alike: 30110 is 城镇职工基本医疗保险缴费 up to 2022
    /// and 职工基本医疗保险缴费 from 2023, so a 2023 file may use either.
    pub fn accepts(&self, code: &str, name: &str, year: u16) -> bool {
        let wanted = normalize_brackets(name);
        self.entries_of(code)
            .filter(|e| e.covers(year) || e.covers(year.saturating_sub(1)))
            .any(|e| normalize_brackets(&e.name) == wanted)
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
    fn a_file_may_use_the_names_of_its_year_and_the_year_before() {
        let economic = &Catalog::get().economic_codes;
        assert!(economic.accepts("30110", "城镇职工基本医疗保险缴费", 2022));
        assert!(!economic.accepts("30110", "职工基本医疗保险缴费", 2022));
        // 2023 is drawn up in 2022: either name.
        assert!(economic.accepts("30110", "城镇职工基本医疗保险缴费", 2023));
        assert!(economic.accepts("30110", "职工基本医疗保险缴费", 2023));
        assert!(!economic.accepts("30110", "城镇职工基本医疗保险缴费", 2024));
        assert!(economic.accepts("30213", "维修(护)费", 2024));
    }

    #[test]
    fn imported_entries_come_first_for_their_year_and_survive_a_round_trip() {
        let function = &Catalog::get().function_codes;
        assert_eq!(function.name("2080899", 2025), None);
        let imported = [
            DictionaryEntry {
                code: "2080899".into(), name: "其他优抚支出".into(), from: Some(2025), to: Some(2025)
            },
            DictionaryEntry { code: "201".into(), name: "一般公共服务".into(), from: Some(2025), to: Some(2025) },
        ];
        let extended = function.extended(&imported);
        assert_eq!(extended.name("2080899", 2025), Some("其他优抚支出"));
        assert_eq!(extended.name_for_file("2080899", 2026), Some("其他优抚支出"));
        assert_eq!(extended.name("2080899", 2024), None);
        assert_eq!(extended.name("201", 2025), Some("一般公共服务"));
        assert!(extended.accepts("201", "一般公共服务支出", 2025));
        let text = Dictionary::to_csv(&imported, "2025 年科目表\n来源：测试");
        assert!(text.starts_with("# 2025 年科目表\n# 来源：测试\n"));
        assert_eq!(Dictionary::parse(&text).unwrap().entries(), imported);
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
