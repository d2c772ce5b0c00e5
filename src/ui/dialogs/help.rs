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

const GUIDE: &[(&str, &str)] = &[
    (
        "一、从预算系统的工作簿开始",
        "在预算管理一体化系统中导出本单位的部门预算公开表（Excel），在预公中选择 文件 → 导入 Excel（或把 .xlsx 文件拖进窗口）。导入报告列出已导入、需核对和未导入的内容，核对后选择“作为新项目打开”，再用 Ctrl+S 保存为项目文件（.ron）。也可以用 文件 → 新建 从空白表格开始。",
    ),
    (
        "二、填写",
        "左侧目录依次是基本信息、九张公开表和情况说明各节。表格像 Excel 一样操作：选中单元格直接输入金额（万元），合计、小计和类/款汇总自动计算（灰底）。项目绩效目标表在右侧面板填写。",
    ),
    (
        "三、审核",
        "下方“审核结果”随时列出问题：先错误、后警告、再提示。单击一条问题跳到对应位置；有“修正”按钮的可以一键改正（可撤销）。错误必须改正后才能公开；警告需逐条核对。",
    ),
    (
        "四、导出",
        "文件 → 导出 PDF 生成正式公开文本（封面、目录、情况说明、九张表），可直接打印或上传；文件 → 导出 Excel 按官方格式导出全部表格。审核仍有错误时 PDF 照常导出，并提示错误数。",
    ),
    (
        "五、保存与恢复",
        "有未保存的修改时标题前显示 ●；每 30 秒自动保存一份恢复副本，程序意外退出后再次启动会提示恢复。保存时旧文件保留为“文件名.ron.bak”。",
    ),
];

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
    ui.heading("使用说明");
    egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
        for (heading, text) in GUIDE {
            ui.strong(*heading);
            ui.label(*text);
            ui.add_space(6.0);
        }
    });
    ui.button("确定").clicked()
}
