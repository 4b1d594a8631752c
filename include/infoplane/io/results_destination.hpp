#pragma once
// Checks made before a run starts, so that a long run never ends by refusing to save.
#include <string>

namespace infoplane {

// Throws infoplane::Error when `path` cannot take a new results file: it exists and
// `overwrite` is false (the message says to pass --force), it is a folder, or its folder is
// missing. write_results makes the same checks again when it writes.
void check_results_destination(const std::string& path, bool overwrite);

}  // namespace infoplane
