// MNIST-format IDX files (plain or gzipped, via zlib) and tasks built from them.
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/task/data_files.hpp"

namespace infoplane {
namespace {

constexpr std::uint8_t kTypeUnsignedByte = 0x08;
constexpr int kLabelCount = 10;
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
// Largest array accepted (values = bytes): Fashion-MNIST's training images hold 47 M.
constexpr std::uint64_t kMaxValues = std::uint64_t{1} << 30;
// deflate cannot shrink data by more than 1032:1, so a gzipped file of c bytes holds at most
// 1032 c bytes: a header claiming more is damage (or a gzip bomb), refused before reading.
constexpr std::uint64_t kMaxDeflateRatio = 1032;

struct GzCloser {
  void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

// Reads up to `n` bytes; returns the count read (short at end of data). Throws on a zlib error
// (e.g. a corrupt or truncated gzip stream).
std::size_t read_bytes(gzFile file, std::uint8_t* out, std::size_t n, const std::string& path) {
  std::size_t total = 0;
  while (total < n) {
    const unsigned want = static_cast<unsigned>(std::min<std::size_t>(n - total, kChunkBytes));
    const int got = gzread(file, out + total, want);
    if (got < 0) {
      int errnum = 0;
      const char* message = gzerror(file, &errnum);
      throw Error(path + ": unreadable data (" + std::string(message ? message : "zlib error") +
                  "); expected an IDX file, plain or gzipped");
    }
    if (got == 0) break;
    total += static_cast<std::size_t>(got);
  }
  return total;
}

std::string type_name(std::uint8_t code) {
  switch (code) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "short";
    case 0x0C: return "int";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "unknown type code " + std::to_string(code);
  }
}

// A gzip stream starts with the bytes 1f 8b.
bool is_gzipped(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  return in.read(magic, 2) && magic[0] == '\x1f' && magic[1] == '\x8b';
}

// The values a file of `file_bytes` bytes can hold after a header of `header_bytes`.
std::uint64_t room_for_values(std::uint64_t file_bytes, std::uint64_t header_bytes, bool gzipped) {
  if (gzipped) return file_bytes * kMaxDeflateRatio;
  return file_bytes > header_bytes ? file_bytes - header_bytes : 0;
}

IdxArray read_idx_unguarded(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    // Debian's package provides the Fashion-MNIST files: name it.
    const std::string dir = kFashionMnistDir;
    const std::string hint = path.compare(0, dir.size(), dir) == 0
                                 ? " (Fashion-MNIST comes with the Debian package dataset-fashion-mnist: "
                                   "apt-get install dataset-fashion-mnist)"
                                 : "";
    throw Error(path + ": no such file; expected an IDX file (MNIST format), plain or gzipped" + hint);
  }
  const std::uint64_t file_bytes = std::filesystem::file_size(path, ec);
  if (ec) throw Error(path + ": cannot read: " + ec.message());
  const bool gzipped = is_gzipped(path);
  GzFile file(gzopen(path.c_str(), "rb"));
  if (!file) throw Error(path + ": cannot open for reading");

  std::uint8_t magic[4] = {};
  if (read_bytes(file.get(), magic, 4, path) != 4) {
    throw Error(path + ": shorter than the 4-byte IDX magic number (truncated or empty file)");
  }
  if (magic[0] != 0 || magic[1] != 0 || magic[3] < 1 || magic[3] > 4) {
    throw Error(path + ": bad IDX magic number; expected bytes 00 00 <type> <1..4 dims>");
  }
  if (magic[2] != kTypeUnsignedByte) {
    throw Error(path + ": IDX element type is " + type_name(magic[2]) +
                "; expected unsigned byte (0x08)");
  }
  IdxArray array;
  std::uint64_t count = 1;
  for (int k = 0; k < magic[3]; ++k) {
    std::uint8_t b[4] = {};
    if (read_bytes(file.get(), b, 4, path) != 4) {
      throw Error(path + ": truncated IDX header (dimension " + std::to_string(k) + " missing)");
    }
    const std::uint32_t dim = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                              (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
    array.dims.push_back(dim);
    count *= dim;
    if (count > kMaxValues) {
      throw Error(path + ": IDX header claims more than 2^30 values; expected a real data file");
    }
  }
  const std::uint64_t header_bytes = 4 + 4 * std::uint64_t{magic[3]};
  const std::uint64_t room = room_for_values(file_bytes, header_bytes, gzipped);
  if (count > room) {
    throw Error(path + ": IDX header claims " + std::to_string(count) + " values, but the " +
                std::to_string(file_bytes) + "-byte " + (gzipped ? "gzipped " : "") +
                "file holds at most " + std::to_string(room) + " (truncated or damaged file?)");
  }
  // Grow in chunks rather than trusting the header with one big allocation.
  array.values.reserve(std::min<std::uint64_t>(count, 64 * kChunkBytes));
  std::size_t have = 0;
  while (have < count) {
    const std::size_t want = std::min<std::size_t>(count - have, kChunkBytes);
    array.values.resize(have + want);
    const std::size_t got = read_bytes(file.get(), array.values.data() + have, want, path);
    have += got;
    if (got < want) {
      throw Error(path + ": truncated IDX data: " + std::to_string(have) + " of " +
                  std::to_string(count) + " values present");
    }
  }
  std::uint8_t extra = 0;
  if (read_bytes(file.get(), &extra, 1, path) != 0) {
    throw Error(path + ": data continue past the " + std::to_string(count) +
                " values the IDX header declares; expected the file to end there");
  }
  return array;
}

Task load_idx_task_unguarded(const std::string& images_path, const std::string& labels_path,
                             const IdxArray& images, const IdxArray& labels) {
  if (images.dims.size() < 2) {
    throw Error(images_path + ": IDX images have " + std::to_string(images.dims.size()) +
                " dimension(s); expected (n, rows, cols) or (n, features)");
  }
  if (labels.dims.size() != 1) {
    throw Error(labels_path + ": IDX labels have " + std::to_string(labels.dims.size()) +
                " dimensions; expected a 1-D array (n)");
  }
  const std::size_t n = images.dims[0];
  if (labels.dims[0] != n) {
    throw Error(labels_path + ": " + std::to_string(labels.dims[0]) + " labels for " +
                std::to_string(n) + " images in " + images_path + "; expected equal counts");
  }
  if (n == 0) throw Error(images_path + ": no images; expected at least one");
  const std::size_t d = images.values.size() / n;
  if (d == 0) throw Error(images_path + ": images have no pixels");

  Task task;
  task.name = "idx:" + images_path + "," + labels_path;
  task.inputs = Matrix<float>(n, d);
  for (std::size_t i = 0; i < n * d; ++i) {
    task.inputs.values()[i] = static_cast<float>(images.values[i]) / 255.0f;
  }
  task.p_x.assign(n, 1.0 / static_cast<double>(n));
  task.p_y_given_x = Matrix<double>(n, kLabelCount, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const int label = labels.values[i];
    if (label >= kLabelCount) {
      throw Error(labels_path + ": label " + std::to_string(i) + " is " + std::to_string(label) +
                  "; expected 0..9");
    }
    task.p_y_given_x(i, label) = 1.0;
  }
  return task;
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  try {
    return read_idx_unguarded(path);
  } catch (const std::bad_alloc&) {
    throw Error(path + ": out of memory while reading the IDX file");
  }
}

Task load_idx_task(const std::string& images_path, const std::string& labels_path) {
  const IdxArray images = read_idx(images_path);
  const IdxArray labels = read_idx(labels_path);
  try {
    return load_idx_task_unguarded(images_path, labels_path, images, labels);
  } catch (const std::bad_alloc&) {
    throw Error(images_path + ": out of memory while building the task from it and " +
                labels_path);
  }
}

Task load_idx_two_file_task(const std::string& train_images, const std::string& train_labels,
                            const std::string& test_images, const std::string& test_labels) {
  Task train = load_idx_task(train_images, train_labels);
  const Task test = load_idx_task(test_images, test_labels);
  if (test.n_inputs() != train.n_inputs()) {
    throw Error(test_images + ": images of " + std::to_string(test.n_inputs()) + " pixels, but " +
                train_images + " has " + std::to_string(train.n_inputs()) + "; expected equal sizes");
  }
  const std::size_t n_train = train.n_patterns(), n = n_train + test.n_patterns(), d = train.n_inputs();
  Task task;
  task.name = "idx:" + train_images + "," + train_labels + ";" + test_images + "," + test_labels;
  try {
    task.inputs = Matrix<float>(n, d);
    task.p_y_given_x = Matrix<double>(n, kLabelCount, 0.0);
  } catch (const std::bad_alloc&) {
    throw Error(train_images + ": out of memory while joining it with " + test_images);
  }
  std::copy(train.inputs.values().begin(), train.inputs.values().end(), task.inputs.values().begin());
  std::copy(test.inputs.values().begin(), test.inputs.values().end(),
            task.inputs.values().begin() + static_cast<std::ptrdiff_t>(n_train * d));
  std::copy(train.p_y_given_x.values().begin(), train.p_y_given_x.values().end(), task.p_y_given_x.values().begin());
  std::copy(test.p_y_given_x.values().begin(), test.p_y_given_x.values().end(),
            task.p_y_given_x.values().begin() + static_cast<std::ptrdiff_t>(n_train * kLabelCount));
  task.p_x.assign(n, 1.0 / static_cast<double>(n));
  task.n_train_patterns = n_train;
  return task;
}

}  // namespace infoplane
