//! Integration tests: each module runs the real `wildchain` binary on the embedded case and on
//! small fixtures named for what they show.

mod util;

mod analyses;
mod analyze;
mod chains;
mod dot;
mod input;
mod totals;
mod trace;
