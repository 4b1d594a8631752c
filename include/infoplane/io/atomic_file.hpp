#pragma once
// The one way the program puts a file under its real name: write a temporary file in the same
// folder, fsync it, rename it into place (refusing to replace an existing file unless
// `overwrite`), fsync the folder. A failed write (full disk, a signal) leaves the earlier file,
// if any, untouched and no temporary file behind; the error names the file.
#include <string>
#include <string_view>

namespace infoplane {

// Writes `bytes` to `path`. Throws infoplane::Error naming `path` (and `what`, e.g. "--json")
// when the file exists and !overwrite ("pass --force"), or on any write error.
void write_file_atomically(const std::string& path, std::string_view bytes, bool overwrite,
                           const std::string& what = "");

// For writers that produce the temporary file themselves (the HDF5 results store):
// a temporary name next to `path`, and the fsync + rename that publishes it.
std::string temporary_path_for(const std::string& path);
void publish_file(const std::string& temporary, const std::string& path, bool overwrite,
                  const std::string& what = "");

}  // namespace infoplane
