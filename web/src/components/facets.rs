//! Tag and author chips with counts; clicking one toggles it as a filter.

use std::collections::BTreeMap;
use yew::prelude::*;

/// How many chips of each kind to show.
const MAX_CHIPS: usize = 12;

/// Props of [`FacetChips`].
#[derive(Properties, PartialEq)]
pub struct FacetChipsProps {
    /// Tag → count over the result set.
    pub tags: BTreeMap<String, u64>,
    /// Author → count over the result set.
    pub authors: BTreeMap<String, u64>,
    /// Selected tags.
    pub selected_tags: Vec<String>,
    /// Selected author.
    pub selected_author: Option<String>,
    /// A tag chip was clicked.
    pub ontag: Callback<String>,
    /// An author chip was clicked.
    pub onauthor: Callback<String>,
}

/// Two groups of toggle buttons (`aria-pressed`), most frequent first; selected
/// values are always shown so they can be switched off.
#[component]
pub fn FacetChips(props: &FacetChipsProps) -> Html {
    let selected_author: Vec<String> = props.selected_author.iter().cloned().collect();
    let tags = group("Tags", "trovi-tags", &props.tags, &props.selected_tags, &props.ontag);
    let authors = group("Authors", "trovi-authors", &props.authors, &selected_author, &props.onauthor);
    if tags.is_none() && authors.is_none() {
        return html! {};
    }
    html! {
        <div class="trovi-facets">
            { tags.unwrap_or_default() }
            { authors.unwrap_or_default() }
        </div>
    }
}

fn group(title: &'static str, id: &'static str, counts: &BTreeMap<String, u64>, selected: &[String], onclick: &Callback<String>) -> Option<Html> {
    let mut chips: Vec<(&str, Option<u64>)> = counts.iter().map(|(name, &count)| (name.as_str(), Some(count))).collect();
    chips.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    chips.truncate(MAX_CHIPS);
    for name in selected {
        if !chips.iter().any(|(n, _)| *n == name) {
            chips.insert(0, (name, counts.get(name).copied()));
        }
    }
    if chips.is_empty() {
        return None;
    }
    Some(html! {
        <div class="trovi-facet" role="group" aria-labelledby={id}>
            <span class="trovi-facet-title" id={id}>{ title }</span>
            { for chips.into_iter().map(|(name, count)| {
                let pressed = selected.iter().any(|s| s == name);
                let value = name.to_string();
                let onclick = onclick.reform(move |_: MouseEvent| value.clone());
                html! {
                    <button type="button" class={classes!("trovi-chip", pressed.then_some("trovi-chip-on"))}
                        aria-pressed={pressed.to_string()} {onclick}>
                        { name.to_string() }
                        if let Some(count) = count {
                            <span class="trovi-count">{ count }</span>
                        }
                    </button>
                }
            }) }
        </div>
    })
}
