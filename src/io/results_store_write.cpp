// write_results: RunResults -> one HDF5 file, built in memory, written under a temporary name in
// the target's folder, fsynced and renamed over the real name, so a crash or a full disk at any
// point leaves either the old file or the complete new one, never a half-written file under
// the real name (and the temporary file is removed on every failure).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <new>
#include <set>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/io/atomic_file.hpp"
#include "infoplane/io/results_destination.hpp"
#include "infoplane/io/results_schema.hpp"
#include "infoplane/io/results_store.hpp"
#include "io/detail/results_probe.hpp"
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
  for (const auto& g : detail::curve_groups(r))
    if (*g.curve) sizes.*g.size = (*g.curve)->beta.size();
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
  for (const auto& g : detail::curve_groups(r)) {
    const auto& c = *g.curve;
    if (c && (c->i_xt.size() != c->beta.size() || c->i_ty.size() != c->beta.size() ||
              (!c->n_clusters.empty() && c->n_clusters.size() != c->beta.size())))
      throw Error(where + g.group + " arrays beta, i_xt, i_ty, n_clusters differ in length");
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
  for (const auto& g : curve_groups(r)) {
    if (*g.curve && !(*g.curve)->n_clusters.empty())
      write_int_dataset(ctx, file, g.group + "/n_clusters", (*g.curve)->n_clusters, "clusters",
                        "|T| of the IB solution at each beta of " + g.group + "/beta");
  }
  if (r.layer_beta) {
    write_int_dataset(ctx, file, "ib/layer_beta/epochs", r.layer_beta->epochs, "epochs",
                      "the recorded epochs at which beta* was computed");
  }
  for (const auto& f : double_fields(r, ib_sizes(r))) {
    if (f.values->empty() && !f.required) continue;
    write_double_dataset(ctx, file, f.path, f.dims, f.values->data(), f.units, f.description);
  }
}

// The whole HDF5 file built in memory (core driver, no backing store): libhdf5 never touches
// the disk, so a full disk cannot leave it with half-closed objects (which crashed it at exit,
// in H5_term_library). Closing the file with H5F_CLOSE_STRONG closes every object in it.
std::vector<unsigned char> build_image(const H5Context& ctx, const std::string& name,
                                       const RunResults& results, const ResultsSchema& schema) {
  constexpr std::size_t kCoreIncrement = std::size_t{1} << 20;  // memory grows by 1 MiB
  H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS));
  if (!fapl.valid() || H5Pset_fapl_core(fapl.get(), kCoreIncrement, /*backing_store=*/0) < 0 ||
      H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG) < 0) {
    detail::throw_h5(ctx, "file", "cannot set up writing");
  }
  H5Handle file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()));
  if (!file.valid()) detail::throw_h5(ctx, "file", "cannot create");
  write_contents(ctx, file.get(), results, schema);
  if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0) detail::throw_h5(ctx, "file", "cannot flush");
  const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
  if (size <= 0) detail::throw_h5(ctx, "file", "cannot build the file image");
  std::vector<unsigned char> image(static_cast<std::size_t>(size));
  if (H5Fget_file_image(file.get(), image.data(), image.size()) != size) {
    detail::throw_h5(ctx, "file", "cannot build the file image");
  }
  if (!file.close()) detail::throw_h5(ctx, "file", "cannot close");
  return image;
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
  const std::lock_guard lock(detail::hdf5_mutex());
  validate(path, results);
  check_results_destination(path, overwrite);
  // A name for the in-memory image (libhdf5 never writes it: no backing store).
  const std::string temp = temporary_path_for(path);
  const H5Context ctx{path};
  std::vector<unsigned char> image;
  {
    detail::H5ErrorSilencer silencer;
    try {
      image = build_image(ctx, temp, results, schema);
    } catch (const std::bad_alloc&) {
      throw Error(path + ": out of memory building the results file");
    }
  }
  write_file_atomically(path, std::string_view(reinterpret_cast<const char*>(image.data()), image.size()),
                        overwrite);
}

}  // namespace infoplane
