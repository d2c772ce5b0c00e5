fn main() {
    let project =
        yugong_core::project_format::parse(yugong_core::samples::sample_text("gaoyang-2022").unwrap().as_bytes())
            .unwrap();
    let n = &project.narrative;
    let base = format!(
        "{}{}{}{}{}",
        n.overview.income, n.overview.expense, n.overview.change, n.operating_costs, n.three_public
    );
    let mode = std::env::args().nth(1).unwrap_or_default();
    let unit: String =
        if mode == "nodelim" { base.chars().filter(|c| !"，。；,;\n".contains(*c)).collect() } else { base };
    for mb in [0.2f64, 0.4, 0.8, 1.6] {
        let reps = (mb * 1e6 / unit.len() as f64) as usize;
        let text = unit.repeat(reps);
        let t = std::time::Instant::now();
        let a = yugong_core::narrative::Analysis::new(&text);
        let t1 = t.elapsed();
        let s = a.stated_amounts().len();
        let t2 = t.elapsed();
        let l = a.item_lists().len();
        let t3 = t.elapsed();
        let y = a.year_on_year().len();
        let t4 = t.elapsed();
        let i = a.text_issues(2022, "县").len();
        let t5 = t.elapsed();
        println!(
            "{mb} MB: new {:?} stated {:?} lists {:?} yoy {:?} issues {:?} ({s} {l} {y} {i})",
            t1,
            t2 - t1,
            t3 - t2,
            t4 - t3,
            t5 - t4
        );
    }
}
