//! The extractor: turns an article body into statements (exact quotes and reported speech), each
//! with its speaker, the entity the speaker speaks for and the entities it names. Rule-based.

mod attribution;
mod layout;
mod lexicon;
mod phrase;
mod quotes;
mod sentences;
mod speakers;
mod statements;
mod tokens;

#[cfg(test)]
mod tests;

use std::cell::RefCell;

use crate::entities::{AliasKind, EntityId, EntityKind, Gazetteer};
use crate::model::{is_iso_date, Kind, Speaker};

use attribution::{Attribution, Pronoun, Subject};
use layout::Block;
use speakers::{Resolver, Sort, Who};
use tokens::Tok;

/// The longest statement kept, in bytes.
const MAX_STATEMENT: usize = 8 * 1024;
/// How much text around a sentence tells which office holder a bare title means, in bytes.
const EVIDENCE_REACH: usize = 1500;

/// One statement found in an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// Exactly as printed: `body[start..end]`.
    pub text: String,
    /// Byte offsets in the body.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub speaker: Speaker,
    /// Who the speaker speaks for; none when nothing tells.
    pub entity: Option<EntityId>,
    /// Other entities the statement names (not the speaker's own), without repeats, in order.
    pub mentions: Vec<EntityId>,
    /// 1-based index of the paragraph (non-empty line) in the body.
    pub paragraph: u32,
}

/// Finds the statements of an article body. `published` (YYYY-MM-DD) tells who held an office
/// when the article names only the office. Never fails: flawed text is read as it is.
pub fn extract(body: &str, published: Option<&str>, gazetteer: &Gazetteer) -> Vec<Extracted> {
    let language = crate::language::detect(body);
    extract_in(body, published, gazetteer, &language)
}

/// `extract` for an article whose language (ISO 639-1) is known: read through that language's
/// table (English, and a language with no table, read as English).
pub fn extract_in(
    body: &str,
    published: Option<&str>,
    gazetteer: &Gazetteer,
    language: &str,
) -> Vec<Extracted> {
    crate::language::reading_in(crate::language::get(language), || {
        read_article(body, published, gazetteer, false).0
    })
}

/// What the extractor decided about one sentence (or headline) of an article, for inspecting
/// its reading (`positions ingest --explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Byte offsets of the sentence in the body.
    pub start: usize,
    pub end: usize,
    /// 1-based paragraph (non-empty line).
    pub paragraph: u32,
    /// Whether the sentence gave at least one statement.
    pub statement: bool,
    /// Why, in words: the attribution read and the speaker it resolved to, or what was missing.
    pub why: Vec<String>,
}

/// The statements of an article body, and for each sentence the reason it was or was not read
/// as a statement.
pub fn explain(
    body: &str,
    published: Option<&str>,
    gazetteer: &Gazetteer,
    language: Option<&str>,
) -> (Vec<Extracted>, Vec<Decision>) {
    let language = language.map_or_else(|| crate::language::detect(body), str::to_string);
    crate::language::reading_in(crate::language::get(&language), || {
        read_article(body, published, gazetteer, true)
    })
}

fn read_article(
    body: &str,
    published: Option<&str>,
    gazetteer: &Gazetteer,
    explaining: bool,
) -> (Vec<Extracted>, Vec<Decision>) {
    let date = published.filter(|d| is_iso_date(d));
    let blocks = layout::blocks(body);
    let mut units = Vec::new();
    let mut dateline = None;
    for (bi, b) in blocks.iter().enumerate() {
        if b.headline {
            units.push(Unit {
                start: b.start,
                end: b.end,
                block: bi,
                headline: true,
                toks: Vec::new(),
            });
            continue;
        }
        for (k, mut s) in sentences::split(body, b).into_iter().enumerate() {
            if k == 0 {
                s.start = sentences::after_bullet(body, s);
                let before = s.start;
                s.start = sentences::after_dateline(body, s, gazetteer);
                // "BEIJING, Sept 8 —": the first dateline places the article.
                if s.start > before && dateline.is_none() {
                    dateline = gazetteer
                        .scan(&body[before..s.start])
                        .first()
                        .filter(|m| matches!(m.kind, AliasKind::Capital | AliasKind::Name))
                        .map(|m| m.entity);
                }
            }
            let toks = tokens::tokenize(body, s.start, s.end, &b.quotes.spans, b.end);
            units.push(Unit {
                start: s.start,
                end: s.end,
                block: bi,
                headline: false,
                toks,
            });
        }
    }
    let mut resolver = Resolver::new(gazetteer, date);
    resolver.dateline(dateline);
    resolver.mentions(
        gazetteer
            .scan(body)
            .iter()
            .filter(|m| {
                !(m.kind == AliasKind::Demonym
                    && gazetteer.entity(m.entity).kind == EntityKind::Organisation)
            })
            .map(|m| (m.start, m.entity))
            .collect(),
    );
    for u in units.iter().filter(|u| !u.headline) {
        learn_names(body, &u.toks, gazetteer, &mut resolver);
    }
    resolver.learned();
    let mut reader = Reader {
        body,
        gaz: gazetteer,
        blocks: &blocks,
        units: &units,
        resolver,
        out: Vec::new(),
        prev: None,
        block_last: None,
        pending: Vec::new(),
        block_entities: RefCell::new(None),
        headline_entity: None,
        starts: layout::paragraph_starts(body),
        notes: explaining.then(|| vec![Vec::new(); units.len()]),
        subject_before: None,
        unattributed: None,
    };
    for ui in 0..units.len() {
        reader.unit(ui);
    }
    let decisions = reader.decisions();
    let mut out = reader.out;
    out.sort_by_key(|e| (e.start, e.end));
    (out, decisions)
}

/// The speakers of an attribution, each with the byte ranges of the phrase that names them.
type Speakers = Vec<(Who, Vec<(usize, usize)>)>;

/// A sentence, or a headline, with its tokens.
struct Unit {
    start: usize,
    end: usize,
    block: usize,
    headline: bool,
    toks: Vec<Tok>,
}

/// A part of a sentence that is a statement, before its speaker is attached.
#[derive(Debug, Clone)]
struct Piece {
    start: usize,
    end: usize,
    kind: Kind,
    /// Byte ranges of the speaker phrase: the entities named there describe the speaker.
    exclude: Vec<(usize, usize)>,
}

/// A quotation with no attribution of its own, waiting for the sentence that may attribute it.
struct Pending {
    piece: Piece,
    para: u32,
    block: usize,
    /// The unit it stands in.
    unit: usize,
    /// The unit that may give its speaker.
    deadline: usize,
    /// Whether that unit must open with an attributed quotation (a quotation over paragraphs).
    needs_quote_first: bool,
    fallback: Option<Who>,
}

struct Reader<'a> {
    body: &'a str,
    gaz: &'a Gazetteer,
    blocks: &'a [Block],
    units: &'a [Unit],
    resolver: Resolver<'a>,
    out: Vec<Extracted>,
    /// The speaker of the statements of the previous unit, if it had any.
    prev: Option<Who>,
    /// The latest speaker in the current paragraph.
    block_last: Option<(usize, Who)>,
    pending: Vec<Pending>,
    /// Entities named around the current sentence, computed when first needed.
    block_entities: RefCell<Option<(usize, Vec<EntityId>)>>,
    /// The first entity the latest headline names.
    headline_entity: Option<EntityId>,
    /// Where each paragraph (non-empty line) starts.
    starts: Vec<usize>,
    /// When explaining: what was decided about each unit, in words.
    notes: Option<Vec<Vec<String>>>,
    /// The named person a sentence that is no statement opens with, and that sentence: "Ruiz
    /// was blunt." makes Ruiz the speaker of a quotation that follows with no attribution.
    subject_before: Option<(usize, Who)>,
    /// The latest sentence that was no statement and quoted no one: "Dies bestätigte der
    /// Minister." after it gives it its speaker.
    unattributed: Option<usize>,
}

/// The stretch of text around a sentence that may tell who a bare title means: its paragraph,
/// but no more than a few sentences' length on either side. Keyed by the sentence's start.
fn window(body: &str, u: &Unit, b: &Block) -> (usize, usize, usize) {
    let mut start = u.start.saturating_sub(EVIDENCE_REACH).max(b.start);
    while !body.is_char_boundary(start) {
        start += 1;
    }
    let mut end = (u.start + 2 * EVIDENCE_REACH)
        .max(u.end.min(u.start + EVIDENCE_REACH))
        .min(b.end);
    end = end.max(start);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    (u.start, start, end.max(start))
}

/// The entities named around a sentence (see `window`) and in the latest headline, for telling
/// which of several office holders a bare title means. Scans once per sentence.
fn evidence<'b>(
    body: &'b str,
    gaz: &'b Gazetteer,
    block: (usize, usize, usize),
    headline: Option<EntityId>,
    cache: &'b RefCell<Option<(usize, Vec<EntityId>)>>,
) -> impl FnMut() -> Vec<EntityId> + 'b {
    move || {
        let (bi, start, end) = block;
        let mut cached = cache.borrow_mut();
        let fresh = cached.as_ref().is_some_and(|(b, _)| *b == bi);
        if !fresh {
            let v: Vec<EntityId> = gaz
                .scan(&body[start..end])
                .iter()
                .map(|m| m.entity)
                .collect();
            *cached = Some((bi, v));
        }
        let mut v = cached.as_ref().map(|(_, v)| v.clone()).unwrap_or_default();
        v.extend(headline);
        v
    }
}

impl<'a> Reader<'a> {
    fn unit(&mut self, ui: usize) {
        let u = &self.units[ui];
        if u.headline {
            let first = self
                .gaz
                .scan(&self.body[u.start..u.end])
                .first()
                .map(|m| m.entity);
            self.resolver.headline(first);
            self.headline_entity = first;
            self.note(ui, |_| {
                "a headline: read for the entity it names, never quoted".into()
            });
            self.prev = None;
            self.settle(ui, None, false);
            return;
        }
        let place = self.opening_place(ui);
        self.resolver.sentence_place(place);
        let atts = attribution::find(&u.toks);
        // "He was speaking hours after President Donald Trump said …": the person the sentence
        // is about, read before the clause's speaker is heard, stays the one a later "he" means.
        let about = atts.first().and_then(|a| self.opening_subject(ui, a.lo));
        let mut chosen = None;
        // "After Brown criticized him, Hillary shot back, “…”": the speaker of a clause that
        // only sets the scene is tried after the speaker of the main clause.
        // "“…,” Smith, …, said when a reporter asked her": the asker is never the speaker.
        let mut tried: Vec<&Attribution> = atts
            .iter()
            .filter(|a| !attribution::question_put(&u.toks, a))
            .collect();
        // "According to the Gazette, Reyes added: “…”": the outlet relays what the one with
        // the speech verb said; it is the source only when no one else in the sentence speaks.
        tried.sort_by_key(|a| {
            (
                attribution::in_subordinate_clause(&u.toks, a),
                a.shape == attribution::Shape::According,
            )
        });
        for att in tried {
            if let Some(whos) = self.resolve(ui, att, false) {
                chosen = Some((att, whos));
                break;
            }
            self.note(ui, |r| {
                format!(
                    "attribution {}: its speaker names no one known (a lone unknown word, a \
                     pronoun with no antecedent, or no phrase)",
                    r.shown_attribution(ui, att)
                )
            });
        }
        // "Ein Augenzeuge sagte", "Medienberichten zufolge", "nach Angaben der FAZ": where every
        // noun is capitalised, a source the article describes by a noun is no unknown name;
        // when no attribution of the sentence names anyone known, it is the speaker as printed.
        if chosen.is_none() && crate::language::reading().is_some_and(|l| l.verb_second) {
            for att in &atts {
                if let Some(whos) = self.resolve(ui, att, true) {
                    self.note(ui, |r| {
                        format!(
                            "attribution {}: a source described by a noun, as printed",
                            r.shown_attribution(ui, att)
                        )
                    });
                    chosen = Some((att, whos));
                    break;
                }
            }
        }
        if let Some((att, whos)) = chosen {
            self.note(ui, |r| {
                let who: Vec<String> = whos.iter().map(|(w, _)| r.shown_who(w)).collect();
                format!(
                    "attribution {} → {}",
                    r.shown_attribution(ui, att),
                    who.join(" and ")
                )
            });
            // "Dies bestätigte der Minister.": the sentence before is what was confirmed; this
            // one says only who did.
            let confirms = att.shape == attribution::Shape::After
                && attribution::demonstrative_object(&u.toks, att.verb);
            let (pieces, quote_first) = if confirms {
                (self.confirmed(ui, &whos), false)
            } else {
                self.pieces(ui, att, &whos, &atts)
            };
            if pieces.is_empty() {
                self.note(ui, |_| {
                    "no statement: nothing left once the attribution is taken out".into()
                });
            }
            for (who, piece) in &pieces {
                self.emit(piece, who);
            }
            for (who, _) in &whos {
                self.resolver.heard(who);
            }
            let all: Vec<Who> = whos.iter().map(|(w, _)| w.clone()).collect();
            self.resolver.heard_all(&all);
            if let Some(w) = about.filter(|w| all.iter().all(|a| a.name != w.name)) {
                self.resolver.seen(&w);
            }
            let last = pieces
                .last()
                .map(|(w, _)| w.clone())
                .or(whos.last().map(|(w, _)| w.clone()));
            self.prev = last.clone();
            if let Some(w) = &last {
                self.block_last = Some((u.block, w.clone()));
            }
            let first_speaker = whos.first().map(|(w, _)| w.clone());
            self.settle(ui, first_speaker, quote_first);
            return;
        }
        if let Some(piece) = self.quote_only(ui) {
            if self.prev.is_none() {
                self.prev = self
                    .subject_before
                    .take()
                    .filter(|(s, _)| s + 1 == ui)
                    .map(|(_, w)| w);
            }
            let same_block = self
                .block_last
                .as_ref()
                .filter(|(b, _)| *b == u.block)
                .map(|(_, w)| w.clone());
            // "“…”" and, as the next paragraph, "- Sanders." or "—President Obama, tweeting
            // after the speech.": a quotation signed below it.
            if let Some(w) = self.signed_below(ui) {
                self.note(ui, |r| {
                    format!(
                        "a quotation alone: signed in the paragraph after it by {}",
                        r.shown_who(&w)
                    )
                });
                self.emit(&piece, &w);
                self.resolver.heard(&w);
                self.prev = Some(w.clone());
                self.block_last = Some((u.block, w.clone()));
                self.settle(ui, Some(w), false);
                return;
            }
            let runs_on = self.runs_on(ui);
            let next_in_block = self
                .units
                .get(ui + 1)
                .is_some_and(|n| n.block == u.block && !n.headline);
            if let Some(w) = same_block {
                self.note(ui, |r| {
                    format!(
                        "a quotation alone: given to the paragraph's latest speaker, {}",
                        r.shown_who(&w)
                    )
                });
                self.emit(&piece, &w);
                self.prev = Some(w.clone());
                self.settle(ui, Some(w), false);
            } else if next_in_block || runs_on {
                let fallback = self.prev.clone();
                // Quotations waiting on this one now wait on the next.
                for p in self.pending.iter_mut().filter(|p| p.deadline == ui) {
                    p.deadline = ui + 1;
                    p.needs_quote_first = p.needs_quote_first || !next_in_block;
                }
                self.note(ui, |_| {
                    "a quotation alone: waits for the speaker of the next sentence".to_string()
                });
                self.pending.push(Pending {
                    unit: ui,
                    para: layout::paragraph_of(&self.starts, piece.start),
                    piece,
                    block: u.block,
                    deadline: ui + 1,
                    needs_quote_first: !next_in_block,
                    fallback,
                });
                self.prev = None;
            } else if let Some(w) = self.prev.clone() {
                self.note(ui, |r| {
                    format!(
                        "a quotation alone: given to the previous sentence's speaker, {}",
                        r.shown_who(&w)
                    )
                });
                self.emit(&piece, &w);
                self.block_last = Some((u.block, w.clone()));
                self.settle(ui, Some(w), false);
            } else {
                self.note(ui, |_| {
                    "a quotation alone, and no speaker before or after it: left out".into()
                });
                self.settle(ui, None, false);
            }
            return;
        }
        // German reported speech goes on in the subjunctive with no verb of saying ("Merz
        // sagte, … Deutschland werde … . Die Lage sei ernst."): the speaker before it.
        // So too after a sentence that is no statement but opens with the person ("X verteidigte
        // das Vorgehen. So seien …").
        let before = self.prev.clone().or_else(|| {
            self.subject_before
                .as_ref()
                .filter(|(s, w)| s + 1 == ui && (w.person.is_some() || w.role.is_some()))
                .map(|(_, w)| w.clone())
        });
        // Not when the sentence has a speech verb of its own that was not understood ("John
        // Kline, ein Repräsentant aus Minnesota …, sagte", "Ein Diplomat, der …, sagte"): its
        // speaker is someone the sentence names.
        let own_speaker = u.toks.iter().any(|t| {
            t.is_word()
                && !t.cap
                && (lexicon::is_speech_verb(&t.lower) || lexicon::is_quoting_verb(&t.lower))
        }) || self.opens_with_another_name(ui, before.as_ref())
            // "Nach bisher unbestätigten Berichten wurde …": a source of its own, even one
            // that names no one; not the same source again ("laut dieser Studie", "laut der
            // Agentur Xinhua" after Xinhua spoke).
            || self.own_source(ui, before.as_ref());
        let own_speaker = own_speaker || self.opens_with_another_person(ui, before.as_ref());
        if let Some(w) = before.filter(|_| !own_speaker && self.reported_mood(ui)) {
            let u = &self.units[ui];
            let piece = Piece {
                start: u.start,
                end: u.end,
                kind: if u.toks.iter().any(tokens::Tok::is_quote) {
                    Kind::Mixed
                } else {
                    Kind::Indirect
                },
                exclude: Vec::new(),
            };
            self.note(ui, |r| {
                format!(
                    "reported speech in the subjunctive: given to the speaker before it, {}",
                    r.shown_who(&w)
                )
            });
            self.emit(&piece, &w);
            self.block_last = Some((u.block, w.clone()));
            self.prev = Some(w.clone());
            self.settle(ui, Some(w), false);
            return;
        }
        if atts.is_empty() {
            self.note(ui, |r| {
                let quoted = r.units[ui].toks.iter().any(tokens::Tok::is_quote);
                if quoted {
                    "not a statement: it quotes, but no speech verb with a speaker (and it is \
                     more than the quotation)"
                        .into()
                } else {
                    "not a statement: no speech verb with a speaker".into()
                }
            });
        }
        // Not a statement; its subject may still be who a later "he" means.
        let subject = subject_at_start(&u.toks).and_then(|(a, b)| self.named_person_at(ui, a, b));
        if let Some(w) = &subject {
            self.resolver.seen(w);
        }
        self.subject_before = subject.clone().map(|w| (ui, w));
        if !self.units[ui].toks.iter().any(tokens::Tok::is_quote) {
            self.unattributed = Some(ui);
        }
        if let Some(w) = subject {
            self.note(ui, |r| {
                format!(
                    "its subject, {}, may be a later “he” or “she”",
                    r.shown_who(&w)
                )
            });
        }
        self.prev = None;
        self.settle(ui, None, false);
    }

    /// The sentence before unit `ui`, when it was no statement, as the statement of each speaker
    /// of `ui` ("Die Freien Demokraten schließen das aus. Dies bestätigte Westerwelle.").
    fn confirmed(&self, ui: usize, whos: &Speakers) -> Vec<(Who, Piece)> {
        let Some(prev) = ui.checked_sub(1).filter(|&p| self.unattributed == Some(p)) else {
            return Vec::new();
        };
        let p = &self.units[prev];
        let piece = Piece {
            start: p.start,
            end: p.end,
            kind: Kind::Indirect,
            exclude: Vec::new(),
        };
        whos.iter()
            .map(|(w, _)| (w.clone(), piece.clone()))
            .collect()
    }

    /// Gives waiting quotations whose deadline is `ui` their speaker: this unit's, when it fits,
    /// else the one before them.
    fn settle(&mut self, ui: usize, speaker: Option<Who>, quote_first: bool) {
        let block = self.units[ui].block;
        let due: Vec<Pending> = {
            let (due, keep) = std::mem::take(&mut self.pending)
                .into_iter()
                .partition(|p| p.deadline <= ui);
            self.pending = keep;
            due
        };
        for p in due {
            let fits = speaker.as_ref().filter(|_| {
                if p.needs_quote_first {
                    quote_first
                } else {
                    p.block == block || quote_first
                }
            });
            let how = if fits.is_some() {
                "the speaker of the sentence after it"
            } else {
                "the speaker before it"
            };
            if let Some(w) = fits.or(p.fallback.as_ref()) {
                let w = w.clone();
                self.note(p.unit, |r| {
                    format!(
                        "the waiting quotation is given to {how}, {}",
                        r.shown_who(&w)
                    )
                });
                self.push(&p.piece, p.para, &w);
            } else {
                self.note(p.unit, |_| {
                    "the waiting quotation found no speaker: left out".into()
                });
            }
        }
    }

    /// Resolves every subject of an attribution; none if any fails. With `described`, a
    /// phrase that names no one known is the source as printed (`described_source`).
    fn resolve(&mut self, ui: usize, att: &Attribution, described: bool) -> Option<Speakers> {
        let u = &self.units[ui];
        let mut out = Vec::new();
        for s in &att.subjects {
            match s {
                Subject::Pronoun(p) => {
                    // "Zelenskyy called the summit a “good signal,” but he warned …": the
                    // person who opens the sentence.
                    if let Some(w) = self.opening_person(ui, att, *p) {
                        out.push((w, Vec::new()));
                        continue;
                    }
                    let in_paragraph = self
                        .block_last
                        .as_ref()
                        .filter(|(b, _)| *b == u.block)
                        .and_then(|(_, w)| self.resolver.pronoun_in_paragraph(*p, &w.name));
                    if let Some(w) = in_paragraph {
                        out.push((w, Vec::new()));
                        continue;
                    }
                    let whos = self.resolver.pronoun(*p);
                    if whos.is_empty() {
                        return None;
                    }
                    out.extend(whos.into_iter().map(|w| (w, Vec::new())));
                }
                Subject::Phrase(ranges) => {
                    // "“…,” the statement said": the statement the sentence before reported.
                    if self.is_earlier_document(ui, ranges) {
                        out.push((self.prev.clone()?, Vec::new()));
                        continue;
                    }
                    if let Some(w) = printed_source(self.body, &u.toks, att, ranges) {
                        let t = &u.toks[ranges[0].0];
                        out.push((w, vec![(t.start, t.end)]));
                        continue;
                    }
                    let p = phrase::read(self.body, &u.toks, ranges, self.gaz)?;
                    // "nach ersten Angaben", "offiziellen Angaben zufolge": a noun after its
                    // adjectives is a source as printed, never a name, and the source only
                    // when no one else in the sentence is known to speak.
                    if described_by_adjectives(self.body, &u.toks, att, ranges) {
                        let w = described
                            .then(|| described_source(self.body, &u.toks, att, ranges, &p))
                            .flatten()?;
                        let (a, b) = ranges[0];
                        out.push((w, vec![(u.toks[a].start, u.toks[b - 1].end)]));
                        continue;
                    }
                    let b = &self.blocks[u.block];
                    let mut ev = evidence(
                        self.body,
                        self.gaz,
                        window(self.body, u, b),
                        self.headline_entity,
                        &self.block_entities,
                    );
                    let mut w = match self.resolver.phrase(self.body, &p, p.start, &mut ev) {
                        Some(w) => w,
                        None => match lone_name(self.body, &u.toks, att, &p) {
                            Some(w) => w,
                            None if described => {
                                described_source(self.body, &u.toks, att, ranges, &p)?
                            }
                            None => return None,
                        },
                    };
                    // "“…,” added its spokesman Mark Reilly": an aide speaks for the side of
                    // the speaker before, whose aide they are, and for none when there is none.
                    let owned = att.shape == attribution::Shape::After
                        && u.toks.get(att.verb_end).is_some_and(|t| {
                            matches!(t.lower.as_str(), "his" | "her" | "its" | "their")
                        });
                    if owned && w.person.is_none() {
                        w.entity = self.prev.as_ref().and_then(|p| p.entity);
                    }
                    let bytes = ranges
                        .iter()
                        .filter(|(a, b)| a < b)
                        .map(|&(a, b)| (u.toks[a].start, u.toks[b - 1].end))
                        .collect();
                    out.push((w, bytes));
                }
            }
        }
        Some(out)
    }

    /// Whether a subject is "the statement" (or readout, communique) of a speaker of the
    /// sentence just before, which says it spoke in one.
    fn is_earlier_document(&self, ui: usize, ranges: &[(usize, usize)]) -> bool {
        const DOCUMENTS: &[&str] = &["statement", "readout", "communique", "communiqué"];
        let toks = &self.units[ui].toks;
        let [(a, b)] = ranges else { return false };
        let words: Vec<&str> = toks[*a..*b]
            .iter()
            .filter(|t| t.is_word())
            .map(|t| t.lower.as_str())
            .collect();
        let [article, noun] = words[..] else {
            return false;
        };
        if !(matches!(article, "the" | "this") && DOCUMENTS.contains(&noun)) || self.prev.is_none()
        {
            return false;
        }
        ui > 0
            && self.units[ui - 1]
                .toks
                .iter()
                .any(|t| t.is_word() && t.lower == noun)
    }

    /// The person named as the subject that opens the sentence, when a "he" or "she" later in
    /// it (after a comma) stands for them.
    fn opening_person(&mut self, ui: usize, att: &Attribution, p: Pronoun) -> Option<Who> {
        let want = match p {
            Pronoun::He => lexicon::Gender::Male,
            Pronoun::She => lexicon::Gender::Female,
            _ => return None,
        };
        let u = &self.units[ui];
        let (a, b) = subject_at_start(&u.toks)?;
        let verb = u.toks.get(b)?;
        if b >= att.lo || !verb.is_word() || verb.cap {
            return None;
        }
        let joined = att.lo > 0
            && matches!(
                u.toks[att.lo - 1].lower.as_str(),
                "but" | "and" | "while" | "though" | "although" | "as"
            );
        if !joined && !u.toks[b..att.lo].iter().any(|t| t.is_punct(',')) {
            return None;
        }
        self.named_person_at(ui, a, b)
            .filter(|w| w.gender.is_none_or(|g| g == want))
    }

    /// The person who signs the quotation that ends unit `ui`'s paragraph, in a paragraph of
    /// its own after it: a dash, then a name, and nothing more than an aside after a comma
    /// ("- Sanders.", "—Michelle Marks, Philadelphia.").
    fn signed_below(&mut self, ui: usize) -> Option<Who> {
        let u = &self.units[ui];
        let next = self.units.get(ui + 1)?;
        let ends_block = next.block != u.block;
        let alone = self
            .units
            .get(ui + 2)
            .is_none_or(|after| after.block != next.block);
        if !ends_block || !alone || next.headline {
            return None;
        }
        let printed = self.body[self.blocks[next.block].start..next.end].trim_start();
        if !printed.starts_with(['-', '–', '—', '―']) {
            return None;
        }
        let toks = &next.toks;
        let a = toks.iter().position(Tok::is_word)?;
        if toks[..a]
            .iter()
            .any(|t| !matches!(t.kind, tokens::Kind::Punct('-' | '–' | '—' | '―')))
        {
            return None;
        }
        let (a, b) = attribution::phrase_forward(toks, a)?;
        let signs = match toks.get(b) {
            None => true,
            Some(t) if t.is_punct(',') => true,
            Some(t) => t.is_punct('.') && b + 1 == toks.len(),
        };
        if !signs || !toks[b - 1].cap {
            return None;
        }
        self.named_person_at(ui + 1, a, b)
    }

    /// The person a sentence opens with as its subject ("He was speaking …", "Araghchi met …"),
    /// when the sentence's first attribution (starting at token `lo`) comes later, in a clause
    /// of its own.
    /// The country a sentence opens by placing itself in: "In Washington, …", "In Beijing, …"
    /// (a capital or a country, before the first comma).
    fn opening_place(&self, ui: usize) -> Option<EntityId> {
        let toks = &self.units[ui].toks;
        let c = toks.iter().take(6).position(|t| t.is_punct(','))?;
        let opens = c >= 2 && toks[0].is("in") && toks[1..c].iter().all(|t| t.is_word() && t.cap);
        if !opens {
            return None;
        }
        let place = &self.body[toks[1].start..toks[c - 1].end];
        let m = self.gaz.scan(place);
        let m = m.first()?;
        let whole = m.start == 0 && m.end == place.len();
        (whole
            && matches!(m.kind, AliasKind::Capital | AliasKind::Name)
            && self.gaz.entity(m.entity).kind == EntityKind::Country)
            .then_some(m.entity)
    }

    fn opening_subject(&mut self, ui: usize, lo: usize) -> Option<Who> {
        let u = &self.units[ui];
        let toks = &u.toks;
        let first = toks
            .iter()
            .position(|t| !matches!(t.kind, tokens::Kind::Punct(_)))?;
        let t = &toks[first];
        let verb_after = |k: usize| {
            toks.get(k)
                .is_some_and(|v| v.is_word() && !v.cap && !v.not_name())
        };
        if matches!(t.lower.as_str(), "he" | "she") {
            if lo <= first + 1 || !verb_after(first + 1) {
                return None;
            }
            let p = if t.lower == "he" {
                Pronoun::He
            } else {
                Pronoun::She
            };
            return self.resolver.pronoun(p).into_iter().next();
        }
        let (a, b) = subject_at_start(toks)?;
        if a != first || b >= lo || !verb_after(b) {
            return None;
        }
        self.named_person_at(ui, a, b)
    }

    /// The person the tokens `a..b` of unit `ui` name, read and resolved as a speaker phrase in
    /// that place: a person, by name (not a title standing alone).
    fn named_person_at(&mut self, ui: usize, a: usize, b: usize) -> Option<Who> {
        let (p, w) = self.resolved_at(ui, a, b)?;
        let named = w.person.is_some() || p.name.is_some();
        (w.sort == Sort::Person && named).then_some(w)
    }

    /// The tokens `a..b` of unit `ui` read as a speaker phrase and resolved with the evidence
    /// around the unit.
    fn resolved_at(&mut self, ui: usize, a: usize, b: usize) -> Option<(phrase::Phrase, Who)> {
        let u = &self.units[ui];
        let p = phrase::read(self.body, &u.toks, &[(a, b)], self.gaz)?;
        let blk = &self.blocks[u.block];
        let mut ev = evidence(
            self.body,
            self.gaz,
            window(self.body, u, blk),
            self.headline_entity,
            &self.block_entities,
        );
        let w = self.resolver.phrase(self.body, &p, p.start, &mut ev)?;
        Some((p, w))
    }

    /// Whether a sentence is in the mood of reported speech of the language read (German
    /// Konjunktiv I: "sei", "werde", "habe"), outside its quotations.
    /// Whether sentence `ui` opens with a person named by name who is not `before` ("Auch
    /// Winfried Hassemer, sein Stellvertreter, glaubt, …"): the sentence is that person's,
    /// even in the subjunctive, and not the previous speaker's.
    fn opens_with_another_name(&self, ui: usize, before: Option<&Who>) -> bool {
        let Some(before) = before else {
            return false;
        };
        let toks = &self.units[ui].toks;
        let start = toks
            .iter()
            .position(|t| !(t.is_word() && lexicon::is_skippable_before_verb(&t.lower)))
            .unwrap_or(0);
        let Some((a, b)) = attribution::phrase_forward(toks, start) else {
            return false;
        };
        if !toks
            .get(b)
            .is_some_and(|n| n.is_punct(',') || (n.is_word() && !n.cap))
        {
            return false;
        }
        let Some(p) = phrase::read(self.body, toks, &[(a, b)], self.gaz) else {
            return false;
        };
        // A name with its title ("PDS-Fraktionssprecher André Schollbach"), or a full name
        // and an aside ("Winfried Hassemer, Papiers Stellvertreter,"): no capitalised noun
        // that opens a sentence ("Dies sei …", "Demnach …").
        let titled = p.title.is_some() || (p.name_words >= 2 && toks[b].is_punct(','));
        let Some((n0, n1)) = p.name.filter(|_| titled) else {
            return false;
        };
        self.body[n0..n1]
            .split_whitespace()
            .last()
            .is_some_and(|last| !before.name.contains(last))
    }

    /// Whether sentence `ui` opens with a person, named or by a title the article resolves,
    /// who is not `before` ("Der Kanzler ließ mitteilen, er halte …" after the opposition
    /// leader spoke): the subjunctive is that person's, not the previous speaker's.
    fn opens_with_another_person(&mut self, ui: usize, before: Option<&Who>) -> bool {
        let Some(before) = before else {
            return false;
        };
        let u = &self.units[ui];
        let Some((a, b)) = subject_at_start(&u.toks) else {
            return false;
        };
        if !u.toks[a..b].iter().any(|t| t.is_word() && t.cap) {
            return false;
        }
        self.resolved_at(ui, a, b).is_some_and(|(_, w)| {
            w.sort == Sort::Person
                && (w.person.is_some() || w.role.is_some())
                && w.name != before.name
        })
    }

    /// Whether sentence `ui` names a source of its own after "according to" (or before
    /// "zufolge") that is not `before`.
    fn own_source(&self, ui: usize, before: Option<&Who>) -> bool {
        let toks = &self.units[ui].toks;
        let last = before.and_then(|w| w.name.split_whitespace().last());
        let same = last.is_some_and(|l| {
            toks.iter()
                .any(|t| t.is_word() && self.body[t.start..t.end] == *l)
        });
        toks.iter().enumerate().any(|(k, t)| {
            let back = toks.get(k + 2).is_some_and(|n| {
                matches!(n.lower.as_str(), "this" | "his" | "its" | "her" | "their")
            });
            t.is("according") && !back && !same
        })
    }

    fn reported_mood(&self, ui: usize) -> bool {
        let Some(lang) = crate::language::reading() else {
            return false;
        };
        let toks = &self.units[ui].toks;
        // "Demnach …": the words the table reads an opener with may differ from it, so the
        // printed word is looked up.
        let opener = toks
            .iter()
            .find(|t| t.is_word())
            .is_some_and(|t| lang.is_reported_opener(&self.body[t.start..t.end].to_lowercase()));
        opener
            || toks
                .iter()
                .any(|t| t.is_word() && !t.cap && lang.is_reported_mood(&t.lower))
            || (0..toks.len()).any(|k| self.reported_verb_at(lang, toks, k))
    }

    /// Whether the word at `k` has the ending of the reported mood and stands as a verb does:
    /// no noun, number or quotation after it and no article before it, as an adjective has
    /// ("Daran ändere das nichts", not "eine andere Lösung", "die neue „Strategie“").
    fn reported_verb_at(&self, lang: &crate::language::Language, toks: &[Tok], k: usize) -> bool {
        let t = &toks[k];
        if !t.is_word() || t.cap {
            return false;
        }
        let printed = self.body[t.start..t.end].to_lowercase();
        if !lang.ends_as_reported_mood(&printed) {
            return false;
        }
        let noun = |j: usize| {
            toks.get(j).is_some_and(|n| {
                n.is_quote()
                    || (n.is_word() && (n.cap || n.lower.starts_with(|c: char| c.is_ascii_digit())))
            })
        };
        // "die neue, große Koalition", "neue große Aufgaben": another adjective between.
        let adjective_after = toks
            .get(k + 1)
            .is_some_and(|n| n.is_word() && lang.is_attributive(&n.lower))
            && noun(k + 2);
        let noun_after = noun(k + 1) || adjective_after;
        let article_before =
            k > 0 && toks[k - 1].is_word() && lexicon::is_article(&toks[k - 1].lower);
        !noun_after && !article_before
    }

    /// Records, when explaining, what was decided about unit `ui`.
    fn note(&mut self, ui: usize, say: impl FnOnce(&Self) -> String) {
        if self.notes.is_some() {
            let said = say(self);
            if let Some(n) = self.notes.as_mut().and_then(|n| n.get_mut(ui)) {
                n.push(said);
            }
        }
    }

    fn shown_attribution(&self, ui: usize, att: &Attribution) -> String {
        let toks = &self.units[ui].toks;
        let span = |a: usize, b: usize| -> String {
            match (toks.get(a), b.checked_sub(1).and_then(|k| toks.get(k))) {
                (Some(x), Some(y)) if a < b => collapse(&self.body[x.start..y.end]),
                _ => String::new(),
            }
        };
        let verb = span(att.verb, att.verb_end);
        let subject: Vec<String> = att
            .subjects
            .iter()
            .map(|s| match s {
                Subject::Pronoun(p) => format!("{p:?}").to_lowercase(),
                Subject::Phrase(r) => r
                    .iter()
                    .map(|&(a, b)| span(a, b))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect();
        format!(
            "“{}” (verb “{verb}”, speaker “{}”)",
            span(att.lo, att.hi),
            subject.join("” and “")
        )
    }

    fn shown_who(&self, w: &Who) -> String {
        let side = w
            .entity
            .map(|e| self.gaz.entity(e).key.clone())
            .unwrap_or_else(|| "no side".into());
        match &w.role {
            Some(r) => format!("{} ({r}; {side})", w.name),
            None => format!("{} ({side})", w.name),
        }
    }

    /// What was decided about each unit, once the article is read (empty unless explaining).
    fn decisions(&self) -> Vec<Decision> {
        let Some(notes) = &self.notes else {
            return Vec::new();
        };
        self.units
            .iter()
            .zip(notes)
            .map(|(u, why)| Decision {
                start: u.start,
                end: u.end,
                paragraph: layout::paragraph_of(&self.starts, u.start),
                statement: self.out.iter().any(|e| e.start < u.end && e.end > u.start),
                why: why.clone(),
            })
            .collect()
    }

    fn emit(&mut self, piece: &Piece, who: &Who) {
        let para = layout::paragraph_of(&self.starts, piece.start);
        self.push(piece, para, who);
    }

    fn push(&mut self, piece: &Piece, para: u32, who: &Who) {
        let text = &self.body[piece.start..piece.end];
        // No printed sentence is this long: such a stretch is text without punctuation, and
        // quoting it would quote no statement.
        if text.trim().is_empty() || text.len() > MAX_STATEMENT {
            return;
        }
        self.out.push(Extracted {
            text: text.to_string(),
            start: piece.start,
            end: piece.end,
            kind: piece.kind,
            speaker: who.speaker(),
            entity: who.entity,
            mentions: mentions(self.body, self.gaz, piece, who.entity),
            paragraph: para,
        });
    }
}

/// The entities a statement names, other than the speaker's own and those naming the speaker;
/// capitals after "in", "from" or "at" are places, not parties.
fn mentions(body: &str, gaz: &Gazetteer, piece: &Piece, own: Option<EntityId>) -> Vec<EntityId> {
    let text = &body[piece.start..piece.end];
    let mut out: Vec<EntityId> = Vec::new();
    for m in gaz.scan(text) {
        let (s, e) = (piece.start + m.start, piece.start + m.end);
        if piece.exclude.iter().any(|&(a, b)| s >= a && e <= b) {
            continue;
        }
        if m.kind == AliasKind::Capital {
            let before = text[..m.start].trim_end();
            let word = before
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            if matches!(
                word.to_lowercase().as_str(),
                "in" | "from" | "at" | "near" | "outside"
            ) {
                continue;
            }
        }
        // "European" is an adjective of a continent far more often than of the Union.
        if m.kind == AliasKind::Demonym && gaz.entity(m.entity).kind == EntityKind::Organisation {
            continue;
        }
        if Some(m.entity) != own && !out.contains(&m.entity) {
            out.push(m.entity);
        }
    }
    out
}

/// Records the names the sentence prints ("British Prime Minister Keir Starmer") and the
/// institutions it names with their country ("the Japanese foreign ministry").
fn learn_names(body: &str, toks: &[Tok], gaz: &Gazetteer, resolver: &mut Resolver) {
    let mut i = 0;
    while i < toks.len() {
        match attribution::phrase_forward(toks, i) {
            Some((a, b)) => {
                // Only phrases with a capitalised word that is no title can hold a name.
                let named = toks[a..b]
                    .iter()
                    .any(|t| t.cap && !lexicon::is_title_word(&t.lower) && !t.not_name());
                if named {
                    if let Some(p) = phrase::read(body, toks, &[(a, b)], gaz) {
                        resolver.learn(body, &p);
                    }
                    // "Hillary Clinton's private server", "FBI Director James Comey's news
                    // conference": the name before the possessive, for a later "Clinton said".
                    if let Some(owner) = unpossessed(body, &toks[a..b]) {
                        if let Some(p) = phrase::read(body, &owner, &[(0, owner.len())], gaz) {
                            resolver.learn(body, &p);
                        }
                    }
                }
                i = b.max(i + 1);
            }
            None => i += 1,
        }
    }
    for (k, t) in toks.iter().enumerate() {
        if !(t.is_word() && lexicon::is_institution_head(t.bare())) {
            continue;
        }
        // The phrase that ends at the head, from its article at most: "the Japanese foreign
        // ministry" in "a spokesperson for the Japanese foreign ministry".
        let mut a = k;
        while a > 0 && k - a < 6 {
            let w = &toks[a - 1];
            let part =
                w.is_word() && ((w.cap && !w.not_name()) || lexicon::is_title_word(&w.lower));
            if !part {
                break;
            }
            a -= 1;
        }
        // "le ministère chinois": an adjective of a side after the head.
        let end = if toks.get(k + 1).is_some_and(|t| t.is("national") && !t.cap) {
            k + 2
        } else {
            k + 1
        };
        if a < end {
            if let Some(p) = phrase::read(body, toks, &[(a, end)], gaz) {
                resolver.learn_institution(body, &p);
            }
        }
    }
}

/// The words of a phrase up to its first capitalised possessive ("Hillary Clinton's" in
/// "Hillary Clinton's office"), with the possessive ending taken off; none when it has none.
fn unpossessed(body: &str, toks: &[Tok]) -> Option<Vec<Tok>> {
    let end = toks.iter().position(|t| t.is_word() && t.poss && t.cap)?;
    let last = &toks[end];
    let printed = &body[last.start..last.end];
    let ending = ["'s", "’s"].iter().find(|e| printed.ends_with(*e))?;
    let mut out = toks[..=end].to_vec();
    let t = out.last_mut()?;
    t.end -= ending.len();
    t.lower = t.bare().to_string();
    t.poss = false;
    Some(out)
}

/// "“…,” Kelly charged": a lone capitalised word the article never introduced is taken as the
/// speaker's name when the attribution stands right beside the quotation it gives; elsewhere
/// a lone word is too often something else ("Reform said", "Stated").
fn lone_name(body: &str, toks: &[Tok], att: &Attribution, p: &phrase::Phrase) -> Option<Who> {
    let (a, b) = p.name?;
    if p.title.is_some() || p.entity.is_some() || p.honorific {
        return None;
    }
    let clause = clause_subject(body, toks, att, (a, b));
    if p.name_words != 1 && !(clause && p.name_words <= 3) {
        return None;
    }
    let quote_at = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.is_quote() || (t.is_punct(',') && k > 0 && toks[k - 1].is_quote()))
    };
    // "Peabody said: “…”", "Peabody said, “…”".
    let introduces = toks.get(att.verb_end).is_some_and(|t| {
        t.is_quote()
            || ((t.is_punct(':') || t.is_punct(','))
                && toks.get(att.verb_end + 1).is_some_and(Tok::is_quote))
    }) || {
        // "Verizon said in a statement: “…”": a few words, lower case first, then a colon and
        // the quotation (not where the verb stands second: "Weiter sagte Wadephul: „…“").
        let lower_first = toks
            .get(att.verb_end)
            .is_some_and(|t| t.is_word() && !t.cap)
            && !crate::language::reading().is_some_and(|l| l.verb_second);
        let colon = (att.verb_end..toks.len().min(att.verb_end + 5))
            .filter(|_| lower_first)
            .find(|&k| !toks[k].is_word())
            .filter(|&k| k > att.verb_end && toks[k].is_punct(':'));
        colon.is_some_and(|k| toks.get(k + 1).is_some_and(Tok::is_quote))
    };
    let beside = match att.shape {
        attribution::Shape::Before => (att.lo > 0 && quote_at(att.lo - 1)) || introduces,
        // "Weiter sagte Larson: „…“": where the verb stands second, the name after it may
        // introduce the quotation.
        attribution::Shape::After => {
            (att.verb > 0 && quote_at(att.verb - 1))
                || (crate::language::reading().is_some_and(|l| l.verb_second)
                    && toks.get(att.hi).is_some_and(|t| t.is_punct(':'))
                    && toks.get(att.hi + 1).is_some_and(Tok::is_quote))
        }
        // "Sanders compared himself to Clinton, saying, “…”": the participle introduces it.
        attribution::Shape::Participle => introduces,
        // "“…,” according to CNN", "According to HuffPo: “…”" (not "heißt es in einer
        // Erklärung", which is read as a source described by nouns).
        attribution::Shape::According
            if !crate::language::reading().is_some_and(|l| l.verb_second) =>
        {
            (att.lo > 0 && quote_at(att.lo - 1))
                || toks.get(att.hi).is_some_and(|t| {
                    (t.is_punct(':') || t.is_punct(','))
                        && toks.get(att.hi + 1).is_some_and(Tok::is_quote)
                })
        }
        _ => false,
    } || clause;
    beside.then(|| Who {
        name: collapse(&body[a..b]),
        role: None,
        entity: None,
        person: None,
        title_key: None,
        sort: Sort::Person,
        gender: None,
    })
}

/// Where the verb stands second, whether the name at bytes `a..b` is the subject of a clause of
/// saying that a reported clause follows: "Greenpeace fordert, …", "Merkel entgegnete, dann
/// …", "An die Gewerkschaften gewandt sagte Köhler, sie …". Before the verb it opens the
/// sentence and nothing that could be another subject stands between the verb and the comma
/// ("Offiziell geht die Regierung davon aus, …" is the government's); after the verb it ends
/// right before the comma. The name must also stand capitalised inside a sentence somewhere
/// in the article, as an adverb opening a sentence never does ("Insbesondere kritisiert wird,
/// dass …").
fn clause_subject(body: &str, toks: &[Tok], att: &Attribution, (a, b): (usize, usize)) -> bool {
    if !crate::language::reading().is_some_and(|l| l.verb_second) {
        return false;
    }
    let Some(first) = toks.iter().position(|t| t.start == a) else {
        return false;
    };
    let Some(last) = toks.iter().rposition(|t| t.end == b) else {
        return false;
    };
    let boundary = |t: &Tok| t.is_punct(',') || t.is_punct(':') || t.is_quote();
    let placed = match att.shape {
        attribution::Shape::Before => {
            let opens = toks[..first].iter().all(|t| !t.is_word());
            let between = toks[last + 1..att.verb]
                .iter()
                .all(|t| t.is_word() && !t.cap);
            let rest = toks.get(att.verb_end..).unwrap_or_default();
            let reach = rest.iter().take(8).position(boundary);
            // "Glos hatte in einem Interview gesagt, …": a noun after a preposition is no
            // subject.
            let free = reach.is_some_and(|r| {
                let mut governed = false;
                rest[..r].iter().all(|t| {
                    if !t.is_word()
                        || matches!(t.lower.as_str(), "he" | "she" | "it" | "they" | "es")
                    {
                        return false;
                    }
                    if matches!(
                        t.lower.as_str(),
                        "in" | "on"
                            | "at"
                            | "with"
                            | "before"
                            | "after"
                            | "about"
                            | "for"
                            | "to"
                            | "from"
                            | "during"
                            | "since"
                            | "to the"
                            | "of the"
                    ) {
                        governed = true;
                        return true;
                    }
                    governed || !(t.cap || lexicon::is_article(&t.lower))
                })
            });
            opens && between && free
        }
        attribution::Shape::After => {
            att.verb < first
                && toks[att.verb_end.min(first)..first]
                    .iter()
                    .all(|t| t.is_word() && !t.cap)
                && toks.get(last + 1).is_some_and(boundary)
        }
        _ => false,
    };
    placed && capitalised_inside(body, &body[toks[first].start..toks[first].end])
}

/// Whether `word` stands somewhere in `body` after a lower-case word or a comma: capitalised
/// where no sentence starts, as a name or a noun is.
fn capitalised_inside(body: &str, word: &str) -> bool {
    body.match_indices(word).any(|(i, _)| {
        let after = body[i + word.len()..].chars().next();
        let before = body[..i].chars().next_back();
        let prev = body[..i].trim_end().chars().next_back();
        after.is_none_or(|c| !c.is_alphanumeric())
            && before.is_some_and(char::is_whitespace)
            && prev.is_some_and(|c| c.is_lowercase() || c == ',')
    })
}

/// "Ein Augenzeuge sagte", "Medienberichten zufolge", "nach Angaben der FAZ": a source the
/// article describes by nouns and names no one known by, as printed, speaking for no side.
/// Only where the phrase must be the subject: after "laut" or before "zufolge"; after a verb
/// that follows a quotation or a comma ("„…“, sagte ein Augenzeuge"); or opening the clause
/// before a verb that no other subject follows, with its article ("Ein Augenzeuge sagte, …",
/// never "Ähnlich äußerte sich der Präsident", "Darin heißt es", "Dem Sender sagte er").
fn described_source(
    body: &str,
    toks: &[Tok],
    att: &Attribution,
    ranges: &[(usize, usize)],
    p: &phrase::Phrase,
) -> Option<Who> {
    use attribution::Shape;
    let [(a, b)] = ranges[..] else { return None };
    if a >= b || p.start >= p.end || !toks[a..b].iter().any(|t| t.is_word() && t.cap) {
        return None;
    }
    let opens_clause = |k: usize| toks[..k].iter().all(|t| !t.is_word()) || !toks[k - 1].is_word();
    let fits = match att.shape {
        Shape::According => true,
        // "Dies bestätigte die Organisation in Bonn."
        Shape::After if attribution::demonstrative_object(toks, att.verb) => true,
        Shape::After if att.verb > 0 && !toks[att.verb - 1].is_word() => true,
        // "Am Montag erklärte die Gewerkschaft, …": the phrase with its article right after
        // the verb that stands second, and what it says right after the phrase.
        Shape::After => {
            let first = body[toks[a].start..toks[a].end].to_lowercase();
            let dative = matches!(first.as_str(), "dem" | "einem" | "den");
            a == att.verb_end
                && lexicon::is_article(&toks[a].lower)
                && !dative
                && attribution::reported_next(toks, b)
        }
        // "Ersten Angaben zufolge", and in the middle of a clause "… ersten Angaben zufolge …",
        // where the adjectives open the phrase.
        Shape::Before if toks[att.verb].is("according") => {
            opens_clause(a) || adjectives_before(body, toks, a).is_some()
        }
        // "Wie die Zeitung berichtet, …": the subject of a "wie" clause (not of "Als
        // Begründung wurde angegeben", where "als" reads "as" too).
        Shape::Before if toks[att.lo].is("as") && att.lo < a => {
            body[toks[att.lo].start..toks[att.lo].end].eq_ignore_ascii_case("wie")
        }
        Shape::Before => {
            let first = body[toks[a].start..toks[a].end].to_lowercase();
            let dative = matches!(first.as_str(), "dem" | "einem" | "den");
            // "Die Organisation verlangte eine Untersuchung": an article that opens no subject
            // is the object's.
            let subject_after = toks.get(att.verb_end).is_some_and(|t| {
                let object = matches!(
                    body[t.start..t.end].to_lowercase().as_str(),
                    "eine" | "einen" | "den"
                );
                t.is_word()
                    && (t.cap
                        || (lexicon::is_article(&t.lower) && !object)
                        || matches!(t.lower.as_str(), "he" | "she" | "it" | "they" | "es"))
            });
            // "Ähnlich äußerte sich am Abend ein Vertreter": a reflexive verb's subject comes
            // later; a lone word with no article opening the clause is too often an adverb.
            let reflexive = body[toks[att.verb].end..]
                .trim_start()
                .to_lowercase()
                .starts_with("sich ");
            let bare_word = b - a == 1;
            !dative && !subject_after && !reflexive && !bare_word && opens_clause(a)
        }
        Shape::Participle | Shape::Colon => false,
    };
    if !fits {
        return None;
    }
    // "nach ersten Angaben", "offiziellen Angaben zufolge": the adjectives before the noun are
    // printed with it.
    let start = adjectives_before(body, toks, a)
        .unwrap_or(p.start)
        .min(p.start);
    // "einem Bericht des Magazins „Der Spiegel“", "einer Mitteilung der Polizei": the owner
    // in the genitive after the noun is part of the source.
    let mut end = p.end;
    let mut j = b;
    for _ in 0..2 {
        let mut k = j;
        // Only the genitive's articles: "dem Transport" after "nach israelischen Angaben" is
        // the verb's object.
        let genitive = |t: &Tok| {
            t.is("of")
                || (t.is("the")
                    && !matches!(
                        body[t.start..t.end].to_lowercase().as_str(),
                        "dem" | "den" | "die" | "das" | "einem" | "einen" | "eine"
                    ))
        };
        while toks.get(k).is_some_and(genitive) && k < j + 2 {
            k += 1;
        }
        let from = k;
        while toks
            .get(k)
            .is_some_and(|t| (t.is_word() && (t.cap || t.is("national"))) || t.is_quote())
        {
            k += 1;
        }
        if k == j || from == j || k == from || !toks[k - 1].cap && !toks[k - 1].is_quote() {
            break;
        }
        end = toks[k - 1].end;
        j = k;
    }
    Some(Who {
        name: collapse(&body[start..end]),
        role: None,
        entity: None,
        person: None,
        title_key: None,
        sort: if p.indefinite {
            Sort::Person
        } else {
            Sort::Body
        },
        gender: None,
    })
}

/// Whether an attribution's source ("according to" or its postposition) is one noun after
/// adjectives: "nach ersten Angaben", "offiziellen Angaben zufolge".
fn described_by_adjectives(
    body: &str,
    toks: &[Tok],
    att: &Attribution,
    ranges: &[(usize, usize)],
) -> bool {
    let [(a, b)] = ranges[..] else { return false };
    let according = att.shape == attribution::Shape::According || toks[att.verb].is("according");
    according && b == a + 1 && adjectives_before(body, toks, a).is_some()
}

/// Where the adjectives that open a source phrase before its noun at `a` start ("ersten" in
/// "nach ersten Angaben", "Es handele sich ersten Angaben zufolge"), whether the reading kept
/// them as words or left them out: lower-case words that end as adjectives before a noun, none
/// that makes the source the subject's own ("eigenen").
fn adjectives_before(body: &str, toks: &[Tok], a: usize) -> Option<usize> {
    let lang = crate::language::reading()?;
    let noun = toks.get(a).filter(|t| t.is_word() && t.cap)?;
    let prev = a.checked_sub(1).map(|k| &toks[k]);
    let from = prev.map_or(0, |p| p.end);
    let gap = &body[from..noun.start];
    let adjective = |w: &str| {
        let w = w.to_lowercase();
        w.chars().all(char::is_alphabetic) && lang.is_source_adjective(&w)
    };
    let written = |w: &str| w.chars().next().is_some_and(char::is_lowercase) && adjective(w);
    // An adjective never follows its clause's subject: in "Sie entstammen Zeitungsberichten
    // zufolge …" the word before the noun is the verb.
    let opens = |k: Option<usize>| {
        k.is_none_or(|k| {
            let t = &toks[k];
            !t.is_word() || !(t.cap || matches!(t.lower.as_str(), "he" | "she" | "it" | "they"))
        })
    };
    let left_out: Vec<&str> = gap.split_whitespace().collect();
    if !left_out.is_empty() && left_out.len() <= 2 && left_out.iter().all(|w| written(w)) {
        return opens(a.checked_sub(1)).then(|| from + gap.len() - gap.trim_start().len());
    }
    // Kept as a word: "ersten" right before the noun, nothing left out between them; at the
    // start of the clause, capitalised ("Ersten Angaben zufolge").
    let k = a.checked_sub(1)?;
    let p = &toks[k];
    let printed = &body[p.start..p.end];
    let first = k == 0 || !toks[k - 1].is_word();
    let kept = left_out.is_empty()
        && p.is_word()
        && printed.to_lowercase() == p.lower
        && (written(printed) || (first && adjective(printed)))
        && opens(k.checked_sub(1));
    kept.then_some(p.start)
}

/// "laut „Reuters“", "laut tagesschau.de": a source after "according to" printed as one
/// quotation of a few words, or as a web address, by that name and for no side.
fn printed_source(
    body: &str,
    toks: &[Tok],
    att: &Attribution,
    ranges: &[(usize, usize)],
) -> Option<Who> {
    let [(a, b)] = ranges[..] else { return None };
    if att.shape != attribution::Shape::According || b != a + 1 {
        return None;
    }
    let t = toks.get(a)?;
    let printed = &body[t.start..t.end];
    let name = if t.is_quote() {
        let inner = printed.trim_matches(|c: char| quotes::is_mark(c) || c.is_whitespace());
        let words = inner.split_whitespace().count();
        let named = inner.chars().next().is_some_and(char::is_alphanumeric)
            && !inner.ends_with(['.', ',', '!', '?', ':']);
        (named && (1..=4).contains(&words)).then_some(inner)?
    } else if attribution::is_web_address(t) {
        printed
    } else {
        return None;
    };
    Some(Who {
        name: collapse(name),
        role: None,
        entity: None,
        person: None,
        title_key: None,
        sort: Sort::Body,
        gender: None,
    })
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The phrase that opens a sentence as its subject ("A little earlier, the French president,
/// together with …, had signed").
fn subject_at_start(toks: &[Tok]) -> Option<(usize, usize)> {
    let mut starts = vec![0];
    if let Some(c) = toks.iter().take(8).position(|t| t.is_punct(',')) {
        // "Inzwischen hat sich Jeb Bush, der frühere Gouverneur, …": where the verb stands
        // second, an article after a name and its comma opens an aside or a relative clause.
        let aside = crate::language::reading().is_some_and(|l| l.verb_second)
            && c > 0
            && toks[c - 1].cap
            && toks
                .get(c + 1)
                .is_some_and(|t| lexicon::is_article(&t.lower));
        if !aside {
            starts.push(c + 1);
        }
    }
    for s in starts {
        if let Some((a, b)) = attribution::phrase_forward(toks, s) {
            let next = toks.get(b)?;
            if next.is_punct(',') || (next.is_word() && !next.cap) {
                return Some((a, b));
            }
        }
    }
    None
}
