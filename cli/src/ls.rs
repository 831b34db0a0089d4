//! `glueprint ls`: lists an S3 prefix the way the browser does, through presigned ListObjectsV2 GETs
//! (page by page), and optionally reads the first bytes of each object with one presigned ranged GET
//! (the plain `bytes=0-N` read of `glueprint_core::aws::range`). Prints one JSON object per line.

use std::process::ExitCode;

use glueprint_core::aws::Credentials;
use glueprint_core::aws::range::{self, Layout};
use glueprint_core::aws::s3::{self, ListObjects, S3Service};

use super::aws_http;

#[derive(Debug, clap::Args)]
pub struct LsArgs {
    /// S3-compatible endpoint, e.g. http://127.0.0.1:9000 (always path-style). Default: AWS.
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// AWS region the requests are signed for.
    #[arg(long, value_name = "REGION")]
    region: String,
    /// Address AWS buckets as s3.REGION.amazonaws.com/BUCKET instead of BUCKET.s3.REGION.amazonaws.com.
    #[arg(long)]
    path_style: bool,
    /// Keys per ListObjectsV2 page (1 to 1000).
    #[arg(long, default_value_t = s3::MAX_KEYS_PER_PAGE, value_name = "N")]
    max_keys: u32,
    /// Also read the first BYTES of each object (one ranged GET each) and print them as hex.
    #[arg(long, default_value_t = 0, value_name = "BYTES")]
    head: u64,
    /// What to list: s3://BUCKET/PREFIX
    #[arg(value_name = "S3URI")]
    prefix: String,
}

/// Lifetime of each presigned URL: long enough for one request.
const EXPIRES_SECS: u32 = 900;
/// Largest `--head` read printed.
const MAX_HEAD_BYTES: u64 = 1 << 20;

pub fn run(args: &LsArgs) -> ExitCode {
    match list(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("glueprint: {message}");
            ExitCode::FAILURE
        }
    }
}

fn list(args: &LsArgs) -> Result<(), String> {
    let (bucket, prefix) = args
        .prefix
        .strip_prefix("s3://")
        .map(|rest| rest.split_once('/').unwrap_or((rest, "")))
        .ok_or_else(|| format!("{:?}: expected s3://BUCKET/PREFIX", args.prefix))?;
    if args.head > MAX_HEAD_BYTES {
        return Err(format!("--head reads at most {MAX_HEAD_BYTES} bytes"));
    }
    let credentials = aws_http::credentials_from_env()?;
    let service = S3Service::new(&args.region, args.endpoint.as_deref(), args.path_style)
        .map_err(|e| e.to_string())?;
    let agent = aws_http::agent();
    let mut token: Option<String> = None;
    loop {
        let page = ListObjects {
            bucket,
            prefix: Some(prefix),
            continuation_token: token.as_deref(),
            max_keys: Some(args.max_keys),
        };
        let url = service
            .list_objects_url(
                &credentials,
                &aws_http::amz_date_now()?,
                EXPIRES_SECS,
                &page,
            )
            .map_err(|e| e.to_string())?;
        let (status, _, body) = aws_http::get(&agent, &url, None, s3::MAX_LIST_RESPONSE_BYTES)
            .map_err(|e| format!("ListObjectsV2: {e}"))?;
        let page = s3::parse_list_objects(status, &String::from_utf8_lossy(&body))
            .map_err(|e| format!("ListObjectsV2 s3://{bucket}/{prefix}: {e}"))?;
        for object in &page.objects {
            let mut line = serde_json::Map::new();
            line.insert("key".into(), object.key.clone().into());
            line.insert("size".into(), object.size.into());
            line.insert("etag".into(), object.etag.clone().into());
            if args.head > 0 {
                let head = read_head(&agent, &service, &credentials, bucket, object, args.head)?;
                line.insert("head".into(), head.into());
            }
            println!("{}", serde_json::Value::Object(line));
        }
        match page.next_continuation_token {
            Some(next) if page.is_truncated => token = Some(next),
            _ => return Ok(()),
        }
    }
}

/// The first `bytes` of `object`, hex: one plain ranged GET (the size is known from the listing).
fn read_head(
    agent: &ureq::Agent,
    service: &S3Service,
    credentials: &Credentials,
    bucket: &str,
    object: &s3::ObjectEntry,
    bytes: u64,
) -> Result<String, String> {
    let Some(read) = range::first_read(
        Layout::Prefix {
            sample_bytes: bytes,
        },
        Some(object.size),
    ) else {
        return Ok(String::new());
    };
    let url = service
        .get_object_url(
            credentials,
            &aws_http::amz_date_now()?,
            EXPIRES_SECS,
            bucket,
            &object.key,
        )
        .map_err(|e| e.to_string())?;
    let limit = usize::try_from(bytes).unwrap_or(usize::MAX);
    let (status, content_range, body) = aws_http::get(agent, &url, Some(&read.range), limit)
        .map_err(|e| format!("GetObject {}: {e}", object.key))?;
    if status != 206 {
        let error = s3::parse_error(status, &String::from_utf8_lossy(&body));
        return Err(format!(
            "GetObject {} ({}): {error}",
            object.key, read.range
        ));
    }
    let content_range = content_range
        .as_deref()
        .map(range::parse_content_range)
        .transpose()
        .map_err(|e| format!("GetObject {}: {e}", object.key))?;
    if content_range.and_then(|c| c.total) != Some(object.size) {
        return Err(format!(
            "GetObject {}: Content-Range does not match the listed size {}",
            object.key, object.size
        ));
    }
    Ok(body.iter().map(|b| format!("{b:02x}")).collect())
}
