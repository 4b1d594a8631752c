#pragma once
// Checks of a .mat file made before libmatio reads any data, so that a damaged or hostile file
// gives an infoplane::Error naming the file (and key) instead of a crash or a huge allocation.
#include <matio.h>

#include <cstdint>
#include <string>
#include <vector>

namespace infoplane::detail {

// Largest .mat file read (bytes). The reference data files are 4096 x 12 patterns: < 100 KiB.
inline constexpr std::uint64_t kMaxMatFileBytes = std::uint64_t{1} << 26;  // 64 MiB
// Largest array read (entries): 2^20 patterns of 16 bits, far above 4096 x 12.
inline constexpr std::uint64_t kMaxMatEntries = std::uint64_t{1} << 24;
// zlib's deflate cannot shrink data by more than 1032:1, so a compressed variable of c bytes
// holds at most 1032 c bytes of data.
inline constexpr std::uint64_t kMaxDeflateRatio = 1032;

// The file's size in bytes; throws if it is not a regular file or exceeds kMaxMatFileBytes.
std::uint64_t check_mat_file_size(const std::string& path);

// What check_level5_layout found: level5 false for other versions (7.3 is HDF5).
struct Level5Scan {
  bool level5 = false;
  std::vector<std::string> names;  // every variable's name, in file order
};

// Level 5: after the 128-byte header, the top-level data elements (8-byte tag: type, byte
// count; then the data, padded to 8 bytes unless compressed) must fill the file exactly
// (libmatio reads a file whose last element is cut short without complaint). Each variable's
// header (inflated, for compressed ones: at most 1 KiB) is checked before libmatio sees it,
// since libmatio trusts it: numeric or char class, 2 to 32 dims, at most kMaxMatEntries
// entries that fit its element (within deflate's ratio when compressed), a name <= 63 bytes.
Level5Scan check_level5_layout(const std::string& path);

// `key` must not appear more than once among the scanned names (a repeat is refused, naming
// the key).
void check_unique_key(const Level5Scan& scan, const std::string& path, const char* key);

// The variable `key`'s claimed shape and class, before its data are read: a real 2-D uint8 or
// double array of at most kMaxMatEntries entries whose bytes fit the file (uncompressed) or
// kMaxDeflateRatio times the file (compressed).
void check_claimed_size(mat_t* mat, const std::string& path, const char* key,
                        std::uint64_t file_bytes);

}  // namespace infoplane::detail
