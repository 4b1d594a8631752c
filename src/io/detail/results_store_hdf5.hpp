#pragma once
// Private helpers over the HDF5 C API for the results store: owning handles, a scoped silencer
// for HDF5's own error printing, and typed attribute/dataset access that turns every failure
// into infoplane::Error naming the file and the object.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace infoplane::detail {

// Owns one HDF5 identifier (file, group, dataset, dataspace, datatype, attribute, property list)
// and closes it with H5Idec_ref, which works for every kind of identifier.
class H5Handle {
 public:
  H5Handle() = default;
  explicit H5Handle(hid_t id) : id_(id) {}
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  H5Handle(H5Handle&& other) noexcept : id_(other.id_) { other.id_ = H5I_INVALID_HID; }
  H5Handle& operator=(H5Handle&& other) noexcept;
  ~H5Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset();
  // Closes now and reports failure (a file's close flushes it): false if HDF5 failed.
  bool close();

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// While alive, HDF5 prints nothing on its own; the previous setting is restored afterwards, so
// the library leaves no global change behind. The messages HDF5 would have printed are
// summarised by last_hdf5_message().
class H5ErrorSilencer {
 public:
  H5ErrorSilencer();
  H5ErrorSilencer(const H5ErrorSilencer&) = delete;
  H5ErrorSilencer& operator=(const H5ErrorSilencer&) = delete;
  ~H5ErrorSilencer();

 private:
  H5E_auto2_t old_func_ = nullptr;
  void* old_data_ = nullptr;
};

// The innermost description on HDF5's current error stack ("" if none), for error messages.
std::string last_hdf5_message();

// Context for messages: every error reads "<file>: <object>: <what>".
struct H5Context {
  std::string file;             // the path the user named
  std::uint64_t file_bytes = 0;  // its length when reading: bounds what a dataset can hold
};

// Reading limits. No results file comes near them (50 networks x 10^4 epochs x 7 layers is
// 3.5 M values); they stop a damaged header from turning into a huge allocation.
inline constexpr std::uint64_t kMaxDatasetValues = std::uint64_t{1} << 28;  // 2 GiB of doubles
inline constexpr std::uint64_t kMaxGroupMembers = 1024;
// deflate cannot shrink data by more than 1032:1: a filtered dataset of s stored bytes holds
// at most 1032 s bytes of values.
inline constexpr std::uint64_t kMaxDeflateRatio = 1032;

[[noreturn]] void throw_h5(const H5Context& ctx, const std::string& object, const std::string& what);

// --- writing -------------------------------------------------------------------------------
H5Handle create_group(const H5Context& ctx, hid_t parent, const std::string& name,
                      bool track_order);
void write_string_attribute(const H5Context& ctx, hid_t object, const std::string& name,
                            const std::string& value);
void write_int_attribute(const H5Context& ctx, hid_t object, const std::string& name,
                         std::int64_t value);
void write_u64_attribute(const H5Context& ctx, hid_t object, const std::string& name,
                         std::uint64_t value);
// Writes a float64 dataset of shape `dims` (row-major `values`, values.size() == product) with
// `units` and `description` attributes. Large datasets are chunked and deflate-compressed.
void write_double_dataset(const H5Context& ctx, hid_t parent, const std::string& path,
                          const std::vector<hsize_t>& dims, const double* values,
                          const std::string& units, const std::string& description);
void write_int_dataset(const H5Context& ctx, hid_t parent, const std::string& path,
                       const std::vector<int>& values, const std::string& units,
                       const std::string& description);

// --- reading -------------------------------------------------------------------------------
bool has_link(hid_t parent, const std::string& path);
bool has_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(const H5Context& ctx, hid_t object, const std::string& name);
std::int64_t read_int_attribute(const H5Context& ctx, hid_t object, const std::string& name);
std::uint64_t read_u64_attribute(const H5Context& ctx, hid_t object, const std::string& name);
// The dataset's shape; throws if it is not a simple dataspace.
std::vector<hsize_t> dataset_shape(const H5Context& ctx, hid_t parent, const std::string& path);
// Reads a dataset whose shape must equal `expected` (a mismatch names both shapes). Before
// allocating, its value count must be within kMaxDatasetValues and its bytes must fit the
// storage the file gives it (contiguous or chunked layout only).
std::vector<double> read_double_dataset(const H5Context& ctx, hid_t parent,
                                        const std::string& path,
                                        const std::vector<hsize_t>& expected);
// Reads a one-dimensional integer dataset of any length.
std::vector<int> read_int_dataset(const H5Context& ctx, hid_t parent, const std::string& path);
// Names of a group's members in creation order when tracked, otherwise by name (at most
// kMaxGroupMembers).
std::vector<std::string> group_members(const H5Context& ctx, hid_t group);

std::string shape_string(const std::vector<hsize_t>& dims);

}  // namespace infoplane::detail
