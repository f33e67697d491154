//! `trovi`: index articles, search them, inspect bundles, serve the web app.

mod api;
mod eval;
mod export;
mod index;
mod search;
mod serve;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// trovi: full-text search for static sites and Rust programs.
#[derive(Parser, Debug)]
#[command(name = "trovi", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Index articles (JSON Lines, JSON, Markdown, plain text, HTML) into a bundle.
    Index(index::IndexArgs),
    /// Search an index.
    Search(search::SearchArgs),
    /// List the articles most similar to one article.
    Related(search::RelatedArgs),
    /// Measure ranking quality on a test collection (queries + TREC judgments).
    Eval(eval::EvalArgs),
    /// Export an index for another engine: `--quickwit DIR --out OUTDIR` writes a
    /// Quickwit index config and the articles as NDJSON.
    Export(export::ExportArgs),
    /// Describe an index: documents, fields, files, sizes, format version.
    Inspect {
        /// The index directory (holding trovi.json).
        dir: PathBuf,
    },
    /// Serve the web app with an index at http://127.0.0.1:PORT/.
    Serve {
        /// The index directory (holding trovi.json).
        dir: PathBuf,
        /// Port on 127.0.0.1.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// The built web app (from `cargo xtask web`).
        #[arg(long, default_value = "dist/web")]
        app: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<()> = match cli.command {
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args),
        Command::Related(args) => search::related(args),
        Command::Eval(args) => eval::run(args),
        Command::Export(args) => export::run(args),
        Command::Inspect { dir } => search::inspect(&dir),
        Command::Serve { dir, port, app } => serve::run(&dir, port, &app),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `trovi search … | head` closing the pipe early is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("trovi: error: {error:#}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<serde_json::Error>().and_then(|e| e.io_error_kind()) == Some(std::io::ErrorKind::BrokenPipe)
    })
}
