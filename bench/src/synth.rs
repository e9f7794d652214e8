//! Synthetic stores for benchmarks and scale tests: articles and statements of realistic shape
//! (entities with a skewed, Zipf-like popularity drawn from the gazetteer, their own speakers,
//! quotes of news-like length over a news vocabulary with a long tail of rare names, several
//! publishers and dates), and the questions to time against them. Deterministic for a seed.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

pub use crate::questions::{questions, with_typo, Questions};
use crate::rng::Rng;
use positions::entities::{EntityId, Gazetteer};
use positions::model::{fingerprint, statement_id, Article, Kind, Speaker, Statement};
use positions::store::{
    Store, StoredArticle, ARTICLES_DIR, ARTICLE_META, ARTICLE_TEXT, STATEMENTS_FILE,
};

/// Ranks drawn with probability proportional to `1 / (rank + offset)^exponent` (Zipf–Mandelbrot;
/// an offset of 0 is plain Zipf). Rank 0 is the most popular.
#[derive(Debug, Clone)]
pub struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize, exponent: f64, offset: f64) -> Self {
        let mut cdf = Vec::with_capacity(n);
        let mut sum = 0.0;
        for r in 0..n {
            sum += 1.0 / (r as f64 + 1.0 + offset).powf(exponent);
            cdf.push(sum);
        }
        for c in &mut cdf {
            *c /= sum;
        }
        Zipf { cdf }
    }

    pub fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1)
    }
}

/// Entities the news quotes most, most first; the rest of the gazetteer follows in its order.
const PROMINENT: &[&str] = &[
    "US", "RU", "UA", "CN", "EU", "DE", "FR", "GB", "IL", "NATO", "UN", "IR", "TR", "PL", "IT",
    "IN", "JP", "SA", "KP", "KR", "PS", "QA", "EG", "ES", "CA", "HU", "BR", "SY", "AU", "NL", "BY",
    "G7", "FI", "SE", "EE", "LT", "LV", "RO", "MD", "RS", "ZA", "AE", "JO", "LB", "VE",
];

/// Titles that stand for a speaker when the article names nobody.
const GENERIC_SPEAKERS: &[&str] = &[
    "Foreign Ministry spokesperson",
    "Government spokesperson",
    "Presidential spokesperson",
    "Defence Ministry spokesperson",
    "Ambassador to the United Nations",
    "Foreign Minister",
    "a senior official",
    "a diplomatic source",
];

const PUBLISHERS: &[&str] = &[
    "Reuters",
    "Associated Press",
    "Agence France-Presse",
    "BBC News",
    "Deutsche Welle",
    "Al Jazeera",
    "The Guardian",
    "Politico Europe",
    "Euronews",
    "Kyiv Independent",
    "Financial Times",
    "NHK World",
];

/// Ways a statement opens; they carry most of the stop words a quote has.
const OPENERS: &[&str] = &[
    "We will",
    "We will not",
    "We cannot accept",
    "It is essential that we",
    "Our position has not changed:",
    "There can be no",
    "We are ready to",
    "We call on all sides to",
    "This is about",
    "Let me be clear:",
    "We have always said that",
    "Nobody should doubt our",
    "We stand by",
    "The time has come for",
    "We are deeply concerned about",
    "We welcome the",
    "It would be a mistake to",
    "We must do more on",
    "We remain committed to",
    "Any decision on",
];

/// Small words between the content words of a quote.
const JOINERS: &[&str] = &[
    "the", "of", "and", "to", "in", "for", "with", "on", "a", "that", "our", "this", "at", "by",
    "from", "as", "is", "will", "not", "be", "all", "more", "their", "its",
];

/// Content words of news about diplomacy, separated by spaces, roughly most frequent first
/// (words of the synonym groups in `topics` included, and near spellings such as
/// "group"/"troop" that real text has).
const NEWS_WORDS: &str = "\
    ukraine peace security support war russia ceasefire talks people government president \
    sanctions military countries international forces troops agreement minister European \
    weapons aid allies continue sovereignty negotiations energy guarantees defence region \
    humanitarian situation stability pressure future conflict attack border leaders partners \
    important Moscow Kyiv Washington Brussels Beijing nuclear economic political territory \
    invasion together commitment decision diplomatic solution ready strong time years week \
    today need work world order law rights civilians children gas oil missiles drones air \
    defense soldiers army deployment deploy truce settlement deal assistance help \
    hostilities armistice assurance reassurance measures munitions arms group place piece \
    pace force process dialogue cooperation alliance membership accession reconstruction \
    investment trade tariffs market prices inflation growth budget funding billion million \
    euros dollars package loan assets frozen courts justice accountability crimes evidence \
    investigation tribunal refugees migration borders sea black baltic arctic coast ports \
    grain exports imports shipping routes corridor pipeline electricity infrastructure \
    plants reactor safety inspectors agency monitoring mission observers coalition willing \
    summit meeting conference capital visit call phone message statement declaration \
    resolution council vote votes election elections parliament opposition democracy freedom \
    independence unity solidarity responsibility credible lasting just comprehensive \
    immediate unconditional permanent temporary full clear firm necessary possible serious \
    concern concerns threat threats risk risks escalation de-escalation restraint violence \
    victims losses casualties strikes shelling front line offensive counteroffensive \
    positions occupied liberated withdrawal return prisoners exchange hostages release \
    negotiators envoy mediation mediators framework plan proposal proposals steps hardest \
    ahead path road door table ground commit politically economically militarily \
    multinational join reached leadership civilian missions propose open involvement send \
    partnership strategy priority priorities interests values principles charter integrity \
    aggression aggressor victory defeat surrender compromise concessions demands conditions \
    terms guarantee guarantor treaty obligations article collective deterrence capabilities \
    production industry supplies stockpiles shells tanks jets fighter patriot systems radar \
    training instructors advisers contingent brigade battalion navy ships fleet submarines \
    exercises drills readiness spending percent gdp target targets cyber attacks hybrid \
    disinformation propaganda media journalists press information intelligence services \
    sabotage espionage spies embassy ambassador diplomats expelled relations ties bilateral \
    multilateral global south north east west middle africa asia pacific indo china taiwan \
    strait gaza israel hamas hezbollah lebanon syria iran yemen red houthis shipping lanes \
    oceans climate change emissions transition food hunger famine water health vaccines \
    pandemic crisis crises recovery reform reforms corruption transparency governance \
    institutions judiciary constitution referendum autonomy minorities language culture \
    history memory generation young women families communities cities villages homes schools \
    hospitals energy-grid winter summer months days hours moment period deadline weekend \
    tomorrow yesterday morning evening night historic decisive critical crucial difficult \
    complex sensitive unacceptable illegal legitimate sovereign independent neutral \
    non-aligned strategic tactical operational regional national federal local joint common \
    shared mutual fair balanced realistic pragmatic constructive positive negative worrying \
    alarming dangerous reckless irresponsible provocative hostile friendly close long-term";

/// Syllables of the rare words: names of people, places and things the news mentions once.
pub(crate) const SYLLABLES: &[&str] = &[
    "ka", "ro", "mi", "sta", "vel", "dor", "an", "li", "ber", "to", "nov", "ski", "ze", "la",
    "mar", "chu", "pol", "ten", "gra", "vi", "os", "ek", "ha", "rin", "du", "bal", "sen", "ko",
    "ta", "ny", "pe", "tro", "gu", "lan", "ver", "ish", "o", "ma", "zu", "re",
];

/// How many distinct rare words the tail of the vocabulary holds.
pub(crate) const TAIL_WORDS: usize = 250_000;

/// The `i`-th rare word: two to four syllables chosen by a hash of `i`, so the tail is the same
/// for every seed.
pub(crate) fn tail_word(i: usize) -> String {
    let mut h = Rng::new(i as u64 ^ 0x00ab_cdef);
    let syllables = 2 + h.below(3);
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(h.pick::<&str>(SYLLABLES));
    }
    // A number suffix keeps the tail words distinct, like names with initials or dates.
    if h.chance(0.15) {
        let _ = write!(w, "{}", 2 + h.below(2030));
    }
    w
}

/// The vocabulary of quotes: news words, and a long tail of rare words.
#[derive(Debug)]
struct Vocabulary {
    news: Vec<&'static str>,
    tail: Vec<String>,
    news_zipf: Zipf,
    tail_zipf: Zipf,
}

/// The share of content words drawn from the rare tail.
const TAIL_SHARE: f64 = 0.2;

impl Vocabulary {
    fn new() -> Self {
        Vocabulary {
            news: NEWS_WORDS.split_whitespace().collect(),
            tail: (0..TAIL_WORDS).map(tail_word).collect(),
            // Zipf–Mandelbrot: the top news word is in about one statement in seven.
            news_zipf: Zipf::new(NEWS_WORDS.split_whitespace().count(), 1.0, 8.0),
            tail_zipf: Zipf::new(TAIL_WORDS, 1.0, 10.0),
        }
    }

    fn draw(&self, rng: &mut Rng) -> &str {
        if rng.chance(TAIL_SHARE) {
            &self.tail[self.tail_zipf.sample(rng)]
        } else {
            self.news[self.news_zipf.sample(rng)]
        }
    }
}

/// A generated store: article metadata, bodies (one statement a line) and statements.
#[derive(Debug, Clone, Default)]
pub struct Synthetic {
    pub articles: Vec<StoredArticle>,
    pub statements: Vec<Statement>,
}

/// Who speaks for one entity: (name, role) pairs, the first most prominent.
fn speakers_of(g: &Gazetteer, e: EntityId) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for p in g.people().iter().filter(|p| p.entity == e) {
        let office = p
            .offices
            .iter()
            .find(|o| o.to.is_none())
            .or_else(|| p.offices.first());
        out.push((p.name.clone(), office.map(|o| o.role.clone())));
    }
    out
}

/// The gazetteer's entities in the order of their popularity in the news.
pub fn popularity_order(g: &Gazetteer) -> Vec<EntityId> {
    let mut order: Vec<EntityId> = PROMINENT.iter().filter_map(|k| g.by_key(k)).collect();
    for e in 0..g.entities().len() as EntityId {
        if !order.contains(&e) {
            order.push(e);
        }
    }
    order
}

/// Generates `n` statements in articles of 5 to 35 statements, deterministically for `seed`.
pub fn generate(g: &Gazetteer, n: usize, seed: u64) -> Synthetic {
    let mut rng = Rng::new(seed);
    let vocab = Vocabulary::new();
    let order = popularity_order(g);
    let entity_zipf = Zipf::new(order.len(), 1.1, 1.0);
    let speakers: Vec<Vec<(String, Option<String>)>> = (0..g.entities().len() as EntityId)
        .map(|e| speakers_of(g, e))
        .collect();
    let mut out = Synthetic::default();
    let mut made = 0;
    let mut article_no = 0;
    while made < n {
        let count = rng.between(5, 35).min(n - made);
        let id = format!("synth-{seed}-{article_no:07}");
        article_no += 1;
        let date = format!(
            "{}-{:02}-{:02}",
            2023 + rng.below(4),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        let lead = order[entity_zipf.sample(&mut rng)];
        let title = format!(
            "{} {} {} {}",
            g.entity(lead).name,
            rng.pick(&[
                "urges",
                "rejects",
                "backs",
                "warns on",
                "calls for",
                "signals"
            ]),
            vocab.news[rng.below(60)],
            vocab.news[rng.below(200)]
        );
        let mut body = String::new();
        for p in 0..count {
            let s = statement(g, &mut rng, &vocab, &order, &entity_zipf, &speakers, &id, p);
            body.push_str(&s.text);
            body.push('\n');
            out.statements.push(s);
        }
        let meta = Article {
            id: id.clone(),
            title: Some(title),
            publisher: Some(rng.pick(PUBLISHERS).to_string()),
            url: Some(format!("https://news.example/{id}")),
            published: Some(date),
            language: None,
            fingerprint: fingerprint(&body),
        };
        out.articles.push(StoredArticle { meta, body });
        made += count;
    }
    out
}

/// The store with reprints, as feeds bring the news in: about a third of the articles printed
/// again by other outlets one to five times, each under its own title and URL, from the day
/// before the original (a reprint ingested first) to a week after; some reprints trim each quote
/// of twelve words or more to its first two thirds. Reprints are added until the store holds `n`
/// statements (or every article had its chance).
pub fn with_reprints(mut s: Synthetic, n: usize, seed: u64) -> Synthetic {
    let mut rng = Rng::new(seed ^ 0x5e9_71e7);
    let originals = s.articles.len();
    let mut first = 0;
    let mut ranges = Vec::with_capacity(originals);
    for a in &s.articles {
        let end = first
            + s.statements[first..]
                .iter()
                .take_while(|st| st.article == a.meta.id)
                .count();
        ranges.push(first..end);
        first = end;
    }
    for (i, range) in ranges.into_iter().enumerate().take(originals) {
        if s.statements.len() >= n {
            break;
        }
        if !rng.chance(1.0 / 3.0) {
            continue;
        }
        for k in 1..=rng.between(1, 5) {
            let original = &s.articles[i].meta;
            let id = format!("{}-r{k}", original.id);
            let trimmed = rng.chance(0.3);
            let published = original.published.as_deref().map(|d| {
                let day: i64 = d[8..].parse().unwrap_or(1);
                let day = (day + rng.between(0, 8) as i64 - 1).clamp(1, 28);
                format!("{}{day:02}", &d[..8])
            });
            let mut body = String::new();
            let mut statements = Vec::with_capacity(range.len());
            for st in &s.statements[range.clone()] {
                let mut text = st.text.to_string();
                let words: Vec<&str> = text.split(' ').collect();
                if trimmed && words.len() >= 12 {
                    text = format!("{}.", words[..words.len() * 2 / 3].join(" "));
                }
                body.push_str(&text);
                body.push('\n');
                statements.push(Statement {
                    id: statement_id(&id, &text, st.paragraph).into(),
                    text: text.into(),
                    article: id.clone(),
                    ..st.clone()
                });
            }
            let meta = Article {
                id: id.clone(),
                title: original.title.as_ref().map(|t| format!("{t} ({k})")),
                publisher: Some(rng.pick(PUBLISHERS).to_string()),
                url: Some(format!("https://news.example/{id}")),
                published,
                fingerprint: fingerprint(&body),
                language: original.language.clone(),
            };
            s.articles.push(StoredArticle { meta, body });
            s.statements.extend(statements);
        }
    }
    s
}

#[allow(clippy::too_many_arguments)]
fn statement(
    g: &Gazetteer,
    rng: &mut Rng,
    vocab: &Vocabulary,
    order: &[EntityId],
    entity_zipf: &Zipf,
    speakers: &[Vec<(String, Option<String>)>],
    article: &str,
    p: usize,
) -> Statement {
    let entity = (!rng.chance(0.02)).then(|| order[entity_zipf.sample(rng)]);
    let (name, role) = match entity {
        Some(e) if !speakers[e as usize].is_empty() && !rng.chance(0.25) => {
            let list = &speakers[e as usize];
            // The first listed speaker (the leader) talks most.
            list[Zipf::new(list.len(), 1.0, 0.0).sample(rng)].clone()
        }
        Some(e) => (
            rng.pick(GENERIC_SPEAKERS).to_string(),
            Some(format!("Government of {}", g.entity(e).name)),
        ),
        None => (rng.pick(GENERIC_SPEAKERS).to_string(), None),
    };
    let mut mentions: Vec<String> = Vec::new();
    let mut named: Vec<&str> = Vec::new();
    for _ in 0..rng.below(4) {
        let m = order[entity_zipf.sample(rng)];
        let key = &g.entity(m).key;
        if Some(m) != entity && !mentions.contains(key) {
            mentions.push(key.clone());
            named.push(&g.entity(m).name);
        }
    }
    // News quotes run from a short line to a long paragraph: 6 to 60 words, most near 25.
    let words = 6 + rng.below(20) + rng.below(20) + rng.below(15);
    let mut text = String::from(*rng.pick(OPENERS));
    let mut len = text.split(' ').count();
    let mut names = named.iter();
    while len < words {
        text.push(' ');
        if rng.chance(0.45) {
            text.push_str(rng.pick::<&str>(JOINERS));
        } else if rng.chance(0.04) {
            match names.next() {
                Some(n) => text.push_str(n),
                None => text.push_str(vocab.draw(rng)),
            }
        } else {
            text.push_str(vocab.draw(rng));
        }
        len += 1;
        if len < words && rng.chance(0.06) {
            text.push(',');
        }
    }
    text.push(if rng.chance(0.1) { '!' } else { '.' });
    let kind = match rng.below(10) {
        0..=5 => Kind::Direct,
        6..=8 => Kind::Indirect,
        _ => Kind::Mixed,
    };
    if kind == Kind::Mixed {
        // Reported speech quoting some of the words.
        let cut = text.find(' ').unwrap_or(0);
        text = format!("{}“{}”", &text[..cut + 1], &text[cut + 1..]);
    }
    let paragraph = p as u32 + 1;
    Statement {
        id: statement_id(article, &text, paragraph).into(),
        text: text.into(),
        kind,
        speaker: Speaker {
            name: name.into(),
            role: role.map(Arc::from),
        },
        entity: entity.map(|e| g.entity(e).key.clone()),
        mentions,
        article: article.to_string(),
        paragraph,
    }
}

impl Synthetic {
    /// The store as `Store::load` would return it.
    pub fn into_store(self) -> Store {
        Store {
            articles: self.articles,
            statements: self.statements,
            retractions: Vec::new(),
        }
    }

    /// Writes the statements as JSON Lines (the format of `statements.jsonl`).
    pub fn write_jsonl(&self, out: &mut impl Write) -> io::Result<()> {
        for s in &self.statements {
            serde_json::to_writer(&mut *out, s)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Writes a store folder under `dir` in the layout `Store::load` reads (one folder per
    /// article; no fsync: this is test data). Returns the bytes written.
    pub fn write_store(&self, dir: &Path) -> io::Result<u64> {
        let articles = dir.join(ARTICLES_DIR);
        std::fs::create_dir_all(&articles)?;
        let mut bytes = 0u64;
        let mut next = 0;
        for a in &self.articles {
            let folder = articles.join(&a.meta.id);
            std::fs::create_dir_all(&folder)?;
            let mut meta = serde_json::to_string_pretty(&a.meta).map_err(io::Error::other)?;
            meta.push('\n');
            let mut lines = String::new();
            while next < self.statements.len() && self.statements[next].article == a.meta.id {
                lines.push_str(&serde_json::to_string(&self.statements[next])?);
                lines.push('\n');
                next += 1;
            }
            for (name, content) in [
                (ARTICLE_TEXT, a.body.as_bytes()),
                (ARTICLE_META, meta.as_bytes()),
                (STATEMENTS_FILE, lines.as_bytes()),
            ] {
                std::fs::write(folder.join(name), content)?;
                bytes += content.len() as u64;
            }
        }
        Ok(bytes)
    }
}

/// Writes `store` as a complete data folder under `dir`: the articles, plus the gazetteer files
/// copied from `gazetteer_dir`, so the folder loads like `data/`. Returns the store's bytes (the
/// articles, without the gazetteer).
pub fn write_data_folder(store: &Synthetic, gazetteer_dir: &Path, dir: &Path) -> io::Result<u64> {
    std::fs::create_dir_all(dir)?;
    for name in ["entities.json", "people.json"] {
        let from = gazetteer_dir.join(name);
        if from.exists() {
            std::fs::copy(&from, dir.join(name))?;
        }
    }
    store.write_store(dir)
}

#[cfg(test)]
mod tests;
