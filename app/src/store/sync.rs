//! Tells other tabs that the catalog changed, and hears when they changed it (BroadcastChannel). Messages
//! carry no data, only "reload": the store is the one source of truth, so a lost or reordered message can
//! never put a tab in a wrong state, only a late one.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BroadcastChannel, MessageEvent};

const CHANNEL: &str = "glueprint-catalog";

pub struct Sync {
    channel: Option<BroadcastChannel>,
    // Kept alive as long as the channel listens.
    _listener: Option<Closure<dyn FnMut(MessageEvent)>>,
}

impl Sync {
    /// Listens for changes made in other tabs. Without BroadcastChannel the tab still works alone.
    pub fn new(on_remote_change: impl Fn() + 'static) -> Self {
        let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
            return Self {
                channel: None,
                _listener: None,
            };
        };
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |_event: MessageEvent| {
            on_remote_change();
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Self {
            channel: Some(channel),
            _listener: Some(listener),
        }
    }

    /// Tells the other tabs to reload.
    pub fn announce(&self) {
        if let Some(channel) = &self.channel {
            let _ = channel.post_message(&"changed".into());
        }
    }
}
