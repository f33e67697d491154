//! One search result.

use super::highlighted::Highlighted;
use super::related::RelatedList;
use crate::format;
use crate::href::safe_href;
use crate::state::Related;
use trovi_core::Hit;
use yew::prelude::*;

/// Props of [`HitItem`].
#[derive(Properties, PartialEq)]
pub struct HitItemProps {
    /// The hit.
    pub hit: Hit,
    /// Its position in the list (for the element id).
    pub index: usize,
    /// Selected with the arrow keys.
    pub active: bool,
    /// Related articles, when shown for this hit.
    #[prop_or_default]
    pub related: Option<Related>,
    /// "Related articles" clicked: called with the hit id.
    pub onrelated: Callback<String>,
    /// A tag clicked: filter by it.
    pub ontag: Callback<String>,
}

/// The DOM id of the hit at `index`.
pub fn hit_id(index: usize) -> String {
    format!("trovi-hit-{index}")
}

/// `<li>` with the linked, highlighted title, date, author, tags, snippet and
/// the "related articles" toggle.
#[component]
pub fn HitItem(props: &HitItemProps) -> Html {
    let hit = &props.hit;
    let href = hit.url.as_deref().and_then(safe_href);
    let title = html! { <Highlighted text={hit.title.clone()} ranges={hit.title_highlights.clone()} /> };
    let showing = props.related.is_some();
    let onrelated = {
        let id = hit.id.clone();
        props.onrelated.reform(move |_: MouseEvent| id.clone())
    };
    let related_id = format!("{}-related", hit_id(props.index));
    html! {
        <li id={hit_id(props.index)} class={classes!("trovi-hit", props.active.then_some("trovi-active"))}
            tabindex="-1">
            <h2 class="trovi-hit-title">
                if let Some(href) = href {
                    <a {href}>{ title }</a>
                } else {
                    <span>{ title }</span>
                }
            </h2>
            <p class="trovi-meta">
                if let Some(section) = hit.section.as_ref().filter(|s| !s.title.is_empty() && s.title != hit.title) {
                    <span class="trovi-section">{ format!("§ {}", section.title) }</span>
                }
                if let Some(date) = &hit.date {
                    <time datetime={date.clone()}>{ format::day(date).to_string() }</time>
                }
                if let Some(author) = &hit.author {
                    <span class="trovi-author">{ author.clone() }</span>
                }
                { for hit.tags.iter().map(|tag| {
                    let value = tag.clone();
                    let onclick = props.ontag.reform(move |_: MouseEvent| value.clone());
                    html! {
                        <button type="button" class="trovi-tag" title={format!("Filter by tag {tag}")} {onclick}>
                            { format!("#{tag}") }
                        </button>
                    }
                }) }
            </p>
            if !hit.snippet.text.is_empty() {
                <p class="trovi-snippet">
                    <Highlighted text={hit.snippet.text.clone()} ranges={hit.snippet.highlights.clone()} />
                </p>
            }
            <button type="button" class="trovi-link-button" aria-expanded={showing.to_string()}
                aria-controls={related_id.clone()} onclick={onrelated}>
                { if showing { "Hide related articles" } else { "Related articles" } }
            </button>
            if let Some(related) = &props.related {
                <div id={related_id}>
                    <RelatedList hits={related.hits.clone()} />
                </div>
            }
        </li>
    }
}
