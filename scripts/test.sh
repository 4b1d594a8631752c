#!/usr/bin/env bash
# The README's test command: install what is missing, build, run the default suite
# (everything but the tests labelled "slow").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh
ctest --preset release
