// write_results: RunResults -> one HDF5 file, written under a temporary name in the target's
// folder, flushed to disk and renamed over the real name, so a crash at any point leaves either
// the old file or the complete new one, never a half-written file under the real name.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_destination.hpp"
#include "infoplane/io/results_schema.hpp"
#include "infoplane/io/results_store.hpp"
#include "io/detail/results_store_hdf5.hpp"
#include "io/detail/results_store_layout.hpp"

namespace infoplane {
namespace {

namespace fs = std::filesystem;
using detail::H5Context;
using detail::H5Handle;

std::size_t product(const std::vector<hsize_t>& dims) {
  std::size_t n = 1;
  for (const hsize_t d : dims) n *= static_cast<std::size_t>(d);
  return n;
}

detail::IBSizes ib_sizes(const RunResults& r) {
  detail::IBSizes sizes;
  if (r.ib_curve) sizes.n_curve_points = r.ib_curve->beta.size();
  if (r.layer_beta) sizes.n_beta_epochs = r.layer_beta->epochs.size();
  return sizes;
}

// Every array must have its documented shape before any byte is written.
void validate(const std::string& path, const RunResults& r) {
  const std::string where = path + ": cannot write results: ";
  if (r.n_networks < 0 || r.n_epochs < 0) {
    throw Error(where + "n_networks and n_epochs must be >= 0");
  }
  std::set<std::string> names;
  for (const auto& s : r.info) {
    const auto& e = s.estimator;
    if (e.empty() || e == "." || e == ".." || e.find('/') != std::string::npos) {
      throw Error(where + "estimator name '" + e + "' is not a valid group name");
    }
    if (!names.insert(e).second) throw Error(where + "estimator '" + e + "' appears twice");
  }
  for (const auto& f : detail::double_fields(r, ib_sizes(r))) {
    const std::size_t expected = product(f.dims);
    if (f.values->empty() && !f.required) continue;  // optional and absent: omitted
    if (f.values->size() != expected) {
      throw Error(where + f.path + " holds " + std::to_string(f.values->size()) +
                  " values, expected shape " + detail::shape_string(f.dims) + " = " +
                  std::to_string(expected));
    }
  }
  if (r.ib_curve && (r.ib_curve->i_xt.size() != r.ib_curve->beta.size() ||
                     r.ib_curve->i_ty.size() != r.ib_curve->beta.size())) {
    throw Error(where + "ib curve arrays beta, i_xt, i_ty differ in length");
  }
}

void write_contents(const H5Context& ctx, hid_t file, const RunResults& r,
                    const ResultsSchema& schema) {
  using namespace detail;
  H5Handle root(H5Gopen2(file, "/", H5P_DEFAULT));
  const auto& m = r.metadata;
  write_string_attribute(ctx, root.get(), "schema", schema.name);
  write_int_attribute(ctx, root.get(), "schema_version", schema.version);
  write_string_attribute(ctx, root.get(), "program_version", m.program_version);
  write_string_attribute(ctx, root.get(), "git_commit", m.git_commit);
  write_string_attribute(ctx, root.get(), "host", m.host);
  write_string_attribute(ctx, root.get(), "date_utc", m.date_utc);
  write_u64_attribute(ctx, root.get(), "seed", m.seed);
  write_string_attribute(ctx, root.get(), "config_toml", m.config_toml);
  write_int_attribute(ctx, root.get(), "n_networks", r.n_networks);
  write_int_attribute(ctx, root.get(), "n_epochs", r.n_epochs);

  write_int_dataset(ctx, file, "layers/widths", r.layer_widths, "units",
                    "width of each observed layer: hidden layers in order, then the output");
  write_int_dataset(ctx, file, "epochs/recorded", r.recorded_epochs, "epochs",
                    "the epochs at which activations were recorded (0 = untrained)");
  // Estimators keep their order: /info tracks link creation order.
  if (!r.info.empty()) create_group(ctx, file, "info", /*track_order=*/true);
  for (const auto& s : r.info) create_group(ctx, file, "info/" + s.estimator, false);
  if (r.layer_beta) {
    write_int_dataset(ctx, file, "ib/layer_beta/epochs", r.layer_beta->epochs, "epochs",
                      "the recorded epochs at which beta* was computed");
  }
  for (const auto& f : double_fields(r, ib_sizes(r))) {
    if (f.values->empty() && !f.required) continue;
    write_double_dataset(ctx, file, f.path, f.dims, f.values->data(), f.units, f.description);
  }
}

// Removes the temporary file unless the rename succeeded.
class TempFileGuard {
 public:
  explicit TempFileGuard(std::string path) : path_(std::move(path)) {}
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;
  ~TempFileGuard() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  void release() { path_.clear(); }

 private:
  std::string path_;
};

void fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return;  // best effort: durability, not correctness
  ::fsync(fd);
  ::close(fd);
}

// rename(2) that refuses to replace an existing file unless `overwrite`.
void publish(const std::string& temp, const std::string& path, bool overwrite) {
  if (overwrite) {
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
      throw Error(path + ": cannot rename the temporary file into place: " +
                  std::strerror(errno));
    }
    return;
  }
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return;
  const int err = errno;
  if (err == EEXIST) {
    throw Error(path + ": the results file already exists; pass --force to overwrite it");
  }
  if (err != EINVAL && err != ENOSYS) {
    throw Error(path + ": cannot rename the temporary file into place: " + std::strerror(err));
  }
  // The filesystem lacks RENAME_NOREPLACE: check, then rename.
  check_results_destination(path, false);
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    throw Error(path + ": cannot rename the temporary file into place: " + std::strerror(errno));
  }
}

}  // namespace

void check_results_destination(const std::string& path, bool overwrite) {
  if (path.empty()) throw Error("results file: the path is empty");
  std::error_code ec;
  const fs::path target(path);
  if (fs::is_directory(target, ec)) {
    throw Error(path + ": is a folder; expected the path of a results file (e.g. run.h5)");
  }
  if (fs::exists(target, ec) && !overwrite) {
    throw Error(path + ": the results file already exists; pass --force to overwrite it");
  }
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec)) {
    throw Error(path + ": folder '" + folder.string() + "' does not exist");
  }
}

void write_results(const std::string& path, const RunResults& results, bool overwrite) {
  write_results(path, results, overwrite, ResultsSchema{});
}

void write_results(const std::string& path, const RunResults& results, bool overwrite,
                   const ResultsSchema& schema) {
  validate(path, results);
  check_results_destination(path, overwrite);
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");

  detail::H5ErrorSilencer silencer;
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  // A hidden name in the same folder (so rename(2) stays within one filesystem).
  std::string temp_name = ".";
  temp_name.append(target.filename().string());
  temp_name.append(".tmp-").append(std::to_string(::getpid()));
  temp_name.append("-").append(std::to_string(stamp));
  const std::string temp = (folder / temp_name).string();
  const H5Context ctx{path};
  {
    H5Handle file(H5Fcreate(temp.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT));
    if (!file.valid()) detail::throw_h5(ctx, "temporary file '" + temp + "'", "cannot create");
    TempFileGuard guard(temp);
    write_contents(ctx, file.get(), results, schema);
    if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0) detail::throw_h5(ctx, "file", "cannot flush");
    if (!file.close()) detail::throw_h5(ctx, "file", "cannot close");
    fsync_path(temp, O_RDONLY);
    publish(temp, path, overwrite);
    guard.release();
  }
  fsync_path(folder.string(), O_RDONLY | O_DIRECTORY);
}

}  // namespace infoplane
