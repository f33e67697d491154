//! Reads of bytes not fetched yet, recorded per operation.
//!
//! **Every read that misses is recorded in the operation that made it**: the
//! driver ([`super::LazyBundle::fetching`]) runs each pass of an operation
//! inside [`recording`], on the calling thread, and gets that pass's misses
//! back. Two threads searching one bundle never see each other's misses, and
//! there is no lock to poison. A read outside any recording (a search run
//! without the driver on a bundle that lacks bytes) fails with
//! [`Error::NotFetched`](crate::Error::NotFetched).

use std::cell::RefCell;
use std::ops::Range;

thread_local! {
    static LOG: RefCell<Option<Vec<Range<u64>>>> = const { RefCell::new(None) };
}

/// Runs `operation`, returning what it returned and the ranges its reads
/// missed (unsorted, possibly overlapping). Nested recordings each get
/// their own misses.
pub(crate) fn recording<T>(operation: impl FnOnce() -> T) -> (T, Vec<Range<u64>>) {
    /// Puts the outer recording back, even if `operation` unwinds.
    struct Scope(Option<Vec<Range<u64>>>);
    impl Drop for Scope {
        fn drop(&mut self) {
            let outer = self.0.take();
            LOG.with(|log| *log.borrow_mut() = outer);
        }
    }
    let scope = Scope(LOG.with(|log| log.replace(Some(Vec::new()))));
    let value = operation();
    let misses = LOG.with(|log| log.borrow_mut().take()).unwrap_or_default();
    drop(scope);
    (value, misses)
}

/// Records that a read wanted `range` and did not find it. False when no
/// operation is recording (the read just fails).
pub(crate) fn record(range: Range<u64>) -> bool {
    LOG.with(|log| match log.borrow_mut().as_mut() {
        Some(misses) => {
            misses.push(range);
            true
        }
        None => false,
    })
}

/// The ranges the current recording has missed so far, if any.
pub(crate) fn so_far() -> Option<Vec<Range<u64>>> {
    LOG.with(|log| log.borrow().as_ref().filter(|misses| !misses.is_empty()).cloned())
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    #[test]
    fn each_recording_gets_its_own_misses() {
        assert!(!record(0..1), "nothing records outside an operation");
        let ((), outer) = recording(|| {
            assert!(record(0..10));
            let ((), inner) = recording(|| {
                assert!(record(20..30));
            });
            assert_eq!(inner, vec![20..30]);
            assert_eq!(so_far(), Some(vec![0..10]));
        });
        assert_eq!(outer, vec![0..10]);
        assert_eq!(so_far(), None);
        // Another thread records apart.
        let ((), here) = recording(|| {
            record(1..2);
            let (recorded, there) = std::thread::spawn(|| recording(|| record(5..6))).join().unwrap();
            assert!(recorded);
            assert_eq!(there, vec![5..6]);
        });
        assert_eq!(here, vec![1..2]);
    }

    #[test]
    fn an_unwinding_operation_leaves_the_outer_recording_intact() {
        let ((), outer) = recording(|| {
            record(0..1);
            let caught = std::panic::catch_unwind(|| recording::<()>(|| panic!("boom")));
            assert!(caught.is_err());
            record(2..3);
        });
        assert_eq!(outer, vec![0..1, 2..3]);
    }
}
