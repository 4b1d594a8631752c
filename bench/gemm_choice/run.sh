#!/usr/bin/env bash
# Which GEMM for the wide layers: OpenBLAS (the library's: Debian's libopenblas-pthread-dev, on
# one thread) against Eigen 3.4 (libeigen3-dev, header-only) and BLIS (libblis4-serial, fetched
# with `apt-get download` and unpacked under build/gemm_choice, not installed), each on one
# thread, at the shapes of a 784-input layer of 64 or 1024 units at batch 128 and 512.
# Usage: bench/gemm_choice/run.sh     (figures in bench/README.md; scripts/install-deps.sh bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=build/gemm_choice
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0
for need in /usr/include/eigen3/Eigen/Core "$openblas"; do
  [ -e "$need" ] || { echo "$0: $need missing (scripts/install-deps.sh bench)" >&2; exit 2; }
done
mkdir -p "$work"
if ! ls "$work"/libblis4-serial_*.deb >/dev/null 2>&1; then
  (cd "$work" && apt-get download libblis4-serial >/dev/null)
fi
dpkg -x "$work"/libblis4-serial_*.deb "$work/root"
g++ -std=c++20 -O3 -march=native -DEIGEN_DONT_PARALLELIZE -I/usr/include/eigen3 \
    bench/gemm_choice/gemm_choice.cpp -o "$work/gemm_choice" -ldl
blis=$(find "$work/root" -name 'libblis.so*' -type f | head -1)
OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1 taskset -c 0 "$work/gemm_choice" "$openblas" "$blis"
