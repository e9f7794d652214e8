//! The change signature: a cheap summary of what is on disk, to notice other processes' writes.

use std::fs;
use std::path::Path;

use super::{
    is_temporary, ARTICLES_DIR, ARTICLE_META, ARTICLE_TEXT, RETRACTIONS_FILE, STATEMENTS_FILE,
};

/// A file's size and modification time (nanoseconds since the epoch; 0 when unknown), as
/// `size:time`: what tells a file changed without reading it.
pub(super) fn size_and_time(m: &fs::Metadata) -> String {
    let t = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}:{t}", m.len())
}

/// A cheap summary of what is on disk (folders, and the size and modification time of every file
/// the loader reads), to notice changes made by other processes without reading the store.
pub fn signature(dir: &Path) -> u64 {
    let mut parts: Vec<String> = Vec::new();
    let stamp = |p: &Path| {
        fs::metadata(p)
            .map(|m| size_and_time(&m))
            .unwrap_or_default()
    };
    for name in [
        "entities.json",
        "people.json",
        crate::entities::WIKIDATA_PEOPLE_FILE,
        RETRACTIONS_FILE,
        ARTICLES_DIR,
    ] {
        parts.push(format!("{name}={}", stamp(&dir.join(name))));
    }
    if let Ok(rd) = fs::read_dir(dir.join(ARTICLES_DIR)) {
        let mut names: Vec<String> = rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| !is_temporary(p))
            .map(|p| {
                let files =
                    [STATEMENTS_FILE, ARTICLE_META, ARTICLE_TEXT].map(|f| stamp(&p.join(f)));
                // The folder's name, not its path: a store moved or mounted elsewhere keeps its
                // signature (and its snapshot).
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                format!("{name}={}", files.join("|"))
            })
            .collect();
        names.sort();
        parts.extend(names);
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    crate::model::fnv64(&refs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    /// A store of one article whose files all have the same modification time.
    fn store(root: &Path, text: &str) {
        let folder = root.join(ARTICLES_DIR).join("a1");
        fs::create_dir_all(&folder).unwrap();
        for (name, body) in [
            (STATEMENTS_FILE, "{}\n"),
            (ARTICLE_META, "{}"),
            (ARTICLE_TEXT, text),
        ] {
            let path = folder.join(name);
            fs::write(&path, body).unwrap();
            let file = fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(UNIX_EPOCH + Duration::from_secs(1_767_225_600))
                .unwrap();
        }
        let dir = fs::File::open(root.join(ARTICLES_DIR)).unwrap();
        dir.set_modified(UNIX_EPOCH + Duration::from_secs(1_767_225_600))
            .unwrap();
    }

    #[test]
    fn a_store_moved_elsewhere_keeps_its_signature_and_an_edit_changes_it() {
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        store(a.path(), "Berlin said so.");
        store(b.path(), "Berlin said so.");
        store(c.path(), "Berlin said it would.");
        assert_eq!(signature(a.path()), signature(b.path()));
        assert_ne!(signature(a.path()), signature(c.path()));
    }
}
