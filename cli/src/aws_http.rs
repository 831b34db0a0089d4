//! What the AWS commands (`publish`, `ls`) share at the edge: credentials from the environment, the
//! clock, and a blocking HTTP client that sends core's requests exactly as built.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use glueprint_core::aws::{Credentials, HttpRequest, sigv4};

/// How long one request may take before the command gives up.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Keys from the standard environment variables; an empty AWS_SESSION_TOKEN counts as none.
pub fn credentials_from_env() -> Result<Credentials, String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (Some(id), Some(secret)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) else {
        return Err(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set in the environment".into(),
        );
    };
    Credentials::new(id, secret, var("AWS_SESSION_TOKEN")).map_err(|e| e.to_string())
}

/// The signing time: now, as `YYYYMMDDTHHMMSSZ`.
pub fn amz_date_now() -> Result<String, String> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| "the system clock is before 1970".to_owned())?;
    Ok(sigv4::amz_date(now.as_secs()))
}

/// A client that returns error statuses as answers (core reads them) instead of as errors.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(TIMEOUT))
        .build()
        .new_agent()
}

/// Sends a POST exactly as core built it; the answer's status and at most `limit` bytes of body.
pub fn send(
    agent: &ureq::Agent,
    request: &HttpRequest,
    limit: usize,
) -> Result<(u16, String), ureq::Error> {
    let mut builder = agent.post(&request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let response = builder.send(request.body.as_bytes())?;
    read(response, limit)
        .map(|(status, body)| (status, String::from_utf8_lossy(&body).into_owned()))
}

/// GETs a presigned URL with an optional `Range` header: the status, `Content-Range` and body. The
/// error never quotes the URL: its query string is a credential.
pub fn get(
    agent: &ureq::Agent,
    url: &str,
    range: Option<&str>,
    limit: usize,
) -> Result<(u16, Option<String>, Vec<u8>), String> {
    let redacted = |e: ureq::Error| match e {
        ureq::Error::BadUri(_) => "the presigned URL was refused as malformed".to_owned(),
        e => e.to_string(),
    };
    let mut builder = agent.get(url);
    if let Some(range) = range {
        builder = builder.header("Range", range);
    }
    let response = builder.call().map_err(redacted)?;
    let content_range = response
        .headers()
        .get("content-range")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    read(response, limit)
        .map(|(status, body)| (status, content_range, body))
        .map_err(redacted)
}

fn read(
    mut response: ureq::http::Response<ureq::Body>,
    limit: usize,
) -> Result<(u16, Vec<u8>), ureq::Error> {
    let body = response
        .body_mut()
        .with_config()
        .limit(limit as u64)
        .read_to_vec()?;
    Ok((response.status().as_u16(), body))
}
