// The only TOML reader: experiment files, `train --config` files and the presets, checked key by
// key against the parameter table, with the line of the user's file in every message.
#include <toml++/toml.h>

#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "infoplane/config/experiment_config.hpp"
#include "infoplane/config/parameter_table.hpp"
#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

// One value written in a file, with where it was written.
struct Entry {
  const Parameter* parameter;
  ConfigValue value;
  std::string where;  // "FILE:LINE"
};

std::string where_of(const std::string& source, const toml::node& node) {
  return source + ":" + std::to_string(node.source().begin.line);
}

// A TOML node as a ConfigValue; nullopt for tables, dates and times (no parameter takes them).
std::optional<ConfigValue> value_of(const toml::node& node) {
  if (auto v = node.value_exact<std::int64_t>()) return ConfigValue::of(*v);
  if (auto v = node.value_exact<double>()) return ConfigValue::of(*v);
  if (auto v = node.value_exact<bool>()) return ConfigValue::of(*v);
  if (auto v = node.value_exact<std::string>()) return ConfigValue::of(*v);
  if (const auto* array = node.as_array()) {
    std::vector<ConfigValue> items;
    for (const auto& item : *array) {
      auto v = value_of(item);
      if (!v) return std::nullopt;
      items.push_back(std::move(*v));
    }
    return ConfigValue::of_list(std::move(items));
  }
  return std::nullopt;
}

std::set<std::string> parameter_tables() {
  std::set<std::string> tables;
  for (const auto& p : parameter_table())
    if (!p.table().empty()) tables.insert(p.table());
  return tables;
}

std::string list_text(const std::set<std::string>& names, const std::string& before = "",
                      const std::string& after = "") {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + before + n + after;
  return out;
}

Entry entry_of(const Parameter& p, const toml::node& node, const std::string& source,
               const std::string& context) {
  const std::string where = where_of(source, node) + context;
  auto value = value_of(node);
  if (!value) {
    std::string message = where + ": " + p.key + " = " + (node.is_table() ? "{...}" : "?") +
                          ": expected " + p.expected;
    if (!p.flag.empty()) message += " (flag " + p.flag + ")";
    throw Error(message);
  }
  return {&p, std::move(*value), where};
}

// The parameter entries of one TOML table: the top level of a file or a [[setting]] table.
// Keys in `own` (name, label, ...) belong to the caller and are skipped.
// `context` follows the line in messages (" [setting \"5%\"]").
std::vector<Entry> collect_entries(const toml::table& root, const std::string& source,
                                   const std::set<std::string>& own, const std::string& context = "") {
  static const std::set<std::string> tables = parameter_tables();
  std::vector<Entry> entries;
  for (const auto& [key_view, node] : root) {
    const std::string key(key_view.str());
    if (own.count(key)) continue;
    if (key == "preset") {
      entries.push_back(entry_of(*find_parameter("preset"), node, source, context));
      continue;
    }
    if (!tables.count(key)) {
      throw Error(where_of(source, node) + ": unknown key or table '" + key + "' (expected " +
                  list_text(own) + (own.empty() ? "" : ", ") + "preset, " +
                  list_text(tables, "[", "]") + ")");
    }
    if (!node.is_table()) {
      throw Error(where_of(source, node) + ": " + key + ": expected a table [" + key + "]");
    }
    for (const auto& [sub_view, value] : *node.as_table()) {
      const std::string full = key + "." + std::string(sub_view.str());
      const Parameter* p = find_parameter(full);
      if (p == nullptr) {
        std::set<std::string> known;
        for (const auto& q : parameter_table())
          if (q.table() == key) known.insert(q.name());
        throw Error(where_of(source, value) + ": unknown key '" + full + "' (expected one of " +
                    list_text(known) + ")");
      }
      entries.push_back(entry_of(*p, value, source, context));
    }
  }
  return entries;
}

toml::table parse_toml(std::string_view text, const std::string& source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw Error(source + ":" + std::to_string(e.source().begin.line) +
                ": not valid TOML: " + std::string(e.description()));
  }
}

// The config of one setting: the preset (the setting's, else the base's), then the base's
// entries, then the setting's; then the rules that tie keys together.
RunConfig build_config(const std::vector<Entry>& base, const std::vector<Entry>& setting,
                       const std::string& source) {
  const Entry* preset = nullptr;
  for (const auto* list : {&base, &setting})
    for (const auto& e : *list)
      if (e.parameter->key == "preset") preset = &e;
  RunConfig config;
  if (preset != nullptr) {
    RunConfig probe;
    apply_parameter(*preset->parameter, preset->value, probe, preset->where);  // checks the name
    config = preset_run_config(probe.train.preset, preset->where);
  }
  std::map<std::string, std::string> written;  // key -> where its value was written last
  for (const auto* list : {&base, &setting}) {
    for (const auto& e : *list) {
      apply_parameter(*e.parameter, e.value, config, e.where);
      written[e.parameter->key] = e.where;
    }
  }
  validate_run_config(config, [&](const std::string& key) {
    const auto it = written.find(key);
    return it == written.end() ? source : it->second;
  });
  return config;
}

std::string string_key(const toml::table& root, const std::string& key, const std::string& source) {
  const toml::node* node = root.get(key);
  if (node == nullptr) return "";
  if (!node->is_string()) throw Error(where_of(source, *node) + ": " + key + ": expected a string");
  return *node->value<std::string>();
}

}  // namespace

std::vector<std::string> preset_names() { return {"reference-code", "paper"}; }

RunConfig preset_run_config(const std::string& name, const std::string& where) {
  // Each preset is TOML over the defaults (the RunConfig initializers, which are
  // "reference-code"). "paper": the paper's text says SGD and gives no learning rate; 0.01 is
  // our choice (docs/training.md).
  static const std::vector<std::pair<std::string, std::string>> kPresets = {
      {"reference-code", ""},
      {"paper", "[optimizer]\nname = \"sgd\"\nlearning_rate = 0.01\nbatch_size = 512\n"},
  };
  for (const auto& [preset, text] : kPresets) {
    if (preset != name) continue;
    RunConfig config;
    for (const auto& e : collect_entries(parse_toml(text, "preset " + name), "preset " + name, {}))
      apply_parameter(*e.parameter, e.value, config, e.where);
    config.train.preset = name;
    return config;
  }
  std::string names;
  for (const auto& n : preset_names()) names += (names.empty() ? "" : ", ") + n;
  throw Error(where + ": preset = \"" + name + "\": expected one of " + names + " (flag --preset)");
}

ExperimentConfig parse_experiment(std::string_view text, const std::string& source) {
  const toml::table root = parse_toml(text, source);
  ExperimentConfig experiment;
  experiment.source_toml = std::string(text);
  experiment.name = string_key(root, "name", source);
  experiment.description = string_key(root, "description", source);
  if (experiment.name.empty()) throw Error(source + ": name: missing: every experiment needs a name");
  const std::vector<Entry> base =
      collect_entries(root, source, {"name", "description", "label", "setting"});

  const toml::node* settings = root.get("setting");
  if (settings == nullptr) {
    std::string label = string_key(root, "label", source);
    if (label.empty()) label = experiment.name;
    experiment.settings.push_back({label, build_config(base, {}, source)});
    return experiment;
  }
  if (root.get("label") != nullptr)
    throw Error(where_of(source, *root.get("label")) +
                ": label: a top-level label names the only setting; with [[setting]] tables, "
                "give each its own label");
  const auto* array = settings->as_array();
  if (array == nullptr || !array->is_array_of_tables() || array->empty())
    throw Error(where_of(source, *settings) + ": setting: expected one or more [[setting]] tables");
  std::set<std::string> folders;
  for (const auto& node : *array) {
    const toml::table& table = *node.as_table();
    const toml::node* label = table.get("label");
    if (label == nullptr || !label->is_string())
      throw Error(where_of(source, node) + ": setting.label: missing: every [[setting]] needs a label (a string)");
    const std::string name = *label->value<std::string>();
    if (!folders.insert(label_to_folder(name)).second)
      throw Error(where_of(source, *label) + ": setting.label = \"" + name +
                  "\": expected a label whose folder no other setting uses");
    experiment.settings.push_back(
        {name, build_config(base, collect_entries(table, source, {"label"}, " [setting \"" + name + "\"]"),
                            source)});
  }
  return experiment;
}

namespace {

std::string read_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the " + what + " (expected a TOML file)");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ExperimentConfig load_experiment(const std::string& path) {
  return parse_experiment(read_file(path, "experiment file"), path);
}

RunConfig parse_run_config(std::string_view text, const std::string& source) {
  const toml::table root = parse_toml(text, source);
  if (const toml::node* s = root.get("setting"))
    throw Error(where_of(source, *s) +
                ": setting: [[setting]] tables need `infoplane run` (this command runs one setting)");
  return build_config(collect_entries(root, source, {"name", "description", "label"}), {}, source);
}

RunConfig load_run_config(const std::string& path) {
  return parse_run_config(read_file(path, "configuration file"), path);
}

void apply_overrides(RunConfig& config, const std::vector<ParameterOverride>& overrides,
                     const std::string& where) {
  for (const auto& o : overrides) {
    const Parameter* p = find_parameter(o.key);
    INFOPLANE_ASSERT(p != nullptr);
    if (o.key == "preset") {
      // A preset is a set of starting values: it replaces the configuration before the others.
      RunConfig probe;
      apply_parameter(*p, o.value, probe, where);  // checks the name
      config = preset_run_config(probe.train.preset, where);
    }
  }
  for (const auto& o : overrides)
    if (o.key != "preset") apply_parameter(*find_parameter(o.key), o.value, config, where);
  validate_run_config(config, [&](const std::string&) { return where; });
}

void apply_overrides(ExperimentConfig& experiment, const std::vector<ParameterOverride>& overrides) {
  for (auto& setting : experiment.settings) apply_overrides(setting.config, overrides);
}

std::string label_to_folder(const std::string& label) {
  std::string out;
  for (char c : label) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') out += c;
    else if (c == '%') out += "pct";
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "setting" : out;
}

}  // namespace infoplane
