//! End-to-end tests of the HTTP interactions endpoint: the real `positions serve --http` process
//! on a loopback port, signed with a key pair made in each test, as Discord would sign. Command
//! registration goes to the loopback Discord stand-in, which also builds the interaction payloads.

mod support;

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use positions::model::{statement_id, Article, Kind, Speaker, Statement};
use support::bot::Bot;
use support::discord::StandIn;

const WAIT: Duration = Duration::from_secs(15);
const MAX_BODY: usize = 1 << 20;

// ----- a small store ----------------------------------------------------------------------

/// The words Friedrich Merz says in the test store, in order: seven, so his answer has two pages.
const MERZ: [&str; 7] = [
    "Germany will commit itself politically, economically and militarily.",
    "German troops could join the multinational force once a ceasefire is reached.",
    "We will not leave Ukraine alone with this.",
    "Security guarantees must be credible and binding.",
    "Germany stands ready to finance air defence for the coming winter.",
    "Europe has to carry more of its own defence.",
    "The coalition of the willing will meet again in spring.",
];

fn statement(
    article: &str,
    paragraph: u32,
    text: &str,
    who: &str,
    role: &str,
    entity: &str,
) -> Statement {
    Statement {
        id: statement_id(article, text, paragraph).into(),
        text: text.into(),
        kind: Kind::Direct,
        speaker: Speaker {
            name: who.into(),
            role: Some(role.into()),
        },
        entity: Some(entity.to_string()),
        mentions: Vec::new(),
        article: article.to_string(),
        paragraph,
    }
}

/// Writes one article of `(text, speaker, role, entity)` statements into `dir`'s store.
fn write_article(dir: &Path, id: &str, said: &[(&str, &str, &str, &str)]) {
    write_article_of(dir, id, "2026-01-07", said);
}

/// The same, for an article published on `published` (YYYY-MM-DD).
fn write_article_of(dir: &Path, id: &str, published: &str, said: &[(&str, &str, &str, &str)]) {
    let body: String = said.iter().map(|s| format!("{}\n", s.0)).collect();
    let statements: Vec<Statement> = said
        .iter()
        .enumerate()
        .map(|(i, s)| statement(id, i as u32 + 1, s.0, s.1, s.2, s.3))
        .collect();
    let article = Article {
        id: id.to_string(),
        title: Some(format!("Test article {id}")),
        publisher: Some("Test Wire".to_string()),
        url: Some(format!("https://example.org/{id}")),
        published: Some(published.to_string()),
        language: None,
        fingerprint: positions::store::body_fingerprint(&body),
    };
    positions::store::write_article(dir, &article, &body, &statements).expect("write article");
}

/// A data folder with the project's gazetteer and one article of statements by Merz and Starmer.
fn test_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in ["entities.json", "people.json"] {
        std::fs::copy(
            support::bot::project_data().join(file),
            dir.path().join(file),
        )
        .expect("copy gazetteer");
    }
    let mut said: Vec<(&str, &str, &str, &str)> = MERZ
        .iter()
        .map(|t| (*t, "Friedrich Merz", "Chancellor of Germany", "DE"))
        .collect();
    said.push((
        "The hardest steps are still ahead of us.",
        "Keir Starmer",
        "Prime Minister of the United Kingdom",
        "GB",
    ));
    write_article(dir.path(), "summit", &said);
    dir
}

// ----- the endpoint process ---------------------------------------------------------------

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// What the endpoint answered.
#[derive(Debug)]
struct Answer {
    status: u16,
    content_type: Option<String>,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
}

/// A running `positions serve --http 127.0.0.1:0`, and the key Discord would sign with.
struct Endpoint {
    bot: Bot,
    addr: String,
    key: SigningKey,
    client: reqwest::Client,
}

impl Endpoint {
    async fn start(
        standin: &StandIn,
        data: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Endpoint {
        let key = SigningKey::generate(&mut rand_core::OsRng);
        let public = hex(&key.verifying_key().to_bytes());
        let mut all_env = vec![("DISCORD_PUBLIC_KEY", public.as_str())];
        all_env.extend_from_slice(env);
        let mut all_args = vec!["--http", "127.0.0.1:0"];
        all_args.extend_from_slice(args);
        let mut bot = Bot::start_with_args(standin, data, &all_env, &all_args);
        let addr = listening_address(&mut bot).await;
        Endpoint {
            bot,
            addr,
            key,
            client: reqwest::Client::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn sign(&self, timestamp: &str, body: &[u8]) -> String {
        hex(&self
            .key
            .sign(&[timestamp.as_bytes(), body].concat())
            .to_bytes())
    }

    /// POSTs `body` to `/interactions` with exactly these headers.
    async fn post(&self, body: Vec<u8>, headers: &[(&str, String)]) -> Answer {
        let mut req = self
            .client
            .post(self.url("/interactions"))
            .header("content-type", "application/json")
            .body(body);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        let res = req.send().await.expect("the endpoint answers");
        Answer {
            status: res.status().as_u16(),
            content_type: res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            body: res.text().await.expect("response body"),
        }
    }

    /// The headers Discord would send with `body` at `timestamp`.
    fn signed_headers(&self, timestamp: u64, body: &[u8]) -> Vec<(&'static str, String)> {
        let ts = timestamp.to_string();
        vec![
            ("x-signature-ed25519", self.sign(&ts, body)),
            ("x-signature-timestamp", ts),
        ]
    }

    /// POSTs `body` signed now, as Discord does.
    async fn post_signed(&self, body: &[u8]) -> Answer {
        let headers = self.signed_headers(unix_now(), body);
        self.post(body.to_vec(), &headers).await
    }

    async fn interaction(&self, payload: &Value) -> Answer {
        self.post_signed(payload.to_string().as_bytes()).await
    }
}

/// Waits for the endpoint to announce `event` on stdout; fails with the log if it exits first.
async fn wait_event(bot: &mut Bot, event: &str) -> Value {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(v) = bot.events(event).pop() {
            return v;
        }
        assert!(bot.running(), "the endpoint exited:\n{}", bot.output());
        assert!(
            Instant::now() < deadline,
            "no {event:?} announced in time:\n{}",
            bot.output()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The bound address (host:port), from the `ready` announcement.
async fn listening_address(bot: &mut Bot) -> String {
    let ready = wait_event(bot, "ready").await;
    ready["address"]
        .as_str()
        .and_then(|a| a.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no address in {ready}"))
        .to_string()
}

/// The stand-in, a test store and an endpoint serving it.
async fn started() -> (StandIn, tempfile::TempDir, Endpoint) {
    let standin = StandIn::start().await;
    let data = test_store();
    let endpoint = Endpoint::start(&standin, data.path(), &[], &[]).await;
    (standin, data, endpoint)
}

fn ping() -> Value {
    json!({
        "id": "1300000000000000900",
        "application_id": support::discord::APP_ID.to_string(),
        "token": "ping-token",
        "type": 1,
        "version": 1,
        "user": {"id": "1300000000000000400", "username": "discord", "discriminator": "0"},
        "entitlements": []
    })
}

fn embed(reply: &Value) -> &Value {
    &reply["data"]["embeds"][0]
}

// ----- tests ------------------------------------------------------------------------------

#[tokio::test]
async fn a_signed_ping_gets_a_json_pong_and_healthz_answers() {
    let (_standin, _data, endpoint) = started().await;
    let answer = endpoint.interaction(&ping()).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    assert_eq!(answer.json(), json!({"type": 1}));
    let health = reqwest::get(endpoint.url("/healthz"))
        .await
        .expect("healthz");
    assert_eq!(health.status().as_u16(), 200);
    // The interactions route takes only POST; other paths do not exist.
    let get = reqwest::get(endpoint.url("/interactions"))
        .await
        .expect("get");
    assert_eq!(get.status().as_u16(), 405);
    let other = endpoint
        .client
        .post(endpoint.url("/admin"))
        .send()
        .await
        .expect("post");
    assert_eq!(other.status().as_u16(), 404);
}

#[tokio::test]
async fn position_germany_is_answered_in_the_response_body() {
    let (standin, _data, endpoint) = started().await;
    let (payload, _) =
        standin.command_interaction("position", json!([StandIn::option("who", "germany")]));
    let answer = endpoint.interaction(&payload).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let reply = answer.json();
    assert_eq!(reply["type"], 4, "{reply}");
    assert_eq!(reply["data"]["allowed_mentions"]["parse"], json!([]));
    let e = embed(&reply);
    assert!(
        e["title"].as_str().unwrap_or_default().contains("Germany"),
        "{e}"
    );
    assert!(
        e["fields"][0]["name"]
            .as_str()
            .unwrap_or_default()
            .contains("Friedrich Merz"),
        "{e}"
    );
    assert!(e.to_string().contains(MERZ[0]), "{e}");
    assert!(
        reply["data"].get("flags").is_none(),
        "a found answer is public"
    );
    // Nothing went to Discord's REST API for it: the answer is the response.
    assert!(standin.recorded_matching("POST /interactions").is_empty());
}

#[tokio::test]
async fn the_endpoint_and_the_gateway_give_the_same_replies() {
    let (standin, data, endpoint) = started().await;
    let _gateway = Bot::start(&standin, data.path(), &[]);
    standin.wait_ready(WAIT).await;
    let questions = [
        ("position", json!([StandIn::option("who", "Merz")])),
        ("position", json!([StandIn::option("who", "Atlantis")])),
        (
            "compare",
            json!([
                StandIn::option("first", "germany"),
                StandIn::option("second", "uk")
            ]),
        ),
        ("help", json!([])),
    ];
    for (name, options) in questions {
        let (payload, id) = standin.command_interaction(name, options);
        let over_http = endpoint.interaction(&payload).await.json();
        standin.send_interaction(payload).await;
        let over_gateway = standin.wait_callback(&id, WAIT).await;
        assert_eq!(over_http, over_gateway, "/{name}");
    }
}

#[tokio::test]
async fn autocomplete_offers_germany_for_ger() {
    let (standin, _data, endpoint) = started().await;
    let (payload, _) = standin
        .autocomplete_interaction("position", json!([StandIn::focused_option("who", "ger")]));
    let answer = endpoint.interaction(&payload).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let reply = answer.json();
    assert_eq!(reply["type"], 8, "{reply}");
    let choices = reply["data"]["choices"].as_array().expect("choices");
    assert!(!choices.is_empty() && choices.len() <= 25);
    assert_eq!(choices[0]["value"], "Germany", "{choices:?}");
}

#[tokio::test]
async fn a_button_press_turns_the_page() {
    let (standin, _data, endpoint) = started().await;
    let (payload, _) =
        standin.command_interaction("position", json!([StandIn::option("who", "Merz")]));
    let first = endpoint.interaction(&payload).await.json();
    let footer = embed(&first)["footer"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(footer.contains("Page 1 of 2"), "{footer}");
    let next = first["data"]["components"][0]["components"][1]["custom_id"]
        .as_str()
        .expect("a next button")
        .to_string();
    let (press, _) = standin.component_interaction(&next, first["data"].clone());
    let answer = endpoint.interaction(&press).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let second = answer.json();
    assert_eq!(
        second["type"], 7,
        "a page turn updates the message: {second}"
    );
    assert!(embed(&second)["footer"]["text"]
        .as_str()
        .unwrap_or_default()
        .contains("Page 2 of 2"));
    assert!(embed(&second).to_string().contains(MERZ[5]), "{second}");
    assert_ne!(embed(&first)["fields"], embed(&second)["fields"]);
}

#[tokio::test]
async fn bad_missing_or_foreign_signatures_get_401() {
    let (standin, _data, mut endpoint) = started().await;
    let (payload, _) =
        standin.command_interaction("position", json!([StandIn::option("who", "germany")]));
    let body = payload.to_string().into_bytes();
    let now = unix_now();
    let good = endpoint.signed_headers(now, &body);
    let stranger = SigningKey::generate(&mut rand_core::OsRng);
    let ts = now.to_string();
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("no headers", vec![]),
        ("no signature", vec![good[1].clone()]),
        ("no timestamp", vec![good[0].clone()]),
        (
            "garbage signature",
            vec![("x-signature-ed25519", "not-hex".into()), good[1].clone()],
        ),
        (
            "zero signature",
            vec![("x-signature-ed25519", "0".repeat(128)), good[1].clone()],
        ),
        (
            "another key's signature",
            vec![
                (
                    "x-signature-ed25519",
                    hex(&stranger.sign(&[ts.as_bytes(), &body].concat()).to_bytes()),
                ),
                good[1].clone(),
            ],
        ),
        (
            "another timestamp",
            vec![
                good[0].clone(),
                ("x-signature-timestamp", (now - 1).to_string()),
            ],
        ),
    ];
    for (what, headers) in cases {
        let answer = endpoint.post(body.clone(), &headers).await;
        assert_eq!(answer.status, 401, "{what}: {answer:?}");
        assert!(!answer.body.contains("embeds"), "{what}: {answer:?}");
    }
    assert!(endpoint.bot.running());
    // The same request, signed, is answered: the key is right, the requests above were not.
    assert_eq!(endpoint.post(body, &good).await.status, 200);
}

#[tokio::test]
async fn a_tampered_body_gets_401() {
    let (standin, _data, endpoint) = started().await;
    let (payload, _) =
        standin.command_interaction("position", json!([StandIn::option("who", "germany")]));
    let body = payload.to_string();
    let headers = endpoint.signed_headers(unix_now(), body.as_bytes());
    let tampered = body.replace("germany", "germanx");
    assert_ne!(tampered, body);
    let answer = endpoint.post(tampered.into_bytes(), &headers).await;
    assert_eq!(answer.status, 401, "{answer:?}");
    // One byte more is tampering too.
    let answer = endpoint
        .post(format!("{body} ").into_bytes(), &headers)
        .await;
    assert_eq!(answer.status, 401, "{answer:?}");
}

#[tokio::test]
async fn a_signed_request_older_than_five_minutes_is_a_replay() {
    let (_standin, _data, endpoint) = started().await;
    let body = ping().to_string().into_bytes();
    for (age, status) in [(600_i64, 401), (-600, 401), (30, 200)] {
        let ts = (unix_now() as i64 - age) as u64;
        let headers = endpoint.signed_headers(ts, &body);
        let answer = endpoint.post(body.clone(), &headers).await;
        assert_eq!(answer.status, status, "signed {age} s ago: {answer:?}");
    }
}

#[tokio::test]
async fn a_body_over_one_mib_gets_413() {
    let (_standin, _data, mut endpoint) = started().await;
    let mut big = ping();
    big["padding"] = json!("x".repeat(MAX_BODY));
    let body = big.to_string().into_bytes();
    assert!(body.len() > MAX_BODY);
    let answer = endpoint.post_signed(&body).await;
    assert_eq!(
        answer.status,
        413,
        "{}",
        answer.body.chars().take(200).collect::<String>()
    );
    // Just under the limit is read (and answered).
    let mut fits = ping();
    let room = MAX_BODY - fits.to_string().len() - r#","padding":"""#.len() - 1;
    fits["padding"] = json!("x".repeat(room));
    let body = fits.to_string().into_bytes();
    assert!(body.len() <= MAX_BODY);
    assert_eq!(endpoint.post_signed(&body).await.status, 200);
    assert!(endpoint.bot.running());
}

#[tokio::test]
async fn signed_malformed_json_or_an_unknown_type_gets_400() {
    let (standin, _data, mut endpoint) = started().await;
    let mut unknown = ping();
    unknown["type"] = json!(42);
    let (mut no_token, _) = standin.command_interaction("help", json!([]));
    if let Some(o) = no_token.as_object_mut() {
        o.remove("token");
    }
    let bodies = [
        ("malformed JSON", b"{\"type\": 1,".to_vec()),
        ("not an object", b"[1]".to_vec()),
        ("empty", Vec::new()),
        ("unknown type", unknown.to_string().into_bytes()),
        ("missing fields", no_token.to_string().into_bytes()),
    ];
    for (what, body) in bodies {
        let answer = endpoint.post_signed(&body).await;
        assert_eq!(answer.status, 400, "{what}: {answer:?}");
    }
    assert!(endpoint.bot.running());
    assert_eq!(endpoint.interaction(&ping()).await.status, 200);
}

#[tokio::test]
async fn commands_are_registered_over_rest_without_the_gateway() {
    let (standin, _data, endpoint) = started().await;
    let put = standin.wait_commands_put(WAIT).await;
    assert!(put.ok(), "{put:?}");
    assert_eq!(
        put.body.as_array().map(Vec::len),
        Some(positions::shell::commands::COMMANDS.len()),
        "every command of the table"
    );
    assert_eq!(
        standin
            .recorded_matching("GET /oauth2/applications/@me")
            .len(),
        1
    );
    assert_eq!(endpoint.interaction(&ping()).await.status, 200);
    assert_eq!(
        standin.connection_count(),
        0,
        "the endpoint must not open the gateway"
    );
    assert!(standin.recorded_matching("GET /gateway").is_empty());
}

#[tokio::test]
async fn no_register_needs_no_token_and_calls_no_one() {
    let standin = StandIn::start().await;
    let data = test_store();
    let mut endpoint = Endpoint::start(
        &standin,
        data.path(),
        &["--no-register"],
        &[("DISCORD_TOKEN", "")],
    )
    .await;
    // The endpoint says at start whether it registers: registration is the only call it makes.
    let ready = wait_event(&mut endpoint.bot, "ready").await;
    assert_eq!(ready["registering"], false, "{ready}");
    assert_eq!(endpoint.interaction(&ping()).await.status, 200);
    assert!(standin.recorded().is_empty(), "{:?}", standin.recorded());
}

#[tokio::test]
async fn a_new_article_on_disk_is_applied_in_place() {
    let (standin, data, mut endpoint) = started().await;
    let ask_spain = || {
        let (payload, _) =
            standin.command_interaction("position", json!([StandIn::option("who", "spain")]));
        payload
    };
    let before = endpoint.interaction(&ask_spain()).await.json();
    assert!(!before.to_string().contains("Pedro Sánchez"), "{before}");
    write_article(
        data.path(),
        "madrid",
        &[(
            "Spain will take part in the monitoring mission.",
            "Pedro Sánchez",
            "Prime Minister of Spain",
            "ES",
        )],
    );
    let deadline = Instant::now() + WAIT;
    loop {
        let now = endpoint.interaction(&ask_spain()).await.json();
        if now
            .to_string()
            .contains("Spain will take part in the monitoring mission.")
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not answered: {now}\n{}",
            endpoint.bot.output()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Added to the index in place, not by building it again.
    let applied = wait_event(&mut endpoint.bot, "applied").await;
    assert_eq!(applied["changes"], 1, "{applied}");
    assert!(endpoint.bot.events("reloaded").is_empty());
}

#[tokio::test]
async fn sigterm_lets_a_request_in_flight_finish_then_exits_zero() {
    let (_standin, _data, mut endpoint) = started().await;
    let body = ping().to_string().into_bytes();
    let headers = endpoint.signed_headers(unix_now(), &body);
    let mut head = format!(
        "POST /interactions HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        endpoint.addr,
        body.len()
    );
    for (k, v) in &headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut socket = tokio::net::TcpStream::connect(&endpoint.addr)
        .await
        .expect("connect");
    let (first, rest) = body.split_at(body.len() / 2);
    socket.write_all(head.as_bytes()).await.expect("write head");
    socket.write_all(first).await.expect("write half the body");
    tokio::time::sleep(Duration::from_millis(300)).await;
    endpoint.bot.signal(15);
    // The endpoint announces that it is stopping, then closes its listener: new connections are
    // refused from then on, while the request in flight keeps the process running.
    wait_event(&mut endpoint.bot, "stopping").await;
    let deadline = Instant::now() + WAIT;
    while tokio::net::TcpStream::connect(&endpoint.addr).await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "still accepting connections after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        endpoint.bot.running(),
        "the request in flight is waited for"
    );
    socket
        .write_all(rest)
        .await
        .expect("write the rest of the body");
    let mut response = Vec::new();
    let _ = tokio::time::timeout(WAIT, socket.read_to_end(&mut response)).await;
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with(r#"{"type":1}"#), "{response}");
    let status = endpoint
        .bot
        .wait_exit(WAIT)
        .expect("the endpoint exits after SIGTERM");
    assert!(
        status.success(),
        "exit status {status:?}: {}",
        endpoint.bot.output()
    );
}

#[tokio::test]
async fn a_missing_or_malformed_public_key_exits_2_with_one_line() {
    let cases = [
        (None, "127.0.0.1:0", "DISCORD_PUBLIC_KEY"),
        (Some("abc123"), "127.0.0.1:0", "DISCORD_PUBLIC_KEY"),
        (
            Some(&"g".repeat(64)[..]),
            "127.0.0.1:0",
            "DISCORD_PUBLIC_KEY",
        ),
        (None, "not-an-address", "--http"),
    ];
    for (key, addr, named) in cases {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_positions"));
        cmd.args(["serve", "--http", addr])
            .env_clear()
            .env("DISCORD_TOKEN", support::bot::TOKEN)
            .env("POSITIONS_DATA", support::bot::project_data());
        if let Some(k) = key {
            cmd.env("DISCORD_PUBLIC_KEY", k);
        }
        let out = cmd.output().expect("run positions");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(2), "{key:?} {addr}: {text}");
        assert_eq!(text.trim().lines().count(), 1, "{text}");
        assert!(text.contains(named), "{text}");
    }
}

#[tokio::test]
async fn the_follow_commands_are_left_to_the_gateway_with_a_note() {
    let (standin, data, endpoint) = started().await;
    for name in ["follow", "unfollow", "following"] {
        let options = match name {
            "following" => Value::Null,
            _ => json!([StandIn::option("who", "germany")]),
        };
        let (payload, _) = standin.command_interaction(name, options);
        let reply = endpoint.interaction(&payload).await.json();
        assert_eq!(reply["data"]["flags"], 64, "{reply}");
        let text = reply["data"]["content"].as_str().unwrap_or_default();
        assert!(
            text.contains(&format!("/{name} is served by the bot's gateway process")),
            "{text}"
        );
    }
    assert!(
        !data.path().join("follows.jsonl").exists(),
        "the endpoint stores no follow"
    );
}

/// One metric line of a scrape, by its name and labels as printed (`name{labels}`), read as a
/// number; None when the scrape does not have it.
fn metric(scrape: &str, series: &str) -> Option<f64> {
    scrape.lines().find_map(|line| {
        let value = line.strip_prefix(series)?.strip_prefix(' ')?;
        value.trim().parse().ok()
    })
}

#[tokio::test]
async fn metrics_count_interactions_answer_times_and_the_index() {
    let (standin, data, endpoint) = started().await;
    let (payload, _) =
        standin.command_interaction("position", json!([StandIn::option("who", "germany")]));
    assert_eq!(endpoint.interaction(&payload).await.status, 200);
    let (payload, _) =
        standin.command_interaction("position", json!([StandIn::option("who", "Atlantis")]));
    assert_eq!(endpoint.interaction(&payload).await.status, 200);
    let unsigned = endpoint.post(ping().to_string().into_bytes(), &[]).await;
    assert_eq!(unsigned.status, 401);

    // Unsigned: Prometheus scrapes it as it is, and it answers nothing but counts.
    let res = reqwest::get(endpoint.url("/metrics"))
        .await
        .expect("the endpoint serves /metrics");
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let scrape = res.text().await.expect("scrape body");
    let count = |series: &str| {
        metric(&scrape, series).unwrap_or_else(|| panic!("no {series} in:\n{scrape}"))
    };
    assert_eq!(
        count(r#"positions_interactions_total{command="position",outcome="found"}"#),
        1.0
    );
    assert_eq!(
        count(r#"positions_interactions_total{command="position",outcome="not_found"}"#),
        1.0
    );
    assert_eq!(
        count(r#"positions_interactions_total{command="none",outcome="unauthorized"}"#),
        1.0
    );
    assert_eq!(
        count(r#"positions_answer_seconds_count{command="position"}"#),
        2.0
    );
    assert_eq!(
        count(r#"positions_answer_seconds_bucket{command="position",le="+Inf"}"#),
        2.0
    );
    assert!(
        scrape.contains("# TYPE positions_answer_seconds histogram"),
        "{scrape}"
    );
    let index = positions::app::load(data.path()).expect("the test store loads");
    assert_eq!(count("positions_index_statements"), index.len() as f64);
    assert_eq!(
        count("positions_index_articles"),
        index.articles().len() as f64
    );
    assert_eq!((index.len(), index.articles().len()), (8, 1));
}

#[tokio::test]
async fn a_timeline_with_a_chart_is_deferred_then_edited_with_the_png() {
    let standin = StandIn::start().await;
    let data = test_store();
    // Germany spoke in December too: its timeline spans two months, so it has a chart.
    write_article_of(
        data.path(),
        "december",
        "2025-12-12",
        &[(
            "Germany will keep its embassy in Kyiv open through the winter.",
            "Friedrich Merz",
            "Chancellor of Germany",
            "DE",
        )],
    );
    let endpoint = Endpoint::start(&standin, data.path(), &[], &[]).await;
    let (payload, id) =
        standin.command_interaction("timeline", json!([StandIn::option("who", "germany")]));
    let token = payload["token"].as_str().expect("a token").to_string();
    standin.expect_http_interaction(&payload);
    let deferred = endpoint.interaction(&payload).await;
    assert_eq!(deferred.status, 200, "{deferred:?}");
    assert_eq!(deferred.content_type.as_deref(), Some("application/json"));
    let deferred = deferred.json();
    assert_eq!(deferred["type"], 5, "a deferred response: {deferred}");
    assert!(
        deferred["data"].get("flags").is_none(),
        "a timeline is public: {deferred}"
    );
    assert_eq!(standin.take_http_response(&id, &deferred), 204);

    let original = format!(
        "/api/v10/webhooks/{}/{token}/messages/@original",
        support::discord::APP_ID
    );
    let edit = standin
        .wait_request(WAIT, "the edit of @original with the chart", |r| {
            r.method == "PATCH" && r.path == original && r.ok()
        })
        .await;
    assert_eq!(edit.files.len(), 1, "{edit:?}");
    let chart = &edit.files[0];
    assert_eq!(chart.field, "files[0]");
    assert_eq!(chart.filename, "timeline.png");
    assert_eq!(&chart.bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let e = &edit.body["embeds"][0];
    let title = e["title"].as_str().unwrap_or_default();
    assert!(title.contains("Germany over time"), "{e}");
    assert!(title.contains("Dec 2025: 1"), "{e}");
    assert_eq!(e["image"]["url"], "attachment://timeline.png", "{e}");
    assert_eq!(edit.body["attachments"][0]["filename"], "timeline.png");
    assert_eq!(edit.body["allowed_mentions"]["parse"], json!([]));
    // What the user sees: the message with the chart, no longer "thinking…".
    let message = standin.original_message(&id).expect("the original message");
    assert_eq!(message["attachments"][0]["filename"], "timeline.png");
    assert_eq!(message["flags"].as_u64().unwrap_or(0) & 128, 0, "{message}");
}

// ----- replicas on one database -------------------------------------------------------------

/// Runs `positions` with the store in the database at `url`; panics with its output on failure.
fn positions_with_database(data: &Path, url: &str, args: &[&str]) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_positions"))
        .args(args)
        .env("POSITIONS_DATA", data)
        .env("POSITIONS_DATABASE_URL", url)
        .output()
        .expect("run positions");
    assert!(
        o.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Writes an article file in which `who` (a Spanish speaker) says `words`, for `ingest`.
fn spanish_article(dir: &Path, name: &str, words: &str) -> std::path::PathBuf {
    let path = dir.join(format!("{name}.md"));
    std::fs::write(
        &path,
        format!(
            "---\ntitle: {name}\npublished: 2026-02-01\nurl: https://example.org/{name}\n---\nSpanish Prime Minister Pedro Sánchez said on Sunday: \"{words}\"\n"
        ),
    )
    .expect("write the article file");
    path
}

/// Asks `endpoint` about Spain until the reply holds `words`; how long it took, or a failure
/// with the log after `within`.
async fn wait_spain(
    standin: &StandIn,
    endpoint: &Endpoint,
    words: &str,
    within: Duration,
) -> Duration {
    let started = Instant::now();
    loop {
        let (payload, _) =
            standin.command_interaction("position", json!([StandIn::option("who", "spain")]));
        let reply = endpoint.interaction(&payload).await.json();
        if reply.to_string().contains(words) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "not answered within {within:?}: {reply}\n{}",
            endpoint.bot.output()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn two_replicas_on_one_database_answer_an_ingested_article_and_a_restarted_one_catches_up() {
    let Some(url) = support::database::fresh("replicas") else {
        return;
    };
    let standin = StandIn::start().await;
    let original = test_store();
    let from = original.path().to_string_lossy().to_string();
    positions_with_database(
        original.path(),
        &url,
        &["store", "copy", "--from", &from, "--to", &url],
    );
    // Each replica has a data folder of its own: the gazetteer and its index snapshot.
    let (a_data, b_data, files) = (test_store(), test_store(), test_store());
    for dir in [a_data.path(), b_data.path()] {
        std::fs::remove_dir_all(dir.join("articles")).expect("only the gazetteer");
    }
    let env = [("POSITIONS_DATABASE_URL", url.as_str())];
    let a = Endpoint::start(&standin, a_data.path(), &["--no-register"], &env).await;
    let mut b = Endpoint::start(&standin, b_data.path(), &["--no-register"], &env).await;
    wait_event(&mut b.bot, "snapshot").await;

    let first = "Spain will take part in the monitoring mission.";
    let file = spanish_article(files.path(), "madrid", first);
    positions_with_database(files.path(), &url, &["ingest", &file.to_string_lossy()]);
    // Both answer it, from the change log, within a second of the ingest's end.
    let (in_a, in_b) = tokio::join!(
        wait_spain(&standin, &a, first, Duration::from_secs(1)),
        wait_spain(&standin, &b, first, Duration::from_secs(1)),
    );
    eprintln!("answered by the replicas after {in_a:?} and {in_b:?}");

    // One replica stops; an article comes while it is away; it starts from its snapshot and
    // catches up from the change number saved in it, without a rebuild.
    b.bot.signal(15);
    assert!(b.bot.wait_exit(WAIT).is_some_and(|s| s.success()));
    let second = "Spain will send engineers to rebuild the bridges.";
    let file = spanish_article(files.path(), "bridges", second);
    positions_with_database(files.path(), &url, &["ingest", &file.to_string_lossy()]);
    wait_spain(&standin, &a, second, WAIT).await;
    let mut b = Endpoint::start(&standin, b_data.path(), &["--no-register"], &env).await;
    let loaded = wait_event(&mut b.bot, "loaded").await;
    assert_eq!(loaded["from_snapshot"], true, "{loaded}");
    wait_spain(&standin, &b, second, WAIT).await;
    wait_spain(&standin, &b, first, WAIT).await;
    assert!(b.bot.events("reloaded").is_empty(), "{}", b.bot.output());
}

/// Runs SQL on the test server's own database (not the test's), on a thread of its own.
fn admin_sql(sql: &str) {
    let base = std::env::var("POSITIONS_TEST_DATABASE_URL").expect("a test server");
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut admin =
                postgres::Client::connect(&base, postgres::NoTls).expect("the test server");
            admin.batch_execute(sql).expect("admin SQL");
        });
    });
}

#[tokio::test]
async fn a_database_outage_leaves_a_replica_answering_from_memory_then_it_catches_up() {
    let Some(url) = support::database::fresh("outage") else {
        return;
    };
    let db = url.rsplit('/').next().unwrap_or_default().to_string();
    let standin = StandIn::start().await;
    let original = test_store();
    let from = original.path().to_string_lossy().to_string();
    positions_with_database(
        original.path(),
        &url,
        &["store", "copy", "--from", &from, "--to", &url],
    );
    let (data, files) = (test_store(), test_store());
    std::fs::remove_dir_all(data.path().join("articles")).expect("only the gazetteer");
    let env = [("POSITIONS_DATABASE_URL", url.as_str())];
    let a = Endpoint::start(&standin, data.path(), &["--no-register"], &env).await;
    let merz = "We will not leave Ukraine alone with this.";
    let ask_germany = || {
        standin
            .command_interaction("position", json!([StandIn::option("who", "germany")]))
            .0
    };
    assert!(a.interaction(&ask_germany()).await.body.contains(merz));

    // The database refuses connections and drops the replica's.
    admin_sql(&format!(
        "ALTER DATABASE {db} ALLOW_CONNECTIONS false;
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}';"
    ));
    let stopped = "notifications from the database stopped";
    let deadline = Instant::now() + WAIT;
    while !a.bot.output().contains(stopped) {
        assert!(Instant::now() < deadline, "{}", a.bot.output());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Answers from memory for five seconds of outage (past two of its 2 s looks).
    let outage = Instant::now();
    while outage.elapsed() < Duration::from_secs(5) {
        let reply = a.interaction(&ask_germany()).await;
        assert_eq!(reply.status, 200);
        assert!(reply.body.contains(merz), "{}", reply.body);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let log = a.bot.output();
    assert_eq!(log.matches(stopped).count(), 1, "{log}");
    assert!(
        log.matches("still answering from the index in memory")
            .count()
            <= 1,
        "{log}"
    );

    admin_sql(&format!("ALTER DATABASE {db} ALLOW_CONNECTIONS true;"));
    let words = "Spain will send engineers to rebuild the bridges.";
    let file = spanish_article(files.path(), "bridges", words);
    positions_with_database(files.path(), &url, &["ingest", &file.to_string_lossy()]);
    wait_spain(&standin, &a, words, WAIT).await;
}

#[tokio::test]
async fn a_database_restarted_under_a_replica_is_caught_up_with_when_it_is_back() {
    let Some(url) = support::database::fresh("restart") else {
        return;
    };
    let standin = StandIn::start().await;
    let original = test_store();
    let from = original.path().to_string_lossy().to_string();
    positions_with_database(
        original.path(),
        &url,
        &["store", "copy", "--from", &from, "--to", &url],
    );
    // The replica reaches the database through a proxy the test cuts: every connection dropped
    // and new ones refused, as while a server restarts.
    let proxy = support::proxy::Proxy::start(support::proxy::target(&url));
    let through = proxy.url_through(&url);
    let (data, files) = (test_store(), test_store());
    std::fs::remove_dir_all(data.path().join("articles")).expect("only the gazetteer");
    let env = [("POSITIONS_DATABASE_URL", through.as_str())];
    let a = Endpoint::start(&standin, data.path(), &["--no-register"], &env).await;
    let merz = "We will not leave Ukraine alone with this.";
    let ask_germany = || {
        standin
            .command_interaction("position", json!([StandIn::option("who", "germany")]))
            .0
    };
    assert!(a.interaction(&ask_germany()).await.body.contains(merz));

    proxy.cut();
    let stopped = "notifications from the database stopped";
    let from_memory = "still answering from the index in memory";
    // An article stored while the replica cannot reach the database.
    let words = "Spain will rebuild the harbour of the island.";
    let file = spanish_article(files.path(), "harbour", words);
    positions_with_database(files.path(), &url, &["ingest", &file.to_string_lossy()]);
    // The replica notices (its listener and its poll both fail) and answers from memory.
    let deadline = Instant::now() + WAIT;
    while !(a.bot.output().contains(stopped) && a.bot.output().contains(from_memory)) {
        assert!(Instant::now() < deadline, "{}", a.bot.output());
        let reply = a.interaction(&ask_germany()).await;
        assert_eq!(reply.status, 200);
        assert!(reply.body.contains(merz), "{}", reply.body);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (payload, _) =
        standin.command_interaction("position", json!([StandIn::option("who", "spain")]));
    let reply = a.interaction(&payload).await;
    assert_eq!(reply.status, 200);
    assert!(!reply.body.contains(words), "{}", reply.body);

    // Back: the replica catches up with what was stored meanwhile, having said so once.
    proxy.restore();
    wait_spain(&standin, &a, words, WAIT).await;
    assert!(a.interaction(&ask_germany()).await.body.contains(merz));
    let log = a.bot.output();
    assert_eq!(log.matches(stopped).count(), 1, "{log}");
    assert_eq!(log.matches(from_memory).count(), 1, "{log}");
    assert!(
        a.bot.events("reloaded").is_empty(),
        "caught up in place, not rebuilt: {log}"
    );
}
