//! The review report as a workbook (审核报告.xlsx): a 汇总 sheet with one row per department
//! (filterable) and a 问题清单 sheet with every finding, acceptance and comment, one per row.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use yugong_core::report::{Entry, TOTAL_LABELS};

use crate::export::ExportError;

/// Headers of the summary sheet, after which come the key totals.
const SUMMARY_HEADERS: [&str; 13] = [
    "文件",
    "单位",
    "预算年度",
    "模板版本",
    "审核状态",
    "状态记录",
    "错误",
    "警告",
    "提示",
    "已说明",
    "待处理批注",
    "已处理批注",
    "说明",
];
const FINDING_HEADERS: [&str; 10] =
    ["文件", "单位", "类别", "严重程度", "规则", "位置", "内容", "说明理由 / 状态", "人员", "时间"];

/// The workbook's bytes.
pub fn review_workbook(entries: &[Entry]) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let header =
        Format::new().set_bold().set_font_size(10).set_align(FormatAlign::Center).set_background_color("D9E1F2");
    let money = Format::new().set_font_size(10).set_num_format("0.00");
    let plain = Format::new().set_font_size(10);

    let summary = workbook.add_worksheet();
    summary.set_name("汇总")?;
    let headers: Vec<&str> = SUMMARY_HEADERS.iter().copied().chain(TOTAL_LABELS).collect();
    write_headers(summary, &headers, &header)?;
    let mut row = 0u32;
    for entry in entries {
        row += 1;
        summary.write_string_with_format(row, 0, entry.source(), &plain)?;
        match entry {
            Entry::Unreadable { message, .. } => {
                summary.write_string_with_format(row, 4, "无法读取", &plain)?;
                summary.write_string_with_format(row, 12, message, &plain)?;
            }
            Entry::Department(d) => {
                summary.write_string_with_format(row, 1, &d.unit, &plain)?;
                summary.write_number_with_format(row, 2, f64::from(d.year), &plain)?;
                summary.write_string_with_format(row, 3, &d.edition, &plain)?;
                summary.write_string_with_format(row, 4, d.state, &plain)?;
                summary.write_string_with_format(row, 5, &d.state_detail, &plain)?;
                let counts =
                    [d.open.errors, d.open.warnings, d.open.infos, d.accepted, d.comments_open, d.comments_resolved];
                for (offset, count) in counts.into_iter().enumerate() {
                    summary.write_number_with_format(row, 6 + offset as u16, count as f64, &plain)?;
                }
                for (offset, total) in d.totals.iter().enumerate() {
                    if let Some(value) = total.and_then(|v| v.to_f64()) {
                        summary.write_number_with_format(row, 13 + offset as u16, value, &money)?;
                    }
                }
            }
        }
    }
    summary.autofilter(0, 0, row, (headers.len() - 1) as u16)?;
    summary.set_freeze_panes(1, 2)?;
    set_widths(
        summary,
        &[28.0, 30.0, 9.0, 14.0, 10.0, 24.0, 6.0, 6.0, 6.0, 7.0, 10.0, 10.0, 30.0, 12.0, 12.0, 12.0, 12.0, 12.0],
    )?;

    let list = workbook.add_worksheet();
    list.set_name("问题清单")?;
    write_headers(list, &FINDING_HEADERS, &header)?;
    let mut row = 0u32;
    for entry in entries {
        let Entry::Department(d) = entry else { continue };
        for finding in &d.findings {
            row += 1;
            let (kind, note, by, at) = match &finding.accepted {
                Some((reason, by, at)) => ("已说明", reason.as_str(), by.as_str(), at.as_str()),
                None => ("问题", "", "", ""),
            };
            let cells = [
                &d.source,
                &d.unit,
                kind,
                finding.severity,
                finding.rule,
                &finding.place,
                &finding.message,
                note,
                by,
                at,
            ];
            write_row(list, row, &cells, &plain)?;
        }
        for comment in &d.comments {
            row += 1;
            let mut text = comment.text.clone();
            for reply in &comment.replies {
                text.push_str(&format!("\n回复 {reply}"));
            }
            let rule = comment.finding.as_deref().unwrap_or("");
            let cells = [
                &d.source,
                &d.unit,
                "批注",
                "",
                rule,
                &comment.place,
                &text,
                comment.status,
                &comment.author,
                &comment.at,
            ];
            write_row(list, row, &cells, &plain)?;
        }
    }
    list.autofilter(0, 0, row, (FINDING_HEADERS.len() - 1) as u16)?;
    list.set_freeze_panes(1, 0)?;
    set_widths(list, &[28.0, 30.0, 8.0, 8.0, 18.0, 36.0, 70.0, 30.0, 10.0, 16.0])?;
    Ok(workbook.save_to_buffer()?)
}

fn write_headers(sheet: &mut Worksheet, headers: &[&str], format: &Format) -> Result<(), XlsxError> {
    for (col, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *text, format)?;
    }
    Ok(())
}

fn write_row(sheet: &mut Worksheet, row: u32, cells: &[&str], format: &Format) -> Result<(), XlsxError> {
    for (col, text) in cells.iter().enumerate() {
        if !text.is_empty() {
            sheet.write_string_with_format(row, col as u16, *text, format)?;
        }
    }
    Ok(())
}

fn set_widths(sheet: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use yugong_core::project_format;

    #[test]
    fn both_sheets_are_filterable() {
        let project =
            project_format::parse(yugong_core::samples::sample_text("gaoyang-2022").unwrap().as_bytes()).unwrap();
        let findings = yugong_core::audit::check(&project);
        let entries = vec![
            Entry::Department(Box::new(yugong_core::report::department("高阳.ron", &project, &findings))),
            Entry::Unreadable { source: "坏.ron".into(), message: "文件是空的".into() },
        ];
        let bytes = review_workbook(&entries).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        // 问题清单: the header and a row per finding (高阳 has no comments or acceptances); the count
        // follows the audit's rules as they are added.
        let findings_range = format!("A1:J{}", 1 + findings.len());
        for (sheet, range) in
            [("xl/worksheets/sheet1.xml", "A1:R3"), ("xl/worksheets/sheet2.xml", findings_range.as_str())]
        {
            let mut xml = String::new();
            archive.by_name(sheet).unwrap().read_to_string(&mut xml).unwrap();
            assert!(xml.contains(&format!("<autoFilter ref=\"{range}\"")), "{sheet}: {xml}");
        }
    }
}
