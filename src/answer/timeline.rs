//! `/timeline`: a side's statements in the order of their articles' publication dates, newest
//! first, with the count per month (and how many of them are on a topic). Pure: index in, reply
//! out; the chart of the months is drawn by `chart`.

use super::reply::{page_count, Command, MonthCount, Outcome, Reply, PAGE_SIZE};
use super::{
    entity_ref, in_language, in_words, page_by_printings, resolve_side, subset_in_language,
    topic_terms, view,
};
use crate::index::{Index, StatementId};

/// The month ("YYYY-MM") of a publication date, when it has one.
pub fn month_of(published: Option<&str>) -> Option<&str> {
    published
        .filter(|d| crate::model::is_iso_date(d))
        .map(|d| &d[..7])
}

/// Counts per month, newest first, from each statement's date and whether it is on the topic.
pub fn count_months<'a>(
    dated: impl IntoIterator<Item = (Option<&'a str>, bool)>,
) -> Vec<MonthCount> {
    let mut months: Vec<MonthCount> = Vec::new();
    for (published, on_topic) in dated {
        let Some(month) = month_of(published) else {
            continue;
        };
        let i = match months.iter().position(|m| m.month == month) {
            Some(i) => i,
            None => {
                months.push(MonthCount {
                    month: month.to_string(),
                    statements: 0,
                    on_topic: 0,
                });
                months.len() - 1
            }
        };
        months[i].statements += 1;
        months[i].on_topic += usize::from(on_topic);
    }
    months.sort_by(|a, b| b.month.cmp(&a.month));
    months
}

/// "Jan 2026" for "2026-01".
pub fn month_label(month: &str) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, m) = month.split_once('-').unwrap_or((month, ""));
    match m.parse::<usize>() {
        Ok(n) if (1..=12).contains(&n) => format!("{} {year}", NAMES[n - 1]),
        _ => month.to_string(),
    }
}

/// Whether a timeline is worth a chart: its statements span two months or more.
pub fn wants_chart(months: &[MonthCount]) -> bool {
    months.len() >= 2
}

/// Answers `/timeline who [topic]` at a page (0-based).
pub(super) fn answer<'a>(
    index: &'a Index,
    who: &str,
    topic: Option<&str>,
    language: Option<&str>,
    page: usize,
    raw: &str,
) -> Reply<'a> {
    let e = match resolve_side(index, Command::Timeline, who, raw) {
        Ok((e, _)) => e,
        Err(reply) => return *reply,
    };
    let mut r = Reply::new(Command::Timeline, Outcome::Found, raw);
    r.entity = Some(entity_ref(index, e));
    r.topic = topic.map(str::to_string);
    let all = index.spoken_by(e);
    let spoken = in_language(index, all, language);
    let name = &index.gazetteer.entity(e).name;
    let lang = in_words(language);
    if spoken.is_empty() {
        r.outcome = Outcome::Silent;
        r.note = Some(format!("{name} has no statements{lang} in the store."));
        return r;
    }
    let on_topic = topic.map(|t| {
        let stems = topic_terms(index, t);
        subset_in_language(index, all, index.on_topic_within(e, &stems), language)
    });
    // Newest article first; undated last; within a date, best first.
    let mut order: Vec<(usize, StatementId)> = spoken.iter().copied().enumerate().collect();
    order.sort_by(|a, b| {
        let da = index.article_of(a.1).published.as_deref();
        let db = index.article_of(b.1).published.as_deref();
        match (da, db) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(a.1.cmp(&b.1))
    });
    r.months = count_months(order.iter().map(|&(i, s)| {
        (
            index.article_of(s).published.as_deref(),
            on_topic.as_ref().is_some_and(|p| p.contains(i)),
        )
    }));
    r.total = spoken.len();
    r.pages = page_count(spoken.len(), PAGE_SIZE);
    r.page = page.min(r.pages - 1);
    let ordered: Vec<StatementId> = order.iter().map(|&(_, s)| s).collect();
    r.statements = page_by_printings(index, &ordered, r.page * PAGE_SIZE, PAGE_SIZE)
        .into_iter()
        .map(|s| view(index, s))
        .collect();
    let undated = spoken.len() - r.months.iter().map(|m| m.statements).sum::<usize>();
    let mut note = format!(
        "{} statement{}{lang} by {name}, newest first",
        spoken.len(),
        if spoken.len() == 1 { "" } else { "s" }
    );
    if let (Some(t), Some(p)) = (topic, &on_topic) {
        note.push_str(&format!(
            "; {} on “{}”",
            p.len(),
            crate::text::cut_at_word(t, 100)
        ));
        r.topic_matches = Some(p.len());
    }
    if undated > 0 {
        note.push_str(&format!("; {undated} undated, at the end"));
    }
    note.push('.');
    r.note = Some(note);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_counted_newest_first_with_the_topic_share() {
        let months = count_months([
            (Some("2026-01-07"), true),
            (Some("2025-12-30"), false),
            (Some("2026-01-02"), false),
            (None, true),
            (Some("not a date"), true),
        ]);
        assert_eq!(
            months,
            [
                MonthCount {
                    month: "2026-01".into(),
                    statements: 2,
                    on_topic: 1
                },
                MonthCount {
                    month: "2025-12".into(),
                    statements: 1,
                    on_topic: 0
                },
            ]
        );
        assert!(wants_chart(&months));
        assert!(!wants_chart(&months[..1]));
        assert_eq!(month_label("2026-01"), "Jan 2026");
        assert_eq!(month_label("2026-13"), "2026-13");
    }
}
