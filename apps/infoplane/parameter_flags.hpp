#pragma once
// The parameter table's flags on a subcommand: each parameter of the chosen TOML tables becomes
// an option with the table's flag and help (allowed values and default appended); after parsing,
// overrides() gives what the user typed, read with the table's types, for the library to apply.
// Boolean parameters take `--x` (true) and `--no-x` (false).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "infoplane/config/experiment_config.hpp"
#include "infoplane/config/parameter_table.hpp"

namespace infoplane::cli {

class ParameterFlags {
 public:
  // Every parameter with a flag whose table is in `tables` ("" is the top level), except `skip`.
  ParameterFlags(CLI::App* command, const std::vector<std::string>& tables,
                 const std::vector<std::string>& skip = {});

  // A second flag name for a parameter (e.g. mi's --estimator for info.estimators).
  void add_alias(const std::string& key, const std::string& flag);
  CLI::Option* option(const std::string& key) const;
  bool given(const std::string& key) const;

  // What was given, in table order. Throws infoplane::Error for text that is not of the
  // parameter's type ("command line: key = text: expected ... (flag --x)").
  std::vector<ParameterOverride> overrides() const;

 private:
  struct Given {
    std::string text;
    std::vector<CLI::Option*> options;
  };
  CLI::App* command_;
  // Keyed by parameter key; stable addresses for CLI11's references.
  std::map<std::string, std::unique_ptr<Given>> given_;
};

// Applies the flags over `config` (after a --config file or preset) and checks the result.
void apply_flags(const ParameterFlags& flags, RunConfig& config);

}  // namespace infoplane::cli
