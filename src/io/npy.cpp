// .npy reader and writer. Layout: magic "\x93NUMPY", major, minor, header length (uint16 for
// 1.0, uint32 for 2.0/3.0, little-endian), then a Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (n, w), } padded with spaces and ending in
// '\n' so that the data starts at a multiple of 64 bytes, then the raw data.
#include "infoplane/io/npy.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>

#include "infoplane/core/error.hpp"
#include "io/detail/input_file.hpp"

namespace infoplane {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLen = 6;
// The header dict of our dtypes takes < 200 bytes (numpy itself refuses > 10000 by default);
// a longer one is damage, not data.
constexpr std::size_t kMaxHeaderBytes = std::size_t{1} << 16;
// Pipes, FIFOs and devices have no length to check the header against: read at most this.
constexpr std::size_t kMaxStreamBytes = std::size_t{1} << 30;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw Error(path + ": " + what);
}

std::size_t item_size(const std::string& path, const std::string& descr) {
  if (descr.size() < 3) fail(path, "unsupported dtype '" + descr + "'");
  const char order = descr[0], kind = descr[1];
  const std::string bytes = descr.substr(2);
  std::size_t size = 0;
  if (bytes == "1") size = 1;
  else if (bytes == "2") size = 2;
  else if (bytes == "4") size = 4;
  else if (bytes == "8") size = 8;
  else fail(path, "unsupported dtype '" + descr + "'");
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b') {
    fail(path, "unsupported dtype '" + descr + "' (expected a float or integer type)");
  }
  if (order == '>' && size > 1) {
    fail(path, "big-endian dtype '" + descr + "' is not supported (expected little-endian '<')");
  }
  if (order != '<' && order != '|' && order != '=' && order != '>') {
    fail(path, "bad dtype '" + descr + "'");
  }
  return size;
}

// Minimal parser for the header dict: finds `'key':` and returns the text after the colon.
std::size_t find_key(const std::string& header, const std::string& key) {
  for (const char quote : {'\'', '"'}) {
    const std::string k = std::string(1, quote) + key + std::string(1, quote);
    const auto pos = header.find(k);
    if (pos == std::string::npos) continue;
    auto colon = header.find(':', pos + k.size());
    if (colon == std::string::npos) return std::string::npos;
    ++colon;
    while (colon < header.size() && std::isspace(static_cast<unsigned char>(header[colon]))) ++colon;
    return colon;
  }
  return std::string::npos;
}

std::string format_shape(const std::vector<std::size_t>& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    s += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size()) s += ",";
    if (i + 1 < shape.size()) s += " ";
  }
  return s + ")";
}

template <class T>
void write_typed(const std::string& path, const std::string& descr,
                 const std::vector<std::size_t>& shape, const T* data, std::size_t count) {
  write_npy_raw(path, descr, shape,
                std::span<const std::byte>(reinterpret_cast<const std::byte*>(data),
                                           count * sizeof(T)));
}

}  // namespace

std::size_t NpyArray::element_count() const {
  std::size_t n = 1;
  for (std::size_t s : shape) n *= s;
  return n;
}

NpyArray read_npy(const std::string& path) {
  detail::InputFile in(path);
  // The fixed prefix: magic (6), version (2), header length (2 for 1.0, 4 for 2.0/3.0).
  unsigned char prefix[12] = {};
  if (in.read(prefix, 10) < 10 || std::memcmp(prefix, kMagic, kMagicLen) != 0) {
    fail(path, "not a .npy file (missing the \\x93NUMPY magic)");
  }
  const int major = prefix[6];
  std::size_t header_len = 0, offset = 0;
  if (major == 1) {
    header_len = prefix[8] | (std::size_t{prefix[9]} << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (in.read(prefix + 10, 2) < 2) fail(path, "truncated .npy header");
    for (int b = 3; b >= 0; --b) header_len = (header_len << 8) | prefix[8 + b];
    offset = 12;
  } else {
    fail(path, "unsupported .npy format version " + std::to_string(major) + " (expected 1, 2 or 3)");
  }
  if (header_len > kMaxHeaderBytes) {
    fail(path, "the .npy header claims " + std::to_string(header_len) + " bytes; expected at most " +
                   std::to_string(kMaxHeaderBytes) + " (damaged file?)");
  }
  if (in.regular() && in.size() < offset + header_len) fail(path, "truncated .npy header");
  std::string header(header_len, '\0');
  if (in.read(header.data(), header_len) < header_len) fail(path, "truncated .npy header");
  offset += header_len;

  NpyArray a;
  // descr
  auto p = find_key(header, "descr");
  if (p == std::string::npos || (header[p] != '\'' && header[p] != '"')) {
    fail(path, "the .npy header has no 'descr' string");
  }
  const auto end = header.find(header[p], p + 1);
  if (end == std::string::npos) fail(path, "the .npy header's 'descr' is not terminated");
  a.descr = header.substr(p + 1, end - p - 1);
  const std::size_t isize = item_size(path, a.descr);
  // fortran_order
  p = find_key(header, "fortran_order");
  if (p == std::string::npos) fail(path, "the .npy header has no 'fortran_order'");
  if (header.compare(p, 4, "True") == 0) {
    fail(path, "Fortran-order arrays are not supported (save with numpy.ascontiguousarray)");
  }
  if (header.compare(p, 5, "False") != 0) fail(path, "bad 'fortran_order' value in the header");
  // shape
  p = find_key(header, "shape");
  if (p == std::string::npos || header[p] != '(') fail(path, "the .npy header has no 'shape' tuple");
  const auto close = header.find(')', p);
  if (close == std::string::npos) fail(path, "the .npy header's 'shape' is not terminated");
  std::size_t i = p + 1;
  while (i < close) {
    while (i < close && (std::isspace(static_cast<unsigned char>(header[i])) || header[i] == ',')) ++i;
    if (i >= close) break;
    if (!std::isdigit(static_cast<unsigned char>(header[i]))) fail(path, "bad 'shape' in the header");
    std::size_t v = 0;
    while (i < close && std::isdigit(static_cast<unsigned char>(header[i]))) {
      v = v * 10 + static_cast<std::size_t>(header[i] - '0');
      if (v > (std::size_t{1} << 40)) fail(path, "'shape' entry too large");
      ++i;
    }
    a.shape.push_back(v);
  }
  // Guard the size arithmetic: at most 2^40 elements in all.
  std::size_t elements = 1;
  for (std::size_t extent : a.shape) {
    if (extent != 0 && elements > (std::size_t{1} << 40) / extent) {
      fail(path, "shape " + format_shape(a.shape) + " is too large");
    }
    elements *= extent;
  }
  const std::size_t want = elements * isize;  // <= 2^43: no overflow
  if (in.regular()) {
    // Compare with the file's length before allocating anything.
    const std::uint64_t have = in.size() - offset;
    if (have < want) {
      fail(path, "truncated data: " + std::to_string(have) + " bytes, the header's shape " +
                     format_shape(a.shape) + " and dtype " + a.descr + " need " + std::to_string(want));
    }
    if (have > want) {
      fail(path, std::to_string(have - want) + " bytes after the data that the header describes");
    }
  } else if (want > kMaxStreamBytes) {
    fail(path, "not a regular file (pipe or device) and the header's shape " + format_shape(a.shape) +
                   " needs " + std::to_string(want) + " bytes; at most " +
                   std::to_string(kMaxStreamBytes) + " are read from a stream: copy it to a file");
  }
  a.data.resize(want);
  const std::size_t got = in.read(a.data.data(), want);
  if (got < want) {
    fail(path, "truncated data: " + std::to_string(got) + " bytes, the header's shape " +
                   format_shape(a.shape) + " and dtype " + a.descr + " need " + std::to_string(want));
  }
  char extra = 0;
  if (in.read(&extra, 1) != 0) fail(path, "bytes after the data that the header describes");
  return a;
}

Matrix<float> read_npy_matrix(const std::string& path) {
  const NpyArray a = read_npy(path);
  if (a.descr != "<f4" && a.descr != "<f8" && a.descr != "=f4" && a.descr != "=f8") {
    fail(path, "dtype " + a.descr + ": expected float32 ('<f4') or float64 ('<f8')");
  }
  if (a.shape.size() != 1 && a.shape.size() != 2) {
    fail(path, "shape " + format_shape(a.shape) + ": expected a 2-D array (n_patterns, width)");
  }
  const std::size_t rows = a.shape[0], cols = a.shape.size() == 2 ? a.shape[1] : 1;
  if (rows == 0 || cols == 0) fail(path, "shape " + format_shape(a.shape) + ": the array is empty");
  Matrix<float> m(rows, cols);
  const bool f64 = a.descr[2] == '8';
  for (std::size_t k = 0; k < rows * cols; ++k) {
    double v;
    if (f64) {
      std::memcpy(&v, a.data.data() + k * 8, 8);
    } else {
      float f;
      std::memcpy(&f, a.data.data() + k * 4, 4);
      v = f;
    }
    if (!std::isfinite(v)) {
      fail(path, "non-finite value (NaN or inf) at row " + std::to_string(k / cols) + ", column " +
                     std::to_string(k % cols));
    }
    m.values()[k] = static_cast<float>(v);
  }
  return m;
}

std::vector<int> read_npy_labels(const std::string& path, int max_label) {
  const NpyArray a = read_npy(path);
  const char kind = a.descr[1];
  if (kind != 'i' && kind != 'u') {
    fail(path, "dtype " + a.descr + ": expected integer labels (int64, int32 or uint8)");
  }
  if (!(a.shape.size() == 1 || (a.shape.size() == 2 && a.shape[1] == 1))) {
    fail(path, "shape " + format_shape(a.shape) + ": expected a 1-D array of labels");
  }
  const std::size_t n = a.shape[0], isize = item_size(path, a.descr);
  if (n == 0) fail(path, "the label array is empty");
  max_label = std::clamp(max_label, 0, kMaxNpyLabel);
  std::vector<int> labels(n);
  for (std::size_t k = 0; k < n; ++k) {
    std::int64_t v = 0;
    const std::byte* src = a.data.data() + k * isize;
    if (kind == 'u') {
      std::uint64_t u = 0;
      std::memcpy(&u, src, isize);  // little-endian host
      v = u > static_cast<std::uint64_t>(max_label) ? -1 : static_cast<std::int64_t>(u);
    } else if (isize == 1) { std::int8_t x; std::memcpy(&x, src, 1); v = x; }
    else if (isize == 2) { std::int16_t x; std::memcpy(&x, src, 2); v = x; }
    else if (isize == 4) { std::int32_t x; std::memcpy(&x, src, 4); v = x; }
    else { std::memcpy(&v, src, 8); }
    if (v < 0 || v > max_label) {
      fail(path, "label at index " + std::to_string(k) + " is out of range (expected 0.." +
                     std::to_string(max_label) + ")");
    }
    labels[k] = static_cast<int>(v);
  }
  const int largest = *std::max_element(labels.begin(), labels.end());
  if (static_cast<std::size_t>(largest) + 1 > kMaxLabelCells / n) {
    fail(path, "largest label " + std::to_string(largest) + " among " + std::to_string(n) +
                   " labels: the one-hot table would hold " + std::to_string(n) + " x " +
                   std::to_string(largest + 1) + " cells, more than " +
                   std::to_string(kMaxLabelCells) + "; expected labels 0..K-1 for K classes");
  }
  return labels;
}

void write_npy_raw(const std::string& path, const std::string& descr,
                   const std::vector<std::size_t>& shape, std::span<const std::byte> bytes,
                   bool fortran_order) {
  std::size_t count = 1;
  for (std::size_t s : shape) count *= s;
  INFOPLANE_ASSERT(descr.size() >= 3 && count * std::stoul(descr.substr(2)) == bytes.size());
  std::string header = "{'descr': '" + descr + "', 'fortran_order': " +
                       (fortran_order ? "True" : "False") + ", 'shape': " + format_shape(shape) + ", }";
  // Pad with spaces so that magic + version + length + header + '\n' is a multiple of 64.
  const bool v2 = header.size() + 11 > 65535;
  const std::size_t prefix = v2 ? 12 : 10;
  const std::size_t total = ((prefix + header.size() + 1 + 63) / 64) * 64;
  header.append(total - prefix - header.size() - 1, ' ');
  header.push_back('\n');
  std::ofstream out(path, std::ios::binary);
  if (!out) fail(path, "cannot open the file for writing");
  out.write(kMagic, kMagicLen);
  const char version[2] = {static_cast<char>(v2 ? 2 : 1), 0};
  out.write(version, 2);
  const std::size_t len = header.size();
  for (std::size_t b = 0; b < (v2 ? 4u : 2u); ++b) out.put(static_cast<char>((len >> (8 * b)) & 0xff));
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) fail(path, "write failed");
}

void write_npy(const std::string& path, const Matrix<float>& m) {
  write_typed(path, "<f4", {m.rows(), m.cols()}, m.data(), m.size());
}
void write_npy(const std::string& path, const Matrix<double>& m) {
  write_typed(path, "<f8", {m.rows(), m.cols()}, m.data(), m.size());
}
void write_npy(const std::string& path, std::span<const std::int64_t> values) {
  write_typed(path, "<i8", {values.size()}, values.data(), values.size());
}
void write_npy(const std::string& path, std::span<const std::int32_t> values) {
  write_typed(path, "<i4", {values.size()}, values.data(), values.size());
}

}  // namespace infoplane
