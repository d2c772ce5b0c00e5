//! The review report as PDF (审核报告.pdf), laid out by the same engine and fonts as the
//! disclosure: a title page line, a summary table of every department, then per department its
//! key totals and status, the open findings, the accepted ones with their reasons, and the
//! comments. Landscape A4, so the message column is wide.

use yugong_core::report::{Entry, TOTAL_LABELS, amount};

use crate::layout::{Align, Cell, Face, Flow, PageGeometry, TableSpec, TextStyle, add_page_numbers};
use crate::{CalendarDate, PdfError, writer};

fn heading(size: f32) -> TextStyle {
    TextStyle {
        face: Face::SansBold,
        size,
        leading: 1.5,
        align: Align::Left,
        first_indent: 0.0,
        indent: 0.0,
        space_before: size * 0.6,
        space_after: size * 0.4,
    }
}

fn line() -> TextStyle {
    TextStyle { first_indent: 0.0, align: Align::Left, space_after: 2.0, ..TextStyle::body(10.5) }
}

fn table(weights: &[f32], header: &[&str], body: Vec<Vec<Cell>>) -> TableSpec {
    TableSpec {
        column_weights: weights.to_vec(),
        header: vec![header.iter().map(|h| Cell::center(*h).face(Face::SansBold)).collect()],
        body,
        font_size: 9.0,
        min_font_size: 6.0,
    }
}

/// The report's PDF bytes, dated `date`.
pub fn review_pdf(entries: &[Entry], date: CalendarDate) -> Result<Vec<u8>, PdfError> {
    let fonts = writer::Fonts::get()?;
    let mut flow = Flow::new(fonts);
    flow.new_page(PageGeometry::a4_landscape());
    flow.bookmark("审核报告", 0);
    flow.paragraph("部门预算公开审核报告", &TextStyle { align: Align::Center, ..heading(20.0) });
    flow.paragraph(
        &format!("共 {} 个文件　　{}年{}月{}日", entries.len(), date.year, date.month, date.day),
        &TextStyle { align: Align::Center, ..line() },
    );
    flow.paragraph("一、汇总", &heading(14.0));
    let summary_rows = entries
        .iter()
        .map(|entry| match entry {
            Entry::Unreadable { source, message } => {
                vec![Cell::left(source.clone()), Cell::left(format!("无法读取：{message}")).span(8, 1)]
            }
            Entry::Department(d) => vec![
                Cell::left(d.source.clone()),
                Cell::left(d.unit.clone()),
                Cell::center(d.year.to_string()),
                Cell::center(d.state),
                Cell::right(d.open.errors.to_string()),
                Cell::right(d.open.warnings.to_string()),
                Cell::right(d.accepted.to_string()),
                Cell::right(format!("{}/{}", d.comments_open, d.comments_open + d.comments_resolved)),
                Cell::right(amount(d.totals[0])),
            ],
        })
        .collect();
    flow.table(&table(
        &[3.0, 3.5, 1.0, 1.2, 0.8, 0.8, 0.9, 1.2, 1.4],
        &["文件", "单位", "年度", "审核状态", "错误", "警告", "已说明", "待处理批注/批注", "收支总额"],
        summary_rows,
    ));

    let mut number = 0;
    for entry in entries {
        let Entry::Department(d) = entry else { continue };
        number += 1;
        flow.new_page(PageGeometry::a4_landscape());
        let title =
            format!("{}、{}（{}年）", yugong_core::catalog::edition::chinese_numeral(number + 1), d.unit, d.year);
        flow.bookmark(&title, 1);
        flow.paragraph(&title, &heading(14.0));
        flow.paragraph(&format!("文件：{}　　模板版本：{}", d.source, d.edition), &line());
        let state = if d.state_detail.is_empty() {
            d.state.to_string()
        } else {
            format!("{}（{}）", d.state, d.state_detail)
        };
        flow.paragraph(&format!("审核状态：{state}"), &line());
        let totals: Vec<String> = TOTAL_LABELS
            .iter()
            .zip(&d.totals)
            .map(|(label, value)| format!("{label} {}", or_dash(amount(*value))))
            .collect();
        flow.paragraph(&format!("主要数字（万元）：{}", totals.join("；")), &line());
        flow.paragraph(
            &format!(
                "待处理问题：错误 {}，警告 {}，提示 {}；已说明 {}；批注 待处理 {}，已处理 {}",
                d.open.errors, d.open.warnings, d.open.infos, d.accepted, d.comments_open, d.comments_resolved
            ),
            &line(),
        );

        let open: Vec<Vec<Cell>> = d
            .findings
            .iter()
            .filter(|f| f.accepted.is_none())
            .map(|f| {
                vec![
                    Cell::center(f.severity),
                    Cell::left(f.rule),
                    Cell::left(f.place.clone()),
                    Cell::left(f.message.clone()),
                ]
            })
            .collect();
        flow.paragraph("审核发现的问题", &heading(12.0));
        if open.is_empty() {
            flow.paragraph("无。", &line());
        } else {
            flow.table(&table(&[0.8, 1.8, 3.2, 7.0], &["严重程度", "规则", "位置", "问题"], open));
        }

        let accepted: Vec<Vec<Cell>> = d
            .findings
            .iter()
            .filter_map(|f| {
                let (reason, by, at) = f.accepted.as_ref()?;
                Some(vec![
                    Cell::left(f.rule),
                    Cell::left(f.place.clone()),
                    Cell::left(f.message.clone()),
                    Cell::left(reason.clone()),
                    Cell::left(format!("{by} {at}")),
                ])
            })
            .collect();
        if !accepted.is_empty() {
            flow.paragraph("已说明的问题", &heading(12.0));
            flow.table(&table(
                &[1.6, 2.6, 4.6, 3.0, 1.6],
                &["规则", "位置", "问题", "说明理由", "说明人、时间"],
                accepted,
            ));
        }

        if !d.comments.is_empty() {
            let rows = d
                .comments
                .iter()
                .map(|c| {
                    let mut text = c.text.clone();
                    for reply in &c.replies {
                        text.push_str(&format!("\n回复 {reply}"));
                    }
                    let place = match &c.finding {
                        Some(rule) => format!("{}（{rule}）", c.place),
                        None => c.place.clone(),
                    };
                    vec![
                        Cell::center(c.status),
                        Cell::left(place),
                        Cell::left(text),
                        Cell::left(format!("{} {}", c.author, c.at)),
                    ]
                })
                .collect();
            flow.paragraph("批注", &heading(12.0));
            flow.table(&table(&[0.9, 3.2, 6.6, 2.0], &["状态", "位置", "批注与回复", "批注人、时间"], rows));
        }
    }
    let mut document = flow.finish();
    add_page_numbers(&mut document, fonts, 0, |index| format!("— {} —", index + 1));
    if let Some(text) = document.unplaced.first() {
        return Err(PdfError::TextDoesNotFit(yugong_core::model::amount::shorten(text, 40)));
    }
    let created = printpdf::DateTime::new_in_offset(
        printpdf::Date { year: date.year, month: date.month, day: date.day },
        printpdf::Time { hour: 4, minute: 0, second: 0, millisecond: 0 },
        printpdf::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    );
    let info = writer::Info {
        title: "部门预算公开审核报告".into(),
        author: "预公（yugong）".into(),
        subject: format!("{} 个文件的审核结果", entries.len()),
        created,
    };
    Ok(writer::write(&document, fonts, &info))
}

fn or_dash(text: String) -> String {
    if text.is_empty() { "—".into() } else { text }
}
