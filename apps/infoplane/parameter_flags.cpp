#include "parameter_flags.hpp"

#include <algorithm>

namespace infoplane::cli {
namespace {

std::string help_of(const Parameter& p) {
  std::string help = p.help + " (" + p.expected;
  if (!p.units.empty()) help += "; " + p.units;
  return help + "; default " + to_toml_text(p.get(RunConfig{})) + "; key " + p.key + ")";
}

}  // namespace

ParameterFlags::ParameterFlags(CLI::App* command, const std::vector<std::string>& tables,
                               const std::vector<std::string>& skip)
    : command_(command) {
  for (const auto& p : parameter_table()) {
    if (p.flag.empty()) continue;
    if (std::find(tables.begin(), tables.end(), p.table()) == tables.end()) continue;
    if (std::find(skip.begin(), skip.end(), p.key) != skip.end()) continue;
    given_[p.key] = std::make_unique<Given>();
    add_alias(p.key, p.flag);
  }
}

void ParameterFlags::add_alias(const std::string& key, const std::string& flag) {
  Given& g = *given_.at(key);
  const Parameter& p = *find_parameter(key);
  CLI::Option* option = nullptr;
  if (p.type == ParameterType::kBoolean) {
    const std::string negated = "--no-" + flag.substr(2);
    option = command_->add_flag_function(
        flag + ",!" + negated, [&g](std::int64_t count) { g.text = count > 0 ? "true" : "false"; },
        help_of(p));
  } else {
    option = command_->add_option(flag, g.text, help_of(p));
  }
  g.options.push_back(option);
}

CLI::Option* ParameterFlags::option(const std::string& key) const {
  return given_.at(key)->options.front();
}

bool ParameterFlags::given(const std::string& key) const {
  const auto it = given_.find(key);
  if (it == given_.end()) return false;
  for (const auto* o : it->second->options)
    if (o->count() > 0) return true;
  return false;
}

std::vector<ParameterOverride> ParameterFlags::overrides() const {
  std::vector<ParameterOverride> out;
  for (const auto& p : parameter_table()) {
    if (!given(p.key)) continue;
    out.push_back({p.key, parse_flag_text(p, given_.at(p.key)->text)});
  }
  return out;
}

void apply_flags(const ParameterFlags& flags, RunConfig& config) {
  apply_overrides(config, flags.overrides());
}

}  // namespace infoplane::cli
