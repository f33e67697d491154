//! A read-only tantivy `Directory` over the files of a bundle in memory.

use super::BundleHeader;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr};
use tantivy::Directory;

/// Serves each bundle file as a zero-copy slice of the bundle bytes.
#[derive(Clone, Debug)]
pub(crate) struct BundleDirectory {
    files: Arc<HashMap<PathBuf, OwnedBytes>>,
}

impl BundleDirectory {
    pub(crate) fn new(bytes: OwnedBytes, header: &BundleHeader) -> crate::Result<BundleDirectory> {
        let mut files = HashMap::with_capacity(header.files.len());
        for file in &header.files {
            let start = file.offset as usize;
            let end = start + file.len as usize;
            if end > bytes.len() {
                return Err(crate::Error::CorruptBundle(format!("file {} out of bounds", file.name)));
            }
            files.insert(PathBuf::from(&file.name), bytes.slice(start..end));
        }
        Ok(BundleDirectory { files: Arc::new(files) })
    }

    fn get(&self, path: &Path) -> Result<&OwnedBytes, OpenReadError> {
        self.files.get(path).ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))
    }
}

fn read_only() -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, "a trovi bundle is read-only")
}

impl Directory for BundleDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        Ok(Arc::new(self.get(path)?.clone()))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError { io_error: Arc::new(read_only()), filepath: path.to_path_buf() })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.files.contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError { io_error: Arc::new(read_only()), filepath: path.to_path_buf() })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        Ok(self.get(path)?.as_slice().to_vec())
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    // Nothing ever writes, so there is nothing to lock (and no lock file to create).
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
