//! Recompute + full audit: what the editor runs after every edit and `yugong check` per file.
//! DESIGN §8: < 0.2 ms per sample, < 20 ms for a 20,000-row project, growing linearly (5k/10k/20k).
//! Baseline in the same run: cloning the project (one pass over all its memory).
//!
//! Run: `cargo bench --bench audit`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use yugong::catalog::Catalog;
use yugong::io::project_file;
use yugong::model::Project;

fn bench(c: &mut Criterion) {
    let mut cases: Vec<(String, Project)> = ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"]
        .into_iter()
        .map(|name| {
            (name.to_string(), project_file::parse(yugong::samples::sample_text(name).unwrap().as_bytes()).unwrap())
        })
        .collect();
    // Synthetic projects of about 5k/10k/20k rows in all (DESIGN §8: “a synthetic 20,000-row
    // project”): 项 rows with their 款/类 parents in the three function tables plus the fixed rows.
    // The actual counts are printed.
    for (label, leaves) in [("5k", 850), ("10k", 1_750), ("20k", 4_400)] {
        let project = yugong::samples::synthetic("hebei-2024", leaves, 7);
        let rows: usize = project.tables.iter().map(|(_, t)| t.rows.len()).sum();
        eprintln!("synthetic-{label}: {rows} rows in the project, {} in 支出总表", project.tables.expense.rows.len());
        cases.push((format!("synthetic-{label}-rows"), project));
    }
    for (name, project) in &cases {
        let edition = Catalog::get().edition(&project.meta.edition).unwrap();
        let mut group = c.benchmark_group(name.as_str());
        if name.starts_with("synthetic") {
            group.sample_size(20);
        }
        group.bench_function("baseline: clone", |b| b.iter(|| black_box(project.clone())));
        group.bench_function("recompute", |b| {
            let mut working = project.clone();
            b.iter(|| yugong::calc::recompute(edition, black_box(&mut working)))
        });
        group.bench_function("audit", |b| b.iter(|| black_box(yugong::audit::check(black_box(project)))));
        // The first audit after opening a file reads every narrative text; later audits (after an
        // edit) reuse what they read from unchanged texts.
        group.bench_function("audit, first after opening", |b| {
            b.iter(|| {
                yugong::narrative::forget_facts();
                black_box(yugong::audit::check(black_box(project)))
            })
        });
        group.bench_function("recompute + audit", |b| {
            let mut working = project.clone();
            b.iter(|| {
                yugong::calc::recompute(edition, &mut working);
                black_box(yugong::audit::check(&working))
            })
        });
        group.finish();
    }
}

/// Issue 12: reading a long narrative was quadratic (check took 0.6 s on 0.8 MB, 2.2 s on 1.6 MB,
/// 8.6 s on 3.2 MB). The sample's figure sections repeated to 0.4–3.2 MB in one section, with and
/// without punctuation: each doubling should double the time.
fn bench_long_narratives(c: &mut Criterion) {
    let base = project_file::parse(yugong::samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap();
    let n = &base.narrative;
    let unit = format!("{}{}{}{}", n.overview.expense, n.overview.change, n.operating_costs, n.three_public);
    let unpunctuated: String = unit.chars().filter(|c| !"，。；,;\n".contains(*c)).collect();
    let mut group = c.benchmark_group("long narrative");
    group.sample_size(10);
    for (label, piece) in [("punctuated", &unit), ("unpunctuated", &unpunctuated)] {
        for megabytes in [0.4, 0.8, 1.6, 3.2] {
            let mut project = base.clone();
            project.narrative.overview.expense = piece.repeat((megabytes * 1e6 / piece.len() as f64) as usize);
            group.bench_function(format!("{label} {megabytes} MB: audit"), |b| {
                b.iter(|| {
                    yugong::narrative::forget_facts();
                    black_box(yugong::audit::check(black_box(&project)))
                })
            });
        }
    }
    group.finish();
}

/// Drafting all sections of each sample (issue 13), against the same run's baseline of cloning the
/// project and of a full audit (what the editor already runs after every edit).
/// Run: `cargo bench --bench audit -- draft`
fn draft(c: &mut Criterion) {
    for name in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
        let mut project = project_file::parse(yugong::samples::sample_text(name).unwrap().as_bytes()).unwrap();
        project.prior_year = Some(yugong::model::PriorYear::from_project(&project));
        let edition = Catalog::get().edition(&project.meta.edition).unwrap();
        let mut group = c.benchmark_group(format!("draft/{name}"));
        group.bench_function("baseline: clone", |b| b.iter(|| black_box(project.clone())));
        group.bench_function("baseline: audit", |b| b.iter(|| black_box(yugong::audit::check(black_box(&project)))));
        group.bench_function("draft all sections", |b| {
            b.iter(|| black_box(yugong::narrative::draft::draft_all(black_box(&project), edition)))
        });
        group.finish();
    }
}

/// Resolving every narrative text of each sample with its figures bound (what the editor and every
/// output do) against the same texts plain (a scan for ⟦ that finds none).
/// Run: `cargo bench --bench audit -- bound`
fn bound(c: &mut Criterion) {
    use yugong::narrative::bound;
    for name in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
        let plain = project_file::parse(yugong::samples::sample_text(name).unwrap().as_bytes()).unwrap();
        let mut bound_project = plain.clone();
        bound::bind_narrative(&mut bound_project);
        let mut group = c.benchmark_group(format!("bound/{name}"));
        for (label, project) in [("baseline: plain", &plain), ("bound", &bound_project)] {
            group.bench_function(format!("{label}: resolve all texts"), |b| {
                b.iter(|| {
                    let values = bound::Values::new(project);
                    let texts = bound::texts(&project.narrative);
                    black_box(texts.into_iter().map(|t| bound::resolve_spans(t, &values).1.len()).sum::<usize>())
                })
            });
        }
        group.bench_function("bind the narrative", |b| {
            b.iter(|| black_box(bound::bind_narrative(&mut black_box(plain.clone()))))
        });
        group.finish();
    }
}

criterion_group!(benches, bench, bench_long_narratives, draft, bound);
criterion_main!(benches);
