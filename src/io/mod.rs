//! Adapters between the core and the file system.

pub mod batch;
pub mod dictionaries;
pub mod editions;
pub mod exports;
pub mod paths;
pub mod project_file;
pub mod recovery;
pub mod review;
pub mod settings;
pub mod write;

pub use project_file::{LoadError, SaveError, load, save};
