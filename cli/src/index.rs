//! `trovi index`.

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;
use trovi_core::{read_inputs, Diagnostic, IndexBuilder, IndexOptions, ReadOptions, Stemming};

/// Arguments of `trovi index`.
#[derive(clap::Args, Debug)]
pub struct IndexArgs {
    /// Files or directories to index (.jsonl, .json, .md, .txt, .html).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write the index (trovi.json and the bundle).
    #[arg(long, short)]
    out: PathBuf,
    /// Stemming language: english (default), french, german, …, or none.
    #[arg(long, default_value = "english")]
    lang: String,
    /// Indexing threads (0: one per core). One keeps the bundle byte-reproducible.
    #[arg(long, default_value_t = 1)]
    threads: usize,
}

/// How many diagnostics of each kind to print before summarising the rest.
const SHOW: usize = 20;

pub fn run(args: IndexArgs) -> Result<()> {
    let started = Instant::now();
    let stemming = Stemming::from_name(&args.lang)?;
    let mut builder = IndexBuilder::with_options(IndexOptions { stemming, threads: args.threads, ..IndexOptions::default() })
        .context("cannot start the indexer")?;
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(ProgressStyle::with_template("{spinner} {human_pos} articles read ({per_sec})").unwrap_or_else(|_| ProgressStyle::default_spinner()));
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut failure = None;
    let report = read_inputs(&args.inputs, &ReadOptions::default(), &mut |article| {
        if failure.is_some() {
            return;
        }
        if let Err(e) = builder.add(&article) {
            failure = Some(anyhow::Error::new(e).context(format!("cannot index article {:?}", article.id)));
        }
        progress.inc(1);
    });
    progress.finish_and_clear();
    if let Some(error) = failure {
        return Err(error);
    }
    print_diagnostics("skipped", &report.skipped);
    print_diagnostics("warning", &report.warnings);
    if builder.is_empty() {
        bail!("nothing to index: no article was read from {} input(s) ({} skipped)", args.inputs.len(), report.skipped.len());
    }
    let documents = builder.len();
    let bundle = builder.finish().context("cannot build the index")?;
    let written = bundle.write_to_dir(&args.out).with_context(|| format!("cannot write the index to {}", args.out.display()))?;
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
