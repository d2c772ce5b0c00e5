//! The desktop editor (eframe/egui). `app` holds the window's state; `commands/`, `panels/` and
//! `dialogs/` what it does; `window` puts one frame together. `document` and `history` (the core's
//! editing model, `yugong_core::editing`) hold the open project, its findings and undo; `grid/` is
//! the spreadsheet widget and `sources` what each table shows in it; `views/` the forms and text
//! editors; `view_keys` and `file_dialogs` are shared below the window. See ARCHITECTURE.md § UI.

pub mod app;
mod commands;
mod dialogs;
pub mod file_dialogs;
pub mod grid;
mod panels;
pub mod sources;
pub mod view_keys;
pub mod views;
mod window;

pub use yugong_core::editing::{document, history};

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use eframe::egui;

pub use app::{EditorApp, Pending};
pub use document::Document;
pub use file_dialogs::{FileDialogs, NativeDialogs, NoDialogs};
pub use view_keys::{GridKey, View};

use crate::io::project_file;
use crate::io::settings::Store;
use crate::samples;

/// The bundled CJK font: the window never depends on the fonts a machine happens to have.
const UI_FONT: &[u8] = include_bytes!("../../fonts/NotoSansSC-Regular.ttf");

/// Picks the document to show on start: the given file, else the most recent file, else the
/// bundled sample. A file that cannot be read gives a message (and the window still opens).
fn initial_document(store: &Store, file: Option<PathBuf>) -> (Option<Document>, Option<String>) {
    if let Some(path) = file {
        return match project_file::load(&path) {
            Ok(project) => {
                store.remember_recent(&path);
                (Some(Document::new(project, Some(path), "")), None)
            }
            Err(error) => (None, Some(format!("无法打开“{}”：{error}", path.display()))),
        };
    }
    let mut note = None;
    if let Some(recent) = store.recent_files().into_iter().next() {
        match project_file::load(&recent) {
            Ok(project) => return (Some(Document::new(project, Some(recent), "")), None),
            Err(error) => note = Some(format!("最近的文件“{}”无法打开：{error}", recent.display())),
        }
    }
    (sample_document(samples::FIRST_START_SAMPLE), note)
}

/// A bundled sample as an unsaved document (saving asks where).
pub fn sample_document(stem: &str) -> Option<Document> {
    let text = samples::sample_text(stem)?;
    let project = project_file::parse(text.as_bytes()).ok()?;
    Some(Document::new(project, None, format!("内置示例 {stem}.ron")))
}

/// Measurement switches, read from the environment (documented in ARCHITECTURE.md):
/// `YUGONG_FRAME_LOG=1` logs each frame's CPU time, `YUGONG_QUIT_AFTER_FRAMES=N` closes after N
/// frames with a summary, `YUGONG_AUTOSCROLL=R` moves the selection R rows per frame.
fn frame_log_settings() -> Option<(Option<usize>, usize)> {
    std::env::var_os("YUGONG_FRAME_LOG")?;
    let number = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<usize>().ok());
    Some((number("YUGONG_QUIT_AFTER_FRAMES"), number("YUGONG_AUTOSCROLL").unwrap_or(0)))
}

/// Renderers in the order to try: glow first on Linux (runs well on software GL), wgpu first
/// elsewhere (glow fails on some Windows remote desktops). `YUGONG_RENDERER=glow|wgpu` forces one.
fn renderers() -> Vec<eframe::Renderer> {
    match std::env::var("YUGONG_RENDERER").as_deref() {
        Ok("glow") => vec![eframe::Renderer::Glow],
        Ok("wgpu") => vec![eframe::Renderer::Wgpu],
        _ if cfg!(target_os = "linux") => vec![eframe::Renderer::Glow, eframe::Renderer::Wgpu],
        _ => vec![eframe::Renderer::Wgpu, eframe::Renderer::Glow],
    }
}

/// The taskbar and title-bar icon: the packaged icon, decoded once at start.
fn window_icon() -> egui::IconData {
    const PNG: &[u8] = include_bytes!("../../packaging/icons/yugong-64.png");
    eframe::icon_data::from_png_bytes(PNG).unwrap_or_default()
}

/// Opens the window on `file` (see [`initial_document`]); `review` opens it in 审阅模式.
pub fn run(file: Option<PathBuf>, review: bool) -> ExitCode {
    let started = std::time::Instant::now();
    let store = Store::user();
    let (document, note) = initial_document(&store, file);
    let mut document = Some(document);
    let mut note = Some(note);
    let mut last_error = None;
    for renderer in renderers() {
        let options = eframe::NativeOptions {
            renderer,
            viewport: egui::ViewportBuilder::default()
                .with_title("预公")
                .with_inner_size([1280.0, 820.0])
                .with_min_inner_size([720.0, 480.0])
                .with_drag_and_drop(true)
                // Wayland matches the window to yugong.desktop by this id (X11 by WM_CLASS, which
                // eframe sets from the app name below).
                .with_app_id("yugong")
                .with_icon(window_icon()),
            ..Default::default()
        };
        let result = eframe::run_native(
            "yugong",
            options,
            Box::new(|cc| {
                install_fonts(&cc.egui_ctx);
                // Budget documents are black on white; so is the editor, unless the user switches.
                cc.egui_ctx.set_theme(egui::Theme::Light);
                let mut app = EditorApp::new(document.take().flatten(), Box::new(NativeDialogs), store.clone());
                if review {
                    app = app.with_review_mode();
                }
                app.status = note.take().flatten();
                if let Some((quit_after, autoscroll)) = frame_log_settings() {
                    app = app.with_frame_log(started, quit_after, autoscroll);
                }
                Ok(Box::new(app))
            }),
        );
        match result {
            Ok(()) => return ExitCode::SUCCESS,
            // The window never opened with this renderer: try the next one.
            Err(error) if document.is_some() => {
                eprintln!("渲染器 {renderer:?} 无法启动：{error}，改用其他渲染器重试");
                last_error = Some(error);
            }
            Err(error) => {
                last_error = Some(error);
                break;
            }
        }
    }
    if let Some(error) = last_error {
        eprintln!("无法打开窗口：{error}");
    }
    ExitCode::from(crate::exit::EXIT_UNREADABLE)
}

/// Puts the bundled CJK font behind egui's default fonts, so Latin text keeps egui's look and
/// every Chinese character has a glyph.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("noto-sans-sc".into(), Arc::new(egui::FontData::from_static(UI_FONT)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("noto-sans-sc".into());
    }
    ctx.set_fonts(fonts);
}
