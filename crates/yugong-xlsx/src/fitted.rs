//! Cell texts Excel can hold. Excel (and rust_xlsxwriter) refuse a cell text over 32,767
//! characters; a project text may be longer (issue 12: such an export failed). The export cuts it
//! in the workbook, counts each cut, and reports them as warnings; the project keeps the whole text.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Excel's limit on the text of one cell (rust_xlsxwriter refuses longer strings).
pub const MAX_CELL_CHARS: usize = 32_767;

thread_local! {
    /// The cells cut during the export running on this thread.
    static CUT_CELLS: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The text as a cell can hold it: a longer text keeps its first [`MAX_CELL_CHARS`] characters
/// and is recorded for the export's warnings (the project keeps the whole text).
pub(crate) fn fitted(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => {
            CUT_CELLS.with(|cells| cells.borrow_mut().push(text.chars().count()));
            std::borrow::Cow::Borrowed(text.get(..cut).unwrap_or_default())
        }
    }
}

/// Writing text that Excel can hold, however long the project's text is (issue 12: an export with a
/// text over 32,767 characters failed).
pub(crate) trait WriteFitted {
    fn write_fitted(
        &mut self,
        row: u32,
        col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError>;
    fn merge_fitted(
        &mut self,
        first_row: u32,
        first_col: u16,
        last_row: u32,
        last_col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError>;
}

impl WriteFitted for Worksheet {
    fn write_fitted(
        &mut self,
        row: u32,
        col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError> {
        self.write_string_with_format(row, col, fitted(text.as_ref()).as_ref(), format)
    }

    fn merge_fitted(
        &mut self,
        first_row: u32,
        first_col: u16,
        last_row: u32,
        last_col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError> {
        self.merge_range(first_row, first_col, last_row, last_col, fitted(text.as_ref()).as_ref(), format)
    }
}

/// Starts counting the cells cut on this thread (one export runs on one thread).
pub(crate) fn start_counting() {
    CUT_CELLS.with(|cells| cells.borrow_mut().clear());
}

/// The full lengths of the texts cut since [`start_counting`].
pub(crate) fn cut_cells() -> Vec<usize> {
    CUT_CELLS.with(|cells| std::mem::take(&mut *cells.borrow_mut()))
}
