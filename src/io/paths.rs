//! File names that work on every system yugong runs on. Users name files after their unit
//! (“某某县教育局（本级）2025年部门预算.pdf”), and unit names may hold characters Windows refuses
//! in a file name (`/ \ : * ? " < > |`), end in a dot, or be one of Windows' device names; a name
//! valid here must stay valid when the file is copied to a Windows office PC, and the other way
//! round. Paths themselves are always `Path`/`PathBuf` and never built by string concatenation, so
//! `\` and `/` separators, spaces and Chinese names need nothing special.

use std::path::{Path, PathBuf};

/// The longest file name produced, in bytes: ext4 and NTFS allow 255 (bytes on Linux, UTF-16
/// units on Windows); a Chinese character is 3 bytes in UTF-8. Room is left for `.bak` and a
/// temporary file's suffix.
const MAX_NAME_BYTES: usize = 200;

/// Windows device names, refused as a file name with or without an extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file name (no folder) made from free text such as a unit name: characters no system accepts
/// become their full-width forms, which read the same in Chinese text (“／”, “：”); control
/// characters go; trailing dots and spaces go (Windows drops them silently); a device name gets
/// a `_`; the name is cut, at a character boundary, to a length every file system takes.
pub fn portable_file_name(text: &str) -> String {
    let mut name: String = text
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '/' => '／',
            '\\' => '＼',
            ':' => '：',
            '*' => '＊',
            '?' => '？',
            '"' => '＂',
            '<' => '＜',
            '>' => '＞',
            '|' => '｜',
            other => other,
        })
        .collect();
    name = name.trim_start().trim_end_matches(['.', ' ']).to_string();
    if name.is_empty() {
        return "未命名".to_string();
    }
    let stem = name.split('.').next().unwrap_or_default();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        name.insert(0, '_');
    }
    if name.len() > MAX_NAME_BYTES {
        let mut end = MAX_NAME_BYTES;
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name.truncate(end);
        name = name.trim_end_matches(['.', ' ']).to_string();
    }
    name
}

/// `path` with the extension a save dialog promised: kept when it already ends in it (any
/// letter case, as Windows users type `.RON`), appended otherwise. Appending rather than
/// replacing matters for names with dots of their own: “报表 v1.2” must become “报表 v1.2.ron”,
/// not “报表 v1.ron”.
pub fn with_required_extension(path: PathBuf, extension: &str) -> PathBuf {
    let has_it = path.extension().is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(extension));
    if has_it {
        return path;
    }
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".");
    name.push(extension);
    path.with_file_name(name)
}

/// The name to show for a path in messages and the title: the file name when there is one
/// (“高阳 2022.ron”), else the whole path as the system writes it.
pub fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_become_names_every_system_accepts() {
        assert_eq!(portable_file_name("高阳县人民政府办公室2022年部门预算"), "高阳县人民政府办公室2022年部门预算");
        // Spaces inside stay; characters Windows refuses become full-width.
        assert_eq!(portable_file_name("某县 教育局/体育局: 2025"), "某县 教育局／体育局： 2025");
        assert_eq!(portable_file_name(r#"a\b*c?d"e<f>g|h"#), "a＼b＊c？d＂e＜f＞g｜h");
        // Windows drops trailing dots and spaces; leading spaces are dropped too.
        assert_eq!(portable_file_name("  某局（本级）.. "), "某局（本级）");
        assert_eq!(portable_file_name("换行\n制表\t"), "换行制表");
        assert_eq!(portable_file_name(" ..  "), "未命名");
        assert_eq!(portable_file_name("con"), "_con");
        assert_eq!(portable_file_name("LPT1.pdf"), "_LPT1.pdf");
        assert_eq!(portable_file_name("CONSOLE"), "CONSOLE");
    }

    #[test]
    fn long_names_are_cut_at_a_character() {
        let long = "部门预算".repeat(40); // 480 bytes
        let name = portable_file_name(&long);
        assert!(name.len() <= MAX_NAME_BYTES, "{}", name.len());
        assert!(long.starts_with(&name));
        assert_eq!(name.chars().count(), MAX_NAME_BYTES / 3);
    }

    #[test]
    fn the_promised_extension_is_appended_not_substituted() {
        let ron = |p: &str| with_required_extension(PathBuf::from(p), "ron");
        assert_eq!(ron("/home/会计/高阳 2022"), PathBuf::from("/home/会计/高阳 2022.ron"));
        assert_eq!(ron("/home/会计/高阳 2022.ron"), PathBuf::from("/home/会计/高阳 2022.ron"));
        assert_eq!(ron("/home/会计/高阳 2022.RON"), PathBuf::from("/home/会计/高阳 2022.RON"));
        assert_eq!(ron("/home/会计/报表 v1.2"), PathBuf::from("/home/会计/报表 v1.2.ron"));
        assert_eq!(ron("报表.xlsx"), PathBuf::from("报表.xlsx.ron"));
        // A backslash is an ordinary character in a Linux file name, a separator on Windows;
        // either way the extension goes at the end of the last component.
        let path = with_required_extension(PathBuf::from(r"D:\预算\高阳"), "pdf");
        assert!(path.to_string_lossy().ends_with(r"高阳.pdf"), "{}", path.display());
    }

    #[test]
    fn display_names_are_the_file_name() {
        assert_eq!(display_name(Path::new("/tmp/某县 2025/高阳 2022.ron")), "高阳 2022.ron");
        assert_eq!(display_name(Path::new("/")), "/");
    }
}
