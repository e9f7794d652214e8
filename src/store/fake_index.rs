//! For the store's tests: what a built index would know of a store (its articles, statements and
//! retractions), as the `Indexed` the diff and the backends compare with.

use std::collections::HashSet;

use super::backend::ArticleStore;
use super::diff::Indexed;
use crate::entities::Gazetteer;

#[derive(Default)]
pub(crate) struct Fake {
    pub(crate) articles: HashSet<String>,
    pub(crate) statements: HashSet<String>,
    pub(crate) retracted: HashSet<String>,
}

impl Fake {
    /// The index a full build of `store` would hold.
    pub(crate) fn of(store: &dyn ArticleStore, gazetteer: &Gazetteer) -> Fake {
        let store = store.load(gazetteer).expect("a valid store");
        Fake {
            articles: store.articles.iter().map(|a| a.meta.id.clone()).collect(),
            statements: store.statements.iter().map(|s| s.id.to_string()).collect(),
            retracted: store.retractions.iter().map(|r| r.id.clone()).collect(),
        }
    }
}

impl Indexed for Fake {
    fn has_article(&self, id: &str) -> bool {
        self.articles.contains(id)
    }
    fn has_statement(&self, id: &str) -> bool {
        self.statements.contains(id)
    }
    fn retracted(&self) -> HashSet<String> {
        self.retracted.clone()
    }
    fn articles(&self) -> usize {
        self.articles.len()
    }
}
