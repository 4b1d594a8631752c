#include "infoplane/train/activation_saver.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "infoplane/core/error.hpp"

namespace infoplane {

void write_npy(const std::string& path, const Matrix<float>& matrix) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                       std::to_string(matrix.rows()) + ", " + std::to_string(matrix.cols()) + "), }";
  // Magic (6) + version (2) + header length (2) + header + '\n' is a multiple of 64 bytes.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(path + ": cannot create the .npy file");
  const unsigned char preamble[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.write(reinterpret_cast<const char*>(preamble), 8);
  const std::uint16_t len = static_cast<std::uint16_t>(header.size());
  const unsigned char len_le[2] = {static_cast<unsigned char>(len & 0xFF), static_cast<unsigned char>(len >> 8)};
  out.write(reinterpret_cast<const char*>(len_le), 2);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  // Little-endian float32 (the host order on x86-64).
  out.write(reinterpret_cast<const char*>(matrix.data()), static_cast<std::streamsize>(matrix.size() * sizeof(float)));
  if (!out) throw Error(path + ": write failed");
}

ActivationSaver::ActivationSaver(std::string directory, std::vector<int> networks)
    : directory_(std::move(directory)), networks_(std::move(networks)) {
  std::error_code ec;
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
