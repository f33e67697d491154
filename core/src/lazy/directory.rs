//! A read-only tantivy `Directory` whose files are served from the range
//! cache; a read of bytes not fetched yet is recorded and fails.

use super::cache::RangeCache;
use crate::bundle::BundleHeader;
use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::OpenReadError;
use tantivy::directory::{FileHandle, OwnedBytes};
use tantivy::{Directory, HasLen};

/// The message of the I/O error a read of unfetched bytes gets.
pub(crate) const NOT_FETCHED: &str = "bytes of the bundle not fetched yet";

#[derive(Clone, Debug)]
pub(crate) struct LazyDirectory {
    /// name → (absolute offset, length)
    files: Arc<HashMap<PathBuf, (u64, u64)>>,
    cache: Arc<RangeCache>,
}

impl LazyDirectory {
    pub(crate) fn new(header: &BundleHeader, cache: Arc<RangeCache>) -> LazyDirectory {
        let files = header.files.iter().map(|f| (PathBuf::from(&f.name), (f.offset, f.len))).collect();
        LazyDirectory { files: Arc::new(files), cache }
    }

    fn handle(&self, path: &Path) -> Result<LazyFile, OpenReadError> {
        let &(offset, len) = self.files.get(path).ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        Ok(LazyFile { offset, len: len as usize, cache: self.cache.clone() })
    }
}

/// One file of the bundle: `len` bytes at `offset`.
#[derive(Debug)]
struct LazyFile {
    offset: u64,
    len: usize,
    cache: Arc<RangeCache>,
}

impl HasLen for LazyFile {
    fn len(&self) -> usize {
        self.len
    }
}

#[async_trait::async_trait]
impl FileHandle for LazyFile {
    /// Fetched bytes at once; missing bytes are recorded and the future never
    /// completes. Only [`poll_once`] drives these futures: polling tantivy's
    /// async warm-up once records every range it would read concurrently
    /// (postings and positions of a term, say) in one pass.
    async fn read_bytes_async(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        match self.read_bytes(range) {
            Ok(bytes) => Ok(bytes),
            Err(_) => std::future::pending().await,
        }
    }

    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.start > range.end || range.end > self.len {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "read beyond the end of a bundle file"));
        }
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        let absolute = self.offset + range.start as u64..self.offset + range.end as u64;
        match self.cache.get(absolute.clone()) {
            Some(bytes) => Ok(bytes),
            None => {
                self.cache.miss(absolute);
                Err(io::Error::other(NOT_FETCHED))
            }
        }
    }
}

/// Polls a future once and drops it: on a lazily opened index, runs
/// tantivy's async warm-up as far as fetched bytes allow, recording what it
/// would fetch next.
pub(crate) fn poll_once<F: std::future::Future>(future: F) {
    let mut future = std::pin::pin!(future);
    let _ = future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
}

impl Directory for LazyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        Ok(Arc::new(self.handle(path)?))
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.files.contains_key(path))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let file = self.handle(path)?;
        file.read_bytes(0..file.len)
            .map(|bytes| bytes.as_slice().to_vec())
            .map_err(|e| OpenReadError::IoError { io_error: Arc::new(e), filepath: path.to_path_buf() })
    }

    crate::bundle::read_only_directory_methods!();
}
