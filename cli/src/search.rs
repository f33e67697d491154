//! `trovi search`, `trovi related`, `trovi inspect`.

use anyhow::{Context, Result};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use trovi_core::{parse_date, Bundle, Hit, SearchRequest, Searcher, Sort, TagMode};

/// Arguments of `trovi search`.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The index directory (holding trovi.json).
    dir: PathBuf,
    /// The query: words, "phrases", -exclusions, OR, (groups), title:/author:/tag:, after:/before:.
    query: String,
    /// Number of hits.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Order: relevance, newest or oldest.
    #[arg(long, default_value = "relevance")]
    sort: Sort,
    /// Only articles with this tag (repeatable; any of them unless --all-tags).
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Require every --tag instead of any.
    #[arg(long)]
    all_tags: bool,
    /// Only articles by this author (exact).
    #[arg(long)]
    author: Option<String>,
    /// Only articles dated on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_parser = date_arg)]
    after: Option<time::OffsetDateTime>,
    /// Only articles dated before this date.
    #[arg(long, value_parser = date_arg)]
    before: Option<time::OffsetDateTime>,
    /// Turn typo tolerance off.
    #[arg(long)]
    no_fuzzy: bool,
    /// Turn prefix matching of the last word off.
    #[arg(long)]
    no_prefix: bool,
    /// Print the stable JSON contract instead of text.
    #[arg(long)]
    json: bool,
}

/// Arguments of `trovi related`.
#[derive(clap::Args, Debug)]
pub struct RelatedArgs {
    /// The index directory.
    dir: PathBuf,
    /// The article id.
    id: String,
    /// Number of related articles.
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// Print JSON: {"id", "hits": [...]} with hits as in `search --json`.
    #[arg(long)]
    json: bool,
}

fn date_arg(text: &str) -> Result<time::OffsetDateTime, String> {
    parse_date(text).ok_or_else(|| format!("{text:?} is not a date (expected YYYY-MM-DD or RFC 3339)"))
}

pub fn open(dir: &Path) -> Result<Searcher> {
    let bundle = Bundle::read_dir(dir).with_context(|| format!("cannot open the index in {}", dir.display()))?;
    Searcher::open(bundle).with_context(|| format!("cannot open the index in {}", dir.display()))
}

pub fn run(args: SearchArgs) -> Result<()> {
    let searcher = open(&args.dir)?;
    let request = SearchRequest {
        query: args.query,
        limit: args.limit,
        offset: args.offset,
        sort: args.sort,
        tags: args.tags,
        tag_mode: if args.all_tags { TagMode::All } else { TagMode::Any },
        author: args.author,
        after: args.after,
        before: args.before,
        fuzzy: !args.no_fuzzy,
        prefix: !args.no_prefix,
        ..SearchRequest::default()
    };
    let results = searcher.search(&request)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &results)?;
        writeln!(out)?;
        return Ok(());
    }
    let style = Style::for_stdout();
    writeln!(out, "{} result(s) in {:.2} ms", results.total, results.took_us as f64 / 1000.0)?;
    if let Some(relaxed) = &results.relaxed {
        writeln!(out, "(no article has all {} words; showing articles with {} of them)", relaxed.of, relaxed.required)?;
    }
    for (i, hit) in results.hits.iter().enumerate() {
        print_hit(&mut out, request.offset + i + 1, hit, &style)?;
    }
    Ok(())
}

pub fn related(args: RelatedArgs) -> Result<()> {
    let searcher = open(&args.dir)?;
    let hits = searcher.related(&args.id, args.limit)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &serde_json::json!({ "id": args.id, "hits": hits }))?;
        writeln!(out)?;
        return Ok(());
    }
    let style = Style::for_stdout();
    for (i, hit) in hits.iter().enumerate() {
        print_hit(&mut out, i + 1, hit, &style)?;
    }
    Ok(())
}

pub fn inspect(dir: &Path) -> Result<()> {
    let bundle = Bundle::read_dir(dir).with_context(|| format!("cannot open the index in {}", dir.display()))?;
    let header = bundle.header().clone();
    let manifest = bundle.manifest();
    let searcher = Searcher::open(bundle)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "index:          {}", dir.display())?;
    writeln!(out, "bundle:         {} ({} bytes)", manifest.bundle, manifest.size)?;
    writeln!(out, "format version: {}", manifest.format_version)?;
    writeln!(out, "written by:     trovi {} (tantivy {})", header.trovi, header.tantivy)?;
    writeln!(out, "documents:      {}", searcher.doc_count())?;
    writeln!(out, "stemming:       {}", header.language)?;
    writeln!(out, "fields:         id, title (text, stored), body (text, stored), url (stored), date (indexed, fast), author (filter, facet), tag (filter, facet)")?;
    writeln!(out, "files:")?;
    for file in &header.files {
        writeln!(out, "  {:>12}  {}", file.len, file.name)?;
    }
    Ok(())
}

struct Style {
    on: &'static str,
    off: &'static str,
    dim: &'static str,
}

impl Style {
    fn for_stdout() -> Style {
        if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            Style { on: "\x1b[1;33m", off: "\x1b[0m", dim: "\x1b[2m" }
        } else {
            Style { on: "", off: "", dim: "" }
        }
    }

    fn mark(&self, text: &str, ranges: &[[usize; 2]]) -> String {
        let mut out = String::with_capacity(text.len() + ranges.len() * 8);
        let mut at = 0;
        for &[start, end] in ranges {
            if start < at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            out.push_str(&text[at..start]);
            out.push_str(self.on);
            out.push_str(&text[start..end]);
            out.push_str(self.off);
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }
}

fn print_hit(out: &mut impl Write, rank: usize, hit: &Hit, style: &Style) -> Result<()> {
    let title = if hit.title.is_empty() { "(untitled)" } else { &hit.title };
    writeln!(out, "{rank}. {}  {}[{}]{}", style.mark(title, &hit.title_highlights), style.dim, hit.id, style.off)?;
    let mut meta = Vec::new();
    if let Some(date) = &hit.date {
        meta.push(date.get(..10).unwrap_or(date).to_string());
    }
    if let Some(author) = &hit.author {
        meta.push(author.clone());
    }
    if !hit.tags.is_empty() {
        meta.push(hit.tags.join(", "));
    }
    if hit.score > 0.0 {
        meta.push(format!("score {:.2}", hit.score));
    }
    writeln!(out, "   {}{}{}", style.dim, meta.join(" · "), style.off)?;
    if let Some(url) = &hit.url {
        writeln!(out, "   {url}")?;
    }
    if !hit.snippet.text.is_empty() {
        writeln!(out, "   {}", style.mark(&hit.snippet.text, &hit.snippet.highlights))?;
    }
    Ok(())
}
