//! [`ArchiveDirectory`]: tantivy's memory-mapped directory, still searchable where
//! it cannot be written.
//!
//! A tantivy reader takes the meta lock (`.tantivy-meta.lock`) while it opens
//! segments, so that a writer's garbage collection does not delete files under
//! it. On a read-only data dir (a mounted snapshot, a backup, an archive served
//! by a user who may not write it) that lock file cannot be created, and plain
//! tantivy refuses to open the index at all. Here a lock that fails only because
//! the directory is not writable is granted as a no-op: nobody who could run a
//! writer's garbage collection can be writing there either, except another user,
//! and then the worst case is a transient "file not found" on reload, never a
//! wrong answer. Every other lock error (a busy writer lock above all) stays an
//! error.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, META_LOCK, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};

/// The archive's index directory (see the module documentation).
#[derive(Debug, Clone)]
pub(crate) struct ArchiveDirectory {
    inner: MmapDirectory,
}

impl ArchiveDirectory {
    /// Opens the directory at `path` (which must exist).
    pub(crate) fn open(path: &Path) -> Result<Self, OpenDirectoryError> {
        Ok(ArchiveDirectory {
            inner: MmapDirectory::open(path)?,
        })
    }
}

/// Whether an I/O error says the directory cannot be written (rather than that something broke).
fn is_unwritable(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

impl Directory for ArchiveDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.inner.open_read(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(error))
                if lock.filepath == META_LOCK.filepath && is_unwritable(&error) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_unwritable_directory_excuses_a_lock() {
        assert!(is_unwritable(&io::Error::from(
            io::ErrorKind::PermissionDenied
        )));
        assert!(is_unwritable(&io::Error::from(
            io::ErrorKind::ReadOnlyFilesystem
        )));
        assert!(!is_unwritable(&io::Error::from(io::ErrorKind::NotFound)));
        assert!(!is_unwritable(&io::Error::other("disk on fire")));
    }

    #[test]
    fn a_writable_directory_keeps_real_locks() {
        let dir = tempfile::tempdir().expect("tempdir");
        let directory = ArchiveDirectory::open(dir.path()).expect("open");
        let writer_lock = Lock {
            filepath: "writer.lock".into(),
            is_blocking: false,
        };
        let held = directory.acquire_lock(&writer_lock).expect("first lock");
        assert!(matches!(
            directory.acquire_lock(&writer_lock),
            Err(LockError::LockBusy)
        ));
        drop(held);
        assert!(directory.acquire_lock(&writer_lock).is_ok());
    }
}
