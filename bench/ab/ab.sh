#!/usr/bin/env bash
# In-process A/B timing of the training loop of two source trees (e.g. two git revisions).
#
# On this shared VM the speed of one binary drifts by 30% or more from second to second, so
# timings taken minutes apart cannot resolve a 5% change. This tool compiles the library sources
# (core, nn, task, train) of each tree into one program, side A in namespace infoplane_a and side
# B in infoplane_b (-Dinfoplane=...), and alternates 200-epoch runs of the headline network:
# both sides see the same machine state, and the median of the per-pair ratios B/A is stable to
# about 1-2% with 40 pairs.
#
# Usage: bench/ab/ab.sh TREE_A TREE_B [pairs (default 40)]
#   TREE_*: a source tree (a directory with src/ and include/), e.g. a `git worktree add` of an
#   older commit and the working tree itself. Needs only g++ (scripts/install-deps.sh build).
# Prints: A and B min/median microseconds per epoch, and the median B/A with its quartiles.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tree_a=$(cd "$1" && pwd); tree_b=$(cd "$2" && pwd); pairs=${3:-40}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
build_side() {  # side tree
  local side=$1 tree=$2
  for f in "$tree"/src/{core,nn,task,train}/*.cpp; do
    case "$f" in */experiment.cpp) continue ;; esac  # needs the generated version header; unused here
    local o="$work/$side-$(basename "$(dirname "$f")")-$(basename "$f").o" extra=()
    # As src/CMakeLists.txt compiles the training loop's hot files.
    case "$f" in */nn/fast_network.cpp | */train/trainer.cpp) extra=(-funroll-loops) ;; esac
    g++ -std=c++20 -O3 -march=native "${extra[@]}" -DNDEBUG -Dinfoplane="infoplane_$side" -I"$tree/include" -I"$tree/src" -c "$f" -o "$o" &
    while [ "$(jobs -r | wc -l)" -ge 2 ]; do sleep 0.2; done
  done
  g++ -std=c++20 -O3 -march=native -DNDEBUG -Dinfoplane="infoplane_$side" -DSIDE_FN="run_$side" \
      -I"$tree/include" -I"$tree/src" -I"$tree/bench" -c "$here/side.cpp" -o "$work/$side-side.o" &
  wait
  ar rcs "$work/side-$side.a" "$work/$side"-*.o  # an archive: only what train_network needs links
}
build_side a "$tree_a"
build_side b "$tree_b"
g++ -O2 "$here/main.cpp" "$work/side-a.a" "$work/side-b.a" -o "$work/ab"
"$work/ab" "$pairs"
