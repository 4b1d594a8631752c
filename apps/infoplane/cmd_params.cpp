// `infoplane params`: the parameter table (every key, flag, default, allowed values, units), as
// text or as the Markdown of docs/parameters.md.
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "infoplane/config/parameter_table.hpp"

namespace infoplane::cli {
namespace {

const CommandRegistration kRegistration("params", [](CLI::App& app) {
  auto markdown = std::make_shared<bool>(false);
  CLI::App* sub = app.add_subcommand("params", "List every parameter: key, flag, default, allowed values");
  sub->add_flag("--markdown", *markdown, "print docs/parameters.md");
  sub->callback([markdown] {
    if (*markdown) {
      std::cout << parameter_docs_markdown();
      return;
    }
    const RunConfig defaults;
    for (const auto& p : parameter_table()) {
      std::cout << p.key << (p.flag.empty() ? "" : "  " + p.flag) << "\n    " << p.help
                << "\n    default " << to_toml_text(p.get(defaults)) << "; " << p.expected
                << (p.units.empty() ? "" : "; " + p.units) << "\n";
    }
  });
});

}  // namespace
}  // namespace infoplane::cli
