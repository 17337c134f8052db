//! Integration tests: each module runs the real `wildchain` binary on the embedded case and on
//! small fixtures named for what they show.

mod util;

mod analyses;
mod analyze;
mod bad_lines;
mod case_loading;
mod case_model;
mod cell_problems;
mod cells;
mod chains;
mod chinese;
mod docs;
mod dot;
mod export;
mod finite;
mod formats;
mod friction;
mod hardening;
mod hardening_escapes;
mod hardening_money;
mod hardening_outputs;
mod hardening_readers;
mod hardening_surprises;
mod hardening_tables;
mod help;
mod input;
mod lead_problems;
mod leads;
mod line_ends;
mod money;
mod names;
mod near_names;
mod normalize;
mod places_ingest;
mod properties;
mod ranking;
mod render;
mod report;
mod settings;
mod species;
mod species_chains;
mod tools;
mod totals;
mod trace;
mod validate;
