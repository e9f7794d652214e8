//! The thin shell around the core: Discord gateway and REST. It translates events into core calls
//! and core replies into Discord payloads; it holds no business rules.

pub mod discord;
