//! A loopback web site for the fetcher's tests: routes set by the test (pages, feeds, redirects,
//! 304s, 429s, hangs, huge and binary bodies), served by hyper on 127.0.0.1 from a thread of its
//! own (so sync tests that run the `positions` binary can use it too), with a log of requests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Bytes, Frame};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;

/// What a path answers.
#[derive(Clone)]
pub enum Route {
    /// 200 with this content type and body.
    Body { content_type: String, body: Vec<u8> },
    /// 200 with an ETag; 304 when the request's If-None-Match is that ETag.
    Tagged {
        content_type: String,
        body: Vec<u8>,
        etag: String,
    },
    /// A redirect (301, 302, 303, 307 or 308) to this location.
    Redirect { status: u16, location: String },
    /// `count` answers of this status (429 or 5xx) with an optional Retry-After, then `then`.
    Failing {
        status: u16,
        retry_after: Option<String>,
        count: usize,
        then: Box<Route>,
    },
    /// Never answers.
    Hang,
    /// `mib` MiB of text, streamed without a Content-Length.
    Huge { mib: usize },
    /// 200 after a pause (for the one-request-at-a-time test).
    Slow { delay: Duration, body: Vec<u8> },
    /// A status and nothing else.
    Status(u16),
    /// 200 with the body compressed: Content-Encoding `gzip` or `br`.
    Encoded { encoding: String, body: Vec<u8> },
}

impl Route {
    pub fn html(body: &str) -> Route {
        Route::Body {
            content_type: "text/html; charset=utf-8".into(),
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn typed(content_type: &str, body: &[u8]) -> Route {
        Route::Body {
            content_type: content_type.into(),
            body: body.to_vec(),
        }
    }
}

/// One request as the site saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub headers: HashMap<String, String>,
    /// How many requests were being answered when this one arrived (itself included).
    pub in_flight: usize,
}

#[derive(Default)]
struct State {
    routes: HashMap<String, Route>,
    served: HashMap<String, usize>,
    log: Vec<Seen>,
    in_flight: usize,
}

pub struct Site {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl Site {
    /// Starts a site on 127.0.0.1 and a free port.
    pub fn start() -> Site {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let port = listener.local_addr().expect("local address").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("site runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let state = Arc::clone(&shared);
                    tokio::spawn(async move {
                        let service = service_fn(move |req| answer(Arc::clone(&state), req));
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        });
        Site { port, state }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn route(&self, path: &str, route: Route) {
        self.lock().routes.insert(path.to_string(), route);
    }

    /// Every request so far.
    pub fn log(&self) -> Vec<Seen> {
        self.lock().log.clone()
    }

    /// Requests for one path.
    pub fn requests(&self, path: &str) -> Vec<Seen> {
        self.log().into_iter().filter(|s| s.path == path).collect()
    }
}

type Body = BoxBody<Bytes, Infallible>;

fn full(status: u16, content_type: &str, body: Vec<u8>) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body)).boxed());
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = content_type.parse() {
        r.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    r
}

struct InFlight(Arc<Mutex<State>>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut st = self.0.lock().unwrap_or_else(|p| p.into_inner());
        st.in_flight -= 1;
    }
}

async fn answer(
    state: Arc<Mutex<State>>,
    req: Request<hyper::body::Incoming>,
) -> Result<Response<Body>, Infallible> {
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let headers: HashMap<String, String> = req
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let (route, served) = {
        let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
        st.in_flight += 1;
        let in_flight = st.in_flight;
        st.log.push(Seen {
            path: path.clone(),
            headers: headers.clone(),
            in_flight,
        });
        let served = *st
            .served
            .entry(path.clone())
            .and_modify(|n| *n += 1)
            .or_insert(1);
        (st.routes.get(&path).cloned(), served)
    };
    let _guard = InFlight(Arc::clone(&state));
    let Some(mut route) = route else {
        return Ok(full(404, "text/plain", b"not found".to_vec()));
    };
    // A failing route answers its status `count` times, then as `then`.
    loop {
        match route {
            Route::Failing {
                status,
                retry_after,
                count,
                then,
            } => {
                if served <= count {
                    let mut r = full(status, "text/plain", b"try later".to_vec());
                    if let Some(v) = retry_after.and_then(|v| v.parse().ok()) {
                        r.headers_mut().insert(hyper::header::RETRY_AFTER, v);
                    }
                    return Ok(r);
                }
                route = *then;
            }
            other => return Ok(respond(other, &headers).await),
        }
    }
}

async fn respond(route: Route, headers: &HashMap<String, String>) -> Response<Body> {
    match route {
        Route::Body { content_type, body } => full(200, &content_type, body),
        Route::Tagged {
            content_type,
            body,
            etag,
        } => {
            if headers.get("if-none-match") == Some(&etag) {
                let mut r = full(304, &content_type, Vec::new());
                if let Ok(v) = etag.parse() {
                    r.headers_mut().insert(hyper::header::ETAG, v);
                }
                return r;
            }
            let mut r = full(200, &content_type, body);
            if let Ok(v) = etag.parse() {
                r.headers_mut().insert(hyper::header::ETAG, v);
            }
            r
        }
        Route::Redirect { status, location } => {
            let mut r = full(status, "text/plain", Vec::new());
            if let Ok(v) = location.parse() {
                r.headers_mut().insert(hyper::header::LOCATION, v);
            }
            r
        }
        Route::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            full(200, "text/plain", Vec::new())
        }
        Route::Huge { mib } => {
            let chunk = Bytes::from(vec![b'a'; 1024 * 1024]);
            let frames = (0..mib).map(move |_| Ok::<_, Infallible>(Frame::data(chunk.clone())));
            let body = StreamBody::new(futures::stream::iter(frames));
            let mut r = Response::new(BodyExt::boxed(body));
            r.headers_mut().insert(
                hyper::header::CONTENT_TYPE,
                hyper::header::HeaderValue::from_static("text/html"),
            );
            r
        }
        Route::Slow { delay, body } => {
            tokio::time::sleep(delay).await;
            full(200, "text/html; charset=utf-8", body)
        }
        Route::Status(s) => full(s, "text/plain", Vec::new()),
        Route::Encoded { encoding, body } => {
            let packed = compress(&encoding, &body);
            let mut r = full(200, "text/html; charset=utf-8", packed);
            if let Ok(v) = encoding.parse() {
                r.headers_mut().insert(hyper::header::CONTENT_ENCODING, v);
            }
            r
        }
        Route::Failing { .. } => full(500, "text/plain", Vec::new()),
    }
}

fn compress(encoding: &str, body: &[u8]) -> Vec<u8> {
    use std::io::Write;
    match encoding {
        "gzip" => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(body).expect("gzip in memory");
            enc.finish().expect("gzip in memory")
        }
        "br" => {
            let mut out = Vec::new();
            {
                let mut enc = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                enc.write_all(body).expect("brotli in memory");
            }
            out
        }
        other => panic!("no encoder for {other}"),
    }
}
