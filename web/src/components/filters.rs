//! Sort order, date range and typo tolerance.

use trovi_core::Sort;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`Filters`].
#[derive(Properties, PartialEq)]
pub struct FiltersProps {
    /// Current order.
    pub sort: Sort,
    /// Current "from" date (`YYYY-MM-DD` or empty).
    pub after: AttrValue,
    /// Current "before" date (`YYYY-MM-DD` or empty).
    pub before: AttrValue,
    /// Whether typo tolerance is on.
    pub fuzzy: bool,
    /// Order changed.
    pub onsort: Callback<Sort>,
    /// "From" changed.
    pub onafter: Callback<String>,
    /// "Before" changed.
    pub onbefore: Callback<String>,
    /// Typo tolerance switched.
    pub onfuzzy: Callback<bool>,
}

/// The row of form controls under the search box.
#[component]
pub fn Filters(props: &FiltersProps) -> Html {
    let onsort = props.onsort.reform(|e: Event| {
        e.target_unchecked_into::<HtmlSelectElement>().value().parse::<Sort>().unwrap_or_default()
    });
    let onafter = props.onafter.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    let onbefore = props.onbefore.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    let onfuzzy = props.onfuzzy.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    let option = |value: &'static str, label: &'static str, sort: Sort| {
        html! { <option {value} selected={props.sort == sort}>{ label }</option> }
    };
    html! {
        <div class="trovi-filters">
            <label class="trovi-field">
                <span>{ "Sort" }</span>
                <select onchange={onsort}>
                    { option("relevance", "Relevance", Sort::Relevance) }
                    { option("newest", "Newest first", Sort::Newest) }
                    { option("oldest", "Oldest first", Sort::Oldest) }
                </select>
            </label>
            <label class="trovi-field">
                <span>{ "From" }</span>
                <input type="date" value={props.after.clone()} max={(!props.before.is_empty()).then(|| props.before.clone())} onchange={onafter} />
            </label>
            <label class="trovi-field">
                <span>{ "Before" }</span>
                <input type="date" value={props.before.clone()} min={(!props.after.is_empty()).then(|| props.after.clone())} onchange={onbefore} />
            </label>
            <label class="trovi-field trovi-check">
                <input type="checkbox" checked={props.fuzzy} onchange={onfuzzy} />
                <span>{ "Typo tolerance" }</span>
            </label>
        </div>
    }
}
