//! The one tantivy `Directory` of trovi: the files of a bundle, read from
//! its range cache. A file whose bytes are all present (every file of a
//! bundle read whole) is served as one zero-copy slice; a read of bytes not
//! fetched yet is recorded for the operation that made it
//! ([`super::misses`]) and fails.

use super::cache::RangeCache;
use super::misses;
use crate::bundle::BundleHeader;
use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr};
use tantivy::{Directory, HasLen};

/// The message of the I/O error a read of unfetched bytes gets.
pub(crate) const NOT_FETCHED: &str = "bytes of the bundle not fetched yet";

#[derive(Clone, Debug)]
pub(crate) struct BundleDirectory {
    /// name → (absolute offset, length)
    files: Arc<HashMap<PathBuf, (u64, u64)>>,
    cache: Arc<RangeCache>,
}

impl BundleDirectory {
    pub(crate) fn new(header: &BundleHeader, cache: Arc<RangeCache>) -> BundleDirectory {
        let files = header.files.iter().map(|f| (PathBuf::from(&f.name), (f.offset, f.len))).collect();
        BundleDirectory { files: Arc::new(files), cache }
    }

    fn handle(&self, path: &Path) -> Result<RangeFile, OpenReadError> {
        let &(offset, len) = self.files.get(path).ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        Ok(RangeFile { offset, len: len as usize, cache: self.cache.clone() })
    }
}

/// One file of the bundle: `len` bytes at `offset`.
#[derive(Debug)]
struct RangeFile {
    offset: u64,
    len: usize,
    cache: Arc<RangeCache>,
}

impl HasLen for RangeFile {
    fn len(&self) -> usize {
        self.len
    }
}

#[async_trait::async_trait]
impl FileHandle for RangeFile {
    /// Present bytes at once; missing bytes are recorded and the future never
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
                misses::record(absolute);
                Err(io::Error::other(NOT_FETCHED))
            }
        }
    }
}

/// Polls a future once and drops it: on a bundle with bytes missing, runs
/// tantivy's async warm-up as far as present bytes allow, recording what it
/// would fetch next.
pub(crate) fn poll_once<F: std::future::Future>(future: F) {
    let mut future = std::pin::pin!(future);
    let _ = future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
}

/// The error of every write to a bundle directory.
fn read_only() -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, "a trovi bundle is read-only")
}

impl Directory for BundleDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let file = self.handle(path)?;
        // All present (a bundle read whole, or a file the hot cache holds):
        // tantivy gets the bytes themselves and never comes back here.
        match self.cache.get(file.offset..file.offset + file.len as u64) {
            Some(bytes) if file.len > 0 => Ok(Arc::new(bytes)),
            _ => Ok(Arc::new(file)),
        }
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

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError { io_error: Arc::new(read_only()), filepath: path.to_path_buf() })
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError { io_error: Arc::new(read_only()), filepath: path.to_path_buf() })
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    // Nothing ever writes, so there is nothing to lock (tantivy's default
    // creates a lock file, which a read-only directory must not).
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::directory::INDEX_WRITER_LOCK;

    fn directory(present: bool) -> BundleDirectory {
        let header = BundleHeader {
            trovi: "0".into(),
            tantivy: "0".into(),
            language: "english".into(),
            documents: 0,
            files: vec![crate::bundle::BundleFile { name: "a.json".into(), offset: 8, len: 4, crc32: 0 }],
        };
        let cache = Arc::new(RangeCache::default());
        if present {
            cache.insert(0, OwnedBytes::new(b"TROVIBDLdata".to_vec()));
        }
        BundleDirectory::new(&header, cache)
    }

    #[test]
    fn is_read_only() {
        let dir = directory(true);
        let path = Path::new("a.json");
        let denied = |e: &io::Error| {
            assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
            assert_eq!(e.to_string(), "a trovi bundle is read-only");
        };
        assert!(dir.exists(path).unwrap());
        match dir.delete(path) {
            Err(DeleteError::IoError { io_error, filepath }) => {
                denied(&io_error);
                assert_eq!(filepath, path);
            }
            other => panic!("delete: {other:?}"),
        }
        match dir.open_write(path) {
            Err(OpenWriteError::IoError { io_error, filepath }) => {
                denied(&io_error);
                assert_eq!(filepath, path);
            }
            Err(other) => panic!("open_write: {other:?}"),
            Ok(_) => panic!("open_write succeeded"),
        }
        denied(&dir.atomic_write(path, b"x").unwrap_err());
        dir.sync_directory().unwrap();
        // No lock file: the exclusive writer lock is granted twice at once.
        let _first = dir.acquire_lock(&INDEX_WRITER_LOCK).unwrap();
        let _second = dir.acquire_lock(&INDEX_WRITER_LOCK).unwrap();
        let _watch = dir.watch(WatchCallback::new(|| {})).unwrap();
    }

    #[test]
    fn present_files_are_read_and_missing_ones_recorded_by_the_operation() {
        let path = Path::new("a.json");
        assert_eq!(directory(true).atomic_read(path).unwrap(), b"data");
        let (result, misses) = misses::recording(|| directory(false).atomic_read(path));
        assert!(result.unwrap_err().to_string().contains(NOT_FETCHED));
        assert_eq!(misses, vec![8..12]);
        // Outside an operation, the read fails all the same.
        assert!(directory(false).atomic_read(path).is_err());
    }
}
