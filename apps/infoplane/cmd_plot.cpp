// `infoplane plot RESULTS.h5 [MORE.h5 ...] --out DIR [--no-movie]`: the paper's figures and
// the information-plane movie from results files (see docs/figures.md).
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "infoplane/io/plot_runner.hpp"

namespace infoplane::cli {
namespace {

const CommandRegistration kPlotRegistration("plot", [](CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "plot", "Draw the paper's figures (PNG + SVG) and a movie from results files");
  auto request = std::make_shared<PlotRequest>();
  auto no_movie = std::make_shared<bool>(false);
  cmd->add_option("results", request->results_files,
                  "results files (.h5); several make a grid of information planes")
      ->required();
  cmd->add_option("--out", request->out_dir, "output folder (created if missing)")->required();
  cmd->add_flag("--no-movie", *no_movie, "skip the movie (faster)");
  cmd->add_flag("--grid-only", request->grid_only,
                "several files: only the grid of information planes, not each run's figures");
  cmd->callback([request, no_movie] {
    request->movie = !*no_movie;
    const auto written = plot_results(*request);
    for (const auto& path : written) std::cout << "wrote " << path << "\n";
    std::cout << "infoplane plot: " << written.size() << " files in " << request->out_dir
              << "\n";
  });
});

}  // namespace
}  // namespace infoplane::cli
