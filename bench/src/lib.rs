//! Tools for measuring positions, not part of the bot: synthetic stores of any size (`synth`) and the
//! questions to time against them (`questions`), the naive linear scan the index is measured against
//! (`baseline`), the one small deterministic random generator of the tests (`rng`), and the
//! synthetic data folders on disk that the examples share (`folder`), and the store in PostgreSQL
//! measured (`database`).

pub mod baseline;
pub mod database;
pub mod folder;
pub mod process;
pub mod questions;
pub mod rng;
pub mod synth;

pub use rng::Rng;
