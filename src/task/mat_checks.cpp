// Pre-read checks of .mat files (see detail/mat_checks.hpp).
#include "task/detail/mat_checks.hpp"

#include <zlib.h>

#include <algorithm>
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

namespace {

constexpr std::uint32_t kMatrix = 14;      // miMATRIX
constexpr std::uint32_t kCompressed = 15;  // miCOMPRESSED: zlib stream, not padded
constexpr std::size_t kMaxHeaderBytes = 1024;  // a matrix header: flags, <= 32 dims, name
constexpr std::uint32_t kMaxNameBytes = 63;    // MATLAB's namelengthmax

// Little- or big-endian uint32 reads from a byte buffer.
struct Bytes {
  const unsigned char* data;
  std::size_t size;
  bool little;
  std::uint32_t u32(std::size_t i) const {
    const auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(data[i + k]); };
    return little ? (b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24)
                  : (b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3));
  }
};

// One sub-element of a matrix: data type, byte count, offset of its data.
struct SubElement {
  std::uint32_t type = 0;
  std::uint32_t bytes = 0;
  std::size_t data = 0;
};

SubElement next_sub_element(const Bytes& b, std::size_t& at, const std::string& where) {
  if (b.size < 8 || at > b.size - 8) throw Error(where + ": matrix header cut short (damaged file?)");
  SubElement e;
  const std::uint32_t tag = b.u32(at);
  if ((tag >> 16) != 0) {  // small element: 2-byte count, 2-byte type, <= 4 data bytes
    e.type = tag & 0xffff;
    e.bytes = tag >> 16;
    e.data = at + 4;
    if (e.bytes > 4) throw Error(where + ": bad small data element (damaged file?)");
    at += 8;
    return e;
  }
  e.type = tag;
  e.bytes = b.u32(at + 4);
  e.data = at + 8;
  const std::uint64_t padded = (std::uint64_t{e.bytes} + 7) / 8 * 8;
  if (padded > b.size - e.data) throw Error(where + ": matrix header cut short (damaged file?)");
  at = e.data + static_cast<std::size_t>(padded);
  return e;
}

// Checks one matrix header (array flags, dims, name) whose body is `b`, holding at most
// `room` bytes of data in all; returns the variable's name.
std::string check_matrix_header(const Bytes& b, std::uint64_t room, bool compressed,
                                const std::string& path, std::size_t offset) {
  const std::string where = path + ": variable at byte " + std::to_string(offset);
  std::size_t at = 0;
  const SubElement flags = next_sub_element(b, at, where);
  if (flags.type != 6 || flags.bytes != 8) throw Error(where + ": no array flags (damaged file?)");
  const std::uint32_t class_id = b.u32(flags.data) & 0xff;
  const SubElement dims = next_sub_element(b, at, where);
  if (dims.type != 5 || dims.bytes % 4 != 0 || dims.bytes < 8 || dims.bytes > 128) {
    throw Error(where + ": bad dimensions (expected 2 to 32 int32 values; damaged file?)");
  }
  const SubElement name = next_sub_element(b, at, where);
  if (name.type != 1 || name.bytes > kMaxNameBytes) throw Error(where + ": bad name (damaged file?)");
  const std::string text(reinterpret_cast<const char*>(b.data + name.data), name.bytes);
  const std::string named = path + ": key '" + text + "'";
  std::string shape = "(";
  std::uint64_t entries = 1;
  bool too_many = false;
  for (std::uint32_t k = 0; k < dims.bytes / 4; ++k) {
    const std::uint64_t d = b.u32(dims.data + 4 * k);
    shape += (k ? ", " : "") + std::to_string(d);
    if (d != 0 && entries > kMaxMatEntries / d) too_many = true;
    entries = too_many ? kMaxMatEntries + 1 : entries * d;
  }
  shape += ")";
  if (too_many) {
    throw Error(named + ": claims shape " + shape + ", more than " + std::to_string(kMaxMatEntries) +
                " entries; expected a small data file (e.g. F (4096, 12))");
  }
  // Numeric and char arrays only: cell, struct, object, sparse, function and opaque variables
  // nest further headers that libmatio follows without bounds.
  if (class_id != 4 && (class_id < 6 || class_id > 15)) {
    throw Error(named + ": MATLAB class id " + std::to_string(class_id) +
                " is not a numeric array; expected only numeric variables (keys F and y)");
  }
  if (entries > room) {
    throw Error(named + ": claims shape " + shape + " = " + std::to_string(entries) +
                " entries of at least one byte, but its " + (compressed ? "compressed " : "") +
                "element holds at most " + std::to_string(room) + " bytes (truncated or damaged file?)");
  }
  return text;
}

// The first bytes (<= kMaxHeaderBytes) of a compressed element's zlib stream.
std::string inflate_head(const unsigned char* data, std::size_t size, const std::string& where) {
  std::string out(kMaxHeaderBytes, '\0');
  z_stream z{};
  if (inflateInit(&z) != Z_OK) throw Error(where + ": cannot inflate");
  z.next_in = const_cast<unsigned char*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = reinterpret_cast<unsigned char*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_SYNC_FLUSH);
  out.resize(out.size() - z.avail_out);
  inflateEnd(&z);
  if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
    throw Error(where + ": corrupt compressed data (damaged file?)");
  }
  return out;
}

}  // namespace

Level5Scan check_level5_layout(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  // check_mat_file_size bounds the file, so reading it whole is bounded too.
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  constexpr std::size_t kHeaderBytes = 128;
  if (text.size() < kHeaderBytes) {
    throw Error(path + ": " + std::to_string(text.size()) +
                " bytes, shorter than the 128-byte MAT-file header (truncated or not a .mat file)");
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const bool little = text[126] == 'I' && text[127] == 'M';
  const bool big = text[126] == 'M' && text[127] == 'I';
  if (!little && !big) throw Error(path + ": no MAT-file endian indicator; expected a .mat file");
  const Bytes file{bytes, text.size(), little};
  const std::uint32_t version = little ? (bytes[124] | bytes[125] << 8) : (bytes[124] << 8 | bytes[125]);
  Level5Scan scan;
  if (version != 0x0100) return scan;  // not level 5 (e.g. 7.3 / HDF5)
  scan.level5 = true;
  std::size_t offset = kHeaderBytes;
  while (offset < text.size()) {
    if (text.size() - offset < 8) {
      throw Error(path + ": truncated MAT-file element tag at byte " + std::to_string(offset));
    }
    const std::uint32_t type = file.u32(offset);
    std::uint64_t size = file.u32(offset + 4);
    if ((type >> 16) != 0) {
      size = 0;  // small data element: tag and data share 8 bytes
    } else if (type != kCompressed) {
      size = (size + 7) / 8 * 8;
    }
    if (offset + 8 + size > text.size()) {
      throw Error(path + ": truncated MAT-file: element at byte " + std::to_string(offset) +
                  " needs " + std::to_string(size) + " data bytes, " +
                  std::to_string(text.size() - offset - 8) + " left");
    }
    const unsigned char* body = bytes + offset + 8;
    const std::string where = path + ": variable at byte " + std::to_string(offset);
    if (type == kMatrix) {
      scan.names.push_back(check_matrix_header(Bytes{body, static_cast<std::size_t>(size), little},
                                               size, false, path, offset));
    } else if (type == kCompressed) {
      const std::string head = inflate_head(body, static_cast<std::size_t>(size), where);
      const Bytes inner{reinterpret_cast<const unsigned char*>(head.data()), head.size(), little};
      if (head.size() < 8 || inner.u32(0) != kMatrix) {
        throw Error(where + ": compressed data do not hold a matrix (damaged file?)");
      }
      const std::uint64_t inflated = inner.u32(4);  // the matrix's byte count once inflated
      if (inflated > size * kMaxDeflateRatio) {
        throw Error(where + ": claims " + std::to_string(inflated) + " bytes inflated from " +
                    std::to_string(size) + " compressed; more than deflate's 1032:1 (damaged file?)");
      }
      scan.names.push_back(check_matrix_header(Bytes{inner.data + 8, head.size() - 8, little},
                                               inflated, true, path, offset));
    }
    offset += 8 + static_cast<std::size_t>(size);
  }
  return scan;
}

void check_unique_key(const Level5Scan& scan, const std::string& path, const char* key) {
  const auto count = std::count(scan.names.begin(), scan.names.end(), key);
  if (count > 1) {
    throw Error(where(path, key) + ": appears " + std::to_string(count) +
                " times; expected exactly one variable of that name");
  }
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
