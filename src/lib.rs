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
