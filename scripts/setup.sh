#!/usr/bin/env bash
# Installs what building and testing trovi needs beyond cargo. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add clippy
fi
# The web app's release build (`cargo xtask web`, and only it) compiles the
# standard library itself on the nightly pinned in web/build-std-toolchain
# (-Zbuild-std, panic=immediate-abort), which needs that nightly's rust-src.
web_toolchain=$(tr -d '[:space:]' < web/build-std-toolchain)
web_sysroot=$(rustup run "$web_toolchain" rustc --print sysroot 2>/dev/null || true)
if [ -z "$web_sysroot" ] || [ ! -f "$web_sysroot/lib/rustlib/src/rust/library/Cargo.lock" ]; then
  rustup toolchain install "$web_toolchain" --profile minimal --component rust-src
fi

# Browser tests: Chromium and its WebDriver (for wasm-bindgen-test-runner),
# Node.js + npm (for playwright-core, which drives the system Chromium).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update && apt-get install -y chromium chromium-driver
  else
    echo "setup: chromium and chromium-driver are missing; run: sudo apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update && apt-get install -y nodejs npm
  else
    echo "setup: Node.js 18+ and npm are missing; run: sudo apt-get install -y nodejs npm" >&2
    exit 1
  fi
fi
# playwright-core at the version pinned in tests/browser/package-lock.json.
wanted=$(node -p 'require("./tests/browser/package-lock.json").packages["node_modules/playwright-core"].version')
have=$(node -p 'try { require("./tests/browser/node_modules/playwright-core/package.json").version } catch { "" }')
if [ "$wanted" != "$have" ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
