//! The reviewer's side of the findings panel: the 批注 list (filter 待处理/已处理, click jumps to
//! the place, reply, resolve/reopen, delete) and the 已说明 list (accepted findings with reason,
//! who and when; 撤回; acceptances whose numbers changed shown as 已失效), the strip above a table
//! or narrative page (its comments, 添加批注…), and where comments are counted in the navigation.
//!
//! Lists return a [`ReviewAction`] that the window applies after drawing, through the document's
//! review edits (`editing::review_edits`): each is one undo step and none touches an amount.

use eframe::egui;

use crate::audit::{Finding, Fix, Location, Severity};
use crate::catalog::NarrativePart;
use crate::editing::document::Document;
use crate::model::{Anchor, CommentStatus, NarrativeSection};
use crate::ui::app::{CommentFilter, Dialog, EditorApp, ReviewTab};
use crate::ui::dialogs::{AcceptForm, CommentForm};
use crate::ui::grid;
use crate::ui::view_keys::View;

/// The colour of an open comment's marker (a spreadsheet's comment triangle; findings use red,
/// orange and blue, so violet).
pub(in crate::ui) const OPEN_COMMENT: egui::Color32 = egui::Color32::from_rgb(0x8e, 0x44, 0xc8);
/// A comment already dealt with: still marked, faintly.
pub(in crate::ui) const RESOLVED_COMMENT: egui::Color32 = egui::Color32::from_rgb(0xa8, 0xa8, 0xa8);

/// What a click in the findings, 批注 or 已说明 list asks for.
#[derive(Debug, Clone)]
pub(in crate::ui) enum ReviewAction {
    Jump(Location),
    Fix(Fix),
    Accept(Box<Finding>),
    CommentOn(Box<Finding>),
    Reply(u32),
    SetStatus(u32, CommentStatus),
    Delete(u32),
    Withdraw(Box<Finding>),
    RemoveStale(usize),
    /// 添加批注… in the 批注 list: on the page shown.
    AddOnPage,
}

/// The tooltip of 说明… on an error, which cannot be accepted.
pub(in crate::ui) const ERRORS_CANNOT_BE_ACCEPTED: &str = "错误不能标记为已说明：请改正数字或文字";

impl EditorApp {
    /// Applies what a list asked for.
    pub(in crate::ui) fn review_action(&mut self, action: ReviewAction) {
        let Some(document) = &mut self.document else { return };
        match action {
            ReviewAction::Jump(location) => self.jump_to(&location),
            ReviewAction::Fix(fix) => {
                if document.apply_fix(&fix) {
                    self.status = Some(format!("已修正：{}", fix.description));
                }
            }
            ReviewAction::Accept(finding) => self.dialog = Some(Dialog::Accept(AcceptForm::new(*finding))),
            ReviewAction::CommentOn(finding) => {
                let place = Anchor::from(&finding.location).describe(&document.project);
                self.dialog = Some(Dialog::Comment(CommentForm::on_finding(&finding, place)));
            }
            ReviewAction::Reply(id) => {
                let place = document
                    .project
                    .review
                    .comment(id)
                    .map(|c| format!("{}（{}：{}）", c.on.describe(&document.project), c.author, c.text))
                    .unwrap_or_default();
                self.dialog = Some(Dialog::Comment(CommentForm::reply(id, place)));
            }
            ReviewAction::SetStatus(id, status) => {
                if document.set_comment_status(id, status) {
                    self.status = Some(format!("批注已标为{}", status.label()));
                }
            }
            ReviewAction::Delete(id) => {
                if document.delete_comment(id) {
                    self.status = Some("已删除批注（可撤销）".into());
                }
            }
            ReviewAction::Withdraw(finding) => {
                if document.withdraw_acceptance(&finding) {
                    self.status = Some(format!("已撤回说明：{}", finding.rule));
                }
            }
            ReviewAction::RemoveStale(index) => {
                document.remove_acceptance(index);
            }
            ReviewAction::AddOnPage => {
                let places = places_of_view(document, self.view);
                self.dialog = Some(Dialog::Comment(CommentForm::new(places)));
            }
        }
    }

    /// The tabs 问题 | 批注 | 已说明 at the head of the findings panel, with their counts.
    pub(in crate::ui) fn review_tabs(&mut self, ui: &mut egui::Ui, document: &Document) {
        let accepted = document.project.review.sort_findings(&document.findings).accepted.len();
        let (open, resolved) = document.project.review.comment_counts();
        let open_findings = document.findings.len() - accepted;
        ui.selectable_value(&mut self.review_tab, ReviewTab::Findings, format!("问题 {open_findings}"));
        let comments =
            if resolved > 0 { format!("批注 {open}/{}", open + resolved) } else { format!("批注 {open}") };
        ui.selectable_value(&mut self.review_tab, ReviewTab::Comments, comments).on_hover_text("待处理/全部批注");
        ui.selectable_value(&mut self.review_tab, ReviewTab::Accepted, format!("已说明 {accepted}"));
        ui.separator();
    }

    /// The strip above a table or narrative page: its comments and 添加批注….
    pub(in crate::ui) fn comment_strip(&mut self, ui: &mut egui::Ui) {
        let Some(document) = &self.document else { return };
        let places = places_of_view(document, self.view);
        if places.is_empty() {
            return;
        }
        let here: Vec<&crate::model::Comment> = document
            .project
            .review
            .comments
            .iter()
            .filter(|c| view_of(&c.on.to_location(&document.project)) == self.view)
            .collect();
        let mut add = false;
        let mut show = false;
        ui.horizontal(|ui| {
            if !here.is_empty() {
                let open = here.iter().filter(|c| c.status == CommentStatus::Open).count();
                let color = if open > 0 { OPEN_COMMENT } else { RESOLVED_COMMENT };
                let text = egui::RichText::new(format!("◆ 本页批注 {}（待处理 {open}）", here.len())).color(color);
                let hover: Vec<String> = here
                    .iter()
                    .map(|c| format!("{}　{}：{}", c.on.describe(&document.project), c.author, c.text))
                    .collect();
                if ui.add(egui::Label::new(text).sense(egui::Sense::click())).on_hover_text(hover.join("\n")).clicked()
                {
                    show = true;
                }
            }
            if ui.small_button("添加本页批注…").on_hover_text("为本页添加批注；单元格的批注：右键单元格").clicked()
            {
                add = true;
            }
        });
        if add {
            self.dialog = Some(Dialog::Comment(CommentForm::new(places)));
        }
        if show {
            self.review_tab = ReviewTab::Comments;
            self.comment_filter = CommentFilter::All;
            self.show_findings = true;
        }
    }
}

/// The 问题 tab's row buttons for one finding: 说明… (absent for errors: disabled, with why) and
/// 批注….
pub(in crate::ui) fn finding_buttons(ui: &mut egui::Ui, finding: &Finding, action: &mut Option<ReviewAction>) {
    let accept = ui.add_enabled(finding.severity != Severity::Error, egui::Button::new("说明…").small());
    let accept = if finding.severity == Severity::Error {
        accept.on_disabled_hover_text(ERRORS_CANNOT_BE_ACCEPTED)
    } else {
        accept.on_hover_text("说明该问题属实无误（需填写理由），移到“已说明”")
    };
    if accept.clicked() {
        *action = Some(ReviewAction::Accept(Box::new(finding.clone())));
    }
    if ui.small_button("批注…").on_hover_text("对该问题添加批注").clicked() {
        *action = Some(ReviewAction::CommentOn(Box::new(finding.clone())));
    }
}

/// The 批注 tab.
pub(in crate::ui) fn comments_list(
    ui: &mut egui::Ui,
    document: &Document,
    filter: &mut CommentFilter,
    action: &mut Option<ReviewAction>,
) {
    ui.horizontal(|ui| {
        ui.label("显示");
        ui.selectable_value(filter, CommentFilter::Open, "待处理");
        ui.selectable_value(filter, CommentFilter::Resolved, "已处理");
        ui.selectable_value(filter, CommentFilter::All, "全部");
        ui.separator();
        if ui.small_button("为当前页添加批注…").clicked() {
            *action = Some(ReviewAction::AddOnPage);
        }
        ui.label(egui::RichText::new("单元格批注：右键单元格 → 添加批注…").weak());
    });
    let project = &document.project;
    let shown: Vec<&crate::model::Comment> = project
        .review
        .comments
        .iter()
        .filter(|c| match filter {
            CommentFilter::Open => c.status == CommentStatus::Open,
            CommentFilter::Resolved => c.status == CommentStatus::Resolved,
            CommentFilter::All => true,
        })
        .collect();
    if shown.is_empty() {
        empty_list(
            ui,
            if project.review.comments.is_empty() {
                "还没有批注。可在表格单元格的右键菜单、问题列表或各页上方添加。"
            } else {
                "没有符合筛选条件的批注。"
            },
        );
        return;
    }
    egui::ScrollArea::vertical().id_salt("comments-list").auto_shrink(false).show(ui, |ui| {
        for comment in shown {
            ui.horizontal(|ui| {
                let (color, label) = match comment.status {
                    CommentStatus::Open => (OPEN_COMMENT, "待处理"),
                    CommentStatus::Resolved => (RESOLVED_COMMENT, "已处理"),
                };
                ui.colored_label(color, format!("◆ {label}"));
                ui.strong(&comment.author);
                ui.label(egui::RichText::new(&comment.at).weak());
                let place = comment.on.describe(project);
                let place = match &comment.finding {
                    Some(rule) => format!("{place}（问题 {rule}）"),
                    None => place,
                };
                let link = ui.add(egui::Link::new(place)).on_hover_text("单击跳转到该位置");
                if link.clicked() {
                    *action = Some(ReviewAction::Jump(comment.on.to_location(project)));
                }
                if ui.small_button("回复…").clicked() {
                    *action = Some(ReviewAction::Reply(comment.id));
                }
                let toggle = match comment.status {
                    CommentStatus::Open => ("标为已处理", CommentStatus::Resolved),
                    CommentStatus::Resolved => ("重新打开", CommentStatus::Open),
                };
                if ui.small_button(toggle.0).clicked() {
                    *action = Some(ReviewAction::SetStatus(comment.id, toggle.1));
                }
                if ui.small_button("删除").on_hover_text("删除批注及其回复（可撤销）").clicked() {
                    *action = Some(ReviewAction::Delete(comment.id));
                }
            });
            ui.indent(("comment", comment.id), |ui| {
                ui.label(&comment.text);
                for reply in &comment.replies {
                    ui.label(format!("↳ {}（{}）：{}", reply.author, reply.at, reply.text));
                }
            });
            ui.separator();
        }
    });
}

/// The 已说明 tab: what still covers a finding, then what no longer does (the numbers changed).
pub(in crate::ui) fn accepted_list(ui: &mut egui::Ui, document: &Document, action: &mut Option<ReviewAction>) {
    let review = &document.project.review;
    let reviewed = review.sort_findings(&document.findings);
    if reviewed.accepted.is_empty() && reviewed.stale.is_empty() {
        empty_list(ui, "没有已说明的问题。在“问题”列表中对警告或提示点“说明…”并填写理由。");
        return;
    }
    egui::ScrollArea::vertical().id_salt("accepted-list").auto_shrink(false).show(ui, |ui| {
        for (finding, acceptance) in &reviewed.accepted {
            ui.horizontal(|ui| {
                ui.colored_label(grid::severity_color(finding.severity), finding.severity.label());
                ui.label(egui::RichText::new(finding.rule).weak().monospace());
                if ui.small_button("撤回").on_hover_text("撤回说明，重新列为问题（可撤销）").clicked()
                {
                    *action = Some(ReviewAction::Withdraw(Box::new((*finding).clone())));
                }
                let message = ui.add(egui::Label::new(&finding.message).sense(egui::Sense::click()).truncate());
                if message.on_hover_text("单击跳转到该位置").clicked() {
                    *action = Some(ReviewAction::Jump(finding.location.clone()));
                }
            });
            ui.indent(("accepted", finding.rule, &finding.message), |ui| {
                ui.label(format!("已说明：{}　— {}，{}", acceptance.reason, acceptance.by, acceptance.at));
            });
        }
        if !reviewed.stale.is_empty() {
            ui.separator();
            ui.label(egui::RichText::new("已失效的说明（相关数字已改变或问题已不存在，问题已重新列出）").weak());
            for stale in &reviewed.stale {
                let index = review.accepted.iter().position(|a| std::ptr::eq(a, *stale));
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(&stale.rule).weak().monospace());
                    ui.label(stale.on.describe(&document.project));
                    ui.label(format!("理由：{}（{}，{}）", stale.reason, stale.by, stale.at));
                    if let Some(index) = index
                        && ui.small_button("删除").clicked()
                    {
                        *action = Some(ReviewAction::RemoveStale(index));
                    }
                });
            }
        }
    });
}

/// What an empty list says. It takes the panel's whole height, so switching to a short list does
/// not shrink the panel (egui sizes a panel to what it drew last).
pub(in crate::ui) fn empty_list(ui: &mut egui::Ui, text: &str) {
    ui.label(text);
    ui.allocate_space(ui.available_size());
}

/// The view that shows a place (as the navigation counts findings).
pub(in crate::ui) fn view_of(location: &Location) -> View {
    match location {
        Location::Project | Location::Meta { .. } => View::Meta,
        Location::Table { table, .. } => View::Table(*table),
        Location::Narrative { section } => View::Section(NarrativePart::of_section(*section)),
        Location::Goal { .. } => View::Section(NarrativePart::ProjectGoals),
        Location::Procurement { .. } => View::Section(NarrativePart::Procurement),
        Location::Assets { .. } => View::Section(NarrativePart::Assets),
    }
}

/// Open comments per view, for the navigation's markers.
pub(in crate::ui) fn open_comments_per_view(document: &Document) -> std::collections::HashMap<View, usize> {
    let mut counts = std::collections::HashMap::new();
    for comment in &document.project.review.comments {
        if comment.status == CommentStatus::Open {
            *counts.entry(view_of(&comment.on.to_location(&document.project))).or_insert(0) += 1;
        }
    }
    counts
}

/// The places a page-level comment can go, for 添加批注… above the page.
fn places_of_view(document: &Document, view: View) -> Vec<(Anchor, String)> {
    let project = &document.project;
    let place = |anchor: Anchor| {
        let name = anchor.describe(project);
        (anchor, name)
    };
    match view {
        View::Meta => vec![place(Anchor::Project)],
        View::Table(table) => {
            vec![(Anchor::Table { table, row: None, column: None }, format!("{}（整表）", table.short_name()))]
        }
        View::Section(part) => {
            let mut places: Vec<(Anchor, String)> = NarrativeSection::ALL
                .into_iter()
                .filter(|s| NarrativePart::of_section(*s) == part)
                .map(|s| place(Anchor::Narrative { section: s.key().to_string() }))
                .collect();
            match part {
                NarrativePart::Procurement => places.push(place(Anchor::Procurement { row: None, column: None })),
                NarrativePart::Assets => places.push(place(Anchor::Assets { line: None })),
                NarrativePart::ProjectGoals => {
                    places.extend((0..project.goals.len()).map(|goal| place(Anchor::Goal { goal, indicator: None })))
                }
                _ => {}
            }
            places
        }
    }
}
