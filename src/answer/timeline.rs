//! `/timeline`: a side's statements in the order of their articles' publication dates, newest
//! first, with the count per month (and how many of them are on a topic). Pure: index in, reply
//! out; the chart of the months is drawn by `chart`.

use crate::answer::reply::MonthCount;

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
