// The resolved configuration as TOML: every parameter of the table, explicit, table by table.
#include <sstream>

#include "infoplane/config/experiment_config.hpp"
#include "infoplane/config/parameter_table.hpp"

namespace infoplane {

std::string to_toml(const RunConfig& config) {
  std::ostringstream out;
  std::string table;
  for (const auto& p : parameter_table()) {
    if (p.table() != table) {
      table = p.table();
      out << "\n[" << table << "]\n";
    }
    out << p.name() << " = " << to_toml_text(p.get(config)) << "\n";
  }
  return out.str();
}

std::string resolved_experiment_toml(const std::string& name, const std::string& label,
                                     const std::string& description, const RunConfig& config) {
  std::ostringstream out;
  out << "name = " << to_toml_text(ConfigValue::of(name)) << "\n"
      << "label = " << to_toml_text(ConfigValue::of(label)) << "\n"
      << "description = " << to_toml_text(ConfigValue::of(description)) << "\n"
      << to_toml(config);
  return out.str();
}

}  // namespace infoplane
