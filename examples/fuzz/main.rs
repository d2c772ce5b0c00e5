//! The fuzz harness of issue 12, on stable Rust: mutates the bundled samples and the fixture
//! workbooks and runs each mutant through the real command in a child process, checking that it
//! never panics, aborts or hangs and that an exit-2 message is Chinese.
//!
//! ```text
//! cargo run --release --example fuzz -- --minutes 10 --target load    # check (loader + audit)
//! cargo run --release --example fuzz -- --minutes 10 --target pdf     # pdf of loadable mutants
//! cargo run --release --example fuzz -- --minutes 10 --target import  # import of workbooks
//!     [--seed N] [--timeout-seconds 30] [--keep DIR]  (failing mutants are kept in DIR)
//! ```
//!
//! The child is this program again (`--child COMMAND FILE`), calling `yugong::cli::run_with`,
//! so no separately built binary is needed; at its end it reports its peak resident memory
//! (VmHWM) for the summary. `cargo test` runs a bounded in-process slice of the same mutations
//! (`tests/integration/malformed_files.rs`).

mod mutate;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mutate::{Rng, is_chinese_message, mutate_project, mutate_workbook};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        return child(&args[2..]);
    }
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let minutes: f64 = value("--minutes").and_then(|m| m.parse().ok()).unwrap_or(1.0);
    let target = value("--target").unwrap_or_else(|| "load".into());
    let seed: u64 = value("--seed").and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let timeout = Duration::from_secs(value("--timeout-seconds").and_then(|s| s.parse().ok()).unwrap_or(30));
    let keep = value("--keep").map(PathBuf::from);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let projects: Vec<Vec<u8>> = ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"]
        .iter()
        .map(|n| std::fs::read(root.join(format!("assets/samples/{n}.ron"))).expect("sample"))
        .collect();
    let workbooks: Vec<Vec<u8>> = ["gaoyang-2022", "laiyuan-2024", "guangyang-2022"]
        .iter()
        .map(|n| std::fs::read(root.join(format!("tests/fixtures/xlsx/{n}.xlsx"))).expect("fixture"))
        .collect();
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut rng = Rng::new(seed);
    let deadline = Instant::now() + Duration::from_secs_f64(minutes * 60.0);
    let mut stats = Stats::default();
    while Instant::now() < deadline {
        let (input, command) = match target.as_str() {
            "import" => (folder.path().join("mutant.xlsx"), "import"),
            "pdf" => (folder.path().join("mutant.ron"), "pdf"),
            _ => (folder.path().join("mutant.ron"), "check"),
        };
        let bytes = if command == "import" {
            let base = rng_pick(&mut rng, &workbooks).clone();
            mutate_workbook(&mut rng, &base)
        } else {
            let base = rng_pick(&mut rng, &projects).clone();
            let mutant = mutate_project(&mut rng, &base, &projects);
            // `pdf` runs on mutants that load: the point is the layout, not the loader again.
            if command == "pdf" && yugong::io::project_file::parse(&mutant).is_err() {
                stats.skipped += 1;
                continue;
            }
            mutant
        };
        std::fs::write(&input, &bytes).expect("write mutant");
        let outcome = run_child(&input, command, folder.path(), timeout);
        stats.record(&outcome);
        if outcome.failed() {
            eprintln!(
                "FAILURE #{} ({}): {}",
                stats.cases,
                outcome.kind(),
                outcome.stderr.lines().take(5).collect::<Vec<_>>().join(" | ")
            );
            if let Some(keep) = &keep {
                let _ = std::fs::create_dir_all(keep);
                let extension = if command == "import" { "xlsx" } else { "ron" };
                let _ = std::fs::write(keep.join(format!("{}-{}.{extension}", outcome.kind(), stats.cases)), &bytes);
            }
        }
    }
    println!(
        "target {target}: {} cases in {minutes} min (seed {seed}), exit codes 0/1/2: {}/{}/{}, panics {}, caught panics {}, aborts/signals {}, timeouts {}, exit-2 messages not Chinese {}, skipped (not loadable) {}, max RSS {:.1} MB",
        stats.cases,
        stats.exits[0],
        stats.exits[1],
        stats.exits[2],
        stats.panics,
        stats.caught_panics,
        stats.signals,
        stats.timeouts,
        stats.not_chinese,
        stats.skipped,
        stats.max_rss_kb as f64 / 1024.0
    );
    std::process::ExitCode::from(u8::from(stats.panics + stats.signals + stats.timeouts + stats.not_chinese > 0))
}

fn rng_pick<'a>(rng: &mut Rng, items: &'a [Vec<u8>]) -> &'a Vec<u8> {
    rng.pick(items)
}

/// The child: one real command on one file, then its peak memory on stderr.
fn child(args: &[String]) -> std::process::ExitCode {
    let (command, file, output) = (&args[0], &args[1], &args[2]);
    let cli: Vec<String> = match command.as_str() {
        "check" => vec!["yugong".into(), "check".into(), "--format".into(), "json".into(), file.clone()],
        other => vec!["yugong".into(), other.into(), file.clone(), "-o".into(), output.clone(), "--force".into()],
    };
    let code = yugong::cli::run_with(cli);
    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
    {
        eprintln!("FUZZ-RSS {}", line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim());
    }
    code
}

struct Outcome {
    code: Option<i32>,
    timed_out: bool,
    stderr: String,
    rss_kb: u64,
}

impl Outcome {
    /// A panic that reached the top (exit 101). A panic caught inside (a batch's file, calamine
    /// guarded in the importer) still prints its message but ends in a Chinese exit 2; those are
    /// counted apart.
    fn panicked(&self) -> bool {
        self.code == Some(101)
    }

    fn caught_panic(&self) -> bool {
        !self.panicked() && self.stderr.contains("panicked")
    }

    fn chinese(&self) -> bool {
        self.code != Some(2)
            || self
                .stderr
                .lines()
                .filter(|l| !l.starts_with("FUZZ-RSS") && !l.trim().is_empty())
                // The lines a caught panic's hook prints (debug builds: calamine's overflows).
                .filter(|l| !l.contains("panicked at") && !l.starts_with("note:") && !l.starts_with("attempt to"))
                .all(is_chinese_message)
    }

    fn failed(&self) -> bool {
        self.timed_out || self.code.is_none() || self.panicked() || !self.chinese()
    }

    fn kind(&self) -> &'static str {
        if self.timed_out {
            "timeout"
        } else if self.panicked() {
            "panic"
        } else if self.code.is_none() {
            "signal"
        } else {
            "not-chinese"
        }
    }
}

fn run_child(input: &Path, command: &str, folder: &Path, timeout: Duration) -> Outcome {
    let output = folder.join(if command == "import" { "out.ron" } else { "out.pdf" });
    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .args(["--child", command])
        .arg(input)
        .arg(&output)
        .env("YUGONG_CONFIG_DIR", folder.join("settings"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("child starts");
    let mut stderr_pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr_pipe, &mut text);
        text
    });
    let started = Instant::now();
    let (code, timed_out) = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break (status.code(), false);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break (None, true);
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stderr = reader.join().unwrap_or_default();
    let rss_kb =
        stderr.lines().filter_map(|l| l.strip_prefix("FUZZ-RSS ")).filter_map(|v| v.parse().ok()).max().unwrap_or(0);
    Outcome { code, timed_out, stderr, rss_kb }
}

#[derive(Default)]
struct Stats {
    cases: usize,
    exits: [usize; 3],
    panics: usize,
    caught_panics: usize,
    signals: usize,
    timeouts: usize,
    not_chinese: usize,
    skipped: usize,
    max_rss_kb: u64,
}

impl Stats {
    fn record(&mut self, outcome: &Outcome) {
        self.cases += 1;
        self.max_rss_kb = self.max_rss_kb.max(outcome.rss_kb);
        self.caught_panics += usize::from(outcome.caught_panic());
        if let Some(code @ 0..=2) = outcome.code {
            self.exits[code as usize] += 1;
        }
        if outcome.timed_out {
            self.timeouts += 1;
        } else if outcome.panicked() {
            self.panics += 1;
        } else if outcome.code.is_none() {
            self.signals += 1;
        } else if !outcome.chinese() {
            self.not_chinese += 1;
        }
    }
}
