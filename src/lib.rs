//! wildchain: turn the transaction records of a wildlife-trafficking case into its supply chain.
//!
//! The pipeline runs one way: [`ingest`] (files → a validated polars DataFrame) → [`graph`] (the
//! aggregated links → a petgraph directed graph) → [`analysis`] (tracing, chains, roles, totals) →
//! [`render`] (tables, JSON, CSV, DOT) → [`cli`] (one file per subcommand).

pub mod analysis;
pub mod cli;
pub mod generate;
pub mod graph;
pub mod ingest;
pub mod render;
pub mod timing;
pub mod units;
