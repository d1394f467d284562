//! The gates a request passes before the simulated world answers it, as the real
//! Market has them: the `Api-Key` header, the body's size, the refusal of too many
//! requests in flight; and the injected faults' answers (a server error, a page with
//! one order the client cannot read).

use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, HeaderMap};

use crate::sim::quota::Entity;
use crate::sim::reply::Reply;

/// The real Market refuses bodies over 512 KB.
const MAX_BODY: usize = 512 * 1024;

/// Bodies up to this size are read to the end before a "too big" answer, so the
/// client gets the 400 instead of a broken pipe.
const READ_CAP: usize = 8 * 1024 * 1024;

pub(super) enum BodyError {
    TooBig,
    Broken(String),
}

pub(super) async fn read_body(body: Incoming) -> Result<Bytes, BodyError> {
    match Limited::new(body, READ_CAP).collect().await {
        Ok(c) => {
            let b = c.to_bytes();
            if b.len() > MAX_BODY {
                Err(BodyError::TooBig)
            } else {
                Ok(b)
            }
        }
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(BodyError::TooBig),
        Err(e) => Err(BodyError::Broken(e.to_string())),
    }
}

/// Checks the `Api-Key` header; the message of the 401 otherwise.
pub(super) fn check_auth(headers: &HeaderMap, expected: Option<&str>) -> Result<(), &'static str> {
    let Some(key) = headers.get("api-key") else {
        return Err(if headers.contains_key(AUTHORIZATION) {
            "Credentials are not specified: send the token in the Api-Key header \
             (OAuth Authorization is not accepted by the simulator)"
        } else {
            "Credentials are not specified"
        });
    };
    let key = key
        .to_str()
        .map_err(|_| "Api-Key token format invalid")?
        .trim();
    let lower = key.to_ascii_lowercase();
    if lower.starts_with("bearer ") || lower.starts_with("oauth ") {
        return Err("Api-Key token prefix invalid");
    }
    if key.is_empty() {
        return Err("Api-Key token length invalid");
    }
    if expected.is_some_and(|k| k != key) {
        return Err("Api-Key token is invalid");
    }
    Ok(())
}

/// The 420 of too many requests in flight for `entity`.
pub(super) fn parallel_refusal(parallel: u32, entity: Entity) -> Reply {
    Reply::error(
        420,
        "LIMIT_EXCEEDED",
        format!("Hit rate limit of {parallel} parallel requests for {entity}"),
    )
}

/// An injected server error: 503 as an overload, anything else as an internal error.
pub(super) fn server_error(code: u16) -> Reply {
    let (ecode, msg) = if code == 503 {
        (
            "SERVICE_UNAVAILABLE",
            "Service is temporarily overloaded, retry later",
        )
    } else {
        ("INTERNAL_ERROR", "Internal server error")
    };
    Reply::error(code, ecode, msg)
}

/// Gives the first order of an orders page a `status` the client cannot read (a number),
/// keeping the JSON valid: the client must skip that order and keep the rest.
pub(super) fn break_one_order(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    if !text.contains("\"orderId\"") {
        return body.to_vec();
    }
    text.replacen("\"status\":\"", "\"status\":0,\"statusWas\":\"", 1)
        .into_bytes()
}
