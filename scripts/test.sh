#!/usr/bin/env bash
# Runs every trovi test: unit, integration, CLI and doc tests, lints, the
# wasm32 build of the core. Installs what the tests need first (idempotent),
# so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

say "setup"
bash scripts/setup.sh

say "cargo test (workspace: unit, integration, CLI, doc tests)"
cargo test --workspace --all-targets
cargo test --workspace --doc

say "clippy (warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

say "trovi-core for wasm32 without the indexer feature"
cargo build -p trovi-core --no-default-features --target wasm32-unknown-unknown

say "all tests passed"
