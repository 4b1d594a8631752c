#!/usr/bin/env bash
# Times two infoplane binaries on the same run, alternately, so that the machine's drift hits
# both alike (e.g. today's build against a commit built in a second work tree).
# Usage: bench/compare-binaries.sh BIN_A BIN_B ROUNDS [infoplane run arguments...]
#   default arguments: headline --no-movie --no-figures
# Prints one line per run: round, binary (A or B), wall seconds; then the median of each.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 BIN_A BIN_B ROUNDS [run arguments...]" >&2
  exit 2
fi
bin_a=$1 bin_b=$2 rounds=$3
shift 3
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(headline --no-movie --no-figures)
for b in "$bin_a" "$bin_b"; do
  [ -x "$b" ] || { echo "$0: $b: not an executable" >&2; exit 2; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
declare -a times_a times_b
for ((r = 1; r <= rounds; ++r)); do
  for which in A B; do
    bin=$bin_a; [ $which = B ] && bin=$bin_b
    rm -rf "$out/run"
    start=$(date +%s.%N)
    "$bin" run "${args[@]}" --out "$out/run" > "$out/log" 2>&1 || { cat "$out/log" >&2; exit 1; }
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    printf '%d %s %.2f\n' "$r" "$which" "$seconds"
    if [ $which = A ]; then times_a+=("$seconds"); else times_b+=("$seconds"); fi
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
printf "median A %.2f s, B %.2f s\n" "$(median "${times_a[@]}")" "$(median "${times_b[@]}")"
