//! Sample projects transcribed from published disclosures, embedded so a first start shows a
//! real document and tests can use them without touching the file system.

/// (file stem, title, RON text)
pub const SAMPLES: &[(&str, &str, &str)] = &[
    ("gaoyang-2022", "高阳县人民政府办公室 2022", include_str!("../assets/samples/gaoyang-2022.ron")),
    ("laiyuan-2024", "涞源县人民政府办公室 2024", include_str!("../assets/samples/laiyuan-2024.ron")),
    ("guangyang-2022", "廊坊市广阳区人民政府办公室 2022", include_str!("../assets/samples/guangyang-2022.ron")),
];

/// The sample a newcomer sees on first start.
pub const FIRST_START_SAMPLE: &str = "gaoyang-2022";

pub fn sample_text(stem: &str) -> Option<&'static str> {
    SAMPLES.iter().find(|(s, _, _)| *s == stem).map(|(_, _, text)| *text)
}
