#!/usr/bin/env bash
# trovi vs Pagefind vs MiniSearch: builds and measures all three in one run on
# the same input, prints each ratio trovi/peer and rewrites this run's part of
# the "Peers: trovi vs Pagefind vs MiniSearch" section of BENCHMARKS.md.
#
#   bash scripts/peers.sh                        # Reuters-21578 (../shared/data)
#   bash scripts/peers.sh --site DIR             # a built static site: Pagefind, and trovi
#                                                # once `trovi index --site` exists (issue #4)
#   bash scripts/peers.sh --rebuild              # rebuild the trovi CLI and web app first
#   bash scripts/peers.sh --repeat 3             # 3 whole runs; each figure the median of the runs
#                                                # (native latency in the first run only)
#   bash scripts/peers.sh --no-write             # print the table, leave BENCHMARKS.md alone
#   bash scripts/peers.sh --runs 5 --loads 7 --max-queries 50 --passes 3 --native 0 …
#   bash scripts/peers.sh --typing [OPTIONS]     # instead: a visitor typing queries, trovi's widget
#                                                # vs Pagefind's Default UI on three sites over two
#                                                # emulated networks (scripts/typing.sh --help)
#
# Every other option goes to bench/peers/run.mjs (see its header): --input,
# --queries, --max-queries, --cold-query, --runs, --loads, --passes, --native,
# --native-queries, --nice, --gzip, --throttle, --throttle-loads. Work files
# and results-<run>.json go to target/peers/reuters/ (target/peers/site-<name>/
# with --site).
#
# Needs: node >= 18 and npm (the npm packages are pinned in
# bench/peers/package-lock.json and installed with `npm ci`), Chromium
# (/usr/bin/chromium or $CHROMIUM), GNU time (installed with apt when missing
# and run as root), cargo (to build trovi when target/release/trovi or
# dist/web is missing, or with --rebuild, and for trovi's native latency bench).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$PWD"
PEERS="$ROOT/bench/peers"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMIUM

say() { printf '\033[1mpeers:\033[0m %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# --typing: the visitor-typing benchmark, with every other option (scripts/typing.sh).
for a in "$@"; do
  if [ "$a" = --typing ]; then
    rest=()
    for b in "$@"; do [ "$b" = --typing ] || rest+=("$b"); done
    exec bash "$ROOT/scripts/typing.sh" ${rest[@]+"${rest[@]}"}
  fi
done

SITE="" REBUILD=0 WRITE=1 REPEAT=1 PASS=()
ORIG_ARGS=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --site) SITE="${2:?--site needs a directory}"; shift 2 ;;
    --site=*) SITE="${1#--site=}"; shift ;;
    --rebuild) REBUILD=1; shift ;;
    --repeat) REPEAT="${2:?--repeat needs a number}"; shift 2 ;;
    --repeat=*) REPEAT="${1#--repeat=}"; shift ;;
    --no-write) WRITE=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --*=*) PASS+=("$1"); shift ;;
    --*) PASS+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    *) die "unexpected argument $1 (see --help)" ;;
  esac
done

# ---------------------------------------------------------------- what it needs
. "$ROOT/scripts/lib/needs.sh"
need_browser_tools
need_gnu_time
if [ -n "$SITE" ]; then
  [ -d "$SITE" ] || die "--site $SITE: no such directory"
  SITE="$(cd "$SITE" && pwd)"
  find "$SITE" -name '*.html' -print -quit | grep -q . || die "--site $SITE has no .html files"
else
  INPUT="$ROOT/../shared/data/news/reuters21578.jsonl"
  for ((i = 0; i < ${#PASS[@]}; i++)); do
    case "${PASS[i]}" in --input) INPUT="${PASS[i + 1]}" ;; --input=*) INPUT="${PASS[i]#--input=}" ;; esac
  done
  [ -f "$INPUT" ] || die "input $INPUT not found (Reuters-21578 lives in ../shared/data/news/; or pass --input FILE)"
fi

say "npm ci in bench/peers (pagefind, minisearch, playwright-core as pinned)"
(cd "$PEERS" && npm ci --no-audit --no-fund --loglevel=error >&2)

TROVI="$ROOT/target/release/trovi"
APP="$ROOT/dist/web"
if [ "$REBUILD" = 1 ] || [ ! -x "$TROVI" ]; then
  say "building the trovi CLI (cargo build --release -p trovi-cli)"
  nice -n 10 cargo build --release -p trovi-cli >&2
fi
if [ "$REBUILD" = 1 ]; then
  # Into our own directory: dist/web belongs to whoever built it last.
  APP="$ROOT/target/peers/web"
  say "building the web app (cargo xtask web --out ${APP#"$ROOT"/})"
  nice -n 10 cargo xtask web --out "$APP" >&2
elif [ ! -f "$APP/index.html" ]; then
  say "building the web app (cargo xtask web)"
  nice -n 10 cargo xtask web >&2
fi

# ---------------------------------------------------------------- measure
if [ -n "$SITE" ]; then
  OUT="$ROOT/target/peers/site-$(basename "$SITE")"
  if ! "$TROVI" index --help | grep -q -- '--site'; then
    say "trovi's site mode isn't available yet (\`trovi index --help\` lists no --site; issue #4): measuring Pagefind alone"
  fi
  PASS+=(--site "$SITE")
else
  OUT="$ROOT/target/peers/reuters"
fi
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || die "--repeat needs a positive number"
mkdir -p "$OUT"
# One copy of the CLI and app for every run: others may rebuild them meanwhile.
SNAP="$OUT/snapshot"
rm -rf "$SNAP" && mkdir -p "$SNAP"
cp "$TROVI" "$SNAP/trovi" && touch -r "$TROVI" "$SNAP/trovi"
cp -r "$APP" "$SNAP/web"
TROVI="$SNAP/trovi" APP="$SNAP/web"
RESULTS=()
for run in $(seq 1 "$REPEAT"); do
  say "run $run of $REPEAT; uptime: $(uptime)"
  # Native latency (already 5 measured passes) in the first run only.
  NATIVE_OPT=()
  [ "$run" -gt 1 ] && NATIVE_OPT=(--native 0)
  node "$PEERS/run.mjs" --out "$OUT" --trovi "$TROVI" --app "$APP" ${PASS[@]+"${PASS[@]}"} ${NATIVE_OPT[@]+"${NATIVE_OPT[@]}"}
  cp "$OUT/results.json" "$OUT/results-$run.json"
  RESULTS+=("$OUT/results-$run.json")
done

CMD="bash scripts/peers.sh${ORIG_ARGS[*]:+ ${ORIG_ARGS[*]}}"
CMD="${CMD//$ROOT\//}"
# The toolchain's docs as anyone would name them.
SYSROOT="$(rustc --print sysroot 2>/dev/null || true)"
[ -n "$SYSROOT" ] && CMD="${CMD//$SYSROOT/\$(rustc --print sysroot)}"
if [ "$WRITE" = 1 ]; then
  node "$PEERS/report.mjs" "${RESULTS[@]}" --command "$CMD" --write "$ROOT/BENCHMARKS.md"
else
  node "$PEERS/report.mjs" "${RESULTS[@]}" --command "$CMD"
fi
