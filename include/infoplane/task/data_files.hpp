#pragma once
// Tasks from data files. Each throws infoplane::Error naming the file (and key) and what was
// expected when a file is missing, truncated or malformed.
#include <cstdint>
#include <string>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/task/task.hpp"

namespace infoplane {

// An original data file of the reference code (MATLAB level 5, read with libmatio): key F
// (4096, 12) or its transpose, key y (1, 4096) or (4096, 1) or its transpose, uint8 or double,
// entries 0/1, rows of F distinct. p(x) uniform, p(y|x) one-hot from y (columns y = 0, y = 1).
// Rows keep the file's order.
Task load_mat_task(const std::string& path);

// An IDX array (MNIST format), plain or gzipped: unsigned bytes only (type code 0x08).
struct IdxArray {
  std::vector<std::uint32_t> dims;    // e.g. {n, 28, 28} or {n}
  std::vector<std::uint8_t> values;   // row-major, product of dims entries
};
IdxArray read_idx(const std::string& path);

// Images (n, rows, cols) and labels (n) IDX files: inputs scaled to [0, 1] (byte / 255),
// shape = [n, rows * cols]; p(x) = 1/n; p(y|x) one-hot over 10 labels (0..9).
Task load_idx_task(const std::string& images_path, const std::string& labels_path);

// A two-file task: the training file's images (patterns [0, n_train), Task::n_train_patterns)
// then the test file's (the test set and the evaluation set); same scaling and labels as above.
Task load_idx_two_file_task(const std::string& train_images, const std::string& train_labels,
                            const std::string& test_images, const std::string& test_labels);

// The Fashion-MNIST training set of Debian's dataset-fashion-mnist package.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

}  // namespace infoplane
