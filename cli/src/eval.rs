//! `trovi eval`: relevance of the search path users get, measured on a test
//! collection (queries + TREC judgments).
//!
//! Every query goes through [`Searcher::search`] exactly as `trovi search` and
//! the web app send it: the text is parsed by the query language, so characters
//! it interprets (`"quotes"`, `(groups)`, a leading `-`, upper-case `OR`/`AND`,
//! `word:` prefixes) keep their meaning here too. That is deliberate: the figures
//! describe what a user typing the same text would get. Only the page size (the
//! top 1000, the depth MAP is cut at) and facets (off, they do not change the
//! ranking) differ from a default [`SearchRequest`].
//!
//! Stemming is chosen when the index is built (`trovi index --lang none`), so
//! measuring it means building a second index.
//!
//! Metrics, as `trec_eval` defines them, averaged over the queries that have at
//! least one positive judgment:
//!
//! - **nDCG@10**: DCG = Σ gain(rank i) / log2(i + 1) over the first 10 hits,
//!   divided by the DCG of the ideal ordering of every judged document. The gain
//!   comes from the grade (see [`Gain`]).
//! - **MAP**: average precision over the top 1000, divided by the number of
//!   relevant documents (relevant = judged with a grade > 0), whether retrieved or not.
//! - **P@10**: relevant hits among the first 10, over 10 (also when fewer were found).
//! - **R@100**: relevant hits among the first 100, over the number of relevant documents.

use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use trovi_core::{SearchRequest, Searcher};

/// How deep each ranking goes (and where MAP is cut).
pub const DEPTH: usize = 1000;

/// Arguments of `trovi eval`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// The index directory (built with `trovi index`; its stemming is fixed at index time).
    dir: PathBuf,
    /// Queries: one `qid<TAB>query text` per line.
    #[arg(long)]
    queries: PathBuf,
    /// Judgments in TREC format: `qid iteration docid grade` (grade > 0 is relevant).
    #[arg(long)]
    qrels: PathBuf,
    /// nDCG gain of a judged document: `grade` (gain = grade), `binary` (gain = 1),
    /// or `inverted:N` (gain = N − grade, for collections where grade 1 is the
    /// most relevant, e.g. Cranfield: `inverted:5`).
    #[arg(long, default_value = "grade")]
    gain: Gain,
    /// Title weight relative to the body (default: the library's).
    #[arg(long)]
    title_boost: Option<f32>,
    /// Typo tolerance: on or off (default: on, as users get it).
    #[arg(long, value_parser = on_off)]
    fuzzy: Option<bool>,
    /// Prefix matching of the last word: on or off (default: on, as users get it).
    #[arg(long, value_parser = on_off)]
    prefix: Option<bool>,
    /// Constant score of a typo-tolerant match (default: the library's).
    #[arg(long)]
    fuzzy_score: Option<f32>,
    /// Constant score of a prefix match (default: the library's).
    #[arg(long)]
    prefix_score: Option<f32>,
    /// Weight of the proximity bonus of long queries, 0 for none (default: the library's).
    #[arg(long)]
    proximity: Option<f32>,
    /// Print JSON: {"queries", "judged", "ndcg@10", "map", "p@10", "recall@100", …}.
    #[arg(long)]
    json: bool,
    /// Also report each judged query's figures.
    #[arg(long)]
    per_query: bool,
}

fn on_off(text: &str) -> Result<bool, String> {
    match text {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        other => Err(format!("{other:?}: expected on or off")),
    }
}

/// How a grade becomes an nDCG gain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gain {
    /// gain = grade (higher is better).
    Grade,
    /// gain = 1 for every relevant document.
    Binary,
    /// gain = max − grade (lower is better, e.g. Cranfield with max 5); never below 0.
    Inverted(i64),
}

impl Gain {
    /// The gain of a relevant document with `grade`.
    pub fn of(self, grade: i64) -> f64 {
        match self {
            Gain::Grade => grade as f64,
            Gain::Binary => 1.0,
            Gain::Inverted(max) => (max - grade).max(0) as f64,
        }
    }
}

impl std::str::FromStr for Gain {
    type Err = String;
    fn from_str(text: &str) -> Result<Gain, String> {
        match text {
            "grade" => Ok(Gain::Grade),
            "binary" => Ok(Gain::Binary),
            _ => match text.strip_prefix("inverted:").map(str::parse::<i64>) {
                Some(Ok(max)) => Ok(Gain::Inverted(max)),
                _ => Err(format!("{text:?}: expected grade, binary or inverted:N (gain = N − grade)")),
            },
        }
    }
}

impl std::fmt::Display for Gain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Gain::Grade => write!(f, "grade"),
            Gain::Binary => write!(f, "binary"),
            Gain::Inverted(max) => write!(f, "inverted:{max}"),
        }
    }
}

/// The judgments of one query: docid → grade, positive grades only.
pub type Judgments = HashMap<String, i64>;

/// Discounted cumulative gain of `gains` (in rank order) over the first `k`.
fn dcg(gains: impl Iterator<Item = f64>, k: usize) -> f64 {
    gains.take(k).enumerate().map(|(i, g)| g / ((i + 2) as f64).log2()).sum()
}

/// nDCG@k of a ranking: DCG of the ranking over DCG of the ideal ranking of
/// every judged document. 0 when no judged document has a positive gain.
pub fn ndcg_at(ranking: &[&str], judged: &Judgments, gain: Gain, k: usize) -> f64 {
    let actual = dcg(ranking.iter().map(|id| judged.get(*id).map_or(0.0, |&g| gain.of(g))), k);
    let mut ideal: Vec<f64> = judged.values().map(|&g| gain.of(g)).collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let best = dcg(ideal.into_iter(), k);
    if best > 0.0 { actual / best } else { 0.0 }
}

/// Average precision of a ranking (as deep as it goes) against `relevant`
/// documents: the mean of the precision at each relevant hit, missed relevant
/// documents counting 0.
pub fn average_precision(ranking: &[&str], relevant: &HashSet<&str>) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    let mut found = 0usize;
    let mut sum = 0.0;
    for (i, id) in ranking.iter().enumerate() {
        if relevant.contains(id) {
            found += 1;
            sum += found as f64 / (i + 1) as f64;
        }
    }
    sum / relevant.len() as f64
}

/// Relevant documents among the first `k` of a ranking.
fn relevant_in_top(ranking: &[&str], relevant: &HashSet<&str>, k: usize) -> usize {
    ranking.iter().take(k).filter(|id| relevant.contains(*id)).count()
}

/// Precision at `k`: relevant among the first `k`, over `k` (also when the ranking is shorter).
pub fn precision_at(ranking: &[&str], relevant: &HashSet<&str>, k: usize) -> f64 {
    if k == 0 { 0.0 } else { relevant_in_top(ranking, relevant, k) as f64 / k as f64 }
}

/// Recall at `k`: relevant among the first `k`, over every relevant document.
pub fn recall_at(ranking: &[&str], relevant: &HashSet<&str>, k: usize) -> f64 {
    if relevant.is_empty() { 0.0 } else { relevant_in_top(ranking, relevant, k) as f64 / relevant.len() as f64 }
}

/// The figures of one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryFigures {
    /// Query id.
    pub qid: String,
    /// nDCG@10.
    #[serde(rename = "ndcg@10")]
    pub ndcg10: f64,
    /// Average precision over the top 1000.
    pub ap: f64,
    /// P@10.
    #[serde(rename = "p@10")]
    pub p10: f64,
    /// Recall@100.
    #[serde(rename = "recall@100")]
    pub recall100: f64,
    /// Number of relevant documents.
    pub relevant: usize,
    /// Number of matching articles (before the cut at 1000).
    pub matched: usize,
    /// How many words the searcher required after relaxing a short query, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relaxed: Option<String>,
}

/// Scores one ranking against one query's judgments.
pub fn figures(qid: &str, ranking: &[&str], judged: &Judgments, gain: Gain) -> QueryFigures {
    let relevant: HashSet<&str> = judged.iter().filter(|&(_, &g)| g > 0).map(|(id, _)| id.as_str()).collect();
    QueryFigures {
        qid: qid.to_string(),
        ndcg10: ndcg_at(ranking, judged, gain, 10),
        ap: average_precision(ranking, &relevant),
        p10: precision_at(ranking, &relevant, 10),
        recall100: recall_at(ranking, &relevant, 100),
        relevant: relevant.len(),
        matched: ranking.len(),
        relaxed: None,
    }
}

/// Means over the judged queries.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Means {
    /// Mean nDCG@10.
    #[serde(rename = "ndcg@10")]
    pub ndcg10: f64,
    /// Mean average precision (MAP).
    pub map: f64,
    /// Mean P@10.
    #[serde(rename = "p@10")]
    pub p10: f64,
    /// Mean recall@100.
    #[serde(rename = "recall@100")]
    pub recall100: f64,
}

/// The mean of each figure (all 0 for no queries).
pub fn means(per_query: &[QueryFigures]) -> Means {
    if per_query.is_empty() {
        return Means::default();
    }
    let n = per_query.len() as f64;
    let mean = |f: fn(&QueryFigures) -> f64| per_query.iter().map(f).sum::<f64>() / n;
    Means {
        ndcg10: mean(|q| q.ndcg10),
        map: mean(|q| q.ap),
        p10: mean(|q| q.p10),
        recall100: mean(|q| q.recall100),
    }
}

/// Reads `qid<TAB>text` lines (blank lines skipped), in file order.
pub fn read_queries(path: &Path) -> Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read queries from {}", path.display()))?;
    let mut queries = Vec::new();
    let mut seen = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((qid, query)) = line.split_once('\t') else {
            bail!("{}:{}: expected `qid<TAB>query text`", path.display(), n + 1);
        };
        let qid = qid.trim().to_string();
        if !seen.insert(qid.clone()) {
            bail!("{}:{}: query id {qid:?} appears twice", path.display(), n + 1);
        }
        queries.push((qid, query.to_string()));
    }
    Ok(queries)
}

/// Reads TREC qrels (`qid iteration docid grade`), keeping positive grades.
pub fn read_qrels(path: &Path) -> Result<HashMap<String, Judgments>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read judgments from {}", path.display()))?;
    let mut qrels: HashMap<String, Judgments> = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() {
            continue;
        }
        let [qid, _, docid, grade] = cols[..] else {
            bail!("{}:{}: expected `qid iteration docid grade`", path.display(), n + 1);
        };
        let grade: i64 = grade.parse().with_context(|| format!("{}:{}: grade {grade:?} is not an integer", path.display(), n + 1))?;
        if grade > 0 {
            qrels.entry(qid.to_string()).or_default().insert(docid.to_string(), grade);
        }
    }
    Ok(qrels)
}

/// The settings a run used, echoed in the output.
#[derive(Debug, Serialize)]
struct Settings {
    stemming: String,
    title_boost: f32,
    fuzzy: bool,
    fuzzy_score: f32,
    prefix: bool,
    prefix_score: f32,
    proximity: f32,
    gain: String,
    depth: usize,
}

#[derive(Debug, Serialize)]
struct Report {
    queries: usize,
    judged: usize,
    unjudged: usize,
    documents: u64,
    #[serde(flatten)]
    means: Means,
    settings: Settings,
    took_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    per_query: Option<Vec<QueryFigures>>,
}

pub fn run(args: EvalArgs) -> Result<()> {
    let mut searcher: Searcher = crate::search::open(&args.dir)?;
    let mut tuning = searcher.tuning();
    if let Some(v) = args.title_boost {
        tuning.title_boost = v;
    }
    if let Some(v) = args.fuzzy_score {
        tuning.fuzzy_score = v;
    }
    if let Some(v) = args.prefix_score {
        tuning.prefix_score = v;
    }
    if let Some(v) = args.proximity {
        tuning.proximity = v;
    }
    searcher.set_tuning(tuning);
    let defaults = SearchRequest::default();
    let fuzzy = args.fuzzy.unwrap_or(defaults.fuzzy);
    let prefix = args.prefix.unwrap_or(defaults.prefix);

    let queries = read_queries(&args.queries)?;
    let qrels = read_qrels(&args.qrels)?;
    let started = Instant::now();
    let mut per_query = Vec::new();
    for (qid, text) in &queries {
        let Some(judged) = qrels.get(qid).filter(|j| !j.is_empty()) else {
            continue;
        };
        let request =
            SearchRequest { query: text.clone(), limit: DEPTH, fuzzy, prefix, facets: false, ..SearchRequest::default() };
        let results = searcher.search(&request).with_context(|| format!("query {qid} failed"))?;
        let ranking: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
        let mut figures = figures(qid, &ranking, judged, args.gain);
        figures.matched = results.total;
        figures.relaxed = results.relaxed.map(|r| format!("{} of {}", r.required, r.of));
        per_query.push(figures);
    }
    let known: HashSet<&str> = queries.iter().map(|(qid, _)| qid.as_str()).collect();
    let orphans = qrels.keys().filter(|qid| !known.contains(qid.as_str())).count();
    if orphans > 0 {
        eprintln!("trovi eval: warning: {orphans} judged query id(s) are not in {}", args.queries.display());
    }
    let report = Report {
        queries: queries.len(),
        judged: per_query.len(),
        unjudged: queries.len() - per_query.len(),
        documents: searcher.doc_count(),
        means: means(&per_query),
        settings: Settings {
            stemming: searcher.stemming().name().to_string(),
            title_boost: tuning.title_boost,
            fuzzy,
            fuzzy_score: tuning.fuzzy_score,
            prefix,
            prefix_score: tuning.prefix_score,
            proximity: tuning.proximity,
            gain: args.gain.to_string(),
            depth: DEPTH,
        },
        took_ms: started.elapsed().as_millis() as u64,
        per_query: args.per_query.then_some(per_query),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print_text(&mut out, &report)?;
    }
    Ok(())
}

fn print_text(out: &mut impl Write, report: &Report) -> Result<()> {
    if let Some(per_query) = &report.per_query {
        writeln!(out, "{:<8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}", "qid", "nDCG@10", "AP", "P@10", "R@100", "relevant", "matched")?;
        for q in per_query {
            write!(out, "{:<8} {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>8} {:>8}", q.qid, q.ndcg10, q.ap, q.p10, q.recall100, q.relevant, q.matched)?;
            match &q.relaxed {
                Some(r) => writeln!(out, "  (relaxed: {r} words required)")?,
                None => writeln!(out)?,
            }
        }
        writeln!(out)?;
    }
    let s = &report.settings;
    let on = |b: bool| if b { "on" } else { "off" };
    writeln!(
        out,
        "{} queries, {} judged ({} without judgments, not counted); {} documents",
        report.queries, report.judged, report.unjudged, report.documents
    )?;
    writeln!(
        out,
        "stemming {}, title boost {}, fuzzy {} (score {}), prefix {} (score {}), proximity {}, gain {}, top {} in {} ms",
        s.stemming,
        s.title_boost,
        on(s.fuzzy),
        s.fuzzy_score,
        on(s.prefix),
        s.prefix_score,
        s.proximity,
        s.gain,
        s.depth,
        report.took_ms
    )?;
    let m = &report.means;
    for (name, value) in [("nDCG@10", m.ndcg10), ("MAP", m.map), ("P@10", m.p10), ("R@100", m.recall100)] {
        writeln!(out, "{name:<8} {value:.4}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, i64)]) -> Judgments {
        pairs.iter().map(|&(id, g)| (id.to_string(), g)).collect()
    }

    fn set<'a>(ids: &[&'a str]) -> HashSet<&'a str> {
        ids.iter().copied().collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn average_precision_by_hand() {
        // Relevant: a, c, z (z never retrieved). Ranking a b c:
        // precision at a = 1/1, at c = 2/3; AP = (1 + 2/3 + 0) / 3 = 5/9.
        let ap = average_precision(&["a", "b", "c"], &set(&["a", "c", "z"]));
        assert!(close(ap, 5.0 / 9.0), "{ap}");
        // Perfect ranking.
        assert!(close(average_precision(&["a", "c", "b"], &set(&["a", "c"])), 1.0));
        // Nothing relevant retrieved, and no relevant documents at all.
        assert!(close(average_precision(&["b"], &set(&["a"])), 0.0));
        assert!(close(average_precision(&["b"], &set(&[])), 0.0));
    }

    #[test]
    fn ndcg_by_hand() {
        // Grades a=3, c=1, z=2 (z not retrieved); ranking a b c.
        // DCG = 3/log2(2) + 0/log2(3) + 1/log2(4) = 3 + 0.5 = 3.5.
        // Ideal 3, 2, 1: 3 + 2/log2(3) + 0.5.
        let j = judged(&[("a", 3), ("c", 1), ("z", 2)]);
        let ideal = 3.0 + 2.0 / 3f64.log2() + 0.5;
        let n = ndcg_at(&["a", "b", "c"], &j, Gain::Grade, 10);
        assert!(close(n, 3.5 / ideal), "{n}");
        // Binary gains: DCG = 1 + 0.5, ideal = 1 + 1/log2(3) + 0.5.
        let n = ndcg_at(&["a", "b", "c"], &j, Gain::Binary, 10);
        assert!(close(n, 1.5 / (1.5 + 1.0 / 3f64.log2())), "{n}");
        // Cut at k = 1: only the first hit and the best judged document count.
        assert!(close(ndcg_at(&["c", "a"], &j, Gain::Grade, 1), 1.0 / 3.0));
        // Nothing judged positive: 0, not NaN.
        assert!(close(ndcg_at(&["a"], &judged(&[]), Gain::Grade, 10), 0.0));
    }

    #[test]
    fn inverted_gain_for_lower_is_better() {
        // Cranfield: grade 1 is the best; inverted:5 gives 1 → 4, 4 → 1.
        let g = Gain::Inverted(5);
        assert_eq!((g.of(1), g.of(4), g.of(7)), (4.0, 1.0, 0.0));
        let j = judged(&[("best", 1), ("weak", 4)]);
        assert!(close(ndcg_at(&["best", "weak"], &j, g, 10), 1.0));
        // Swapped: (1 + 4/log2 3) / (4 + 1/log2 3).
        let n = ndcg_at(&["weak", "best"], &j, g, 10);
        assert!(close(n, (1.0 + 4.0 / 3f64.log2()) / (4.0 + 1.0 / 3f64.log2())), "{n}");
        assert_eq!("inverted:5".parse::<Gain>(), Ok(Gain::Inverted(5)));
        assert_eq!("binary".parse::<Gain>(), Ok(Gain::Binary));
        assert!("inverted:x".parse::<Gain>().is_err());
        assert_eq!(Gain::Inverted(5).to_string(), "inverted:5");
    }

    #[test]
    fn precision_and_recall_by_hand() {
        let rel = set(&["a", "c", "z"]);
        let ranking = ["a", "b", "c"];
        // P@10 divides by 10 even when only 3 were retrieved (as trec_eval does).
        assert!(close(precision_at(&ranking, &rel, 10), 0.2));
        assert!(close(precision_at(&ranking, &rel, 2), 0.5));
        assert!(close(recall_at(&ranking, &rel, 100), 2.0 / 3.0));
        assert!(close(recall_at(&ranking, &rel, 1), 1.0 / 3.0));
    }

    #[test]
    fn figures_and_means() {
        let j = judged(&[("a", 1), ("c", 1), ("z", 1)]);
        let q1 = figures("1", &["a", "b", "c"], &j, Gain::Grade);
        assert!(close(q1.ap, 5.0 / 9.0));
        assert_eq!(q1.relevant, 3);
        let q2 = figures("2", &["x"], &judged(&[("y", 2)]), Gain::Grade);
        assert!(close(q2.ap, 0.0));
        let m = means(&[q1.clone(), q2]);
        assert!(close(m.map, 5.0 / 18.0));
        assert!(close(m.p10, 0.1));
        assert_eq!(means(&[]), Means::default());
    }

    #[test]
    fn reads_queries_and_qrels() {
        let dir = std::env::temp_dir().join(format!("trovi-eval-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let q = dir.join("q.tsv");
        let r = dir.join("r.txt");
        std::fs::write(&q, "1\twhat is (this) \"thing\"\n\n2\tOR -not\n").expect("write");
        std::fs::write(&r, "1 0 d1 2\n1 0 d2 0\n2 0 d3 1\n").expect("write");
        let queries = read_queries(&q).expect("queries");
        assert_eq!(queries, vec![("1".into(), "what is (this) \"thing\"".into()), ("2".into(), "OR -not".into())]);
        let qrels = read_qrels(&r).expect("qrels");
        assert_eq!(qrels["1"], judged(&[("d1", 2)]), "grade 0 is not relevant");
        assert_eq!(qrels["2"], judged(&[("d3", 1)]));
        std::fs::write(&q, "no tab here\n").expect("write");
        assert!(read_queries(&q).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
