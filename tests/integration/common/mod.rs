pub mod editions;
pub mod seed;
pub mod units;
