//! PDF export: DESIGN §8 wants the 高阳 sample in < 0.3 s and < 1.5 MB, at least 10× faster than
//! LibreOffice converting the same tables (`soffice --headless --convert-to pdf
//! tests/fixtures/xlsx/gaoyang-2022.xlsx`, timed separately with hyperfine, see ARCHITECTURE);
//! and synthetic documents of about 250/500/1,000 pages to show that cost grows linearly.
//!
//! “export” includes layout, PDF writing, font subsetting and compression; the fonts are parsed
//! once per process (“first export” measures that once, printed to stderr).
//!
//! Run: `cargo bench --bench pdf`

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use yugong::io::project_file;
use yugong::pdf::{self, CalendarDate};

const DATE: CalendarDate = CalendarDate { year: 2026, month: 11, day: 22 };

fn bench(c: &mut Criterion) {
    let gaoyang = project_file::parse(yugong::samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap();
    let started = Instant::now();
    let first = pdf::export_dated(&gaoyang, DATE).unwrap();
    eprintln!(
        "gaoyang-2022: first export (font parsing included) {:.1} ms, {} pages, {} bytes",
        started.elapsed().as_secs_f64() * 1000.0,
        first.pages,
        first.bytes.len()
    );
    let mut cases = vec![("gaoyang-2022".to_string(), gaoyang)];
    for name in ["laiyuan-2024", "guangyang-2022"] {
        cases.push((
            name.to_string(),
            project_file::parse(yugong::samples::sample_text(name).unwrap().as_bytes()).unwrap(),
        ));
    }
    // Leaves chosen so the documents have about 250, 500 and 1,000 pages (counts printed).
    for leaves in [1_900, 3_850, 7_700] {
        let project = yugong::samples::synthetic("hebei-2024", leaves, 7);
        let exported = pdf::export_dated(&project, DATE).unwrap();
        eprintln!("synthetic-{leaves}: {} pages, {} bytes", exported.pages, exported.bytes.len());
        cases.push((format!("synthetic-{leaves}-leaves-{}-pages", exported.pages), project));
    }
    for (name, project) in &cases {
        let mut group = c.benchmark_group(name.as_str());
        if name.starts_with("synthetic") {
            group.sample_size(10);
        }
        group.bench_function("export", |b| b.iter(|| black_box(pdf::export_dated(black_box(project), DATE).unwrap())));
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
