//! Reads a speaker phrase ("Russian Foreign Minister Sergei Lavrov", "the president of Ukraine",
//! "President Trump’s special envoy, Steve Witkoff") into its owner, title, name and entity.

use crate::entities::{AliasKind, EntityId, EntityKind, Gazetteer, PersonId};
use crate::text::fold;

use super::lexicon::{self, Gender};
use super::tokens::Tok;

/// What a phrase's head word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    Person,
    Group,
    Institution,
}

/// A speaker phrase, read. Byte ranges are in the body.
#[derive(Debug, Clone, Default)]
pub struct Phrase {
    /// The whole phrase without a leading article.
    pub start: usize,
    pub end: usize,
    /// The title as written, without article, owner or name: "special envoy", "EU Council
    /// President", "president of Ukraine".
    pub title: Option<(usize, usize)>,
    /// Folded title words without entity names and complement: "council president".
    pub title_key: String,
    /// Folded title words with entity names: "eu council president".
    pub title_key_full: String,
    /// The whole title folded, complement included: "president of the european council".
    pub title_key_long: String,
    /// The same without entity names: "secretary of state" for "U.S. Secretary of State".
    pub title_key_plain: String,
    pub head: Option<Head>,
    pub name: Option<(usize, usize)>,
    pub name_words: usize,
    /// The person the gazetteer knows by the name as written.
    pub name_person: Option<PersonId>,
    pub gender: Option<Gender>,
    pub honorific: bool,
    /// The first entity the owner or title names.
    pub entity: Option<EntityId>,
    /// Set when the phrase is nothing but an entity's name ("Italy", "the Kremlin").
    pub entity_only: Option<AliasKind>,
    /// Set when the phrase is an institution named by a building ("the White House").
    pub institution: bool,
    /// Opens with "a" or "an": someone not named ("a Kremlin aide"), never an office holder.
    pub indefinite: bool,
    /// An embassy, envoy or ambassador: never of the country the article is datelined in.
    pub abroad: bool,
    /// A journalist's role ("North America editor") or a private person's ("a Kyiv resident"):
    /// speaks for no side.
    pub media: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Note {
    Plain,
    Entity(EntityId, AliasKind),
    Person(PersonId, EntityId),
    Institution(EntityId),
}

/// Reads the words of `ranges` (token ranges, in order; commas between them are left out) as
/// one speaker phrase. None when they do not make one.
#[allow(clippy::needless_range_loop)] // words and their notes are parallel arrays
pub fn read(
    body: &str,
    toks: &[Tok],
    ranges: &[(usize, usize)],
    gaz: &Gazetteer,
) -> Option<Phrase> {
    // The words, without a leading article and without punctuation.
    let mut idx: Vec<usize> = Vec::new();
    let mut range_of: Vec<usize> = Vec::new();
    for (r, &(a, b)) in ranges.iter().enumerate() {
        for (i, t) in toks.iter().enumerate().take(b).skip(a) {
            if t.is_word() && !(idx.is_empty() && lexicon::is_article(&t.lower)) {
                idx.push(i);
                range_of.push(r);
            }
        }
    }
    if idx.is_empty() {
        return None;
    }
    let notes = annotate(body, toks, ranges, gaz, &idx);
    if let Some(p) = name_of_country(body, toks, ranges, gaz, &idx, &notes) {
        return Some(p);
    }
    let n = idx.len();
    let tok = |k: usize| &toks[idx[k]];

    // The name: capitalised words at the end of the last range, or the whole first range when
    // the last one is a title ("Sergei Lavrov, Russia's foreign minister").
    let name_like = |k: usize| {
        let t = tok(k);
        match notes[k] {
            Note::Person(..) => !t.poss,
            Note::Entity(..) | Note::Institution(_) => false,
            Note::Plain => {
                t.cap
                    && !t.poss
                    && !lexicon::is_title_word(&t.lower)
                    && !t.not_name()
                    && lexicon::honorific(&t.lower).is_none()
                    && t.lower.chars().next().is_some_and(char::is_alphabetic)
            }
        }
    };
    let last_range = range_of[n - 1];
    // "Jim Jordan", "Chuck Jordan": a country's name that ends the phrase right after a given
    // name is a surname.
    let country_surname = n >= 2
        && range_of[n - 2] == last_range
        && matches!(
            notes[n - 1],
            Note::Entity(_, AliasKind::Name | AliasKind::Alias)
        )
        && matches!(notes[n - 2], Note::Plain)
        && name_like(n - 2)
        && !tok(n - 1).poss;
    let name_like = |k: usize| name_like(k) || (country_surname && k == n - 1);
    // "Sofia Marin": a capital's name that is a given name, right before a name.
    let given_place = |k: usize| {
        matches!(
            notes[k],
            Note::Entity(_, AliasKind::Capital | AliasKind::Name)
        ) && !tok(k).poss
            && k + 1 < n
            && range_of[k + 1] == range_of[k]
            && matches!(notes[k + 1], Note::Plain)
            && name_like(k + 1)
            && k + 2 == n
    };
    let name_like = |k: usize| name_like(k) || given_place(k);
    // "Charlie King", "Mr. King": a title word that ends the phrase after a name or an
    // honorific is a surname.
    let surname_title = n >= 2
        && range_of[n - 2] == last_range
        && tok(n - 1).cap
        && !tok(n - 1).poss
        && matches!(notes[n - 1], Note::Plain)
        && lexicon::is_person_head(&tok(n - 1).lower)
        && (name_like(n - 2) || lexicon::honorific(&tok(n - 2).lower).is_some());
    let name_like = |k: usize| name_like(k) || (surname_title && k == n - 1);
    let mut name_from = n;
    while name_from > 0 && range_of[name_from - 1] == last_range {
        let k = name_from - 1;
        let connector = lexicon::is_name_connector(&tok(k).lower) && name_from < n;
        let before_ok = |j: usize| name_like(j) || lexicon::is_name_connector(&tok(j).lower);
        // A particle inside a name, or opening it ("von der Leyen").
        if name_like(k) || (connector && (k == 0 || before_ok(k - 1) || name_from + 1 < n)) {
            name_from = k;
        } else {
            break;
        }
    }
    // "Daryl Kimball, executive director of the Arms Control Association", "Representative
    // Charles B. Rangel of New York": capitals after a title's "of" or "for" name a body or a
    // place that completes the title or the name, not the speaker's own name.
    let mut name_to = n;
    let range_start = range_of.iter().position(|&r| r == last_range).unwrap_or(0);
    let first_len = range_of.iter().take_while(|&&r| r == 0).count();
    // "Mr. McGinley, the law professor": an honorific may open the name.
    let first_honorific = first_len >= 2 && lexicon::honorific(&tok(0).lower).is_some();
    // "Amy Pope, deputy homeland security adviser": a title word that ends a name before its
    // title is a surname.
    let last_has_head = (range_start..n).any(|k| lexicon::is_person_head(tok(k).bare()));
    let first_surname_title = |k: usize| {
        last_has_head
            && k + 1 == first_len
            && k > usize::from(first_honorific)
            && tok(k).cap
            && !tok(k).poss
            && matches!(notes[k], Note::Plain)
            && lexicon::is_person_head(&tok(k).lower)
            && name_like(k - 1)
    };
    let first_is_name = ranges.len() > 1
        && first_len > 0
        && (usize::from(first_honorific)..first_len).all(|k| {
            name_like(k) || lexicon::is_name_connector(&tok(k).lower) || first_surname_title(k)
        });
    let head_at = (range_start..name_from).find(|&k| lexicon::is_person_head(tok(k).bare()));
    let is_prep = |k: usize| {
        matches!(
            tok(k).lower.as_str(),
            "of" | "for" | "at" | "from" | "with" | "to"
        )
    };
    // Right before the capitals, an article and title words at most between: "Ana Ruiz of the
    // Harbor Institute".
    let mut j = name_from;
    while j > range_start
        && !is_prep(j - 1)
        && (lexicon::is_article(&tok(j - 1).lower) || lexicon::is_title_word(tok(j - 1).bare()))
    {
        j -= 1;
    }
    let prep = head_at
        .and_then(|h| (h + 1..name_from).find(|&k| is_prep(k)))
        .or_else(|| (j > range_start && is_prep(j - 1)).then(|| j - 1));
    if let Some(p) = prep.filter(|_| name_from < n) {
        let mut k = p;
        while k > range_start && name_like(k - 1) {
            k -= 1;
        }
        // "le ministère chinois du Commerce", "the Ministry of Commerce": capitals after a
        // body's "of" complete its name, and no person is named.
        let body_before = head_at.is_none()
            && (range_start..p).any(|h| lexicon::is_institution_head(tok(h).bare()));
        // "a senior adviser to Donald Trump", "the chairwoman of Hillsborough County": the
        // capitals right after a title's preposition name whom the title serves, never the
        // speaker.
        // So too "a spokeswoman for Governor Lydia Hart", "a spokesman for the agency UKMTO".
        // Not so a formal title, capitalised throughout, before a person's name: "Head of the
        // Presidential Office Kyrylo Budanov" is the office holder himself.
        let between = p + 1..name_from;
        let formal = head_at.is_some_and(|h| {
            (h..name_from).all(|j| {
                let t = tok(j);
                t.cap || lexicon::is_article(&t.lower) || is_prep(j) || t.lower == "and"
            })
        });
        let serves = head_at.is_some_and(|h| h < p)
            && !formal
            && (between.clone().all(|j| lexicon::is_article(&tok(j).lower))
                || (between.clone().all(|j| {
                    lexicon::is_article(&tok(j).lower) || lexicon::is_title_word(tok(j).bare())
                }) && between
                    .clone()
                    .any(|j| lexicon::is_person_head(tok(j).bare())))
                || (name_from > p + 1 && lexicon::is_institution_head(tok(name_from - 1).bare())));
        if k < p {
            name_from = k;
            name_to = p;
        } else if first_is_name || body_before || serves {
            name_from = n;
        }
    }
    let (mut name_k, mut title_k): ((usize, usize), (usize, usize)) =
        ((name_from, name_to), (0, name_from));
    let mut gender = None;
    let mut honorific = false;
    if name_from == n && first_is_name {
        name_k = (usize::from(first_honorific), first_len);
        title_k = (first_len, n);
        if first_honorific {
            gender = lexicon::honorific(&tok(0).lower);
            honorific = true;
        }
    }
    // Honorifics before the name.
    if name_k.0 < name_k.1 && name_k.0 > title_k.0 && title_k.1 == name_k.0 {
        if let Some(g) = lexicon::honorific(&tok(name_k.0 - 1).lower) {
            gender = Some(g);
            honorific = true;
            title_k.1 -= 1;
        }
    }

    // The owner: everything up to the last possessive before the title. A possessive after
    // the title's preposition belongs to its complement ("the Democratic chair of Florida's
    // Palm Beach County", "director of Rutgers University's Eagleton Institute").
    let mut owner_k = None;
    let owner_end = (title_k.0..title_k.1)
        .find(|&k| {
            matches!(tok(k).lower.as_str(), "of" | "for" | "at")
                && (title_k.0..k).any(|h| lexicon::is_person_head(tok(h).bare()))
        })
        .unwrap_or(title_k.1);
    for k in (title_k.0..owner_end).rev() {
        if tok(k).poss {
            owner_k = Some((title_k.0, k + 1));
            title_k.0 = k + 1;
            break;
        }
    }
    while title_k.0 < title_k.1 && lexicon::is_article(&tok(title_k.0).lower) {
        title_k.0 += 1;
    }
    // The title: its head, and a complement after it ("of Ukraine", "for the ministry").
    let mut head = None;
    let mut head_at = None;
    let mut complement_at = title_k.1;
    for k in title_k.0..title_k.1 {
        let w = tok(k).lower.as_str();
        if matches!(w, "of" | "for" | "to" | "at" | "in" | "from") && head.is_some() {
            complement_at = k;
            break;
        }
        if matches!(notes[k], Note::Institution(_)) && tok(k).lower == "kremlin" {
            head = Some(Head::Institution);
            head_at = Some(k);
        } else if lexicon::is_person_head(w) {
            head = Some(Head::Person);
            head_at = Some(k);
        } else if lexicon::is_plural_head(w) {
            head = Some(Head::Group);
            head_at = Some(k);
        } else if lexicon::is_institution_head(w) {
            head = Some(Head::Institution);
            head_at = Some(k);
        }
    }
    // Words of the title that are neither titles nor names of entities make it no title
    // ("Economics" in "the Kyiv School of Economics").
    // Beside a name with a title, such a word qualifies the title instead ("Kemi Badenoch, the
    // Conservative leader").
    let named_with_title = name_k.0 < name_k.1 && head.is_some();
    for k in title_k.0..complement_at {
        let t = tok(k);
        let known = !matches!(notes[k], Note::Plain)
            || lexicon::is_title_word(t.bare())
            || lexicon::is_article(&t.lower);
        // "the Christie supporter", "a Clinton aide": a capitalised word that qualifies a
        // person's title.
        // "U.S. Central Command": likewise an institution's.
        // "Rights groups", "Local campaigners" likewise a group's.
        let owner = t.cap && head.is_some() && head_at.is_some_and(|h| k < h);
        // "a longtime adviser", "human rights groups": lower-case words that describe the head.
        let described = !t.cap && t.is_word() && head_at.is_some_and(|h| k < h);
        if !known && !named_with_title && !owner && !described {
            return None;
        }
    }
    // The whole title, complement included, without entity names: "secretary of state".
    let mut long_plain: Vec<String> = Vec::new();
    for k in title_k.0..title_k.1 {
        if matches!(notes[k], Note::Plain) && !lexicon::is_article(&tok(k).lower) {
            long_plain.push(fold(&body[tok(k).start..tok(k).end]));
        }
    }
    while long_plain
        .last()
        .is_some_and(|w| matches!(w.as_str(), "of" | "for" | "to" | "at"))
    {
        long_plain.pop();
    }
    let mut key = Vec::new();
    let mut key_full = Vec::new();
    // In another language the title is keyed by the extractor's words for it ("le
    // chancelier" as "chancellor"), as offices are known.
    let translated = crate::language::reading().is_some();
    for k in title_k.0..complement_at {
        let f = if translated {
            fold(&tok(k).lower)
        } else {
            fold(&body[tok(k).start..tok(k).end])
        };
        if matches!(notes[k], Note::Plain) && !lexicon::is_article(&tok(k).lower) {
            key.push(f.clone());
        }
        if !lexicon::is_article(&tok(k).lower) {
            key_full.push(f);
        }
    }
    if let Some(h) = head_at {
        if gender.is_none() {
            gender = lexicon::gender_hint(&tok(h).lower);
        }
        // "die Außenministerin", "Präsidentin": a German title in its feminine form.
        let printed = body[tok(h).start..tok(h).end].to_lowercase();
        let german = crate::language::reading().is_some_and(|l| l.code == "de");
        if gender.is_none() && german && printed.ends_with("in") && printed != tok(h).lower {
            gender = Some(lexicon::Gender::Female);
        }
    }
    // The entity: the first one named by the owner or the title.
    let mut entity = None;
    let owner_and_title = owner_k.map_or(title_k.0, |o| o.0)..title_k.1;
    let head_word = head_at.map(|h| tok(h).bare().to_string());
    let head_word = head_word.as_deref().unwrap_or("");
    // "the BBC's North America editor": a journalist's beat is no side; nor is "a Kyiv
    // resident"'s home.
    let media = lexicon::speaks_for_no_side(head_word);
    // An embassy, an envoy or an ambassador speaks for the state that sent them: the place it
    // sits in ("the US Embassy in Manila") and the body it is sent to ("China's ambassador to
    // the WTO") are no side.
    let abroad = lexicon::is_posted_abroad(head_word);
    let complement = tok_word(toks, &idx, complement_at);
    let skip = |k: usize, e: EntityId| {
        if k > complement_at {
            return match complement {
                // "officials in Beijing", "the ministry in Yerevan": the government there.
                "in" | "at" => abroad,
                "to" => abroad,
                _ => false,
            };
        }
        // "UN Ambassador Vassily Nebenzia": the body an ambassador is accredited to; with
        // "to" after the title ("the EU ambassador to China") the body before it sent them.
        complement != "to"
            && lexicon::is_accredited(head_word)
            && k >= title_k.0
            && head_at.is_some_and(|h| k < h)
            && gaz.entity(e).kind == EntityKind::Organisation
    };
    for k in owner_and_title.clone() {
        if media {
            break;
        }
        if let Note::Entity(e, _) | Note::Person(_, e) | Note::Institution(e) = notes[k] {
            if skip(k, e) {
                continue;
            }
        }
        match notes[k] {
            Note::Entity(e, AliasKind::Demonym)
                if gaz.entity(e).kind == EntityKind::Organisation
                    && !(k + 1..title_k.1).any(|j| tok_is_body_word(toks, idx.get(j).copied()))
                    && !(k > title_k.0
                        && tok_is_body_word(toks, idx.get(k - 1).copied())
                        && !toks[idx[k]].cap) =>
            {
                // "European leaders" are not the Union's; "European Council President" is.
            }
            Note::Entity(e, _) | Note::Person(_, e) | Note::Institution(e) => {
                entity = Some(e);
                break;
            }
            Note::Plain => {}
        }
    }
    // "Yemen's Houthi rebels", "Sudan's Rapid Support Forces": a movement or body the title of
    // a group or a body names is more exact than the country that owns it.
    let owned_by_country = owner_k.is_some_and(|(a, b)| {
        (a..b).any(|k| {
            matches!(notes[k], Note::Entity(e, _) if Some(e) == entity
                && gaz.entity(e).kind == EntityKind::Country)
        })
    });
    if owned_by_country && matches!(head, Some(Head::Group | Head::Institution)) && !abroad {
        let named = (title_k.0..complement_at).find_map(|k| match notes[k] {
            Note::Entity(e, kind)
                if kind != AliasKind::Demonym && gaz.entity(e).kind == EntityKind::Organisation =>
            {
                Some(e)
            }
            _ => None,
        });
        if named.is_some() {
            entity = named;
        }
    }
    let name_words = name_k.1 - name_k.0;
    let mut name_person = None;
    if name_words > 0 {
        // The gazetteer's person only when the name as printed opens with their name
        // ("Adriana Costa" is not the António Costa the surname alone would find).
        // Nor "Marcos Teixeira", where a known surname is the given name of another: every
        // word of the name is the person's, or a suffix ("Jr.").
        if let Note::Person(p, _) = notes[name_k.0] {
            let whole = (name_k.0..name_k.1).all(|k| {
                matches!(notes[k], Note::Person(q, _) if q == p)
                    || lexicon::is_name_suffix(&tok(k).lower)
            });
            if whole {
                name_person = Some(p);
            }
        }
        if gender.is_none() {
            gender = lexicon::gender_hint(&tok(name_k.0).lower)
                .or_else(|| lexicon::surname_gender(&tok(name_k.1 - 1).lower));
        }
    }
    let span_of = |(a, b): (usize, usize)| (a < b).then(|| (tok(a).start, tok(b - 1).end));
    let mut phrase = Phrase {
        start: tok(0).start,
        end: tok(n - 1).end,
        title: span_of(title_k),
        title_key: key.join(" "),
        title_key_full: key_full.join(" "),
        title_key_plain: long_plain.join(" "),
        title_key_long: span_of(title_k)
            .map(|(a, b)| crate::text::strip_article(&fold(&body[a..b])).to_string())
            .unwrap_or_default(),
        head,
        name: span_of(name_k),
        name_words,
        name_person,
        gender,
        honorific,
        entity,
        entity_only: None,
        institution: false,
        indefinite: ranges.first().is_some_and(|&(a, b)| {
            a < b
                && toks[a].is_word()
                && matches!(toks[a].lower.as_str(), "a" | "an" | "one" | "another")
        }),
        abroad,
        media,
    };
    if name_words == 0 && head.is_none() {
        // Nothing but names of entities: "Italy", "the Kremlin", "the White House".
        let all = owner_and_title.clone();
        if owner_k.is_some() || all.is_empty() {
            return None;
        }
        let first = notes[all.start];
        let same = all.clone().all(|k| match (notes[k], first) {
            (Note::Entity(e, _), Note::Entity(f, _)) => e == f,
            (Note::Institution(e), Note::Institution(f)) => e == f,
            _ => false,
        });
        if !same {
            return None;
        }
        match first {
            Note::Entity(_, kind) => phrase.entity_only = Some(kind),
            Note::Institution(_) => phrase.institution = true,
            _ => return None,
        }
    }
    Some(phrase)
}

/// The word at position `k` of the phrase's words, lower case; empty past the end.
fn tok_word<'t>(toks: &'t [Tok], idx: &[usize], k: usize) -> &'t str {
    idx.get(k)
        .and_then(|&i| toks.get(i))
        .map_or("", |t| t.lower.as_str())
}

/// Marks each word with the entity, person or institution it names, if any.
/// "President Emmanuel Macron of France", "Prime Minister Keir Starmer of Britain": a title and
/// name, then the country after "of". Read as the title and name, speaking for that country.
fn name_of_country(
    body: &str,
    toks: &[Tok],
    ranges: &[(usize, usize)],
    gaz: &Gazetteer,
    idx: &[usize],
    notes: &[Note],
) -> Option<Phrase> {
    let n = idx.len();
    let of = (1..n.saturating_sub(1))
        .rev()
        .find(|&k| toks[idx[k]].is("of"))?;
    let Note::Entity(e, kind) = notes[of + 1] else {
        return None;
    };
    let country = gaz.entity(e).kind == EntityKind::Country
        && kind != AliasKind::Demonym
        && notes[of + 1..]
            .iter()
            .all(|m| matches!(m, Note::Entity(f, _) if *f == e));
    let before = &toks[idx[of - 1]];
    let named = match notes[of - 1] {
        Note::Person(..) => true,
        Note::Plain => {
            before.cap
                && !before.poss
                && !lexicon::is_title_word(&before.lower)
                && !before.not_name()
        }
        _ => false,
    };
    if !country || !named {
        return None;
    }
    // The ranges cut just before "of".
    let cut = idx[of];
    let head: Vec<(usize, usize)> = ranges
        .iter()
        .filter(|&&(a, _)| a < cut)
        .map(|&(a, b)| (a, b.min(cut)))
        .collect();
    let mut p = read(body, toks, &head, gaz)?;
    if p.name.is_none() || p.entity.is_some_and(|f| f != e) {
        return None;
    }
    p.entity = Some(e);
    p.end = toks[idx[n - 1]].end;
    Some(p)
}

fn annotate(
    body: &str,
    toks: &[Tok],
    ranges: &[(usize, usize)],
    gaz: &Gazetteer,
    idx: &[usize],
) -> Vec<Note> {
    let mut notes = vec![Note::Plain; idx.len()];
    for &(a, b) in ranges {
        if a >= b {
            continue;
        }
        let (s, e) = (toks[a].start, toks[b - 1].end);
        for mut m in gaz.scan(&body[s..e]) {
            // A name in another language ("Island" for Iceland) is no name in an English
            // speaker phrase; in an article in another language it is.
            let english = crate::language::reading().is_none();
            if english && matches!(m.kind, AliasKind::Translation | AliasKind::Native) {
                continue;
            }
            let (ms, me) = (s + m.start, s + m.end);
            if m.kind == AliasKind::Demonym {
                match demonym_entity(gaz, &fold(&body[ms..me])) {
                    Some(e) => m.entity = e,
                    None => continue,
                }
            }
            for (k, &i) in idx.iter().enumerate() {
                let t = &toks[i];
                // The word without a possessive ending or an abbreviation's full stop.
                let bare_end = if t.poss {
                    body[t.start..t.end]
                        .rfind(['\'', '’'])
                        .map_or(t.end, |p| t.start + p)
                } else {
                    t.start + body[t.start..t.end].trim_end_matches('.').len()
                };
                let inside = t.start >= ms && (t.end <= me || bare_end <= me);
                if inside {
                    notes[k] = match m.person {
                        Some(p) => Note::Person(p, m.entity),
                        None => Note::Entity(m.entity, m.kind),
                    };
                }
            }
        }
    }
    // "el Gobierno británico", "le ministère allemand", "der deutsche Außenminister": an
    // adjective of a side, lower case in these languages, names the side wherever it stands.
    if let Some(lang) = crate::language::reading() {
        for (k, &i) in idx.iter().enumerate() {
            let t = &toks[i];
            let written = &body[t.start..t.end];
            if !matches!(notes[k], Note::Plain)
                || !written.chars().next().is_some_and(char::is_lowercase)
            {
                continue;
            }
            let side = lang
                .demonym_side(&written.to_lowercase())
                .and_then(|key| gaz.by_key(key));
            if let Some(e) = side {
                // "européen" is read as "European" is: the Union's only beside its bodies.
                let kind = if gaz.entity(e).kind == EntityKind::Organisation {
                    AliasKind::Demonym
                } else {
                    AliasKind::Translation
                };
                notes[k] = Note::Entity(e, kind);
            }
        }
    }
    // "Foreign Minister Wang Yi", matched whole by the alias "Foreign Minister Wang": the
    // title words that open a person's match are a title, not part of the name.
    for k in 0..idx.len() {
        let Note::Person(p, _) = notes[k] else {
            continue;
        };
        let opens = k == 0 || !matches!(notes[k - 1], Note::Person(q, _) if q == p);
        if !opens {
            continue;
        }
        let mut j = k;
        while j + 1 < idx.len()
            && matches!(notes[j + 1], Note::Person(q, _) if q == p)
            && lexicon::is_title_word(toks[idx[j]].bare())
        {
            notes[j] = Note::Plain;
            j += 1;
        }
    }
    // Institutions named by a building or a street.
    let mut k = 0;
    while k < idx.len() {
        let one = fold(toks[idx[k]].bare());
        let two = (k + 1 < idx.len()).then(|| format!("{one} {}", fold(toks[idx[k + 1]].bare())));
        let found = two
            .as_deref()
            .and_then(|t| institution(t).map(|e| (e, 2)))
            .or_else(|| institution(&one).map(|e| (e, 1)));
        match found.and_then(|(key, len)| gaz.by_key(key).map(|e| (e, len))) {
            Some((e, len)) if toks[idx[k]].cap => {
                for n in notes.iter_mut().skip(k).take(len) {
                    *n = Note::Institution(e);
                }
                k += len;
            }
            _ => k += 1,
        }
    }
    notes
}

/// The one entity a demonym names: "Nigerian" is Nigeria's even where the table also gives it
/// to Niger (the longest country name the demonym grows from); none where another entity's
/// name starts with the demonym itself ("Dominican": Dominica, or the Dominican Republic).
fn demonym_entity(gaz: &Gazetteer, written: &str) -> Option<EntityId> {
    let mut all: Vec<EntityId> = gaz
        .aliases_with_prefix(written)
        .iter()
        .filter(|a| a.folded == written && a.kind == AliasKind::Demonym)
        .map(|a| a.entity)
        .collect();
    all.sort_unstable();
    all.dedup();
    if let [one] = all[..] {
        return Some(one);
    }
    let name = |e: EntityId| fold(&gaz.entity(e).name);
    if all.iter().any(|&e| name(e).starts_with(written)) {
        return None;
    }
    all.iter()
        .copied()
        .filter(|&e| written.starts_with(name(e).as_str()))
        .max_by_key(|&e| name(e).len())
}

fn institution(folded: &str) -> Option<&'static str> {
    lexicon::INSTITUTIONS
        .iter()
        .find(|(name, _)| *name == folded)
        .map(|(_, key)| *key)
}

/// Whether the word at `i` names an organisation's own body ("Council", "Commission"), so that
/// the demonym before it ("European") names the organisation.
fn tok_is_body_word(toks: &[Tok], i: Option<usize>) -> bool {
    i.and_then(|i| toks.get(i)).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "council" | "commission" | "parliament" | "commissioner" | "union"
        )
    })
}
