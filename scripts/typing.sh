#!/usr/bin/env bash
# The first search as a visitor lives it (issue #14): trovi's widget against
# Pagefind's Default UI on the same built sites, a visitor typing queries in
# headless Chromium over an emulated network (20 Mbit/s + 40 ms RTT and
# 1.6 Mbit/s + 150 ms RTT). Prints one Markdown table per site (trovi and
# Pagefind side by side, the ratio, issue #14's targets, the command) and
# replaces its parts of BENCHMARKS.md's "First search as a visitor lives it".
# A benchmark, not a test: run it by hand. `scripts/peers.sh --typing …` runs it too.
#
#   bash scripts/typing.sh                         # all three sites
#   bash scripts/typing.sh --sites book            # some of: book, reuters, docs
#   bash scripts/typing.sh --label "before (main at abc1234)"
#                                                  # a labelled part: kept beside later runs'
#   bash scripts/typing.sh --no-write              # print the tables, leave BENCHMARKS.md alone
#   bash scripts/typing.sh --rebuild               # rebuild the trovi CLI and web app first
#   bash scripts/typing.sh --visits 3 --net "20,40" --engines trovi …
#                                                  # other options go to bench/peers/typing.mjs
#
# Sites (queries typed in this order):
#   book     the Rust Book, $(rustc --print sysroot)/share/doc/rust/html/book
#            ownership, borrow checker, lifetimes, trait objects, closures
#   reuters  Reuters-21578 as one page per article (bench/peers/render-pages.mjs
#            of ../shared/data/news/reuters21578.jsonl, or $REUTERS)
#            oil prices, grain exports, federal reserve, coffee, japan trade surplus
#   docs     the Rust docs tree, $(rustc --print sysroot)/share/doc/rust/html (48k pages)
#            ownership, iterator, hashmap entry, strings, question mark operator
#
# Work files, cached indexes (rebuilt when the trovi binary, the app, Pagefind
# or the site change) and typing.json per site go to target/peers/typing/.
# Needs: node >= 18 and npm (npm packages pinned in bench/peers/package-lock.json,
# installed with `npm ci`), Chromium (/usr/bin/chromium or $CHROMIUM), cargo
# and rustc (the CLI, the app, the toolchain's docs: `rustup component add rust-docs`).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$PWD"
PEERS="$ROOT/bench/peers"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMIUM
REUTERS="${REUTERS:-$ROOT/../shared/data/news/reuters21578.jsonl}"

say() { printf '\033[1mtyping:\033[0m %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

SITES="book,reuters,docs" LABEL="" REBUILD=0 WRITE=1 PASS=()
ORIG_ARGS=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --sites) SITES="${2:?--sites needs a list}"; shift 2 ;;
    --sites=*) SITES="${1#--sites=}"; shift ;;
    --label) LABEL="${2:?--label needs a text}"; shift 2 ;;
    --label=*) LABEL="${1#--label=}"; shift ;;
    --rebuild) REBUILD=1; shift ;;
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
SYSROOT="$(rustc --print sysroot)" || die "rustc is needed (its sysroot holds the Rust docs)"
DOCS="$SYSROOT/share/doc/rust/html"

declare -A SITE_DIR TITLE QUERIES
SITE_DIR[book]="$DOCS/book"
TITLE[book]="The Rust Book"
QUERIES[book]="ownership|borrow checker|lifetimes|trait objects|closures"
SITE_DIR[reuters]="$ROOT/target/peers/typing/reuters-site"
TITLE[reuters]="Reuters-21578 as pages"
QUERIES[reuters]="oil prices|grain exports|federal reserve|coffee|japan trade surplus"
SITE_DIR[docs]="$DOCS"
TITLE[docs]="The Rust docs tree"
QUERIES[docs]="ownership|iterator|hashmap entry|strings|question mark operator"

IFS=',' read -r -a WANT <<<"$SITES"
[ "${#WANT[@]}" -gt 0 ] || die "--sites is empty"
for s in "${WANT[@]}"; do
  [ -n "${TITLE[$s]+x}" ] || die "--sites: unknown site '$s' (book, reuters, docs)"
  if [ "$s" = reuters ]; then
    [ -f "$REUTERS" ] || die "Reuters-21578 not found at $REUTERS (../shared/data/news/; or set REUTERS=FILE)"
  else
    [ -f "${SITE_DIR[$s]}/index.html" ] || die "${SITE_DIR[$s]}/index.html not found: install the Rust docs (rustup component add rust-docs)"
  fi
done

say "npm ci in bench/peers (pagefind, playwright-core as pinned)"
(cd "$PEERS" && npm ci --no-audit --no-fund --loglevel=error >&2)

TROVI="$ROOT/target/release/trovi"
APP="$ROOT/dist/web"
if [ "$REBUILD" = 1 ] || [ ! -x "$TROVI" ]; then
  say "building the trovi CLI (cargo build --release -p trovi-cli)"
  nice -n 10 cargo build --release -p trovi-cli >&2
fi
if [ "$REBUILD" = 1 ] || [ ! -f "$APP/index.html" ]; then
  say "building the web app (cargo xtask web)"
  nice -n 10 cargo xtask web >&2
fi

# ---------------------------------------------------------------- measure
RESULTS=()
for s in "${WANT[@]}"; do
  WORK="$ROOT/target/peers/typing/$s"
  mkdir -p "$WORK"
  if [ "$s" = reuters ]; then
    # Rendered once per input (its size and mtime), like a site generator's output.
    key="$(stat -c '%s %Y' "$REUTERS") $REUTERS"
    if [ "$(cat "${SITE_DIR[reuters]}.key" 2>/dev/null)" != "$key" ] || [ ! -d "${SITE_DIR[reuters]}/articles" ]; then
      say "rendering Reuters-21578 as pages (node bench/peers/render-pages.mjs)"
      rm -f "${SITE_DIR[reuters]}.key"
      nice -n 10 node "$PEERS/render-pages.mjs" "$REUTERS" "${SITE_DIR[reuters]}" >&2
      printf '%s' "$key" >"${SITE_DIR[reuters]}.key"
    fi
  fi
  IFS='|' read -r -a QS <<<"${QUERIES[$s]}"
  say "${TITLE[$s]}; uptime: $(uptime)"
  node "$PEERS/typing.mjs" --site "${SITE_DIR[$s]}" --name "$s" --title "${TITLE[$s]}" --work "$WORK" \
    --trovi "$TROVI" --app "$APP" --out "$WORK/typing.json" ${PASS[@]+"${PASS[@]}"} -- "${QS[@]}"
  RESULTS+=("$WORK/typing.json")
done

# The command as anyone would type it (no machine paths).
CMD="bash scripts/typing.sh"
for a in ${ORIG_ARGS[@]+"${ORIG_ARGS[@]}"}; do
  case "$a" in *[[:space:]\"\'\$]*) CMD+=" '${a//\'/\'\\\'\'}'" ;; *) CMD+=" $a" ;; esac
done
CMD="${CMD//$ROOT\//}"
CMD="${CMD//$SYSROOT/\$(rustc --print sysroot)}"
REPORT=("$PEERS/typing-report.mjs" "${RESULTS[@]}" --command "$CMD")
[ -n "$LABEL" ] && REPORT+=(--label "$LABEL")
[ "$WRITE" = 1 ] && REPORT+=(--write "$ROOT/BENCHMARKS.md")
node "${REPORT[@]}"
