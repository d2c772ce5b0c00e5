//! Writes a large consistent synthetic project for measuring the editor by hand:
//! `cargo run --release --example synthetic -- 17000 /tmp/synthetic-20k.ron` gives a 支出总表 of
//! about 20,000 rows (项 rows with their 款 and 类), every table consistent.

fn main() {
    let mut args = std::env::args().skip(1);
    let leaves: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(17_000);
    let path = args.next().unwrap_or_else(|| "synthetic.ron".into());
    let project = yugong::samples::synthetic("hebei-2024", leaves, 11);
    let rows = project.tables.expense.rows.len();
    match yugong::io::save(&project, std::path::Path::new(&path)) {
        Ok(()) => println!("{path}: 支出总表 {rows} 行"),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(2);
        }
    }
}
