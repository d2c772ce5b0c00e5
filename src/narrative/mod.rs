//! Narrative figures: being written.
