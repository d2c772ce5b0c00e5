//! Batch review: audits many files on all cores (what `yugong check DIR` and the editor's
//! 审核 → 批量审核 both run), keeping per file only its findings and, for a report, its report
//! entry, so memory stays one project per worker plus the small entries.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use yugong_core::audit::Finding;
use yugong_core::catalog::Catalog;
use yugong_core::model::{Acceptance, Project};
use yugong_core::report::{Department, Entry};

/// The outcome of checking one file.
pub enum Checked {
    /// The findings, the acceptance (已说明) covering each (same order), and the file's review
    /// report entry when a report is wanted.
    Findings(Vec<Finding>, Vec<Option<Acceptance>>, Option<Box<Department>>),
    Unreadable(String),
    /// The audit panicked on this file: a bug, reported for this file while the others go on.
    Failed(String),
}

/// What a file gets when its audit panicked.
pub const AUDIT_PANICKED: &str = "审核时程序出错（内部错误），请把此文件发给开发者";

/// The audit a batch runs (the catalog with the user's imported 科目表, or a test's).
pub type Audit<'a> = &'a (dyn Fn(&Project) -> Vec<Finding> + Sync);

/// Reads one file (a workbook imported with `catalog`'s editions) and audits it.
pub fn check_one(catalog: &Catalog, path: &Path, audit: Audit<'_>, report: bool) -> Checked {
    // A bug in reading or checking one file must not take down a batch: the panic (its message
    // still goes to stderr through the panic hook) becomes this file's error and the other files
    // are checked. Nothing outlives the closure but its result, so no half-updated state is seen.
    // Workbooks are imported in memory; only the findings (and the report's summary of the file)
    // are kept, so a batch of a thousand files holds one project per worker at a time.
    let checked =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match super::review::load_any(catalog, path) {
            Ok(project) => {
                let findings = audit(&project);
                let entry = report.then(|| {
                    Box::new(yugong_core::report::department(&path.display().to_string(), &project, &findings))
                });
                let accepted = findings.iter().map(|f| project.review.acceptance_of(f).cloned()).collect();
                Checked::Findings(findings, accepted, entry)
            }
            Err(error) => Checked::Unreadable(error),
        }));
    checked.unwrap_or_else(|_| Checked::Failed(AUDIT_PANICKED.to_string()))
}

/// Checks files on all cores; results come back in the order the files were given. `done` counts
/// the files finished, for a progress bar in another thread.
pub fn check_in_parallel(
    catalog: &Catalog,
    files: &[PathBuf],
    audit: Audit<'_>,
    report: bool,
    done: &AtomicUsize,
) -> Vec<Checked> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len()).max(1);
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Checked>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut finished = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(index) else { break };
                        finished.push((index, check_one(catalog, path, audit, report)));
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    finished
                })
            })
            .collect();
        for handle in handles {
            // A worker only panics on a bug; surface it rather than report a partial check.
            for (index, checked) in handle.join().expect("check worker panicked") {
                results[index] = Some(checked);
            }
        }
    });
    results.into_iter().map(|r| r.expect("every file checked")).collect()
}

/// The report's entry for each file: its department, or why it could not be audited.
pub fn report_entry(path: &Path, result: Checked) -> Entry {
    match result {
        Checked::Findings(_, _, Some(department)) => Entry::Department(department),
        // check_one makes an entry for every file it read when a report is wanted.
        Checked::Findings(_, _, None) => {
            Entry::Unreadable { source: path.display().to_string(), message: AUDIT_PANICKED.to_string() }
        }
        Checked::Unreadable(message) | Checked::Failed(message) => {
            Entry::Unreadable { source: path.display().to_string(), message }
        }
    }
}
