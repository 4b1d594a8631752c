// Results files with impossible contents or missing parts the summary needs: the reader
// refuses each with a message naming the dataset (or attribute) and what was expected.
// Files are edited after writing with the HDF5 C API (Debian's serial build).
#include <hdf5/serial/hdf5.h>

#include <gtest/gtest.h>

#include <functional>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_store.hpp"
#include "io/store_test_support.hpp"
#include "io/synthetic_results.hpp"
#include "support/error_message.hpp"

namespace infoplane {
namespace {

using testing::expect_mentions;

using testing::ScratchDir;

std::string read_error(const std::string& path) {
  return testing::error_message([&] { (void)read_results(path); }, path);
}

// Writes `r`, then applies `edit` to the open file (read-write).
std::string write_and_edit(const ScratchDir& dir, const std::string& name, const RunResults& r,
                           const std::function<void(hid_t)>& edit = {}) {
  const std::string path = dir.file(name);
  write_results(path, r, false);
  if (edit) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    EXPECT_GE(file, 0);
    edit(file);
    H5Fclose(file);
  }
  return path;
}

void set_int_attribute(hid_t file, const char* name, std::int64_t value) {
  const hid_t attr = H5Aopen(file, name, H5P_DEFAULT);
  ASSERT_GE(attr, 0);
  EXPECT_GE(H5Awrite(attr, H5T_NATIVE_INT64, &value), 0);
  H5Aclose(attr);
}

TEST(ResultsStoreContents, WidthsBelowOneAreRefused) {
  ScratchDir dir;
  for (const int width : {0, -3}) {
    RunResults r = testing::small_synthetic_results();
    r.layer_widths[1] = width;
    std::string name = std::to_string(width + 3);  // appended: GCC 12 warns falsely on "w" + ...
    name += ".h5";
    const std::string path = write_and_edit(dir, name, r);
    const std::string message = read_error(path);
    expect_mentions(message, path);
    expect_mentions(message, "'layers/widths'");
    expect_mentions(message, "width " + std::to_string(width) + "; expected >= 1");
  }
}

TEST(ResultsStoreContents, NonIncreasingRecordedEpochsAreRefused) {
  ScratchDir dir;
  RunResults r = testing::small_synthetic_results();
  r.recorded_epochs[3] = r.recorded_epochs[2];
  const std::string message = read_error(write_and_edit(dir, "epochs.h5", r));
  expect_mentions(message, "'epochs/recorded'");
  expect_mentions(message, "strictly increasing");
}

TEST(ResultsStoreContents, NegativeCountsAndMismatchedShapesAreRefused) {
  ScratchDir dir;
  const std::string negative = write_and_edit(dir, "negative.h5", testing::small_synthetic_results(),
                                              [](hid_t f) { set_int_attribute(f, "n_networks", -2); });
  expect_mentions(read_error(negative), "'n_networks' = -2 is not a valid count");
  const std::string shapes = write_and_edit(dir, "shapes.h5", testing::small_synthetic_results(),
                                            [](hid_t f) { set_int_attribute(f, "n_epochs", 41); });
  const std::string message = read_error(shapes);
  expect_mentions(message, "'gradients/");
  expect_mentions(message, "[2, 40, 3], expected [2, 41, 3]");
}

TEST(ResultsStoreContents, MissingGradientStdIsRefusedNamingIt) {
  // Before: read as "no std_norm", and the summary then read through an empty array.
  ScratchDir dir;
  const std::string path = write_and_edit(dir, "no_std.h5", testing::small_synthetic_results(), [](hid_t f) {
    EXPECT_GE(H5Ldelete(f, "gradients/std_norm", H5P_DEFAULT), 0);
  });
  const std::string message = read_error(path);
  expect_mentions(message, path);
  expect_mentions(message, "'gradients/std_norm': missing");
}

TEST(ResultsStoreContents, LossWithoutItsAccuracyIsRefused) {
  ScratchDir dir;
  const std::string path = write_and_edit(dir, "no_acc.h5", testing::small_synthetic_results(), [](hid_t f) {
    EXPECT_GE(H5Ldelete(f, "metrics/test_accuracy", H5P_DEFAULT), 0);
  });
  expect_mentions(read_error(path), "'metrics/test_accuracy': missing");
}

TEST(ResultsStoreContents, InfoGroupWithoutEstimatorsIsRefused) {
  // Before: read as a file without information-plane series, which the experiment summary
  // then dereferenced (results.info.front()).
  ScratchDir dir;
  const std::string path = write_and_edit(dir, "no_info.h5", testing::small_synthetic_results(), [](hid_t f) {
    EXPECT_GE(H5Ldelete(f, "info/binning", H5P_DEFAULT), 0);
    EXPECT_GE(H5Ldelete(f, "info/kde_upper", H5P_DEFAULT), 0);
  });
  const std::string message = read_error(path);
  expect_mentions(message, path);
  expect_mentions(message, "group 'info' holds no estimator");
}

TEST(ResultsStoreContents, EstimatorWithoutItsPlaneIsRefusedNamingTheDataset) {
  ScratchDir dir;
  const std::string path = write_and_edit(dir, "no_ixt.h5", testing::small_synthetic_results(), [](hid_t f) {
    EXPECT_GE(H5Ldelete(f, "info/binning/i_xt", H5P_DEFAULT), 0);
  });
  expect_mentions(read_error(path), "dataset 'info/binning/i_xt' is missing");
}

}  // namespace
}  // namespace infoplane
