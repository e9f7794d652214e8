//! The endpoint's decisions without HTTP: what is refused (401), what is unreadable (400), and
//! that a verified PING gets a PONG. The end-to-end tests in tests/http_endpoint.rs cover the rest.

use std::path::Path;
use std::sync::Arc;

use ed25519_dalek::{Signer, SigningKey};
use serde_json::json;

use super::*;
use crate::entities::Gazetteer;
use crate::index::Index;
use crate::store::Store;

const NOW: u64 = 1_767_225_600;

fn endpoint() -> (Endpoint, SigningKey) {
    let key = SigningKey::generate(&mut rand_core::OsRng);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let gazetteer = Gazetteer::load(&data).expect("gazetteer");
    let live = Arc::new(LiveIndex::new(
        data,
        Index::build(gazetteer, Store::default()),
    ));
    let endpoint = Endpoint::new(key.verifying_key().to_bytes(), live).expect("valid key");
    (endpoint, key)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sign(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
    let message = [timestamp.as_bytes(), body].concat();
    hex(&key.sign(&message).to_bytes())
}

/// The JSON body of a 200.
fn reply_json(out: Outcome) -> serde_json::Value {
    match out {
        Outcome::Reply(body) => serde_json::from_slice(&body).expect("JSON"),
        other => panic!("not a reply: {other:?}"),
    }
}

fn ping() -> Vec<u8> {
    json!({"id": "1", "application_id": "2", "token": "t", "version": 1, "type": 1})
        .to_string()
        .into_bytes()
}

#[test]
fn a_signed_ping_gets_a_pong() {
    let (e, key) = endpoint();
    let ts = NOW.to_string();
    let body = ping();
    let out = e.answer(Some(&sign(&key, &ts, &body)), Some(&ts), &body, NOW);
    assert_eq!(reply_json(out), json!({"type": 1}));
}

#[test]
fn unsigned_wrongly_signed_or_tampered_requests_are_refused() {
    let (e, key) = endpoint();
    let other = SigningKey::generate(&mut rand_core::OsRng);
    let ts = NOW.to_string();
    let body = ping();
    let good = sign(&key, &ts, &body);
    let refused = |out: Outcome| matches!(out, Outcome::Unauthorized(_));
    assert!(refused(e.answer(None, Some(&ts), &body, NOW)));
    assert!(refused(e.answer(Some(&good), None, &body, NOW)));
    assert!(refused(e.answer(Some("zz"), Some(&ts), &body, NOW)));
    assert!(refused(e.answer(
        Some(&sign(&other, &ts, &body)),
        Some(&ts),
        &body,
        NOW
    )));
    let mut tampered = body.clone();
    tampered[0] = b' ';
    assert!(refused(e.answer(Some(&good), Some(&ts), &tampered, NOW)));
    // The timestamp is part of what is signed.
    let later = (NOW + 1).to_string();
    assert!(refused(e.answer(Some(&good), Some(&later), &body, NOW + 1)));
}

#[test]
fn a_replay_outside_the_clock_window_is_refused() {
    let (e, key) = endpoint();
    let body = ping();
    for (ts, now, ok) in [
        (NOW, NOW + MAX_TIMESTAMP_SKEW_SECS, true),
        (NOW, NOW + MAX_TIMESTAMP_SKEW_SECS + 1, false),
        (NOW + MAX_TIMESTAMP_SKEW_SECS + 1, NOW, false),
    ] {
        let ts = ts.to_string();
        let out = e.answer(Some(&sign(&key, &ts, &body)), Some(&ts), &body, now);
        assert_eq!(
            matches!(out, Outcome::Reply(_)),
            ok,
            "{ts} at {now}: {out:?}"
        );
    }
    assert!(!timestamp_is_fresh("soon", NOW));
    assert!(!timestamp_is_fresh("-5", NOW));
}

#[test]
fn signed_but_unreadable_bodies_are_bad_requests() {
    let (e, key) = endpoint();
    let ts = NOW.to_string();
    let bodies = [
        b"{not json".to_vec(),
        b"[1, 2]".to_vec(),
        json!({"type": 99, "id": "1"}).to_string().into_bytes(),
        json!({"type": 2}).to_string().into_bytes(),
    ];
    for body in bodies {
        let out = e.answer(Some(&sign(&key, &ts, &body)), Some(&ts), &body, NOW);
        assert!(
            matches!(out, Outcome::BadRequest(_)),
            "{}: {out:?}",
            String::from_utf8_lossy(&body)
        );
    }
}

/// An interaction as Discord sends it, of `kind` (without `data`), in a guild, by a member.
fn interaction_base() -> serde_json::Value {
    let user = json!({"id": "10", "username": "reader", "discriminator": "0",
        "global_name": null, "avatar": null});
    let member = json!({"user": user, "roles": ["7"], "joined_at": "2026-01-01T00:00:00+00:00",
        "deaf": false, "mute": false, "flags": 0, "permissions": "32"});
    json!({"id": "1", "application_id": "2", "token": "t", "version": 1,
        "guild_id": "3", "channel_id": "4", "member": member, "locale": "en-GB",
        "guild_locale": "en-US", "app_permissions": "0", "entitlements": [],
        "authorizing_integration_owners": {"0": "3"}, "context": 0,
        "attachment_size_limit": 10485760})
}

/// `/position who:<who>` as Discord sends it, from member `user`.
fn position(who: &str, user: &str) -> Vec<u8> {
    let mut command = interaction_base();
    command["type"] = json!(2);
    command["member"]["user"]["id"] = json!(user);
    command["data"] = json!({"id": "5", "name": "position", "type": 1,
        "options": [{"name": "who", "type": 3, "value": who}]});
    command.to_string().into_bytes()
}

#[test]
fn commands_buttons_and_autocomplete_read_as_serenity_reads_them() {
    let base = interaction_base();
    let user = base["member"]["user"].clone();
    let message = json!({"id": "6", "channel_id": "4", "author": user, "content": "",
        "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": null, "tts": false,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "pinned": false, "type": 0});
    let mut command = base.clone();
    command["type"] = json!(2);
    command["data"] = json!({"id": "5", "name": "position", "type": 1,
        "options": [{"name": "who", "type": 3, "value": "germany"}]});
    let mut autocomplete = command.clone();
    autocomplete["type"] = json!(4);
    autocomplete["data"]["options"][0]["focused"] = json!(true);
    let mut button = base.clone();
    button["type"] = json!(3);
    button["data"] = json!({"custom_id": "page:1", "component_type": 2});
    button["message"] = message;
    let mut ping = base.clone();
    ping["type"] = json!(1);
    let mut unknown = base.clone();
    unknown["type"] = json!(99);
    for (body, readable) in [
        (command, true),
        (autocomplete, true),
        (button, true),
        (ping, true),
        (base, false),
        (unknown, false),
    ] {
        let bytes = body.to_string().into_bytes();
        let ours = read_interaction(&bytes).map(|i| serde_json::to_value(i).unwrap());
        let theirs =
            serde_json::from_slice::<Interaction>(&bytes).map(|i| serde_json::to_value(i).unwrap());
        assert_eq!(ours.is_ok(), readable, "{body}: {ours:?}");
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{body}: ours {a:?}, serenity's {b:?}"),
        }
    }
}

#[test]
fn a_question_asked_again_gets_the_kept_reply_until_the_index_changes() {
    let (e, key) = endpoint();
    let ts = NOW.to_string();
    let ask = |who: &str, user: &str| {
        let body = position(who, user);
        reply_json(e.answer(Some(&sign(&key, &ts, &body)), Some(&ts), &body, NOW))
    };
    let quote = "Germany will stand by its partners for as long as it takes.";
    let first = ask("germany", "10");
    assert!(!first.to_string().contains(quote));
    assert_eq!(e.cache.len(), 1);
    // Another member asking the same question gets the same reply, from the cache.
    assert_eq!(ask("germany", "11"), first);
    assert_eq!(e.cache.len(), 1);
    // Another question is another entry.
    let france = ask("france", "10");
    assert_ne!(france, first);
    assert_eq!(e.cache.len(), 2);
    // An article changes the index: the question is answered from the new index.
    let article = crate::model::Article {
        id: "a1".into(),
        title: Some("Berlin pledges support".into()),
        published: Some("2026-11-30".into()),
        fingerprint: "f1".into(),
        ..Default::default()
    };
    let statement = crate::model::Statement {
        id: "s1".into(),
        text: quote.into(),
        kind: crate::model::Kind::Direct,
        speaker: crate::model::Speaker {
            name: "Friedrich Merz".into(),
            role: Some("Chancellor".into()),
        },
        entity: Some("DE".into()),
        mentions: Vec::new(),
        article: "a1".into(),
        paragraph: 1,
    };
    let applied = e.live.apply(vec![crate::index::Change::Add {
        article,
        statements: vec![statement],
    }]);
    assert_eq!(applied.applied, 1);
    let after = ask("germany", "10");
    assert!(after.to_string().contains(quote), "{after}");
    assert_eq!(e.cache.len(), 1, "the replies of the old index are gone");
    // Turned off, nothing is kept and the answers are the same.
    let (off, key) = endpoint();
    let off = off.with_answer_cache(0);
    let body = position("germany", "10");
    let _ = off.answer(Some(&sign(&key, &ts, &body)), Some(&ts), &body, NOW);
    assert_eq!(off.cache.len(), 0);
}
