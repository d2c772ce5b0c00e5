//! The program's exit codes, shared by the command line and the window (which returns
//! [`EXIT_UNREADABLE`] when it cannot open).
//!
//! 0 — done, no errors found; 1 — errors found in a checked file; 2 — a file could not be read,
//! the command line is wrong or the window could not open.

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_UNREADABLE: u8 = 2;
