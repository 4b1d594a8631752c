#!/usr/bin/env bash
# Installs the Debian 12 packages that infoplane needs, only those missing (idempotent).
# Usage: scripts/install-deps.sh build|test|main|bench
#   build: compiler, CMake, the libraries, pybind11 (the Python module) and OpenMPI (distributed runs)
#   test:  + test data, h5py, pytest and PyTorch (the recorder's tests)
#   main:  + matplotlib and ffmpeg for the figures and the movie
#   bench: + PyTorch (python3-torch), the reference loop that bench/compare-pytorch.sh times,
#          linux-perf for the cpu-clock profile in bench/README.md, Eigen for bench/gemm_choice
set -euo pipefail
profile=${1:-build}

packages=(build-essential cmake pkg-config git
          libcli11-dev libtomlplusplus-dev libmatio-dev libhdf5-dev nlohmann-json3-dev zlib1g-dev
          libopenblas-pthread-dev
          libgtest-dev libgmock-dev libbenchmark-dev pybind11-dev python3-dev python3-numpy
          libopenmpi-dev openmpi-bin)
case "$profile" in
  build) ;;
  test) packages+=(dataset-fashion-mnist python3-h5py python3-matplotlib python3-pytest python3-torch) ;;
  main) packages+=(python3-h5py python3-matplotlib ffmpeg) ;;
  bench) packages+=(python3-torch linux-perf libeigen3-dev) ;;
  *) echo "install-deps.sh: unknown profile '$profile' (expected build, test, main or bench)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps.sh: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
