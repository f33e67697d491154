//! trovi-web: the trovi search app for the browser.
//!
//! A yew client that downloads a prebuilt index bundle (`trovi index … --out DIR`)
//! and searches it in the page, with no server beyond static files.
//!
//! The same app serves as a full-page demo and as a widget mounted into a host
//! page: it mounts into the element `#trovi-search` when there is one (reading
//! the index location from its `data-index` attribute), else into `<body>`;
//! the index location defaults to `./index/` relative to the page.
//!
//! Only the target-independent logic is compiled on the host (for its tests);
//! the components, the loader and the entry point are wasm32-only.

pub mod format;
pub mod highlight;
pub mod href;
pub mod load_error;
pub mod query;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod config;
#[cfg(target_arch = "wasm32")]
mod engine;
#[cfg(target_arch = "wasm32")]
mod loader;
#[cfg(target_arch = "wasm32")]
mod shell;

#[cfg(target_arch = "wasm32")]
pub use wasm::start;

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    /// Mounts the app. Runs when the module is instantiated.
    ///
    /// The app renders into an element of its own inside the host, so that
    /// the search box `trovi.js` drew there stays until the app has taken
    /// over its text, caret and focus (yew empties the element it mounts in).
    #[wasm_bindgen(start)]
    pub fn start() {
        let config = crate::config::Config::from_page();
        let root = gloo::utils::document().create_element("div").unwrap_or_else(|_| config.mount.clone());
        if root != config.mount {
            root.set_class_name("trovi-root");
            let _ = config.mount.append_child(&root);
        }
        yew::Renderer::<crate::components::app::App>::with_root_and_props(
            root,
            crate::components::app::AppProps { index_base: config.index_base.into(), load: config.load },
        )
        .render();
    }
}
