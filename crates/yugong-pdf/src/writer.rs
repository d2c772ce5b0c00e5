//! The printpdf writer: a laid-out [`Document`] → PDF bytes with subset-embedded fonts.
//!
//! Everything about positions was decided by the layout engine; this module only translates
//! (top-left page coordinates → PDF's bottom-left ones) and talks to printpdf.

use std::sync::OnceLock;

use printpdf::{
    Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
    TextMatrix,
};

use super::PdfError;
use super::layout::{Document, Face, Item, Metrics, OutlineEntry};

/// Noto Serif SC Regular, the 宋体 role (body text and tables).
const SERIF_TTF: &[u8] = include_bytes!("../../../fonts/NotoSerifSC-Regular.ttf");
/// Noto Sans SC Bold, the 黑体 role (titles).
const SANS_BOLD_TTF: &[u8] = include_bytes!("../../../fonts/NotoSansSC-Bold.ttf");

/// The two bundled faces, parsed once per process: parsing a 15 MB font is the slowest step of an
/// export, and the faces never change.
pub struct Fonts {
    serif: ParsedFont,
    sans_bold: ParsedFont,
    serif_units: f32,
    sans_units: f32,
}

impl Fonts {
    pub fn get() -> Result<&'static Fonts, PdfError> {
        static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
        FONTS.get_or_init(Fonts::parse).as_ref().ok_or(PdfError::Font)
    }

    fn parse() -> Option<Fonts> {
        let mut warnings = Vec::new();
        let serif = ParsedFont::from_bytes(SERIF_TTF, 0, &mut warnings)?;
        let sans_bold = ParsedFont::from_bytes(SANS_BOLD_TTF, 0, &mut warnings)?;
        let serif_units = f32::from(serif.font_metrics.units_per_em.max(1));
        let sans_units = f32::from(sans_bold.font_metrics.units_per_em.max(1));
        Some(Fonts { serif, sans_bold, serif_units, sans_units })
    }

    fn face(&self, face: Face) -> (&ParsedFont, f32) {
        match face {
            Face::Serif => (&self.serif, self.serif_units),
            Face::SansBold => (&self.sans_bold, self.sans_units),
        }
    }
}

impl Metrics for Fonts {
    fn advance(&self, face: Face, ch: char) -> Option<f32> {
        let (font, units) = self.face(face);
        // Glyph 0 is .notdef, the box a missing character would print as.
        let glyph = font.lookup_glyph_index(ch as u32).filter(|&g| g != 0)?;
        Some(f32::from(font.get_horizontal_advance(glyph)) / units)
    }
}

/// Document information written into the PDF.
pub struct Info {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub created: printpdf::DateTime,
}

/// Writes the pages, the outline and the document information.
pub fn write(document: &Document, fonts: &Fonts, info: &Info) -> Vec<u8> {
    let mut pdf = PdfDocument::new(&info.title);
    pdf.metadata.info.author = info.author.clone();
    pdf.metadata.info.subject = info.subject.clone();
    pdf.metadata.info.creator = "预公（yugong）".to_string();
    pdf.metadata.info.producer = "预公（yugong）".to_string();
    pdf.metadata.info.creation_date = info.created;
    pdf.metadata.info.modification_date = info.created;
    pdf.metadata.info.metadata_date = info.created;
    let serif_id = pdf.add_font(&fonts.serif);
    let sans_id = pdf.add_font(&fonts.sans_bold);

    let mut pages = Vec::with_capacity(document.pages.len());
    for page in &document.pages {
        let height = page.height;
        let mut ops = Vec::with_capacity(page.items.len() * 3 + 8);
        // Rules first, outside any text section.
        let mut thickness = f32::NAN;
        for item in &page.items {
            if let Item::Rule(rule) = item {
                if rule.width != thickness {
                    thickness = rule.width;
                    ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
                }
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint { p: Point { x: Pt(rule.x1), y: Pt(height - rule.y1) }, bezier: false },
                            LinePoint { p: Point { x: Pt(rule.x2), y: Pt(height - rule.y2) }, bezier: false },
                        ],
                        is_closed: false,
                    },
                });
            }
        }
        ops.push(Op::StartTextSection);
        let mut current: Option<(Face, f32)> = None;
        let mut spacing = 0.0_f32;
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            if current != Some((run.face, run.size)) {
                let id = match run.face {
                    Face::Serif => serif_id.clone(),
                    Face::SansBold => sans_id.clone(),
                };
                ops.push(Op::SetFont { font: PdfFontHandle::External(id), size: Pt(run.size) });
                current = Some((run.face, run.size));
            }
            if run.char_spacing != spacing {
                spacing = run.char_spacing;
                ops.push(Op::SetCharacterSpacing { multiplier: spacing });
            }
            // Absolute positioning: the text cursor operator is relative to the previous line.
            ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(run.x), Pt(height - run.y)) });
            ops.push(Op::ShowText { items: vec![TextItem::Text(run.text.clone())] });
        }
        // Character spacing outlives the text section in PDF: reset it.
        if spacing != 0.0 {
            ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
        }
        ops.push(Op::EndTextSection);
        pages.push(PdfPage::new(Mm::from(Pt(page.width)), Mm::from(Pt(page.height)), ops));
    }
    pdf.with_pages(pages);
    let options = PdfSaveOptions { subset_fonts: true, ..Default::default() };
    let mut warnings = Vec::new();
    // printpdf's own bookmarks are one flat list sorted by page and then by name; the outline is
    // written here instead, nested (parts → sections → subsections) and in document order.
    let mut lopdf_document = pdf.to_lopdf_document(&options, &mut warnings);
    write_outline(&mut lopdf_document, document);
    if options.optimize {
        lopdf_document.compress();
    }
    let mut bytes = Vec::new();
    // Writing into memory cannot fail.
    let _ = lopdf_document.save_to(&mut bytes);
    bytes
}

/// A PDF text string: UTF-16BE with a byte order mark, so that viewers show Chinese titles.
fn text_string(text: &str) -> lopdf::Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// Writes the document outline: each entry's parent is the nearest earlier entry of a lower
/// level; every level is shown open.
fn write_outline(pdf: &mut lopdf::Document, document: &Document) {
    use lopdf::{Dictionary, Object};
    let pages = pdf.get_pages();
    let entries: Vec<(&OutlineEntry, lopdf::ObjectId)> = document
        .outline
        .iter()
        .filter_map(|entry| pages.get(&(entry.page as u32 + 1)).map(|page| (entry, *page)))
        .collect();
    if entries.is_empty() {
        return;
    }
    let root = pdf.new_object_id();
    let ids: Vec<lopdf::ObjectId> = entries.iter().map(|_| pdf.new_object_id()).collect();
    let mut parent: Vec<Option<usize>> = vec![None; entries.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (index, (entry, _)) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&top| entries[top].0.level >= entry.level) {
            stack.pop();
        }
        parent[index] = stack.last().copied();
        stack.push(index);
    }
    let children_of =
        |owner: Option<usize>| -> Vec<usize> { (0..entries.len()).filter(|&i| parent[i] == owner).collect() };
    let descendants = |owner: usize| -> i64 {
        let mut count = 0;
        let mut open = vec![owner];
        while let Some(node) = open.pop() {
            for child in (0..entries.len()).filter(|&i| parent[i] == Some(node)) {
                count += 1;
                open.push(child);
            }
        }
        count
    };
    for (index, (entry, page)) in entries.iter().enumerate() {
        let siblings = children_of(parent[index]);
        let position = siblings.iter().position(|&s| s == index).unwrap_or(0);
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&entry.title));
        dict.set("Parent", Object::Reference(parent[index].map_or(root, |p| ids[p])));
        // Scroll to the entry's line, a little above it.
        let height = document.pages.get(entry.page).map_or(0.0, |p| p.height);
        let top = (height - entry.y + 12.0).min(height);
        dict.set(
            "Dest",
            Object::Array(vec![Object::Reference(*page), "XYZ".into(), Object::Null, Object::Real(top), Object::Null]),
        );
        if position > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[position - 1]]));
        }
        if let Some(&next) = siblings.get(position + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        let children = children_of(Some(index));
        if let (Some(&first), Some(&last)) = (children.first(), children.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            dict.set("Count", Object::Integer(descendants(index)));
        }
        pdf.set_object(ids[index], dict);
    }
    let top = children_of(None);
    let mut root_dict = Dictionary::new();
    root_dict.set("Type", "Outlines");
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        root_dict.set("First", Object::Reference(ids[first]));
        root_dict.set("Last", Object::Reference(ids[last]));
    }
    root_dict.set("Count", Object::Integer(entries.len() as i64));
    pdf.set_object(root, root_dict);
    if let Ok(catalog) = pdf.catalog_mut() {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", "UseOutlines");
    }
}
