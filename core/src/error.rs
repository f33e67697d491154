//! The one error type of trovi-core.

use std::path::PathBuf;

/// Everything that can go wrong in trovi-core.
///
/// Messages name the file (and line, where there is one) so a site owner can
/// find the offending input. User query text never produces an error: malformed
/// syntax degrades to plain words.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// An input file (or one record in it) could not be understood.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        /// The input file.
        path: PathBuf,
        /// The 1-based line, where the format has lines.
        line: Option<usize>,
        /// What is wrong, in words.
        message: String,
    },
    /// The bytes are not a trovi bundle at all (wrong magic, truncated header).
    #[error("not a trovi bundle: {0}")]
    NotABundle(String),
    /// The bundle was written by a trovi with another bundle format.
    #[error(
        "bundle format version {found} is not supported: this trovi reads version {supported} (rebuild the bundle with this trovi)"
    )]
    UnsupportedVersion {
        /// The version found in the bundle.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The bundle is damaged: a checksum, length or file table does not add up.
    #[error("corrupt bundle: {0}")]
    CorruptBundle(String),
    /// An error from the tantivy index underneath.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Fetching part of a lazily loaded bundle failed.
    #[error("fetching the index: {0}")]
    Fetch(String),
    /// An operation read bytes of the bundle that are not fetched yet. The
    /// [`Engine`](crate::Engine) fetches them and runs it again; a caller
    /// sees this only when it gives up (see [`crate::MAX_FETCH_ROUNDS`]).
    #[error("fetching the index: {} byte range(s) not fetched yet, from byte {}", ranges.len(), ranges.first().map_or(0, |r| r.start))]
    NotFetched {
        /// The ranges the operation missed, in the order it read them.
        ranges: Vec<std::ops::Range<u64>>,
    },
    /// An argument given by the calling program is out of range or unknown.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

impl Error {
    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// An [`Error::Input`] for `path` at an optional 1-based `line`.
    pub fn input(path: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Error::Input { path: path.into(), line, message: message.into() }
    }
}

/// `Result` with trovi's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
