#include "infoplane/run/experiment_runner.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "infoplane/io/atomic_file.hpp"
#include "infoplane/io/folder_lock.hpp"
#include "infoplane/io/plot_runner.hpp"
#include "detail/setting_run.hpp"

namespace fs = std::filesystem;

namespace infoplane {
namespace detail {

// The experiment's summary of every setting, and the grid of their information planes.
void write_experiment_outputs(const ExperimentConfig& config, const fs::path& root,
                              const std::vector<SettingOutcome>& outcomes) {
  std::string markdown = "# " + config.name + "\n\n" + config.description + "\n";
  nlohmann::json json = nlohmann::json::array();
  for (const auto& o : outcomes) {
    markdown += "\n## " + o.label + "\n\n" + summary_markdown(o.summary);
    json.push_back({{"label", o.label}, {"results", o.results_path},
                    {"summary", nlohmann::json::parse(summary_json(o.summary))}});
  }
  fs::create_directories(root);
  if (config.settings.size() > 1) {
    write_file_atomically((root / "summary.md").string(), markdown, true);
    write_file_atomically((root / "summary.json").string(), json.dump(2) + "\n", true);
    if (config.settings.front().config.output.figures) {
      std::vector<std::string> files;
      for (const auto& o : outcomes) files.push_back(o.results_path);
      plot_results({files, (root / "grid").string(), false, true});
    }
  }
}

std::vector<SettingRun> prepare_settings(const ExperimentConfig& config, const RunOptions& options,
                                         int rank, int ranks) {
  const fs::path root = fs::path(options.out_root) / config.name;
  std::vector<SettingRun> runs;
  runs.reserve(config.settings.size());  // SettingRun is not moved: prepare() runs in place
  for (const auto& setting : config.settings) {
    const fs::path dir = config.settings.size() == 1 ? root : root / label_to_folder(setting.label);
    runs.emplace_back(config, setting, options, dir, rank, ranks);
    runs.back().prepare();
  }
  return runs;
}

}  // namespace detail

std::string resolved_setting_toml(const ExperimentConfig& config, const ExperimentSetting& setting) {
  RunConfig run = setting.config;
  run.train.training.threads = 0;
  return resolved_experiment_toml(config.name, setting.label, config.description, run);
}

std::vector<SettingOutcome> run_experiment(const ExperimentConfig& given, const RunOptions& options) {
  ExperimentConfig config = given;
  apply_overrides(config, options.overrides);  // every setting checked before any trains
  if (options.ranks != nullptr && options.ranks->size() > 1)
    return detail::run_experiment_on_ranks(config, options, *options.ranks);
  const fs::path root = fs::path(options.out_root) / config.name;
  const FolderLock lock(root.string());
  std::vector<detail::SettingRun> runs = detail::prepare_settings(config, options, 0, 1);
  std::vector<SettingOutcome> outcomes;
  for (auto& run : runs) {
    if (run.finished_earlier()) {
      outcomes.push_back(run.skip());
      continue;
    }
    run.remove_temporary_files();
    run.start();
    run.train({});
    outcomes.push_back(run.finish(run.pipeline().recorded()));
  }
  detail::write_experiment_outputs(config, root, outcomes);
  return outcomes;
}

}  // namespace infoplane
