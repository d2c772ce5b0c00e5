//! Reference data: editions (table templates) and the classification dictionary.
//!
//! All of it is embedded at compile time from `assets/` and parsed once. Parsing is pure (it
//! reads strings, not files), so the core stays free of I/O.

pub mod code_list;
pub mod dictionary;
pub mod edition;

use std::sync::OnceLock;

pub use dictionary::{Dictionary, DictionaryEntry, normalize_brackets};
pub use edition::{
    ClassSource, Classification, Column, Edition, EditionMarker, FixedRow, Layout, MarkerPart, NarrativePart, RowInfo,
    RowSum, SectionTemplate, Side, SideRows, TableTemplate,
};

use crate::model::{AssetTable, Meta, Project, Row, StandardTables, Table, TableId};

/// Everything the program knows about templates and codes.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub editions: Vec<Edition>,
    /// 支出功能分类科目.
    pub function_codes: Dictionary,
    /// 部门预算支出经济分类科目.
    pub economic_codes: Dictionary,
}

const FUNCTION_CODES: &str = include_str!("../../../../assets/catalog/function-codes.csv");
const ECONOMIC_CODES: &str = include_str!("../../../../assets/catalog/economic-codes.csv");

impl Catalog {
    /// The embedded catalog. The data ships inside the binary and is checked by the test suite,
    /// so a parse failure here is a build defect, not a user error.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog::parse_embedded().unwrap_or_else(|e| panic!("内置目录数据有误：{e}")))
    }

    fn parse_embedded() -> Result<Catalog, String> {
        let mut editions = Vec::new();
        for (name, source) in edition::EDITION_SOURCES {
            let edition = Edition::parse(&format!("{name}.ron"), source)?;
            if edition.id != *name {
                return Err(format!("{name}.ron 的 id 为 {}", edition.id));
            }
            editions.push(edition);
        }
        Ok(Catalog {
            editions,
            function_codes: Dictionary::parse(FUNCTION_CODES).map_err(|e| format!("function-codes.csv {e}"))?,
            economic_codes: Dictionary::parse(ECONOMIC_CODES).map_err(|e| format!("economic-codes.csv {e}"))?,
        })
    }

    /// This catalog with the 科目表 entries the user imported after the built-in ones. The binary
    /// reads the imported lists from the user's data folder and hands the result to the audit and
    /// the editor; the core itself never looks for them.
    pub fn extended(&self, function: &[DictionaryEntry], economic: &[DictionaryEntry]) -> Catalog {
        Catalog {
            editions: self.editions.clone(),
            function_codes: self.function_codes.extended(function),
            economic_codes: self.economic_codes.extended(economic),
        }
    }

    /// This catalog with more editions (read with [`Edition::parse`] from files the user added).
    /// An edition may not take the id of one already there, nor a marker rank another edition
    /// uses (the importer tries all markers in one rank order); `file` names each in the error.
    pub fn with_editions(&self, added: Vec<(String, Edition)>) -> Result<Catalog, Vec<String>> {
        let mut catalog = self.clone();
        let mut problems = Vec::new();
        for (file, edition) in added {
            if catalog.edition(&edition.id).is_some() {
                problems.push(format!("{file}：版本 id“{}”已有同名版本，请改用新的 id", edition.id));
                continue;
            }
            let taken: Vec<u16> = catalog.editions.iter().flat_map(|e| e.markers.iter().map(|m| m.rank)).collect();
            let clashes: Vec<String> =
                edition.markers.iter().filter(|m| taken.contains(&m.rank)).map(|m| m.rank.to_string()).collect();
            if !clashes.is_empty() {
                problems.push(format!(
                    "{file}：markers 的 rank {} 已被其他版本使用，请改用未用的 rank（已用：{}）",
                    clashes.join("、"),
                    taken.iter().map(u16::to_string).collect::<Vec<_>>().join("、")
                ));
                continue;
            }
            catalog.editions.push(edition);
        }
        if problems.is_empty() { Ok(catalog) } else { Err(problems) }
    }

    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.id == id)
    }

    /// Edition ids, for messages that list the choices.
    pub fn edition_ids(&self) -> Vec<&str> {
        self.editions.iter().map(|e| e.id.as_str()).collect()
    }

    pub fn dictionary(&self, classification: Classification) -> &Dictionary {
        match classification {
            Classification::Function => &self.function_codes,
            Classification::Economic => &self.economic_codes,
        }
    }
}

/// A new, empty disclosure with every fixed row of the edition, the edition's table titles, and
/// the boilerplate sentences every disclosure opens with.
pub fn blank_project(edition: &Edition, meta: Meta) -> Project {
    let mut tables = StandardTables::default();
    for id in TableId::ALL {
        let template = edition.table(id);
        let rows = edition.fixed_rows(id).iter().map(|r| Row::new(r.id.clone(), r.label.clone())).collect();
        *tables.get_mut(id) = Table { title: template.title.clone(), rows, notes: Vec::new() };
    }
    let entity = meta.entity.word();
    let mut project = Project {
        tables,
        assets: AssetTable {
            title: edition.assets.title.clone(),
            as_of: format!("{}-12-31", meta.budget_year.saturating_sub(1)),
            ..AssetTable::default()
        },
        ..Project::default()
    };
    project.procurement.notes.push(edition.procurement.standing_note.clone());
    project.narrative.preamble = format!(
        "按照《中华人民共和国预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，现将{}{}年{entity}预算公开如下：",
        meta.unit_name, meta.budget_year
    );
    project.narrative.overview.intro =
        format!("按照预算管理有关规定，目前{entity}预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。");
    project.meta = meta;
    project
}

/// A new project for the year after `last`: the same unit and edition, year + 1, every fixed row
/// blank; carried over are what changes little from year to year (职责, 机构设置, 名词解释,
/// 其他事项, the goal tables' names and indicators, the department's goals) and last year's key
/// figures as the prior-year block. Amounts are not carried: this year's come from this year's
/// tables.
pub fn next_year_project(edition: &Edition, last: &Project) -> Project {
    let mut meta = last.meta.clone();
    meta.budget_year = last.meta.budget_year.saturating_add(1);
    meta.edition = edition.id.clone();
    let mut project = blank_project(edition, meta);
    let (from, to) = (&last.narrative, &mut project.narrative);
    to.duties = from.duties.clone();
    to.sub_units = from.sub_units.clone();
    to.glossary = from.glossary.clone();
    to.other_matters = from.other_matters.clone();
    to.department_goals = from.department_goals.clone();
    to.special_funds = from.special_funds.clone();
    project.goals = last
        .goals
        .iter()
        .map(|goal| crate::model::ProjectGoal {
            name: goal.name.clone(),
            code: goal.code.clone(),
            purpose: goal.purpose.clone(),
            goal: goal.goal.clone(),
            indicators: goal.indicators.clone(),
            ..Default::default()
        })
        .collect();
    project.assets.title = last.assets.title.clone();
    project.prior_year = Some(crate::model::PriorYear::from_project(last));
    project
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_year_project_carries_the_texts_and_goals_and_clears_the_amounts() {
        let text = crate::samples::sample_text("laiyuan-2024").unwrap();
        let last = crate::project_format::parse(text.as_bytes()).unwrap();
        let edition = Catalog::get().edition(&last.meta.edition).unwrap();
        let next = next_year_project(edition, &last);
        assert_eq!(next.meta.budget_year, 2025);
        assert_eq!((&next.meta.unit_name, &next.meta.edition), (&last.meta.unit_name, &last.meta.edition));
        assert_eq!(next.narrative.duties, last.narrative.duties);
        assert_eq!(next.narrative.sub_units, last.narrative.sub_units);
        assert_eq!(next.narrative.glossary, last.narrative.glossary);
        assert_eq!(next.narrative.other_matters, last.narrative.other_matters);
        assert_eq!(next.goals.len(), last.goals.len());
        for (new, old) in next.goals.iter().zip(&last.goals) {
            assert_eq!((&new.name, &new.indicators), (&old.name, &old.indicators));
            assert_eq!((new.budget, new.plan.december), (None, None), "amounts cleared");
        }
        assert!(next.tables.iter().all(|(_, t)| t.has_no_amounts()));
        assert!(next.narrative.preamble.contains("2025年"));
        let prior = next.prior_year.as_ref().unwrap();
        assert_eq!(prior.year, 2024);
        assert_eq!(prior.total, Some(rust_decimal::Decimal::new(148683, 2)));
        // A file that says the same after a save and a load.
        let written = crate::project_format::to_string(&next);
        assert_eq!(crate::project_format::parse(written.as_bytes()).unwrap(), next);
    }
    use crate::catalog::edition::Layout;

    #[test]
    fn embedded_editions_parse_and_differ_where_the_seeds_differ() {
        let catalog = Catalog::get();
        assert_eq!(catalog.edition_ids(), ["hebei-2022", "hebei-2024"]);
        let e2022 = catalog.edition("hebei-2022").unwrap();
        let e2024 = catalog.edition("hebei-2024").unwrap();
        assert_eq!(e2022.function_classes.len(), 30);
        assert_eq!(e2024.function_classes.len(), 31);
        assert_eq!(e2024.function_classes[30].name, "人行科目");
        let income_rows = |e: &Edition| match &e.table(TableId::IncomeExpenseSummary).layout {
            Layout::TwoSided { .. } => e.side_items(TableId::IncomeExpenseSummary, true).len(),
            _ => unreachable!(),
        };
        assert_eq!(income_rows(e2022), 9);
        assert_eq!(income_rows(e2024), 5);
        let three_public = |e: &Edition| e.fixed_rows(TableId::ThreePublic).len();
        assert_eq!(three_public(e2022), 9);
        assert_eq!(three_public(e2024), 13);
        assert!(!e2022.goals.header_block);
        assert!(e2024.goals.header_block);
        assert_eq!(e2022.procurement.fund_columns.len(), 8);
        assert_eq!(e2024.procurement.fund_columns.len(), 7);
    }

    #[test]
    fn class_rows_are_numbered_like_the_published_tables() {
        let e2024 = Catalog::get().edition("hebei-2024").unwrap();
        let rows = e2024.fixed_rows(TableId::IncomeExpenseSummary);
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert!(labels.contains(&"二十、住房保障支出"));
        assert!(labels.contains(&"三十一、人行科目"));
        assert!(rows.iter().any(|r| r.id == "out.221"));
    }

    #[test]
    fn blank_project_has_every_fixed_row() {
        let edition = Catalog::get().edition("hebei-2024").unwrap();
        let meta =
            Meta {
                unit_name: "测试单位".into(), budget_year: 2025, edition: edition.id.clone(), ..Meta::default()
            };
        let project = blank_project(edition, meta);
        assert_eq!(project.tables.income_expense_summary.rows.len(), 5 + 31 + 6);
        // footer: 本年合计 ×2, 结转 ×2 plus three 年初 sub-rows, 总计 ×2
        assert_eq!(project.tables.fiscal_summary.rows.len(), 3 + 31 + 9);
        assert_eq!(project.tables.three_public.rows.len(), 13);
        assert_eq!(project.tables.income.rows.len(), 1);
        assert_eq!(project.assets.as_of, "2024-12-31");
        assert!(project.narrative.preamble.contains("测试单位2025年部门预算"));
    }
}
