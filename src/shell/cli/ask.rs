//! `positions ask`: a question answered as the bot would, printed as text or JSON.

use std::path::Path;
use std::process::ExitCode;

use crate::{answer, app, render};

/// `ask`: the reply as the bot would give it (in one language's statements when one is given), as
/// text or JSON; a timeline's chart to a file.
pub fn ask(
    data: &Path,
    text: &str,
    language: Option<&str>,
    json: bool,
    page: usize,
    chart: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let index = app::load(data)?;
    let reply = answer::ask_in(&index, text, language, page.saturating_sub(1));
    if let Some(path) = chart {
        if reply.command == answer::reply::Command::Timeline
            && answer::timeline::wants_chart(&reply.months)
        {
            let png = answer::chart::months_png(&reply.months)?;
            anyhow::Context::with_context(std::fs::write(path, png), || {
                format!("could not write the chart to {}", path.display())
            })?;
        }
    }
    if json {
        outln!("{}", render::json(&reply));
    } else {
        out!("{}", render::text::render(&reply));
    }
    Ok(ExitCode::SUCCESS)
}
