use super::*;
use crate::model::{Kind, Speaker};

fn statement(line: &str) -> Statement {
    let mut f = line.splitn(4, '|').map(str::trim);
    let mut field = || f.next().unwrap_or("-");
    let none = |s: &str| (s != "-").then(|| s.to_string());
    let (name, role, side, text) = (field(), field(), field(), field());
    Statement {
        id: String::new().into(),
        text: text.into(),
        kind: Kind::Direct,
        speaker: Speaker {
            name: name.into(),
            role: none(role).map(Into::into),
        },
        entity: none(side),
        mentions: Vec::new(),
        article: String::new(),
        paragraph: 1,
    }
}

/// The pairs of `pairs.txt`: whether they are one statement, what they show, and the two.
fn pairs() -> Vec<(bool, String, Statement, Statement)> {
    let text = include_str!("pairs.txt");
    let mut out = Vec::new();
    let blocks = text.split("\n\n").map(|b| {
        b.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .collect::<Vec<_>>()
    });
    for lines in blocks.filter(|l| !l.is_empty()) {
        let [label, a, b] = lines[..] else {
            panic!("a block is a label and two printings: {lines:?}");
        };
        let same = label.starts_with("same");
        assert!(same || label.starts_with("differ"), "{label}");
        out.push((same, label.to_string(), statement(a), statement(b)));
    }
    out
}

/// The rule's precision and recall on the pairs, printed (the README quotes them): joining two
/// different statements is worse than showing one twice, so no pair that differs may be joined.
#[test]
fn the_rule_is_measured_on_pairs_written_from_wire_copy() {
    let pairs = pairs();
    assert!(pairs.len() >= 60, "{} pairs", pairs.len());
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (same, label, a, b) in &pairs {
        let said = same_statement(a, b);
        assert_eq!(said, same_statement(b, a), "the rule is symmetric: {label}");
        match (same, said) {
            (true, true) => tp += 1,
            (false, true) => {
                fp += 1;
                eprintln!("joined, but different: {label}");
            }
            (true, false) => {
                fn_ += 1;
                eprintln!("missed: {label}");
            }
            (false, false) => {}
        }
    }
    let same = pairs.iter().filter(|p| p.0).count();
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    eprintln!(
        "{} pairs ({same} same, {} different): precision {precision:.2}, recall {recall:.2} ({tp} of {same} found, {fp} joined wrongly)",
        pairs.len(),
        pairs.len() - same
    );
    assert_eq!(fp, 0, "no two different statements are joined");
    assert!(recall >= 0.9, "recall {recall:.2}");
}

#[test]
fn a_statement_is_its_own_printing() {
    for (_, _, a, b) in pairs() {
        assert!(same_statement(&a, &a));
        assert!(same_statement(&b, &b));
    }
}

#[test]
fn fingerprints_are_shared_by_a_trimmed_printing() {
    let long = statement(
        "A | - | DE | We will stand with Ukraine for as long as it takes, and our support is not up for negotiation.",
    );
    let short = statement(
        "A | - | DE | with Ukraine for as long as it takes, and our support is not up for negotiation",
    );
    let (fl, fs) = (fingerprints(&long), fingerprints(&short));
    assert!(fs.iter().any(|f| fl.contains(f)));
    let other = statement(
        "A | - | FR | with Ukraine for as long as it takes, and our support is not up for negotiation",
    );
    assert!(!fingerprints(&other).iter().any(|f| fs.contains(f)));
}
