#include "infoplane/observe/activation_saver.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "infoplane/core/error.hpp"
#include "infoplane/io/npy.hpp"

namespace infoplane {

ActivationSaver::ActivationSaver(std::string directory, std::vector<int> networks, bool overwrite)
    : directory_(std::move(directory)), networks_(std::move(networks)) {
  std::error_code ec;
  if (!overwrite && std::filesystem::is_directory(directory_, ec) &&
      !std::filesystem::is_empty(directory_, ec))
    throw Error("--save-activations " + directory_ +
                ": the folder is not empty; pass --force to write over its files, or choose another");
  std::filesystem::create_directories(directory_, ec);
  if (ec || !std::filesystem::is_directory(directory_)) {
    throw Error("--save-activations " + directory_ + ": cannot create the directory");
  }
  for (int n : networks_) {
    char name[32];
    std::snprintf(name, sizeof name, "network_%03d", n);
    std::filesystem::create_directories(std::filesystem::path(directory_) / name, ec);
    if (ec) throw Error("--save-activations " + directory_ + ": cannot create " + name);
  }
}

void ActivationSaver::on_recorded_epoch(int network, int epoch, const std::vector<Matrix<float>>& activations,
                                        const EpochMetrics&) {
  if (std::find(networks_.begin(), networks_.end(), network) == networks_.end()) return;
  for (std::size_t l = 0; l < activations.size(); ++l) {
    char name[64];
    std::snprintf(name, sizeof name, "network_%03d/epoch_%06d_layer_%zu.npy", network, epoch, l);
    write_npy((std::filesystem::path(directory_) / name).string(), activations[l]);
  }
}

}  // namespace infoplane
