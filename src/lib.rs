//! wildchain: turn the transaction records of a wildlife-trafficking case into its supply chain.
//!
//! The pipeline runs one way: [`ingest`] (files → validated, integer-coded records) → [`case`] (the
//! case model: records, flows and tallies, computed once) → [`graph`] (the flows → a petgraph
//! directed graph) → [`analysis`] (tracing, chains, roles, totals, balance) → [`render`] (tables,
//! JSON, CSV, DOT) → [`cli`] (one file per subcommand).

pub mod analysis;
pub mod case;
pub mod cli;
pub mod generate;
pub mod graph;
pub mod ingest;
pub mod memory;
pub mod parallel;
pub mod render;
pub mod sort;
pub mod timing;
pub mod units;

/// An error as `main` prints it after `wildchain: ` (its `{:#}`): its text, then the text of each
/// of its causes, `: ` between. For tests that hold a library error to the words users see.
#[cfg(test)]
pub(crate) fn printed(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}
