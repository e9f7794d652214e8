//! How the wording of a quote stands against the statement it comes from, run by run: the data a
//! "Find the source" reply carries and the renderers mark. Plain values; no matching here.

use serde::Serialize;

/// How a run of the quote stands against the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// The same words (up to case and punctuation).
    Same,
    /// Words the quote misspells.
    Misspelt,
    /// Words of the statement the quote leaves out.
    Dropped,
    /// Words the quote has and the statement does not.
    Added,
    /// Words the quote puts in place of the statement's.
    Changed,
}

/// One run of words of the same kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub kind: PartKind,
    /// The statement's words, as printed (empty for `Added`).
    pub printed: String,
    /// The quote's words (empty for `Dropped`; the same words for `Same`).
    pub quoted: String,
}

/// How close the quote is to the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Closeness {
    /// Word for word (case and punctuation aside).
    Exact,
    /// Only spelling differs.
    Near,
    /// Words were dropped, added or changed.
    Altered,
}

/// The quote set against the statement it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wording {
    pub closeness: Closeness,
    /// The words looked for.
    pub quoted: String,
    /// The statement's span that the quote covers, run by run.
    pub parts: Vec<Part>,
}

impl Wording {
    /// How many words of each kind of difference: (misspelt, dropped, added, changed).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let n = |k: PartKind| {
            self.parts
                .iter()
                .filter(|p| p.kind == k)
                .map(|p| {
                    let side = if k == PartKind::Added {
                        &p.quoted
                    } else {
                        &p.printed
                    };
                    side.split_whitespace().count()
                })
                .sum::<usize>()
        };
        (
            n(PartKind::Misspelt),
            n(PartKind::Dropped),
            n(PartKind::Added),
            n(PartKind::Changed),
        )
    }
}
