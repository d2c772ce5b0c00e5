//! Excel import and export of the three fixtures. Baselines in the same run: reading the
//! workbook's cells with calamine alone (`read_grids`, the floor any import pays) and parsing the
//! sample's RON project file.
//!
//! Run: `cargo bench --bench xlsx`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use yugong::io::project_file;
use yugong::xlsx;

fn bench(c: &mut Criterion) {
    for name in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
        let path = format!("{}/tests/fixtures/xlsx/{name}.xlsx", env!("CARGO_MANIFEST_DIR"));
        let workbook = std::fs::read(&path).unwrap();
        let ron = yugong::samples::sample_text(name).unwrap();
        let project = project_file::parse(ron.as_bytes()).unwrap();
        let exported = xlsx::export_workbook(&project).unwrap();
        eprintln!("{name}: fixture {} bytes, export {} bytes", workbook.len(), exported.len());
        let mut group = c.benchmark_group(name);
        group.bench_function("baseline: calamine reads all cells", |b| {
            b.iter(|| xlsx::read::read_grids(black_box(&workbook)).unwrap())
        });
        group.bench_function("baseline: parse RON sample", |b| {
            b.iter(|| project_file::parse(black_box(ron.as_bytes())).unwrap())
        });
        group.bench_function("import", |b| b.iter(|| xlsx::import_bytes(black_box(&workbook)).unwrap()));
        group.bench_function("export", |b| b.iter(|| xlsx::export_workbook(black_box(&project)).unwrap()));
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
