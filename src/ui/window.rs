//! One frame of the window (`eframe::App`): the order in which the shortcuts, panels, dialogs,
//! autosave and title run, and the frame-time log; the window title.

use std::time::Instant;

use eframe::egui::{self};

use crate::ui::app::EditorApp;

impl EditorApp {
    pub(in crate::ui) fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.document {
            Some(document) => {
                let meta = &document.project.meta;
                format!(
                    "{}{} — {}{}年{}预算 — {}{} — 预公",
                    if document.is_dirty() { "● " } else { "" },
                    document.display_name(),
                    meta.unit_name,
                    meta.budget_year,
                    meta.entity.word(),
                    document.project.review.state().label(),
                    if document.is_review_mode() { "【审阅模式】" } else { "" }
                )
            }
            None => "预公".into(),
        };
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    pub fn title(&self) -> &str {
        &self.shown_title
    }
}

impl eframe::App for EditorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        let status_before = self.status.clone();
        let revision_before = self.document.as_ref().map(|d| d.revision());
        self.guard_close(&ctx);
        self.dropped_files(&ctx);
        self.shortcuts(&ctx);
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        self.status_bar(ui);
        if self.show_findings {
            self.findings_panel(ui);
        }
        egui::Panel::left("navigation").resizable(true).default_size(230.0).show(ui, |ui| self.navigation(ui));
        self.goal_panel(ui);
        self.compare_panel(ui);
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        self.dialogs(&ctx);
        self.search_window(&ctx);
        self.batch_window(&ctx);
        self.report_review_refusals();
        self.autosave_tick(&ctx);
        // A message is about the state it was given in: once the document changes without a
        // new message (a correct entry after a refused one), the old one goes.
        if self.document.as_ref().map(|d| d.revision()) != revision_before && self.status == status_before {
            self.status = None;
        }
        self.update_title(&ctx);
        if let Some(log) = &mut self.frame_log {
            let elapsed = frame_start.elapsed();
            if log.times.is_empty() {
                eprintln!("first frame: {:.1} ms after start", log.started.elapsed().as_secs_f64() * 1000.0);
            }
            log.times.push(elapsed);
            eprintln!("frame {}: ui {:.3} ms", log.times.len(), elapsed.as_secs_f64() * 1000.0);
            if log.autoscroll > 0 {
                ctx.request_repaint();
            }
            if log.quit_after.is_some_and(|n| log.times.len() >= n) {
                let mut sorted = log.times.clone();
                sorted.sort();
                let median = sorted[sorted.len() / 2];
                let p95 = sorted[(sorted.len() * 95 / 100).min(sorted.len() - 1)];
                eprintln!(
                    "frames: {}  median {:.3} ms  p95 {:.3} ms  max {:.3} ms",
                    sorted.len(),
                    median.as_secs_f64() * 1000.0,
                    p95.as_secs_f64() * 1000.0,
                    sorted[sorted.len() - 1].as_secs_f64() * 1000.0
                );
                log.quit_after = None;
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }
}
