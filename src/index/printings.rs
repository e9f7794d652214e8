//! Printings of one statement grouped, live: the statements in force that `printings::
//! same_statement` joins, taken transitively (so the grouping does not depend on the order the
//! articles came in). Each group shows one printing, its earliest, in every list; the others keep
//! their rows and ids but are in no list (`hidden`), like a retraction. Derived from the
//! statements in force and rebuilt with the index: never a second source of truth.

use std::collections::{HashMap, VecDeque};

use rustc_hash::{FxBuildHasher, FxHashSet};

use super::{id_hash, Index, StatementId};
use crate::model::SourceRef;
use crate::printings::{fingerprints, same_speaker, same_statement};
use crate::wording::Folded;
use std::sync::Arc;

/// The carriers of one fingerprint looked at, at most, when a statement's printings are sought.
/// A statement printed many times is found through its first printings (its group is joined
/// once); a fingerprint carried by more statements than this is a phrase a side repeats, and the
/// statement's rarer fingerprints find its printings. Without the bound, a common phrase makes
/// adding a statement cost one comparison per statement that carries it.
const CARRIERS_LOOKED_AT: usize = 32;

/// The statements of the same speaker whose words are compared with a statement's, at most, those
/// sharing most fingerprints first (a group found counts once).
const CANDIDATES_COMPARED: usize = 8;

/// In `Index::statement_tie`, a statement printed once.
pub(super) const NO_GROUP: u32 = u32::MAX;

/// A statement's row of what tells it from statements ranked alike: its publication date's key
/// (`Index::date_key`), its printings group (`NO_GROUP` when printed once) and how many id hashes
/// that group holds (1 when none). A group's members never change once it is made (a change makes
/// a new group), so the size is written with the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tie {
    pub(super) date: u64,
    pub(super) group: u32,
    pub(super) size: u32,
}

/// The grouping and what finds a statement's other printings.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Printings {
    /// A fingerprint → the id hash of the first statement in force that carries it; the others
    /// in `more`.
    #[serde(with = "super::snapshot::plain::sized_map")]
    by_print: HashMap<u64, u64, FxBuildHasher>,
    #[serde(with = "super::snapshot::plain::sized_map")]
    more: HashMap<u64, Vec<u64>, FxBuildHasher>,
    /// The id hash of a statement printed more than once → its group.
    #[serde(with = "super::snapshot::plain::sized_map")]
    group_of: HashMap<u64, u32, FxBuildHasher>,
    /// A group → the id hashes of its printings in force (two or more; none when the number is
    /// free for reuse).
    groups: Vec<Vec<u64>>,
    free: Vec<u32>,
}

impl Printings {
    fn carriers(&self, print: u64) -> impl Iterator<Item = u64> + '_ {
        self.by_print
            .get(&print)
            .into_iter()
            .copied()
            .chain(self.more.get(&print).into_iter().flatten().copied())
    }

    fn add_print(&mut self, print: u64, h: u64) {
        match self.by_print.entry(print) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(h);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                let list = self.more.entry(print).or_default();
                if !list.contains(&h) {
                    list.push(h);
                }
            }
        }
    }

    fn remove_print(&mut self, print: u64, h: u64) {
        if self.by_print.get(&print) == Some(&h) {
            let next = self.more.get_mut(&print).and_then(|l| l.pop());
            match next {
                Some(n) => {
                    self.by_print.insert(print, n);
                }
                None => {
                    self.by_print.remove(&print);
                }
            }
        } else if let Some(list) = self.more.get_mut(&print) {
            list.retain(|&x| x != h);
        }
        if self.more.get(&print).is_some_and(Vec::is_empty) {
            self.more.remove(&print);
        }
    }

    /// Makes `members` a group; returns its number.
    fn new_group(&mut self, members: Vec<u64>) -> u32 {
        let g = match self.free.pop() {
            Some(g) => g,
            None => {
                self.groups.push(Vec::new());
                self.groups.len() as u32 - 1
            }
        };
        for &m in &members {
            self.group_of.insert(m, g);
        }
        self.groups[g as usize] = members;
        g
    }

    fn drop_group(&mut self, g: u32) -> Vec<u64> {
        let members = std::mem::take(&mut self.groups[g as usize]);
        for m in &members {
            self.group_of.remove(m);
        }
        self.free.push(g);
        members
    }

    /// Whether the groups point only at what `ok` accepts, each member in the group it is said
    /// to be in. (A fingerprint's carrier the index lacks is harmless: it finds no row.)
    pub(super) fn check(&self, ok: impl Fn(u64) -> bool) -> bool {
        self.group_of
            .iter()
            .all(|(&h, &g)| ok(h) && self.groups.get(g as usize).is_some_and(|m| m.contains(&h)))
    }
}

impl Index {
    /// Whether statement `id` is a printing shown by another.
    pub(super) fn is_hidden(&self, id: StatementId) -> bool {
        !self.hidden.is_empty() && self.hidden.binary_search(&id).is_ok()
    }

    /// The statements in force of this id hash (`rows_of_hash` gives only rows of that hash).
    fn in_force_by_hash(&self, h: u64) -> impl Iterator<Item = StatementId> + '_ {
        self.rows_of_hash(h).filter(move |&s| !self.is_gone(s))
    }

    /// How printings are ordered, earliest first: by their article's publication date (undated
    /// last), then by rank (on one date, the article whose id sorts first).
    fn printing_key(&self, id: StatementId) -> (bool, &str, StatementId) {
        let published = self.article_of(id).published.as_deref();
        (published.is_none(), published.unwrap_or(""), id)
    }

    /// Puts a group's id hashes in the order of their printings, earliest first, so that listing
    /// a statement's printings needs no sort: renumbering keeps the order of the ids it moves,
    /// and an article's date does not change.
    fn earliest_first(&self, hashes: &mut [u64]) {
        hashes
            .sort_by_cached_key(|&h| self.in_force_by_hash(h).map(|r| self.printing_key(r)).min());
    }

    /// Every printing in force of the statement `id` is one of, `id` included, earliest first.
    pub fn printings(&self, id: StatementId) -> Vec<StatementId> {
        let Some(g) = self.group_row(id) else {
            return vec![id];
        };
        let members = &self.printings.groups[g as usize];
        let mut all: Vec<StatementId> = Vec::with_capacity(members.len());
        all.extend(members.iter().flat_map(|&m| self.in_force_by_hash(m)));
        // A group's hashes are kept earliest first (`earliest_first`); only a hash two ids share
        // brings rows out of that order.
        if !self.by_id_more.is_empty() {
            all.sort_by(|&a, &b| self.printing_key(a).cmp(&self.printing_key(b)));
            all.dedup();
        }
        all
    }

    /// How many printings in force the statement `id` is one of (1 when it is printed once);
    /// without building the list when it is.
    pub fn printing_count(&self, id: StatementId) -> usize {
        match self.group_row(id) {
            // A group holds the id hashes of printings in force, and each hash is one statement's
            // when no two ids share a hash: the count is the group's length.
            Some(_) if self.by_id_more.is_empty() => self.statement_tie[self.at(id)].size as usize,
            Some(g) => self.printings.groups[g as usize]
                .iter()
                .map(|&m| self.in_force_by_hash(m).count())
                .sum(),
            None => 1,
        }
    }

    /// The group of statement `id`'s printings, from the per-statement table (no id hashed).
    fn group_row(&self, id: StatementId) -> Option<u32> {
        Some(self.statement_tie[self.at(id)].group).filter(|&g| g != NO_GROUP)
    }

    /// Statement `id`'s date key and how many printings in force it is one of, read together
    /// (for putting statements ranked alike in order).
    pub fn date_and_printings(&self, id: StatementId) -> (u64, usize) {
        (self.date_key(id), self.printing_count(id))
    }

    /// The row of a statement of id hash `h` put in the tables, of an article of date key `date`.
    pub(super) fn tie_of_hash(&self, h: u64, date: u64) -> Tie {
        let group = self.group_of_hash(h);
        Tie {
            date,
            group,
            size: self.group_size(group),
        }
    }

    fn group_size(&self, g: u32) -> u32 {
        if g == NO_GROUP {
            1
        } else {
            self.printings.groups[g as usize].len() as u32
        }
    }

    /// Lists group `g`'s articles in `group_sources`, in the group's order (earliest first).
    fn list_group_sources(&mut self, g: u32) {
        let mut sources: Vec<Arc<SourceRef>> = Vec::new();
        for &h in &self.printings.groups[g as usize] {
            for row in self.in_force_by_hash(h) {
                let src = self.source_of(row);
                if !sources.iter().any(|s| Arc::ptr_eq(s, src)) {
                    sources.push(Arc::clone(src));
                }
            }
        }
        let g = g as usize;
        if self.group_sources.len() <= g {
            self.group_sources.resize_with(g + 1, Vec::new);
        }
        self.group_sources[g] = sources;
    }

    /// The articles that print statement `id`, earliest first, each once, when it is printed more
    /// than once and they are listed (`None` when it is printed once, or when two rows share an
    /// id and `printings` must be asked).
    pub fn printed_in(&self, id: StatementId) -> Option<&[Arc<SourceRef>]> {
        let g = self.group_row(id)?;
        if !self.by_id_more.is_empty() {
            return None;
        }
        self.group_sources.get(g as usize).map(Vec::as_slice)
    }

    /// Every statement's row with its date key, as printed once (before any group is written),
    /// with room to grow.
    pub(super) fn ties_printed_once(&self) -> VecDeque<Tie> {
        let n = self.statement_article.len();
        let mut ties = VecDeque::with_capacity(super::build::roomy(n));
        ties.extend(self.statement_article.iter().map(|&a| Tie {
            date: self.sources[a as usize].date,
            group: NO_GROUP,
            size: 1,
        }));
        ties
    }

    /// The group of id hash `h` (`NO_GROUP` when it has none), for a row put in the tables.
    pub(super) fn group_of_hash(&self, h: u64) -> u32 {
        self.printings.group_of.get(&h).copied().unwrap_or(NO_GROUP)
    }

    /// Writes group `g` (or `NO_GROUP`) into the per-statement table for every row of `hashes`,
    /// as `printings.group_of` has it by hash.
    fn set_group_rows(&mut self, hashes: &[u64], g: u32) {
        if g != NO_GROUP {
            self.list_group_sources(g);
        }
        let size = self.group_size(g);
        for &h in hashes {
            let rows: Vec<StatementId> = self.rows_of_hash(h).collect();
            for r in rows {
                let at = self.at(r);
                let tie = &mut self.statement_tie[at];
                tie.group = g;
                tie.size = size;
            }
        }
    }

    /// The per-statement group table made again from `printings.group_of`, and each group put
    /// earliest first (for an index read from a snapshot, which carries neither: a snapshot
    /// written before groups were kept in order reads alike).
    pub(super) fn index_group_rows(&mut self) {
        let mut groups = std::mem::take(&mut self.printings.groups);
        for g in &mut groups {
            self.earliest_first(g);
        }
        self.printings.groups = groups;
        self.statement_tie = self.ties_printed_once();
        self.group_sources = Vec::new();
        for g in 0..self.printings.groups.len() {
            if !self.printings.groups[g].is_empty() {
                let hashes = self.printings.groups[g].clone();
                self.set_group_rows(&hashes, g as u32);
            }
        }
    }

    /// The statement of `id`'s printings that answers show (its earliest).
    pub fn shown_printing(&self, id: StatementId) -> StatementId {
        self.printings(id).first().copied().unwrap_or(id)
    }

    /// The other statements in force that are printings of the same statement as `id` (in the
    /// tables already), found by their fingerprints.
    fn matches(&self, id: StatementId, prints: &[u64]) -> Vec<StatementId> {
        self.matches_of(self.statement(id), prints, Some(id))
    }

    /// The statements in force that are printings of the same statement as `s` (say, one of an
    /// article about to be added), found by their fingerprints: of a group, one printing at least.
    pub fn find_printings(&self, s: &crate::model::Statement) -> Vec<StatementId> {
        self.matches_of(s, &fingerprints(s), None)
    }

    fn matches_of(
        &self,
        s: &crate::model::Statement,
        prints: &[u64],
        except: Option<StatementId>,
    ) -> Vec<StatementId> {
        // How many of `s`'s fingerprints each statement carries (of each fingerprint, its
        // first carriers): the printings of one statement share most of them, two statements
        // that merely share a phrase one or two.
        let mut shared: HashMap<u64, u32, FxBuildHasher> = HashMap::default();
        for &print in prints {
            for h in self.printings.carriers(print).take(CARRIERS_LOOKED_AT) {
                *shared.entry(h).or_default() += 1;
            }
        }
        let mut candidates: Vec<(u32, u64)> = shared.into_iter().map(|(h, n)| (n, h)).collect();
        candidates.sort_unstable_by(|a, b| b.cmp(a));
        let mut joined: FxHashSet<u32> = FxHashSet::default();
        let mut compared = 0;
        let mut out = Vec::new();
        let words = Folded::of(&s.text);
        for (_, h) in candidates {
            // A printing of a statement found already: the group is joined through it.
            let group = self.printings.group_of.get(&h).copied();
            if group.is_some_and(|g| joined.contains(&g)) {
                continue;
            }
            if compared == CANDIDATES_COMPARED {
                break;
            }
            for c in self.in_force_by_hash(h) {
                let other = self.statement(c);
                if Some(c) == except || !same_speaker(s, other) {
                    continue;
                }
                compared += 1;
                if words.same_words(&Folded::of(&other.text)) {
                    out.push(c);
                    joined.extend(group);
                }
            }
        }
        out
    }

    /// Makes a group's earliest printing the one in the lists, and hides the others.
    fn show_earliest(&mut self, members: &[StatementId]) {
        let Some(&first) = members
            .iter()
            .min_by(|&&a, &&b| self.printing_key(a).cmp(&self.printing_key(b)))
        else {
            return;
        };
        for &m in members {
            let hidden = self.is_hidden(m);
            if m == first && hidden {
                if let Ok(i) = self.hidden.binary_search(&m) {
                    self.hidden.remove(i);
                }
                self.link(m);
            } else if m != first && !hidden {
                self.unlink(m);
                let i = self.hidden.partition_point(|&x| x < m);
                self.hidden.insert(i, m);
            }
        }
    }

    /// Statement `id` came into force (added or restored) and is in its lists: it joins the
    /// printings of its statement, and the group shows its earliest.
    pub(super) fn join_printings(&mut self, id: StatementId) {
        if let Some(members) = self.merge_printings(id) {
            self.show_earliest(&members);
        }
    }

    /// Puts statement `id` among the printings: its fingerprints, and its group merged with those
    /// of the statements it matches. Returns the group's printings in force when it has a group.
    pub(super) fn merge_printings(&mut self, id: StatementId) -> Option<Vec<StatementId>> {
        let prints = fingerprints(self.statement(id));
        self.merge_printings_by(id, &prints)
    }

    /// `merge_printings`, with the statement's fingerprints computed already.
    pub(super) fn merge_printings_by(
        &mut self,
        id: StatementId,
        prints: &[u64],
    ) -> Option<Vec<StatementId>> {
        let h = id_hash(&self.statement(id).id);
        let found = self.matches(id, prints);
        for &print in prints {
            self.printings.add_print(print, h);
        }
        if found.is_empty() {
            return None;
        }
        let mut hashes: Vec<u64> = vec![h];
        for &c in &found {
            match self.group_row(c) {
                Some(g) => {
                    // Out of the table too, so another match of the same group finds none.
                    let dropped = self.printings.drop_group(g);
                    self.set_group_rows(&dropped, NO_GROUP);
                    hashes.extend(dropped);
                }
                None => hashes.push(id_hash(&self.statement(c).id)),
            }
        }
        hashes.sort_unstable();
        hashes.dedup();
        self.earliest_first(&mut hashes);
        let members: Vec<StatementId> = hashes
            .iter()
            .flat_map(|&m| self.in_force_by_hash(m).collect::<Vec<_>>())
            .collect();
        let g = self.printings.new_group(hashes.clone());
        self.set_group_rows(&hashes, g);
        Some(members)
    }

    /// Every group's printings but its earliest, ascending (for a build, which leaves them out of
    /// its lists at once).
    pub(super) fn reprints(&self) -> Vec<StatementId> {
        let mut out: Vec<StatementId> = Vec::new();
        for g in &self.printings.groups {
            let members: Vec<StatementId> = g
                .iter()
                .flat_map(|&m| self.in_force_by_hash(m).collect::<Vec<_>>())
                .collect();
            let Some(&first) = members
                .iter()
                .min_by(|&&a, &&b| self.printing_key(a).cmp(&self.printing_key(b)))
            else {
                continue;
            };
            out.extend(members.into_iter().filter(|&m| m != first));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Statement `id` left force (retracted; out of its lists and in `gone` already): it leaves
    /// its group, which may fall apart into the printings still joined to each other.
    pub(super) fn leave_printings(&mut self, id: StatementId) {
        let h = id_hash(&self.statement(id).id);
        for print in fingerprints(self.statement(id)) {
            self.printings.remove_print(print, h);
        }
        let Some(g) = self.printings.group_of.get(&h).copied() else {
            return;
        };
        let dropped = self.printings.drop_group(g);
        self.set_group_rows(&dropped, NO_GROUP);
        let rest: Vec<u64> = dropped.into_iter().filter(|&m| m != h).collect();
        let members: Vec<StatementId> = rest
            .iter()
            .flat_map(|&m| self.in_force_by_hash(m).collect::<Vec<_>>())
            .collect();
        // The printings still joined, taken transitively.
        let mut part: Vec<usize> = (0..members.len()).collect();
        fn root(part: &mut [usize], mut i: usize) -> usize {
            while part[i] != i {
                part[i] = part[part[i]];
                i = part[i];
            }
            i
        }
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                let (a, b) = (self.statement(members[i]), self.statement(members[j]));
                if same_statement(a, b) {
                    let (ri, rj) = (root(&mut part, i), root(&mut part, j));
                    part[ri] = rj;
                }
            }
        }
        let mut components: HashMap<usize, Vec<StatementId>> = HashMap::new();
        for (i, &m) in members.iter().enumerate() {
            let r = root(&mut part, i);
            components.entry(r).or_default().push(m);
        }
        for (_, component) in components {
            if component.len() > 1 {
                let mut hashes: Vec<u64> = component
                    .iter()
                    .map(|&m| id_hash(&self.statement(m).id))
                    .collect();
                self.earliest_first(&mut hashes);
                hashes.dedup();
                let g = self.printings.new_group(hashes.clone());
                self.set_group_rows(&hashes, g);
            }
            self.show_earliest(&component);
        }
    }
}
