//! The small list of articles related to a hit.

use crate::href::safe_href;
use trovi_core::Hit;
use yew::prelude::*;

/// Props of [`RelatedList`].
#[derive(Properties, PartialEq)]
pub struct RelatedListProps {
    /// Related articles, or why there are none.
    pub hits: Result<Vec<Hit>, String>,
}

/// Titles (linked where safe) with their dates.
#[component]
pub fn RelatedList(props: &RelatedListProps) -> Html {
    let body = match &props.hits {
        Err(message) => html! { <p class="trovi-muted">{ format!("Related articles are unavailable: {message}") }</p> },
        Ok(hits) if hits.is_empty() => html! { <p class="trovi-muted">{ "No related articles found." }</p> },
        Ok(hits) => html! {
            <ul>
                { for hits.iter().map(|hit| {
                    let href = hit.url.as_deref().and_then(safe_href);
                    html! {
                        <li key={hit.id.clone()}>
                            if let Some(href) = href {
                                <a {href}>{ hit.title.clone() }</a>
                            } else {
                                <span>{ hit.title.clone() }</span>
                            }
                            if let Some(date) = &hit.date {
                                <span class="trovi-muted">{ format!(" · {}", crate::format::day(date)) }</span>
                            }
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <section class="trovi-related" aria-label="Related articles">
            <h3 class="trovi-related-title">{ "Related articles" }</h3>
            { body }
        </section>
    }
}
