//! positions: what countries and organisations have said, extracted from news articles.
//! The core (everything but `shell`) is pure: values in, values out, no Discord and no async.

/// mimalloc instead of the system allocator: loading a million statements makes and frees
/// millions of small strings and many large temporary tables, and glibc returned the tables'
/// pages to the kernel only to fault them in again; replies are built from small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod answer;
pub mod app;
pub mod baseline;
pub mod chart;
pub mod complete;
pub mod entities;
pub mod error;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod model;
pub mod office;
pub mod others;
pub mod query;
pub mod render;
pub mod reply;
pub mod shell;
pub mod source;
pub mod store;
pub mod synth;
pub mod text;
pub mod timeline;
pub mod topics;
