// infoplane: the command-line front end. Parses the subcommand, runs it, turns errors into
// messages. Exit status: 0 success, 1 command-line usage error, 2 bad input or environment.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>

#include "command_registry.hpp"
#include "launch/launched_ranks.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/version.hpp"

namespace infoplane::cli {
std::vector<CommandEntry>& command_registry() {
  static std::vector<CommandEntry> registry;
  return registry;
}
}  // namespace infoplane::cli

int main(int argc, char** argv) {
  using namespace infoplane;
  CLI::App app{"infoplane: deep networks in the information plane (Shwartz-Ziv & Tishby 2017)"};
  app.set_version_flag("--version", std::string(kVersion) + " (" + kGitCommit +
                                        "; distributed runs: " + cli::mpi_support() + ")");
  app.require_subcommand(1);

  auto& registry = cli::command_registry();
  std::sort(registry.begin(), registry.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  for (auto& entry : registry) entry.setup(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const Error& e) {
    std::cerr << "infoplane: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "infoplane: error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
