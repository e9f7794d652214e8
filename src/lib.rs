//! positions: what countries and organisations have said, extracted from news articles.
//! The core (everything but `shell`) is pure: values in, values out, no Discord and no async.

pub mod entities;
pub mod error;
pub mod extract;
pub mod model;
pub mod text;
