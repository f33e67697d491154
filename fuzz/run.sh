#!/usr/bin/env bash
# Runs one fuzz target the way BENCHMARKS.md ("Fuzzing") records it: one
# process, lowest priority, until 10 million executions or 30 minutes,
# whichever comes first. Crashes land in fuzz/artifacts/TARGET/.
#
#   bash fuzz/run.sh TARGET [SECONDS] [RUNS] [-O]
#
# TARGET: query, bundle, bundle_forged, html, markdown, jsonl (`cargo fuzz list`).
# Builds with debug assertions and overflow checks (cargo fuzz's default);
# -O builds without them, as trovi ships (see BENCHMARKS.md for why the
# query and bundle_forged targets use it).
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-1800}
runs=${3:-10000000}
build=()
if [[ ${4:-} == -O ]]; then
  build=(-O --target-dir target-release)
fi
mkdir -p "corpus/$target"
exec nice -n 19 cargo +nightly fuzz run -s none "${build[@]}" "$target" "corpus/$target" "seeds/$target" -- \
  -jobs=1 -workers=1 -runs="$runs" -max_total_time="$seconds" -timeout=10 -print_final_stats=1
