#pragma once
// The results file's schema identity (layout: docs/file-format.md). A reader accepts files whose
// root attribute `schema` equals kResultsSchemaName and whose `schema_version` lies in
// [kOldestResultsSchemaVersion, kResultsSchemaVersion]; anything else is a clear error.
#include <string>

#include "infoplane/results/run_results.hpp"

namespace infoplane {

inline constexpr const char* kResultsSchemaName = "infoplane-results";
inline constexpr int kResultsSchemaVersion = 1;        // what this program writes
inline constexpr int kOldestResultsSchemaVersion = 1;  // the oldest it still reads

struct ResultsSchema {
  std::string name = kResultsSchemaName;
  int version = kResultsSchemaVersion;
};

// As write_results (results_store.hpp), but stamping the file with `schema`. The program itself
// always writes the default; other values exist so that tests (and future migration tools) can
// produce files of another schema or version and check how readers treat them.
void write_results(const std::string& path, const RunResults& results, bool overwrite,
                   const ResultsSchema& schema);

}  // namespace infoplane
