//! The menu bar (文件, 编辑, 审核, 视图, 帮助).

use eframe::egui::{self};

use crate::editing::document::Document;
use crate::ui::app::{Dialog, EditorApp, FindingsFilter, Pending};

impl EditorApp {
    pub(in crate::ui) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                if ui.add(item("新建…", "Ctrl+N")).clicked() {
                    self.request(Pending::New);
                }
                if ui
                    .button("以上年项目为基础新建…")
                    .on_hover_text("选上年的项目文件（.ron）或预算系统工作簿（.xlsx）：带入职责、机构设置、名词解释、其他事项和绩效目标，年度加一，金额清空，上年数存入")
                    .clicked()
                {
                    self.request(Pending::NewFromLastYear(None));
                }
                if ui.add(item("打开…", "Ctrl+O")).clicked() {
                    self.request(Pending::Open(None));
                }
                ui.menu_button("最近打开", |ui| {
                    let recent = self.store.recent_files();
                    if recent.is_empty() {
                        ui.label("（无）");
                    }
                    for path in recent {
                        if ui.button(path.display().to_string()).clicked() {
                            self.request(Pending::Open(Some(path)));
                        }
                    }
                    ui.separator();
                    ui.menu_button("内置示例", |ui| {
                        for (stem, title, _) in crate::samples::SAMPLES {
                            if ui.button(*title).clicked() {
                                self.open_sample(stem);
                            }
                        }
                    });
                });
                ui.separator();
                if ui.add(item("保存", "Ctrl+S")).clicked() {
                    self.save(false);
                }
                if ui.add(item("另存为…", "Ctrl+Shift+S")).clicked() {
                    self.save(true);
                }
                ui.separator();
                if ui.button("导入 Excel…").clicked() {
                    self.import_workbook(None);
                }
                if ui.add_enabled(self.document.is_some(), egui::Button::new("导出 Excel…")).clicked() {
                    self.export_workbook(None);
                }
                if ui.add_enabled(self.document.is_some(), egui::Button::new("导出 PDF…")).clicked() {
                    self.export_pdf(None);
                }
                ui.separator();
                self.review_file_menu(ui);
                ui.separator();
                if ui.button("退出").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("编辑", |ui| {
                let history = self.document.as_ref().map(Document::history);
                let undo_label = history.and_then(|h| h.undo_label()).map(|l| format!("撤销 {l}"));
                let redo_label = history.and_then(|h| h.redo_label()).map(|l| format!("重做 {l}"));
                if ui
                    .add_enabled(undo_label.is_some(), item(undo_label.unwrap_or_else(|| "撤销".into()), "Ctrl+Z"))
                    .clicked()
                {
                    self.undo();
                }
                if ui
                    .add_enabled(redo_label.is_some(), item(redo_label.unwrap_or_else(|| "重做".into()), "Ctrl+Y"))
                    .clicked()
                {
                    self.redo();
                }
                ui.separator();
                if ui.add(item("查找…", "Ctrl+F")).clicked() {
                    self.search.open_for_typing();
                }
            });
            ui.menu_button("审核", |ui| {
                if ui.checkbox(&mut self.show_findings, "显示审核结果面板").clicked() {
                    ui.close();
                }
                if ui.button("只看错误").clicked() {
                    self.filter = FindingsFilter { errors: true, warnings: false, infos: false, area: None };
                    self.show_findings = true;
                }
                if ui.button("显示全部问题").clicked() {
                    self.filter = FindingsFilter::default();
                    self.show_findings = true;
                }
                ui.separator();
                self.review_status_menu(ui);
            });
            ui.menu_button("视图", |ui| {
                if ui.add(item("放大", "Ctrl+=")).clicked() {
                    ui.ctx().set_zoom_factor((ui.ctx().zoom_factor() + 0.1).min(2.0));
                }
                if ui.add(item("缩小", "Ctrl+-")).clicked() {
                    ui.ctx().set_zoom_factor((ui.ctx().zoom_factor() - 0.1).max(0.6));
                }
                if ui.button("实际大小").clicked() {
                    ui.ctx().set_zoom_factor(1.0);
                }
                ui.separator();
                self.review_mode_menu(ui);
                ui.separator();
                if ui.button("浅色主题").clicked() {
                    ui.ctx().set_theme(egui::Theme::Light);
                }
                if ui.button("深色主题").clicked() {
                    ui.ctx().set_theme(egui::Theme::Dark);
                }
            });
            ui.menu_button("设置", |ui| {
                if ui.button(format!("批注署名…（{}）", self.author)).clicked() {
                    self.dialog = Some(Dialog::Author(self.author.clone()));
                }
                ui.menu_button("科目表", |ui| {
                    if ui.button("导入…").clicked() {
                        self.import_code_list(None);
                    }
                    ui.separator();
                    if self.code_lists.is_empty() {
                        ui.label("（只有内置科目表）");
                    }
                    for line in &self.code_lists {
                        ui.label(line);
                    }
                });
            });
            ui.menu_button("帮助", |ui| {
                if ui.button("使用说明").clicked() {
                    self.dialog = Some(Dialog::Guide);
                }
                if ui.button("快捷键").clicked() {
                    self.dialog = Some(Dialog::Shortcuts);
                }
                ui.separator();
                if ui.button("关于预公").clicked() {
                    self.dialog = Some(Dialog::About);
                }
            });
        });
    }
}

/// A menu entry with its shortcut at the right, the way desktop menus show them.
fn item<'a>(label: impl Into<String>, shortcut: &'a str) -> egui::Button<'a> {
    egui::Button::new(label.into()).shortcut_text(shortcut)
}
