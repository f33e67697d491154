//! Why the index could not be loaded, in words a site visitor or owner can act on.

use trovi_core::Error;

/// A failure while fetching or opening the index.
#[derive(Debug)]
pub enum LoadError {
    /// The server answered 404 (or 410) for `url`.
    NotFound {
        /// What was requested.
        url: String,
    },
    /// The server answered with another error status.
    Http {
        /// What was requested.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The request did not complete (offline, DNS, CORS, connection reset).
    Network {
        /// What was requested.
        url: String,
        /// The browser's description.
        detail: String,
    },
    /// `trovi.json` is not a trovi manifest.
    BadManifest {
        /// The manifest URL.
        url: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The bundle arrived but trovi could not open it.
    Open {
        /// The bundle URL.
        url: String,
        /// The error from trovi-core.
        error: Error,
    },
}

impl LoadError {
    /// A one-paragraph explanation for people.
    pub fn message(&self) -> String {
        match self {
            LoadError::NotFound { url } => format!(
                "No search index was found at {url} (HTTP 404). \
                 Build one with `trovi index <articles> --out <dir>` and publish the directory at this address."
            ),
            LoadError::Http { url, status } => {
                format!("The server could not deliver the search index ({url} answered HTTP {status}). Try again later.")
            }
            LoadError::Network { url, detail } => format!(
                "The search index could not be downloaded from {url} because of a network error ({detail}). \
                 Check your connection and reload the page."
            ),
            LoadError::BadManifest { url, detail } => format!(
                "{url} is not a trovi index manifest: {detail}. Rebuild the index with `trovi index`."
            ),
            LoadError::Open { url, error } => match error {
                Error::NotABundle(detail) => {
                    format!("The file at {url} is not a trovi search index: {detail}. Rebuild the index with `trovi index`.")
                }
                Error::UnsupportedVersion { found, supported } => format!(
                    "The search index was built by a different version of trovi (index format {found}; \
                     this page reads format {supported}). Rebuild the index with the trovi that matches this page."
                ),
                Error::CorruptBundle(detail) => format!(
                    "The search index is damaged: {detail}. Reload the page; if this persists, rebuild and republish the index."
                ),
                other => format!("The search index could not be opened: {other}."),
            },
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_own_message() {
        let url = "https://example.com/index/trovi.json".to_string();
        let messages = [
            LoadError::NotFound { url: url.clone() },
            LoadError::Http { url: url.clone(), status: 500 },
            LoadError::Network { url: url.clone(), detail: "TypeError: Failed to fetch".into() },
            LoadError::BadManifest { url: url.clone(), detail: "missing field `bundle`".into() },
            LoadError::Open { url: url.clone(), error: Error::NotABundle("wrong magic".into()) },
            LoadError::Open { url: url.clone(), error: Error::UnsupportedVersion { found: 2, supported: 1 } },
            LoadError::Open { url: url.clone(), error: Error::CorruptBundle("checksum mismatch".into()) },
        ]
        .map(|e| e.message());
        assert!(messages[0].contains("No search index was found") && messages[0].contains(&url));
        assert!(messages[1].contains("HTTP 500"));
        assert!(messages[2].contains("network error"));
        assert!(messages[3].contains("not a trovi index manifest"));
        assert!(messages[4].contains("not a trovi search index"));
        assert!(messages[5].contains("different version of trovi") && messages[5].contains("format 2"));
        assert!(messages[6].contains("damaged"));
        let unique: std::collections::BTreeSet<_> = messages.iter().collect();
        assert_eq!(unique.len(), messages.len());
    }
}
