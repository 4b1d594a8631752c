#!/usr/bin/env bash
# The README's main job: install what is missing, build, run the paper's headline experiment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh main
scripts/build.sh
build/release/bin/infoplane run headline "$@"
