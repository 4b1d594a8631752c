#include "infoplane/run/checkpoint_parts.hpp"

#include <algorithm>
#include <filesystem>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/results/network_slices.hpp"
#include "infoplane/run/checkpoint.hpp"

namespace fs = std::filesystem;

namespace infoplane {
namespace {

constexpr const char* kStatesStem = "checkpoint";
constexpr const char* kRecordedStem = "checkpoint-results";

// The sizes of every per-network array: two results of the same setting have equal ones.
std::vector<std::size_t> array_sizes(const RunResults& r) {
  std::vector<std::size_t> sizes{static_cast<std::size_t>(r.n_networks), r.recorded_epochs.size()};
  for_each_network_array(r, [&](const std::vector<double>& a) { sizes.push_back(a.size()); });
  return sizes;
}

}  // namespace

CheckpointPart checkpoint_part(const std::string& dir, int rank, int ranks) {
  const std::string suffix =
      ranks == 1 ? "" : ".rank" + std::to_string(rank) + "-of-" + std::to_string(ranks);
  return {(fs::path(dir) / (kStatesStem + suffix + ".bin")).string(),
          (fs::path(dir) / (kRecordedStem + suffix + ".h5")).string()};
}

std::vector<CheckpointPart> find_checkpoint_parts(const std::string& dir) {
  std::vector<CheckpointPart> parts;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".bin" || name.rfind(kStatesStem, 0) != 0) continue;
    if (name.find(".tmp-") != std::string::npos) continue;
    const std::string suffix = name.substr(std::string(kStatesStem).size(),
                                           name.size() - std::string(kStatesStem).size() - 4);
    if (!suffix.empty() && suffix.rfind(".rank", 0) != 0) continue;
    parts.push_back({entry.path().string(), (fs::path(dir) / (kRecordedStem + suffix + ".h5")).string()});
  }
  std::sort(parts.begin(), parts.end(),
            [](const CheckpointPart& a, const CheckpointPart& b) { return a.states < b.states; });
  return parts;
}

void remove_checkpoint_parts(const std::string& dir) {
  for (const auto& part : find_checkpoint_parts(dir)) {
    fs::remove(part.states);
    fs::remove(part.recorded);
  }
}

void write_checkpoint_part(const CheckpointPart& part, std::uint64_t fingerprint,
                           const std::vector<NetworkState>& states, const RunResults& recorded) {
  std::vector<NetworkState> started;
  for (const auto& s : states)
    if (!s.params.empty()) started.push_back(s);
  write_results(part.recorded, recorded, true);
  write_checkpoint(part.states, fingerprint, started);
}

SavedTraining read_checkpoint_parts(const std::string& dir, std::uint64_t fingerprint,
                                    RunResults blank) {
  SavedTraining saved{std::vector<NetworkState>(static_cast<std::size_t>(blank.n_networks)),
                      std::move(blank)};
  const std::vector<std::size_t> shapes = array_sizes(saved.recorded);
  for (const auto& part : find_checkpoint_parts(dir)) {
    std::vector<NetworkState> states = read_checkpoint(part.states, fingerprint);
    const RunResults recorded = read_results(part.recorded);
    if (array_sizes(recorded) != shapes || recorded.recorded_epochs != saved.recorded.recorded_epochs)
      throw Error(part.recorded + ": the checkpoint's recorded epochs or shapes differ from the setting's");
    for (auto& s : states) {
      if (s.params.empty()) continue;  // a network not started (files of earlier versions)
      if (s.network < 0 || s.network >= saved.recorded.n_networks)
        throw Error(part.states + ": network " + std::to_string(s.network) + " is not one of the setting's " +
                    std::to_string(saved.recorded.n_networks));
      NetworkState& best = saved.states[static_cast<std::size_t>(s.network)];
      if (!best.params.empty() && best.epoch >= s.epoch) continue;
      copy_network_slices(recorded, saved.recorded, s.network);
      best = std::move(s);
    }
  }
  return saved;
}

}  // namespace infoplane
