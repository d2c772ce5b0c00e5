//! Writes a folder of department files for measuring batch review by hand:
//! `cargo run --release --example review_folder -- /tmp/review-1000 1000` gives 1,000 project
//! files, copies of the three samples in turn, each with its own unit name and its own numbers
//! (公务接待费 and the 支出总表 基本支出 shifted by a few cents per file, so the audits differ).

use rust_decimal::Decimal;

fn main() {
    let mut args = std::env::args().skip(1);
    let folder = std::path::PathBuf::from(args.next().unwrap_or_else(|| "review-folder".into()));
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let names = ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"];
    let samples: Vec<yugong::model::Project> = names
        .iter()
        .map(|n| yugong::project_format::parse(yugong::samples::sample_text(n).unwrap_or_default().as_bytes()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|error| {
            eprintln!("{error}");
            std::process::exit(2)
        });
    if let Err(error) = std::fs::create_dir_all(&folder) {
        eprintln!("{}：{error}", folder.display());
        std::process::exit(2);
    }
    for index in 0..count {
        let mut project = samples[index % samples.len()].clone();
        project.meta.unit_name = format!("{}（{:04}）", project.meta.unit_name, index + 1);
        let shift = Decimal::new((index % 97) as i64, 2);
        for (table, row, column) in [("three_public", "reception", "total"), ("expense", "total", "basic")] {
            let table = match table {
                "three_public" => &mut project.tables.three_public,
                _ => &mut project.tables.expense,
            };
            if let Some(row) = table.row_mut(row)
                && let Some(value) = row.cells.get(column)
            {
                row.cells.set(column, Some(value + shift));
            }
        }
        let path = folder.join(format!("{:04}-{}.ron", index + 1, names[index % names.len()]));
        if let Err(error) = std::fs::write(&path, yugong::project_format::to_string(&project)) {
            eprintln!("{}：{error}", path.display());
            std::process::exit(2);
        }
    }
    println!("{}：{count} 个项目文件", folder.display());
}
