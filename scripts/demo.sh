#!/usr/bin/env bash
# The trovi demo: builds the web app and the CLI, indexes index_data/ and serves
# the search page at http://127.0.0.1:8080/ (PORT=... to change).
#
# On a fresh machine it installs what is missing (the wasm32 target, the
# wasm-bindgen CLI at the Cargo.lock version, binaryen's wasm-opt from npm, and
# Node.js/npm through apt-get when run as root). Re-runs are fast: every step
# skips work that is up to date.
set -euo pipefail

cd "$(dirname "$0")/.."
PORT="${PORT:-8080}"
DATA="${DATA:-index_data}"
INDEX="${INDEX:-target/demo-index}"
APP="dist/web"

say() { printf '\033[1mdemo:\033[0m %s\n' "$*" >&2; }

# 1. Tools the web build needs beyond cargo.
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Node.js and npm (for binaryen's wasm-opt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    say "Node.js and npm are needed (for binaryen's wasm-opt): install them and rerun"
    exit 1
  fi
fi

# 2. The web app (xtask installs wasm-bindgen-cli and binaryen when missing,
#    and skips wasm-bindgen/wasm-opt when the wasm is unchanged).
say "building the web app into $APP"
cargo xtask web

# 3. The CLI.
say "building the trovi CLI (release)"
cargo build --release -p trovi-cli
TROVI=target/release/trovi

# 4. The index, rebuilt only when the articles or the CLI changed.
if [ ! -d "$DATA" ]; then
  say "no $DATA/ directory with articles to index"
  exit 1
fi
if [ ! -f "$INDEX/trovi.json" ] || [ "$TROVI" -nt "$INDEX/trovi.json" ] \
  || [ -n "$(find "$DATA" -newer "$INDEX/trovi.json" -print -quit)" ]; then
  say "indexing $DATA into $INDEX"
  "$TROVI" index "$DATA" --out "$INDEX"
else
  say "index $INDEX is up to date"
fi

# 5. Serve.
say "open http://127.0.0.1:$PORT/ (Ctrl-C stops)"
exec "$TROVI" serve "$INDEX" --port "$PORT" --app "$APP"
