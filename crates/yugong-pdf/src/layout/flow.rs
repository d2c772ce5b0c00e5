//! The flow: places paragraphs, lines, rules and tables one after another at a cursor, opening
//! pages as needed, and records the outline.

use super::*;
use crate::layout::text::shape;
use crate::layout::text::width_of;

/// The flow: places blocks one after another, opening pages as needed.
pub struct Flow<'m> {
    pub(super) metrics: &'m dyn Metrics,
    pub(super) geometry: PageGeometry,
    pub(super) pages: Vec<Page>,
    pub(super) cursor: f32,
    pub(super) outline: Vec<OutlineEntry>,
    pub(super) missing: usize,
    pub(super) tables_added: usize,
    pub(super) unplaced: Vec<String>,
}

impl<'m> Flow<'m> {
    pub fn new(metrics: &'m dyn Metrics) -> Flow<'m> {
        Flow {
            metrics,
            geometry: PageGeometry::a4_portrait(),
            pages: Vec::new(),
            cursor: 0.0,
            outline: Vec::new(),
            missing: 0,
            tables_added: 0,
            unplaced: Vec::new(),
        }
    }

    /// Starts a new page with the given geometry.
    pub fn new_page(&mut self, geometry: PageGeometry) {
        self.geometry = geometry;
        self.pages.push(Page { width: geometry.width, height: geometry.height, items: Vec::new(), tables: Vec::new() });
        self.cursor = geometry.margin_top;
    }

    pub(super) fn ensure_page(&mut self) {
        if self.pages.is_empty() {
            self.new_page(self.geometry);
        }
    }

    pub fn geometry(&self) -> PageGeometry {
        self.geometry
    }

    /// Index of the current page (0-based).
    pub fn page_index(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    pub fn cursor(&self) -> f32 {
        self.cursor
    }

    pub fn set_cursor(&mut self, y: f32) {
        self.cursor = y;
    }

    pub(super) fn remaining(&self) -> f32 {
        self.geometry.content_bottom() - self.cursor
    }

    /// Moves down; at the page bottom the space is dropped rather than carried over.
    pub fn space(&mut self, points: f32) {
        self.ensure_page();
        self.cursor = (self.cursor + points).min(self.geometry.content_bottom());
    }

    /// Records an outline entry for the current position.
    pub fn bookmark(&mut self, title: &str, level: u8) {
        self.ensure_page();
        self.outline.push(OutlineEntry { title: title.to_string(), level, page: self.page_index(), y: self.cursor });
    }

    pub(super) fn push(&mut self, item: Item) {
        self.ensure_page();
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
        }
    }

    /// Sets a paragraph; lines flow onto new pages (same geometry) as needed. `keep_lines`:
    /// this many lines must fit on the current page together with the paragraph's start
    /// (headings keep with what follows them).
    pub fn paragraph(&mut self, text: &str, style: &TextStyle) {
        self.paragraph_keeping(text, style, 0.0);
    }

    /// As [`Flow::paragraph`], but moves to a new page first unless `keep_below` points remain
    /// after the paragraph's first line (a heading and the first lines of its text stay together).
    pub fn paragraph_keeping(&mut self, text: &str, style: &TextStyle, keep_below: f32) {
        self.ensure_page();
        let width = self.geometry.content_width();
        let (lines, _) = set_lines(self.metrics, text, style, width, &mut self.missing);
        let line_height = style.size * style.leading;
        if self.cursor > self.geometry.margin_top + 0.5 {
            self.cursor += style.space_before;
        }
        if self.remaining() < line_height * lines.len().min(2) as f32 + keep_below {
            let geometry = self.geometry;
            self.new_page(geometry);
        }
        for (number, runs) in lines.into_iter().enumerate() {
            if self.remaining() < line_height - 0.01 {
                let geometry = self.geometry;
                self.new_page(geometry);
            }
            let top = self.cursor - number as f32 * line_height;
            let left = self.geometry.margin_left;
            for run in runs {
                self.push(Item::Text(TextRun { x: run.x + left, y: run.y + top, ..run }));
            }
            self.cursor += line_height;
        }
        self.cursor += style.space_after;
    }

    /// Text placed at an absolute position on the current page, not moving the cursor: a run of
    /// one line, aligned within `[x, x + width]`, `y` being the top of its line box.
    pub fn place_line(&mut self, text: &str, style: &TextStyle, x: f32, y: f32, width: f32) {
        let (lines, _) = set_lines(self.metrics, text, style, width, &mut self.missing);
        for runs in lines.into_iter().take(1) {
            for run in runs {
                self.push(Item::Text(TextRun { x: run.x + x, y: run.y + y, ..run }));
            }
        }
    }

    /// Width of a text at a size, after fallback.
    pub fn measure(&self, text: &str, face: Face, size: f32) -> f32 {
        width_of(&shape(self.metrics, text, face, size).glyphs)
    }

    /// A rule on the current page.
    pub fn rule(&mut self, rule: Rule) {
        self.push(Item::Rule(rule));
    }

    pub fn finish(self) -> Document {
        Document { pages: self.pages, outline: self.outline, missing_glyphs: self.missing, unplaced: self.unplaced }
    }
}
