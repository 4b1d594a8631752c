#pragma once
// The verdict's report files: verdict.json (everything: settings, per series and layer the
// compression, interval, onset, mean trajectories; the figure reads it) and verdict.md (the
// verdict table). Written through io/atomic_file.
#include <string>

#include "infoplane/verdict/verdict_run.hpp"

namespace infoplane {

std::string verdict_json(const VerdictReport& report);
std::string verdict_markdown(const VerdictReport& report);

// Writes FOLDER/verdict.json and FOLDER/verdict.md; returns their paths. Throws
// infoplane::Error when one exists and !overwrite (pass --force) or cannot be written.
std::vector<std::string> write_verdict_report(const VerdictReport& report, const std::string& folder, bool overwrite);

}  // namespace infoplane
