//! The data-only test edition (`tests/fixtures/editions/test-variant-2024.ron`, a variant of the
//! 2024 template with an extra income row and a renamed 基本支出表) as the user installs it: in the
//! settings folder's `editions/`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use yugong::io::project_file;
use yugong::model::{Project, Row, TableId};

pub const VARIANT_ID: &str = "test-variant-2024";
pub const VARIANT_FILE: &str = "test-variant-2024.ron";
/// The variant's title of the 基本支出表 (no keyword the importer's fallback knows).
pub const VARIANT_BASIC_TITLE: &str = "部门预算人员经费和公用经费明细表（测试变体）";

pub fn variant_fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editions").join(VARIANT_FILE)
}

/// Copies the variant into `settings/editions/` (creating it) and returns the settings folder.
pub fn settings_with_variant(settings: &Path) -> PathBuf {
    let editions = settings.join("editions");
    std::fs::create_dir_all(&editions).unwrap();
    std::fs::copy(variant_fixture(), editions.join(VARIANT_FILE)).unwrap();
    settings.to_path_buf()
}

/// The 涞源 2024 sample as a project of the variant: its rows plus the extra income row
/// (`in.test_extra`, after `in.unit_funds` as in the variant's file) and the renamed 基本支出表 title.
pub fn laiyuan_as_variant() -> Project {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/samples/laiyuan-2024.ron");
    let mut project = project_file::load(&file).unwrap();
    project.meta.edition = VARIANT_ID.into();
    let summary = project.tables.get_mut(TableId::IncomeExpenseSummary);
    let at = summary.rows.iter().position(|r| r.id == "in.unit_funds").unwrap() + 1;
    summary.rows.insert(at, Row::new("in.test_extra", "六、测试附加收入"));
    project.tables.get_mut(TableId::GeneralBasicExpense).title = VARIANT_BASIC_TITLE.into();
    project
}
