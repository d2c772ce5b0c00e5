//! The 科目表 the user imported (`yugong dict import`, 设置 → 科目表 → 导入), kept in the settings
//! folder, one file per list and budget year: `dictionaries/function-2025.csv` (支出功能分类) and
//! `dictionaries/economic-2025.csv` (部门预算支出经济分类), in the built-in CSV format
//! (`code,name,from,to`, each entry for its year).
//!
//! The core never looks for these: [`catalog`] reads them and hands the audit and the editor a
//! catalog that holds them beside the built-in lists (`Catalog::extended`). Importing a list of a
//! year replaces that year's file of the same kind; other years stay.

use std::path::{Path, PathBuf};

use yugong_core::catalog::code_list::{self, CodeList, SheetCells};
use yugong_core::catalog::{Catalog, Dictionary, DictionaryEntry};

use super::settings::Store;

/// Larger than any 科目表 (the full book is ~5,000 lines, well under 1 MB as CSV).
const MAX_LIST_BYTES: u64 = 20 * 1024 * 1024;

/// The two lists the tables use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Function,
    Economic,
}

impl Kind {
    const ALL: [Kind; 2] = [Kind::Function, Kind::Economic];

    fn file_stem(self) -> &'static str {
        match self {
            Kind::Function => "function",
            Kind::Economic => "economic",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Function => "支出功能分类科目",
            Kind::Economic => "部门预算支出经济分类科目",
        }
    }
}

/// One stored list.
#[derive(Debug, Clone)]
pub struct StoredList {
    pub kind: Kind,
    pub year: u16,
    pub entries: Vec<DictionaryEntry>,
    pub path: PathBuf,
}

/// What is stored, and the stored files that could not be read (each a Chinese line).
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub lists: Vec<StoredList>,
    pub problems: Vec<String>,
}

fn folder(store: &Store) -> Option<PathBuf> {
    store.folder().map(|f| f.join("dictionaries"))
}

/// Every stored list, by year then kind.
pub fn load(store: &Store) -> Loaded {
    let mut loaded = Loaded::default();
    let Some(folder) = folder(store) else { return loaded };
    let Ok(read) = std::fs::read_dir(&folder) else { return loaded };
    for entry in read.flatten() {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_string) else { continue };
        if path.extension().and_then(|e| e.to_str()) != Some("csv") {
            continue;
        }
        let Some((kind, year)) = stem.split_once('-').and_then(|(kind, year)| {
            let kind = Kind::ALL.into_iter().find(|k| k.file_stem() == kind)?;
            Some((kind, year.parse::<u16>().ok()?))
        }) else {
            continue;
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                loaded.problems.push(format!("已导入的科目表“{}”无法读取：{error}", path.display()));
                continue;
            }
        };
        match Dictionary::parse(&text) {
            Ok(dictionary) => {
                loaded.lists.push(StoredList { kind, year, entries: dictionary.entries().to_vec(), path })
            }
            Err(error) => loaded
                .problems
                .push(format!("已导入的科目表“{}”有误（{error}），未使用；请重新导入该年度科目表", path.display())),
        }
    }
    loaded.lists.sort_by_key(|l| (l.year, l.kind as u8));
    loaded
}

/// The catalog with the stored lists (later years first, so a code's newest official name is the
/// one shown when the file's own year has none) and the editions the user added
/// (`io::editions`), and the problems met reading them. Without either this is the embedded
/// catalog itself.
pub fn catalog(store: &Store) -> (&'static Catalog, Vec<String>) {
    let loaded = load(store);
    let (editions, mut problems) = super::editions::load(store);
    problems.extend(loaded.problems);
    if loaded.lists.is_empty() && editions.is_empty() {
        return (Catalog::get(), problems);
    }
    let entries = |kind: Kind| -> Vec<DictionaryEntry> {
        loaded.lists.iter().rev().filter(|l| l.kind == kind).flat_map(|l| l.entries.iter().cloned()).collect()
    };
    let mut catalog = Catalog::get().extended(&entries(Kind::Function), &entries(Kind::Economic));
    // Each added edition on its own, so one that clashes does not keep the others out.
    for added in editions {
        match catalog.with_editions(vec![added]) {
            Ok(with) => catalog = with,
            Err(messages) => problems.extend(messages.into_iter().map(|m| format!("模板版本文件未使用：{m}"))),
        }
    }
    // One catalog per import or start: a few hundred kilobytes the process keeps, so documents and
    // dialogs can hold `&'static` references as they do to the embedded one.
    (Box::leak(Box::new(catalog)), problems)
}

/// One line per stored list (“2025 年支出功能分类科目：1,234 个”), for menus.
pub fn summary(store: &Store) -> Vec<String> {
    load(store).lists.iter().map(|l| format!("{} 年{}：{} 个", l.year, l.kind.label(), l.entries.len())).collect()
}

/// The cells of a 科目表 file: a CSV (UTF-8) or an Excel workbook, every sheet.
/// Also the notes on what was not read (a sheet longer than the importer reads).
pub fn read_cells(path: &Path) -> Result<(Vec<SheetCells>, Vec<String>), String> {
    let size = std::fs::metadata(path).map_err(|e| format!("无法读取“{}”：{e}", path.display()))?.len();
    if size > MAX_LIST_BYTES {
        return Err(format!("“{}”超过 20 MB，不像是科目表", path.display()));
    }
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取“{}”：{e}", path.display()))?;
    match extension.as_str() {
        "csv" | "txt" => {
            let text = String::from_utf8(bytes).map_err(|_| {
                format!(
                    "“{}”不是 UTF-8 编码的文本：请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”后再导入",
                    path.display()
                )
            })?;
            Ok((vec![code_list::parse_csv(&text)], Vec::new()))
        }
        "xlsx" | "xlsm" => {
            let (grids, cuts) = yugong_xlsx::read::read_grids(&bytes).map_err(|e| e.to_string())?;
            let cells = grids
                .iter()
                .map(|grid| (0..grid.height()).map(|r| (0..grid.width()).map(|c| grid.text(r, c)).collect()).collect())
                .collect();
            let notes = cuts
                .iter()
                .map(|cut| {
                    format!(
                        "工作表“{}”内容过多，只读取了前面部分：请把科目表分成几个工作表，或另存为 CSV 后导入",
                        cut.sheet
                    )
                })
                .collect();
            Ok((cells, notes))
        }
        "xls" => Err("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV UTF-8 后再导入".into()),
        _ => Err(format!("“{}”不是科目表文件：请选择 .xlsx 或 .csv 文件", path.display())),
    }
}

/// Reads a 科目表 file and stores its lists for their year. Returns what was read and the files
/// written.
pub fn import(store: &Store, path: &Path, year: Option<u16>) -> Result<(CodeList, Vec<PathBuf>), String> {
    let (cells, notes) = read_cells(path)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut list = code_list::read_code_list(&cells, year, &file_name)?;
    list.problems.extend(notes);
    let folder = folder(store).ok_or("没有可用的设置文件夹，无法保存科目表（请设置 YUGONG_CONFIG_DIR）")?;
    std::fs::create_dir_all(&folder).map_err(|e| format!("无法创建“{}”：{e}", folder.display()))?;
    let mut written = Vec::new();
    for (kind, entries) in [(Kind::Function, &list.function), (Kind::Economic, &list.economic)] {
        if entries.is_empty() {
            continue;
        }
        let target = folder.join(format!("{}-{}.csv", kind.file_stem(), list.year));
        let header = format!(
            "{} {} 年，导入自“{}”（yugong dict import）。\n每行的起止年度都是该年度；重新导入同一年度的科目表会替换本文件。",
            kind.label(),
            list.year,
            file_name
        );
        let text = Dictionary::to_csv(entries, &header);
        super::project_file::write_atomically(&target, text.as_bytes(), false)
            .map_err(|e| format!("无法保存“{}”：{e}", target.display()))?;
        written.push(target);
    }
    Ok((list, written))
}
