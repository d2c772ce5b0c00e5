//! yugong-xlsx: Excel workbooks in and out.
//!
//! **Invariant:** depends on `yugong-core` and the Excel crates only, never on the window or the
//! PDF adapter. Recognition works on plain grids (`grid`), so every rule about table shapes is
//! tested without a workbook; calamine is used in `read` alone.
//!
//! The workbooks: the budget system's export (预算管理一体化系统) and the finance
//! bureau's templates become a project; a project becomes a workbook in the official layout.
//!
//! - `grid`: a worksheet as plain data (cell values, merged ranges) — what the recognisers see;
//! - `read`: calamine at the edge, bytes → grids, with size limits;
//! - `import`: recognises tables, headers and rows in grids and builds a [`Project`];
//! - `report`: the Chinese account of what was imported, adjusted and skipped;
//! - `export`: a project → an .xlsx file (rust_xlsxwriter);
//! - `review_report`: the review report (审核报告) as a workbook: 汇总 and 问题清单 sheets;
//! - `merge`: the differences between the open project and an imported one, and applying the
//!   parts the user picked.

pub mod export;
mod fitted;
pub mod grid;
pub mod import;
pub mod merge;
pub mod read;
pub mod report;
pub mod review_report;

use std::path::Path;

use yugong_core::catalog::Catalog;
use yugong_core::model::Project;

pub use export::{ExportError, ExportedWorkbook, export_workbook, export_workbook_reporting, export_workbook_with};
pub use read::panic_is_expected;
pub use review_report::review_workbook;

pub use merge::{ImportPart, PartChange, apply_parts, compare};
pub use report::{ImportReport, LineKind, ReportLine};

/// Why a workbook could not be imported at all. Problems inside an otherwise readable workbook
/// are not errors: they are lines of the [`ImportReport`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("无法读取文件：{0}")]
    Io(String),
    #[error("文件是空的（0 字节），不是 Excel 工作簿")]
    Empty,
    #[error("文件过大（{} MB），不像是预算公开工作簿（上限 {} MB）", bytes / 1024 / 1024, read::MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge { bytes: usize },
    #[error(
        "工作簿受密码保护（已加密），无法读取。请在 Excel 或 WPS 中打开，取消“用密码进行加密”后另存为 .xlsx 再导入"
    )]
    Encrypted,
    #[error("这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 或 WPS 中另存为 .xlsx 后再导入")]
    OldXls,
    #[error("不是有效的 Excel 工作簿（.xlsx）{}", if .0.is_empty() { String::new() } else { format!("：{}", .0) })]
    NotXlsx(String),
    #[error("工作簿有 {0} 个工作表，不像是预算公开工作簿")]
    TooManySheets(usize),
    #[error("工作簿中没有任何数据")]
    NoData,
    #[error("工作簿中没有可识别的预算公开表格（{0}）")]
    NothingRecognised(String),
}

/// Imports a workbook file into a new project.
pub fn import_workbook(path: &Path) -> Result<(Project, ImportReport), ImportError> {
    import_workbook_with(Catalog::get(), path)
}

/// [`import_workbook`] deciding among the editions of `catalog` (the built-in ones and those the
/// user added). Codes are still learned against the built-in 科目表, so a workbook gives the same
/// file on every machine.
pub fn import_workbook_with(catalog: &Catalog, path: &Path) -> Result<(Project, ImportReport), ImportError> {
    let metadata = std::fs::metadata(path).map_err(|e| ImportError::Io(describe_io_error(&e)))?;
    if let Some(kind) = not_a_file(&metadata) {
        return Err(ImportError::Io(format!("这是{kind}，不是文件；请选择一个 Excel 工作簿（.xlsx）")));
    }
    let size = metadata.len();
    if size > read::MAX_FILE_BYTES as u64 {
        return Err(ImportError::TooLarge { bytes: size.min(usize::MAX as u64) as usize });
    }
    // Bounded read: the file may grow between `metadata` and here.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(|e| ImportError::Io(describe_io_error(&e)))?,
            read::MAX_FILE_BYTES as u64 + 1,
        ),
        &mut bytes,
    )
    .map_err(|e| ImportError::Io(describe_io_error(&e)))?;
    import_bytes_with(catalog, &bytes)
}

/// Imports a workbook held in memory (a file the GUI read, a test's generated workbook).
pub fn import_bytes(bytes: &[u8]) -> Result<(Project, ImportReport), ImportError> {
    import_bytes_with(Catalog::get(), bytes)
}

/// [`import_bytes`] deciding among the editions of `catalog`.
pub fn import_bytes_with(catalog: &Catalog, bytes: &[u8]) -> Result<(Project, ImportReport), ImportError> {
    let (grids, truncations) = read::read_grids(bytes)?;
    let mut report = ImportReport::default();
    for cut in &truncations {
        if cut.rows_cut {
            report.push(
                LineKind::Skipped,
                Some(&cut.sheet),
                format!(
                    "内容过多（超过 {} 行或 {} 个单元格），只读取了前面部分，其余内容未导入",
                    read::MAX_ROWS,
                    read::MAX_CELLS
                ),
            );
        }
        if cut.columns_cut {
            report.push(LineKind::Skipped, Some(&cut.sheet), format!("第 {} 列以后的内容未导入", read::MAX_COLUMNS));
        }
    }
    let (project, more) = import::import_grids_with(catalog, &grids)?;
    report.lines.extend(more.lines);
    Ok((project, report))
}

fn describe_io_error(error: &std::io::Error) -> String {
    yugong_core::project_format::describe_io_error(error)
}

/// Why `metadata` is not a workbook file, when it is not a regular file. Decided from the file
/// type alone: a FIFO is never opened (reading one blocks), a device never read.
fn not_a_file(metadata: &std::fs::Metadata) -> Option<&'static str> {
    let file_type = metadata.file_type();
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("文件夹");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("管道（FIFO）");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("设备文件");
        }
    }
    Some("特殊文件")
}
