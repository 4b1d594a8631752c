// docs/parameters.md from the parameter table (tests/config/parameter_docs_test.cpp keeps the
// committed file equal to this text; `infoplane params --markdown` prints it).
#include <sstream>

#include "infoplane/config/parameter_table.hpp"

namespace infoplane {

std::string parameter_docs_markdown() {
  const RunConfig defaults;
  std::ostringstream out;
  out << "# Parameters\n\n"
      << "Generated from the parameter table (`src/config/parameter_table.cpp`) by\n"
      << "`infoplane params --markdown`; a test keeps this file equal to the table. Every key is\n"
      << "written the same in an experiment file (`[table]` then `key = value`), as a flag of\n"
      << "`infoplane train` and `infoplane run` (and of `mi`, `ib`, `task` where it applies), and in\n"
      << "the resolved configuration stored in a results file. Boolean flags: `--x` sets true,\n"
      << "`--no-x` false. Defaults are the `reference-code` preset; the other presets set:\n\n";
  for (const auto& name : preset_names()) {
    const RunConfig preset = preset_run_config(name, "docs");
    std::string changes;
    for (const auto& p : parameter_table()) {
      const std::string value = to_toml_text(p.get(preset));
      if (p.key != "preset" && value != to_toml_text(p.get(defaults)))
        changes += (changes.empty() ? "" : ", ") + ("`" + p.key + " = " + value + "`");
    }
    out << "- `" << name << "`: " << (changes.empty() ? "the defaults" : changes) << "\n";
  }
  std::string table = "?";
  for (const auto& p : parameter_table()) {
    if (p.table() != table) {
      table = p.table();
      out << "\n## " << (table.empty() ? "top level" : "[" + table + "]") << "\n\n"
          << "| key | flag | default | allowed | units | meaning |\n"
          << "|---|---|---|---|---|---|\n";
    }
    out << "| `" << p.key << "` | " << (p.flag.empty() ? "" : "`" + p.flag + "`") << " | `"
        << to_toml_text(p.get(defaults)) << "` | " << p.expected << " | " << p.units << " | "
        << p.help << " |\n";
  }
  return out.str();
}

}  // namespace infoplane
