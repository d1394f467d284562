//! The answer of the simulated Market to one request: an HTTP status and the JSON body,
//! already serialized — the Market's documented wrapper around a result, or its error
//! shape.

use serde::Serialize;

use super::world::Refusal;
use crate::market::enums::ResponseStatus;
use crate::market::wire::common::{Ack, ApiErrorDto, ApiErrorResponse, Envelope};

/// The answer of a handler: HTTP status and the JSON body, already serialized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Reply {
    /// An `ApiErrorResponse` with one error.
    pub(crate) fn error(status: u16, code: &str, message: impl Into<String>) -> Reply {
        let body = ApiErrorResponse {
            status: ResponseStatus::ERROR,
            errors: vec![ApiErrorDto {
                code: code.to_owned(),
                message: Some(message.into()),
            }],
        };
        Reply::json(status, &body)
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Reply {
        Reply::error(400, "BAD_REQUEST", message)
    }

    pub(crate) fn json<T: Serialize + ?Sized>(status: u16, v: &T) -> Reply {
        match serde_json::to_vec(v) {
            Ok(body) => Reply { status, body },
            Err(e) => Reply::error(
                500,
                "INTERNAL_ERROR",
                format!("serializing the answer: {e}"),
            ),
        }
    }

    pub(crate) fn refusal(r: Refusal) -> Reply {
        Reply::error(r.http_status, &r.code, r.message)
    }

    pub(crate) fn ok() -> Reply {
        Reply::json(
            200,
            &Ack {
                status: ResponseStatus::OK,
            },
        )
    }

    pub(crate) fn envelope<T: Serialize>(result: T) -> Reply {
        Reply::json(
            200,
            &Envelope {
                status: ResponseStatus::OK,
                result,
            },
        )
    }
}
