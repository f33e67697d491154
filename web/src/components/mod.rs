//! The app's components, one per file.

pub mod app;
pub mod empty_state;
pub mod facets;
pub mod filters;
pub mod highlighted;
pub mod hit;
pub mod load_status;
pub mod related;
pub mod results;
pub mod search_box;
pub mod summary;
