//! The fetcher, the one effectful way pages and feeds come in: a User-Agent naming the bot,
//! conditional GET, gzip and brotli, one request at a time per host with a pause between them,
//! robots.txt, retries of 429 and 5xx honouring Retry-After, timeouts, at most 5 redirects and
//! 5 MiB, and no address inside the network unless `POSITIONS_FETCH_ALLOW` allows it (checked
//! after resolution and again on every redirect). It knows nothing of articles or Discord.

/// Pages, feeds and robots.txt asked for by the fetcher, by `outcome` (a `metrics` counter: a
/// no-op unless the shell installed a recorder).
pub const FETCHES: &str = "positions_fetches_total";
/// Feeds polled, by `outcome`.
pub const FEED_POLLS: &str = "positions_feed_polls_total";
/// New feed items whose article was read, by `outcome` (added, already_stored, failed).
pub const FEED_ARTICLES: &str = "positions_feed_articles_total";

pub mod guard;
pub mod pipeline;
mod settings;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url};

pub use guard::{Allow, BadAllow};
pub use settings::Settings;

/// The bot as web servers see it.
pub const USER_AGENT: &str = concat!(
    "positions/",
    env!("CARGO_PKG_VERSION"),
    " (a Discord bot quoting public statements from news articles)"
);
/// The name robots.txt groups are matched against.
pub const ROBOTS_AGENT: &str = "positions";

/// The validators of a response, sent back on the next request for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A page or feed as fetched.
#[derive(Debug, Clone)]
pub struct Response {
    /// Where it was found, after redirects.
    pub url: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub validators: Validators,
}

#[derive(Debug)]
pub enum Fetched {
    Page(Response),
    /// 304: nothing changed since the validators were given.
    NotModified,
}

/// Why a fetch failed; the message is the reason a user reads after the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("not a web address ({0})")]
    BadUrl(String),
    #[error("only http and https addresses are fetched, not {0}")]
    Scheme(String),
    #[error("refused: {}; POSITIONS_FETCH_ALLOW lets a deployment fetch from it", private_place(.host, .ip))]
    Private { host: String, ip: IpAddr },
    #[error("name not resolved: {0}")]
    NotResolved(String),
    #[error("timed out")]
    Timeout,
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("HTTP {0}")]
    Status(String),
    #[error("too large (over {0} MiB)")]
    TooLarge(usize),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("disallowed by robots.txt")]
    Robots,
    #[error("robots.txt answered HTTP {0}: not fetching from this site now")]
    RobotsUnavailable(String),
    #[error("rate limited (HTTP 429): the site asks to wait {0} s")]
    RateLimited(u64),
    #[error("{0}")]
    Other(String),
}

impl FetchError {
    /// The failure as the `outcome` label of `positions_fetches_total`: a few kinds an operator
    /// acts on differently, never the text (which holds addresses).
    pub fn outcome(&self) -> &'static str {
        match self {
            FetchError::BadUrl(_) | FetchError::Scheme(_) | FetchError::Private { .. } => "refused",
            FetchError::Robots => "robots",
            FetchError::RobotsUnavailable(_) => "robots_unavailable",
            FetchError::NotResolved(_) | FetchError::Connect(_) => "unreachable",
            FetchError::Timeout => "timeout",
            FetchError::Status(_) => "http_error",
            FetchError::RateLimited(_) => "rate_limited",
            FetchError::TooLarge(_) => "too_large",
            FetchError::TooManyRedirects(_) => "too_many_redirects",
            FetchError::Other(_) => "error",
        }
    }
}

/// "10.0.0.1 is a private address", "intranet.example resolves to a private address (10.0.0.1)".
fn private_place(host: &str, ip: &IpAddr) -> String {
    let bare = host.trim_matches(['[', ']']);
    if bare.parse::<IpAddr>().is_ok() {
        format!("{bare} is a private address")
    } else {
        format!("{host} resolves to a private address ({ip})")
    }
}

/// What the resolver refuses; found again in reqwest's error chain.
#[derive(Debug, thiserror::Error)]
enum ResolveError {
    #[error("{host} resolves to {ip}")]
    Private { host: String, ip: IpAddr },
    #[error("{0} not resolved")]
    NotResolved(String),
}

/// Resolves names with the system resolver and refuses any answer with an address the guard
/// does not allow: every connection, first request or redirect, goes through it.
struct GuardedResolver {
    allow: Allow,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let allow = self.allow.clone();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|_| ResolveError::NotResolved(host.clone()))?
                .collect();
            if addrs.is_empty() {
                return Err(ResolveError::NotResolved(host).into());
            }
            if !allow.host(&host) {
                if let Some(bad) = addrs.iter().find(|a| !allow.address(a.ip())) {
                    return Err(ResolveError::Private { host, ip: bad.ip() }.into());
                }
            }
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

/// What robots.txt says for one origin.
enum Robots {
    All,
    Rules(Box<texting_robots::Robot>),
}

/// robots.txt of one origin, fetched once (a failed fetch leaves it empty, to try again).
type RobotsCell = Arc<tokio::sync::OnceCell<Robots>>;

/// What pages and feeds are asked for.
const PAGE_ACCEPT: &str = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,*/*;q=0.8";

/// How one fetch asks.
#[derive(Clone, Copy)]
struct Ask<'a> {
    validators: Option<&'a Validators>,
    accept: &'a str,
    /// Whether robots.txt is asked first.
    robots: bool,
}

/// One response read under the host's turn.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// The fetcher: one per process (or per test), shared by reference.
pub struct Fetcher {
    client: reqwest::Client,
    settings: Settings,
    /// Per host: when its last request ended; the async lock makes requests take turns.
    hosts: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Instant>>>>>,
    robots: Mutex<HashMap<String, RobotsCell>>,
}

impl Fetcher {
    pub fn new(settings: Settings) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            // Redirects are followed by `get`, which checks each new address and robots.txt.
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve names itself, out of the guard's sight.
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver {
                allow: settings.allow.clone(),
            }))
            .gzip(true)
            .brotli(true)
            .build()
            .map_err(|e| FetchError::Other(format!("cannot build the HTTP client: {e}")))?;
        Ok(Fetcher {
            client,
            settings,
            hosts: Mutex::default(),
            robots: Mutex::default(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Fetches a page or feed. With validators, a 304 gives `Fetched::NotModified`. Each call
    /// is counted by its outcome (`positions_fetches_total`; a no-op without a recorder).
    pub async fn get(
        &self,
        address: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let ask = Ask {
            validators,
            accept: PAGE_ACCEPT,
            robots: true,
        };
        let result = self.follow(address, ask).await;
        let outcome = match &result {
            Ok(Fetched::Page(_)) => "ok",
            Ok(Fetched::NotModified) => "not_modified",
            Err(e) => e.outcome(),
        };
        metrics::counter!(FETCHES, "outcome" => outcome).increment(1);
        result
    }

    /// Asks a data service (a SPARQL endpoint) for `accept`: the same guard, User-Agent,
    /// timeouts, size limit, retries and redirects as a page, but no robots.txt, which is for
    /// crawlers and not for a query an operator runs. Counted like `get`.
    pub async fn query(&self, address: &str, accept: &str) -> Result<Response, FetchError> {
        let ask = Ask {
            validators: None,
            accept,
            robots: false,
        };
        let result = self.follow(address, ask).await;
        let outcome = match &result {
            Ok(_) => "ok",
            Err(e) => e.outcome(),
        };
        metrics::counter!(FETCHES, "outcome" => outcome).increment(1);
        match result? {
            Fetched::Page(r) => Ok(r),
            Fetched::NotModified => Err(FetchError::Status("304 Not Modified".into())),
        }
    }

    /// The fetch, following redirects.
    async fn follow(&self, address: &str, ask: Ask<'_>) -> Result<Fetched, FetchError> {
        let mut url = parse_url(address)?;
        for _ in 0..=self.settings.max_redirects {
            self.check_literal(&url)?;
            if ask.robots {
                self.check_robots(&url).await?;
            }
            let raw = self.get_with_retries(&url, &ask).await?;
            let status = raw.status;
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let location = raw
                    .headers
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| FetchError::Status(format!("{status} without a Location")))?;
                url = url
                    .join(location.trim())
                    .map_err(|_| FetchError::BadUrl(location.to_string()))?;
                check_scheme(&url)?;
                continue;
            }
            if status == StatusCode::NOT_MODIFIED {
                return Ok(Fetched::NotModified);
            }
            if !status.is_success() {
                return Err(status_error(status, &raw.headers));
            }
            let text = |name| {
                raw.headers
                    .get(name)
                    .and_then(|v: &HeaderValue| v.to_str().ok())
                    .map(str::to_string)
            };
            return Ok(Fetched::Page(Response {
                url: url.to_string(),
                content_type: text(header::CONTENT_TYPE),
                validators: Validators {
                    etag: text(header::ETAG),
                    last_modified: text(header::LAST_MODIFIED),
                },
                body: raw.body,
            }));
        }
        Err(FetchError::TooManyRedirects(self.settings.max_redirects))
    }

    /// An address written as an IP is never resolved, so it is checked here.
    fn check_literal(&self, url: &Url) -> Result<(), FetchError> {
        let ip = match url.host() {
            Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
            Some(url::Host::Domain(_)) => return Ok(()),
            None => return Err(FetchError::BadUrl(url.to_string())),
        };
        if self.settings.allow.address(ip) {
            Ok(())
        } else {
            Err(FetchError::Private {
                host: url.host_str().unwrap_or_default().to_string(),
                ip,
            })
        }
    }

    async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let origin = url.origin().ascii_serialization();
        // One cell per origin: requests made at once wait for one fetch of robots.txt.
        let cell = Arc::clone(self.lock_robots().entry(origin).or_default());
        let robots = cell.get_or_try_init(|| self.fetch_robots(url)).await?;
        let allowed = match robots {
            Robots::All => true,
            Robots::Rules(robot) => robot.allowed(url.as_str()),
        };
        if allowed {
            Ok(())
        } else {
            Err(FetchError::Robots)
        }
    }

    fn lock_robots(&self) -> std::sync::MutexGuard<'_, HashMap<String, RobotsCell>> {
        self.robots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// robots.txt of the URL's origin: a 4xx means no rules; a 5xx that the site is not to be
    /// crawled now (RFC 9309), and one that cannot be reached fails the fetch with its reason,
    /// both without being remembered, so the next fetch asks again. A Fetcher remembers the rules
    /// it read for as long as it lives: the watcher makes a new one for each poll.
    async fn fetch_robots(&self, url: &Url) -> Result<Robots, FetchError> {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let ask = Ask {
            validators: None,
            accept: PAGE_ACCEPT,
            robots: false,
        };
        let raw = self.send_once(&robots_url, &ask).await?;
        Ok(if raw.status.is_success() {
            match texting_robots::Robot::new(ROBOTS_AGENT, &raw.body) {
                Ok(robot) => Robots::Rules(Box::new(robot)),
                Err(_) => Robots::All,
            }
        } else if raw.status.is_server_error() {
            return Err(FetchError::RobotsUnavailable(raw.status.to_string()));
        } else {
            Robots::All
        })
    }

    async fn get_with_retries(&self, url: &Url, ask: &Ask<'_>) -> Result<Raw, FetchError> {
        let mut attempt = 0;
        loop {
            let raw = self.send_once(url, ask).await?;
            let status = raw.status;
            let retryable = status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
            if !retryable || attempt >= self.settings.retries {
                return Ok(raw);
            }
            let wait = retry_after(&raw.headers, SystemTime::now())
                .unwrap_or_else(|| self.settings.retry_base * 2u32.pow(attempt.min(10)));
            if wait > self.settings.max_retry_wait {
                return Err(if status == StatusCode::TOO_MANY_REQUESTS {
                    FetchError::RateLimited(wait.as_secs())
                } else {
                    status_error(status, &raw.headers)
                });
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One request in the host's turn, after the pause since its last request; a success's
    /// body is read (at most `max_bytes`), any other body dropped.
    async fn send_once(&self, url: &Url, ask: &Ask<'_>) -> Result<Raw, FetchError> {
        let host = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or(0)
        );
        let slot = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(hosts.entry(host).or_default())
        };
        let mut last = slot.lock().await;
        if let Some(t) = *last {
            let since = t.elapsed();
            if since < self.settings.pause {
                tokio::time::sleep(self.settings.pause - since).await;
            }
        }
        let result = self.request(url, ask).await;
        *last = Some(Instant::now());
        result
    }

    async fn request(&self, url: &Url, ask: &Ask<'_>) -> Result<Raw, FetchError> {
        let mut req = self
            .client
            .get(url.clone())
            .header(header::ACCEPT, ask.accept);
        if let Some(v) = ask.validators {
            if let Some(etag) = &v.etag {
                req = req.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        let mut resp = req.send().await.map_err(map_error)?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let mut body = Vec::new();
        if status.is_success() {
            let max = self.settings.max_bytes;
            let too_large = FetchError::TooLarge(max / (1024 * 1024));
            if resp.content_length().is_some_and(|n| n > max as u64) {
                return Err(too_large);
            }
            while let Some(chunk) = resp.chunk().await.map_err(map_error)? {
                if body.len() + chunk.len() > max {
                    return Err(too_large);
                }
                body.extend_from_slice(&chunk);
            }
        }
        Ok(Raw {
            status,
            headers,
            body,
        })
    }
}

fn parse_url(address: &str) -> Result<Url, FetchError> {
    let url = Url::parse(address.trim()).map_err(|e| FetchError::BadUrl(e.to_string()))?;
    check_scheme(&url)?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::BadUrl("no host".to_string()));
    }
    Ok(url)
}

fn check_scheme(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        other => Err(FetchError::Scheme(format!("{other}:"))),
    }
}

fn status_error(status: StatusCode, headers: &HeaderMap) -> FetchError {
    if status == StatusCode::TOO_MANY_REQUESTS {
        if let Some(wait) = retry_after(headers, SystemTime::now()) {
            return FetchError::RateLimited(wait.as_secs());
        }
    }
    FetchError::Status(status.to_string())
}

/// Retry-After as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or_default())
}

/// A reqwest error as the reason a user reads: our resolver's refusal, a time-out, or the
/// innermost cause.
fn map_error(e: reqwest::Error) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    let mut innermost = e.to_string();
    while let Some(s) = source {
        if let Some(r) = s.downcast_ref::<ResolveError>() {
            return match r {
                ResolveError::Private { host, ip } => FetchError::Private {
                    host: host.clone(),
                    ip: *ip,
                },
                ResolveError::NotResolved(h) => FetchError::NotResolved(h.clone()),
            };
        }
        innermost = s.to_string();
        source = s.source();
    }
    if e.is_timeout() {
        FetchError::Timeout
    } else if e.is_connect() {
        FetchError::Connect(innermost)
    } else {
        FetchError::Other(innermost)
    }
}

#[cfg(test)]
mod tests;
