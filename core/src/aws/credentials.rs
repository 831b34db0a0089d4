//! AWS access keys, held in memory only.
//!
//! [`Credentials`] is deliberately not `Serialize` (so it cannot end up in the catalog, a backup or an
//! export), has no `Display`, and its `Debug` shows only the access key id (which AWS treats as an
//! identifier, not a secret). The secret key and session token are readable only inside core, by the
//! signer.

use std::fmt;

use crate::error::{Error, Result};

#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Keys as the user (or the environment) gives them, trimmed. Empty keys are refused, and so is an
    /// empty session token (`AWS_SESSION_TOKEN=` is treated by callers as no token, not as this).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Result<Self> {
        let access_key_id = access_key_id.into().trim().to_owned();
        let secret_access_key = secret_access_key.into().trim().to_owned();
        let session_token = session_token.map(|t| t.trim().to_owned());
        if access_key_id.is_empty() || secret_access_key.is_empty() {
            return Err(Error::invalid(
                "AWS credentials need both an access key id and a secret access key",
            ));
        }
        if session_token.as_deref() == Some("") {
            return Err(Error::invalid("the AWS session token is empty"));
        }
        // Keys go into header values and a signature's credential scope: control characters or the
        // scope separator would corrupt both.
        if !access_key_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(Error::invalid(
                "the AWS access key id may only hold letters and digits",
            ));
        }
        if secret_access_key.chars().any(char::is_control)
            || session_token
                .as_deref()
                .is_some_and(|t| t.chars().any(char::is_control))
        {
            return Err(Error::invalid(
                "the AWS secret key or session token holds control characters",
            ));
        }
        Ok(Self {
            access_key_id,
            secret_access_key,
            session_token,
        })
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub(crate) fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    pub(crate) fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}
