//! The pass: opened tables → records. Reading the columns, coding every cell ([`encode`]),
//! judging each distinct cell once ([`distinct`]), gathering rows by code ([`gather`]), the
//! names shown ([`canonical`]), the amount of a record ([`money`]), the [`records`] and the
//! [`rejects`]; links files ([`links`]) and `normalize` ([`stream`]) are passes of their own.
//!
//! What belongs here: whatever decides what a row becomes. It calls [`super::open`] for tables,
//! [`super::cell`] for cells and the side tables ([`super::species`], [`super::party`]) for names;
//! none of them calls back.

mod bare;
mod canonical;
mod distinct;
mod encode;
mod gather;
pub mod links;
mod money;
pub(crate) mod places;
pub(crate) mod read;
pub mod records;
pub mod rejects;
pub mod stream;
