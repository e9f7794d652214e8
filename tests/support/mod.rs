//! Helpers shared by the integration tests; each test crate uses only part of them.
#![allow(dead_code)]

pub mod bot;
pub mod database;
pub mod discord;
pub mod proxy;
pub mod store;
