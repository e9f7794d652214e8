//! Articles from the web, the pure part: a page's bytes → the article and its metadata
//! (`page`), a feed's bytes → its items (`feed`), and the followed feeds and what was seen of
//! them (`feeds`). No network and no async here: the fetcher (`crate::fetch`) brings the bytes.

pub mod feed;
pub mod feeds;
pub mod page;
