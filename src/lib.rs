//! positions: what countries and organisations have said, extracted from news articles.
//! The core (everything but `shell` and `fetch`, the network edge) is pure: values in, values out,
//! no Discord and no async.

pub mod answer;
pub mod app;
pub mod chart;
pub mod complete;
pub mod entities;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod follow;
pub mod index;
pub mod ingest;
pub mod model;
pub mod office;
pub mod others;
pub mod people;
pub mod query;
pub mod render;
pub mod reply;
pub mod shell;
pub mod source;
pub mod store;
pub mod text;
pub mod timeline;
pub mod topics;
pub mod web;
pub mod wording;
