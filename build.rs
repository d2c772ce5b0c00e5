//! Records when and from which commit the binary was built, for `yugong --version` and 帮助 → 关于.
//!
//! The time is `SOURCE_DATE_EPOCH` when it is set (the release script sets it to the commit's
//! time, so a rebuild of the same commit gives the same binary), otherwise the time this script
//! last ran. The commit is read with git when the source is a git checkout; a source tarball has
//! none and says so.

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    watch_git_head();

    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64));
    // Seconds only: the program turns them into a date with the calendar code it already has
    // (io::review), instead of a second copy of it here.
    println!("cargo:rustc-env=YUGONG_BUILD_EPOCH={}", seconds.max(0));

    let commit = git(&["rev-parse", "--short=10", "HEAD"]).unwrap_or_default();
    println!("cargo:rustc-env=YUGONG_BUILD_COMMIT={commit}");
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok().filter(|out| out.status.success())?;
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string()).filter(|s| !s.is_empty())
}

/// Reruns this script when a commit moves HEAD: the HEAD file and the branch file it names. Only
/// files that exist are named (cargo would rerun on every build for a missing one), found through
/// git so that a worktree, whose `.git` is a file, works too.
fn watch_git_head() {
    let (Some(git_dir), Some(common_dir)) = (git(&["rev-parse", "--git-dir"]), git(&["rev-parse", "--git-common-dir"]))
    else {
        return;
    };
    let head = std::path::Path::new(&git_dir).join("HEAD");
    let branch = std::fs::read_to_string(&head)
        .ok()
        .and_then(|text| text.trim().strip_prefix("ref: ").map(|r| std::path::Path::new(&common_dir).join(r)));
    let packed = std::path::Path::new(&common_dir).join("packed-refs");
    for path in [Some(head), branch, Some(packed)].into_iter().flatten().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}
