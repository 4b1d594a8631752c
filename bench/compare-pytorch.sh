#!/usr/bin/env bash
# The speed targets of issue 3 measured in one run: our training loop (BM_TrainEpoch), the
# PyTorch reference loop (bench/pytorch_reference.py) and the FMA peak (BM_FmaPeak), taken in
# turn for several rounds on one core each, so that both sides see the same machine state (on
# this shared VM the same binary's speed drifts by 30% or more from minute to minute).
# Prints each round and the medians: network-epochs per second of each side, their ratio, and
# our loop's share of the peak measured in the same round.
#
# Usage: bench/compare-pytorch.sh [rounds (default 5)] [torch epochs per round (default 20)]
#        bench/compare-pytorch.sh --wide [rounds (default 3)]: the wide networks of issue 14
#        (bench/compare-pytorch-wide.sh: bench/wide_bench.cpp against bench/pytorch_wide.py)
# Needs: a release build (cmake --preset release && cmake --build --preset release
#        --target infoplane_bench) and python3-torch (scripts/install-deps.sh bench).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--wide" ]; then
  shift
  exec bench/compare-pytorch-wide.sh "$@"
fi
rounds=${1:-5}
torch_epochs=${2:-20}
bench=build/release/bench/infoplane_bench
if [ ! -x "$bench" ]; then
  echo "compare-pytorch.sh: $bench not found: build it first (cmake --build --preset release --target infoplane_bench)" >&2
  exit 2
fi
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "compare-pytorch.sh: PyTorch is missing for /usr/bin/python3: run scripts/install-deps.sh bench" >&2
  exit 2
fi

# Google Benchmark counters in the round's output ($out) carry SI suffixes, e.g.
# "epochs/s=6.1k/s FLOP/s=28.3G/s".
counter() {  # benchmark name, counter name, unit scale (1e9 for GFLOP/s): the value / scale
  grep "^$1 " <<<"$out" | grep -oP "$2=\K[0-9.]+[kMG]?" | head -1 |
    awk -v s="$3" '{ v = $1 + 0; u = substr($1, length($1));
                     if (u == "k") v *= 1e3; else if (u == "M") v *= 1e6; else if (u == "G") v *= 1e9;
                     printf "%.6g", v / s }'
}
ours=() torch=() peak=() share=() ratio=()
for r in $(seq "$rounds"); do
  out=$(taskset -c 0 "$bench" --benchmark_filter='BM_FmaPeak$|BM_TrainEpoch$' --benchmark_min_time=1 2>/dev/null)
  ne=$(counter BM_TrainEpoch epochs/s 1)
  flops=$(counter BM_TrainEpoch FLOP/s 1e9)
  pk=$(counter BM_FmaPeak FLOP/s 1e9)
  tt=$(taskset -c 0 /usr/bin/python3 bench/pytorch_reference.py --epochs "$torch_epochs" --networks 1 --threads 1 |
       grep -oP 'network-epochs/s: \K[0-9.]+(?= wall)')
  ours+=("$ne") torch+=("$tt") peak+=("$pk")
  share+=("$(awk -v f="$flops" -v p="$pk" 'BEGIN { printf "%.1f", 100 * f / p }')")
  ratio+=("$(awk -v a="$ne" -v b="$tt" 'BEGIN { printf "%.1f", a / b }')")
  printf 'round %d: ours %s network-epochs/s, PyTorch %s, ratio %sx; %s of %s GFLOP/s peak = %s%%\n' \
    "$r" "$ne" "$tt" "${ratio[-1]}" "$flops" "$pk" "${share[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mo=$(median "${ours[@]}") mt=$(median "${torch[@]}") ms=$(median "${share[@]}") mr=$(median "${ratio[@]}")
printf 'medians over %d rounds: ours %s network-epochs/s, PyTorch %s; ratio per round %sx; share of peak %s%%\n' \
  "$rounds" "$mo" "$mt" "$mr" "$ms"
