//! Fetching the index: `trovi.json`, then the bundle it names: whole
//! (streamed with progress), or lazily (its head, then ranges per search).

use crate::config::join;
use crate::engine::Engine;
use crate::load_error::LoadError;
use gloo::net::http::{Request, Response};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The fields of `trovi.json` the app needs (the file has more).
#[derive(Deserialize)]
struct Manifest {
    format_version: u32,
    bundle: String,
    #[serde(default)]
    size: Option<u64>,
    /// Bytes of header and hot cache (absent before lazy loading existed).
    #[serde(default)]
    head: Option<u64>,
}

/// How to load the bundle: `data-load="auto|lazy|whole"` on the host element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoadMode {
    /// Lazily from the head; bundles of at most
    /// [`trovi_core::WHOLE_AFTER_FIRST_SEARCH_BYTES`] are then downloaded
    /// whole in the background once the first results are shown.
    #[default]
    Auto,
    /// Always download the whole bundle before the first search.
    Whole,
    /// Always lazily (when the bundle has a hot cache), never whole.
    Lazy,
}

impl LoadMode {
    /// Parses the attribute value; anything else is `Auto`.
    pub fn parse(value: &str) -> LoadMode {
        match value.trim() {
            "whole" => LoadMode::Whole,
            "lazy" => LoadMode::Lazy,
            _ => LoadMode::Auto,
        }
    }
}

/// What `trovi.js` already asked for when the visitor showed intent, so that
/// no request waits on another it need not (`window.__troviBoot`): the
/// manifest (its text, when `trovi index --site` wrote it into `trovi.js`,
/// else the pending `fetch` of `trovi.json`) and, with an inline manifest,
/// the pending Range request for the bundle's head.
struct Boot {
    manifest: Option<JsValue>,
    head: Option<JsValue>,
}

impl Boot {
    /// Takes the boot object left for the index at `base` (only once).
    fn take(base: &str) -> Option<Boot> {
        let window = gloo::utils::window();
        let key = JsValue::from_str("__troviBoot");
        let boot = js_sys::Reflect::get(&window, &key).ok().filter(|b| b.is_object())?;
        let _ = js_sys::Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
        let field = |name: &str| js_sys::Reflect::get(&boot, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null());
        (field("base")?.as_string()? == base).then(|| Boot { manifest: field("manifest"), head: field("head") })
    }
}

/// Downloads and opens the index in the directory `base` (absolute, ending in `/`).
/// `progress(received, total)` is called as bundle bytes arrive.
pub async fn load(base: &str, mode: LoadMode, progress: impl Fn(u64, Option<u64>)) -> Result<Engine, LoadError> {
    match Boot::take(base) {
        Some(boot) => {
            let inline = boot.manifest.as_ref().is_some_and(JsValue::is_string);
            match load_with(base, mode, boot, &progress).await {
                // A manifest written into trovi.js can be older than the index
                // published since: ask the server for the current one.
                Err(LoadError::NotFound { .. } | LoadError::Http { .. }) if inline => {
                    load_with(base, mode, Boot { manifest: None, head: None }, &progress).await
                }
                other => other,
            }
        }
        None => load_with(base, mode, Boot { manifest: None, head: None }, &progress).await,
    }
}

async fn load_with(base: &str, mode: LoadMode, boot: Boot, progress: &impl Fn(u64, Option<u64>)) -> Result<Engine, LoadError> {
    let manifest_url = join(base, trovi_core::MANIFEST_NAME);
    let text = match boot.manifest {
        Some(text) if text.is_string() => text.as_string().unwrap_or_default(),
        pending => {
            let response = match pending {
                Some(pending) => settle(&manifest_url, pending).await?,
                None => get(&manifest_url, None).await?,
            };
            response.text().await.map_err(|e| LoadError::Network { url: manifest_url.clone(), detail: e.to_string() })?
        }
    };
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|e| LoadError::BadManifest { url: manifest_url.clone(), detail: e.to_string() })?;
    let bundle_url = join(&manifest_url, &manifest.bundle);
    // A manifest of another format names a bundle this build cannot read: say so
    // before downloading megabytes.
    if manifest.format_version != trovi_core::FORMAT_VERSION {
        return Err(LoadError::Open {
            url: bundle_url,
            error: trovi_core::Error::UnsupportedVersion {
                found: manifest.format_version,
                supported: trovi_core::FORMAT_VERSION,
            },
        });
    }
    let lazy = match (mode, manifest.head, manifest.size) {
        (LoadMode::Whole, _, _) | (_, None, _) | (_, _, None) => None,
        (LoadMode::Lazy, Some(head), Some(size)) => Some((head, size, false)),
        (LoadMode::Auto, Some(head), Some(size)) => Some((head, size, size <= trovi_core::WHOLE_AFTER_FIRST_SEARCH_BYTES)),
    };
    if let Some((head, size, whole_later)) = lazy {
        progress(0, Some(head));
        let response = match boot.head {
            Some(pending) => settle(&bundle_url, pending).await?,
            None => get(&bundle_url, Some(head)).await?,
        };
        if response.status() == 206 {
            let bytes = read_body(&bundle_url, response, Some(head), progress).await?;
            return Engine::open_lazy(bytes, size, bundle_url.clone(), whole_later)
                .await
                .map_err(|error| LoadError::Open { url: bundle_url, error });
        }
        // The server sent the whole file: use it, and say why it was not lazy.
        gloo::console::warn!(format!(
            "trovi: {bundle_url} was served whole: the server ignores HTTP Range requests, so the index \
             cannot load lazily ({size} bytes downloaded instead of about {head})"
        ));
        let bytes = read_body(&bundle_url, response, Some(size), progress).await?;
        return Engine::open(bytes).map_err(|error| LoadError::Open { url: bundle_url, error });
    }
    progress(0, manifest.size);

    let response = get(&bundle_url, None).await?;
    let bytes = read_body(&bundle_url, response, manifest.size, progress).await?;
    Engine::open(bytes).map_err(|error| LoadError::Open { url: bundle_url, error })
}

/// A `fetch` that `trovi.js` started, as a response (errors as from [`get`]).
async fn settle(url: &str, pending: JsValue) -> Result<Response, LoadError> {
    let promise = js_sys::Promise::resolve(&pending);
    let raw = JsFuture::from(promise).await.map_err(|e| LoadError::Network { url: url.to_string(), detail: describe(&e) })?;
    let raw: web_sys::Response =
        raw.dyn_into().map_err(|_| LoadError::Network { url: url.to_string(), detail: "not a response".into() })?;
    checked(url, Response::from(raw))
}

/// GET `url` (with `first`: only its first bytes; a server that ignores
/// Range sends all), turning failures and error statuses into [`LoadError`]s.
async fn get(url: &str, first: Option<u64>) -> Result<Response, LoadError> {
    let mut request = Request::get(url);
    if let Some(len) = first {
        request = request.header("Range", &format!("bytes=0-{}", len.saturating_sub(1)));
    }
    let response = request.send().await.map_err(|e| LoadError::Network { url: url.to_string(), detail: e.to_string() })?;
    checked(url, response)
}

/// Error statuses as [`LoadError`]s.
fn checked(url: &str, response: Response) -> Result<Response, LoadError> {
    match response.status() {
        200..=299 => Ok(response),
        404 | 410 => Err(LoadError::NotFound { url: url.to_string() }),
        status => Err(LoadError::Http { url: url.to_string(), status }),
    }
}

/// Reads the whole body, reporting progress chunk by chunk where the browser
/// streams bodies (all current ones do), else in one go.
async fn read_body(
    url: &str,
    response: Response,
    size: Option<u64>,
    progress: &impl Fn(u64, Option<u64>),
) -> Result<Vec<u8>, LoadError> {
    let network = |e: JsValue| LoadError::Network { url: url.to_string(), detail: describe(&e) };
    let total = size.or_else(|| response.headers().get("content-length").and_then(|v| v.parse().ok()));
    let Some(body) = response.body() else {
        let bytes = response.binary().await.map_err(|e| LoadError::Network { url: url.to_string(), detail: e.to_string() })?;
        progress(bytes.len() as u64, total);
        return Ok(bytes);
    };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    // Cap the up-front reservation: `size` comes from a file on the server.
    let capacity = total.unwrap_or(0).min(256 << 20) as usize;
    let mut bytes = Vec::with_capacity(capacity);
    let mut last_percent = None;
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(network)?;
        let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done")).map_err(network)?;
        if done.as_bool().unwrap_or(false) {
            break;
        }
        let value = js_sys::Reflect::get(&chunk, &JsValue::from_str("value")).map_err(network)?;
        let array: js_sys::Uint8Array = value.dyn_into().map_err(network)?;
        let start = bytes.len();
        bytes.resize(start + array.length() as usize, 0);
        array.copy_to(&mut bytes[start..]);
        // Re-render at most once per percent.
        let percent = crate::format::percent(bytes.len() as u64, total);
        if percent.is_none() || percent != last_percent {
            last_percent = percent;
            progress(bytes.len() as u64, total);
        }
    }
    progress(bytes.len() as u64, total);
    Ok(bytes)
}

/// A JavaScript error value as text.
fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}
