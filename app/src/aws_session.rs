//! The AWS session of this tab: region, endpoint and temporary credentials, shared by the S3 prefix crawl
//! and publishing to Glue. Held in memory only: never written to IndexedDB, a backup, an export or a log
//! (core's `Credentials` is not `Serialize` and redacts itself in `Debug`); a reload forgets it.

use glueprint_core::aws::{Credentials, Endpoint};
use leptos::prelude::*;

/// The session as the form holds it. The secret stays in the form's signal, which lives in this tab's
/// memory only.
#[derive(Clone, Copy)]
pub struct AwsSession {
    pub region: RwSignal<String>,
    /// Empty for AWS itself; else a Glue- or S3-compatible endpoint (`http://127.0.0.1:5000`).
    pub endpoint: RwSignal<String>,
    pub access_key_id: RwSignal<String>,
    pub secret_access_key: RwSignal<String>,
    pub session_token: RwSignal<String>,
}

impl AwsSession {
    /// Creates the session and provides it to every component.
    pub fn provide() -> Self {
        let session = Self {
            region: RwSignal::new("us-east-1".to_owned()),
            endpoint: RwSignal::new(String::new()),
            access_key_id: RwSignal::new(String::new()),
            secret_access_key: RwSignal::new(String::new()),
            session_token: RwSignal::new(String::new()),
        };
        provide_context(session);
        session
    }

    /// The credentials, checked by core.
    pub fn credentials(&self) -> glueprint_core::Result<Credentials> {
        let token = self.session_token.get_untracked();
        Credentials::new(
            self.access_key_id.get_untracked(),
            self.secret_access_key.get_untracked(),
            (!token.trim().is_empty()).then_some(token),
        )
    }

    /// The endpoint, if one was given.
    pub fn endpoint(&self) -> glueprint_core::Result<Option<Endpoint>> {
        match self.endpoint.get_untracked().trim() {
            "" => Ok(None),
            url => Endpoint::parse(url).map(Some),
        }
    }

    pub fn region(&self) -> glueprint_core::Result<String> {
        let region = self.region.get_untracked().trim().to_owned();
        if region.is_empty()
            || !region
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(glueprint_core::Error::invalid(format!(
                "region {region:?}: expected a name such as us-east-1"
            )));
        }
        Ok(region)
    }
}

pub fn use_aws_session() -> AwsSession {
    expect_context::<AwsSession>()
}

/// The session form: region, endpoint and keys. Password inputs with autocomplete off, so the browser
/// does not offer to store the secret either.
#[component]
pub fn AwsSessionForm() -> impl IntoView {
    let session = use_aws_session();
    let field = |label: &'static str,
                 test_id: &'static str,
                 kind: &'static str,
                 signal: RwSignal<String>| {
        view! {
            <label>{label}
                <input type=kind data-testid=test_id autocomplete="off" spellcheck="false"
                    prop:value=move || signal.get()
                    on:input:target=move |ev| signal.set(ev.target().value()) />
            </label>
        }
    };
    view! {
        <fieldset class="aws-session" data-testid="aws-session">
            <legend>"AWS session (kept in this tab's memory only; a reload forgets it)"</legend>
            {field("Region", "aws-region", "text", session.region)}
            {field("Endpoint (empty for AWS)", "aws-endpoint", "url", session.endpoint)}
            {field("Access key id", "aws-access-key-id", "text", session.access_key_id)}
            {field("Secret access key", "aws-secret-access-key", "password", session.secret_access_key)}
            {field("Session token", "aws-session-token", "password", session.session_token)}
        </fieldset>
    }
}
