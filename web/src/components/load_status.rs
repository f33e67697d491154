//! Index download progress, or why loading failed.

use crate::format;
use crate::state::Load;
use yew::prelude::*;

/// Props of [`LoadStatus`].
#[derive(Properties, PartialEq)]
pub struct LoadStatusProps {
    /// The load state.
    pub load: Load,
}

/// A progress bar while the bundle downloads, an alert when it failed, nothing when ready.
#[component]
pub fn LoadStatus(props: &LoadStatusProps) -> Html {
    match &props.load {
        Load::Loading { received, total } => {
            let label = format!("Loading the search index… {}", format::progress(*received, *total));
            // Without a known size the bar is indeterminate (no value).
            let max = total.filter(|&t| t > 0).map(|t| t.to_string());
            let value = total.filter(|&t| t > 0).map(|t| received.min(&t).to_string());
            html! {
                <div class="trovi-loading" role="status">
                    <progress class="trovi-progress" {max} {value} aria-label="Search index download"></progress>
                    <span>{ label }</span>
                </div>
            }
        }
        Load::Failed(message) => html! {
            <div class="trovi-error" role="alert">
                <strong>{ "Search is unavailable. " }</strong>
                { message.clone() }
            </div>
        },
        Load::Ready { .. } => html! {},
    }
}
