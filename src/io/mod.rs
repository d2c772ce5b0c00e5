//! Adapters between the core and the file system.

pub mod exports;
pub mod project_file;
pub mod recovery;
pub mod review;
pub mod settings;

pub use project_file::{LoadError, SaveError, load, save};
