// Bad results files: missing, empty, not HDF5, truncated, foreign schema, newer or older
// schema version. Each must give an infoplane::Error that names the file, never a crash.
#include <gtest/gtest.h>

#include <filesystem>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_schema.hpp"
#include "infoplane/io/results_store.hpp"
#include "io/store_test_support.hpp"
#include "io/synthetic_results.hpp"
#include "support/error_message.hpp"

namespace infoplane {
namespace {

using testing::expect_mentions;

using testing::ScratchDir;
namespace fs = std::filesystem;

std::string read_error(const std::string& path) {
  return testing::error_message([&] { (void)read_results(path); }, path);
}

RunResults small_results() {
  testing::SyntheticShape shape;
  shape.n_epochs = 200;  // large enough for chunked, compressed datasets
  return testing::make_synthetic_results(shape);
}

TEST(ResultsStoreErrors, MissingFileAndFolder) {
  ScratchDir dir;
  const auto message = read_error(dir.file("nope.h5"));
  expect_mentions(message, "nope.h5");
  expect_mentions(message, "no such file");
  expect_mentions(read_error(dir.path().string()), "folder");
}

TEST(ResultsStoreErrors, EmptyAndNonHdf5Files) {
  ScratchDir dir;
  testing::write_text(dir.file("empty.h5"), "");
  expect_mentions(read_error(dir.file("empty.h5")), "empty");
  testing::write_text(dir.file("notes.h5"), "[task]\nname = \"spherical\"\n");
  const auto message = read_error(dir.file("notes.h5"));
  expect_mentions(message, "notes.h5");
  expect_mentions(message, "not an HDF5 file");
}

TEST(ResultsStoreErrors, TruncatedFilesAtManyPointsNeverCrash) {
  ScratchDir dir;
  const std::string whole = dir.file("whole.h5");
  write_results(whole, small_results(), false);
  const std::string bytes = testing::read_text(whole);
  ASSERT_GT(bytes.size(), 4096u);
  const std::size_t cuts[] = {4, 8, 100, 1000, bytes.size() / 4, bytes.size() / 2,
                              bytes.size() - 1000, bytes.size() - 1};
  for (const std::size_t cut : cuts) {
    SCOPED_TRACE("truncated to " + std::to_string(cut) + " bytes");
    const std::string path = dir.file("cut_" + std::to_string(cut) + ".h5");
    testing::write_text(path, bytes.substr(0, cut));
    const auto message = read_error(path);
    expect_mentions(message, path);
    if (cut >= 8) expect_mentions(message, "truncated");
  }
}

TEST(ResultsStoreErrors, ForeignSchemaIsNamed) {
  ScratchDir dir;
  write_results(dir.file("other.h5"), small_results(), false, ResultsSchema{"weather-data", 1});
  const auto message = read_error(dir.file("other.h5"));
  expect_mentions(message, "other.h5");
  expect_mentions(message, "weather-data");
}

TEST(ResultsStoreErrors, NewerSchemaVersionAsksForNewerProgram) {
  ScratchDir dir;
  const int newer = kResultsSchemaVersion + 1;
  write_results(dir.file("new.h5"), small_results(), false,
                ResultsSchema{kResultsSchemaName, newer});
  const auto message = read_error(dir.file("new.h5"));
  expect_mentions(message, "new.h5");
  expect_mentions(message, "schema_version " + std::to_string(newer));
  expect_mentions(message, "newer");
}

TEST(ResultsStoreErrors, OlderSchemaVersionIsRefusedClearly) {
  ScratchDir dir;
  const int older = kOldestResultsSchemaVersion - 1;
  write_results(dir.file("old.h5"), small_results(), false,
                ResultsSchema{kResultsSchemaName, older});
  const auto message = read_error(dir.file("old.h5"));
  expect_mentions(message, "old.h5");
  expect_mentions(message, "older");
}

TEST(ResultsStoreErrors, CorruptedBytesGiveErrorsNotCrashes) {
  // Overwrite a window in the middle of a valid file with garbage: the reader either fails
  // with Error or (if the window hit unused bytes or a checksum-free data block) succeeds.
  ScratchDir dir;
  const std::string whole = dir.file("whole.h5");
  write_results(whole, small_results(), false);
  const std::string bytes = testing::read_text(whole);
  int errors = 0;
  for (int k = 1; k < 8; ++k) {
    std::string damaged = bytes;
    const std::size_t at = bytes.size() * k / 8;
    for (std::size_t i = at; i < std::min(bytes.size(), at + 64); ++i) damaged[i] = char(0xA5);
    const std::string path = dir.file("damaged_" + std::to_string(k) + ".h5");
    testing::write_text(path, damaged);
    try {
      read_results(path);
    } catch (const Error& e) {
      ++errors;
      expect_mentions(e.what(), path);
    }
  }
  SUCCEED() << errors << " of 7 damaged files were refused";
}

}  // namespace
}  // namespace infoplane
