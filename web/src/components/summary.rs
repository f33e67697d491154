//! The result count and time, announced politely to screen readers.

use crate::format;
use trovi_core::Relaxed;
use yew::prelude::*;

/// Props of [`Summary`].
#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// What to announce: `None` while there is nothing to say.
    #[prop_or_default]
    pub total: Option<usize>,
    /// Search time in microseconds.
    #[prop_or_default]
    pub took_us: u64,
    /// Set when fewer than all words were required.
    #[prop_or_default]
    pub relaxed: Option<Relaxed>,
}

/// Always rendered (live regions must exist before their content changes).
#[component]
pub fn Summary(props: &SummaryProps) -> Html {
    html! {
        <div class="trovi-summary" role="status" aria-live="polite" aria-atomic="true">
            if let Some(total) = props.total {
                <span class="trovi-total">{ format::count(total) }</span>
                <span class="trovi-took">{ format!(" ({})", format::duration(props.took_us)) }</span>
                if let Some(relaxed) = &props.relaxed {
                    <p class="trovi-relaxed">{ format::relaxed(relaxed) }</p>
                }
            }
        </div>
    }
}
