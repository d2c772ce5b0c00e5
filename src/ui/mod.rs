//! The desktop window. For now a read-only viewer: 基本信息, the nine tables, the narrative,
//! goals, procurement and assets of the opened project. The editor grows from here.

pub mod document;
pub mod history;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use eframe::egui;

use crate::catalog::{Catalog, Edition};
use crate::io::{project_file, settings};
use crate::model::{Project, TableId, amount::format_wan};
use crate::samples;

/// The bundled CJK font: the window never depends on the fonts a machine happens to have.
const UI_FONT: &[u8] = include_bytes!("../../fonts/NotoSansSC-Regular.ttf");

/// What the window shows on start.
enum Document {
    Open { project: Box<Project>, source: String, note: Option<String> },
    Failed { source: String, message: String },
}

/// Picks the document: the given file, else the most recent file, else the bundled sample.
fn initial_document(file: Option<PathBuf>) -> Document {
    if let Some(path) = file {
        let source = path.display().to_string();
        return match project_file::load(&path) {
            Ok(project) => {
                settings::remember_recent(&path);
                Document::Open { project: Box::new(project), source, note: None }
            }
            Err(error) => Document::Failed { source, message: error.to_string() },
        };
    }
    let mut note = None;
    if let Some(recent) = settings::recent_files().into_iter().next() {
        match project_file::load(&recent) {
            Ok(project) => {
                return Document::Open { project: Box::new(project), source: recent.display().to_string(), note: None };
            }
            Err(error) => note = Some(format!("最近的文件“{}”无法打开：{error}", recent.display())),
        }
    }
    let stem = samples::FIRST_START_SAMPLE;
    let text = samples::sample_text(stem).unwrap_or_default();
    match project_file::parse(text.as_bytes()) {
        Ok(project) => {
            Document::Open { project: Box::new(project), source: format!("内置示例：{stem}.ron"), note }
        }
        Err(error) => Document::Failed { source: format!("内置示例 {stem}"), message: error.to_string() },
    }
}

pub fn run(file: Option<PathBuf>) -> ExitCode {
    let document = initial_document(file);
    let title = match &document {
        Document::Open { project, .. } => {
            format!("预公 — {}{}年部门预算", project.meta.unit_name, project.meta.budget_year)
        }
        Document::Failed { .. } => "预公".to_string(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_inner_size([1200.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "yugong",
        options,
        Box::new(|cc| {
            install_fonts(&cc.egui_ctx);
            let tally = match &document {
                Document::Open { project, .. } => Some(crate::audit::Tally::of(&crate::audit::check(project))),
                Document::Failed { .. } => None,
            };
            Ok(Box::new(Viewer { document, view: View::Meta, tally }))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("无法打开窗口：{error}");
            ExitCode::from(crate::cli::EXIT_UNREADABLE)
        }
    }
}

/// Puts the bundled CJK font behind egui's default fonts, so Latin text keeps egui's look and
/// every Chinese character has a glyph.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("noto-sans-sc".into(), Arc::new(egui::FontData::from_static(UI_FONT)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("noto-sans-sc".into());
    }
    ctx.set_fonts(fonts);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Meta,
    Table(TableId),
    Narrative,
    Goals,
    Procurement,
    Assets,
}

struct Viewer {
    document: Document,
    view: View,
    /// Audit counts of the open project, shown in the status bar.
    tally: Option<crate::audit::Tally>,
}

impl eframe::App for Viewer {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let (project, source, note) = match &self.document {
            Document::Open { project, source, note } => (project.as_ref(), source.as_str(), note.as_deref()),
            Document::Failed { source, message } => {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.heading("无法打开项目文件");
                    ui.label(source.as_str());
                    ui.colored_label(ui.visuals().error_fg_color, message.as_str());
                });
                return;
            }
        };
        let edition = Catalog::get().edition(&project.meta.edition);
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(source);
                if let Some(tally) = self.tally {
                    ui.separator();
                    let color = if tally.errors > 0 { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
                    ui.colored_label(
                        color,
                        format!("错误 {}  警告 {}  提示 {}", tally.errors, tally.warnings, tally.infos),
                    );
                }
                if let Some(note) = note {
                    ui.separator();
                    ui.colored_label(ui.visuals().warn_fg_color, note);
                }
            });
        });
        egui::Panel::left("navigation").resizable(true).default_size(230.0).show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| navigation(ui, project, &mut self.view));
        });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| match self.view {
                View::Meta => meta_view(ui, project, edition),
                View::Table(id) => table_view(ui, project, edition, id),
                View::Narrative => narrative_view(ui, project),
                View::Goals => goals_view(ui, project),
                View::Procurement => procurement_view(ui, project),
                View::Assets => assets_view(ui, project, edition),
            });
        });
    }
}

fn navigation(ui: &mut egui::Ui, project: &Project, view: &mut View) {
    ui.selectable_value(view, View::Meta, "基本信息");
    ui.separator();
    ui.label("公开表");
    for (index, id) in TableId::ALL.into_iter().enumerate() {
        let table = project.tables.get(id);
        let label = format!("{}. {}", index + 1, table.title.trim_start_matches("部门预算"));
        ui.selectable_value(view, View::Table(id), label);
    }
    ui.separator();
    ui.selectable_value(view, View::Narrative, "情况说明");
    ui.selectable_value(view, View::Goals, format!("项目绩效目标（{}）", project.goals.len()));
    ui.selectable_value(view, View::Procurement, "政府采购预算");
    ui.selectable_value(view, View::Assets, "固定资产占用情况");
}

fn meta_view(ui: &mut egui::Ui, project: &Project, edition: Option<&Edition>) {
    let meta = &project.meta;
    ui.heading(format!("{}{}年{}预算", meta.unit_name, meta.budget_year, meta.entity.word()));
    egui::Grid::new("meta").num_columns(2).striped(true).show(ui, |ui| {
        let mut field = |name: &str, value: String| {
            ui.label(name);
            ui.label(value);
            ui.end_row();
        };
        field("单位编码", meta.unit_code.clone());
        field("单位名称", meta.unit_name.clone());
        field("预算年度", meta.budget_year.to_string());
        field("金额单位", meta.money_unit.label().to_string());
        field("模板版本", edition.map_or_else(|| format!("{}（未知版本）", meta.edition), |e| e.name.clone()));
        field("行政级别", meta.level.word().to_string());
        field("公开主体", meta.entity.word().to_string());
        field("所属单位", project.narrative.sub_units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join("；"));
    });
}

fn table_view(ui: &mut egui::Ui, project: &Project, edition: Option<&Edition>, id: TableId) {
    let table = project.tables.get(id);
    ui.heading(&table.title);
    ui.label(format!("{}    预算年度：{}    单位：万元", project.meta.unit_line(), project.meta.budget_year));
    let Some(edition) = edition else {
        ui.label("未知的模板版本，无法显示栏目。");
        return;
    };
    let columns = edition.column_keys(id);
    let headers = column_headers(edition, id);
    egui::Grid::new(("table", id)).striped(true).min_col_width(60.0).show(ui, |ui| {
        ui.strong("编码");
        ui.strong("名称");
        for header in &headers {
            ui.strong(header);
        }
        ui.end_row();
        for row in &table.rows {
            ui.label(if row.is_coded() { row.id.as_str() } else { "" });
            ui.label(&row.name);
            for column in &columns {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(format_wan(row.cells.get(column)));
                });
            }
            ui.end_row();
        }
    });
    for note in &table.notes {
        ui.label(note);
    }
}

/// One header line per column; two-sided tables name their side (“收入 金额”, “支出 合计”).
fn column_headers(edition: &Edition, id: TableId) -> Vec<String> {
    use crate::catalog::Layout;
    let side_of = |key: &str| match &edition.table(id).layout {
        Layout::TwoSided { left, right, .. } => {
            Some(if left.columns.iter().any(|c| c.key == key) { &left.header } else { &right.header })
        }
        _ => None,
    };
    edition
        .columns(id)
        .into_iter()
        .map(|c| match side_of(&c.key) {
            Some(side) => format!("{side} {}", c.header.join(" ")),
            None => c.header.join(" "),
        })
        .collect()
}

fn paragraphs(ui: &mut egui::Ui, text: &str) {
    for paragraph in text.lines() {
        ui.label(paragraph);
    }
}

fn narrative_view(ui: &mut egui::Ui, project: &Project) {
    let n = &project.narrative;
    ui.heading("情况说明");
    paragraphs(ui, &n.preamble);
    ui.strong("部门职责及机构设置情况");
    paragraphs(ui, &n.duties.intro);
    for item in &n.duties.items {
        ui.label(item);
    }
    ui.strong("部门预算安排的总体情况");
    for text in [&n.overview.intro, &n.overview.income, &n.overview.expense, &n.overview.change] {
        paragraphs(ui, text);
    }
    ui.strong("机关运行经费安排情况");
    paragraphs(ui, &n.operating_costs);
    ui.strong("财政拨款“三公”经费预算情况");
    paragraphs(ui, &n.three_public);
    ui.strong("部门整体绩效目标");
    paragraphs(ui, &n.department_goals.overall);
    for (i, item) in n.department_goals.items.iter().enumerate() {
        ui.label(format!("{}、{}", i + 1, item.title));
        ui.label(format!("绩效目标：{}", item.goal));
        ui.label(format!("绩效指标：{}", item.indicator));
    }
    ui.strong("名词解释");
    for (i, entry) in n.glossary.iter().enumerate() {
        ui.label(format!("{}、{}：{}", i + 1, entry.term, entry.definition));
    }
    ui.strong("其他需要说明的事项");
    paragraphs(ui, &n.other_matters);
}

fn goals_view(ui: &mut egui::Ui, project: &Project) {
    ui.heading("项目绩效目标");
    for (index, goal) in project.goals.iter().enumerate() {
        egui::CollapsingHeader::new(format!("{}、{}绩效目标表", index + 1, goal.name)).id_salt(("goal", index)).show(
            ui,
            |ui| {
                if let Some(budget) = goal.budget {
                    ui.label(format!(
                        "项目编码 {}    预算数 {} 万元    资金用途：{}",
                        goal.code,
                        format_wan(Some(budget)),
                        goal.purpose
                    ));
                }
                paragraphs(ui, &goal.goal);
                egui::Grid::new(("indicators", index)).striped(true).show(ui, |ui| {
                    for header in ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
                    {
                        ui.strong(header);
                    }
                    ui.end_row();
                    for indicator in &goal.indicators {
                        ui.label(&indicator.level1);
                        ui.label(&indicator.level2);
                        ui.label(&indicator.name);
                        ui.label(&indicator.description);
                        ui.label(indicator.value.to_string());
                        ui.label(&indicator.basis);
                        ui.end_row();
                    }
                });
            },
        );
    }
}

fn procurement_view(ui: &mut egui::Ui, project: &Project) {
    ui.heading("政府采购预算");
    paragraphs(ui, &project.narrative.procurement);
    egui::Grid::new("procurement").striped(true).show(ui, |ui| {
        for header in ["项目名称", "预算资金", "采购物品名称", "目录序号", "计量单位", "数量", "单价", "合计"]
        {
            ui.strong(header);
        }
        ui.end_row();
        for row in &project.procurement.rows {
            ui.label(&row.project);
            ui.label(format_wan(row.project_budget));
            ui.label(&row.item);
            ui.label(&row.catalog_code);
            ui.label(&row.unit);
            ui.label(row.quantity.map(|q| q.to_string()).unwrap_or_default());
            ui.label(format_wan(row.unit_price));
            ui.label(format_wan(row.funds.get("total")));
            ui.end_row();
        }
    });
    for note in &project.procurement.notes {
        ui.label(note);
    }
}

fn assets_view(ui: &mut egui::Ui, project: &Project, edition: Option<&Edition>) {
    let assets = &project.assets;
    ui.heading(&assets.title);
    paragraphs(ui, &project.narrative.assets);
    ui.label(format!("截止时间：{}", assets.as_of));
    egui::Grid::new("assets").striped(true).show(ui, |ui| {
        ui.strong("项目");
        ui.strong("数量");
        ui.strong("价值（万元）");
        ui.end_row();
        for (key, line) in assets.lines() {
            let label =
                edition.and_then(|e| e.assets.lines.iter().find(|l| l.key == key)).map_or(key, |l| l.label.as_str());
            ui.label(label);
            ui.label(line.quantity.map(|q| q.to_string()).unwrap_or_default());
            ui.label(line.value.map(|v| v.to_string()).unwrap_or_default());
            ui.end_row();
        }
    });
}
