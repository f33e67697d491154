//! The search box `trovi.js` draws before the app is loaded (plain DOM, the
//! same classes as the app's), and its hand-over to the app: the visitor's
//! text, caret and focus move to the app's own input, then the shell goes.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

/// The attribute `trovi.js` marks its box with.
const SHELL_SELECTOR: &str = "[data-trovi-shell]";

/// The box drawn by `trovi.js`.
pub struct Shell {
    root: Element,
    input: Option<HtmlInputElement>,
}

impl Shell {
    /// The shell in the page, if `trovi.js` drew one.
    pub fn find() -> Option<Shell> {
        let root = gloo::utils::document().query_selector(SHELL_SELECTOR).ok().flatten()?;
        let input = root.query_selector("input").ok().flatten().and_then(|el| el.dyn_into::<HtmlInputElement>().ok());
        Some(Shell { root, input })
    }

    /// What the visitor has typed into it.
    pub fn text(&self) -> String {
        self.input.as_ref().map(HtmlInputElement::value).unwrap_or_default()
    }

    /// Gives `input` the shell's text, caret and focus, and removes the shell.
    pub fn hand_over(self, input: &HtmlInputElement) {
        if let Some(shell) = &self.input {
            let focused = gloo::utils::document().active_element().is_some_and(|el| el == *shell.unchecked_ref::<Element>());
            let value = shell.value();
            let caret = (shell.selection_start().ok().flatten(), shell.selection_end().ok().flatten());
            if input.value() != value {
                input.set_value(&value);
            }
            if focused {
                let _ = input.focus();
                if let (Some(start), Some(end)) = caret {
                    let _ = input.set_selection_range(start, end);
                }
            }
        }
        self.root.remove();
    }
}
