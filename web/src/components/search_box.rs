//! The labelled search input.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`SearchBox`].
#[derive(Properties, PartialEq)]
pub struct SearchBoxProps {
    /// The current text.
    pub value: AttrValue,
    /// Called with the new text on every keystroke.
    pub oninput: Callback<String>,
    /// Lets the app focus the input (`/`) and recognise it as the event target.
    pub input_ref: NodeRef,
    /// Whether searching is impossible (the index failed to load).
    #[prop_or_default]
    pub disabled: bool,
    /// Number of articles, once the index is open (for the placeholder).
    #[prop_or_default]
    pub documents: Option<u64>,
}

/// `<label>` + `<input type="search">`.
#[component]
pub fn SearchBox(props: &SearchBoxProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let placeholder = match props.documents {
        Some(n) => format!("Search {n} articles"),
        None => "Search".to_string(),
    };
    html! {
        <div class="trovi-searchbox">
            <label for="trovi-q" class="trovi-label">{ "Search articles" }</label>
            <input
                id="trovi-q"
                ref={props.input_ref.clone()}
                type="search"
                name="q"
                autocomplete="off"
                spellcheck="false"
                enterkeyhint="search"
                aria-controls="trovi-results"
                aria-keyshortcuts="/"
                {placeholder}
                value={props.value.clone()}
                disabled={props.disabled}
                {oninput}
            />
            <kbd class="trovi-hint" aria-hidden="true">{ "/" }</kbd>
        </div>
    }
}
