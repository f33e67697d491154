//! `trovi export --quickwit DIR --out OUTDIR`: hand an index over to
//! Quickwit, the server-side engine for when one machine (or one browser
//! download) is no longer enough.
//!
//! Writes `OUTDIR/index-config.yaml` (a Quickwit index config, format 0.8,
//! mapping trovi's fields) and `OUTDIR/docs.ndjson` (every article, one JSON
//! object per line, in the Article JSONL format that both `trovi index` and
//! `quickwit index ingest` read).

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Arguments of `trovi export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Export the index in this directory (holding trovi.json) for Quickwit.
    #[arg(long, value_name = "DIR")]
    quickwit: PathBuf,
    /// Output directory (created if missing): index-config.yaml and docs.ndjson.
    #[arg(long, value_name = "OUTDIR")]
    out: PathBuf,
    /// The Quickwit index id.
    #[arg(long, default_value = "trovi")]
    index_id: String,
    /// Leave out articles without a date and keep `timestamp_field: date`
    /// (Quickwit rejects documents that lack the timestamp field). Without
    /// this flag every article is exported, and the timestamp field is only
    /// set when every article has a date.
    #[arg(long)]
    skip_undated: bool,
}

/// What an export wrote.
#[derive(Debug)]
struct Exported {
    written: u64,
    undated: u64,
}

pub fn run(args: ExportArgs) -> Result<()> {
    check_index_id(&args.index_id)?;
    let searcher = crate::search::open(&args.quickwit)?;
    let language = searcher.stemming().name();
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;

    let docs_path = args.out.join("docs.ndjson");
    let exported = write_docs(&searcher, &docs_path, args.skip_undated)?;
    let timestamp = exported.undated == 0 || args.skip_undated;
    let config_path = args.out.join("index-config.yaml");
    write_atomic(&config_path, index_config(&args.index_id, language, timestamp).as_bytes())?;

    let mut out = std::io::stdout().lock();
    writeln!(out, "exported {} article(s) to {}", exported.written, docs_path.display())?;
    writeln!(out, "wrote the Quickwit index config {}", config_path.display())?;
    if exported.undated > 0 {
        if args.skip_undated {
            writeln!(out, "left out {} article(s) without a date (--skip-undated)", exported.undated)?;
        } else {
            writeln!(
                out,
                "note: {} article(s) have no date, so the config sets no timestamp_field \
                 (Quickwit would reject them); pass --skip-undated to leave them out and keep it",
                exported.undated
            )?;
        }
    }
    writeln!(out, "\nnext, with a Quickwit server running (quickwit run):")?;
    writeln!(out, "  quickwit index create --index-config {}", config_path.display())?;
    writeln!(out, "  quickwit index ingest --index {} --input-path {} --force", args.index_id, docs_path.display())?;
    writeln!(out, "  quickwit index search --index {} --query 'title:election'", args.index_id)?;
    Ok(())
}

/// Quickwit's rule for index ids: a letter, then letters, digits, `-` or `_`; 3 to 255 characters.
fn check_index_id(id: &str) -> Result<()> {
    let mut chars = id.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !(first_ok && rest_ok && (3..=255).contains(&id.len())) {
        bail!("invalid index id {id:?}: Quickwit wants 3 to 255 letters, digits, '-' or '_', starting with a letter");
    }
    Ok(())
}

fn write_docs(searcher: &trovi_core::Searcher, path: &Path, skip_undated: bool) -> Result<Exported> {
    let partial = partial_path(path);
    let file = File::create(&partial).with_context(|| format!("cannot create {}", partial.display()))?;
    let mut out = BufWriter::new(file);
    let mut exported = Exported { written: 0, undated: 0 };
    for article in searcher.articles() {
        let article = article.context("cannot read an article from the index")?;
        if article.date.is_none() {
            exported.undated += 1;
            if skip_undated {
                continue;
            }
        }
        // The Article JSONL form: id, title, body, url, date (RFC 3339, UTC),
        // author, tags; absent values are left out (Quickwit ignores missing
        // fields) rather than written as null.
        serde_json::to_writer(&mut out, &article)?;
        out.write_all(b"\n")?;
        exported.written += 1;
    }
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(exported)
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    path.with_file_name(name)
}

fn write_atomic(path: &Path, data: &[u8]) -> Result<()> {
    let partial = partial_path(path);
    std::fs::write(&partial, data).with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The Quickwit index config (YAML, config format 0.8) for trovi's fields.
///
/// Field by field, what trovi's own schema does: `id`, `author` and `tags`
/// are exact values (raw tokenizer) usable as filters and facets (fast);
/// `title` and `body` are full text with positions (phrase queries) and field
/// norms (BM25), stemmed like the trovi index when it is English; `url` is
/// only stored; `date` is the time axis Quickwit prunes splits by.
fn index_config(index_id: &str, language: &str, timestamp: bool) -> String {
    // Quickwit's only stemming tokenizer is English (`en_stem`); other
    // languages get the plain `default` tokenizer (lower-casing, no stemming).
    let text_tokenizer = if language == "english" { "en_stem" } else { "default" };
    let timestamp_line = if timestamp {
        "  timestamp_field: date\n".to_string()
    } else {
        "  # No timestamp_field: some articles have no date, and Quickwit rejects\n  \
         # documents without the timestamp field (see `trovi export --skip-undated`).\n"
            .to_string()
    };
    format!(
        r#"# Quickwit index config for a trovi index (written by `trovi export --quickwit`).
#   quickwit index create --index-config index-config.yaml
#   quickwit index ingest --index {index_id} --input-path docs.ndjson --force
version: 0.8

index_id: "{index_id}"

doc_mapping:
  # docs.ndjson holds exactly these fields; anything else is an error.
  mode: strict
  field_mappings:
    - name: id
      type: text
      tokenizer: raw
      stored: true
      fast: true
    - name: title
      type: text
      tokenizer: {text_tokenizer}
      record: position
      fieldnorms: true
      stored: true
    - name: body
      type: text
      tokenizer: {text_tokenizer}
      record: position
      fieldnorms: true
      stored: true
    - name: url
      type: text
      indexed: false
      stored: true
    - name: date
      type: datetime
      input_formats: [rfc3339]
      output_format: rfc3339
      fast_precision: seconds
      indexed: true
      fast: true
      stored: true
    - name: author
      type: text
      tokenizer: raw
      stored: true
      fast: true
    - name: tags
      type: array<text>
      tokenizer: raw
      stored: true
      fast: true
{timestamp_line}
indexing_settings:
  # Ingested articles become searchable within ten seconds.
  commit_timeout_secs: 10

search_settings:
  default_search_fields: [title, body]
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_ids_follow_quickwit_rules() {
        for ok in ["trovi", "news-2024", "a_b"] {
            assert!(check_index_id(ok).is_ok(), "{ok}");
        }
        for bad in ["", "ab", "1abc", "has space", "dot.ted", "-abc"] {
            assert!(check_index_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn config_switches_tokenizer_and_timestamp() {
        let english = index_config("trovi", "english", true);
        assert!(english.contains("tokenizer: en_stem") && english.contains("\n  timestamp_field: date\n"));
        let french = index_config("trovi", "french", false);
        assert!(french.contains("tokenizer: default") && !french.contains("\n  timestamp_field:"));
    }
}
