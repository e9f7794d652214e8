//! Changes to a built index: an article added, a statement retracted or restored, applied to the
//! index in place so that it answers exactly as one built from scratch on the changed store.

use super::Index;
use crate::model::{Article, Statement};
use crate::store::{Retraction, Store, StoredArticle};

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
    /// A retracted statement put back (by its id; the index keeps retracted statements aside).
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
        self.retracted.contains_key(id)
    }

    /// The ids of the retracted statements, in no order.
    pub fn retracted_ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.retracted.keys().map(String::as_str)
    }

    /// Applies changes in order. Each is idempotent: one already in force is skipped.
    pub fn apply(&mut self, changes: Vec<Change>) -> Applied {
        let mut done = Applied::default();
        let mut added: Vec<(Article, Vec<Statement>)> = Vec::new();
        let mut retract: Vec<String> = Vec::new();
        let mut restore: Vec<String> = Vec::new();
        for change in changes {
            let fresh = match &change {
                Change::Add { article, .. } => {
                    !self.has_article(&article.id) && !added.iter().any(|(a, _)| a.id == article.id)
                }
                Change::Retract { id } => {
                    !retract.contains(id) && self.statement_by_key(id).is_some()
                }
                Change::Restore { id } => self.retracted.contains_key(id) && !restore.contains(id),
            };
            if !fresh {
                done.skipped += 1;
                continue;
            }
            done.applied += 1;
            match change {
                Change::Add {
                    article,
                    statements,
                } => added.push((article, statements)),
                Change::Retract { id } => retract.push(id),
                Change::Restore { id } => restore.push(id),
            }
        }
        if done.applied > 0 {
            self.rebuild_with(added, retract, restore);
        }
        done
    }

    /// The changes applied by building again from the index's own content.
    fn rebuild_with(
        &mut self,
        added: Vec<(Article, Vec<Statement>)>,
        retract: Vec<String>,
        restore: Vec<String>,
    ) {
        let gazetteer = std::mem::take(&mut self.gazetteer);
        let mut retracted = std::mem::take(&mut self.retracted);
        let mut articles = std::mem::take(&mut self.articles);
        let mut statements = std::mem::take(&mut self.statements);
        for id in restore {
            if let Some(s) = retracted.remove(&id) {
                statements.push(s);
            }
        }
        for id in retract {
            if let Some(i) = statements.iter().position(|s| s.id == id) {
                retracted.insert(id, statements.swap_remove(i));
            }
        }
        for (a, list) in added {
            articles.push(a);
            statements.extend(list);
        }
        let store = Store {
            articles: articles
                .into_iter()
                .map(|meta| StoredArticle {
                    meta,
                    body: String::new(),
                })
                .collect(),
            statements: statements
                .into_iter()
                .chain(retracted.values().cloned())
                .collect(),
            retractions: retracted
                .into_keys()
                .map(|id| Retraction {
                    id,
                    by: String::new(),
                    at: String::new(),
                    reason: None,
                })
                .collect(),
        };
        *self = Index::build(gazetteer, store);
    }
}
