//! The reviewer's dialogs: 添加批注 / 回复批注 ([`CommentForm`]), 说明… (accept a warning or info
//! with a reason, [`AcceptForm`]) and 设置 → 批注署名. Every change goes through the document's
//! review edits (`Document::add_comment`, `accept_finding` …), one undo step each, signed with the
//! author from 设置 and stamped with Beijing time from the io layer.

use eframe::egui;

use crate::audit::Finding;
use crate::model::Anchor;
use crate::ui::app::{Dialog, EditorApp, ReviewTab};

/// The comment being written.
#[derive(Debug, Clone)]
pub(in crate::ui) struct CommentForm {
    /// A reply to this comment, or a new comment.
    pub(in crate::ui) reply_to: Option<u32>,
    /// Where it can go (a narrative page holds several sections) and which one is chosen.
    pub(in crate::ui) places: Vec<(Anchor, String)>,
    pub(in crate::ui) chosen: usize,
    /// About this finding (its rule id) and its message, when commenting on a finding.
    pub(in crate::ui) finding: Option<(String, String)>,
    pub(in crate::ui) text: String,
    pub(in crate::ui) error: Option<String>,
    /// Put the keyboard in the text field on the first frame.
    pub(in crate::ui) focus: bool,
}

impl CommentForm {
    /// A new comment at one of `places` (the first is chosen).
    pub(in crate::ui) fn new(places: Vec<(Anchor, String)>) -> CommentForm {
        CommentForm { reply_to: None, places, chosen: 0, finding: None, text: String::new(), error: None, focus: true }
    }

    pub(in crate::ui) fn on_finding(finding: &Finding, place: String) -> CommentForm {
        CommentForm {
            finding: Some((finding.rule.to_string(), finding.message.clone())),
            ..CommentForm::new(vec![(Anchor::from(&finding.location), place)])
        }
    }

    pub(in crate::ui) fn reply(id: u32, place: String) -> CommentForm {
        CommentForm { reply_to: Some(id), ..CommentForm::new(vec![(Anchor::Project, place)]) }
    }
}

/// A warning or info being accepted (已说明).
#[derive(Debug, Clone)]
pub(in crate::ui) struct AcceptForm {
    pub(in crate::ui) finding: Finding,
    pub(in crate::ui) reason: String,
    pub(in crate::ui) error: Option<String>,
    pub(in crate::ui) focus: bool,
}

impl AcceptForm {
    pub(in crate::ui) fn new(finding: Finding) -> AcceptForm {
        AcceptForm { finding, reason: String::new(), error: None, focus: true }
    }
}

/// “2026-12-01 14:03”, Beijing time: when a comment or acceptance is made.
fn now() -> String {
    crate::io::review::beijing_now().1
}

impl EditorApp {
    /// 添加批注 / 回复批注; returns whether the dialog closes.
    pub(in crate::ui) fn comment_dialog(&mut self, ui: &mut egui::Ui, mut form: CommentForm) -> bool {
        ui.heading(if form.reply_to.is_some() { "回复批注" } else { "添加批注" });
        if form.places.len() > 1 {
            let label = ui.label("位置");
            let selected = form.places.get(form.chosen).map_or_else(String::new, |p| p.1.clone());
            egui::ComboBox::from_id_salt("comment-place")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    for (index, (_, name)) in form.places.iter().enumerate() {
                        ui.selectable_value(&mut form.chosen, index, name);
                    }
                })
                .response
                .labelled_by(label.id);
        } else if let Some((_, name)) = form.places.first() {
            ui.label(format!("位置：{name}"));
        }
        if let Some((rule, message)) = &form.finding {
            ui.label(egui::RichText::new(format!("问题 {rule}：{message}")).weak());
        }
        ui.label(format!("署名：{}（在“设置 → 批注署名”中修改）", self.author));
        let heading = ui.label(egui::RichText::new("批注内容").strong());
        let response = ui
            .add(egui::TextEdit::multiline(&mut form.text).desired_rows(4).desired_width(f32::INFINITY))
            .labelled_by(heading.id);
        if form.focus {
            form.focus = false;
            response.request_focus();
        }
        if let Some(error) = &form.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        let mut close = false;
        ui.horizontal(|ui| {
            if ui.button("确定").clicked() {
                let Some(document) = &mut self.document else { return };
                let result = match form.reply_to {
                    Some(id) => document.reply_to_comment(id, &self.author, &now(), &form.text).map(|()| id),
                    None => {
                        let anchor = form.places.get(form.chosen).map_or(Anchor::Project, |p| p.0.clone());
                        let rule = form.finding.as_ref().map(|f| f.0.as_str());
                        document.add_comment(anchor, rule, &self.author, &now(), &form.text)
                    }
                };
                match result {
                    Ok(_) => {
                        close = true;
                        self.status = Some(if form.reply_to.is_some() { "已回复批注" } else { "已添加批注" }.into());
                        self.review_tab = ReviewTab::Comments;
                        self.show_findings = true;
                    }
                    Err(message) => form.error = Some(message.to_string()),
                }
            }
            if ui.button("取消").clicked() {
                close = true;
            }
        });
        if !close {
            self.dialog = Some(Dialog::Comment(form));
        }
        close
    }

    /// 说明…: the reason is required; errors never get here (the button is disabled), and the
    /// core refuses them anyway.
    pub(in crate::ui) fn accept_dialog(&mut self, ui: &mut egui::Ui, mut form: AcceptForm) -> bool {
        ui.heading("标记为已说明");
        ui.label(format!("{}  {}", form.finding.severity.label(), form.finding.rule));
        ui.label(&form.finding.message);
        ui.label(egui::RichText::new("说明后该问题移到“已说明”列表；相关数字改变时会自动重新列为问题。").weak());
        let heading = ui.label(egui::RichText::new("说明理由（必填）").strong());
        let response = ui
            .add(
                egui::TextEdit::multiline(&mut form.reason)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .hint_text("例如：标题沿用财政系统导出名称"),
            )
            .labelled_by(heading.id);
        if form.focus {
            form.focus = false;
            response.request_focus();
        }
        if let Some(error) = &form.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        let mut close = false;
        ui.horizontal(|ui| {
            if ui.button("确定").clicked() {
                let Some(document) = &mut self.document else { return };
                match document.accept_finding(&form.finding, &form.reason, &self.author, &now()) {
                    Ok(()) => {
                        close = true;
                        self.status = Some(format!("已说明：{}", form.finding.rule));
                    }
                    Err(error) => form.error = Some(error.to_string()),
                }
            }
            if ui.button("取消").clicked() {
                close = true;
            }
        });
        if !close {
            self.dialog = Some(Dialog::Accept(form));
        }
        close
    }

    /// 设置 → 批注署名: the name is kept in the settings folder.
    pub(in crate::ui) fn author_dialog(&mut self, ui: &mut egui::Ui, mut name: String) -> bool {
        ui.heading("批注署名");
        ui.label("批注、回复和“已说明”都以这个名字署名。留空则使用系统用户名。");
        let heading = ui.label("署名");
        ui.add(egui::TextEdit::singleline(&mut name).desired_width(240.0)).labelled_by(heading.id);
        let mut close = false;
        ui.horizontal(|ui| {
            if ui.button("确定").clicked() {
                self.store.set_comment_author(&name);
                // A store that keeps nothing (tests) still signs with what was typed.
                let typed = name.trim();
                self.author = if self.store.folder().is_some() || typed.is_empty() {
                    self.store.comment_author()
                } else {
                    typed.to_string()
                };
                self.status = Some(format!("批注署名：{}", self.author));
                close = true;
            }
            if ui.button("取消").clicked() {
                close = true;
            }
        });
        if !close {
            self.dialog = Some(Dialog::Author(name));
        }
        close
    }
}
