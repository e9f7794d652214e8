//! One copy of each speaker's name and office in the index, shared by all their statements: a
//! reply's views share it in turn, so a page of one side's statements reads a few names already
//! in the cache instead of one copy per statement, and a million statements keep each name once.

use std::collections::HashSet;
use std::sync::Arc;

use rustc_hash::FxBuildHasher;

use crate::model::Speaker;

/// Every speaker's name and office the index holds, each once.
#[derive(Debug, Default)]
pub(super) struct SharedNames(HashSet<Arc<str>, FxBuildHasher>);

impl SharedNames {
    /// Points the speaker's name and office at the copies already held (keeping them when new).
    pub(super) fn share(&mut self, speaker: &mut Speaker) {
        self.one(&mut speaker.name);
        if let Some(role) = &mut speaker.role {
            self.one(role);
        }
    }

    fn one(&mut self, text: &mut Arc<str>) {
        match self.0.get(&**text) {
            Some(held) => *text = Arc::clone(held),
            None => {
                self.0.insert(Arc::clone(text));
            }
        }
    }

    /// How many different names and offices are held.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.0.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speaker(name: &str, role: Option<&str>) -> Speaker {
        Speaker {
            name: name.into(),
            role: role.map(Arc::from),
        }
    }

    #[test]
    fn equal_names_and_offices_end_as_one_copy() {
        let mut shared = SharedNames::default();
        let mut a = speaker("Friedrich Merz", Some("Chancellor of Germany"));
        let mut b = speaker("Friedrich Merz", Some("Chancellor of Germany"));
        let mut c = speaker("Chancellor of Germany", None);
        assert!(!Arc::ptr_eq(&a.name, &b.name));
        for s in [&mut a, &mut b, &mut c] {
            shared.share(s);
        }
        assert!(Arc::ptr_eq(&a.name, &b.name));
        assert!(Arc::ptr_eq(
            a.role.as_ref().unwrap(),
            b.role.as_ref().unwrap()
        ));
        // A title standing as a name is the office's text too: one copy.
        assert!(Arc::ptr_eq(&c.name, a.role.as_ref().unwrap()));
        assert_eq!(shared.len(), 2);
        assert_eq!(&*b.name, "Friedrich Merz", "the words are unchanged");
    }
}
