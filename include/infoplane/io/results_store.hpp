#pragma once
// The results file: one HDF5 file per run holding a RunResults (layout: docs/file-format.md).
#include <string>

#include "infoplane/results/run_results.hpp"

namespace infoplane {

// Writes `results` to `path` through a temporary file in the same folder and a rename, so a
// crash never leaves a half-written file under the real name. Throws infoplane::Error if
// `path` exists and `overwrite` is false, or if the file cannot be written.
void write_results(const std::string& path, const RunResults& results, bool overwrite);

// Reads a results file. Throws infoplane::Error naming the file and what is wrong for a
// missing, truncated, foreign or incompatible-version file.
RunResults read_results(const std::string& path);

}  // namespace infoplane
