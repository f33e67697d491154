//! What to show when a search finds nothing, with ways out.

use yew::prelude::*;

/// Props of [`EmptyState`].
#[derive(Properties, PartialEq)]
pub struct EmptyStateProps {
    /// The query text that found nothing.
    pub text: AttrValue,
    /// Whether tag, author or date filters are set.
    pub has_filters: bool,
    /// Hits the same search finds with typo tolerance on (when it was off).
    #[prop_or_default]
    pub fuzzy_total: Option<usize>,
    /// "Remove filters" clicked.
    pub onclear: Callback<()>,
    /// "Search with typo tolerance" clicked.
    pub onfuzzy: Callback<()>,
}

/// "No results for …" and suggestions.
#[component]
pub fn EmptyState(props: &EmptyStateProps) -> Html {
    let onclear = props.onclear.reform(|_: MouseEvent| ());
    let onfuzzy = props.onfuzzy.reform(|_: MouseEvent| ());
    let headline = if props.text.trim().is_empty() {
        "No articles match these filters.".to_string()
    } else {
        format!("No results for “{}”.", props.text.trim())
    };
    html! {
        <div class="trovi-empty">
            <p class="trovi-empty-title">{ headline }</p>
            <ul class="trovi-suggestions">
                if props.has_filters {
                    <li>
                        { "Filters narrow the results. " }
                        <button type="button" class="trovi-link-button" onclick={onclear}>{ "Remove all filters" }</button>
                    </li>
                }
                if let Some(total) = props.fuzzy_total {
                    <li>
                        <button type="button" class="trovi-link-button" onclick={onfuzzy}>
                            { format!("Search “{}” with typo tolerance", props.text.trim()) }
                        </button>
                        { format!(" ({})", crate::format::count(total)) }
                    </li>
                }
                <li>{ "Check the spelling, or try fewer or more general words." }</li>
            </ul>
        </div>
    }
}
