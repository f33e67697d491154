//! Text with matched words in `<mark>`.

use crate::highlight::segments;
use yew::prelude::*;

/// Props of [`Highlighted`].
#[derive(Properties, PartialEq)]
pub struct HighlightedProps {
    /// Plain text (never interpreted as HTML).
    pub text: AttrValue,
    /// Byte ranges `[start, end)` to mark.
    #[prop_or_default]
    pub ranges: Vec<[usize; 2]>,
}

/// Renders `text` as text nodes, the highlighted byte ranges inside `<mark>`.
#[component]
pub fn Highlighted(props: &HighlightedProps) -> Html {
    segments(&props.text, &props.ranges)
        .into_iter()
        .map(|segment| {
            let text = segment.text.to_string();
            if segment.marked { html! { <mark>{ text }</mark> } } else { html! { { text } } }
        })
        .collect()
}
