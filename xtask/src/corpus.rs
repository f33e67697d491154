//! `cargo xtask corpus --articles N [--out FILE] [--data DIR]`: a deterministic
//! scale corpus in Article JSONL, made only of real text.
//!
//! Sources: `DIR/news/reuters21578.jsonl` (R articles) and
//! `DIR/wiki/enwiki.jsonl` (W articles); DIR defaults to `../shared/data`
//! beside the workspace. Both are read into memory once (about 80 MB); the
//! output is streamed.
//!
//! - Articles `0..R+W` are the real articles, unchanged (same JSON bytes as
//!   the source lines), the two sources interleaved evenly (Reuters first).
//! - Article `k >= R+W` is a recombination, from a PRNG seeded with `k`
//!   alone: a source (Wikipedia with probability W/(R+W)), a base article of
//!   that source with a title and a body, and then
//!   - `title`: the base article's title, verbatim;
//!   - `body`: the base article's first paragraph, then real paragraphs drawn
//!     uniformly from all paragraphs of the same source, `min(6, paragraphs of
//!     the base)` paragraphs in all (so 1–6, with the sources' distribution
//!     of short articles);
//!   - `id`: `gen-<k>-<base id>`; `url`: `https://example.invalid/scale/<id>`;
//!   - `date`: the base article's (Reuters), else, for half of the Wikipedia
//!     ones, a date in 2001–2024 from the PRNG (the other half stay dateless,
//!     like the real Wikipedia articles);
//!   - `author`, `tags`: the base article's, when it has them.
//!
//! So the output for N is the first N articles of one fixed sequence: the
//! same N gives the same bytes, and a smaller N gives a prefix.
//!
//! Licences: the text is Wikipedia's (CC BY-SA) and Reuters-21578's
//! (research use only). Generated corpora are for local benchmarks; do not
//! commit or publish them.

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

const REUTERS: &str = "news/reuters21578.jsonl";
const WIKI: &str = "wiki/enwiki.jsonl";
/// The PRNG seed: change it and every generated article changes.
const SEED: u64 = 0x7472_6f76_695f_3035; // "trovi_05"

const USAGE: &str = "usage: cargo xtask corpus --articles N [--out FILE] [--data DIR]";

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let mut articles = None;
    let mut out = None;
    let mut data = root.parent().unwrap_or(root).join("shared/data");
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--articles" | "-n" => {
                let text = value("--articles")?;
                let n: u64 = text.replace('_', "").parse().with_context(|| format!("--articles {text:?}: not a number"))?;
                articles = Some(n);
            }
            "--out" | "-o" => out = Some(PathBuf::from(value("--out")?)),
            "--data" => data = PathBuf::from(value("--data")?),
            other => bail!("corpus: unknown argument {other:?}\n{USAGE}"),
        }
    }
    let Some(articles) = articles else { bail!("corpus: --articles N is required\n{USAGE}") };

    let started = Instant::now();
    let reuters = load(&data.join(REUTERS))?;
    let wiki = load(&data.join(WIKI))?;
    let corpus = Corpus::new(reuters, wiki)?;
    let loaded = started.elapsed();
    let written = match &out {
        Some(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut writer = BufWriter::with_capacity(1 << 20, file);
            let bytes = corpus.write(articles, &mut writer)?;
            writer.flush().with_context(|| format!("cannot write {}", path.display()))?;
            bytes
        }
        None => {
            let stdout = std::io::stdout();
            let mut writer = BufWriter::with_capacity(1 << 20, stdout.lock());
            let bytes = corpus.write(articles, &mut writer)?;
            writer.flush().context("cannot write to stdout")?;
            bytes
        }
    };
    let real = articles.min(corpus.real());
    eprintln!(
        "corpus: {articles} articles ({real} real, {} recombined), {written} bytes{} in {:.1} s (sources loaded in {:.1} s)",
        articles - real,
        out.as_ref().map(|p| format!(" to {}", p.display())).unwrap_or_default(),
        started.elapsed().as_secs_f64(),
        loaded.as_secs_f64(),
    );
    Ok(())
}

/// One source article; `None` where the source line has no such key.
#[derive(Debug, Default)]
struct Article {
    id: String,
    title: Option<String>,
    body: Option<String>,
    url: Option<String>,
    date: Option<String>,
    author: Option<String>,
    tags: Option<Vec<String>>,
    /// Its non-empty paragraphs: `Source::paragraphs[first..first + count]`.
    first: u32,
    count: u32,
}

/// One source corpus, with every paragraph indexed for drawing.
#[derive(Debug)]
struct Source {
    articles: Vec<Article>,
    /// (article, byte start, byte end) of every non-empty body paragraph.
    paragraphs: Vec<(u32, u32, u32)>,
    /// Articles with a title and a body: the bases of recombined articles.
    bases: Vec<u32>,
}

/// Reads one Article JSONL file.
fn load(path: &Path) -> Result<Source> {
    let file = File::open(path).with_context(|| {
        format!("cannot open the source corpus {} (see ../shared/data/README.md; pass --data DIR for another copy)", path.display())
    })?;
    parse(BufReader::with_capacity(1 << 20, file)).with_context(|| format!("cannot read {}", path.display()))
}

fn parse(input: impl BufRead) -> Result<Source> {
    let mut source = Source { articles: Vec::new(), paragraphs: Vec::new(), bases: Vec::new() };
    for (number, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line).with_context(|| format!("line {}", number + 1))?;
        let text = |key: &str| -> Result<Option<String>> {
            match value.get(key) {
                None => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => bail!("line {}: {key} is not a string: {other}", number + 1),
            }
        };
        let tags = match value.get("tags") {
            None => None,
            Some(serde_json::Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|t| t.as_str().map(str::to_string).with_context(|| format!("line {}: a tag is not a string", number + 1)))
                    .collect::<Result<Vec<_>>>()?,
            ),
            Some(other) => bail!("line {}: tags is not an array: {other}", number + 1),
        };
        let mut article = Article {
            id: text("id")?.with_context(|| format!("line {}: no id", number + 1))?,
            title: text("title")?,
            body: text("body")?,
            url: text("url")?,
            date: text("date")?,
            author: text("author")?,
            tags,
            first: 0,
            count: 0,
        };
        let index = u32::try_from(source.articles.len())?;
        article.first = u32::try_from(source.paragraphs.len())?;
        let body = article.body.as_deref().unwrap_or("");
        let mut start = 0;
        for paragraph in body.split("\n\n") {
            let end = start + paragraph.len();
            if !paragraph.trim().is_empty() {
                source.paragraphs.push((index, u32::try_from(start)?, u32::try_from(end)?));
                article.count += 1;
            }
            start = end + 2;
        }
        if article.count > 0 && article.title.as_deref().is_some_and(|t| !t.trim().is_empty()) {
            source.bases.push(index);
        }
        source.articles.push(article);
    }
    Ok(source)
}

impl Source {
    fn paragraph(&self, i: usize) -> &str {
        let (article, start, end) = self.paragraphs[i];
        let body = self.articles[article as usize].body.as_deref().unwrap_or("");
        &body[start as usize..end as usize]
    }
}

/// splitmix64: small, fast, and fixed forever here.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0): the high half of a 64×64 product, no
    /// rejection (the bias is below 2^-40 for these sizes).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
}

struct Corpus {
    reuters: Source,
    wiki: Source,
}

/// A generated article, borrowing its text from the sources.
struct Generated<'a> {
    id: String,
    title: &'a str,
    paragraphs: Vec<&'a str>,
    url: String,
    date: Option<String>,
    author: Option<&'a str>,
    tags: Option<&'a [String]>,
}

impl Corpus {
    fn new(reuters: Source, wiki: Source) -> Result<Corpus> {
        if reuters.bases.is_empty() || wiki.bases.is_empty() {
            bail!("a source corpus has no article with both a title and a body");
        }
        Ok(Corpus { reuters, wiki })
    }

    /// Real articles: the first `real()` of the sequence.
    fn real(&self) -> u64 {
        (self.reuters.articles.len() + self.wiki.articles.len()) as u64
    }

    /// Real article `i` (< `real()`): Reuters and Wikipedia interleaved evenly.
    fn real_article(&self, i: u64) -> &Article {
        let (total, w) = (self.real(), self.wiki.articles.len() as u64);
        let wiki_before = i * w / total;
        if (i + 1) * w / total > wiki_before {
            &self.wiki.articles[wiki_before as usize]
        } else {
            &self.reuters.articles[(i - wiki_before) as usize]
        }
    }

    /// Recombined article `k` (>= `real()`), from a PRNG seeded with `k` alone.
    fn generated(&self, k: u64) -> Generated<'_> {
        let mut rng = SplitMix64::new(SEED ^ k.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        let is_wiki = rng.below(self.real()) < self.wiki.articles.len() as u64;
        let source = if is_wiki { &self.wiki } else { &self.reuters };
        let base = &source.articles[source.bases[rng.below(source.bases.len() as u64) as usize] as usize];
        let count = base.count.clamp(1, 6);
        let mut paragraphs = Vec::with_capacity(count as usize);
        paragraphs.push(source.paragraph(base.first as usize));
        for _ in 1..count {
            paragraphs.push(source.paragraph(rng.below(source.paragraphs.len() as u64) as usize));
        }
        let date = match &base.date {
            Some(date) => Some(date.clone()),
            None if is_wiki && rng.below(2) == 0 => Some(rfc3339(DATE_FROM + rng.below(DATE_SPAN) as i64)),
            None => None,
        };
        let id = format!("gen-{k}-{}", base.id);
        Generated {
            url: format!("https://example.invalid/scale/{id}"),
            id,
            title: base.title.as_deref().unwrap_or(""),
            paragraphs,
            date,
            author: base.author.as_deref(),
            tags: base.tags.as_deref(),
        }
    }

    /// Writes articles `0..n` as JSONL; returns the bytes written.
    fn write(&self, n: u64, out: &mut impl Write) -> Result<u64> {
        let mut out = Counting { inner: out, bytes: 0 };
        for k in 0..n {
            if k < self.real() {
                let a = self.real_article(k);
                write_line(&mut out, &a.id, a.title.as_deref(), a.body.as_deref().map(Body::Whole), a.url.as_deref(), a.date.as_deref(), a.author.as_deref(), a.tags.as_deref())?;
            } else {
                let g = self.generated(k);
                write_line(&mut out, &g.id, Some(g.title), Some(Body::Paragraphs(&g.paragraphs)), Some(&g.url), g.date.as_deref(), g.author, g.tags)?;
            }
        }
        Ok(out.bytes)
    }
}

/// 2001-01-01T00:00:00Z and the span up to 2025-01-01, in seconds.
const DATE_FROM: i64 = 978_307_200;
const DATE_SPAN: u64 = 1_735_689_600 - 978_307_200;

/// `secs` since the Unix epoch as RFC 3339 UTC (`2001-02-03T04:05:06Z`).
fn rfc3339(secs: i64) -> String {
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest / 60 % 60, rest % 60)
}

enum Body<'a> {
    Whole(&'a str),
    Paragraphs(&'a [&'a str]),
}

struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// One line in the sources' layout (Python's `json.dumps(ensure_ascii=False)`:
/// keys in Article JSONL order, `", "` and `": "` separators, absent keys
/// omitted), so that real articles come out byte for byte as they went in.
#[allow(clippy::too_many_arguments)]
fn write_line(
    out: &mut impl Write,
    id: &str,
    title: Option<&str>,
    body: Option<Body<'_>>,
    url: Option<&str>,
    date: Option<&str>,
    author: Option<&str>,
    tags: Option<&[String]>,
) -> Result<()> {
    out.write_all(b"{\"id\": ")?;
    serde_json::to_writer(&mut *out, id)?;
    fn field(out: &mut impl Write, key: &str, value: Option<&str>) -> Result<()> {
        if let Some(value) = value {
            write!(out, ", \"{key}\": ")?;
            serde_json::to_writer(out, value)?;
        }
        Ok(())
    }
    field(out, "title", title)?;
    match body {
        Some(Body::Whole(text)) => field(out, "body", Some(text))?,
        Some(Body::Paragraphs(paragraphs)) => field(out, "body", Some(&paragraphs.join("\n\n")))?,
        None => {}
    }
    field(out, "url", url)?;
    field(out, "date", date)?;
    field(out, "author", author)?;
    if let Some(tags) = tags {
        out.write_all(b", \"tags\": [")?;
        for (i, tag) in tags.iter().enumerate() {
            if i > 0 {
                out.write_all(b", ")?;
            }
            serde_json::to_writer(&mut *out, tag)?;
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"}\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REUTERS_LINES: &str = concat!(
        r#"{"id": "reuters-1", "title": "COCOA REVIEW", "body": "Showers continued in the cocoa zone.\n\nArrivals were 155,221 bags.\n\nSpot prices rose.", "date": "1987-02-26T15:01:01Z", "tags": ["topic:cocoa", "place:brazil"]}"#, "\n",
        r#"{"id": "reuters-2", "body": "A story without a title.", "date": "1987-02-26T15:02:20Z"}"#, "\n",
        r#"{"id": "reuters-3", "title": "TITLE ONLY", "date": "1987-02-26T15:03:27Z"}"#, "\n",
        r#"{"id": "reuters-4", "title": "GRAIN \"QUOTED\"", "body": "Wheat été rose.\n\nCorn fell.", "date": "1987-02-26T15:07:13Z", "author": "Jane Doe", "tags": ["topic:grain"]}"#, "\n",
    );
    const WIKI_LINES: &str = concat!(
        r#"{"id": "enwiki-1", "title": "Jarred Shaw", "body": "Jarred Shaw is a basketball player.\n\nProfessional career.\n\nHe signed for Trouville.", "url": "https://en.wikipedia.org/wiki?curid=1"}"#, "\n",
        r#"{"id": "enwiki-2", "title": "Harrow Shanghai", "body": "Harrow Shanghai is a school — in Pudong.", "url": "https://en.wikipedia.org/wiki?curid=2"}"#, "\n",
        r#"{"id": "enwiki-3", "title": "Tab\tand control", "body": "One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\nSix.\n\nSeven.\n\nEight.", "url": "https://en.wikipedia.org/wiki?curid=3"}"#, "\n",
    );

    fn corpus() -> Corpus {
        let reuters = parse(REUTERS_LINES.as_bytes()).unwrap();
        let wiki = parse(WIKI_LINES.as_bytes()).unwrap();
        Corpus::new(reuters, wiki).unwrap()
    }

    fn generate(n: u64) -> String {
        let mut out = Vec::new();
        let bytes = corpus().write(n, &mut out).unwrap();
        assert_eq!(bytes, out.len() as u64);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn deterministic_and_prefix_stable() {
        let big = generate(300);
        assert_eq!(big, generate(300));
        let small = generate(40);
        assert!(big.starts_with(&small));
        assert_eq!(big.lines().count(), 300);
        // Every id is unique.
        let ids: std::collections::HashSet<String> = big
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 300);
    }

    #[test]
    fn real_articles_first_unchanged_then_only_real_text() {
        let out = generate(500);
        let lines: Vec<&str> = out.lines().collect();
        // The 7 real articles, byte for byte, interleaved, Reuters first.
        let mut real: Vec<&str> = REUTERS_LINES.lines().chain(WIKI_LINES.lines()).collect();
        assert_eq!(lines[0], real[0]);
        let mut first: Vec<&str> = lines[..7].to_vec();
        first.sort();
        real.sort();
        assert_eq!(first, real);

        let sources: Vec<serde_json::Value> =
            real.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
        let titles: Vec<&str> = sources.iter().filter_map(|s| s["title"].as_str()).collect();
        let paragraphs: Vec<&str> =
            sources.iter().filter_map(|s| s["body"].as_str()).flat_map(|b| b.split("\n\n")).collect();
        let (mut wiki, mut dated_wiki) = (0, 0);
        for line in &lines[7..] {
            let a: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = a["id"].as_str().unwrap();
            assert!(id.starts_with("gen-"), "{id}");
            assert!(titles.contains(&a["title"].as_str().unwrap()), "{line}");
            let body: Vec<&str> = a["body"].as_str().unwrap().split("\n\n").collect();
            assert!((1..=6).contains(&body.len()), "{line}");
            for p in &body {
                assert!(paragraphs.contains(p), "invented paragraph {p:?} in {line}");
            }
            let source_id = id.splitn(3, '-').nth(2).unwrap();
            let base = sources.iter().find(|s| s["id"] == source_id).unwrap();
            assert_eq!(a["title"], base["title"]);
            assert_eq!(body[0], base["body"].as_str().unwrap().split("\n\n").next().unwrap());
            assert_eq!(a["author"], base["author"]);
            assert_eq!(a["tags"], base["tags"]);
            if source_id.starts_with("enwiki-") {
                wiki += 1;
                dated_wiki += usize::from(a.get("date").is_some());
            } else {
                assert_eq!(a["date"], base["date"]);
            }
        }
        // Both sources are drawn on, and some Wikipedia articles stay dateless.
        assert!(wiki > 100 && wiki < 400, "{wiki}");
        assert!(dated_wiki > 0 && dated_wiki < wiki, "{dated_wiki} of {wiki}");
    }

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(DATE_FROM), "2001-01-01T00:00:00Z");
        assert_eq!(rfc3339(DATE_FROM + DATE_SPAN as i64 - 1), "2024-12-31T23:59:59Z");
        assert_eq!(rfc3339(951_782_400 + 3_723), "2000-02-29T01:02:03Z");
    }

    #[test]
    fn missing_source_is_named() {
        let error = load(Path::new("/nonexistent/trovi/wiki/enwiki.jsonl")).unwrap_err();
        assert!(format!("{error:#}").contains("/nonexistent/trovi/wiki/enwiki.jsonl"), "{error:#}");
    }
}
