//! Ruled tables: cells and their spans, fitting each cell's text (shrinking down to a minimum
//! size), cutting rows taller than a page, and laying a table out on the flow's pages with the
//! header repeated on every page.

use std::ops::Range;

use super::*;
use crate::layout::text::atoms;
use crate::layout::text::shape;
use crate::layout::text::width_of;

/// One table cell. Cells are listed per row in column order and only where they start; a cell
/// spanning rows or columns covers the slots to its right and below, as in HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub align: Align,
    /// Indent in ems (类/款/项 levels).
    pub indent: f32,
    pub face: Face,
    pub col_span: usize,
    pub row_span: usize,
}

impl Cell {
    pub fn new(text: impl Into<String>, align: Align) -> Cell {
        Cell { text: text.into(), align, indent: 0.0, face: Face::Serif, col_span: 1, row_span: 1 }
    }
    pub fn left(text: impl Into<String>) -> Cell {
        Cell::new(text, Align::Left)
    }
    pub fn center(text: impl Into<String>) -> Cell {
        Cell::new(text, Align::Center)
    }
    pub fn right(text: impl Into<String>) -> Cell {
        Cell::new(text, Align::Right)
    }
    pub fn span(mut self, cols: usize, rows: usize) -> Cell {
        self.col_span = cols.max(1);
        self.row_span = rows.max(1);
        self
    }
    pub fn indent(mut self, ems: f32) -> Cell {
        self.indent = ems;
        self
    }
    pub fn face(mut self, face: Face) -> Cell {
        self.face = face;
        self
    }
}

/// A ruled table: relative column widths, header rows repeated on every page, body rows.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSpec {
    pub column_weights: Vec<f32>,
    pub header: Vec<Vec<Cell>>,
    pub body: Vec<Vec<Cell>>,
    pub font_size: f32,
    /// Cell text that does not fit shrinks down to this size before it breaks inside numbers.
    pub min_font_size: f32,
}

/// Inner padding of a cell, in points.
const CELL_PAD_X: f32 = 2.5;
const CELL_PAD_Y: f32 = 2.5;
const CELL_LEADING: f32 = 1.3;
const RULE_WIDTH: f32 = 0.6;

/// A cell placed in the grid with its text fitted.
struct PlacedCell {
    row: usize,
    col: usize,
    col_span: usize,
    row_span: usize,
    lines: Vec<Vec<TextRun>>,
    text_height: f32,
    /// Row and position in that row of the [`Cell`] in the spec, for naming a text that cannot
    /// be placed.
    source: (usize, usize),
}

/// Cuts every body row taller than `limit` into rows that fit, each cell's lines going to the
/// pieces in order. A cell spanning a row that is cut spans all of its pieces, so an indicator
/// whose 一级/二级 cells span several rows still flows onto the next page. Row indices of the
/// result refer to the pieces.
fn cut_rows_taller_than(cells: Vec<PlacedCell>, heights: Vec<f32>, limit: f32) -> (Vec<PlacedCell>, Vec<f32>) {
    let room = limit - 2.0 * CELL_PAD_Y;
    if room <= 0.0 || heights.iter().all(|h| *h <= limit) {
        return (cells, heights);
    }
    let mut by_row: Vec<Vec<PlacedCell>> = (0..heights.len()).map(|_| Vec::new()).collect();
    let mut spanning = Vec::new();
    for cell in cells {
        if cell.row_span > 1 {
            spanning.push(cell);
        } else {
            let row = cell.row;
            by_row[row].push(cell);
        }
    }
    let mut out_cells = Vec::new();
    let mut out_heights = Vec::new();
    // The first piece of every row, and the end: where the spanning cells go.
    let mut first_piece = Vec::with_capacity(heights.len() + 1);
    for (row_cells, height) in by_row.into_iter().zip(heights) {
        let new_row = out_heights.len();
        first_piece.push(new_row);
        if height <= limit {
            out_cells.extend(row_cells.into_iter().map(|c| PlacedCell { row: new_row, ..c }));
            out_heights.push(height);
            continue;
        }
        // Each cell's lines, packed into pieces of at most `room` points.
        let mut pieces: Vec<Vec<PlacedCell>> = Vec::new();
        for cell in row_cells {
            let line_height = if cell.lines.is_empty() { 0.0 } else { cell.text_height / cell.lines.len() as f32 };
            let per_piece = ((room / line_height.max(0.1)).floor() as usize).max(1);
            for (piece, chunk) in cell.lines.chunks(per_piece).enumerate() {
                let shift = (piece * per_piece) as f32 * line_height;
                let lines: Vec<Vec<TextRun>> = chunk
                    .iter()
                    .map(|runs| runs.iter().map(|r| TextRun { y: r.y - shift, ..r.clone() }).collect())
                    .collect();
                if pieces.len() <= piece {
                    pieces.resize_with(piece + 1, Vec::new);
                }
                pieces[piece].push(PlacedCell {
                    row: 0,
                    col: cell.col,
                    col_span: cell.col_span,
                    row_span: 1,
                    text_height: chunk.len() as f32 * line_height,
                    lines,
                    source: cell.source,
                });
            }
        }
        if pieces.is_empty() {
            // Tall only through a spanning cell, which is reported when it cannot fit a page.
            out_heights.push(height);
            continue;
        }
        for piece_cells in pieces {
            let piece_row = out_heights.len();
            let piece_height =
                piece_cells.iter().map(|c| c.text_height + 2.0 * CELL_PAD_Y).fold(0.0_f32, f32::max).min(limit);
            out_cells.extend(piece_cells.into_iter().map(|c| PlacedCell { row: piece_row, ..c }));
            out_heights.push(piece_height);
        }
    }
    first_piece.push(out_heights.len());
    for cell in spanning {
        let row = first_piece[cell.row];
        let end = first_piece[cell.row + cell.row_span];
        out_cells.push(PlacedCell { row, row_span: end - row, ..cell });
    }
    (out_cells, out_heights)
}

/// Places cells into the grid and fits their text; returns the placed cells and row heights.
fn place_rows(
    metrics: &dyn Metrics,
    rows: &[Vec<Cell>],
    column_x: &[f32],
    spec: &TableSpec,
    missing: &mut usize,
) -> (Vec<PlacedCell>, Vec<f32>) {
    let columns = column_x.len() - 1;
    let mut occupied: Vec<Vec<bool>> = vec![vec![false; columns]; rows.len()];
    let mut placed = Vec::new();
    let min_row = spec.font_size * CELL_LEADING + 2.0 * CELL_PAD_Y;
    let mut heights = vec![min_row; rows.len()];
    for (row_index, row) in rows.iter().enumerate() {
        let mut col = 0;
        for (cell_index, cell) in row.iter().enumerate() {
            while col < columns && occupied[row_index][col] {
                col += 1;
            }
            if col >= columns {
                break;
            }
            let col_span = cell.col_span.min(columns - col);
            let row_span = cell.row_span.min(rows.len() - row_index);
            for slots in occupied.iter_mut().skip(row_index).take(row_span) {
                for slot in slots.iter_mut().skip(col).take(col_span) {
                    *slot = true;
                }
            }
            let width = column_x[col + col_span] - column_x[col] - 2.0 * CELL_PAD_X;
            let (lines, text_height) = fit_cell(metrics, cell, width, spec, missing);
            let needed = text_height + 2.0 * CELL_PAD_Y;
            if row_span == 1 {
                heights[row_index] = heights[row_index].max(needed);
            }
            placed.push(PlacedCell {
                row: row_index,
                col,
                col_span,
                row_span,
                lines,
                text_height,
                source: (row_index, cell_index),
            });
            col += col_span;
        }
    }
    // Spanning cells: grow the last spanned row when the rows together are too short.
    for cell in placed.iter().filter(|c| c.row_span > 1) {
        let spanned: f32 = heights[cell.row..cell.row + cell.row_span].iter().sum();
        let needed = cell.text_height + 2.0 * CELL_PAD_Y;
        if needed > spanned {
            heights[cell.row + cell.row_span - 1] += needed - spanned;
        }
    }
    (placed, heights)
}

/// Fits a cell's text into `width`: at the table's size if every unbreakable word fits,
/// otherwise at the largest size down to the minimum where they do; at the minimum, words that
/// still do not fit break between characters. Never wider than the cell.
fn fit_cell(
    metrics: &dyn Metrics,
    cell: &Cell,
    width: f32,
    spec: &TableSpec,
    missing: &mut usize,
) -> (Vec<Vec<TextRun>>, f32) {
    let width = width.max(1.0);
    let mut size = spec.font_size;
    loop {
        let style = TextStyle {
            face: cell.face,
            size,
            leading: CELL_LEADING,
            align: cell.align,
            first_indent: 0.0,
            indent: cell.indent,
            space_before: 0.0,
            space_after: 0.0,
        };
        let at_minimum = size <= spec.min_font_size + 0.01;
        if !at_minimum {
            let shaped = shape(metrics, &cell.text, cell.face, size);
            let available = width - cell.indent * size;
            let fits = atoms(&shaped.glyphs).into_iter().all(|a| width_of(&shaped.glyphs[a]) <= available + 0.01);
            if !fits {
                size = (size - 0.5).max(spec.min_font_size);
                continue;
            }
        }
        let mut counted = 0;
        let (lines, height) = set_lines(metrics, &cell.text, &style, width, &mut counted);
        *missing += counted;
        return (lines, height);
    }
}

impl Flow<'_> {
    /// Lays out a ruled table at the cursor over the full content width. Header rows repeat on
    /// every page; a body row never splits unless it is taller than a page (then its lines flow onto
    /// the next pages); rows joined by a cell spanning them are kept on one page when they fit on
    /// one. A cell that cannot be placed is recorded in [`Document::unplaced`]. Returns the
    /// table's number.
    pub fn table(&mut self, spec: &TableSpec) -> usize {
        self.ensure_page();
        let table_number = self.tables_added;
        self.tables_added += 1;
        let columns = spec.column_weights.len().max(1);
        let total_weight: f32 = spec.column_weights.iter().sum::<f32>().max(f32::EPSILON);
        let left = self.geometry.margin_left;
        let width = self.geometry.content_width();
        let mut column_x = Vec::with_capacity(columns + 1);
        let mut x = left;
        column_x.push(x);
        for weight in spec.column_weights.iter().take(columns) {
            x += width * weight / total_weight;
            column_x.push(x);
        }
        if column_x.len() < 2 {
            column_x.push(left + width);
        }
        let (header_cells, header_heights) = place_rows(self.metrics, &spec.header, &column_x, spec, &mut self.missing);
        let (body_cells, body_heights) = place_rows(self.metrics, &spec.body, &column_x, spec, &mut self.missing);
        let header_height: f32 = header_heights.iter().sum();
        // A row taller than a whole page below the header cannot stay whole: it is cut into
        // pieces that each fill a page, the one exception to “a row never splits”.
        let page_room = self.geometry.content_bottom() - self.geometry.margin_top - header_height;
        // A cell whose own text needs more than a page (a header, or a cell spanning rows) cannot
        // be placed whole: it is named, and the export refuses rather than drop it.
        let too_tall = |cell: &PlacedCell| cell.text_height + 2.0 * CELL_PAD_Y > page_room + 0.01;
        for cell in header_cells.iter().filter(|c| too_tall(c) || page_room <= 2.0 * CELL_PAD_Y) {
            self.unplaced.push(spec.header[cell.source.0][cell.source.1].text.clone());
        }
        for cell in body_cells.iter().filter(|c| c.row_span > 1 && too_tall(c)) {
            self.unplaced.push(spec.body[cell.source.0][cell.source.1].text.clone());
        }
        let (body_cells, body_heights) = cut_rows_taller_than(body_cells, body_heights, page_room);
        let rows = body_heights.len();

        // Blocks of rows that spanning cells tie together.
        let mut block_end: Vec<usize> = (1..=rows).collect();
        for cell in &body_cells {
            let end = cell.row + cell.row_span;
            block_end[cell.row] = block_end[cell.row].max(end);
        }
        // Body cells by starting row, for drawing fragments.
        let mut starting: Vec<Vec<usize>> = vec![Vec::new(); rows];
        for (index, cell) in body_cells.iter().enumerate() {
            starting[cell.row].push(index);
        }
        // Cells spanning rows, the only ones that can reach into a page from an earlier one.
        let spanning: Vec<usize> = (0..body_cells.len()).filter(|&i| body_cells[i].row_span > 1).collect();

        let mut row = 0;
        let mut first_page = true;
        loop {
            // Start a page fragment: header first. A table never starts with its header alone at
            // a page bottom, nor with its first group of tied rows cut when a fresh page would
            // hold the group whole.
            let first_block_height = if first_page && row < rows {
                let mut end = row + 1;
                let mut scan = row;
                while scan < end {
                    end = end.max(block_end[scan]);
                    scan += 1;
                }
                body_heights[row..end].iter().sum::<f32>().min(page_room)
            } else {
                0.0
            };
            let at_page_top = self.cursor <= self.geometry.margin_top + 0.5;
            if !first_page || (self.remaining() < header_height + first_block_height && !at_page_top) {
                let geometry = self.geometry;
                self.new_page(geometry);
            }
            first_page = false;
            let header_top = self.cursor;
            self.draw_header(&header_cells, &header_heights, &column_x, header_top);
            self.cursor += header_height;
            let header_bottom = self.cursor;

            // Body rows that fit.
            let start = row;
            let mut bounds = Vec::new();
            let mut y = self.cursor;
            let bottom = self.geometry.content_bottom();
            while row < rows {
                let mut end = row + 1;
                let mut scan = row;
                while scan < end {
                    end = end.max(block_end[scan]);
                    scan += 1;
                }
                let block_height: f32 = body_heights[row..end].iter().sum();
                if y + block_height <= bottom + 0.01 {
                    for height in &body_heights[row..end] {
                        bounds.push((y, y + height));
                        y += height;
                    }
                    row = end;
                } else if row == start {
                    // Nothing placed yet on this page: the block is taller than a page. Place
                    // rows one by one (still never splitting a row); at least one row per page.
                    let mut placed_any = false;
                    while row < end && (y + body_heights[row] <= bottom + 0.01 || !placed_any) {
                        bounds.push((y, y + body_heights[row]));
                        y += body_heights[row];
                        row += 1;
                        placed_any = true;
                    }
                    break;
                } else {
                    break;
                }
            }
            // Draw the body cells that touch rows start..row.
            let fragment_rows = start..row;
            self.draw_body_fragment(&body_cells, &starting, &spanning, fragment_rows.clone(), &column_x, &bounds);
            // The table's outer right and bottom edges.
            let table_bottom = y;
            let right = column_x[column_x.len() - 1];
            self.rule(Rule { x1: right, y1: header_top, x2: right, y2: table_bottom, width: RULE_WIDTH });
            self.rule(Rule { x1: column_x[0], y1: table_bottom, x2: right, y2: table_bottom, width: RULE_WIDTH });
            self.cursor = table_bottom;
            if let Some(page) = self.pages.last_mut() {
                page.tables.push(TableFragment {
                    table: table_number,
                    header_top,
                    header_bottom,
                    rows: fragment_rows,
                    row_bounds: bounds,
                });
            }
            if row >= rows {
                break;
            }
        }
        table_number
    }

    /// Draws the header rows (all on this page): each cell's top and left edges and its text.
    fn draw_header(&mut self, cells: &[PlacedCell], heights: &[f32], column_x: &[f32], top: f32) {
        let mut tops = Vec::with_capacity(heights.len() + 1);
        let mut y = top;
        for height in heights {
            tops.push(y);
            y += height;
        }
        tops.push(y);
        for cell in cells {
            let cell_top = tops[cell.row];
            let cell_bottom = tops[(cell.row + cell.row_span).min(heights.len())];
            self.draw_cell(cell, column_x, cell_top, cell_bottom);
        }
    }

    /// Draws the body cells visible in `rows` (`bounds`: top and bottom of each of those rows): a
    /// cell that started on an earlier page and spans into this one is drawn again, its text
    /// repeated, over its visible rows.
    fn draw_body_fragment(
        &mut self,
        cells: &[PlacedCell],
        starting: &[Vec<usize>],
        spanning: &[usize],
        rows: Range<usize>,
        column_x: &[f32],
        bounds: &[(f32, f32)],
    ) {
        if rows.is_empty() || bounds.len() != rows.len() {
            return;
        }
        let first = rows.start;
        let visible = |cell: &PlacedCell| {
            let from = cell.row.max(first);
            let last = (cell.row + cell.row_span).min(rows.end) - 1;
            (bounds[from - first].0, bounds[last - first].1)
        };
        for row in rows.clone() {
            for &index in &starting[row] {
                let (top, bottom) = visible(&cells[index]);
                self.draw_cell(&cells[index], column_x, top, bottom);
            }
        }
        for &index in spanning {
            let cell = &cells[index];
            if cell.row < first && cell.row + cell.row_span > first {
                let (top, bottom) = visible(cell);
                self.draw_cell(cell, column_x, top, bottom);
            }
        }
    }

    fn draw_cell(&mut self, cell: &PlacedCell, column_x: &[f32], top: f32, bottom: f32) {
        let left = column_x[cell.col];
        let right = column_x[cell.col + cell.col_span];
        self.rule(Rule { x1: left, y1: top, x2: right, y2: top, width: RULE_WIDTH });
        self.rule(Rule { x1: left, y1: top, x2: left, y2: bottom, width: RULE_WIDTH });
        // Text centred vertically in the cell's visible box.
        let text_top = top + ((bottom - top) - cell.text_height).max(2.0 * CELL_PAD_Y) / 2.0;
        let x = left + CELL_PAD_X;
        let mut items = Vec::new();
        for runs in &cell.lines {
            for run in runs {
                items.push(Item::Text(TextRun { x: run.x + x, y: run.y + text_top, ..run.clone() }));
            }
        }
        for item in items {
            self.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_metrics::FixedMetrics;

    fn spec(rows: usize) -> TableSpec {
        TableSpec {
            column_weights: vec![1.0, 3.0, 2.0],
            header: vec![
                vec![Cell::center("序号").span(1, 2), Cell::center("项目").span(2, 1)],
                vec![Cell::center("名称"), Cell::center("金额")],
            ],
            body: (0..rows)
                .map(|i| {
                    // Every 7th row has a long name that wraps to several lines.
                    let name = if i % 7 == 3 { "很长的科目名称".repeat(8) } else { format!("科目{i}") };
                    vec![Cell::center(format!("{}", i + 1)), Cell::left(name), Cell::right(format!("{i}.00"))]
                })
                .collect(),
            font_size: 9.0,
            min_font_size: 6.0,
        }
    }

    #[test]
    fn a_2000_row_table_repeats_its_header_and_never_splits_a_row() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        flow.paragraph("标题", &TextStyle::body(16.0));
        flow.table(&spec(2000));
        let document = flow.finish();
        let geometry = PageGeometry::a4_portrait();
        let fragments: Vec<(usize, &TableFragment)> =
            document.pages.iter().enumerate().flat_map(|(i, p)| p.tables.iter().map(move |f| (i, f))).collect();
        assert!(fragments.len() > 30, "2,000 rows take many pages, got {}", fragments.len());
        let mut next_row = 0;
        for (page_index, fragment) in &fragments {
            let page = &document.pages[*page_index];
            // The header is on this page: its text runs lie between header_top and header_bottom.
            let header_texts: Vec<&str> = page
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Text(run) if run.y > fragment.header_top && run.y < fragment.header_bottom => {
                        Some(run.text.as_str())
                    }
                    _ => None,
                })
                .collect();
            for label in ["序号", "项目", "名称", "金额"] {
                assert!(header_texts.contains(&label), "page {page_index}: header {label} missing");
            }
            assert_eq!(fragment.rows.start, next_row, "rows continue where the last page stopped");
            assert!(!fragment.rows.is_empty());
            next_row = fragment.rows.end;
            // No row crosses the page's bottom margin; rows are stacked below the header.
            let mut previous_bottom = fragment.header_bottom;
            for (top, bottom) in &fragment.row_bounds {
                assert!((top - previous_bottom).abs() < 0.01);
                assert!(*bottom <= geometry.content_bottom() + 0.01, "page {page_index}: row overflows");
                previous_bottom = *bottom;
            }
            // Every text run of a body row lies inside that row's box: no row's text was split.
            for item in &page.items {
                if let Item::Text(run) = item
                    && run.y > fragment.header_bottom
                    && run.size < 10.0
                {
                    assert!(
                        fragment.row_bounds.iter().any(|(top, bottom)| run.y > *top && run.y < *bottom),
                        "page {page_index}: text {} outside every row",
                        run.text
                    );
                }
            }
        }
        assert_eq!(next_row, 2000, "every row placed exactly once");
    }

    #[test]
    fn cell_text_never_overflows_its_cell() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        // Column one is a seventh of the width (about 66 pt): the 16-character number needs 72 pt
        // at 9 pt and must shrink; the unbroken digit string is too long even at the minimum
        // and must break; the long Chinese text in column two wraps.
        let number = "1234567890123.00";
        let digits = "1234567890".repeat(4);
        let table = TableSpec {
            column_weights: vec![1.0, 6.0],
            header: vec![vec![Cell::center("甲"), Cell::center("乙")]],
            body: vec![
                vec![Cell::right(number), Cell::left("宽".repeat(100))],
                vec![Cell::right(&digits), Cell::left("")],
            ],
            font_size: 9.0,
            min_font_size: 6.0,
        };
        flow.table(&table);
        let document = flow.finish();
        let geometry = PageGeometry::a4_portrait();
        let split = geometry.margin_left + geometry.content_width() / 7.0;
        let right_edge = geometry.margin_left + geometry.content_width();
        let mut digit_pieces: Vec<String> = Vec::new();
        for item in &document.pages[0].items {
            if let Item::Text(run) = item {
                let glyphs = run.text.chars().count() as f32;
                let run_width = run.text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum::<f32>() * run.size
                    + run.char_spacing * (glyphs - 1.0);
                let cell_right = if run.x < split { split } else { right_edge };
                assert!(run.x + run_width <= cell_right + 0.01, "{} overflows its cell", run.text);
                if run.text.chars().all(|c| c.is_ascii_digit()) {
                    digit_pieces.push(run.text.clone());
                }
            }
        }
        let number_run = document.pages[0]
            .items
            .iter()
            .find_map(|item| match item {
                Item::Text(run) if run.text == number => Some(run),
                _ => None,
            })
            .expect("the number is printed whole, on one line");
        assert!(number_run.size < 9.0 && number_run.size >= 6.0, "shrunk to {}", number_run.size);
        assert!(digit_pieces.len() > 1, "the 40-digit string is broken into lines: {digit_pieces:?}");
        assert_eq!(digit_pieces.concat(), digits);
    }

    #[test]
    fn a_row_taller_than_a_page_is_cut_into_pieces_that_fit() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        // 6,000 characters in a cell about 30 characters wide: some 200 lines, four pages.
        let table = TableSpec {
            column_weights: vec![1.0, 5.0],
            header: vec![vec![Cell::center("绩效目标"), Cell::center("内容")]],
            body: vec![
                vec![Cell::center("甲"), Cell::left("目标内容说明".repeat(1000))],
                vec![Cell::center("乙"), Cell::left("短")],
            ],
            font_size: 9.0,
            min_font_size: 6.0,
        };
        flow.table(&table);
        let document = flow.finish();
        assert!(document.pages.len() >= 3, "{} pages", document.pages.len());
        let bottom = PageGeometry::a4_portrait().content_bottom();
        let mut printed = String::new();
        for page in &document.pages {
            for fragment in &page.tables {
                assert!(fragment.row_bounds.iter().all(|(_, b)| *b <= bottom + 0.01), "a piece overflows the page");
            }
            for item in &page.items {
                if let Item::Text(run) = item {
                    assert!(run.y <= bottom, "text below the bottom margin: {}", run.text);
                    printed.push_str(&run.text);
                }
            }
        }
        // Headers repeat on every page and cut the text between pages; count a character that
        // only the long text has.
        assert_eq!(printed.matches('说').count(), 1000, "every line printed once");
    }

    #[test]
    fn a_tall_row_under_a_spanning_cell_is_cut_too_and_the_spanning_cell_covers_its_pieces() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        let table = TableSpec {
            column_weights: vec![1.0, 5.0],
            header: vec![vec![Cell::center("一级指标"), Cell::center("绩效指标描述")]],
            body: vec![
                vec![Cell::center("产出指标").span(1, 2), Cell::left("目标内容说明".repeat(1000))],
                vec![Cell::left("短")],
            ],
            font_size: 9.0,
            min_font_size: 6.0,
        };
        flow.table(&table);
        let document = flow.finish();
        assert!(document.unplaced.is_empty());
        assert!(document.pages.len() >= 3, "{} pages", document.pages.len());
        let bottom = PageGeometry::a4_portrait().content_bottom();
        let mut printed = String::new();
        for page in &document.pages {
            let texts: Vec<&str> = page
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Text(run) => Some(run.text.as_str()),
                    Item::Rule(_) => None,
                })
                .collect();
            assert!(texts.contains(&"绩效指标描述"), "the header repeats on every page");
            assert!(texts.contains(&"产出指标"), "the spanning cell is drawn on every page it covers");
            for item in &page.items {
                if let Item::Text(run) = item {
                    assert!(run.y <= bottom, "text below the bottom margin: {}", run.text);
                    printed.push_str(&run.text);
                }
            }
        }
        assert_eq!(printed.matches('说').count(), 1000, "every line printed once");
        let last_page = document.pages.last().unwrap();
        assert!(
            last_page.items.iter().any(|item| matches!(item, Item::Text(run) if run.text == "短")),
            "the row after the long one follows it on the last page"
        );
    }

    #[test]
    fn a_spanning_cell_taller_than_a_page_is_recorded_as_unplaced() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        let long = "长".repeat(6000);
        let table = TableSpec {
            column_weights: vec![1.0, 5.0],
            header: vec![vec![Cell::center("一级指标"), Cell::center("描述")]],
            body: vec![vec![Cell::center(long.clone()).span(1, 2), Cell::left("甲")], vec![Cell::left("乙")]],
            font_size: 9.0,
            min_font_size: 6.0,
        };
        flow.table(&table);
        assert_eq!(flow.finish().unplaced, [long]);
    }

    #[test]
    fn a_table_starting_low_on_a_page_moves_rather_than_cut_its_first_group() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        let geometry = PageGeometry::a4_portrait();
        // Leave room for the header and two rows, not for a group of four.
        flow.set_cursor(geometry.content_bottom() - 60.0);
        let mut body = vec![vec![Cell::left("组").span(1, 4), Cell::left("甲")]];
        body.extend((0..3).map(|_| vec![Cell::left("乙")]));
        let table = TableSpec {
            column_weights: vec![1.0, 1.0],
            header: vec![vec![Cell::center("一级"), Cell::center("三级")]],
            body,
            font_size: 9.0,
            min_font_size: 6.0,
        };
        flow.table(&table);
        let document = flow.finish();
        assert!(document.pages[0].tables.is_empty(), "nothing of the table on the first page");
        assert_eq!(document.pages[1].tables[0].rows, 0..4);
    }

    #[test]
    fn rows_tied_by_a_spanning_cell_stay_on_one_page() {
        let mut flow = Flow::new(&FixedMetrics);
        flow.new_page(PageGeometry::a4_portrait());
        let mut body = Vec::new();
        for group in 0..60 {
            body.push(vec![Cell::left(format!("组{group}")).span(1, 4), Cell::left("甲")]);
            for _ in 0..3 {
                body.push(vec![Cell::left("乙")]);
            }
        }
        let table = TableSpec {
            column_weights: vec![1.0, 1.0],
            header: vec![vec![Cell::center("一级"), Cell::center("三级")]],
            body,
            font_size: 9.0,
            min_font_size: 6.0,
        };
        flow.table(&table);
        let document = flow.finish();
        assert!(document.pages.len() > 1);
        for page in &document.pages {
            for fragment in &page.tables {
                assert_eq!(fragment.rows.start % 4, 0, "a page starts inside a group: {:?}", fragment.rows);
                assert_eq!(fragment.rows.end % 4, 0);
            }
        }
    }
}
