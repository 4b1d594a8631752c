// read_results: one HDF5 results file -> RunResults. The file is checked from the outside in
// (exists, is HDF5, opens, has our schema and a version we read, shapes agree with its sizes),
// and every problem becomes an infoplane::Error that names the file and says what is wrong.
#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <new>
#include <stdexcept>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_schema.hpp"
#include "infoplane/io/results_store.hpp"
#include "io/detail/results_probe.hpp"
#include "io/detail/results_store_check.hpp"
#include "io/detail/results_store_hdf5.hpp"
#include "io/detail/results_store_layout.hpp"

namespace infoplane {
namespace {

namespace fs = std::filesystem;
using detail::H5Context;
using detail::H5Handle;

constexpr std::array<unsigned char, 8> kHdf5Signature = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
constexpr const char* kNotResults =
    "expected an infoplane results file (written by 'infoplane train' or 'infoplane run')";

// HDF5's signature sits at byte 0, or at 512, 1024, 2048, ... after a user block.
bool has_hdf5_signature(const std::string& path, std::uintmax_t size) {
  std::ifstream in(path, std::ios::binary);
  for (std::uintmax_t offset = 0; offset + 8 <= size; offset = offset == 0 ? 512 : offset * 2) {
    std::array<unsigned char, 8> bytes{};
    in.seekg(static_cast<std::streamoff>(offset));
    if (!in.read(reinterpret_cast<char*>(bytes.data()), 8)) return false;
    if (bytes == kHdf5Signature) return true;
  }
  return false;
}

// The file's length in bytes.
std::uint64_t check_file(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) throw Error(path + ": no such file; " + kNotResults);
  if (fs::is_directory(status)) throw Error(path + ": is a folder; " + kNotResults);
  const auto size = fs::file_size(path, ec);
  if (ec) throw Error(path + ": cannot read: " + ec.message());
  if (size == 0) throw Error(path + ": the file is empty; " + kNotResults);
  if (!has_hdf5_signature(path, size)) {
    throw Error(path + ": not an HDF5 file; " + kNotResults);
  }
  return size;
}

void check_schema(const H5Context& ctx, hid_t root) {
  if (!detail::has_attribute(root, "schema")) {
    throw Error(ctx.file + ": an HDF5 file without the 'schema' attribute, so not an infoplane "
                "results file; " + kNotResults);
  }
  const std::string name = detail::read_string_attribute(ctx, root, "schema");
  if (name != kResultsSchemaName) {
    throw Error(ctx.file + ": schema '" + name + "' is not '" + kResultsSchemaName + "'; " +
                kNotResults);
  }
  const auto version = detail::read_int_attribute(ctx, root, "schema_version");
  if (version > kResultsSchemaVersion) {
    throw Error(ctx.file + ": schema_version " + std::to_string(version) +
                " is newer than this program reads (" + std::to_string(kResultsSchemaVersion) +
                "); read it with a newer infoplane");
  }
  if (version < kOldestResultsSchemaVersion) {
    throw Error(ctx.file + ": schema_version " + std::to_string(version) +
                " is older than this program reads (" +
                std::to_string(kOldestResultsSchemaVersion) + " to " +
                std::to_string(kResultsSchemaVersion) +
                "); read it with the infoplane version that wrote it, or rerun the experiment");
  }
}

int read_count(const H5Context& ctx, hid_t root, const std::string& name) {
  const auto value = detail::read_int_attribute(ctx, root, name);
  if (value < 0 || value > std::numeric_limits<int>::max()) {
    throw Error(ctx.file + ": attribute '" + name + "' = " + std::to_string(value) +
                " is not a valid count");
  }
  return static_cast<int>(value);
}

void read_contents(const H5Context& ctx, hid_t file, RunResults& r) {
  using namespace detail;
  H5Handle root(H5Gopen2(file, "/", H5P_DEFAULT));
  if (!root.valid()) throw_h5(ctx, "root group", "cannot open (file damaged?)");
  check_schema(ctx, root.get());

  auto& m = r.metadata;
  m.program_version = read_string_attribute(ctx, root.get(), "program_version");
  m.git_commit = read_string_attribute(ctx, root.get(), "git_commit");
  m.host = read_string_attribute(ctx, root.get(), "host");
  m.date_utc = read_string_attribute(ctx, root.get(), "date_utc");
  m.seed = read_u64_attribute(ctx, root.get(), "seed");
  m.config_toml = read_string_attribute(ctx, root.get(), "config_toml");
  r.n_networks = read_count(ctx, root.get(), "n_networks");
  r.n_epochs = read_count(ctx, root.get(), "n_epochs");
  r.layer_widths = read_int_dataset(ctx, file, "layers/widths");
  r.recorded_epochs = read_int_dataset(ctx, file, "epochs/recorded");

  if (has_link(file, "info")) {
    H5Handle info(H5Gopen2(file, "info", H5P_DEFAULT));
    if (!info.valid()) throw_h5(ctx, "group 'info'", "cannot open");
    for (const auto& name : group_members(ctx, info.get())) {
      r.info.push_back(InfoPlaneSeries{name, {}, {}});
    }
    if (r.info.empty()) {
      throw Error(ctx.file + ": group 'info' holds no estimator; expected info/<estimator>/i_xt "
                  "and i_ty for each estimator the run used");
    }
  }
  IBSizes sizes;
  for (const auto& g : curve_groups(r)) {
    if (!has_link(file, g.group)) continue;
    const auto dims = dataset_shape(ctx, file, g.group + "/beta");
    if (dims.size() != 1) {
      throw Error(ctx.file + ": dataset '" + g.group + "/beta' has shape " + shape_string(dims) +
                  ", expected one dimension");
    }
    sizes.*g.size = dims[0];
    auto& curve = g.curve->emplace();
    if (has_link(file, g.group + "/n_clusters")) {
      curve.n_clusters = read_int_dataset(ctx, file, g.group + "/n_clusters");
      if (curve.n_clusters.size() != dims[0])
        throw Error(ctx.file + ": dataset '" + g.group + "/n_clusters' has " +
                    std::to_string(curve.n_clusters.size()) + " values, expected one per beta (" +
                    std::to_string(dims[0]) + ")");
    }
  }
  if (has_link(file, "ib/layer_beta")) {
    r.layer_beta.emplace();
    r.layer_beta->epochs = read_int_dataset(ctx, file, "ib/layer_beta/epochs");
    sizes.n_beta_epochs = r.layer_beta->epochs.size();
  }
  for (auto& f : double_fields(r, sizes)) {
    if (!f.required && !has_link(file, f.path)) continue;  // optional and absent
    *f.values = read_double_dataset(ctx, file, f.path, f.dims);
  }
}

// The child-process probe's time limit: 3 s plus 1 s per 4 MiB (reading a results file
// takes well under a second; libhdf5 loops forever on some damaged files).
int probe_seconds(std::uint64_t file_bytes) {
  return 3 + static_cast<int>(std::min<std::uint64_t>(file_bytes >> 22, 3600));
}

}  // namespace

namespace detail {

RunResults read_results_in_process(const std::string& path) {
  const H5Context ctx{path, check_file(path)};
  H5ErrorSilencer silencer;
  // Closing the file closes every object still open in it: no identifier outlives a failure.
  H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  if (!fapl.valid() || H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG) < 0) {
    throw_h5(ctx, "HDF5 file", "cannot set up reading");
  }
  H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()));
  if (!file.valid()) throw_h5(ctx, "HDF5 file", "cannot be opened; it is truncated or damaged");
  RunResults results;
  try {
    read_contents(ctx, file.get(), results);
  } catch (const std::bad_alloc&) {
    throw Error(path + ": out of memory reading the results file (damaged sizes?)");
  } catch (const std::length_error&) {
    throw Error(path + ": impossible sizes in the results file (damaged?)");
  }
  check_results_contents(path, results);
  return results;
}

}  // namespace detail

RunResults read_results(const std::string& path) {
  const std::lock_guard lock(detail::hdf5_mutex());
  const std::uint64_t file_bytes = check_file(path);  // plain errors need no child process
  detail::probe_in_child(path, [&] { (void)detail::read_results_in_process(path); },
                         probe_seconds(file_bytes));
  return detail::read_results_in_process(path);
}

}  // namespace infoplane
