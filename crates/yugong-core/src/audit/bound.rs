//! Bound figures whose stored value no longer is their source's value (a table changed and the
//! file was not saved by yugong since, or the file was edited by hand), or whose source is unknown.
//! The printed text is right either way (it resolves to the current value); the info says that the
//! file's text shows another number than is printed.

use super::{Audit, Finding, Location, Severity};
use crate::narrative::bound;

pub fn check_stale_markers(audit: &Audit<'_>, findings: &mut Vec<Finding>) {
    for (section, message) in bound::stale_markers(audit.raw) {
        findings.push(Finding::new("NARR-BOUND", Severity::Info, Location::Narrative { section }, message));
    }
}
