#include "infoplane/run/experiment_config.hpp"

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

// Tables and keys this file owns; the rest of the top level belongs to the training config.
const std::set<std::string> kExperimentKeys = {"name", "description", "info", "ib", "output",
                                               "setting"};

[[noreturn]] void fail(const std::string& source, const std::string& key, const std::string& what) {
  throw Error(source + ": " + key + ": " + what);
}

// Reads the keys of one owned table, rejecting unknown ones. `read` is called per key.
template <class Reader>
void for_each_key(const toml::table& table, const std::string& source, const std::string& prefix,
                  const std::set<std::string>& allowed, Reader read) {
  for (auto&& [key, node] : table) {
    const std::string name(key.str());
    if (!allowed.count(name)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail(source, prefix + name, "unknown key (expected one of: " + list + ")");
    }
    read(name, node);
  }
}

double get_number(const toml::node& node, const std::string& source, const std::string& key) {
  if (auto v = node.value<double>()) return *v;  // integers convert too
  fail(source, key, "expected a number");
}

int get_int(const toml::node& node, const std::string& source, const std::string& key, int min) {
  const auto v = node.value<std::int64_t>();
  if (!v || !node.is_integer()) fail(source, key, "expected an integer");
  if (*v < min || *v > 1'000'000'000) fail(source, key + " = " + std::to_string(*v), "must be >= " + std::to_string(min));
  return static_cast<int>(*v);
}

bool get_bool(const toml::node& node, const std::string& source, const std::string& key) {
  if (auto v = node.value<bool>(); v && node.is_boolean()) return *v;
  fail(source, key, "expected true or false");
}

std::string get_string(const toml::node& node, const std::string& source, const std::string& key) {
  if (auto v = node.value<std::string>(); v && node.is_string()) return *v;
  fail(source, key, "expected a string");
}

InfoSettings parse_info(const toml::table& t, const std::string& src) {
  InfoSettings s;
  auto& o = s.options;
  for_each_key(t, src, "info.",
               {"estimators", "bins", "range", "range_lo", "range_hi", "reference_digitize",
                "sigma2", "k", "threads", "dpi_tol_bits"},
               [&](const std::string& k, const toml::node& n) {
                 const std::string key = "info." + k;
                 if (k == "estimators") {
                   const auto* arr = n.as_array();
                   if (!arr || arr->empty()) fail(src, key, "expected a non-empty array of estimator names");
                   s.estimators.clear();
                   for (const auto& e : *arr) s.estimators.push_back(get_string(e, src, key));
                 } else if (k == "bins") o.bins = get_int(n, src, key, 2);
                 else if (k == "range") o.range = get_string(n, src, key);
                 else if (k == "range_lo") o.range_lo = get_number(n, src, key);
                 else if (k == "range_hi") o.range_hi = get_number(n, src, key);
                 else if (k == "reference_digitize") o.reference_digitize = get_bool(n, src, key);
                 else if (k == "sigma2") o.sigma2 = get_number(n, src, key);
                 else if (k == "k") o.k = get_int(n, src, key, 1);
                 else if (k == "threads") o.threads = get_int(n, src, key, 1);
                 else if (k == "dpi_tol_bits") s.dpi_tol_bits = get_number(n, src, key);
               });
  // Names and option ranges: make_estimator is the one place that knows them.
  for (const auto& name : s.estimators) {
    try {
      (void)make_estimator(name, o);
    } catch (const Error& e) {
      fail(src, "info.estimators", e.what());
    }
  }
  return s;
}

IBSettings parse_ib(const toml::table& t, const std::string& src) {
  IBSettings s;
  for_each_key(t, src, "ib.",
               {"curve", "beta_min", "beta_max", "points", "beta_star_epochs", "beta_star_networks"},
               [&](const std::string& k, const toml::node& n) {
                 const std::string key = "ib." + k;
                 if (k == "curve") s.curve = get_bool(n, src, key);
                 else if (k == "beta_min") s.beta_min = get_number(n, src, key);
                 else if (k == "beta_max") s.beta_max = get_number(n, src, key);
                 else if (k == "points") s.points = get_int(n, src, key, 1);
                 else if (k == "beta_star_networks") s.beta_star_networks = get_int(n, src, key, 0);
                 else if (k == "beta_star_epochs") {
                   s.beta_star_last = false;
                   if (n.is_string()) {
                     const std::string v = get_string(n, src, key);
                     if (v == "last") s.beta_star_last = true;
                     else if (v != "none") fail(src, key + " = \"" + v + "\"", "expected \"last\", \"none\" or an array of recorded epochs");
                   } else if (const auto* arr = n.as_array()) {
                     for (const auto& e : *arr) s.beta_star_epochs.push_back(get_int(e, src, key, 0));
                   } else {
                     fail(src, key, "expected \"last\", \"none\" or an array of recorded epochs");
                   }
                 }
               });
  if (!(s.beta_min > 0) || !(s.beta_max >= s.beta_min))
    fail(src, "ib.beta_min/ib.beta_max", "expected 0 < beta_min <= beta_max");
  return s;
}

OutputSettings parse_output(const toml::table& t, const std::string& src) {
  OutputSettings s;
  for_each_key(t, src, "output.", {"figures", "movie"},
               [&](const std::string& k, const toml::node& n) {
                 if (k == "figures") s.figures = get_bool(n, src, "output." + k);
                 else s.movie = get_bool(n, src, "output." + k);
               });
  return s;
}

// Overrides `base` with `overrides`, table by table (a setting's `task.train_fraction = 0.05`
// replaces that one key of the base's [task]).
void deep_merge(toml::table& base, const toml::table& overrides) {
  for (auto&& [key, node] : overrides) {
    if (const auto* sub = node.as_table()) {
      if (auto* existing = base[key].as_table()) {
        deep_merge(*existing, *sub);
        continue;
      }
    }
    base.insert_or_assign(key, node);
  }
}

std::string to_text(const toml::table& t) {
  std::ostringstream out;
  out << t;
  return out.str();
}

}  // namespace

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

ExperimentConfig parse_experiment(std::string_view text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw Error(source + ":" + std::to_string(e.source().begin.line) + ": not valid TOML: " +
                std::string(e.description()));
  }
  ExperimentConfig config;
  config.source_toml = std::string(text);
  if (const auto* n = root.get("name")) config.name = get_string(*n, source, "name");
  if (const auto* n = root.get("description"))
    config.description = get_string(*n, source, "description");
  if (config.name.empty()) fail(source, "name", "missing: every experiment needs a name");

  auto table_of = [&](const char* key) -> const toml::table* {
    const toml::node* n = root.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) fail(source, key, "expected a table [" + std::string(key) + "]");
    return n->as_table();
  };
  if (const auto* t = table_of("info")) config.info = parse_info(*t, source);
  if (const auto* t = table_of("ib")) config.ib = parse_ib(*t, source);
  if (const auto* t = table_of("output")) config.output = parse_output(*t, source);

  toml::table base;
  for (auto&& [key, node] : root)
    if (!kExperimentKeys.count(std::string(key.str()))) base.insert_or_assign(key, node);

  std::vector<std::pair<std::string, toml::table>> settings;
  if (const toml::node* n = root.get("setting")) {
    const auto* arr = n->as_array();
    if (!arr || !arr->is_array_of_tables() || arr->empty())
      fail(source, "setting", "expected one or more [[setting]] tables");
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const toml::table& s = *arr->at(i).as_table();
      const std::string where = "setting[" + std::to_string(i) + "]";
      const toml::node* label = s.get("label");
      if (!label) fail(source, where + ".label", "missing: every setting needs a label");
      toml::table merged = base;
      toml::table overrides = s;
      overrides.erase("label");
      deep_merge(merged, overrides);
      settings.emplace_back(get_string(*label, source, where + ".label"), std::move(merged));
    }
  } else {
    settings.emplace_back(config.name, base);
  }

  std::set<std::string> folders;
  for (auto& [label, table] : settings) {
    const std::string where =
        root.contains("setting") ? source + " [setting \"" + label + "\"]" : source;
    ExperimentSetting setting;
    setting.label = label;
    setting.train = parse_train_config(to_text(table), where);
    if (!folders.insert(label_to_folder(label)).second)
      fail(source, "setting.label = \"" + label + "\"", "two settings share this label's folder");
    config.settings.push_back(std::move(setting));
  }
  return config;
}

ExperimentConfig load_experiment(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the experiment file (expected a TOML file)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_experiment(text.str(), path);
}

}  // namespace infoplane
