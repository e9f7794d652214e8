//! The thin shell around the core: the Discord gateway and REST, and the HTTP interactions
//! endpoint. It translates events into core calls and core replies into Discord payloads; it
//! holds no business rules.

pub mod discord;
pub mod http;
