// Pre-read checks of .mat files (see detail/mat_checks.hpp).
#include "task/detail/mat_checks.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "infoplane/core/error.hpp"

namespace infoplane::detail {
namespace {

struct VarFreer {
  void operator()(matvar_t* v) const { Mat_VarFree(v); }
};
using MatVar = std::unique_ptr<matvar_t, VarFreer>;

std::string where(const std::string& path, const char* key) {
  return path + ": key '" + key + "'";
}

}  // namespace

std::uint64_t check_mat_file_size(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error(path + ": no such file; expected a MATLAB .mat file with keys F and y");
  }
  const std::uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) throw Error(path + ": cannot read: " + ec.message());
  if (size > kMaxMatFileBytes) {
    throw Error(path + ": " + std::to_string(size) + " bytes; expected a .mat data file of at most " +
                std::to_string(kMaxMatFileBytes) + " bytes (4096 x 12 patterns take < 100 KiB)");
  }
  return size;
}

void check_level5_layout(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  // check_mat_file_size bounds the file, so reading it whole is bounded too.
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  constexpr std::size_t kHeaderBytes = 128;
  if (bytes.size() < kHeaderBytes) {
    throw Error(path + ": " + std::to_string(bytes.size()) +
                " bytes, shorter than the 128-byte MAT-file header (truncated or not a .mat file)");
  }
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
  const bool little = bytes[126] == 'I' && bytes[127] == 'M';
  const bool big = bytes[126] == 'M' && bytes[127] == 'I';
  if (!little && !big) throw Error(path + ": no MAT-file endian indicator; expected a .mat file");
  const std::uint32_t version = little ? (byte(124) | byte(125) << 8) : (byte(124) << 8 | byte(125));
  if (version != 0x0100) return;  // not level 5 (e.g. 7.3 / HDF5)
  const auto u32 = [&](std::size_t i) {
    return little ? (byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24)
                  : (byte(i) << 24 | byte(i + 1) << 16 | byte(i + 2) << 8 | byte(i + 3));
  };
  constexpr std::uint32_t kCompressed = 15;  // miCOMPRESSED: zlib stream, not padded
  std::size_t offset = kHeaderBytes;
  while (offset < bytes.size()) {
    if (bytes.size() - offset < 8) {
      throw Error(path + ": truncated MAT-file element tag at byte " + std::to_string(offset));
    }
    const std::uint32_t type = u32(offset);
    std::uint64_t size = u32(offset + 4);
    if ((type >> 16) != 0) {
      size = 0;  // small data element: tag and data share 8 bytes
    } else if (type != kCompressed) {
      size = (size + 7) / 8 * 8;
    }
    if (offset + 8 + size > bytes.size()) {
      throw Error(path + ": truncated MAT-file: element at byte " + std::to_string(offset) +
                  " needs " + std::to_string(size) + " data bytes, " +
                  std::to_string(bytes.size() - offset - 8) + " left");
    }
    offset += 8 + size;
  }
}

void check_unique_key(mat_t* mat, const std::string& path, const char* key) {
  if (Mat_Rewind(mat) != 0) throw Error(path + ": cannot read the variables (damaged file?)");
  int count = 0;
  while (MatVar var{Mat_VarReadNextInfo(mat)}) {
    if (var->name != nullptr && std::string(var->name) == key) ++count;
  }
  if (count > 1) {
    throw Error(where(path, key) + ": appears " + std::to_string(count) +
                " times; expected exactly one variable of that name");
  }
  Mat_Rewind(mat);
}

void check_claimed_size(mat_t* mat, const std::string& path, const char* key,
                        std::uint64_t file_bytes) {
  MatVar var(Mat_VarReadInfo(mat, key));
  if (!var) throw Error(where(path, key) + ": missing or unreadable; expected a 2-D uint8 or double array");
  if (var->rank != 2 || var->dims == nullptr || var->isComplex) {
    throw Error(where(path, key) + ": expected a real 2-D array, found rank " + std::to_string(var->rank) +
                (var->isComplex ? " (complex)" : ""));
  }
  if (var->class_type != MAT_C_UINT8 && var->class_type != MAT_C_DOUBLE) {
    throw Error(where(path, key) + ": expected uint8 or double entries (MATLAB class id " +
                std::to_string(static_cast<int>(var->class_type)) + " found)");
  }
  const std::uint64_t rows = var->dims[0], cols = var->dims[1];
  const std::string shape = "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
  if (rows != 0 && cols > kMaxMatEntries / rows) {
    throw Error(where(path, key) + ": claims shape " + shape + ", more than " +
                std::to_string(kMaxMatEntries) + " entries; expected e.g. (4096, 12) (damaged file?)");
  }
  // Each entry takes at least one byte in the file (MATLAB may store doubles as uint8).
  const std::uint64_t entries = rows * cols;
  const bool compressed = var->compression == MAT_COMPRESSION_ZLIB;
  const std::uint64_t room = compressed ? file_bytes * kMaxDeflateRatio : file_bytes;
  if (entries > room) {
    throw Error(where(path, key) + ": claims shape " + shape + " = " + std::to_string(entries) +
                " entries of at least one byte, but the " + std::to_string(file_bytes) +
                "-byte file" +
                (compressed ? " (compressed) holds at most " + std::to_string(room) + " bytes"
                            : " cannot hold them") + " (truncated or damaged file?)");
  }
}

}  // namespace infoplane::detail
