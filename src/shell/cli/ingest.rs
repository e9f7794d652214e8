//! `positions ingest`: files and links read into statements, printed and stored one by one; a
//! failure is one line and the batch goes on. `--explain` says why each sentence was or was not
//! read as a statement.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Web;
use crate::model::shown_statement;

fn is_link(input: &Path) -> bool {
    input
        .to_str()
        .map(|s| {
            let lower = s.trim().to_ascii_lowercase();
            lower.starts_with("http://") || lower.starts_with("https://") || lower.contains("://")
        })
        .unwrap_or(false)
}

/// What reading one input gave.
enum Input {
    Prepared(Box<crate::ingest::Prepared>),
    /// A link whose article is stored already (under this id): not fetched again.
    AlreadyStored(String),
}

/// One input read into what ingesting it would add, or the one-line reason it cannot be.
fn read_input(
    input: &Path,
    flags: &crate::ingest::Metadata,
    gazetteer: &crate::entities::Gazetteer,
    store: &crate::store::Store,
    web: &mut Option<Web>,
    data: &Path,
) -> Result<Input, String> {
    use crate::fetch::pipeline::{fetch_article, prepare_page};
    use crate::ingest::{prepare, split_front_matter};
    use crate::web::page::{looks_like_html, read_page};
    if is_link(input) {
        let url = input.to_string_lossy().trim().to_string();
        if let Some(id) = crate::store::open(data)
            .stored_with_url(&url)
            .map_err(|e| e.to_string())?
        {
            return Ok(Input::AlreadyStored(id));
        }
        if web.is_none() {
            *web = Some(Web::new().map_err(|e| e.to_string())?);
        }
        let Some(w) = web.as_ref() else {
            return Err("the fetcher is not available".to_string());
        };
        let page = w
            .runtime
            .block_on(fetch_article(&w.fetcher, &url))
            .map_err(|e| e.to_string())?;
        return prepare_page(page, flags.clone(), gazetteer, store)
            .map(|p| Input::Prepared(Box::new(p)))
            .map_err(|e| e.to_string());
    }
    let bytes = std::fs::read(input).map_err(|e| format!("cannot read: {e}"))?;
    let html = looks_like_html(&bytes)
        || input
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if html {
        let page = read_page(&bytes, None).map_err(|e| e.to_string())?;
        return prepare_page(page, flags.clone(), gazetteer, store)
            .map(|p| Input::Prepared(Box::new(p)))
            .map_err(|e| e.to_string());
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))?;
    let (front, body) = split_front_matter(&text).map_err(|e| e.to_string())?;
    let meta = front.overlay(flags.clone());
    let name = input
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article");
    prepare(body, meta, name, gazetteer, store)
        .map(|p| Input::Prepared(Box::new(p)))
        .map_err(|e| e.to_string())
}

/// `ingest --explain`: each sentence of each file, whether it was read as a statement, and why.
pub fn explain(
    data: &std::path::Path,
    files: &[PathBuf],
    flags: crate::ingest::Metadata,
) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let gazetteer = crate::store::gazetteer(data)?;
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("{}: cannot read as UTF-8 text", file.display()))?;
        let (front, body) = crate::ingest::split_front_matter(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        let meta = front.overlay(flags.clone());
        let published = meta.published.as_deref();
        let (found, decisions) =
            crate::extract::explain(body, published, &gazetteer, meta.language.as_deref());
        outln!("{}: {} statements", file.display(), found.len());
        for d in &decisions {
            let sentence: String = body[d.start..d.end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let mark = if d.statement { "STATEMENT" } else { "-" };
            outln!("\n¶{} {mark}: {sentence}", d.paragraph);
            for why in &d.why {
                outln!("    {why}");
            }
            for s in found.iter().filter(|s| s.start < d.end && s.end > d.start) {
                let side = s
                    .entity
                    .map(|e| gazetteer.entity(e).key.clone())
                    .unwrap_or_else(|| "no side".into());
                outln!(
                    "    → [{}] {} ({side}): {}",
                    s.kind.as_str(),
                    s.speaker.name,
                    shown_statement(s.kind.as_str(), &s.text)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `ingest`: each file or link is read, checked and stored on its own; a failure is one line
/// and the batch goes on; exit 1 when any failed.
pub fn ingest(
    data: &std::path::Path,
    files: &[PathBuf],
    flags: crate::ingest::Metadata,
    dry_run: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    use crate::store::Added;
    use std::io::IsTerminal;
    let gazetteer = crate::store::gazetteer(data)?;
    let mut store = crate::store::open(data).load(&gazetteer)?;
    // The people the stored articles teach, for naming speakers the table lacks.
    let gazetteer = crate::shell::people::gazetteer_with_learned(data, &store)?;
    let mut web: Option<Web> = None;
    let bar = (files.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    // Lines are printed above the bar when there is one.
    let say = |line: String, to_stderr: bool| {
        let print = || {
            if to_stderr {
                eprintln!("{line}");
            } else {
                outln!("{line}");
            }
        };
        match &bar {
            Some(b) => b.suspend(print),
            None => print(),
        }
    };
    let mut all_views: Vec<serde_json::Value> = Vec::new();
    let mut failed = 0usize;
    let mut stored_any = false;
    for file in files {
        let shown = file.display().to_string();
        if let Some(b) = &bar {
            b.set_message(shown.clone());
        }
        let prepared = match read_input(file, &flags, &gazetteer, &store, &mut web, data) {
            Ok(Input::Prepared(p)) => p,
            Ok(Input::AlreadyStored(id)) => {
                say(
                    format!("{shown}: already stored as {id}: nothing added"),
                    json,
                );
                if let Some(b) = &bar {
                    b.inc(1);
                }
                continue;
            }
            Err(reason) => {
                failed += 1;
                say(format!("{shown}: {reason}"), true);
                if let Some(b) = &bar {
                    b.inc(1);
                }
                continue;
            }
        };
        let source = crate::model::SourceRef::of(&prepared.article);
        let views = crate::answer::statement_views(&gazetteer, &source, &prepared.statements);
        let outcome = if let Some(id) = &prepared.duplicate_of {
            format!("already stored as {id}: nothing added")
        } else if dry_run {
            format!(
                "{} statements found (dry run: nothing stored)",
                prepared.statements.len()
            )
        } else {
            let added = crate::store::open(data).add_article(
                prepared.article.clone(),
                &prepared.body,
                prepared.statements.clone(),
            );
            match added {
                Ok(Added::New(id)) => {
                    stored_any = true;
                    store.articles.push(crate::store::StoredArticle {
                        meta: crate::model::Article {
                            id: id.clone(),
                            ..prepared.article.clone()
                        },
                        body: prepared.body.clone(),
                    });
                    format!("{} statements added as {id}", prepared.statements.len())
                }
                Ok(Added::Duplicate(id)) => format!("already stored as {id}: nothing added"),
                Err(e) => {
                    failed += 1;
                    say(format!("{shown}: {e}"), true);
                    if let Some(b) = &bar {
                        b.inc(1);
                    }
                    continue;
                }
            }
        };
        if json {
            say(format!("{shown}: {outcome}"), true);
        } else {
            let mut lines = vec![format!("{shown}: {outcome}")];
            for (i, v) in views.iter().enumerate() {
                let entity = v.entity.unwrap_or("no entity");
                let role = v.shown_role().map(|r| format!(", {r}")).unwrap_or_default();
                lines.push(format!(
                    "{:>3}. [{}] {}{role} ({entity}): {}",
                    i + 1,
                    v.kind,
                    v.speaker,
                    shown_statement(v.kind, v.text)
                ));
            }
            say(lines.join("\n"), false);
        }
        // Each file's views borrow its statements: the JSON is kept, not the views.
        for v in &views {
            all_views.push(serde_json::to_value(v)?);
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if stored_any {
        crate::shell::people::keep_learned_logged(data);
    }
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "statements": all_views }))?
        );
    }
    if failed > 0 {
        eprintln!("{failed} of {} failed", files.len());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
