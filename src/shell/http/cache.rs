//! Replies already sent over HTTP, by what was asked and the index they were read from: a
//! question asked again before the index changes (a page everyone opens, a country everyone asks
//! about while its news breaks) is answered without reading the interaction, the index or the
//! renderer again.
//!
//! A reply of the endpoint depends only on the interaction's `type` and `data` (the command and
//! its options, the button's id, the text being completed) and on the index: never on who asks,
//! where, or in which language. So the key is the type and the `data` object as Discord sent it,
//! byte for byte, and every entry belongs to one index version (`LiveIndex::version`): the first
//! reply read from a newer index empties the cache.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;
use rustc_hash::FxBuildHasher;

use crate::shell::metrics::Tally;

/// Entries kept by default (`POSITIONS_HTTP_CACHE`): a reply is typically 3–6 KB (an embed
/// holds at most 6,000 characters), so some 20 MB.
pub const DEFAULT_ENTRIES: usize = 4096;
/// Longest key kept: a `data` object beyond this (a long quote searched for) is answered anew.
const MAX_KEY: usize = 2048;

/// A reply as it was sent, and how it was counted.
#[derive(Debug, Clone)]
pub struct Cached {
    pub body: Bytes,
    pub tally: Tally,
}

/// The replies of one index version, up to a number of entries, in two generations: new replies
/// go to the young one; when it holds half the entries it becomes the old one (the old one is
/// dropped), and a reply found in the old one moves back to the young. What is asked often stays;
/// what was asked once leaves after two turns. No bookkeeping is paid per request.
pub struct AnswerCache {
    capacity: usize,
    entries: Mutex<Entries>,
}

type Map = HashMap<Box<[u8]>, Cached, FxBuildHasher>;

#[derive(Default)]
struct Entries {
    version: u64,
    young: Map,
    old: Map,
}

impl Entries {
    /// Makes room for one more young entry.
    fn room(&mut self, capacity: usize) {
        if self.young.len() >= capacity.div_ceil(2) {
            self.old = std::mem::take(&mut self.young);
        }
    }
}

/// The key of an interaction of type `kind` with `data` (its raw JSON), if it is worth keeping.
pub fn key(kind: u8, data: &[u8]) -> Option<Box<[u8]>> {
    if data.len() > MAX_KEY {
        return None;
    }
    let mut k = Vec::with_capacity(data.len() + 1);
    k.push(kind);
    k.extend_from_slice(data);
    Some(k.into_boxed_slice())
}

impl AnswerCache {
    /// A cache of up to `capacity` replies; 0 keeps none.
    pub fn new(capacity: usize) -> AnswerCache {
        AnswerCache {
            capacity,
            entries: Mutex::new(Entries::default()),
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.capacity > 0
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The reply to `key` read from index `version`, if one was kept.
    pub fn get(&self, version: u64, key: &[u8]) -> Option<Cached> {
        if !self.is_enabled() {
            return None;
        }
        let mut entries = self.entries();
        if entries.version != version {
            return None;
        }
        if let Some(hit) = entries.young.get(key) {
            return Some(hit.clone());
        }
        let (key, hit) = entries.old.remove_entry(key)?;
        entries.room(self.capacity);
        entries.young.insert(key, hit.clone());
        Some(hit)
    }

    /// Keeps the reply to `key` read from index `version`. A newer version empties the cache
    /// first; a reply from an older one (read just before a change) is not kept.
    pub fn put(&self, version: u64, key: Box<[u8]>, reply: Cached) {
        if !self.is_enabled() {
            return;
        }
        let mut entries = self.entries();
        if version < entries.version {
            return;
        }
        if version > entries.version {
            entries.young.clear();
            entries.old.clear();
            entries.version = version;
        }
        entries.room(self.capacity);
        entries.young.insert(key, reply);
    }

    /// How many replies are kept (for tests).
    pub fn len(&self) -> usize {
        let entries = self.entries();
        entries.young.len() + entries.old.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::metrics::{command, outcome};

    fn reply(text: &'static str) -> Cached {
        Cached {
            body: Bytes::from_static(text.as_bytes()),
            tally: Tally::of(command::PAGE, outcome::CHOICES),
        }
    }

    #[test]
    fn a_reply_is_kept_for_its_version_only() {
        let cache = AnswerCache::new(4);
        let k = key(2, br#"{"name":"position"}"#).unwrap();
        cache.put(7, k.clone(), reply("germany"));
        assert_eq!(&cache.get(7, &k).unwrap().body[..], b"germany");
        // Another type with the same data is another question.
        assert!(cache
            .get(7, &key(4, br#"{"name":"position"}"#).unwrap())
            .is_none());
        // The index changed: the reply is not given, and the first reply of the new version
        // empties the cache.
        assert!(cache.get(8, &k).is_none());
        cache.put(8, key(3, b"{}").unwrap(), reply("page"));
        assert!(cache.get(7, &k).is_none());
        assert_eq!(cache.len(), 1);
        // A reply read from the old index, put late, is not kept.
        cache.put(7, k.clone(), reply("old"));
        assert!(cache.get(8, &k).is_none());
    }

    #[test]
    fn what_is_asked_often_stays_and_an_empty_cache_keeps_nothing() {
        let cache = AnswerCache::new(4);
        let hot = key(2, b"hot").unwrap();
        cache.put(1, hot.clone(), reply("hot"));
        for i in 0..50u8 {
            cache.put(1, key(2, &[i]).unwrap(), reply("x"));
            assert!(cache.len() <= 4);
            assert!(cache.get(1, &hot).is_some(), "the hot reply left after {i}");
        }
        assert!(cache.get(1, &key(2, &[49]).unwrap()).is_some());
        assert!(cache.get(1, &key(2, &[0]).unwrap()).is_none());
        let off = AnswerCache::new(0);
        off.put(1, key(2, b"{}").unwrap(), reply("x"));
        assert!(off.get(1, &key(2, b"{}").unwrap()).is_none());
        assert!(key(2, &vec![b'a'; MAX_KEY + 1]).is_none());
    }
}
