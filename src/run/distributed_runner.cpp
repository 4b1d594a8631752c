// run_experiment over several ranks. Every rank checks every setting and builds its pipeline;
// the (setting, network) units are divided by run/unit_assignment; each rank trains its share,
// setting by setting, and saves its checkpoint part after each setting (so a rank that dies
// later, or a failed final write, loses no finished training); then every rank sends its
// networks' recorded values to rank 0, which merges them, solves the IB curves and writes the
// results files, summaries and figures exactly as one process would.
#include <chrono>
#include <functional>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "detail/setting_run.hpp"
#include "infoplane/io/atomic_file.hpp"
#include "infoplane/io/folder_lock.hpp"
#include "infoplane/results/network_slices.hpp"
#include "infoplane/run/unit_assignment.hpp"

namespace fs = std::filesystem;

namespace infoplane::detail {
namespace {

std::string list_networks(const std::vector<int>& networks) {
  std::ostringstream out;
  for (std::size_t i = 0; i < networks.size(); ++i) out << (i ? "," : "") << networks[i];
  return out.str();
}

// One rank's training: per setting it trained networks of, their count and the seconds.
struct RankTiming {
  std::vector<double> settings, networks, seconds;
  double total() const {
    double t = 0;
    for (double x : seconds) t += x;
    return t;
  }
  std::vector<double> message() const {
    std::vector<double> m = settings;
    m.insert(m.end(), networks.begin(), networks.end());
    m.insert(m.end(), seconds.begin(), seconds.end());
    return m;
  }
  static RankTiming from_message(const std::vector<double>& m, int from) {
    if (m.size() % 3 != 0) throw Error("rank " + std::to_string(from) + " sent a malformed timing message");
    const auto n = static_cast<std::ptrdiff_t>(m.size() / 3);
    RankTiming t;
    t.settings.assign(m.begin(), m.begin() + n);
    t.networks.assign(m.begin() + n, m.begin() + 2 * n);
    t.seconds.assign(m.begin() + 2 * n, m.end());
    return t;
  }
};

// ranks.json: what each rank trained and for how long, and rank 0's time for the results files,
// summaries and figures afterwards (bench/distributed_model.py models larger rank counts from
// it). The idle share is the time ranks waited for the slowest: 1 - sum_r t_r / (K max_r t_r).
void write_rank_report(const fs::path& root, const ExperimentConfig& config,
                       const std::vector<RankTiming>& timing, double finish_seconds,
                       const std::function<void(const std::string&)>& log) {
  double slowest = 0, total = 0;
  for (const auto& t : timing) {
    slowest = std::max(slowest, t.total());
    total += t.total();
  }
  const double idle = slowest > 0 ? 1 - total / (slowest * static_cast<double>(timing.size())) : 0;
  nlohmann::json ranks = nlohmann::json::array();
  for (std::size_t r = 0; r < timing.size(); ++r) {
    nlohmann::json trained = nlohmann::json::array();
    for (std::size_t k = 0; k < timing[r].settings.size(); ++k)
      trained.push_back({{"setting", config.settings[static_cast<std::size_t>(timing[r].settings[k])].label},
                         {"networks", static_cast<int>(timing[r].networks[k])},
                         {"seconds", timing[r].seconds[k]}});
    ranks.push_back({{"rank", r}, {"train_seconds", timing[r].total()}, {"trained", trained}});
  }
  const nlohmann::json report{{"experiment", config.name},
                              {"ranks", ranks},
                              {"slowest_train_seconds", slowest},
                              {"idle_share", idle},
                              {"finish_seconds", finish_seconds}};
  write_file_atomically((root / "ranks.json").string(), report.dump(2) + "\n", true);
  if (log) {
    std::ostringstream line;
    line.precision(3);
    line << "training on " << timing.size() << " ranks: slowest " << slowest << " s, idle share "
         << 100 * idle << "%; results and figures " << finish_seconds << " s ("
         << (root / "ranks.json").string() << ")";
    log(line.str());
  }
}

}  // namespace

std::vector<SettingOutcome> run_experiment_on_ranks(const ExperimentConfig& config,
                                                    const RunOptions& options, Ranks& ranks) {
  const int rank = ranks.rank();
  const int n_ranks = ranks.size();
  const fs::path root = fs::path(options.out_root) / config.name;
  std::optional<FolderLock> lock;  // held by rank 0, which writes the shared files
  if (rank == 0) lock.emplace(root.string());
  ranks.barrier();

  std::vector<SettingRun> runs = prepare_settings(config, options, rank, n_ranks);
  std::vector<WorkUnit> units;
  for (std::size_t s = 0; s < runs.size(); ++s) {
    if (runs[s].finished_earlier()) continue;
    if (rank == 0) runs[s].remove_temporary_files();
    runs[s].start();
    for (int n = 0; n < runs[s].pipeline().n_networks(); ++n)
      units.push_back({static_cast<int>(s), n, runs[s].pipeline().network_cost(n)});
  }
  const std::vector<int> owner = assign_units(units, n_ranks);
  ranks.barrier();  // temporaries and stale parts are gone before any rank writes

  RankTiming mine;
  for (std::size_t s = 0; s < runs.size(); ++s) {
    const std::vector<int> networks = networks_of_rank(units, owner, static_cast<int>(s), rank);
    if (networks.empty()) continue;
    const auto start = std::chrono::steady_clock::now();
    const std::string what = "rank " + std::to_string(rank) + " of " + std::to_string(n_ranks) +
                             ", training setting '" + runs[s].label() + "' networks " + list_networks(networks);
    if (options.log) options.log(what);
    try {
      runs[s].train(networks);
      runs[s].save_checkpoint();
    } catch (const RunInterrupted&) {
      throw;
    } catch (const Error& e) {
      throw Error(what + ": " + e.what());
    }
    mine.settings.push_back(static_cast<double>(s));
    mine.networks.push_back(static_cast<double>(networks.size()));
    mine.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }

  const int timing_tag = static_cast<int>(runs.size());
  if (rank != 0) {
    for (std::size_t s = 0; s < runs.size(); ++s) {
      const std::vector<int> networks = networks_of_rank(units, owner, static_cast<int>(s), rank);
      if (networks.empty()) continue;
      const RunResults recorded = runs[s].pipeline().recorded();
      std::vector<double> values;
      for (int n : networks) append_network_slices(recorded, n, values);
      ranks.send(0, static_cast<int>(s), values);
    }
    ranks.send(0, timing_tag, mine.message());
    return {};
  }

  std::vector<RunResults> gathered(runs.size());
  for (std::size_t s = 0; s < runs.size(); ++s) {
    if (runs[s].finished_earlier()) continue;
    gathered[s] = runs[s].pipeline().recorded();
    for (int r = 1; r < n_ranks; ++r) {
      const std::vector<int> networks = networks_of_rank(units, owner, static_cast<int>(s), r);
      if (networks.empty()) continue;
      const std::vector<double> values = ranks.receive(r, static_cast<int>(s));
      std::size_t at = 0;
      for (int n : networks)
        if (at != std::string::npos) at = read_network_slices(gathered[s], n, values, at);
      if (at != values.size())
        throw Error("rank " + std::to_string(r) + " sent " + std::to_string(values.size()) +
                    " values for setting '" + runs[s].label() + "', which are not the slices of networks " +
                    list_networks(networks) + " (ranks running different builds or experiments?)");
    }
  }
  std::vector<RankTiming> timing{mine};
  for (int r = 1; r < n_ranks; ++r) timing.push_back(RankTiming::from_message(ranks.receive(r, timing_tag), r));

  const auto finish_start = std::chrono::steady_clock::now();
  std::vector<SettingOutcome> outcomes;
  for (std::size_t s = 0; s < runs.size(); ++s)
    outcomes.push_back(runs[s].finished_earlier() ? runs[s].skip() : runs[s].finish(std::move(gathered[s])));
  write_experiment_outputs(config, root, outcomes);
  write_rank_report(root, config, timing,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - finish_start).count(),
                    options.log);
  return outcomes;
}

}  // namespace infoplane::detail
