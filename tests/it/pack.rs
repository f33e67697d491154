//! The streaming writer (`IndexBuilder::finish_to_dir`, what `trovi index`
//! uses) writes exactly what the in-memory path (`finish` + `write_to_dir`)
//! writes: same bundle name, bytes and manifest.

use std::path::{Path, PathBuf};
use trovi_core::{Article, Bundle, IndexBuilder, IndexOptions, LiveIndex, WrittenBundle};
use trovi_tests::{index_data, shared_file};

fn builder(paths: &[PathBuf], options: IndexOptions) -> IndexBuilder {
    let mut builder = IndexBuilder::with_options(options).expect("builder");
    let report = trovi_core::read_inputs(paths, &trovi_core::ReadOptions::default(), &mut |a| builder.add(&a).expect("add"));
    assert!(report.skipped.is_empty(), "unexpected skips: {:?}", report.skipped);
    builder
}

/// The files of `dir`, sorted: (name, bytes).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| {
            let path = e.expect("entry").path();
            (path.file_name().expect("name").to_string_lossy().into_owned(), std::fs::read(&path).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// Writes the bundle both ways into fresh directories (the streamed one
/// holding a stale bundle to remove) and checks the results are identical.
fn assert_same_output(make: impl Fn() -> IndexBuilder) -> WrittenBundle {
    let root = tempfile::tempdir().expect("tempdir");
    let (memory_dir, streamed_dir) = (root.path().join("memory"), root.path().join("streamed"));
    let in_memory = make().finish().expect("finish").write_to_dir(&memory_dir).expect("write_to_dir");
    std::fs::create_dir_all(&streamed_dir).expect("mkdir");
    std::fs::write(streamed_dir.join("index.0123456789abcdef.trovi"), b"an older bundle").expect("write");
    let streamed = make().finish_to_dir(&streamed_dir).expect("finish_to_dir");
    assert_eq!(streamed.manifest, in_memory.manifest);
    assert_eq!(streamed.bundle_path.file_name(), in_memory.bundle_path.file_name());
    assert_eq!(streamed.manifest_path, streamed_dir.join("trovi.json"));
    let (a, b) = (files(&memory_dir), files(&streamed_dir));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "the same files (the older bundle removed, no temporary file left)"
    );
    assert!(a == b, "the streamed files differ from the in-memory ones");
    assert_eq!(b.len(), 2);
    // And the streamed bundle reads back and verifies.
    let bundle = Bundle::read_dir(&streamed_dir).expect("read_dir");
    assert_eq!(bundle.file_name(), streamed.manifest.bundle);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&streamed.bundle_path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o644, "a bundle is meant to be served");
    }
    streamed
}

#[test]
fn streaming_writes_the_same_files_as_the_in_memory_path() {
    let huffpost = index_data().join("huffpost.jsonl");
    let written = assert_same_output(|| builder(std::slice::from_ref(&huffpost), IndexOptions::default()));
    assert!(written.manifest.documents > 100, "{:?}", written.manifest);
    // A few articles, and none.
    assert_same_output(|| {
        let mut builder = IndexBuilder::new().expect("builder");
        for i in 0..5 {
            builder.add(&Article::new(format!("a{i}"), format!("Title {i}"), "body text")).expect("add");
        }
        builder
    });
    assert_same_output(|| IndexBuilder::new().expect("builder"));
}

/// Reuters, spilled into several segments before the merge.
#[test]
fn streaming_reuters_writes_the_same_files_as_the_in_memory_path() {
    let Some(reuters) = shared_file("news/reuters21578.jsonl") else { return };
    let options = IndexOptions { memory_per_thread: 15 << 20, threads: 3, ..Default::default() };
    let written = assert_same_output(|| builder(std::slice::from_ref(&reuters), options));
    assert!(written.manifest.documents > 20_000, "{:?}", written.manifest);
}

/// A live index with updates and deletes exports the same bundle either way,
/// and rewriting into the same directory replaces the bundle.
#[test]
fn a_live_index_streams_the_bundle_it_would_export() {
    let root = tempfile::tempdir().expect("tempdir");
    let mut live = LiveIndex::create(&root.path().join("live"), IndexOptions::default()).expect("create");
    for i in 0..50 {
        live.add(&Article::new(format!("a{i}"), format!("Title {i}"), "body text")).expect("add");
    }
    live.commit().expect("commit");
    live.upsert(&Article::new("a1", "Quokka sightings rise", "Rottnest island")).expect("upsert");
    live.delete("a2").expect("delete");
    let out = root.path().join("out");
    let in_memory = live.to_bundle().expect("to_bundle");
    let streamed = live.write_bundle_to_dir(&out).expect("write_bundle_to_dir");
    assert_eq!(streamed.manifest, in_memory.manifest());
    assert!(std::fs::read(&streamed.bundle_path).expect("read") == in_memory.as_bytes());
    live.add(&Article::new("b", "Another", "text")).expect("add");
    let again = live.write_bundle_to_dir(&out).expect("write again");
    assert_ne!(again.manifest.bundle, streamed.manifest.bundle);
    assert_eq!(again.manifest.documents, 50);
    assert_eq!(files(&out).len(), 2, "the older bundle is removed");
}
