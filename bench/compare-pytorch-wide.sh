#!/usr/bin/env bash
# Issue 14's speed figures, side by side in one run: per network-epoch, our trainer
# (BM_WideEpoch, bench/wide_bench.cpp) against the plain PyTorch loop (bench/pytorch_wide.py:
# nn.Sequential + torch.optim.Adam, warmed up) with Debian's OpenBLAS (libopenblas0-pthread, the
# build our trainer links statically) loaded through LD_LIBRARY_PATH, so that PyTorch takes it
# whatever the system's libblas.so.3 alternative points to, for 784-64-32-16-10 and
# 784-1024-20-20-20-10 at batch 128 and 512, on 1 thread and on 2. Each round takes every configuration in turn, ours then PyTorch (ABAB over
# the rounds), with the peak (the highest of BM_FmaPeak, BM_FmaPeak512 and BM_SgemmPeak; one core;
# two cores = 2x) measured in the same
# round. Ours on 2 threads = two networks side by side (the trainer's scheme); PyTorch on 2
# threads = one network with 2 intra-op threads (OPENBLAS_NUM_THREADS=2).
# Prints each measurement and, per configuration, the medians: network-epochs/s of each side,
# their ratio, and our share of the peak; ours with the gradient statistics of
# `infoplane train` (stats=1) next to the bare loop (stats=0, like the PyTorch loop).
#
# Usage: bench/compare-pytorch.sh --wide [rounds (default 3)] [thread counts (default "1 2")]
# Only on an otherwise idle machine: OpenBLAS's spinning threads crawl when other processes
# hold the cores (PyTorch on 2 threads took 100x longer next to another 2-core job).
# Needs: build/release/bench/infoplane_bench, python3-torch, libopenblas-pthread-dev (a build dependency).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
thread_counts=${2:-1 2}
bench=build/release/bench/infoplane_bench
if [ ! -x "$bench" ]; then
  echo "compare-pytorch-wide.sh: $bench not found: cmake --build --preset release --target infoplane_bench" >&2
  exit 2
fi
blas_dir=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ ! -e "$blas_dir/libblas.so.3" ]; then
  echo "compare-pytorch-wide.sh: $blas_dir/libblas.so.3 not found: scripts/install-deps.sh build" >&2
  exit 2
fi

counter() {  # benchmark output, benchmark name prefix, counter name: the value (SI suffix expanded)
  grep "^$2" <<<"$1" | grep -oP "$3=\K[0-9.]+[kMG]?" | head -1 |
    awk '{ v = $1 + 0; u = substr($1, length($1));
           if (u == "k") v *= 1e3; else if (u == "M") v *= 1e6; else if (u == "G") v *= 1e9;
           printf "%.6g", v }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A ours bare torch share
configs=()
for net in 0 1; do for batch in 128 512; do for threads in $thread_counts; do configs+=("$net/$batch/$threads"); done; done; done
widths=("784,64,32,16,10" "784,1024,20,20,20,10")
for r in $(seq "$rounds"); do
  # The highest of the 256-bit and (where the CPU has AVX-512, which Eigen then uses) the
  # 512-bit FMA loops and Eigen's 1024^3 float GEMM (BM_SgemmPeak): on an AMD EPYC the 256-bit
  # loop was the highest (123 GFLOP/s), on an Intel Xeon with AVX-512 the GEMM (72-100, against
  # 69 and 43 for the loops).
  peak_out=$(taskset -c 0 "$bench" --benchmark_filter='BM_FmaPeak$|BM_FmaPeak512$|BM_SgemmPeak$' --benchmark_min_time=1 2>/dev/null)
  peak1=$(for b in BM_FmaPeak512 BM_FmaPeak BM_SgemmPeak; do counter "$peak_out" "$b " FLOP/s; echo; done | sort -g | tail -1)
  for c in "${configs[@]}"; do
    IFS=/ read -r net batch threads <<<"$c"
    cpus=$([ "$threads" = 1 ] && echo 0 || echo 0,1)
    out=$(taskset -c "$cpus" "$bench" --benchmark_filter="BM_WideEpoch/net:$net/batch:$batch/threads:$threads/" \
          --benchmark_min_time=1 2>/dev/null)
    o1=$(counter "$out" "BM_WideEpoch/net:$net/batch:$batch/threads:$threads/stats:1" network-epochs/s)
    o0=$(counter "$out" "BM_WideEpoch/net:$net/batch:$batch/threads:$threads/stats:0" network-epochs/s)
    f0=$(counter "$out" "BM_WideEpoch/net:$net/batch:$batch/threads:$threads/stats:0" FLOP/s)
    epochs=$([ "$net" = 0 ] && echo 10 || echo 2)
    t=$(OPENBLAS_NUM_THREADS=$threads LD_LIBRARY_PATH=$blas_dir taskset -c "$cpus" /usr/bin/python3 bench/pytorch_wide.py \
        --widths "${widths[$net]}" --batch "$batch" --threads "$threads" --epochs "$epochs" |
        grep -oP 'network-epochs/s: \K[0-9.]+')
    sh=$(awk -v f="$f0" -v p="$peak1" -v t="$threads" 'BEGIN { printf "%.0f", 100 * f / (p * t) }')
    ours[$c]+="$o1 " bare[$c]+="$o0 " torch[$c]+="$t " share[$c]+="$sh "
    printf 'round %d %-22s b%-3s %s thr: ours %s (bare %s) network-epochs/s, PyTorch %s; bare %s%% of %.1f GFLOP/s x %s\n' \
      "$r" "${widths[$net]}" "$batch" "$threads" "$o1" "$o0" "$t" "$sh" "$(awk -v p="$peak1" 'BEGIN { print p / 1e9 }')" "$threads"
  done
done
echo
echo "| network | batch | threads | ours, network-epochs/s (bare loop) | PyTorch + OpenBLAS | ratio (bare) | bare loop, share of peak |"
echo "|---|---|---|---|---|---|---|"
for c in "${configs[@]}"; do
  IFS=/ read -r net batch threads <<<"$c"
  mo=$(median ${ours[$c]}) mb=$(median ${bare[$c]}) mt=$(median ${torch[$c]}) ms=$(median ${share[$c]})
  printf '| %s | %s | %s | %.3g (%.3g) | %.3g | %.1fx (%.1fx) | %s%% |\n' "${widths[$net]}" "$batch" "$threads" \
    "$mo" "$mb" "$mt" "$(awk -v a="$mo" -v b="$mt" 'BEGIN { print a / b }')" "$(awk -v a="$mb" -v b="$mt" 'BEGIN { print a / b }')" "$ms"
done
