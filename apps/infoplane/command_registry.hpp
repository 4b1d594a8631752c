#pragma once
// Each subcommand lives in its own cmd_<name>.cpp and registers itself here with a static
// CommandRegistration, so adding a command touches no other file. The registry lives in the
// CLI only (the library has no global state).
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace infoplane::cli {

// Adds the subcommand to `app` and sets its callback. The callback throws infoplane::Error
// for bad input; main() turns that into a message and exit status 2.
using CommandSetup = std::function<void(CLI::App& app)>;

struct CommandEntry {
  std::string name;
  CommandSetup setup;
};

std::vector<CommandEntry>& command_registry();

struct CommandRegistration {
  CommandRegistration(std::string name, CommandSetup setup) {
    command_registry().push_back({std::move(name), std::move(setup)});
  }
};

}  // namespace infoplane::cli
