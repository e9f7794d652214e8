//! Unit tests of the fetcher's pure parts: Retry-After, the outcome labels, web addresses.

use super::*;

#[test]
fn retry_after_in_seconds_and_as_a_date() {
    let mut h = HeaderMap::new();
    h.insert(header::RETRY_AFTER, HeaderValue::from_static("7"));
    assert_eq!(
        retry_after(&h, SystemTime::now()),
        Some(Duration::from_secs(7))
    );
    let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").unwrap();
    h.insert(
        header::RETRY_AFTER,
        HeaderValue::from_static("Wed, 21 Oct 2026 07:28:30 GMT"),
    );
    assert_eq!(retry_after(&h, now), Some(Duration::from_secs(30)));
    h.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
    assert_eq!(retry_after(&h, now), None);
}

#[test]
fn failures_are_counted_by_kind_never_by_their_text() {
    let private = FetchError::Private {
        host: "intranet.example".into(),
        ip: "10.0.0.1".parse().unwrap(),
    };
    assert_eq!(private.outcome(), "refused");
    assert_eq!(FetchError::Scheme("ftp:".into()).outcome(), "refused");
    assert_eq!(FetchError::Robots.outcome(), "robots");
    assert_eq!(
        FetchError::Status("404 Not Found".into()).outcome(),
        "http_error"
    );
    assert_eq!(
        FetchError::Connect("refused".into()).outcome(),
        "unreachable"
    );
    assert_eq!(FetchError::Other("odd".into()).outcome(), "error");
}

#[test]
fn only_web_addresses() {
    assert!(matches!(
        parse_url("ftp://x.example/a"),
        Err(FetchError::Scheme(_))
    ));
    assert!(matches!(
        parse_url("file:///etc/passwd"),
        Err(FetchError::Scheme(_))
    ));
    assert!(matches!(parse_url("not a url"), Err(FetchError::BadUrl(_))));
    assert!(parse_url("https://example.org/a").is_ok());
}
