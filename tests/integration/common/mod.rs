pub mod editions;
pub mod seed;
