#!/usr/bin/env bash
# Runs every trovi test: unit, integration, CLI and doc tests, lints, the
# wasm32 build of the core, trovi-core searching inside wasm32 in headless
# Chromium, and the web app end to end in headless Chromium. Installs what the
# tests need first (idempotent), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
# Each step says when it started (minutes:seconds since the start), so a CI log shows where the time goes.
say() {
  local t=$(($(date +%s) - start))
  printf '\n\033[1m== [%d:%02d] %s\033[0m\n' $((t / 60)) $((t % 60)) "$*" >&2
}

say "setup"
bash scripts/setup.sh

say "cargo test (workspace: unit, integration, CLI, doc tests)"
cargo test --workspace --all-targets
cargo test --workspace --doc

say "clippy (warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

say "docs build clean (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc -p trovi-core --no-deps

# trovi-web depends on trovi-core without the `indexer` feature, so this also
# proves that trovi-core builds for wasm32 without it.
say "trovi-core in wasm32 without the indexer feature, in headless Chromium (wasm-bindgen-test)"
cargo xtask tools >/dev/null # wasm-bindgen-cli (with wasm-bindgen-test-runner) into target/tools/bin
# The runner reads web/webdriver.json (Chromium flags) from the package directory.
PATH="$PWD/target/tools/bin:$PATH" \
  CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p trovi-web --target wasm32-unknown-unknown

say "web app end to end in headless Chromium (playwright-core)"
cargo xtask web
# The same package selection as `cargo test --workspace --all-targets` above, so
# features unify the same way and this finds `trovi` built (tests/support.rs
# builds it that way too); `-p trovi-cli` would build tantivy once more.
cargo build --workspace --all-targets
TROVI_BIN="$PWD/target/debug/trovi" node --test tests/browser/

say "all tests passed"
