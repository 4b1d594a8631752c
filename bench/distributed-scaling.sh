#!/usr/bin/env bash
# 2 MPI ranks x 1 thread against 1 process x 2 threads on one experiment, alternated (A B A B)
# so that the machine's noise falls on both; checks that the two give the same results files
# (every dataset, bit for bit, the metadata aside) and prints the times and their ratio.
# Usage: bench/distributed-scaling.sh [EXPERIMENT=sample-size-sweep] [ROUNDS=2] [extra run flags]
# Figures are left out (--no-figures): they are drawn by rank 0 alone, after the training, the
# same in both.
set -euo pipefail
cd "$(dirname "$0")/.."
experiment=${1:-sample-size-sweep}
rounds=${2:-2}
shift $(( $# > 2 ? 2 : $# )) || true
bin=build/release/bin/infoplane
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
root=()
[ "$(id -u)" -eq 0 ] && root=(--allow-run-as-root)
seconds() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null 2>&1; t1=$(date +%s%N); awk "BEGIN { printf \"%.1f\", ($t1 - $t0) / 1e9 }"; }
for r in $(seq "$rounds"); do
  a=$(seconds "$bin" run "$experiment" --out "$out/threads" --threads 2 --no-figures --quiet --force "$@")
  b=$(seconds mpirun "${root[@]}" -n 2 "$bin" run "$experiment" --out "$out/ranks" --threads 1 --no-figures --quiet --force "$@")
  echo "round $r: 1 process x 2 threads ${a} s, 2 ranks x 1 thread ${b} s, ratio $(awk "BEGIN { printf \"%.3f\", $b / $a }")"
done
cp "$out/ranks/$experiment/ranks.json" "bench/ranks-$experiment.json"
/usr/bin/python3 - "$out/threads/$experiment" "$out/ranks/$experiment" <<'PY'
import pathlib, sys
import h5py, numpy as np
a, b = (pathlib.Path(p) for p in sys.argv[1:3])
files = sorted(p.relative_to(a) for p in a.rglob("results.h5"))
differ = 0
for f in files:
    with h5py.File(a / f) as x, h5py.File(b / f) as y:
        names = []
        x.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
        for n in names:
            if not np.array_equal(x[n][()], y[n][()], equal_nan=True):
                differ += 1
                print(f"{f}: {n} differs")
print(f"{len(files)} results files compared dataset by dataset: {'identical' if differ == 0 else f'{differ} differ'}")
sys.exit(1 if differ else 0)
PY
