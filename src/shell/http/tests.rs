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
    assert_eq!(out, Outcome::Reply(json!({"type": 1})));
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
