//! The index saved as bytes, so that a process starts answering without building it: a header
//! (format, the gazetteer's fingerprint, the store's signature) and the index's tables. A snapshot
//! that does not match is refused with the reason, never half read.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::Index;
use crate::entities::Gazetteer;

/// The first bytes of a snapshot file.
const MAGIC: &[u8; 8] = b"POSIDX\0\x05";

/// Why a snapshot cannot be used (the caller builds the index instead).
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("not a snapshot of this version")]
    Format,
    #[error("made with another gazetteer")]
    Gazetteer,
    #[error("damaged: {0}")]
    Damaged(String),
    #[error("cannot be read: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Serialize, Deserialize)]
struct Header {
    gazetteer: u64,
    /// What the caller says the store looked like when the index matched it.
    store: Vec<u8>,
}

/// A fingerprint of what the index takes from the gazetteer: every entity's key, in order.
fn gazetteer_fingerprint(g: &Gazetteer) -> u64 {
    let keys: Vec<&str> = g.entities().iter().map(|e| e.key.as_str()).collect();
    crate::model::fnv64(&keys)
}

/// A writer that keeps a CRC-32 of the bytes through it.
struct Summed<W> {
    inner: W,
    sum: crc32fast::Hasher,
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sum.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn damaged(e: impl std::fmt::Display) -> SnapshotError {
    SnapshotError::Damaged(e.to_string())
}

impl Index {
    /// Writes the index as a snapshot, with `store`: what the caller needs to know, when it reads
    /// the snapshot back, of the store the index matched. Streamed: no copy of it in memory.
    pub fn write_snapshot(&self, store: &[u8], out: impl Write) -> std::io::Result<()> {
        let mut summed = Summed {
            inner: out,
            sum: crc32fast::Hasher::new(),
        };
        {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, &mut summed);
            out.write_all(MAGIC)?;
            let header = Header {
                gazetteer: gazetteer_fingerprint(&self.gazetteer),
                store: store.to_vec(),
            };
            let io = |e: postcard::Error| std::io::Error::other(e.to_string());
            postcard::to_io(&header, &mut out).map_err(io)?;
            postcard::to_io(self, &mut out).map_err(io)?;
            out.flush()?;
        }
        let sum = summed.sum.clone().finalize();
        summed.inner.write_all(&sum.to_le_bytes())?;
        summed.inner.flush()
    }

    /// The index as snapshot bytes (see `write_snapshot`).
    pub fn to_snapshot(&self, store: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_snapshot(store, &mut out)
            .expect("writing into memory does not fail");
        out
    }

    /// An index from a snapshot file and the gazetteer it was made with; returns it with what the
    /// caller wrote of the store. The file is memory-mapped and decoded in one pass (its pages come
    /// from the page cache and are let go when done) while the other core checks its CRC-32.
    /// Snapshots are replaced by renaming a new file over the old, never rewritten in place, so
    /// the mapped file does not change under the reader.
    pub fn read_snapshot_file(
        gazetteer: Gazetteer,
        file: &std::fs::File,
    ) -> Result<(Index, Vec<u8>), SnapshotError> {
        // SAFETY: the snapshot file is only ever replaced by a rename (`app::save_snapshot`), so
        // the mapped inode is neither truncated nor written while mapped; what it holds is
        // checked (CRC-32, every table) before it is trusted.
        let map = unsafe { memmap2::Mmap::map(file) }?;
        #[cfg(unix)]
        let _ = map.advise(memmap2::Advice::Sequential);
        Index::from_snapshot(gazetteer, &map)
    }

    /// An index from snapshot bytes and the gazetteer they were made with; returns it with what
    /// the caller wrote of the store. Everything is checked before it is answered from: the
    /// format, the gazetteer, a CRC-32 of the bytes (computed on another thread meanwhile) and
    /// every table.
    pub fn from_snapshot(
        gazetteer: Gazetteer,
        bytes: &[u8],
    ) -> Result<(Index, Vec<u8>), SnapshotError> {
        if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(SnapshotError::Format);
        }
        // The checksum: the last four bytes (the length was checked above).
        let (body, sum) = bytes.split_last_chunk::<4>().ok_or(SnapshotError::Format)?;
        let stored_sum = u32::from_le_bytes(*sum);
        let decoded = std::thread::scope(|scope| {
            let summing = scope.spawn(|| crc32fast::hash(body));
            let decoded = decode(&gazetteer, &body[MAGIC.len()..]);
            let sum = summing.join().unwrap_or(!stored_sum);
            if sum != stored_sum {
                return Err(damaged("checksum does not match"));
            }
            decoded
        });
        let (mut index, store) = decoded?;
        index.check().map_err(SnapshotError::Damaged)?;
        index.share_speakers();
        // The rows of `index_group_rows` read the articles' date keys.
        index.sources = super::cited(&index.articles);
        index.index_group_rows();
        index.make_room();
        index.entity_labels = super::entity_labels(&gazetteer);
        index.gazetteer = gazetteer;
        Ok((index, store))
    }

    /// The tables agree in length and every stored number points inside them: a snapshot that
    /// decodes but was cut or altered must not make answering panic.
    fn check(&self) -> Result<(), String> {
        let n = self.statements.len();
        let hi = self.lo as u64 + n as u64;
        let same = [
            self.statement_article.len(),
            self.statement_entity.len(),
            self.ordinals.len(),
            self.trigrams.len(),
            self.statement_row.len(),
        ];
        if same.iter().any(|&l| l != n) {
            return Err("per-statement tables differ in length".into());
        }
        let ids_ok = |list: &[u32]| {
            list.iter()
                .all(|&x| (x as u64) >= self.lo as u64 && (x as u64) < hi)
        };
        let sorted = |list: &[u32]| list.windows(2).all(|w| w[0] < w[1]);
        let lists = self
            .spoken
            .iter()
            .chain(&self.mentioned)
            .chain(&self.postings)
            .chain(self.speaker_keys.values());
        for list in lists {
            if !ids_ok(list) || !sorted(list) {
                return Err("a statement list points outside the statements".into());
            }
        }
        if !ids_ok(&self.gone) || !sorted(&self.gone) {
            return Err("the retracted statements point outside the statements".into());
        }
        if !ids_ok(&self.hidden) || !sorted(&self.hidden) {
            return Err("the printings shown by others point outside the statements".into());
        }
        if !self
            .printings
            .check(|h| self.by_id.contains_key(&h) || self.by_id_more.iter().any(|x| x.0 == h))
        {
            return Err("the printings point at statements the index lacks".into());
        }
        if !self.by_id.values().all(|&x| ids_ok(&[x]))
            || !self.by_id_more.iter().all(|&(_, x)| ids_ok(&[x]))
        {
            return Err("the id table points outside the statements".into());
        }
        if self
            .statement_article
            .iter()
            .any(|&a| a as usize >= self.articles.len().max(1))
        {
            return Err("a statement points outside the articles".into());
        }
        // `spoken` has one list more than there are entities: the speakers for no side.
        let entities = self.mentioned.len();
        if self.spoken.len() != entities + 1
            || self
                .statement_entity
                .iter()
                .flatten()
                .any(|&e| e as usize >= entities)
        {
            return Err("an entity number is out of range".into());
        }
        let terms = self.term_list.len();
        let rows = self.row_start.len();
        if rows == 0
            || self.row_start.windows(2).any(|w| w[0] > w[1])
            || self.row_start.last() != Some(&(self.rows.len() as u32))
            || self.more_start.first() != Some(&0)
            || self.more_start.windows(2).any(|w| w[0] > w[1])
            || self.more_start.last() != Some(&(self.more_rows.len() as u32))
            || self
                .statement_row
                .iter()
                .any(|&r| r as usize + 2 >= rows + self.more_start.len())
            || self
                .rows
                .iter()
                .chain(&self.more_rows)
                .any(|&t| t as usize >= terms)
        {
            return Err("the stems of the statements do not match their tables".into());
        }
        if self.postings.len() != terms
            || self.slots.sets.len() != terms
            || self.term_ids.values().any(|&t| t as usize >= terms)
        {
            return Err("the stem tables differ in length".into());
        }
        if !self.term_fuzzy.is_whole()
            || self
                .added_fuzzy
                .iter()
                .any(|(f, t)| !f.is_whole() || f.len() != t.len())
        {
            return Err("a typo index is not whole".into());
        }
        self.slots.check(entities + 1, self.groups.len())
    }
}

/// The header and the index from the bytes between the magic number and the checksum, which
/// they must fill exactly.
fn decode(gazetteer: &Gazetteer, body: &[u8]) -> Result<(Index, Vec<u8>), SnapshotError> {
    let (header, rest): (Header, _) = postcard::take_from_bytes(body).map_err(damaged)?;
    if header.gazetteer != gazetteer_fingerprint(gazetteer) {
        return Err(SnapshotError::Gazetteer);
    }
    let (index, rest): (Index, _) = postcard::take_from_bytes(rest).map_err(damaged)?;
    if !rest.is_empty() {
        return Err(damaged(format!("{} bytes after the index", rest.len())));
    }
    Ok((index, header.store))
}

/// The store's records in a snapshot: every field in order, none left out (the files' own format
/// leaves out empty fields, which a format without field names cannot read back).
pub(super) mod plain {
    use std::collections::{HashMap, VecDeque};
    use std::sync::Arc;

    use rustc_hash::FxBuildHasher;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::{Article, Kind, Speaker, Statement};

    #[derive(Serialize, Deserialize)]
    struct PlainArticle {
        id: String,
        title: Option<String>,
        publisher: Option<String>,
        url: Option<String>,
        published: Option<String>,
        language: Option<String>,
        fingerprint: String,
    }

    #[derive(Serialize, Deserialize)]
    struct PlainStatement {
        id: Arc<str>,
        text: Arc<str>,
        kind: Kind,
        name: Arc<str>,
        role: Option<Arc<str>>,
        entity: Option<String>,
        mentions: Vec<String>,
        article: String,
        paragraph: u32,
    }

    fn article_out(a: &Article) -> PlainArticle {
        let a = a.clone();
        PlainArticle {
            id: a.id,
            title: a.title,
            publisher: a.publisher,
            url: a.url,
            published: a.published,
            language: a.language,
            fingerprint: a.fingerprint,
        }
    }

    fn article_in(a: PlainArticle) -> Article {
        Article {
            id: a.id,
            title: a.title,
            publisher: a.publisher,
            url: a.url,
            published: a.published,
            language: a.language,
            fingerprint: a.fingerprint,
        }
    }

    fn statement_out(s: &Statement) -> PlainStatement {
        let s = s.clone();
        PlainStatement {
            id: s.id,
            text: s.text,
            kind: s.kind,
            name: s.speaker.name,
            role: s.speaker.role,
            entity: s.entity,
            mentions: s.mentions,
            article: s.article,
            paragraph: s.paragraph,
        }
    }

    fn statement_in(s: PlainStatement) -> Statement {
        Statement {
            id: s.id,
            text: s.text,
            kind: s.kind,
            speaker: Speaker {
                name: s.name,
                role: s.role,
            },
            entity: s.entity,
            mentions: s.mentions,
            article: s.article,
            paragraph: s.paragraph,
        }
    }

    pub mod articles {
        use super::*;

        pub fn serialize<S: Serializer>(v: &[Article], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(v.iter().map(article_out))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Article>, D::Error> {
            let v: Vec<PlainArticle> = Vec::deserialize(d)?;
            Ok(v.into_iter().map(article_in).collect())
        }
    }

    pub mod statements {
        use super::*;

        pub fn serialize<S: Serializer>(v: &VecDeque<Statement>, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(v.iter().map(statement_out))
        }

        /// Each record made a statement as it is read, into a table of the full size at once
        /// (no second table of the records, no step-by-step growth).
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<VecDeque<Statement>, D::Error> {
            struct Records;
            impl<'de> serde::de::Visitor<'de> for Records {
                type Value = VecDeque<Statement>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a sequence of statements")
                }
                fn visit_seq<A: serde::de::SeqAccess<'de>>(
                    self,
                    mut seq: A,
                ) -> Result<Self::Value, A::Error> {
                    let reserve = super::reserved::<Statement>(seq.size_hint());
                    let mut out = VecDeque::with_capacity(reserve);
                    while let Some(s) = seq.next_element::<PlainStatement>()? {
                        out.push_back(statement_in(s));
                    }
                    Ok(out)
                }
            }
            d.deserialize_seq(Records)
        }
    }

    /// A hash map read back at its full size at once (serde's own reading grows it step by step,
    /// rehashing every entry each time: at 10^6 statements that was a fifth of a cold start). The
    /// bytes are a map's as serde writes one, so a snapshot written before reads the same.
    /// The most memory a table read back reserves at once: a longer one (or a damaged file's
    /// length, before the checksum has been compared) grows as it is read, so a wrong length
    /// never asks for more memory than this.
    const MAX_RESERVED_BYTES: usize = 256 << 20;

    /// How many entries of `T` to reserve for a table said to hold `said` of them.
    pub(super) fn reserved<T>(said: Option<usize>) -> usize {
        said.unwrap_or(0)
            .min(MAX_RESERVED_BYTES / std::mem::size_of::<T>().max(1))
    }

    pub mod sized_map {
        use std::fmt;
        use std::hash::{BuildHasher, Hash};
        use std::marker::PhantomData;

        use serde::de::{MapAccess, Visitor};

        use super::*;

        pub fn serialize<K, V, H, S>(v: &HashMap<K, V, H>, s: S) -> Result<S::Ok, S::Error>
        where
            K: Serialize,
            V: Serialize,
            S: Serializer,
        {
            s.collect_map(v)
        }

        pub fn deserialize<'de, K, V, H, D>(d: D) -> Result<HashMap<K, V, H>, D::Error>
        where
            K: Deserialize<'de> + Eq + Hash,
            V: Deserialize<'de>,
            H: BuildHasher + Default,
            D: Deserializer<'de>,
        {
            struct Sized<K, V, H>(PhantomData<(K, V, H)>);
            impl<'de, K, V, H> Visitor<'de> for Sized<K, V, H>
            where
                K: Deserialize<'de> + Eq + Hash,
                V: Deserialize<'de>,
                H: BuildHasher + Default,
            {
                type Value = HashMap<K, V, H>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a map")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                    let reserve = super::reserved::<(K, V)>(m.size_hint());
                    let mut map = HashMap::with_capacity_and_hasher(reserve, H::default());
                    while let Some((k, v)) = m.next_entry()? {
                        map.insert(k, v);
                    }
                    Ok(map)
                }
            }
            d.deserialize_map(Sized(PhantomData))
        }
    }

    pub mod retracted {
        use super::*;

        type Map = HashMap<String, (Statement, u32), FxBuildHasher>;

        pub fn serialize<S: Serializer>(v: &Map, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(v.values().map(|(st, o)| (statement_out(st), *o)))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Map, D::Error> {
            let v: Vec<(PlainStatement, u32)> = Vec::deserialize(d)?;
            Ok(v.into_iter()
                .map(|(s, o)| (s.id.to_string(), (statement_in(s), o)))
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain::reserved;

    #[test]
    fn a_table_said_to_be_huge_reserves_a_bounded_amount_and_a_real_one_its_size() {
        assert_eq!(reserved::<u64>(Some(1_000)), 1_000);
        assert_eq!(reserved::<u64>(None), 0);
        let huge = reserved::<[u8; 200]>(Some(usize::MAX));
        assert!(huge * 200 <= 256 << 20, "{huge} entries of 200 bytes");
        assert!(huge > 1_000_000);
    }
}
