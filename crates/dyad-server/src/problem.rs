//! Errors as RFC 9457 problem details (`application/problem+json`) with
//! stable codes: `{"type": "https://dyad.dev/problems/<code>", "title",
//! "status", "detail", "code"}`. The codes are part of the API (listed in
//! `docs/server.md`); titles and details are for people and may change.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The stable machine-readable code of a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// The request cannot be understood (unreadable body, bad UTF-8,
    /// malformed path).
    BadRequest,
    /// A query or path parameter is unknown or has a bad value.
    InvalidParameter,
    /// The body is not valid JSON, or not the expected object.
    InvalidJson,
    /// The article text is empty (or only whitespace).
    EmptyText,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The body's `Content-Type` is not accepted by this endpoint.
    UnsupportedMediaType,
    /// No such resource.
    NotFound,
    /// A write endpoint was called without the right bearer token.
    Unauthorized,
    /// The path exists but not with this method.
    MethodNotAllowed,
    /// The request took longer than the server's time limit.
    Timeout,
    /// The store failed.
    StoreError,
    /// An unexpected server error.
    Internal,
}

impl ProblemCode {
    /// Every code, in documentation order.
    pub const ALL: [ProblemCode; 12] = [
        Self::BadRequest,
        Self::InvalidParameter,
        Self::InvalidJson,
        Self::EmptyText,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::NotFound,
        Self::Unauthorized,
        Self::MethodNotAllowed,
        Self::Timeout,
        Self::StoreError,
        Self::Internal,
    ];

    /// The code as it appears in `code` and at the end of `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::InvalidParameter => "invalid_parameter",
            Self::InvalidJson => "invalid_json",
            Self::EmptyText => "empty_text",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::NotFound => "not_found",
            Self::Unauthorized => "unauthorized",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Timeout => "timeout",
            Self::StoreError => "store_error",
            Self::Internal => "internal",
        }
    }

    /// The HTTP status that goes with the code.
    pub fn status(self) -> StatusCode {
        match self {
            Self::BadRequest | Self::InvalidParameter | Self::InvalidJson | Self::EmptyText => {
                StatusCode::BAD_REQUEST
            }
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            Self::StoreError | Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short human title.
    pub fn title(self) -> &'static str {
        match self {
            Self::BadRequest => "Bad request",
            Self::InvalidParameter => "Invalid parameter",
            Self::InvalidJson => "Invalid JSON body",
            Self::EmptyText => "Empty article text",
            Self::PayloadTooLarge => "Payload too large",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::NotFound => "Not found",
            Self::Unauthorized => "Unauthorized",
            Self::MethodNotAllowed => "Method not allowed",
            Self::Timeout => "Timeout",
            Self::StoreError => "Store error",
            Self::Internal => "Internal error",
        }
    }
}

/// An RFC 9457 problem details object.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Problem {
    /// `https://dyad.dev/problems/<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short human summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    /// The stable code.
    pub code: ProblemCode,
    /// Batch responses only: the 1-based input line the problem is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl Problem {
    /// A problem with `code` and a detail message.
    pub fn new(code: ProblemCode, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("https://dyad.dev/problems/{}", code.as_str()),
            title: code.title().to_owned(),
            status: code.status().as_u16(),
            detail: detail.into(),
            code,
            line: None,
        }
    }

    /// The same problem about input line `line` (batch responses).
    #[must_use]
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// A `invalid_parameter` problem.
    pub(crate) fn param(detail: impl Into<String>) -> Self {
        Self::new(ProblemCode::InvalidParameter, detail)
    }

    /// An `internal` problem.
    pub(crate) fn internal(detail: impl Into<String>) -> Self {
        Self::new(ProblemCode::Internal, detail)
    }

    /// The problem as JSON bytes (one line, no newline).
    pub(crate) fn to_json(&self) -> Vec<u8> {
        crate::json::to_vec(self)
    }
}

impl From<dyad_store::StoreError> for Problem {
    fn from(e: dyad_store::StoreError) -> Self {
        match e {
            dyad_store::StoreError::InvalidFilter(m) => Self::param(m),
            other => {
                tracing::error!("store error: {other}");
                Self::new(ProblemCode::StoreError, other.to_string())
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let code = self.code;
        let mut res = (code.status(), self.to_json()).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if code == ProblemCode::Unauthorized {
            h.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"dyad\""),
            );
        }
        res
    }
}
