//! A read-only tantivy `Directory` over the files of a bundle in memory.

use super::BundleHeader;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::OpenReadError;
use tantivy::directory::{FileHandle, OwnedBytes};
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

/// The error of every write to a bundle directory.
pub(crate) fn read_only() -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, "a trovi bundle is read-only")
}

/// Expands, inside an `impl tantivy::Directory`, the methods every bundle
/// directory shares: writes fail with [`read_only`], syncing does nothing,
/// and `acquire_lock` and `watch` are no-ops. (tantivy's default
/// `acquire_lock` creates a lock file, so a read-only directory must
/// override it.)
macro_rules! read_only_directory_methods {
    () => {
        fn delete(&self, path: &::std::path::Path) -> Result<(), ::tantivy::directory::error::DeleteError> {
            Err(::tantivy::directory::error::DeleteError::IoError {
                io_error: ::std::sync::Arc::new($crate::bundle::read_only()),
                filepath: path.to_path_buf(),
            })
        }

        fn open_write(
            &self,
            path: &::std::path::Path,
        ) -> Result<::tantivy::directory::WritePtr, ::tantivy::directory::error::OpenWriteError> {
            Err(::tantivy::directory::error::OpenWriteError::IoError {
                io_error: ::std::sync::Arc::new($crate::bundle::read_only()),
                filepath: path.to_path_buf(),
            })
        }

        fn atomic_write(&self, _path: &::std::path::Path, _data: &[u8]) -> ::std::io::Result<()> {
            Err($crate::bundle::read_only())
        }

        fn sync_directory(&self) -> ::std::io::Result<()> {
            Ok(())
        }

        // Nothing ever writes, so there is nothing to lock (and no lock file to create).
        fn acquire_lock(
            &self,
            _lock: &::tantivy::directory::Lock,
        ) -> Result<::tantivy::directory::DirectoryLock, ::tantivy::directory::error::LockError> {
            Ok(::tantivy::directory::DirectoryLock::from(Box::new(())))
        }

        fn watch(
            &self,
            _callback: ::tantivy::directory::WatchCallback,
        ) -> ::tantivy::Result<::tantivy::directory::WatchHandle> {
            Ok(::tantivy::directory::WatchHandle::empty())
        }
    };
}
pub(crate) use read_only_directory_methods;

impl Directory for BundleDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        Ok(Arc::new(self.get(path)?.clone()))
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.files.contains_key(path))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        Ok(self.get(path)?.as_slice().to_vec())
    }

    read_only_directory_methods!();
}
