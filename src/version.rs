//! What `yugong --version` and 帮助 → 关于 say: the version, when and from which commit it was
//! built (see build.rs), and the template editions built into it.

use crate::catalog::Catalog;

/// The version of the whole workspace.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Unix seconds of the build; the commit's time in release builds.
const BUILD_EPOCH: &str = env!("YUGONG_BUILD_EPOCH");
/// Short commit hash, empty when built outside a git checkout.
pub const BUILD_COMMIT: &str = env!("YUGONG_BUILD_COMMIT");

/// The build date, `YYYY-MM-DD` in Beijing time (where the program's users and their reports are).
pub fn build_date() -> String {
    let date = crate::io::review::beijing_at(BUILD_EPOCH.parse().unwrap_or(0)).0;
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// One line: `0.1.0（2026-12-01 构建，提交 1a2b3c4d5e）`.
pub fn short() -> String {
    let date = build_date();
    if BUILD_COMMIT.is_empty() {
        format!("{VERSION}（{date} 构建）")
    } else {
        format!("{VERSION}（{date} 构建，提交 {BUILD_COMMIT}）")
    }
}

/// The bundled template editions, one line each: `hebei-2024  河北省 2024 年版…`.
pub fn editions() -> Vec<String> {
    Catalog::get().editions.iter().map(|e| format!("{}  {}", e.id, e.name)).collect()
}

/// The long form for `--version`: the short line, then the editions.
pub fn long() -> String {
    let mut text = short();
    text.push_str("\n内置模板版本：");
    for line in editions() {
        text.push_str("\n  ");
        text.push_str(&line);
    }
    text
}
