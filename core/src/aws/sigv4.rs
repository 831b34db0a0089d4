//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`), with RustCrypto `sha2` and `hmac`: pure Rust, so the
//! same signer runs in the tab and in the CLI.
//!
//! Two ways to carry a signature:
//!
//! * [`sign_headers`]: an `Authorization` header (Glue's JSON POSTs). A browser must preflight such a
//!   request (it has non-simple headers), which the Glue endpoint answers.
//! * [`presign`]: the signature in the query string (`X-Amz-Algorithm`, `X-Amz-Credential`,
//!   `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders=host`, `X-Amz-Security-Token`,
//!   `X-Amz-Signature`), signing only `host`. A presigned S3 GET carries no `Authorization` header, so
//!   the browser sends it with at most a plain `Range: bytes=N-M` header and without a CORS preflight:
//!   one round trip per read.
//!
//! Canonical URI: each path segment is URI-encoded (RFC 3986 unreserved characters kept, everything
//! else `%XX` upper-case). Every service but S3 encodes the already-encoded path a second time; S3 signs
//! the path as sent, encoded once. The canonical query is sorted by encoded name then value, with `/`
//! encoded too. Header names are lower-cased and sorted, values trimmed with inner runs of spaces
//! collapsed to one.
//!
//! Time is a parameter ([`Scope::amz_date`]); [`amz_date`] formats a Unix time for callers that have a
//! clock.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::Credentials;
use crate::error::{Error, Result};

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The payload hash of presigned URLs: the signature does not cover the body.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// The longest validity SigV4 allows a presigned URL (seven days).
pub const MAX_PRESIGN_EXPIRES_SECS: u32 = 604_800;

/// When, where and for which service a signature is valid: the credential scope.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// `YYYYMMDDTHHMMSSZ`, UTC.
    pub amz_date: &'a str,
    pub region: &'a str,
    pub service: &'a str,
}

impl Scope<'_> {
    fn check(&self) -> Result<()> {
        let bytes = self.amz_date.as_bytes();
        let well_formed = bytes.len() == 16
            && bytes.get(8) == Some(&b'T')
            && bytes.get(15) == Some(&b'Z')
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 8 || i == 15 || b.is_ascii_digit());
        if !well_formed {
            return Err(Error::invalid(format!(
                "signing time {:?} is not of the form 20261125T010203Z",
                self.amz_date
            )));
        }
        let label = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if !label(self.region) || !label(self.service) {
            return Err(Error::invalid(format!(
                "region {:?} / service {:?}: expected names like us-east-1 and glue",
                self.region, self.service
            )));
        }
        Ok(())
    }

    fn date(&self) -> &str {
        self.amz_date.get(..8).unwrap_or_default()
    }

    /// `20130524/us-east-1/s3/aws4_request`
    pub fn credential_scope(&self) -> String {
        format!(
            "{}/{}/{}/aws4_request",
            self.date(),
            self.region,
            self.service
        )
    }

    fn is_s3(&self) -> bool {
        self.service == "s3"
    }
}

/// The request being signed, before any authentication is added. `path` is decoded text (`/my key.csv`),
/// `query` decoded name/value pairs; both are encoded here, once, the way they are signed.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub method: &'a str,
    /// `host` or `host:port`, exactly as the client will send it in `Host`.
    pub host: &'a str,
    pub path: &'a str,
    pub query: &'a [(String, String)],
}

impl Target<'_> {
    /// The path as sent on the wire.
    pub fn encoded_path(&self) -> String {
        uri_encode(self.path, true)
    }

    fn canonical_uri(&self, scope: &Scope<'_>) -> String {
        let once = self.encoded_path();
        if scope.is_s3() {
            once
        } else {
            uri_encode(&once, true)
        }
    }
}

/// RFC 3986 encoding as SigV4 defines it: `A-Z a-z 0-9 - . _ ~` kept, every other byte `%XX`
/// (upper-case hex); `/` kept only when `keep_slash` (paths), encoded in query names and values.
pub fn uri_encode(input: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(input.len());
    for b in input.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The canonical query string, which is also the query string to send: pairs encoded, sorted.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .map(|(name, value)| (uri_encode(name, false), uri_encode(value, false)))
        .collect();
    pairs.sort();
    let pairs: Vec<String> = pairs
        .into_iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    pairs.join("&")
}

/// The canonical request and its `SignedHeaders` list. `headers` are every header to sign except `Host`,
/// which comes from the target; repeated names are joined with `,` in the order given.
pub fn canonical_request(
    scope: &Scope<'_>,
    target: &Target<'_>,
    headers: &[(String, String)],
    payload_hash: &str,
) -> (String, String) {
    let mut canonical: Vec<(String, String)> = Vec::with_capacity(headers.len() + 1);
    let all = std::iter::once(("host", target.host))
        .chain(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    for (name, value) in all {
        let name = name.trim().to_ascii_lowercase();
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        match canonical.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            None => canonical.push((name, value)),
        }
    }
    canonical.sort_by(|a, b| a.0.cmp(&b.0));
    let signed_headers: Vec<&str> = canonical.iter().map(|(n, _)| n.as_str()).collect();
    let signed_headers = signed_headers.join(";");
    let header_lines: String = canonical
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect();
    let request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        target.method,
        target.canonical_uri(scope),
        canonical_query(target.query),
        header_lines,
        signed_headers,
        payload_hash
    );
    (request, signed_headers)
}

/// `AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{hex sha256 of the canonical request}`
pub fn string_to_sign(scope: &Scope<'_>, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{}\n{}\n{}",
        scope.amz_date,
        scope.credential_scope(),
        sha256_hex(canonical_request.as_bytes())
    )
}

/// The hex signature of `string_to_sign` with the key derived from the secret and the scope.
pub fn signature(credentials: &Credentials, scope: &Scope<'_>, string_to_sign: &str) -> String {
    let secret = format!("AWS4{}", credentials.secret_access_key());
    let mut key = hmac(secret.as_bytes(), scope.date().as_bytes());
    for part in [scope.region, scope.service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    hex(&hmac(&key, string_to_sign.as_bytes()))
}

/// Signs a request in its headers: appends `X-Amz-Date`, `X-Amz-Security-Token` (temporary
/// credentials), for S3 `X-Amz-Content-Sha256`, and last `Authorization` to `headers`. Every header
/// already in `headers` is signed, so the caller must send them all, unchanged.
pub fn sign_headers(
    credentials: &Credentials,
    scope: &Scope<'_>,
    target: &Target<'_>,
    headers: &mut Vec<(String, String)>,
    body: &[u8],
) -> Result<()> {
    scope.check()?;
    let payload_hash = sha256_hex(body);
    headers.push(("X-Amz-Date".to_owned(), scope.amz_date.to_owned()));
    if let Some(token) = credentials.session_token() {
        headers.push(("X-Amz-Security-Token".to_owned(), token.to_owned()));
    }
    if scope.is_s3() {
        headers.push(("X-Amz-Content-Sha256".to_owned(), payload_hash.clone()));
    }
    let (request, signed_headers) = canonical_request(scope, target, headers, &payload_hash);
    let signature = signature(credentials, scope, &string_to_sign(scope, &request));
    headers.push((
        "Authorization".to_owned(),
        format!(
            "{ALGORITHM} Credential={}/{}, SignedHeaders={signed_headers}, Signature={signature}",
            credentials.access_key_id(),
            scope.credential_scope()
        ),
    ));
    Ok(())
}

/// A presigned URL (`scheme://host/path?query&X-Amz-…&X-Amz-Signature=…`) valid for `expires_secs`
/// seconds from the scope's time, signing only `host` and an unsigned payload.
pub fn presign(
    credentials: &Credentials,
    scope: &Scope<'_>,
    scheme: &str,
    target: &Target<'_>,
    expires_secs: u32,
) -> Result<String> {
    scope.check()?;
    if expires_secs == 0 || expires_secs > MAX_PRESIGN_EXPIRES_SECS {
        return Err(Error::invalid(format!(
            "a presigned URL must expire within 1 to {MAX_PRESIGN_EXPIRES_SECS} seconds, not {expires_secs}"
        )));
    }
    let mut query = target.query.to_vec();
    let auth = [
        ("X-Amz-Algorithm", ALGORITHM.to_owned()),
        (
            "X-Amz-Credential",
            format!(
                "{}/{}",
                credentials.access_key_id(),
                scope.credential_scope()
            ),
        ),
        ("X-Amz-Date", scope.amz_date.to_owned()),
        ("X-Amz-Expires", expires_secs.to_string()),
        ("X-Amz-SignedHeaders", "host".to_owned()),
    ];
    query.extend(auth.into_iter().map(|(n, v)| (n.to_owned(), v)));
    if let Some(token) = credentials.session_token() {
        query.push(("X-Amz-Security-Token".to_owned(), token.to_owned()));
    }
    let signed = Target {
        query: &query,
        ..*target
    };
    let (request, _) = canonical_request(scope, &signed, &[], UNSIGNED_PAYLOAD);
    let signature = signature(credentials, scope, &string_to_sign(scope, &request));
    Ok(format!(
        "{scheme}://{}{}?{}&X-Amz-Signature={signature}",
        target.host,
        target.encoded_path(),
        canonical_query(&query)
    ))
}

/// `YYYYMMDDTHHMMSSZ` for a Unix time in seconds (UTC), for callers that read a clock.
pub fn amz_date(unix_secs: u64) -> String {
    let secs = unix_secs % 86_400;
    let (year, month, day) = crate::calendar::civil_from_days(i128::from(unix_secs / 86_400));
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
