//! Changes to a built index: an article added, a statement retracted or restored, applied to the
//! index in place so that it answers exactly as one built from scratch on the changed store.

use super::Index;
use crate::model::{Article, Statement};
use std::sync::Arc;

/// One change to the store, as the index needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new article with every statement stored for it (retracted ones included: the index
    /// leaves out those it knows to be retracted).
    Add {
        article: Article,
        statements: Vec<Statement>,
    },
    /// A statement taken out of the answers (by its id).
    Retract { id: String },
    /// A retracted statement put back (by its id; the index keeps retracted statements).
    Restore { id: String },
}

/// What `Index::apply` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Changes that changed the index.
    pub applied: usize,
    /// Changes that were already in force (an article already indexed, a statement already
    /// retracted): applying twice is harmless.
    pub skipped: usize,
}

impl Index {
    /// Whether an article of this id is indexed.
    pub fn has_article(&self, id: &str) -> bool {
        self.article_by_id.contains_key(id)
    }

    /// Whether a statement of this id is stored but retracted.
    pub fn is_retracted(&self, id: &str) -> bool {
        self.retracted.contains_key(id) || self.row_by_key(id).is_some_and(|s| self.is_gone(s))
    }

    /// The ids of the retracted statements, in no order.
    pub fn retracted_ids(&self) -> impl Iterator<Item = &str> + '_ {
        let in_place = self.gone.iter().map(|&s| &*self.statement(s).id);
        self.retracted.keys().map(String::as_str).chain(in_place)
    }

    /// Applies changes in order, in place. Each is idempotent: one already in force is skipped.
    pub fn apply(&mut self, changes: Vec<Change>) -> Applied {
        let mut done = Applied::default();
        for change in changes {
            let fresh = match change {
                Change::Add {
                    article,
                    statements,
                } => self.add_article(article, statements),
                Change::Retract { id } => self.retract(&id),
                Change::Restore { id } => self.restore(&id),
            };
            if fresh {
                done.applied += 1;
            } else {
                done.skipped += 1;
            }
        }
        if done.applied > 0 {
            self.settle();
        }
        done
    }

    fn add_article(&mut self, article: Article, statements: Vec<Statement>) -> bool {
        if self.has_article(&article.id) {
            return false;
        }
        let pos = self.insert_article(article);
        // Each statement's place among its paragraph's, in the order stored.
        let mut seen: Vec<(u32, u32)> = Vec::new();
        let mut run = Vec::with_capacity(statements.len());
        for s in statements {
            let ordinal = match seen.iter_mut().find(|(p, _)| *p == s.paragraph) {
                Some((_, n)) => {
                    *n += 1;
                    *n - 1
                }
                None => {
                    seen.push((s.paragraph, 1));
                    0
                }
            };
            if self.retracted.contains_key(&*s.id)
                || self.row_by_key(&s.id).is_some()
                || run.iter().any(|(r, _): &(Statement, u32)| r.id == s.id)
            {
                continue;
            }
            run.push((s, ordinal));
        }
        let keys: Vec<Arc<str>> = run.iter().map(|(s, _)| Arc::clone(&s.id)).collect();
        self.insert_article_statements(pos, run);
        // Each joins the printings of its statement (a reprint, or an earlier printing).
        for key in keys {
            if let Some(id) = self.statement_by_key(&key) {
                self.join_printings(id);
            }
        }
        true
    }

    /// A retraction leaves the statement where it stands, out of every list (see `gone`).
    fn retract(&mut self, id: &str) -> bool {
        let Some(at) = self.statement_by_key(id) else {
            return false;
        };
        // A printing another shows is in no list already.
        if let Ok(i) = self.hidden.binary_search(&at) {
            self.hidden.remove(i);
        } else {
            self.unlink(at);
        }
        let i = self.gone.partition_point(|&g| g < at);
        self.gone.insert(i, at);
        self.leave_printings(at);
        true
    }

    fn restore(&mut self, id: &str) -> bool {
        if let Some(at) = self.row_by_key(id).filter(|&s| self.is_gone(s)) {
            if let Ok(i) = self.gone.binary_search(&at) {
                self.gone.remove(i);
            }
            self.link(at);
            self.join_printings(at);
            return true;
        }
        let Some((s, ordinal)) = self.retracted.remove(id) else {
            return false;
        };
        if !self.has_article(&s.article) {
            self.retracted.insert(id.to_string(), (s, ordinal));
            return false;
        }
        let key = s.id.clone();
        self.insert_statement(s, ordinal);
        if let Some(at) = self.statement_by_key(&key) {
            self.join_printings(at);
        }
        true
    }
}
