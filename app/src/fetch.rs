//! HTTP from the tab, in the page or in the crawl worker: core builds and signs requests
//! (`glueprint_core::aws`), this sends them with `fetch` and hands back status, headers and body.
//!
//! Nothing here logs a URL: presigned URLs are bearer credentials until they expire. Errors name the
//! host only.

use glueprint_core::aws::{HttpRequest, cors};
use glueprint_core::{Error, Result};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// A response, read to the end.
#[derive(Debug)]
pub struct Fetched {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}

impl Fetched {
    /// A response header, if present and exposed to the page by CORS.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }

    /// The body as text (Glue's JSON, S3's XML), replacing invalid UTF-8 rather than failing: error
    /// bodies are shown to the user, never parsed for secrets.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The host of `url`, for messages that must not show its query string.
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// Why a request got no response at all. Browsers report a CORS refusal, an unreachable host and an
/// offline tab the same way (a `TypeError`), so the message names all three.
fn no_response(url: &str) -> Error {
    Error::io(format!(
        "no answer from {}: the server refused this page's cross-origin request (CORS), or it cannot be \
         reached",
        host_of(url)
    ))
}

/// `why`, then the bucket CORS configuration that lets this page read `bucket` ([`cors`]): a browser
/// reports a CORS refusal exactly like an unreachable host, so a failed S3 read always carries the fix.
pub fn with_cors_advice(bucket: &str, why: &str) -> Error {
    // `self.origin` exists in the page and in workers alike.
    let origin = Reflect::get(&js_sys::global(), &"origin".into())
        .ok()
        .and_then(|o| o.as_string())
        .unwrap_or_default();
    let advice = cors::refused_message(bucket, &origin).unwrap_or_else(|e| e.message().to_owned());
    Error::io(format!("{why}\n\n{advice}"))
}

/// Sends a request prepared by core (signed headers, presigned URL, JSON body) as it is.
pub async fn send(request: &HttpRequest) -> Result<Fetched> {
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let body = (!request.body.is_empty()).then_some(request.body.as_str());
    fetch(request.method, &request.url, &headers, body).await
}

/// `fetch(url, {method, headers, body})` from whichever global this code runs in.
pub async fn fetch(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<Fetched> {
    let init = RequestInit::new();
    init.set_method(method);
    let list = Headers::new().map_err(|_| Error::io("the browser cannot build request headers"))?;
    for (name, value) in headers {
        list.set(name, value)
            .map_err(|_| Error::invalid(format!("the request header {name} is not allowed")))?;
    }
    init.set_headers(&list);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| {
        Error::invalid(format!("not a URL the browser can fetch: {}", host_of(url)))
    })?;
    let fetch = Reflect::get(&js_sys::global(), &"fetch".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| Error::io("this browser context has no fetch"))?;
    let promise: js_sys::Promise = fetch
        .call1(&js_sys::global(), &request)
        .map_err(|_| no_response(url))?
        .unchecked_into();
    let response: Response = JsFuture::from(promise)
        .await
        .map_err(|_| no_response(url))?
        .unchecked_into();
    let buffer = response.array_buffer().map_err(|_| no_response(url))?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|_| Error::io(format!("the answer from {} was cut off", host_of(url))))?;
    Ok(Fetched {
        status: response.status(),
        headers: response.headers(),
        body: Uint8Array::new(&buffer).to_vec(),
    })
}
