//! Importing into the open project: what an imported workbook would change, part by part, and
//! applying the parts the user ticked in the preview. Pure: projects in, projects out.

use std::collections::HashSet;

use yugong_core::model::{Project, Table, TableId};

/// A part of the project an import can replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportPart {
    /// Unit, year, edition, level, entity.
    Meta,
    Table(TableId),
    Goals,
    Procurement,
    Assets,
    /// The 整体支出绩效指标 table (the rest of the department goals is narrative text).
    DepartmentIndicators,
}

impl ImportPart {
    /// Every part, in the order the preview lists them.
    pub fn all() -> Vec<ImportPart> {
        let mut parts = vec![ImportPart::Meta];
        parts.extend(TableId::ALL.into_iter().map(ImportPart::Table));
        parts.extend([
            ImportPart::Goals,
            ImportPart::Procurement,
            ImportPart::Assets,
            ImportPart::DepartmentIndicators,
        ]);
        parts
    }

    pub fn name(self) -> &'static str {
        match self {
            ImportPart::Meta => "项目信息",
            ImportPart::Table(id) => id.short_name(),
            ImportPart::Goals => "项目绩效目标表",
            ImportPart::Procurement => "政府采购预算表",
            ImportPart::Assets => "固定资产占用情况表",
            ImportPart::DepartmentIndicators => "整体支出绩效指标",
        }
    }
}

/// What importing one part would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartChange {
    pub part: ImportPart,
    /// Rows (table rows, goals by name) only the imported project has.
    pub added: Vec<String>,
    /// Rows only the open project has: importing the part removes them.
    pub removed: Vec<String>,
    /// Amounts or fields that differ in rows both have.
    pub changed: usize,
    /// One Chinese line for the preview, e.g. “一般公共预算支出表：新增 2 行，3 个金额不同”.
    pub summary: String,
}

impl PartChange {
    pub fn is_unchanged(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed == 0
    }
}

/// Compares the open project with an imported one, part by part.
pub fn compare(current: &Project, imported: &Project) -> Vec<PartChange> {
    ImportPart::all().into_iter().map(|part| compare_part(current, imported, part)).collect()
}

fn compare_part(current: &Project, imported: &Project, part: ImportPart) -> PartChange {
    let mut change = PartChange { part, added: Vec::new(), removed: Vec::new(), changed: 0, summary: String::new() };
    let mut notes: Vec<String> = Vec::new();
    match part {
        ImportPart::Meta => {
            let (a, b) = (&current.meta, &imported.meta);
            let mut field = |name: &str, old: String, new: String| {
                if old != new {
                    change.changed += 1;
                    notes.push(format!("{name} “{old}” → “{new}”"));
                }
            };
            field("单位编码", a.unit_code.clone(), b.unit_code.clone());
            field("单位名称", a.unit_name.clone(), b.unit_name.clone());
            field("预算年度", a.budget_year.to_string(), b.budget_year.to_string());
            field("模板版本", a.edition.clone(), b.edition.clone());
            field("行政级别", a.level.word().into(), b.level.word().into());
            field("公开主体", a.entity.word().into(), b.entity.word().into());
            if a.edition != b.edition {
                notes.push("模板版本不同：导入表格时请一并导入项目信息，否则表格行与版本不符".into());
            }
        }
        ImportPart::Table(id) => {
            compare_table(current.tables.get(id), imported.tables.get(id), &mut change, &mut notes)
        }
        ImportPart::Goals => {
            let names = |p: &Project| p.goals.iter().map(|g| g.name.clone()).collect::<Vec<_>>();
            let (old, new) = (names(current), names(imported));
            change.added = new.iter().filter(|n| !old.contains(n)).cloned().collect();
            change.removed = old.iter().filter(|n| !new.contains(n)).cloned().collect();
            change.changed =
                imported.goals.iter().filter(|g| current.goals.iter().any(|c| c.name == g.name && c != *g)).count();
        }
        ImportPart::Procurement => {
            let (a, b) = (&current.procurement, &imported.procurement);
            let describe = |r: &yugong_core::model::ProcurementRow| format!("{} {}", r.project, r.item);
            change.added = b.rows.iter().filter(|r| !a.rows.contains(r)).map(describe).collect();
            change.removed = a.rows.iter().filter(|r| !b.rows.contains(r)).map(describe).collect();
            change.changed = usize::from(a.total != b.total) + usize::from(a.notes != b.notes);
        }
        ImportPart::Assets => {
            let (a, b) = (&current.assets, &imported.assets);
            change.changed = a.lines().iter().zip(b.lines()).filter(|((_, x), (_, y))| x != y).count()
                + usize::from(a.title != b.title)
                + usize::from(a.as_of != b.as_of);
        }
        ImportPart::DepartmentIndicators => {
            let (a, b) =
                (&current.narrative.department_goals.indicators, &imported.narrative.department_goals.indicators);
            let key = |i: &yugong_core::model::Indicator| i.name.clone();
            change.added = b.iter().filter(|i| !a.iter().any(|x| x.name == i.name)).map(key).collect();
            change.removed = a.iter().filter(|i| !b.iter().any(|x| x.name == i.name)).map(key).collect();
            change.changed = b.iter().filter(|i| a.iter().any(|x| x.name == i.name && x != *i)).count();
        }
    }
    let mut parts: Vec<String> = Vec::new();
    if !change.added.is_empty() {
        parts.push(format!("新增 {} 项", change.added.len()));
    }
    if !change.removed.is_empty() {
        parts.push(format!("删除 {} 项", change.removed.len()));
    }
    if change.changed > 0 {
        parts.push(format!("{} 处不同", change.changed));
    }
    parts.extend(notes);
    change.summary = if parts.is_empty() {
        format!("{}：无变化", part.name())
    } else {
        format!("{}：{}", part.name(), parts.join("，"))
    };
    change
}

fn compare_table(old: &Table, new: &Table, change: &mut PartChange, notes: &mut Vec<String>) {
    // By row key: under per-unit 小计 rows the same code stands once per unit.
    let (old_keys, new_keys) = (old.row_keys(), new.row_keys());
    let old_rows: std::collections::HashMap<&str, &yugong_core::model::Row> =
        old_keys.iter().map(|k| k.as_ref()).zip(&old.rows).rev().collect();
    let new_has: HashSet<&str> = new_keys.iter().map(|k| k.as_ref()).collect();
    change.added = new_keys.iter().filter(|k| !old_rows.contains_key(k.as_ref())).map(|k| k.to_string()).collect();
    change.removed = old_keys.iter().filter(|k| !new_has.contains(k.as_ref())).map(|k| k.to_string()).collect();
    for (key, row) in new_keys.iter().zip(&new.rows) {
        let Some(before) = old_rows.get(key.as_ref()) else { continue };
        let keys: HashSet<&str> = row.cells.iter().chain(before.cells.iter()).map(|(k, _)| k).collect();
        // Compared as text: "20.00" and "20" are the same amount but not the same cell.
        change.changed += keys
            .iter()
            .filter(|k| row.cells.get(k).map(|v| v.to_string()) != before.cells.get(k).map(|v| v.to_string()))
            .count();
        change.changed += usize::from(row.name != before.name);
    }
    if old.title != new.title {
        change.changed += 1;
        notes.push(format!("标题改为“{}”", new.title));
    }
    if old.notes != new.notes {
        change.changed += 1;
        notes.push("表注不同".into());
    }
}

/// Replaces the chosen parts of the open project with the imported ones; the rest, and the
/// narrative, stay as they are.
pub fn apply_parts(current: &mut Project, imported: &Project, parts: &[ImportPart]) {
    for part in parts {
        match part {
            ImportPart::Meta => current.meta = imported.meta.clone(),
            ImportPart::Table(id) => {
                *current.tables.get_mut(*id) = imported.tables.get(*id).clone();
                // The codes the workbook carried come along with its rows.
                for learned in &imported.learned_codes {
                    let in_table = imported.tables.get(*id).row(&learned.code).is_some();
                    if in_table && current.learned_name(&learned.code).is_none() {
                        current.learned_codes.push(learned.clone());
                    }
                }
            }
            ImportPart::Goals => current.goals = imported.goals.clone(),
            ImportPart::Procurement => current.procurement = imported.procurement.clone(),
            ImportPart::Assets => current.assets = imported.assets.clone(),
            ImportPart::DepartmentIndicators => {
                current.narrative.department_goals.indicators = imported.narrative.department_goals.indicators.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yugong_core::model::amount::parse_canonical;
    use yugong_core::project_format as project_file;

    fn gaoyang() -> Project {
        project_file::parse(yugong_core::samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap()
    }

    #[test]
    fn identical_projects_have_no_changes() {
        let project = gaoyang();
        assert!(compare(&project, &project).iter().all(PartChange::is_unchanged));
    }

    #[test]
    fn changed_added_and_removed_rows_are_counted_per_table() {
        let open = gaoyang();
        let mut imported = open.clone();
        let table = &mut imported.tables.general_expense;
        table.row_mut("2010301").unwrap().cells.set("total", Some(parse_canonical("1.00").unwrap()));
        table.rows.retain(|r| r.id != "2010302");
        table.rows.push(yugong_core::model::Row::new("2010399", "其他政府办公厅（室）及相关机构事务支出"));
        let changes = compare(&open, &imported);
        let general = changes.iter().find(|c| c.part == ImportPart::Table(TableId::GeneralExpense)).unwrap();
        assert_eq!(general.added, ["2010399"]);
        assert_eq!(general.removed, ["2010302"]);
        assert_eq!(general.changed, 1);
        assert!(general.summary.contains("新增 1 项") && general.summary.contains("1 处不同"), "{}", general.summary);
        let others = changes.iter().filter(|c| c.part != ImportPart::Table(TableId::GeneralExpense));
        assert!(others.into_iter().all(PartChange::is_unchanged));
    }

    #[test]
    fn only_the_chosen_parts_are_applied() {
        let mut open = gaoyang();
        let mut imported = open.clone();
        imported.tables.income.rows.clear();
        imported.goals.clear();
        imported.narrative.preamble = "不应被导入".into();
        apply_parts(&mut open, &imported, &[ImportPart::Table(TableId::Income)]);
        assert!(open.tables.income.rows.is_empty());
        assert!(!open.goals.is_empty());
        assert_ne!(open.narrative.preamble, "不应被导入");
    }
}
