//! 帮助 → 快捷键 and 帮助 → 使用说明: what a new accountant needs to start, in Chinese. The key
//! list is the one the README gives; both follow the code in `commands/shortcuts.rs` and
//! `grid/editing.rs`.

use eframe::egui;

/// (keys, what they do), in the order a user meets them.
pub(in crate::ui) const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+N", "新建项目"),
    ("Ctrl+O", "打开项目文件"),
    ("Ctrl+S", "保存"),
    ("Ctrl+Shift+S", "另存为"),
    ("Ctrl+Z", "撤销（并选中被撤销的单元格）"),
    ("Ctrl+Y / Ctrl+Shift+Z", "重做"),
    ("Ctrl+F", "查找编码、名称、金额或文字"),
    ("Ctrl+= / Ctrl+-", "放大 / 缩小"),
    ("方向键、Tab、Shift+Tab", "在表格中移动"),
    ("回车 / Shift+回车", "下移 / 上移（编辑中则确认输入）"),
    ("直接输入", "开始编辑所选单元格（覆盖原值）"),
    ("F2 或双击", "编辑所选单元格的现有内容"),
    ("Esc", "取消正在进行的输入"),
    ("Delete / Backspace", "清除所选单元格"),
    ("Shift+方向键", "扩大选区"),
    ("Ctrl+方向键、Ctrl+Home、Ctrl+End", "跳到表格边缘、开头、末尾"),
    ("Ctrl+C / Ctrl+X / Ctrl+V", "复制、剪切、粘贴（可与 Excel、WPS 互相复制粘贴整块区域）"),
    ("右键", "插入科目行、删除行、打开项目绩效目标表、粘贴"),
];

/// The user guide, the same file the package installs and the README links: one text, so the
/// window never tells users something the guide does not.
const GUIDE: &str = include_str!("../../../docs/使用说明.md");

/// One block of the guide as the dialog shows it.
#[derive(Debug, PartialEq, Eq)]
enum GuideBlock<'a> {
    Heading(&'a str),
    Section(&'a str),
    Paragraph(String),
    Bullet(String),
    Code(String),
    Picture(&'a str),
}

/// The guide's Markdown read as far as it uses it: `#`/`##` headings, paragraphs (lines joined),
/// `-`/`1.` list items with their continuation lines, fenced code, and pictures by their caption.
fn guide_blocks(text: &str) -> Vec<GuideBlock<'_>> {
    let mut blocks = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if let Some(title) = trimmed.strip_prefix("## ") {
            blocks.push(GuideBlock::Section(title));
        } else if let Some(title) = trimmed.strip_prefix("# ") {
            blocks.push(GuideBlock::Heading(title));
        } else if trimmed.starts_with("```") {
            let mut code = Vec::new();
            for code_line in lines.by_ref() {
                if code_line.trim().starts_with("```") {
                    break;
                }
                code.push(code_line);
            }
            blocks.push(GuideBlock::Code(code.join("\n")));
        } else if let Some(rest) = trimmed.strip_prefix("![") {
            blocks.push(GuideBlock::Picture(rest.split(']').next().unwrap_or_default()));
        } else if !trimmed.is_empty() {
            let is_item =
                trimmed.starts_with("- ") || trimmed.split_once(". ").is_some_and(|(n, _)| n.parse::<u32>().is_ok());
            let mut text = trimmed.trim_start_matches("- ").to_string();
            // Continuation lines are indented (list items) or simply follow (paragraphs).
            while let Some(next) = lines.peek() {
                let next_trimmed = next.trim();
                let starts_block = next_trimmed.is_empty()
                    || next_trimmed.starts_with('#')
                    || next_trimmed.starts_with("```")
                    || next_trimmed.starts_with("- ")
                    || next_trimmed.split_once(". ").is_some_and(|(n, _)| n.parse::<u32>().is_ok());
                if starts_block {
                    break;
                }
                text.push_str(next_trimmed);
                lines.next();
            }
            let text = text.replace("**", "").replace('`', "");
            blocks.push(if is_item { GuideBlock::Bullet(text) } else { GuideBlock::Paragraph(text) });
        }
    }
    blocks
}

/// 帮助 → 快捷键; returns whether it closes.
pub(in crate::ui) fn shortcuts_dialog(ui: &mut egui::Ui) -> bool {
    ui.heading("快捷键");
    egui::Grid::new("shortcuts").num_columns(2).striped(true).show(ui, |ui| {
        for (keys, action) in SHORTCUTS {
            ui.strong(*keys);
            ui.label(*action);
            ui.end_row();
        }
    });
    ui.button("确定").clicked()
}

/// 帮助 → 使用说明; returns whether it closes.
pub(in crate::ui) fn guide_dialog(ui: &mut egui::Ui) -> bool {
    egui::ScrollArea::vertical().max_height(460.0).show(ui, |ui| {
        ui.set_max_width(640.0);
        for block in guide_blocks(GUIDE) {
            match block {
                GuideBlock::Heading(title) => {
                    ui.heading(title);
                }
                GuideBlock::Section(title) => {
                    ui.add_space(8.0);
                    ui.strong(title);
                }
                GuideBlock::Paragraph(text) => {
                    ui.label(text);
                }
                GuideBlock::Bullet(text) => {
                    ui.horizontal_wrapped(|ui| {
                        ui.label("•");
                        ui.label(text);
                    });
                }
                GuideBlock::Code(code) => {
                    ui.code(code);
                }
                GuideBlock::Picture(caption) => {
                    ui.weak(format!("（截图：{caption}，见安装目录中的 使用说明.md）"));
                }
            }
        }
    });
    ui.button("确定").clicked()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_reads_as_sections_items_and_code() {
        let blocks = guide_blocks(GUIDE);
        assert_eq!(blocks.first(), Some(&GuideBlock::Heading("预公 使用说明")));
        let sections: Vec<&str> =
            blocks.iter().filter_map(|b| if let GuideBlock::Section(s) = b { Some(*s) } else { None }).collect();
        assert!(sections.contains(&"二、从预算系统的工作簿开始"), "{sections:?}");
        assert!(sections.len() >= 6, "{sections:?}");
        // A list item keeps its continuation lines, without Markdown marks.
        assert!(blocks.iter().any(|b| matches!(b, GuideBlock::Bullet(t) if t.starts_with("统信 UOS") && t.contains("sudo apt install ./yugong_*.deb"))));
        assert!(blocks.iter().any(|b| matches!(b, GuideBlock::Code(c) if c.contains("yugong check"))));
        assert!(blocks.iter().any(|b| matches!(b, GuideBlock::Picture(_))));
        // No Markdown syntax reaches the window.
        for block in &blocks {
            if let GuideBlock::Paragraph(t) | GuideBlock::Bullet(t) = block {
                assert!(!t.contains("**") && !t.contains('`') && !t.starts_with("- "), "{t}");
            }
        }
    }
}
