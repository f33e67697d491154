//! Snippets and highlight ranges.
//!
//! Everything here works on a token list ([`Tok`]) made by the index's own
//! analyzer ([`tokenize`]), so what is highlighted is exactly what the index
//! matched: stemmed forms, typo-tolerant (fuzzy) terms and prefixes.
// Wired up by the searcher; until then some items are unused.


use crate::Snippet;
use std::collections::{HashMap, HashSet};
use tantivy::tokenizer::{RawTokenizer, TextAnalyzer, TokenStream};

/// Marks a snippet cut at the start.
const LEAD: &str = "… ";
/// Marks a snippet cut at the end.
const TRAIL: &str = " …";

/// What counts as a match, in index-term space.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermMatcher {
    /// Analyzed (lowercased, ASCII-folded, stemmed) index terms that match exactly.
    pub exact: HashSet<String>,
    /// Analyzed terms with their maximum edit distance (Levenshtein in chars,
    /// a transposition costing 1, like tantivy's `FuzzyTermQuery` with
    /// `transposition_cost_one`), starting with the same character (the rule
    /// of the searcher's typo tolerance).
    pub fuzzy: Vec<(String, u8)>,
    /// Lowercased, ASCII-folded (not stemmed) prefixes; a token matches when
    /// its folded surface form starts with one. Empty prefixes are ignored.
    pub prefixes: Vec<String>,
}

impl TermMatcher {
    /// Whether a token (its analyzed form and its folded surface form) matches.
    pub fn matches(&self, analyzed: &str, surface_folded: &str) -> bool {
        self.matched_term(analyzed, surface_folded).is_some()
    }

    /// True when nothing can match.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.fuzzy.is_empty() && self.prefixes.iter().all(String::is_empty)
    }

    /// How many different query terms a query could match (exact terms,
    /// typo-tolerant words and prefixes).
    pub fn distinct_terms(&self) -> usize {
        self.exact.len() + self.fuzzy.len() + self.prefixes.iter().filter(|p| !p.is_empty()).count()
    }

    /// The byte offset of the first verbatim (ASCII case-insensitive)
    /// occurrence in `text` of an exact term or prefix, when every query word
    /// can be found that way (None with typo-tolerant terms, which have no
    /// fixed spelling, or when nothing is found).
    pub(crate) fn first_hint(&self, text: &str) -> Option<usize> {
        if !self.fuzzy.is_empty() {
            return None;
        }
        let needles: Vec<&str> = self.exact.iter().chain(&self.prefixes).map(String::as_str).filter(|n| !n.is_empty()).collect();
        let hay = text.as_bytes();
        needles
            .iter()
            .filter_map(|needle| {
                let needle = needle.as_bytes();
                let first = needle[0].to_ascii_lowercase();
                (0..hay.len().saturating_sub(needle.len() - 1)).find(|&i| {
                    hay[i].to_ascii_lowercase() == first && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
                })
            })
            .min()
    }

    /// How many different query terms match among `tokens`.
    pub(crate) fn count_distinct(&self, tokens: &[Tok]) -> usize {
        let matched: HashSet<&str> = tokens.iter().filter_map(|t| self.matched_term(&t.analyzed, &t.surface)).collect();
        matched.len()
    }

    /// The query-side term a token matches (used to count distinct terms).
    fn matched_term(&self, analyzed: &str, surface_folded: &str) -> Option<&str> {
        if let Some(term) = self.exact.get(analyzed) {
            return Some(term);
        }
        if let Some((term, _)) = self.fuzzy.iter().find(|(term, max)| same_first_char(analyzed, term) && within_edit_distance(analyzed, term, *max)) {
            return Some(term);
        }
        self.prefixes.iter().find(|p| !p.is_empty() && surface_folded.starts_with(p.as_str())).map(String::as_str)
    }
}

/// One token of a text, as produced by the index analyzer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tok {
    /// Byte offset of the token's first char in the text.
    pub from: usize,
    /// Byte offset just past the token's last char.
    pub to: usize,
    /// The analyzed form (what the index stores).
    pub analyzed: String,
    /// `text[from..to]` lowercased and ASCII-folded (not stemmed).
    pub surface: String,
}

/// Runs `analyzer` over `text` and returns its tokens with their surface forms.
///
/// Tokens whose offsets do not fall on `text`'s char boundaries are skipped.
/// (The reference for [`SnippetTokenizer`], which the searcher uses.)
#[cfg(test)]
pub(crate) fn tokenize(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Tok> {
    use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, TokenFilter, Tokenizer};
    // The surface form: the token's own text through the same lowercasing and
    // folding as the index analyzer, but no stemming.
    let mut fold = AsciiFoldingFilter.transform(LowerCaser.transform(RawTokenizer::default()));
    let mut tokens = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let token = stream.token();
        let (from, to) = (token.offset_from, token.offset_to);
        let Some(slice) = text.get(from..to).filter(|s| !s.is_empty()) else {
            continue;
        };
        let mut folded = fold.token_stream(slice);
        let surface = if folded.advance() { folded.token().text.clone() } else { slice.to_lowercase() };
        tokens.push(Tok { from, to, analyzed: token.text.clone(), surface });
    }
    tokens
}

/// Tokenizes like the index analyzer (same tokens, same analyzed and surface
/// forms as [`tokenize`]), stemming each distinct word once: one per search
/// serves the titles and bodies of all its hits.
///
/// The surface analyzer (split, drop long tokens, lowercase, fold) gives each
/// token's surface form directly; the stem is the stemmer applied to that
/// form, which is what the index analyzer does after the same filters.
pub(crate) struct SnippetTokenizer {
    surface: TextAnalyzer,
    stemmer: TextAnalyzer,
    stems: HashMap<String, String>,
}

impl SnippetTokenizer {
    /// A tokenizer for indexes built with `language` (None: no stemming).
    pub(crate) fn new(language: Option<crate::stem::Language>) -> SnippetTokenizer {
        let stemmer = crate::stem::with_stemming(TextAnalyzer::builder(RawTokenizer::default()), language);
        SnippetTokenizer { surface: crate::schema::surface_analyzer(), stemmer, stems: HashMap::new() }
    }

    /// Like [`tokenize`] with the index analyzer.
    pub(crate) fn tokenize(&mut self, text: &str) -> Vec<Tok> {
        let mut tokens = Vec::new();
        let mut stream = self.surface.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let (from, to) = (token.offset_from, token.offset_to);
            if text.get(from..to).is_none_or(str::is_empty) {
                continue;
            }
            let analyzed = match self.stems.get(&token.text) {
                Some(stem) => stem.clone(),
                None => {
                    let mut stemmed = self.stemmer.token_stream(&token.text);
                    let stem = if stemmed.advance() { stemmed.token().text.clone() } else { token.text.clone() };
                    self.stems.insert(token.text.clone(), stem.clone());
                    stem
                }
            };
            tokens.push(Tok { from, to, analyzed, surface: token.text.clone() });
        }
        tokens
    }
}

/// All matching token ranges `[from, to)`, sorted, overlapping ones merged.
pub(crate) fn highlight_all(tokens: &[Tok], m: &TermMatcher) -> Vec<[usize; 2]> {
    let mut ranges: Vec<[usize; 2]> =
        tokens.iter().filter(|t| t.from < t.to && m.matches(&t.analyzed, &t.surface)).map(|t| [t.from, t.to]).collect();
    ranges.sort_unstable();
    merge(ranges)
}

/// Merges overlapping ranges of a sorted list.
fn merge(ranges: Vec<[usize; 2]>) -> Vec<[usize; 2]> {
    let mut out: Vec<[usize; 2]> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r[0] < last[1] => last[1] = last[1].max(r[1]),
            _ => out.push(r),
        }
    }
    out
}

/// Whether `a` and `b` are within `max` edits of each other (insertions,
/// deletions, substitutions and transpositions of adjacent chars each cost 1).
fn same_first_char(a: &str, b: &str) -> bool {
    a.chars().next() == b.chars().next()
}

pub(crate) fn within_edit_distance(a: &str, b: &str, max: u8) -> bool {
    if a == b {
        return true;
    }
    let max = usize::from(max);
    // Cheap rejections first: this runs for every token of a text.
    if max == 0 || a.chars().count().abs_diff(b.chars().count()) > max {
        return false;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Optimal string alignment distance, three rolling rows.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        // Every later cell is at least the minimum of this row (a
        // transposition from the row before cannot beat a substitution here).
        if row_min > max {
            return false;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= max
}

/// The best passage of about `max_len` bytes of `text`, with its matches highlighted.
///
/// The window holds the most distinct matched terms, then the most matches,
/// then comes earliest. It starts and ends on word boundaries (on token
/// boundaries for long runs without spaces, never inside a char), starts at a
/// sentence where one keeps all its matches, and has whitespace collapsed to
/// single spaces; `"… "` and `" …"` mark cuts. Without matches it is the
/// start of the text.
#[cfg(test)]
pub(crate) fn best_snippet(text: &str, tokens: &[Tok], m: &TermMatcher, max_len: usize) -> Snippet {
    best_snippet_at(text, tokens, m, max_len).0
}

/// [`best_snippet`], and the byte offset in `text` of its first match (None
/// when nothing in `text` matches).
pub(crate) fn best_snippet_at(text: &str, tokens: &[Tok], m: &TermMatcher, max_len: usize) -> (Snippet, Option<usize>) {
    let text_start = text.len() - text.trim_start().len();
    if max_len == 0 || text_start == text.len() {
        return (Snippet::default(), None);
    }
    let mut matches: Vec<(usize, usize, &str)> = tokens
        .iter()
        .filter(|t| t.from < t.to && text.get(t.from..t.to).is_some())
        .filter_map(|t| m.matched_term(&t.analyzed, &t.surface).map(|term| (t.from, t.to, term)))
        .collect();
    matches.sort_unstable_by_key(|&(from, to, _)| (from, to));

    let Some((first, last)) = best_window(&matches, max_len) else {
        let end = snap_end(text, tokens, text_start, text_start + max_len);
        return (render(text, text_start, end, &[]), None);
    };
    let first_from = matches[first].0;
    let last_to = matches[first..last].iter().map(|m| m.1).max().unwrap_or(first_from);
    let slack = max_len.saturating_sub(last_to - first_from);
    // Any start in [lowest, first_from] keeps all the window's matches.
    let lowest = first_from.saturating_sub(slack);
    let start = if lowest <= text_start {
        text_start
    } else {
        let centred = first_from - slack / 2;
        sentence_start(text, lowest, first_from, centred)
            .unwrap_or_else(|| snap_start(text, tokens, centred, first_from))
    };
    let end = snap_end(text, tokens, last_to, start + max_len);
    let ranges: Vec<[usize; 2]> =
        matches.iter().filter(|m| m.0 >= start && m.1 <= end).map(|&(from, to, _)| [from, to]).collect();
    (render(text, start, end, &merge(ranges)), Some(first_from))
}

/// The matches `first..last` of the best window: most distinct terms, then
/// most matches, then earliest. `None` without matches.
fn best_window(matches: &[(usize, usize, &str)], max_len: usize) -> Option<(usize, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut best: Option<((usize, usize), (usize, usize))> = None;
    let mut end = 0;
    for (i, &(from, _, term)) in matches.iter().enumerate() {
        if end == i {
            // A window always holds its first match, even an over-long one.
            *counts.entry(term).or_default() += 1;
            end += 1;
        }
        let limit = from.saturating_add(max_len);
        while let Some(&(_, _, term)) = matches.get(end).filter(|m| m.1 <= limit) {
            *counts.entry(term).or_default() += 1;
            end += 1;
        }
        let score = (counts.len(), end - i);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, (i, end)));
        }
        if let Some(n) = counts.get_mut(term) {
            *n -= 1;
            if *n == 0 {
                counts.remove(term);
            }
        }
    }
    best.map(|(_, window)| window)
}

/// Whether a word starts at byte `p` (a non-space char after a space).
fn word_start(text: &str, p: usize) -> bool {
    text.is_char_boundary(p)
        && text[p..].chars().next().is_some_and(|c| !c.is_whitespace())
        && text[..p].chars().next_back().is_none_or(char::is_whitespace)
}

/// Whether a sentence starts at byte `p`: a word start after `.`, `!`, `?` or
/// `…` (maybe followed by closing quotes or brackets), or after a line break;
/// and not with a lowercase letter (`e.g. this`).
fn is_sentence_start(text: &str, p: usize) -> bool {
    if !word_start(text, p) || text[p..].chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    let before = text[..p].trim_end();
    if before.is_empty() || text[before.len()..p].contains('\n') {
        return true;
    }
    before.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']']).ends_with(['.', '!', '?', '…'])
}

/// The sentence start in `[lo, hi]` closest to `near`, if there is one.
fn sentence_start(text: &str, lo: usize, hi: usize, near: usize) -> Option<usize> {
    let lo = text.ceil_char_boundary(lo);
    let hi = hi.min(text.len());
    text.get(lo..hi)?
        .char_indices()
        .map(|(i, _)| lo + i)
        .chain(std::iter::once(hi))
        .filter(|&p| is_sentence_start(text, p))
        .min_by_key(|&p| p.abs_diff(near))
}

/// The first word start in `[from, max]`; else the first token start there;
/// else `max`.
fn snap_start(text: &str, tokens: &[Tok], from: usize, max: usize) -> usize {
    let from = text.ceil_char_boundary(from);
    let max = max.min(text.len());
    if let Some(p) = text.get(from..max).and_then(|s| s.char_indices().map(|(i, _)| from + i).find(|&p| word_start(text, p))) {
        return p;
    }
    tokens.iter().map(|t| t.from).filter(|&p| p >= from && p <= max && text.is_char_boundary(p)).min().unwrap_or(max)
}

/// The last word end in `[min, limit]` (the end of the text counts); else
/// the last token end there; else `limit` on a char boundary (a word longer
/// than the snippet is cut). Never less than `min` (kept on a char boundary).
fn snap_end(text: &str, tokens: &[Tok], min: usize, limit: usize) -> usize {
    let min = text.ceil_char_boundary(min.min(text.len()));
    let limit = text.floor_char_boundary(limit.max(min));
    if limit == text.len() {
        return limit;
    }
    let is_word_end = |p: usize| {
        text[p..].chars().next().is_some_and(char::is_whitespace)
            && text[..p].chars().next_back().is_some_and(|c| !c.is_whitespace())
    };
    if let Some(p) = (min..=limit).rev().filter(|&p| text.is_char_boundary(p)).find(|&p| is_word_end(p)) {
        return p;
    }
    tokens
        .iter()
        .map(|t| t.to)
        .filter(|&p| p >= min && p <= limit && text.is_char_boundary(p))
        .max()
        .unwrap_or(limit)
}

/// `text[start..end]` with whitespace collapsed, cut marks, and `ranges`
/// (sorted, non-overlapping, inside the window) moved to the result's offsets.
fn render(text: &str, start: usize, end: usize, ranges: &[[usize; 2]]) -> Snippet {
    let Some(slice) = text.get(start..end) else {
        return Snippet::default();
    };
    let slice = slice.trim();
    let start = start + (text[start..end].len() - text[start..end].trim_start().len());
    let end = start + slice.len();
    let cut_start = !text[..start].trim().is_empty();
    let cut_end = !text[end..].trim().is_empty();

    let mut out = String::with_capacity(slice.len() + LEAD.len() + TRAIL.len());
    if cut_start {
        out.push_str(LEAD);
    }
    let bounds: Vec<usize> =
        ranges.iter().filter(|r| r[0] >= start && r[1] <= end && r[0] < r[1]).flat_map(|r| [r[0], r[1]]).collect();
    let mut mapped = Vec::with_capacity(bounds.len());
    let mut in_space = false;
    for (i, c) in slice.char_indices() {
        while mapped.len() < bounds.len() && bounds[mapped.len()] <= start + i {
            mapped.push(out.len());
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    while mapped.len() < bounds.len() {
        mapped.push(out.len());
    }
    if cut_end {
        out.push_str(TRAIL);
    }
    let highlights = mapped.chunks_exact(2).map(|r| [r[0], r[1]]).filter(|r| r[0] < r[1]).collect();
    Snippet { text: out, highlights }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::stem::Language;
    use tantivy::tokenizer::{AsciiFoldingFilter, Language as TantivyLanguage, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer};

    #[test]
    fn first_hint_finds_the_earliest_verbatim_query_word() {
        let m = TermMatcher { exact: ["lamp".to_string(), "len".to_string()].into(), ..TermMatcher::default() };
        assert_eq!(m.first_hint("The LENS and the lamp"), Some(4));
        assert_eq!(m.first_hint("nothing here"), None);
        let typo = TermMatcher { fuzzy: vec![("lamp".into(), 1)], ..m.clone() };
        assert_eq!(typo.first_hint("The lamp"), None, "typo-tolerant terms have no fixed spelling");
    }

    #[test]
    fn snippet_tokenizer_matches_the_index_analyzer() {
        let text = "Governments governed; the GOVERNOR's café déjà-vu 1,234.5 ﬁnance ½ \
                    naïve Ærø ßtraße running runs ran \u{1F600} x".repeat(3);
        let mut cached = SnippetTokenizer::new(Some(Language::English));
        assert_eq!(cached.tokenize(&text), tokenize(&mut english(), &text));
        assert_eq!(cached.tokenize(&text), tokenize(&mut english(), &text));
    }

    fn english() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(TantivyLanguage::English))
            .build()
    }

    /// The index term of one query word.
    fn term(word: &str) -> String {
        let toks = tokenize(&mut english(), word);
        assert_eq!(toks.len(), 1, "{word:?}");
        toks[0].analyzed.clone()
    }

    fn exact(words: &[&str]) -> TermMatcher {
        TermMatcher { exact: words.iter().map(|w| term(w)).collect(), ..TermMatcher::default() }
    }

    fn words<'a>(text: &'a str, ranges: &[[usize; 2]]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r[0]..r[1]]).collect()
    }

    fn snippet(text: &str, m: &TermMatcher, max_len: usize) -> Snippet {
        let s = best_snippet(text, &tokenize(&mut english(), text), m, max_len);
        check(&s, m);
        s
    }

    /// The invariants of every snippet.
    fn check(s: &Snippet, m: &TermMatcher) {
        let mut last = 0;
        for &[a, b] in &s.highlights {
            assert!(a >= last && a < b && b <= s.text.len(), "{s:?}");
            assert!(s.text.is_char_boundary(a) && s.text.is_char_boundary(b), "{s:?}");
            let toks = tokenize(&mut english(), &s.text[a..b]);
            assert!(toks.len() == 1 && m.matches(&toks[0].analyzed, &toks[0].surface), "{:?} in {s:?}", &s.text[a..b]);
            last = b;
        }
        let body = s.text.strip_prefix(LEAD).unwrap_or(&s.text);
        let body = body.strip_suffix(TRAIL).unwrap_or(body);
        assert_eq!(body, body.trim(), "{s:?}");
        assert!(!body.contains("  ") && !body.contains(['\n', '\t', '\r']), "{s:?}");
    }

    #[test]
    fn highlights_stemmed_forms() {
        let text = "The runner was running; she runs daily. Run!";
        let got = highlight_all(&tokenize(&mut english(), text), &exact(&["run"]));
        assert_eq!(words(text, &got), vec!["running", "runs", "Run"]);
    }

    #[test]
    fn highlights_fuzzy_matches() {
        let text = "The Government's plan, and the governments.";
        let m = TermMatcher { fuzzy: vec![(term("goverment"), 2)], ..TermMatcher::default() };
        let got = highlight_all(&tokenize(&mut english(), text), &m);
        assert_eq!(words(text, &got), vec!["Government", "governments"]);
        assert!(m.matches(&term("government"), "government"));
        assert!(!m.matches(&term("plan"), "plan"));
    }

    #[test]
    fn edit_distance() {
        assert!(within_edit_distance("abcd", "abcd", 0));
        assert!(!within_edit_distance("abcd", "abce", 0));
        assert!(within_edit_distance("abcd", "abdc", 1), "a transposition costs 1");
        assert!(within_edit_distance("abcd", "acd", 1));
        assert!(within_edit_distance("abcd", "abcde", 1));
        assert!(!within_edit_distance("kitten", "sitting", 2));
        assert!(within_edit_distance("kitten", "sitting", 3));
        assert!(within_edit_distance("café", "cafe", 1), "counted in chars");
        assert!(within_edit_distance("東京", "京東", 1));
        assert!(within_edit_distance("", "ab", 2));
        assert!(!within_edit_distance("", "ab", 1));
        assert!(!within_edit_distance("abcdefgh", "hgfedcba", 2));
    }

    #[test]
    fn highlights_prefixes_on_surface_forms() {
        let text = "Governor and governance; GOVERNMENT. Élan, élite, go.";
        let m = TermMatcher { prefixes: vec!["gov".into(), "ela".into(), String::new()], ..TermMatcher::default() };
        let got = highlight_all(&tokenize(&mut english(), text), &m);
        assert_eq!(words(text, &got), vec!["Governor", "governance", "GOVERNMENT", "Élan"]);
        assert!(!m.is_empty());
        assert!(TermMatcher { prefixes: vec![String::new()], ..TermMatcher::default() }.is_empty());
    }

    #[test]
    fn tokenize_gives_offsets_and_surfaces() {
        let text = "Crème BRÛLÉE, running";
        let toks = tokenize(&mut english(), text);
        let got: Vec<(&str, &str, &str)> =
            toks.iter().map(|t| (&text[t.from..t.to], t.surface.as_str(), t.analyzed.as_str())).collect();
        assert_eq!(got, vec![("Crème", "creme", "creme"), ("BRÛLÉE", "brulee", "brule"), ("running", "running", "run")]);
    }

    #[test]
    fn multibyte_text_never_splits_chars() {
        let text = "Café crème — 東京 😀 naïve café, 👩‍👩‍👧 CAFÉ au lait; ünïcödé café.";
        let m = exact(&["cafe", "naive"]);
        let got = highlight_all(&tokenize(&mut english(), text), &m);
        assert_eq!(words(text, &got), vec!["Café", "naïve", "café", "CAFÉ", "café"]);
        for max_len in 0..=text.len() + 2 {
            let s = snippet(text, &m, max_len);
            if max_len >= 6 {
                assert!(!s.highlights.is_empty(), "{max_len}: {s:?}");
            }
        }
        let s = snippet(text, &m, 1000);
        assert_eq!(s.text, text);
        assert_eq!(s.highlights, got);
    }

    #[test]
    fn window_holds_most_distinct_terms() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!(
            "{filler}The apple is here. {filler}apple apple apple banana. {filler}Then apple with banana and cherry together. {filler}"
        );
        let m = exact(&["apple", "banana", "cherry"]);
        let s = snippet(&text, &m, 120);
        assert_eq!(words(&s.text, &s.highlights), vec!["apple", "banana", "cherry"], "{s:?}");
        assert!(s.text.starts_with("… ") && s.text.ends_with(" …"), "{s:?}");
        assert!(s.text.contains("Then apple with banana and cherry together."), "{s:?}");
        // Ties on distinct terms go to more matches.
        let m = exact(&["apple", "banana"]);
        let s = snippet(&text, &m, 60);
        assert_eq!(words(&s.text, &s.highlights), vec!["apple", "apple", "apple", "banana"], "{s:?}");
    }

    #[test]
    fn window_prefers_earliest_on_ties() {
        let filler = "word ".repeat(60);
        let text = format!("{filler}needle one. {filler}needle two. {filler}");
        let s = snippet(&text, &exact(&["needle"]), 80);
        assert!(s.text.contains("needle one"), "{s:?}");
    }

    #[test]
    fn starts_at_a_sentence_when_it_keeps_the_matches() {
        let text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau. \
                    Upsilon phi chi psi omega keyword here and then some more words follow it to fill the space.";
        let s = snippet(text, &exact(&["keyword"]), 80);
        assert!(s.text.starts_with("… Upsilon phi"), "{s:?}");
        assert_eq!(words(&s.text, &s.highlights), vec!["keyword"]);
    }

    #[test]
    fn ellipses_and_offsets_are_consistent() {
        let text = "one two three four five six seven eight nine ten target eleven twelve thirteen fourteen fifteen";
        let m = exact(&["target"]);
        let s = snippet(text, &m, 30);
        assert!(s.text.starts_with("… ") && s.text.ends_with(" …"), "{s:?}");
        assert_eq!(words(&s.text, &s.highlights), vec!["target"]);
        assert!(s.text.len() <= 30 + LEAD.len() + TRAIL.len(), "{s:?}");
        // At the start of the text: no leading mark.
        let s = snippet(text, &exact(&["two"]), 30);
        assert!(s.text.starts_with("one two") && s.text.ends_with(" …"), "{s:?}");
        assert_eq!(s.highlights, vec![[4, 7]]);
        // At the very end: no trailing mark.
        let s = snippet(text, &exact(&["fifteen"]), 30);
        assert!(s.text.starts_with("… ") && s.text.ends_with("fifteen"), "{s:?}");
        for max_len in 0..text.len() + 5 {
            snippet(text, &m, max_len);
        }
    }

    #[test]
    fn no_match_gives_the_start() {
        let text = "  The quick brown fox jumps over the lazy dog and keeps running far away.";
        let s = snippet(text, &exact(&["zebra"]), 24);
        assert_eq!(s.text, "The quick brown fox …");
        assert!(s.highlights.is_empty());
        let s = snippet(text, &TermMatcher::default(), 1000);
        assert_eq!(s.text, text.trim());
        assert_eq!(snippet("", &exact(&["fox"]), 100), Snippet::default());
        assert_eq!(snippet(" \n ", &exact(&["fox"]), 100), Snippet::default());
        // A word longer than the snippet is cut on a char boundary.
        let s = snippet(&"é".repeat(100), &TermMatcher::default(), 11);
        assert_eq!(s.text, format!("{} …", "é".repeat(5)));
    }

    #[test]
    fn whitespace_is_collapsed() {
        let text = "alpha\n\n  beta\t\t gamma\r\n\r\ndelta   epsilon";
        let m = exact(&["gamma", "epsilon"]);
        let s = snippet(text, &m, 200);
        assert_eq!(s.text, "alpha beta gamma delta epsilon");
        assert_eq!(words(&s.text, &s.highlights), vec!["gamma", "epsilon"]);
        assert_eq!(s.highlights, vec![[11, 16], [23, 30]]);
    }

    #[test]
    fn long_text_without_spaces() {
        let text = "東京タワー".repeat(200) + " run " + &"😀".repeat(300);
        let m = exact(&["run"]);
        for max_len in [0, 1, 3, 10, 50, 200] {
            let s = snippet(&text, &m, max_len);
            if max_len >= 3 {
                assert_eq!(words(&s.text, &s.highlights), vec!["run"], "{max_len}");
            }
        }
    }
}
