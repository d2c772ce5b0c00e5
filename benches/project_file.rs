//! Open and save of project files: each sample, and a synthetic 20,000-row project (DESIGN §8:
//! open/save of a 20,000-row project < 200 ms). The baseline in the same run is reading the
//! file's bytes, the floor any format pays.
//!
//! Run: `cargo bench --bench project_file`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use yugong::catalog::{Catalog, blank_project};
use yugong::io::project_file;
use yugong::model::{Meta, Project, Row};

/// A project whose function tables have `rows` classification rows (类/款/项 codes cycling
/// through plausible ranges), like a large department consolidated with its sub-units.
fn synthetic(rows: usize) -> Project {
    let edition = Catalog::get().edition("hebei-2024").unwrap();
    let meta = Meta {
        unit_code: "999".into(),
        unit_name: "合成测试部门".into(),
        budget_year: 2025,
        edition: edition.id.clone(),
        ..Meta::default()
    };
    let mut project = blank_project(edition, meta);
    for i in 0..rows {
        let code = format!("{}{:02}{:02}", 201 + i % 30, (i / 30) % 99 + 1, (i / 2970) % 99 + 1);
        let amount = Decimal::new((i as i64 * 7919) % 1_000_000 + 1, 2);
        let row = Row::new(code, "合成科目").with("total", amount).with("basic", amount);
        project.tables.expense.rows.push(row.clone());
        project.tables.general_expense.rows.push(row);
    }
    project
}

fn bench(c: &mut Criterion) {
    let folder = tempfile::tempdir().unwrap();
    let mut cases: Vec<(String, Project)> = ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"]
        .into_iter()
        .map(|name| {
            (name.to_string(), project_file::parse(yugong::samples::sample_text(name).unwrap().as_bytes()).unwrap())
        })
        .collect();
    cases.push(("synthetic-20000-rows".to_string(), synthetic(10_000)));
    for (name, project) in &cases {
        let path = folder.path().join(format!("{name}.ron"));
        project_file::save(project, &path).unwrap();
        let bytes = std::fs::metadata(&path).unwrap().len();
        eprintln!("{name}: {bytes} bytes on disk");
        let mut group = c.benchmark_group(name.as_str());
        group.bench_function("baseline: read bytes", |b| b.iter(|| black_box(std::fs::read(&path).unwrap())));
        group.bench_function("load", |b| b.iter(|| black_box(project_file::load(&path).unwrap())));
        let target = folder.path().join(format!("{name}-saved.ron"));
        group.bench_function("save", |b| b.iter(|| project_file::save(black_box(project), &target).unwrap()));
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
