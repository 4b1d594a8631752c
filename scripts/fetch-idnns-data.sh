#!/usr/bin/env bash
# Fetches the reference code's three original data files (var_u.mat, g1.mat, g2.mat) from the
# authors' repository, ravidziv/IDNNs (folder data/), into data/idnns/ of this checkout, where
# the tests that check the files' facts find them (tests/support/idnns_data.hpp). Needs a network
# connection to GitHub. The files are NOT part of infoplane and must not be committed:
#
#   License (ravidziv/IDNNs LICENSE, copyright 2016 Ravid Shwartz-Ziv): permission for
#   educational, research and non-commercial use with the copyright notice kept; any
#   redistribution requires a license from the author.
#
# Usage: scripts/fetch-idnns-data.sh [--accept-license]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--accept-license" ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  echo "Rerun with --accept-license to download the files for research use under that license."
  exit 2
fi
mkdir -p data/idnns
base=https://raw.githubusercontent.com/ravidziv/IDNNs/master/data
for f in var_u.mat g1.mat g2.mat; do
  curl --fail --location --silent --show-error -o "data/idnns/$f.part" "$base/$f"
  mv "data/idnns/$f.part" "data/idnns/$f"
done
echo "fetched into data/idnns/: $(ls data/idnns | tr '\n' ' ')"
echo "run the tests with them: scripts/test.sh (or INFOPLANE_IDNNS_DIR=FOLDER for another folder)"
