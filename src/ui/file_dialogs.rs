//! Native file dialogs behind the [`FileDialogs`] trait: rfd with the GTK 3 backend in the
//! app ([`NativeDialogs`]), never-opening [`NoDialogs`] for scripted runs, benchmarks and tests.

use std::path::PathBuf;

use crate::io::paths::with_required_extension;

/// Native file dialogs, replaceable in tests (which must never block on a dialog).
pub trait FileDialogs {
    fn open_project(&self) -> Option<PathBuf>;
    fn save_project(&self, suggested_name: &str) -> Option<PathBuf>;
    /// An Excel workbook to import.
    fn open_workbook(&self) -> Option<PathBuf> {
        None
    }
    /// A 科目表 to import (.xlsx or .csv).
    fn open_code_list(&self) -> Option<PathBuf> {
        None
    }
    /// Where to write an exported file (`extension`: "xlsx", "pdf").
    fn save_export(&self, _suggested_name: &str, _extension: &str) -> Option<PathBuf> {
        None
    }
    /// Another version of a project to compare with (.ron, its .bak, .xlsx).
    fn open_version(&self) -> Option<PathBuf> {
        None
    }
    /// A folder to review as a batch.
    fn pick_folder(&self) -> Option<PathBuf> {
        None
    }
    /// Where to write a review report (.pdf or .xlsx, chosen by the user).
    fn save_report(&self, _suggested_name: &str) -> Option<PathBuf> {
        None
    }
    /// Last year's project file or budget-system workbook, for the prior-year figures.
    fn open_last_year(&self) -> Option<PathBuf> {
        None
    }
}

/// Dialogs that never open (scripted runs, benchmarks, tests): every question is answered
/// with “cancel”.
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open_project(&self) -> Option<PathBuf> {
        None
    }

    fn save_project(&self, _suggested_name: &str) -> Option<PathBuf> {
        None
    }
}

/// rfd's native dialogs (GTK 3 on Linux: the portal backend silently cancels on systems without
/// a portal, such as Kylin or UOS).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_project(&self) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title("打开项目文件").add_filter("预公项目文件", &["ron"]).pick_file()
    }

    fn save_project(&self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("保存项目文件")
            .add_filter("预公项目文件", &["ron"])
            .set_file_name(suggested_name)
            .save_file()
            .map(|p| with_required_extension(p, "ron"))
    }

    fn open_workbook(&self) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title("导入 Excel 工作簿").add_filter("Excel 工作簿", &["xlsx", "xlsm"]).pick_file()
    }

    fn open_last_year(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("从上年文件导入上年数")
            .add_filter("上年项目文件或预算系统工作簿", &["ron", "xlsx"])
            .pick_file()
    }

    fn open_code_list(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("导入科目表")
            .add_filter("科目表（Excel 或 CSV）", &["xlsx", "xlsm", "csv"])
            .pick_file()
    }

    fn open_version(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("选择要对比的版本")
            .add_filter("项目文件、备份或 Excel 工作簿", &["ron", "bak", "xlsx"])
            .pick_file()
    }

    fn pick_folder(&self) -> Option<PathBuf> {
        rfd::FileDialog::new().set_title("选择要批量审核的文件夹").pick_folder()
    }

    fn save_report(&self, suggested_name: &str) -> Option<PathBuf> {
        let path = rfd::FileDialog::new()
            .set_title("导出审核报告")
            .add_filter("PDF 文档", &["pdf"])
            .add_filter("Excel 工作簿", &["xlsx"])
            .set_file_name(suggested_name)
            .save_file()?;
        // A name without .pdf or .xlsx becomes a PDF.
        let known = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf") || e.eq_ignore_ascii_case("xlsx"));
        Some(if known { path } else { with_required_extension(path, "pdf") })
    }

    fn save_export(&self, suggested_name: &str, extension: &str) -> Option<PathBuf> {
        let kind = if extension == "pdf" { "PDF 文档" } else { "Excel 工作簿" };
        rfd::FileDialog::new()
            .set_title("导出")
            .add_filter(kind, &[extension])
            .set_file_name(suggested_name)
            .save_file()
            .map(|p| with_required_extension(p, extension))
    }
}
