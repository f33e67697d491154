//! The app: loads the index, runs searches, keeps the URL in step.

use super::empty_state::EmptyState;
use super::facets::FacetChips;
use super::filters::Filters;
use super::hit::hit_id;
use super::load_status::LoadStatus;
use super::results::ResultList;
use super::search_box::SearchBox;
use super::summary::Summary;
use crate::engine::Engine;
use crate::href::safe_href;
use crate::loader::{self, LoadMode};
use crate::query::{HistoryMode, Query, PAGE_SIZE};
use crate::state::{Action, AppState, Load, Related};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// How many related articles to show.
const RELATED_LIMIT: usize = 5;

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).reduce(action))
    }
}

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Absolute URL of the index directory, ending in `/`.
    pub index_base: AttrValue,
    /// Whole or lazy loading (see [`LoadMode`]).
    pub load: LoadMode,
}

type EngineCell = Rc<RefCell<Option<Rc<Engine>>>>;

/// The whole search UI.
#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(|| AppState::new(initial_query()));
    let engine: EngineCell = use_mut_ref(|| None);
    // The newest search, for lazy searches queued behind another operation.
    let latest_seq = use_mut_ref(|| 0u64);
    *latest_seq.borrow_mut() = state.seq;
    // The search the current history entry shows.
    let committed = use_mut_ref(url_query);
    let input_ref = use_node_ref();

    // `trovi.js` drew a plain search box and loaded the app when the visitor
    // showed intent: take its place with the text, caret and focus it had.
    {
        let dispatcher = state.dispatcher();
        let input_ref = input_ref.clone();
        use_effect_with((), move |_| {
            if let Some(shell) = crate::shell::Shell::find() {
                let text = shell.text();
                if !text.is_empty() && !has_url_query() {
                    dispatcher.dispatch(Action::SetText(text));
                }
                if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                    shell.hand_over(&input);
                }
            }
        });
    }

    // Download and open the index, once.
    {
        let dispatcher = state.dispatcher();
        let engine = engine.clone();
        let base = props.index_base.to_string();
        let mode = props.load;
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let progress = {
                    let dispatcher = dispatcher.clone();
                    move |received, total| dispatcher.dispatch(Action::Progress { received, total })
                };
                match loader::load(&base, mode, progress).await {
                    Ok(opened) => {
                        let documents = opened.doc_count();
                        let lazy = opened.is_lazy();
                        *engine.borrow_mut() = Some(Rc::new(opened));
                        dispatcher.dispatch(Action::Loaded { documents, lazy });
                    }
                    Err(error) => dispatcher.dispatch(Action::LoadFailed(error.message())),
                }
            });
        });
    }

    // Run the current search once the input has been still for the debounce
    // delay; a newer change cancels the timer (the effect's cleanup).
    {
        let dispatcher = state.dispatcher();
        let engine = engine.clone();
        let committed = committed.clone();
        let query = state.query.clone();
        let delay = state.delay_ms;
        let latest_seq = latest_seq.clone();
        use_effect_with((state.seq, state.ready()), move |&(seq, ready)| {
            // A lazily loaded index fetches what the words typed so far need
            // at once, while the search itself waits for the typing to pause.
            if let Some(engine) = engine.borrow().clone().filter(|e| ready && e.is_lazy() && !query.is_blank()) {
                let request = query.request(0, PAGE_SIZE);
                wasm_bindgen_futures::spawn_local(async move { engine.prefetch(request).await });
            }
            let timer = ready.then(|| {
                Timeout::new(delay, move || {
                    commit_to_history(&query, &committed);
                    if query.is_blank() {
                        return;
                    }
                    if let Some(engine) = engine.borrow().clone() {
                        // Lazily loaded indexes fetch while searching: the
                        // reducer drops an answer older than the query shown.
                        wasm_bindgen_futures::spawn_local(async move {
                            let wanted = move || *latest_seq.borrow() == seq;
                            if let Some(action) = run_search(&engine, &query, seq, 0, wanted).await {
                                dispatcher.dispatch(action);
                            }
                            // Results are on screen: a small bundle's rest can come now.
                            if engine.wants_rest() {
                                match engine.load_rest().await {
                                    Ok(()) => {}
                                    // Its checksums show damage: refuse the index rather than half-use it.
                                    Err(error @ (trovi_core::Error::CorruptBundle(_) | trovi_core::Error::NotABundle(_))) => {
                                        let url = engine.url().unwrap_or_default();
                                        dispatcher.dispatch(Action::LoadFailed(crate::load_error::LoadError::Open { url, error }.message()));
                                    }
                                    Err(error) => {
                                        gloo::console::warn!(format!("trovi: the rest of the index could not be loaded; searching it lazily: {error}"));
                                    }
                                }
                            }
                        });
                    }
                })
            });
            move || drop(timer)
        });
    }

    // Back/forward: restore the search the URL names.
    {
        let dispatcher = state.dispatcher();
        let committed = committed.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "popstate", move |_| {
                let query = url_query();
                *committed.borrow_mut() = query.clone();
                dispatcher.dispatch(Action::Restore(query));
            });
            move || drop(listener)
        });
    }

    // `/` anywhere on the page focuses the search box, unless typing in a field.
    {
        let input_ref = input_ref.clone();
        use_effect_with((), move |_| {
            let options = EventListenerOptions::enable_prevent_default();
            let listener = EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
                if event.key() != "/" || event.ctrl_key() || event.meta_key() || event.alt_key() || is_editable(event.target()) {
                    return;
                }
                if let Some(input) = input_ref.cast::<HtmlElement>() {
                    event.prevent_default();
                    let _ = input.focus();
                }
            });
            move || drop(listener)
        });
    }

    // Arrow keys move the focus through the hits.
    {
        let input_ref = input_ref.clone();
        use_effect_with(state.active, move |active| {
            let document = gloo::utils::document();
            match active {
                Some(index) => {
                    // Focus already inside the hit (on its buttons, say) stays where it is.
                    let item = document.get_element_by_id(&hit_id(*index)).filter(|item| {
                        !document.active_element().is_some_and(|el| item.contains(Some(el.unchecked_ref())))
                    });
                    if let Some(item) = item {
                        let target = item.query_selector(".trovi-hit-title a").ok().flatten().unwrap_or(item);
                        if let Some(target) = target.dyn_ref::<HtmlElement>() {
                            let _ = target.focus();
                        }
                    }
                }
                None => {
                    // Back above the first hit: return to the box, if the focus was in the list.
                    let in_list = document.active_element().is_some_and(|el| el.closest(".trovi-results").ok().flatten().is_some());
                    if in_list && let Some(input) = input_ref.cast::<HtmlElement>() {
                        let _ = input.focus();
                    }
                }
            }
        });
    }

    let onkeydown = {
        let dispatcher = state.dispatcher();
        let input_ref = input_ref.clone();
        let hit_count = state.page.as_ref().map_or(0, |p| p.hits.len());
        Callback::from(move |event: KeyboardEvent| {
            let in_box = input_ref.get().is_some_and(|input| event.target().is_some_and(|t| JsValue::from(t) == JsValue::from(input)));
            let in_list = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| el.closest(".trovi-results").ok().flatten().is_some());
            if !(in_box || in_list) || hit_count == 0 {
                return;
            }
            match event.key().as_str() {
                "ArrowDown" => {
                    event.prevent_default();
                    dispatcher.dispatch(Action::Move(1));
                }
                "ArrowUp" if in_list => {
                    event.prevent_default();
                    dispatcher.dispatch(Action::Move(-1));
                }
                "Escape" if in_list => dispatcher.dispatch(Action::SetActive(None)),
                _ => {}
            }
        })
    };
    // Focus arriving on a hit by other means (Tab, click) becomes the selection.
    let onfocusin = {
        let dispatcher = state.dispatcher();
        let active = state.active;
        Callback::from(move |event: FocusEvent| {
            let index = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".trovi-hit").ok().flatten())
                .and_then(|li| li.id().strip_prefix("trovi-hit-").and_then(|n| n.parse::<usize>().ok()));
            if index.is_some() && index != active {
                dispatcher.dispatch(Action::SetActive(index));
            }
        })
    };
    // Enter in the search box opens the selected hit (on a link, the browser does it).
    let onsubmit = {
        let state = state.clone();
        let input_ref = input_ref.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let active_element = gloo::utils::document().active_element();
            let from_box = input_ref.get().is_some_and(|input| active_element.is_some_and(|el| JsValue::from(el) == JsValue::from(input)));
            if !from_box {
                return;
            }
            let hit = state.active.and_then(|i| state.page.as_ref().and_then(|p| p.hits.get(i)));
            if let Some(href) = hit.and_then(|h| h.url.as_deref()).and_then(safe_href) {
                let _ = gloo::utils::window().location().set_href(&href);
            }
        })
    };

    let dispatch = |make: fn(String) -> Action| state.dispatcher().to_callback().reform(make);
    let oninput = dispatch(Action::SetText);
    let ontag = dispatch(Action::ToggleTag);
    let onauthor = dispatch(Action::ToggleAuthor);
    let onafter = dispatch(Action::SetAfter);
    let onbefore = dispatch(Action::SetBefore);
    let onsort = state.dispatcher().to_callback().reform(Action::SetSort);
    let onfuzzy = state.dispatcher().to_callback().reform(Action::SetFuzzy);
    let onclear = state.dispatcher().to_callback().reform(|()| Action::ClearFilters);
    let onfuzzy_on = state.dispatcher().to_callback().reform(|()| Action::SetFuzzy(true));
    let onrelated = {
        let dispatcher = state.dispatcher();
        let engine = engine.clone();
        let shown = state.related.as_ref().map(|r| r.id.clone());
        Callback::from(move |id: String| {
            if shown.as_ref() == Some(&id) {
                dispatcher.dispatch(Action::HideRelated);
                return;
            }
            let Some(engine) = engine.borrow().clone() else { return };
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let hits = engine.related(&id, RELATED_LIMIT).await.map_err(|e| e.to_string());
                dispatcher.dispatch(Action::ShowRelated(Related { id, hits }));
            });
        })
    };
    let onmore = {
        let dispatcher = state.dispatcher();
        let engine = engine.clone();
        let page = state.page.clone().filter(|_| state.settled());
        Callback::from(move |()| {
            let (Some(page), Some(engine)) = (page.clone(), engine.borrow().clone()) else { return };
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(action) = run_search(&engine, &page.query, page.seq, page.hits.len(), || true).await {
                    dispatcher.dispatch(action);
                }
            });
        })
    };

    let documents = match state.load {
        Load::Ready { documents } => Some(documents),
        _ => None,
    };
    let page = state.page.as_ref().filter(|_| !state.query.is_blank());
    let busy = !state.settled();
    let summary_total = page.filter(|p| p.total > 0 || !busy).map(|p| p.total);

    html! {
        <div class="trovi" onkeydown={onkeydown} onfocusin={onfocusin}>
            <form class="trovi-form" role="search" onsubmit={onsubmit} action="">
                <SearchBox value={state.query.text.clone()} {oninput} input_ref={input_ref.clone()} {documents}
                    disabled={matches!(state.load, Load::Failed(_))} />
                <Filters sort={state.query.sort} after={state.query.after.clone()} before={state.query.before.clone()}
                    fuzzy={state.query.fuzzy} {onsort} {onafter} {onbefore} {onfuzzy} />
            </form>
            <LoadStatus load={state.load.clone()} />
            <Summary total={summary_total} took_us={page.map_or(0, |p| p.took_us)}
                relaxed={page.and_then(|p| p.relaxed.clone())} />
            if let Some(message) = &state.error {
                <p class="trovi-error" role="alert">{ format!("The search failed: {message}") }</p>
            }
            if let Some(page) = page {
                <FacetChips tags={page.facets.tags.clone()} authors={page.facets.authors.clone()}
                    selected_tags={state.query.tags.clone()} selected_author={state.query.author.clone()}
                    ontag={ontag.clone()} {onauthor} />
                if !page.common_words.is_empty() {
                    <p class="trovi-note trovi-muted">{ common_words_note(&page.common_words, page.titles_only) }</p>
                }
                if page.facets_omitted {
                    <p class="trovi-note trovi-muted">{ "Tag and author counts are not shown: this index is too large to count them in the browser." }</p>
                }
                if page.hits.is_empty() {
                    <EmptyState text={page.query.text.clone()} has_filters={page.query.has_filters()}
                        fuzzy_total={page.fuzzy_total} {onclear} onfuzzy={onfuzzy_on} />
                } else {
                    <ResultList hits={page.hits.clone()} total={page.total} active={state.active}
                        related={state.related.clone()} {busy} {onmore} {onrelated} {ontag} />
                }
            } else if state.ready() && state.query.is_blank() {
                <p class="trovi-intro trovi-muted">
                    { "Type to search. Press " }<kbd>{ "/" }</kbd>{ " to jump to the search box, ↓ and ↑ to move through results." }
                </p>
            }
        </div>
    }
}

/// Says which words were too common to search everywhere.
fn common_words_note(words: &[String], titles_only: bool) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("“{w}”")).collect();
    if titles_only {
        format!("Only titles were searched: {} is too common in this index to search in every article.", quoted.join(", "))
    } else {
        format!("Left out {}: too common in this index to narrow the search.", quoted.join(", "))
    }
}

/// Runs one page of a search and returns the action that reports it (none
/// when `wanted` says, before a lazy search starts, that it is stale).
async fn run_search(engine: &Engine, query: &Query, seq: u64, offset: usize, wanted: impl Fn() -> bool) -> Option<Action> {
    let started = now_ms();
    match engine.search(&query.request(offset, PAGE_SIZE), &wanted).await {
        Ok(None) => None,
        Ok(Some(results)) => {
            let took_us = ((now_ms() - started).max(0.0) * 1000.0) as u64;
            // Nothing found without typo tolerance: count what it would find with it.
            let fuzzy_total = if offset == 0 && results.total == 0 && !query.fuzzy && !query.text.trim().is_empty() {
                let with_fuzzy = Query { fuzzy: true, ..query.clone() };
                engine.search(&with_fuzzy.request(0, 1).facets(false), &wanted).await.ok().flatten().map(|r| r.total).filter(|&total| total > 0)
            } else {
                None
            };
            Some(Action::Results { seq, offset, results, fuzzy_total, took_us })
        }
        Err(error) => Some(Action::SearchFailed { seq, message: search_error_message(&error) }),
    }
}

/// A failed search in words: a network failure (already tried twice) says so
/// and that typing again retries; anything else is shown as it is.
fn search_error_message(error: &trovi_core::Error) -> String {
    match error {
        trovi_core::Error::Fetch(detail) => {
            format!("part of the search index could not be downloaded ({detail}). Check your connection; the next keystroke tries again.")
        }
        other => other.to_string(),
    }
}

/// Writes the committed search into the URL: a new history entry for a new
/// search, the same entry rewritten while the query is being refined.
fn commit_to_history(query: &Query, committed: &RefCell<Query>) {
    let mode = query.history_mode(&committed.borrow());
    *committed.borrow_mut() = query.clone();
    if mode == HistoryMode::Keep {
        return;
    }
    let window = gloo::utils::window();
    let location = window.location();
    let (Ok(path), Ok(search), Ok(hash)) = (location.pathname(), location.search(), location.hash()) else { return };
    let url = format!("{path}{}{hash}", query.merged_into(&search));
    let Ok(history) = window.history() else { return };
    let _ = match mode {
        HistoryMode::Push => history.push_state_with_url(&JsValue::NULL, "", Some(&url)),
        _ => history.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
    };
}

/// The search to start with: the one the page URL names, else what the
/// visitor typed into `trovi.js`'s box before the app took over.
fn initial_query() -> Query {
    let query = url_query();
    if !query.text.is_empty() {
        return query;
    }
    match crate::shell::Shell::find().map(|shell| shell.text()).filter(|text| !text.is_empty()) {
        Some(text) => Query { text, ..query },
        None => query,
    }
}

/// Whether the page URL names a search (`?q=`).
fn has_url_query() -> bool {
    !url_query().text.is_empty()
}

/// The search the page URL names.
fn url_query() -> Query {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    Query::from_url_search(&search)
}

/// Whether key presses on `target` are typing (so `/` must not be taken).
fn is_editable(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) else { return false };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || element.is_content_editable()
}

/// Milliseconds from the page's clock (`performance.now()`, else `Date.now()`).
fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or_else(js_sys::Date::now, |p| p.now())
}
