//! positions: what countries and organisations have said, extracted from news articles.
//! The core (everything but `shell` and `fetch`, the network edge) is pure: values in, values out,
//! no Discord and no async.

pub mod answer;
pub mod app;
pub mod entities;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod follow;
pub mod index;
pub mod ingest;
pub mod model;
pub mod people;
pub mod render;
pub mod shell;
pub mod store;
pub mod text;
pub mod web;
