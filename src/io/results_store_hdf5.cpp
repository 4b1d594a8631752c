// HDF5 C API helpers for the results store (see detail/results_store_hdf5.hpp). Every failing
// call becomes infoplane::Error "<file>: <object>: <what> (<HDF5's innermost message>)".
#include "io/detail/results_store_hdf5.hpp"

#include <algorithm>
#include <sstream>

#include "infoplane/core/error.hpp"

namespace infoplane::detail {
namespace {

// Datasets with at least this many values are chunked and compressed; chunks stay <= 1 MiB.
constexpr std::size_t kCompressThreshold = 4096;
constexpr std::size_t kMaxChunkBytes = std::size_t{1} << 20;
constexpr unsigned kDeflateLevel = 1;  // level 4 gave 2% smaller files at 1.4x the time
// Fixed-length string attributes longer than this are damage (the writer uses variable-length).
constexpr std::size_t kMaxStringBytes = std::size_t{1} << 24;

herr_t first_message(unsigned n, const H5E_error2_t* err, void* client) {
  auto* out = static_cast<std::string*>(client);
  if (n == 0 && err != nullptr && err->desc != nullptr) *out = err->desc;
  return 0;
}

std::size_t product(const std::vector<hsize_t>& dims) {
  std::size_t n = 1;
  for (const hsize_t d : dims) n *= static_cast<std::size_t>(d);
  return n;
}

// Halves the leading dimensions first until one chunk fits kMaxChunkBytes: a chunk then holds
// whole rows of the trailing (epoch x layer) axes, which is how the arrays are read.
std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims) {
  std::vector<hsize_t> chunk = dims;
  for (auto& c : chunk) c = std::max<hsize_t>(c, 1);
  for (std::size_t i = 0; i < chunk.size(); ++i) {
    while (product(chunk) * sizeof(double) > kMaxChunkBytes && chunk[i] > 1) {
      chunk[i] = (chunk[i] + 1) / 2;
    }
  }
  return chunk;
}

void write_scalar_attribute(const H5Context& ctx, hid_t object, const std::string& name,
                            hid_t file_type, hid_t mem_type, const void* value) {
  H5Handle space(H5Screate(H5S_SCALAR));
  H5Handle attr(H5Acreate2(object, name.c_str(), file_type, space.get(), H5P_DEFAULT,
                           H5P_DEFAULT));
  if (!attr.valid() || H5Awrite(attr.get(), mem_type, value) < 0) {
    throw_h5(ctx, "attribute '" + name + "'", "cannot write");
  }
}

H5Handle open_attribute(const H5Context& ctx, hid_t object, const std::string& name,
                        H5T_class_t expected_class, const char* expected_kind) {
  if (!has_attribute(object, name)) {
    throw Error(ctx.file + ": attribute '" + name + "' is missing");
  }
  H5Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT));
  if (!attr.valid()) throw_h5(ctx, "attribute '" + name + "'", "cannot open");
  H5Handle type(H5Aget_type(attr.get()));
  H5Handle space(H5Aget_space(attr.get()));
  if (!type.valid() || !space.valid() || H5Tget_class(type.get()) != expected_class ||
      H5Sget_simple_extent_npoints(space.get()) != 1) {
    throw Error(ctx.file + ": attribute '" + name + "' is not a single " + expected_kind);
  }
  return attr;
}

H5Handle open_dataset(const H5Context& ctx, hid_t parent, const std::string& path) {
  if (!has_link(parent, path)) throw Error(ctx.file + ": dataset '" + path + "' is missing");
  H5Handle dset(H5Dopen2(parent, path.c_str(), H5P_DEFAULT));
  if (!dset.valid()) throw_h5(ctx, "dataset '" + path + "'", "cannot open");
  return dset;
}

// The element size in the file (bytes) of a dataset of the expected class.
std::size_t require_class(const H5Context& ctx, hid_t dset, const std::string& path,
                          H5T_class_t expected, const char* kind) {
  H5Handle type(H5Dget_type(dset));
  const std::size_t size = type.valid() ? H5Tget_size(type.get()) : 0;
  if (!type.valid() || H5Tget_class(type.get()) != expected || size == 0 || size > 16) {
    throw Error(ctx.file + ": dataset '" + path + "' does not hold " + kind + " numbers");
  }
  return size;
}

// The value count of `dims`, refusing more than kMaxDatasetValues (no overflow on the way).
std::uint64_t bounded_count(const H5Context& ctx, const std::string& path,
                            const std::vector<hsize_t>& dims) {
  std::uint64_t n = 1;
  for (const hsize_t d : dims) {
    if (d != 0 && n > kMaxDatasetValues / d) {
      throw Error(ctx.file + ": dataset '" + path + "' has shape " + shape_string(dims) +
                  ", more than " + std::to_string(kMaxDatasetValues) +
                  " values; expected a results file's sizes (file damaged?)");
    }
    n *= d;
  }
  return n;
}

// The bytes `count` values of `element_bytes` need must fit what the file stores for the
// dataset: exactly (unfiltered) or within the deflate ratio (filtered), and the storage must
// fit the file. Compact and virtual layouts are refused: the writer never makes them.
void check_storage(const H5Context& ctx, hid_t dset, const std::string& path,
                   std::uint64_t count, std::size_t element_bytes) {
  const std::string where = ctx.file + ": dataset '" + path + "'";
  H5Handle dcpl(H5Dget_create_plist(dset));
  if (!dcpl.valid()) throw_h5(ctx, "dataset '" + path + "'", "cannot read its layout");
  const H5D_layout_t layout = H5Pget_layout(dcpl.get());
  if (layout != H5D_CONTIGUOUS && layout != H5D_CHUNKED) {
    throw Error(where + ": unexpected storage layout; expected contiguous or chunked (file damaged?)");
  }
  const bool filtered = layout == H5D_CHUNKED && H5Pget_nfilters(dcpl.get()) > 0;
  const std::uint64_t stored = H5Dget_storage_size(dset);
  const std::uint64_t needed = count * element_bytes;  // <= 2^28 * 16: no overflow
  const std::uint64_t room = filtered ? stored * kMaxDeflateRatio : stored;
  if (ctx.file_bytes > 0 && stored > ctx.file_bytes) {
    throw Error(where + ": claims " + std::to_string(stored) + " stored bytes in a " +
                std::to_string(ctx.file_bytes) + "-byte file (truncated or damaged?)");
  }
  if (needed > room) {
    throw Error(where + ": " + std::to_string(count) + " values need " + std::to_string(needed) +
                " bytes but the file stores " + std::to_string(stored) +
                (filtered ? " compressed" : "") + " (truncated or damaged?)");
  }
}

}  // namespace

H5Handle& H5Handle::operator=(H5Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    other.id_ = H5I_INVALID_HID;
  }
  return *this;
}

bool H5Handle::close() {
  const int refs = id_ >= 0 ? H5Idec_ref(id_) : 0;
  id_ = H5I_INVALID_HID;
  return refs >= 0;
}

void H5Handle::reset() {
  if (id_ >= 0) H5Idec_ref(id_);
  id_ = H5I_INVALID_HID;
}

H5ErrorSilencer::H5ErrorSilencer() {
  H5Eget_auto2(H5E_DEFAULT, &old_func_, &old_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

H5ErrorSilencer::~H5ErrorSilencer() { H5Eset_auto2(H5E_DEFAULT, old_func_, old_data_); }

std::string last_hdf5_message() {
  std::string message;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_message, &message);
  return message;
}

void throw_h5(const H5Context& ctx, const std::string& object, const std::string& what) {
  const std::string detail = last_hdf5_message();  // before any other HDF5 call clears it
  std::string message = ctx.file + ": " + object + ": " + what;
  if (!detail.empty()) message += " (HDF5: " + detail + ")";
  throw Error(message);
}

H5Handle create_group(const H5Context& ctx, hid_t parent, const std::string& name,
                      bool track_order) {
  H5Handle gcpl(H5Pcreate(H5P_GROUP_CREATE));
  if (track_order) {
    H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  }
  H5Handle lcpl(H5Pcreate(H5P_LINK_CREATE));
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  H5Handle group(H5Gcreate2(parent, name.c_str(), lcpl.get(), gcpl.get(), H5P_DEFAULT));
  if (!group.valid()) throw_h5(ctx, "group '" + name + "'", "cannot create");
  return group;
}

void write_string_attribute(const H5Context& ctx, hid_t object, const std::string& name,
                            const std::string& value) {
  // Variable-length UTF-8: h5py reads it as str, and long texts (the configuration) live in
  // the global heap rather than in the 64 KiB attribute message.
  H5Handle type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  const char* text = value.c_str();
  write_scalar_attribute(ctx, object, name, type.get(), type.get(), &text);
}

void write_int_attribute(const H5Context& ctx, hid_t object, const std::string& name,
                         std::int64_t value) {
  write_scalar_attribute(ctx, object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

void write_u64_attribute(const H5Context& ctx, hid_t object, const std::string& name,
                         std::uint64_t value) {
  write_scalar_attribute(ctx, object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

void write_double_dataset(const H5Context& ctx, hid_t parent, const std::string& path,
                          const std::vector<hsize_t>& dims, const double* values,
                          const std::string& units, const std::string& description) {
  const std::size_t n = product(dims);
  H5Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
  H5Handle dcpl(H5Pcreate(H5P_DATASET_CREATE));
  if (n >= kCompressThreshold) {
    const auto chunk = chunk_shape(dims);
    H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data());
    if (H5Zfilter_avail(H5Z_FILTER_SHUFFLE) > 0) H5Pset_shuffle(dcpl.get());
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) H5Pset_deflate(dcpl.get(), kDeflateLevel);
  }
  H5Handle lcpl(H5Pcreate(H5P_LINK_CREATE));
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  H5Handle dset(H5Dcreate2(parent, path.c_str(), H5T_IEEE_F64LE, space.get(), lcpl.get(),
                           dcpl.get(), H5P_DEFAULT));
  if (!dset.valid()) throw_h5(ctx, "dataset '" + path + "'", "cannot create");
  if (n > 0 && H5Dwrite(dset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0) {
    throw_h5(ctx, "dataset '" + path + "'", "cannot write");
  }
  write_string_attribute(ctx, dset.get(), "units", units);
  write_string_attribute(ctx, dset.get(), "description", description);
}

void write_int_dataset(const H5Context& ctx, hid_t parent, const std::string& path,
                       const std::vector<int>& values, const std::string& units,
                       const std::string& description) {
  const hsize_t dims[1] = {values.size()};
  H5Handle space(H5Screate_simple(1, dims, nullptr));
  H5Handle lcpl(H5Pcreate(H5P_LINK_CREATE));
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  H5Handle dset(H5Dcreate2(parent, path.c_str(), H5T_STD_I32LE, space.get(), lcpl.get(),
                           H5P_DEFAULT, H5P_DEFAULT));
  if (!dset.valid()) throw_h5(ctx, "dataset '" + path + "'", "cannot create");
  if (!values.empty() &&
      H5Dwrite(dset.get(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw_h5(ctx, "dataset '" + path + "'", "cannot write");
  }
  write_string_attribute(ctx, dset.get(), "units", units);
  write_string_attribute(ctx, dset.get(), "description", description);
}

bool has_link(hid_t parent, const std::string& path) {
  // H5Lexists fails rather than answering "no" when an intermediate group is missing, so walk
  // the path one component at a time.
  std::string prefix;
  std::stringstream parts(path);
  std::string part;
  while (std::getline(parts, part, '/')) {
    if (part.empty()) continue;
    prefix += (prefix.empty() ? "" : "/") + part;
    if (H5Lexists(parent, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return !prefix.empty();
}

bool has_attribute(hid_t object, const std::string& name) {
  return H5Aexists(object, name.c_str()) > 0;
}

std::string read_string_attribute(const H5Context& ctx, hid_t object, const std::string& name) {
  H5Handle attr = open_attribute(ctx, object, name, H5T_STRING, "string");
  H5Handle file_type(H5Aget_type(attr.get()));
  H5Handle mem_type(H5Tcopy(H5T_C_S1));
  H5Tset_cset(mem_type.get(), H5Tget_cset(file_type.get()));
  if (H5Tis_variable_str(file_type.get()) > 0) {
    H5Tset_size(mem_type.get(), H5T_VARIABLE);
    char* text = nullptr;
    if (H5Aread(attr.get(), mem_type.get(), &text) < 0) {
      throw_h5(ctx, "attribute '" + name + "'", "cannot read");
    }
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
  }
  const std::size_t size = H5Tget_size(file_type.get());
  if (size == 0 || size > kMaxStringBytes) {
    throw Error(ctx.file + ": attribute '" + name + "' claims a " + std::to_string(size) +
                "-byte string (file damaged?)");
  }
  H5Tset_size(mem_type.get(), size);
  std::string buffer(size, '\0');
  if (H5Aread(attr.get(), mem_type.get(), buffer.data()) < 0) {
    throw_h5(ctx, "attribute '" + name + "'", "cannot read");
  }
  buffer.resize(buffer.find('\0') == std::string::npos ? size : buffer.find('\0'));
  return buffer;
}

namespace {

// One integer attribute, read as `mem_type` (H5T_NATIVE_INT64 or H5T_NATIVE_UINT64).
template <class Int>
Int read_integer_attribute(const H5Context& ctx, hid_t object, const std::string& name,
                           hid_t mem_type) {
  H5Handle attr = open_attribute(ctx, object, name, H5T_INTEGER, "integer");
  Int value = 0;
  if (H5Aread(attr.get(), mem_type, &value) < 0) {
    throw_h5(ctx, "attribute '" + name + "'", "cannot read");
  }
  return value;
}

}  // namespace

std::int64_t read_int_attribute(const H5Context& ctx, hid_t object, const std::string& name) {
  return read_integer_attribute<std::int64_t>(ctx, object, name, H5T_NATIVE_INT64);
}

std::uint64_t read_u64_attribute(const H5Context& ctx, hid_t object, const std::string& name) {
  return read_integer_attribute<std::uint64_t>(ctx, object, name, H5T_NATIVE_UINT64);
}

std::vector<hsize_t> dataset_shape(const H5Context& ctx, hid_t parent, const std::string& path) {
  H5Handle dset = open_dataset(ctx, parent, path);
  H5Handle space(H5Dget_space(dset.get()));
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank < 0) throw_h5(ctx, "dataset '" + path + "'", "cannot read its shape");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

std::vector<double> read_double_dataset(const H5Context& ctx, hid_t parent,
                                        const std::string& path,
                                        const std::vector<hsize_t>& expected) {
  const auto dims = dataset_shape(ctx, parent, path);
  if (dims != expected) {
    throw Error(ctx.file + ": dataset '" + path + "' has shape " + shape_string(dims) +
                ", expected " + shape_string(expected) + " from the file's sizes");
  }
  H5Handle dset = open_dataset(ctx, parent, path);
  const std::size_t element_bytes = require_class(ctx, dset.get(), path, H5T_FLOAT, "floating-point");
  const std::uint64_t count = bounded_count(ctx, path, dims);
  check_storage(ctx, dset.get(), path, count, element_bytes);
  std::vector<double> values(count);
  if (!values.empty() && H5Dread(dset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                 values.data()) < 0) {
    throw_h5(ctx, "dataset '" + path + "'", "cannot read (file damaged?)");
  }
  return values;
}

std::vector<int> read_int_dataset(const H5Context& ctx, hid_t parent, const std::string& path) {
  const auto dims = dataset_shape(ctx, parent, path);
  if (dims.size() != 1) {
    throw Error(ctx.file + ": dataset '" + path + "' has shape " + shape_string(dims) +
                ", expected one dimension");
  }
  H5Handle dset = open_dataset(ctx, parent, path);
  const std::size_t element_bytes = require_class(ctx, dset.get(), path, H5T_INTEGER, "integer");
  const std::uint64_t count = bounded_count(ctx, path, dims);
  check_storage(ctx, dset.get(), path, count, element_bytes);
  std::vector<int> values(count);
  if (!values.empty() &&
      H5Dread(dset.get(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw_h5(ctx, "dataset '" + path + "'", "cannot read (file damaged?)");
  }
  return values;
}

std::vector<std::string> group_members(const H5Context& ctx, hid_t group) {
  H5G_info_t info{};
  if (H5Gget_info(group, &info) < 0) throw_h5(ctx, "group", "cannot list");
  H5Handle gcpl(H5Gget_create_plist(group));
  unsigned flags = 0;
  if (gcpl.valid()) H5Pget_link_creation_order(gcpl.get(), &flags);
  const H5_index_t index = (flags & H5P_CRT_ORDER_TRACKED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  if (info.nlinks > kMaxGroupMembers) {
    throw Error(ctx.file + ": a group claims " + std::to_string(info.nlinks) +
                " members; expected at most " + std::to_string(kMaxGroupMembers) +
                " (file damaged?)");
  }
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t size =
        H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (size < 0 || size > 4096) throw_h5(ctx, "group", "cannot list (file damaged?)");
    std::string name(static_cast<std::size_t>(size) + 1, '\0');
    H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
    name.resize(static_cast<std::size_t>(size));
    names.push_back(name);
  }
  return names;
}

std::string shape_string(const std::vector<hsize_t>& dims) {
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

}  // namespace infoplane::detail
