#!/bin/sh
# Builds the libFuzzer targets in build/fuzz (clang, -fsanitize=fuzzer,address) and runs each
# for SECONDS seconds (default 60) from seed corpora written by fuzz_make_seeds plus the kept
# regression inputs (tests/data/fuzz-regressions). Findings land in build/fuzz/artifacts/<target>/.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]    TARGET in: mat idx npy results (default all)
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-mat idx npy results}
build=build/fuzz

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DINFOPLANE_FUZZ=ON -DINFOPLANE_BUILD_TESTS=OFF -DINFOPLANE_BUILD_BENCH=OFF >/dev/null
binaries=""
for t in $targets; do binaries="$binaries ${t}_fuzz"; done
# shellcheck disable=SC2086  # word splitting of the target list is intended
cmake --build "$build" --target fuzz_make_seeds $binaries -j2

"$build/fuzz/fuzz_make_seeds" "$build/seeds"
status=0
for t in $targets; do
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  cp "$build/seeds/$t"/* "$corpus"/
  if [ -d "tests/data/fuzz-regressions/$t" ]; then cp "tests/data/fuzz-regressions/$t"/* "$corpus"/; fi
  echo "== $t: ${seconds} s"
  # -timeout: one input running longer is a hang; -rss_limit_mb/-malloc_limit_mb: unbounded
  # growth is a finding too. The results target runs in fork mode and goes on after a finding:
  # libhdf5 itself crashes or hangs on some damaged files (the public reader contains that in
  # a child process; docs/robustness.md), and each such finding would otherwise end the run.
  mode=""
  if [ "$t" = results ]; then mode="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"; fi
  # shellcheck disable=SC2086
  if ! "$build/fuzz/${t}_fuzz" "$corpus" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 $mode \
      -artifact_prefix="$artifacts/" 2>"$build/$t.log"; then
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$t.log" | sed 's/^/   /'
  grep -E "^#[0-9]+" "$build/$t.log" | tail -1 | sed 's/^/   last status: /'
  found=$(find "$artifacts" -type f | wc -l)
  if [ "$found" -gt 0 ]; then
    status=1
    echo "   FINDINGS: $found inputs in $artifacts/ (log: $build/$t.log)"
  fi
done
exit $status
