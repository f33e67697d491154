#!/usr/bin/env bash
# Decoding speed of bitpacking 0.9.3's BitPacker4x codecs in wasm32 under Node:
# the unrolled codecs (what native release builds use) against the loop-based
# `*_simple` ones (what the browser app's `web` profile selects). See
# BENCHMARKS.md, "Browser app". Run from anywhere: bash web/bench-bitpacking/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="$root/target/bench-bitpacking"
out="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/bench_bitpacking.wasm"
build() {
  cargo build --quiet --manifest-path "$here/Cargo.toml" --release --target wasm32-unknown-unknown "$@"
}
build
cp "$out" "$CARGO_TARGET_DIR/unrolled.wasm"
build --config 'profile.release.package.bitpacking.debug-assertions=true'
cp "$out" "$CARGO_TARGET_DIR/simple.wasm"
ls -l "$CARGO_TARGET_DIR/unrolled.wasm" "$CARGO_TARGET_DIR/simple.wasm" | awk '{print $5, $NF}'
node "$here/run.mjs" "$CARGO_TARGET_DIR/unrolled.wasm" "$CARGO_TARGET_DIR/simple.wasm"
