//! `trovi index`.

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;
use trovi_core::{read_inputs, read_site, Diagnostic, IndexBuilder, IndexOptions, ReadOptions, SiteOptions, Stemming};

/// Arguments of `trovi index`.
#[derive(clap::Args, Debug)]
pub struct IndexArgs {
    /// Files or directories to index (.jsonl, .json, .md, .txt, .html).
    #[arg(required_unless_present = "site", conflicts_with = "site")]
    inputs: Vec<PathBuf>,
    /// A built static site: index every HTML page, one article per page, and
    /// write the search app beside it (`<SITE>/trovi/` unless --out says).
    #[arg(long, value_name = "BUILT_SITE_DIR")]
    site: Option<PathBuf>,
    /// With --site: the URL path the site is served under (page URLs start with it).
    #[arg(long, default_value = "/", requires = "site")]
    base_url: String,
    /// With --site: the built web app to copy (from `cargo xtask web`); default
    /// `dist/web` here or in the trovi checkout this binary was built in.
    #[arg(long, requires = "site")]
    app: Option<PathBuf>,
    /// Where to write the index (trovi.json and the bundle); with --site, the
    /// folder for the app, its index going to `<OUT>/index/`.
    #[arg(long, short, required_unless_present = "site")]
    out: Option<PathBuf>,
    /// Stemming language: english (default), french, german, …, or none.
    #[arg(long, default_value = "english")]
    lang: String,
    /// Indexing threads (0: one per core, at most 8). The bundle is the same whatever the number.
    #[arg(long, default_value_t = 0)]
    threads: usize,
}

/// The total size of the files under `paths` with one of `extensions` (any
/// file when `None`). Unreadable entries count 0 (the readers report them);
/// symbolic links to directories are not followed.
fn input_bytes(paths: &[PathBuf], extensions: Option<&[&str]>) -> u64 {
    let counted = |path: &Path| {
        extensions.is_none_or(|wanted| {
            path.extension().and_then(|e| e.to_str()).is_some_and(|e| wanted.iter().any(|w| e.eq_ignore_ascii_case(w)))
        })
    };
    let mut total = 0;
    let mut dirs = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => dirs.push(path.clone()),
            Ok(metadata) if counted(path) => total += metadata.len(),
            _ => {}
        }
    }
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => dirs.push(entry.path()),
                Ok(_) if counted(&entry.path()) => {
                    total += std::fs::metadata(entry.path()).map_or(0, |m| if m.is_file() { m.len() } else { 0 });
                }
                _ => {}
            }
        }
    }
    total
}

/// How many diagnostics of each kind to print before summarising the rest.
const SHOW: usize = 20;

pub fn run(args: IndexArgs) -> Result<()> {
    let started = Instant::now();
    let stemming = Stemming::from_name(&args.lang)?;
    // The document store's block size follows the size of the text to index.
    // A built site's pages hold about 8 bytes of HTML per byte of text (the
    // Rust Book: 12 MB of HTML, a 1.2 MB bundle; the Rust docs tree: 554 MB,
    // 61 MiB), so its HTML counts an eighth.
    let text_bytes = match &args.site {
        Some(site) => input_bytes(std::slice::from_ref(site), Some(&["html", "htm"])) / 8,
        None => input_bytes(&args.inputs, None),
    };
    let options = IndexOptions { stemming, threads: args.threads, ..IndexOptions::for_input_bytes(text_bytes) };
    let mut builder = IndexBuilder::with_options(options).context("cannot start the indexer")?;
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(ProgressStyle::with_template("{spinner} {human_pos} articles read ({per_sec})").unwrap_or_else(|_| ProgressStyle::default_spinner()));
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut failure = None;
    let mut add = |article: trovi_core::Article| {
        if failure.is_some() {
            return;
        }
        if let Err(e) = builder.add(&article) {
            failure = Some(anyhow::Error::new(e).context(format!("cannot index article {:?}", article.id)));
        }
        progress.inc(1);
    };
    let (report, out, index_dir) = match &args.site {
        Some(site) => {
            let out = args.out.clone().unwrap_or_else(|| site.join("trovi"));
            let options = SiteOptions { base_url: args.base_url.clone(), exclude: vec![out.clone()], threads: 0 };
            let report = read_site(site, &options, &mut add).with_context(|| format!("cannot index the site {}", site.display()))?;
            let index_dir = out.join("index");
            (report, Some(out), index_dir)
        }
        None => {
            let out = args.out.clone().context("--out is required")?;
            (read_inputs(&args.inputs, &ReadOptions::default(), &mut add), None, out)
        }
    };
    progress.finish_and_clear();
    if let Some(error) = failure {
        return Err(error);
    }
    print_diagnostics("skipped", &report.skipped);
    print_diagnostics("warning", &report.warnings);
    if builder.is_empty() {
        match &args.site {
            Some(site) => bail!("nothing to index: no page with text in {} ({} skipped)", site.display(), report.skipped.len()),
            None => bail!("nothing to index: no article was read from {} input(s) ({} skipped)", args.inputs.len(), report.skipped.len()),
        }
    }
    let documents = builder.len();
    // Streamed from the index files: memory does not grow with the bundle.
    let written = builder.finish_to_dir(&index_dir).with_context(|| format!("cannot build and write the index to {}", index_dir.display()))?;
    if let Some(out) = &out {
        let app = app_dir(args.app.as_deref());
        match copy_app(&app, out).and_then(|files| inline_manifest(out, &written.manifest).map(|()| files)) {
            Ok(files) => eprintln!(
                "wrote the search app ({files} files) to {}: add <div id=\"trovi-search\"></div><script type=\"module\" src=\"{}trovi.js\"></script> to a page",
                out.display(),
                app_url(&args.base_url, args.site.as_deref(), out)
            ),
            Err(error) => eprintln!("trovi: warning: the index is written but not the search app: {error:#}"),
        }
    }
    eprintln!(
        "indexed {documents} articles from {} file(s); skipped {}; {} warning(s); wrote {} ({}) in {:.2} s",
        report.files,
        report.skipped.len(),
        report.warnings.len(),
        written.bundle_path.display(),
        human_bytes(written.manifest.size),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn print_diagnostics(kind: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics.iter().take(SHOW) {
        eprintln!("{kind}: {d}");
    }
    if diagnostics.len() > SHOW {
        eprintln!("{kind}: … and {} more", diagnostics.len() - SHOW);
    }
}

pub fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

/// The built web app to copy: `--app`, else `dist/web` here, else the one in
/// the trovi checkout this binary was built in (`target/<profile>/trovi`).
fn app_dir(given: Option<&Path>) -> PathBuf {
    if let Some(dir) = given {
        return dir.to_path_buf();
    }
    let here = PathBuf::from("dist/web");
    if here.join("trovi.js").is_file() {
        return here;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().and_then(Path::parent).and_then(Path::parent).map(|root| root.join("dist/web")))
        .filter(|dir| dir.join("trovi.js").is_file())
        .unwrap_or(here)
}

/// Copies the app's files (loader, wasm, JS glue, CSS; not the demo page)
/// into `out`, replacing older hashed copies. Returns how many were copied.
fn copy_app(app: &Path, out: &Path) -> Result<usize> {
    if !app.join("trovi.js").is_file() {
        bail!("no web app in {} (trovi.js is missing): build it with `cargo xtask web`, or pass --app DIR", app.display());
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    // Hashed files of an earlier build would pile up: remove them first.
    for entry in std::fs::read_dir(out).with_context(|| format!("cannot list {}", out.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_file() && is_app_file(name) {
            std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    let mut copied = 0;
    for entry in std::fs::read_dir(app).with_context(|| format!("cannot list {}", app.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if path.is_file() && is_app_file(&name) {
            std::fs::copy(&path, out.join(&name)).with_context(|| format!("cannot copy {} to {}", path.display(), out.display()))?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// The placeholder in `trovi.js` that receives the manifest of the index
/// beside it (`index/`), so the loader requests the bundle's head together
/// with the app instead of after `trovi.json` (one round trip less).
const MANIFEST_PLACEHOLDER: &str = "/*TROVI_MANIFEST*/ null";

/// Writes the manifest's loading fields into the copied `trovi.js`. The
/// loader falls back to `trovi.json` if the index is replaced later without
/// the app (a stale bundle name answers 404).
fn inline_manifest(out: &Path, manifest: &trovi_core::Manifest) -> Result<()> {
    let path = out.join("trovi.js");
    let loader = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    if !loader.contains(MANIFEST_PLACEHOLDER) {
        // An app built before the loader had the placeholder: it fetches trovi.json.
        return Ok(());
    }
    let fields = serde_json::json!({
        "format_version": manifest.format_version,
        "bundle": manifest.bundle,
        "size": manifest.size,
        "head": manifest.head,
        // Picks the app's build: English-only or all languages.
        "language": manifest.language,
    });
    let loader = loader.replacen(MANIFEST_PLACEHOLDER, &format!("/*TROVI_MANIFEST*/ {fields}"), 1);
    std::fs::write(&path, loader).with_context(|| format!("cannot write {}", path.display()))?;
    // Precompressed copies of the template would now be stale.
    for stale in ["trovi.js.br", "trovi.js.gz"] {
        let _ = std::fs::remove_file(out.join(stale));
    }
    Ok(())
}

/// The app's own files: `trovi.js`, the hashed `trovi_web*`/`trovi.*.css`, and
/// the hashed files' precompressed `.br`/`.gz` siblings (`cargo xtask web`
/// writes them for servers that send a file's compressed copy as it is).
fn is_app_file(name: &str) -> bool {
    let hashed = |name: &str| {
        (name.starts_with("trovi_web") && (name.ends_with(".js") || name.ends_with(".wasm"))) || (name.starts_with("trovi.") && name.ends_with(".css"))
    };
    let compressed = name.strip_suffix(".br").or_else(|| name.strip_suffix(".gz"));
    name == "trovi.js" || hashed(name) || compressed.is_some_and(hashed)
}

/// Where `out` is served, for the snippet printed to the site owner.
fn app_url(base_url: &str, site: Option<&Path>, out: &Path) -> String {
    let base = format!("/{}", base_url.trim().trim_matches('/'));
    let base = if base == "/" { String::new() } else { base };
    let relative = site.and_then(|site| out.strip_prefix(site).ok()).map(|p| p.to_string_lossy().replace('\\', "/"));
    match relative {
        Some(rel) if !rel.is_empty() => format!("{base}/{rel}/"),
        _ => format!("{base}/trovi/"),
    }
}

#[cfg(test)]
mod input_size_tests {
    use super::*;

    #[test]
    fn input_bytes_counts_files_under_directories_and_skips_link_loops() {
        let dir = std::env::temp_dir().join(format!("trovi-input-bytes-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("site/sub")).expect("mkdir");
        std::fs::write(dir.join("a.jsonl"), [b'x'; 100]).expect("write");
        std::fs::write(dir.join("site/sub/page.html"), [b'x'; 800]).expect("write");
        std::fs::write(dir.join("site/style.css"), [b'x'; 50]).expect("write");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("site"), dir.join("site/sub/loop")).expect("symlink");
        assert_eq!(input_bytes(std::slice::from_ref(&dir), None), 950);
        assert_eq!(input_bytes(&[dir.join("a.jsonl"), dir.join("site")], None), 950);
        assert_eq!(input_bytes(&[dir.join("site")], Some(&["html", "htm"])), 800);
        assert_eq!(input_bytes(&[dir.join("missing")], None), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
