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
pub mod grid;
pub mod import;
pub mod merge;
pub mod read;
pub mod report;
pub mod review_report;

use std::path::Path;

use yugong_core::model::Project;

pub use export::{ExportError, export_workbook};
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
    let size = std::fs::metadata(path).map_err(|e| ImportError::Io(describe_io_error(&e)))?.len();
    if size > read::MAX_FILE_BYTES as u64 {
        return Err(ImportError::TooLarge { bytes: size.min(usize::MAX as u64) as usize });
    }
    let bytes = std::fs::read(path).map_err(|e| ImportError::Io(describe_io_error(&e)))?;
    import_bytes(&bytes)
}

/// Imports a workbook held in memory (a file the GUI read, a test's generated workbook).
pub fn import_bytes(bytes: &[u8]) -> Result<(Project, ImportReport), ImportError> {
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
    let (project, more) = import::import_grids(&grids)?;
    report.lines.extend(more.lines);
    Ok((project, report))
}

fn describe_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有访问权限".into(),
        std::io::ErrorKind::IsADirectory => "这是一个文件夹".into(),
        _ => error.to_string(),
    }
}
