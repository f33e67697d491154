//! Where to mount and where the index is, read from the host page.

/// The id of the element the app mounts into, when the page has one.
pub const MOUNT_ID: &str = "trovi-search";

/// The index location when the page does not say: a folder beside the page.
pub const DEFAULT_INDEX: &str = "./index/";

/// The app's configuration.
pub struct Config {
    /// Absolute URL of the index directory (ends with `/`), holding `trovi.json`.
    pub index_base: String,
    /// The element to render into.
    pub mount: web_sys::Element,
    /// `data-load` of the host element (or `?load=` in the page URL).
    pub load: crate::loader::LoadMode,
}

impl Config {
    /// Reads the configuration from the page: `<div id="trovi-search" data-index="…">`
    /// if present, else `<body>` and [`DEFAULT_INDEX`].
    ///
    /// # Panics
    /// When there is no `document` or `<body>` (not a page).
    pub fn from_page() -> Config {
        let document = gloo::utils::document();
        let host = document.get_element_by_id(MOUNT_ID);
        let raw = host
            .as_ref()
            .and_then(|el| el.get_attribute("data-index"))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| DEFAULT_INDEX.to_string());
        let load = host
            .as_ref()
            .and_then(|el| el.get_attribute("data-load"))
            .or_else(|| {
                let search = gloo::utils::window().location().search().ok()?;
                web_sys::UrlSearchParams::new_with_str(&search).ok()?.get("load")
            })
            .map(|v| crate::loader::LoadMode::parse(&v))
            .unwrap_or_default();
        let mount = host.unwrap_or_else(|| gloo::utils::body().into());
        Config { index_base: resolve_dir(&raw), mount, load }
    }
}

/// `raw` resolved against the page's base URL, with a trailing `/`.
fn resolve_dir(raw: &str) -> String {
    let raw = if raw.ends_with('/') { raw.to_string() } else { format!("{raw}/") };
    let base = gloo::utils::document().base_uri().ok().flatten().unwrap_or_default();
    web_sys::Url::new_with_base(&raw, &base).map(|url| url.href()).unwrap_or(raw)
}

/// `name` resolved against the directory URL `base`.
pub fn join(base: &str, name: &str) -> String {
    web_sys::Url::new_with_base(name, base).map(|url| url.href()).unwrap_or_else(|_| format!("{base}{name}"))
}
