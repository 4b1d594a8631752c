#!/usr/bin/env bash
# Which GEMM for the wide layers: Eigen 3.4 (libeigen3-dev) against OpenBLAS and BLIS, each on
# one thread (OPENBLAS_NUM_THREADS=1, BLIS_NUM_THREADS=1), at the shapes of a 784-input layer
# of 64 or 1024 units at batch 128 and 512. The BLAS libraries are Debian's packages, fetched
# with `apt-get download` and unpacked under build/gemm_choice (not installed system-wide).
# Usage: bench/gemm_choice/run.sh     (figures in bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=build/gemm_choice
mkdir -p "$work"
for pkg in libopenblas0-serial libblis4-serial; do
  if ! ls "$work"/"$pkg"_*.deb >/dev/null 2>&1; then
    (cd "$work" && apt-get download "$pkg" >/dev/null)
  fi
  dpkg -x "$work"/"$pkg"_*.deb "$work/root"
done
g++ -std=c++20 -O3 -march=native -DEIGEN_DONT_PARALLELIZE -I/usr/include/eigen3 \
    bench/gemm_choice/gemm_choice.cpp -o "$work/gemm_choice" -ldl
openblas=$(find "$work/root" -name 'libopenblas*.so*' -type f | head -1)
blis=$(find "$work/root" -name 'libblis.so*' -type f | head -1)
OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1 taskset -c 0 "$work/gemm_choice" "$openblas" "$blis"
