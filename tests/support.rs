//! Helpers shared by trovi's cross-crate and CLI tests.
//!
//! Tests that need `../shared/data` (present in CI and on the developers'
//! machines, absent on a user's clone) call [`shared_file`], which returns
//! `None` and prints why the test is skipped when the file is missing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// `index_data/` of the workspace.
pub fn index_data() -> PathBuf {
    workspace().join("index_data")
}

/// A file under `../shared/data/`, or `None` (with a message) when absent.
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    let path = workspace().join("..").join("shared").join("data").join(relative);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is not present (../shared/data is only on CI and developer machines)", path.display());
        None
    }
}

/// Executables (binaries and examples) of the workspace: (kind, name) → path.
///
/// Built once per test process with `cargo build --workspace --all-targets`:
/// the same package selection and targets as `cargo test --workspace
/// --all-targets`, so features unify the same way and, after the outer test
/// build, this finds everything already compiled instead of building tantivy
/// again with another feature set.
pub fn executables() -> &'static HashMap<(String, String), PathBuf> {
    static EXES: OnceLock<HashMap<(String, String), PathBuf>> = OnceLock::new();
    EXES.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = Command::new(cargo)
            .args(["build", "--quiet", "--workspace", "--all-targets", "--message-format=json"])
            .current_dir(workspace())
            .output()
            .expect("cargo runs");
        assert!(output.status.success(), "building the workspace failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|msg| msg["reason"] == "compiler-artifact" && !msg["profile"]["test"].as_bool().unwrap_or(true))
            .filter_map(|msg| {
                let kind = msg["target"]["kind"][0].as_str()?.to_string();
                let name = msg["target"]["name"].as_str()?.to_string();
                Some(((kind, name), PathBuf::from(msg["executable"].as_str()?)))
            })
            .collect()
    })
}

/// The `trovi` binary.
pub fn trovi_bin() -> &'static Path {
    executables()
        .get(&("bin".to_string(), "trovi".to_string()))
        .map(PathBuf::as_path)
        .expect("cargo reports the trovi executable")
}

/// Runs `trovi` with `args`.
pub fn trovi<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(trovi_bin()).args(args).output().expect("trovi runs")
}

/// Builds a searcher over articles in memory.
pub fn searcher_for(articles: &[trovi_core::Article]) -> trovi_core::Searcher {
    let mut builder = trovi_core::IndexBuilder::new().expect("builder");
    for article in articles {
        builder.add(article).expect("add");
    }
    trovi_core::Searcher::open(builder.finish().expect("finish")).expect("open")
}

/// Reads every article of `paths` and builds a searcher.
pub fn searcher_for_paths(paths: &[PathBuf]) -> trovi_core::Searcher {
    let mut builder = trovi_core::IndexBuilder::new().expect("builder");
    let report = trovi_core::read_inputs(paths, &trovi_core::ReadOptions::default(), &mut |a| builder.add(&a).expect("add"));
    assert!(report.skipped.is_empty(), "unexpected skips: {:?}", report.skipped);
    trovi_core::Searcher::open(builder.finish().expect("finish")).expect("open")
}

/// The text a highlight range points at.
pub fn marked<'a>(text: &'a str, ranges: &[[usize; 2]]) -> Vec<&'a str> {
    ranges.iter().map(|&[s, e]| &text[s..e]).collect()
}
