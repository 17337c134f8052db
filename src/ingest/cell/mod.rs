//! Cells: one cell → a value. Weights, dates, money (prices, amounts), confidence, the normal
//! form of a name, clipping and quoting text, and the [`reason::Reason`] a cell is not read.
//!
//! What belongs here: pure functions of one cell (and of what its column says, such as a unit in
//! the header), and the types they return. Nothing here knows of files, tables or rows: this room
//! imports neither [`super::open`] nor [`super::pass`] (a test in `ingest/rooms.rs` holds it).

pub mod confidence;
pub mod date;
pub mod money;
pub mod reason;
pub mod spreadsheet;
pub mod text;
pub mod weight;
