//! The ordered list of hits and the "more results" button.

use super::hit::HitItem;
use crate::state::Related;
use trovi_core::Hit;
use yew::prelude::*;

/// Props of [`ResultList`].
#[derive(Properties, PartialEq)]
pub struct ResultListProps {
    /// The hits shown so far.
    pub hits: Vec<Hit>,
    /// Matching articles in all.
    pub total: usize,
    /// The hit selected with the arrow keys.
    pub active: Option<usize>,
    /// Related articles being shown (for one hit).
    pub related: Option<Related>,
    /// Whether a newer search is pending (the list is stale).
    pub busy: bool,
    /// "More results" clicked.
    pub onmore: Callback<()>,
    /// "Related articles" clicked.
    pub onrelated: Callback<String>,
    /// A tag on a hit clicked.
    pub ontag: Callback<String>,
}

/// `<ol>` of [`HitItem`]s.
#[component]
pub fn ResultList(props: &ResultListProps) -> Html {
    let remaining = props.total.saturating_sub(props.hits.len());
    let onmore = props.onmore.reform(|_: MouseEvent| ());
    html! {
        <>
            <ol id="trovi-results" class="trovi-results" aria-label="Search results" aria-busy={props.busy.to_string()}>
                { for props.hits.iter().enumerate().map(|(index, hit)| {
                    let related = props.related.clone().filter(|r| r.id == hit.id);
                    html! {
                        <HitItem key={format!("{index}:{}", hit.id)} hit={hit.clone()} {index} active={props.active == Some(index)}
                            {related} onrelated={props.onrelated.clone()} ontag={props.ontag.clone()} />
                    }
                }) }
            </ol>
            if remaining > 0 {
                <button type="button" class="trovi-more" onclick={onmore}>
                    { format!("More results ({remaining} more)") }
                </button>
            }
        </>
    }
}
