//! `positions feeds add|remove|list`: the feeds the store follows.

use std::path::Path;
use std::process::ExitCode;

use super::who;
use crate::web::feeds::FollowedFeed;

/// `feeds add`: follows a feed (http or https), once.
pub fn add(
    data: &Path,
    url: &str,
    name: Option<String>,
    by: Option<String>,
) -> anyhow::Result<ExitCode> {
    let parsed = url::Url::parse(url.trim())
        .map_err(|e| anyhow::anyhow!("{url}: not a web address ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        anyhow::bail!("{url}: only http and https feeds are followed");
    }
    let feed = FollowedFeed {
        url: parsed.to_string(),
        name,
        added_by: who(by),
        added_at: crate::model::timestamp(chrono::Utc::now()),
    };
    let shown = feed.url.clone();
    if crate::store::registry(data).add_feed(feed)? {
        outln!("following {shown} (polled by `positions watch`)");
    } else {
        outln!("{shown} is followed already");
    }
    Ok(ExitCode::SUCCESS)
}

/// `feeds remove`: stops following a feed, named as it was added or as its normalised address.
pub fn remove(data: &Path, url: &str) -> anyhow::Result<ExitCode> {
    let followed = crate::store::registry(data).feeds()?;
    let key = url::Url::parse(url.trim())
        .map(|u| u.to_string())
        .unwrap_or_else(|_| url.trim().to_string());
    let target = followed
        .iter()
        .find(|f| f.url == key || f.url == url.trim())
        .map(|f| f.url.clone());
    match target {
        Some(t) if crate::store::registry(data).remove_feed(&t)? => {
            outln!("no longer following {t}");
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            eprintln!("error: {url} is not followed (see `positions feeds list`)");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `feeds list`: the followed feeds, as lines or JSON.
pub fn list(data: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let followed = crate::store::registry(data).feeds()?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&followed)?);
    } else if followed.is_empty() {
        outln!("no feeds followed (add one with `positions feeds add URL`)");
    } else {
        for f in &followed {
            let name = f
                .name
                .as_deref()
                .map(|n| format!("{n}: "))
                .unwrap_or_default();
            outln!(
                "{name}{} (added by {} at {})",
                f.url,
                f.added_by,
                f.added_at
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
