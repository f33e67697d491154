#!/usr/bin/env bash
# Relevance of trovi's defaults on the classic IR test collections.
#
# Builds each collection of $DATA/<c>/docs.jsonl into target/relevance/<c>
# with the release CLI, runs `trovi eval` on it and prints a Markdown table
# (nDCG@10, MAP, P@10, R@100) next to the plain-tantivy MAP measured earlier.
#
#   scripts/relevance.sh                          # the defaults users get
#   scripts/relevance.sh --title-boost 2 --fuzzy off   # extra flags go to `trovi eval`
#   LANG_STEM=none scripts/relevance.sh           # indexes without stemming (target/relevance-none/)
#   COLLECTIONS="npl adi" scripts/relevance.sh    # a subset
#   TROVI=path/to/trovi scripts/relevance.sh      # another binary (skips the build)
#
# Needs jq. Indexes are rebuilt only when missing or older than the binary.
set -euo pipefail

cd "$(dirname "$0")/.."
DATA="${DATA:-../shared/data/ir}"
COLLECTIONS="${COLLECTIONS:-cranfield cisi med npl lisa adi}"
LANG_STEM="${LANG_STEM:-english}"
OUT="target/relevance"
[ "$LANG_STEM" = english ] || OUT="target/relevance-$LANG_STEM"

command -v jq >/dev/null || { echo "relevance.sh: jq is needed" >&2; exit 1; }
[ -d "$DATA" ] || { echo "relevance.sh: $DATA is missing (shared data is only on CI and developer machines)" >&2; exit 1; }

if [ -z "${TROVI:-}" ]; then
  cargo build --quiet --release -p trovi-cli
  TROVI=target/release/trovi
fi

# Plain tantivy (QueryParser over title and body, BM25), MAP measured earlier.
baseline() {
  case "$1" in
    npl) echo 0.285 ;; cranfield) echo 0.303 ;; cisi) echo 0.168 ;;
    med) echo 0.525 ;; lisa) echo 0.334 ;; adi) echo 0.398 ;; *) echo "–" ;;
  esac
}
# Cranfield grades run the other way (1 = most relevant): nDCG gain = 5 − grade.
gain() { [ "$1" = cranfield ] && echo inverted:5 || echo grade; }

echo "| collection | docs | queries judged | nDCG@10 | MAP | P@10 | R@100 | plain tantivy MAP | Δ MAP |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in $COLLECTIONS; do
  dir="$OUT/$c"
  if [ ! -f "$dir/trovi.json" ] || [ "$TROVI" -nt "$dir/trovi.json" ] || [ "$DATA/$c/docs.jsonl" -nt "$dir/trovi.json" ]; then
    rm -rf "$dir"
    "$TROVI" index "$DATA/$c/docs.jsonl" --out "$dir" --lang "$LANG_STEM" 2>/dev/null
  fi
  json=$("$TROVI" eval "$dir" --queries "$DATA/$c/queries.tsv" --qrels "$DATA/$c/qrels.txt" --gain "$(gain "$c")" --json "$@")
  base=$(baseline "$c")
  jq -r '[.documents, .judged, .queries, ."ndcg@10", .map, ."p@10", ."recall@100"] | @tsv' <<<"$json" |
    awk -F'\t' -v c="$c" -v base="$base" '{
      delta = (base == "–") ? "–" : sprintf("%+.3f", $5 - base)
      printf "| %s | %d | %d of %d | %.4f | **%.4f** | %.4f | %.4f | %s | %s |\n", c, $1, $2, $3, $4, $5, $6, $7, base, delta
    }'
done
echo
echo "NPL published BM25 MAP: Lucene/Anserini 0.2856, PISA 0.3053."
