//! Frame CPU time of the editor while scrolling a table (DESIGN §8: < 4 ms per frame for a
//! 20,000-row table). One frame = the whole window's layout and input handling (`App::ui`) and
//! egui's tessellation, without a GPU: each iteration moves the selection 37 rows down, which
//! scrolls the grid, and runs one frame.
//!
//! Baseline in the same run: the same scrolling in the 高阳 sample's 支出总表 (19 rows), so the
//! ratio shows what table size costs (virtualised rows: it should be close to 1).
//!
//! Run: `cargo bench --bench editor`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use yugong::model::TableId;
use yugong::ui::{Document, EditorApp, GridKey, NoDialogs, View};

struct Window {
    ctx: egui::Context,
    frame: eframe::Frame,
    app: EditorApp,
    rows: usize,
    next: usize,
}

impl Window {
    fn new(document: Document) -> Window {
        let ctx = egui::Context::default();
        yugong::ui::install_fonts(&ctx);
        let rows = document.project.tables.get(TableId::Expense).rows.len();
        let mut app = EditorApp::new(Some(document), Box::new(NoDialogs), yugong::io::settings::Store::disabled());
        app.view = View::Table(TableId::Expense);
        let mut window = Window { ctx, frame: eframe::Frame::_new_kittest(), app, rows, next: 1 };
        // Settle: fonts, the table's first sizing pass, column widths.
        for _ in 0..5 {
            window.frame_once();
        }
        window
    }

    fn input(&self) -> egui::RawInput {
        egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 820.0))),
            ..Default::default()
        }
    }

    fn frame_once(&mut self) -> usize {
        let input = self.input();
        let (app, frame) = (&mut self.app, &mut self.frame);
        let output = self.ctx.run_ui(input, |ui| eframe::App::ui(app, ui, frame));
        let egui::FullOutput { shapes, pixels_per_point, mut textures_delta, .. } = output;
        // No GPU takes the font atlas updates; egui's debug builds insist they are not dropped
        // unseen (the benches can run in the test profile).
        textures_delta.clear();
        let shapes = self.ctx.tessellate(shapes, pixels_per_point);
        shapes.len()
    }

    fn scroll_frame(&mut self) -> usize {
        self.next = (self.next + 37) % self.rows.max(1);
        self.app.select_cell(GridKey::Table(TableId::Expense), (self.next + 1, 3));
        self.frame_once()
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("editor-frame");
    let sample = yugong::ui::sample_document("gaoyang-2022").unwrap();
    let mut small = Window::new(sample);
    group.bench_function("baseline: scroll 高阳 支出总表 (19 rows)", |b| {
        b.iter(|| black_box(small.scroll_frame()))
    });

    // About 20,000 rows in 支出总表 alone (项 rows with their 款 and 类).
    let project = yugong::samples::synthetic("hebei-2024", 17_000, 11);
    let rows = project.tables.get(TableId::Expense).rows.len();
    eprintln!("synthetic 支出总表: {rows} rows");
    let mut large = Window::new(Document::new(project, None, "synthetic"));
    group.sample_size(50);
    group.bench_function(format!("scroll synthetic 支出总表 ({rows} rows)"), |b| {
        b.iter(|| black_box(large.scroll_frame()))
    });
    group.bench_function(format!("idle frame synthetic ({rows} rows)"), |b| b.iter(|| black_box(large.frame_once())));
    group.finish();
}

/// A frame of a narrative page whose texts hold bound figures (issue 13: resolved and tinted every
/// frame) against the same page with the same text plain, for each sample's 总体情况 and 三公 pages.
/// Run: `cargo bench --bench editor -- bound`
fn bound_frames(c: &mut Criterion) {
    use yugong::catalog::NarrativePart;
    let mut group = c.benchmark_group("editor-frame/bound");
    for name in ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"] {
        for part in [NarrativePart::Overview, NarrativePart::ThreePublic] {
            let plain = yugong::ui::sample_document(name).unwrap();
            let mut bound = yugong::ui::sample_document(name).unwrap();
            let count = yugong::narrative::bound::bind_narrative(&mut bound.project);
            eprintln!("{name} {part:?}: {count} figures bound in the narrative");
            for (label, document) in [("plain", plain), ("bound", bound)] {
                let mut window = Window::new(document);
                window.app.view = View::Section(part);
                for _ in 0..5 {
                    window.frame_once();
                }
                group.bench_function(format!("{name} {part:?} {label}"), |b| b.iter(|| black_box(window.frame_once())));
            }
        }
    }
    group.finish();
}

criterion_group!(benches, bench, bound_frames);
criterion_main!(benches);
