//! The one error type of `glueprint-core`.
//!
//! Every failure a user can cause with their input (a malformed file, a type string that does not parse,
//! a footer that claims more bytes than the file has) is an [`Error`] with a [`ErrorKind`] that tests and
//! callers match on, and a sentence that says what is wrong and where. Nothing in core panics on input.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What went wrong, coarsely: callers branch on this, never on the message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not what it claims to be, or is damaged (bad magic, truncated, corrupt metadata).
    Malformed,
    /// The input is well-formed but uses something Glueprint does not read (e.g. an encrypted footer).
    Unsupported,
    /// The input asks for more than the configured bounds allow (huge footer, too deep nesting).
    TooLarge,
    /// A byte source failed to deliver bytes (file unreadable, network error).
    Io,
    /// A value given by the user (type string, name, location) is not valid.
    Invalid,
    /// A change was based on a version of the catalog that another change (another tab) has replaced, or
    /// would create something that already exists: nothing was written.
    Conflict,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Malformed => "malformed input",
            ErrorKind::Unsupported => "unsupported input",
            ErrorKind::TooLarge => "input too large",
            ErrorKind::Io => "read error",
            ErrorKind::Invalid => "invalid value",
            ErrorKind::Conflict => "conflicting change",
        })
    }
}

/// An error with a kind and a human sentence. Serde lets one cross between wasm modules (the page and
/// its lazily loaded Schema Registry module) as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Malformed, message)
    }

    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unsupported, message)
    }

    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::TooLarge, message)
    }

    pub fn io(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Io, message)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
