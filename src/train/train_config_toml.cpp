// The experiment file: TOML -> TrainConfig, every key checked for type and range, unknown keys
// rejected by name.
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

#include "infoplane/core/error.hpp"
#include "infoplane/train/train_config.hpp"

namespace infoplane {
namespace {

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& key, const toml::node& node, const std::string& expected) const {
    std::ostringstream os;
    os << source_ << ":" << node.source().begin.line << ": " << key << " = ";
    if (auto s = node.value<std::string>()) {
      os << '"' << *s << '"';
    } else if (node.is_array()) {
      os << "[...]";
    } else if (node.is_table()) {
      os << "{...}";
    } else if (auto d = node.value<double>()) {
      os << *d;
    } else {
      os << "?";
    }
    os << ": " << expected;
    throw Error(os.str());
  }

  std::int64_t integer(const std::string& key, const toml::node& node, std::int64_t lo, std::int64_t hi) const {
    if (!node.is_integer()) fail(key, node, "expected an integer");
    const std::int64_t v = *node.value<std::int64_t>();
    if (v < lo || v > hi) {
      fail(key, node, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
    return v;
  }

  double number(const std::string& key, const toml::node& node) const {
    if (!node.is_number()) fail(key, node, "expected a number");
    return *node.value<double>();
  }

  std::string string(const std::string& key, const toml::node& node) const {
    if (!node.is_string()) fail(key, node, "expected a string");
    return *node.value<std::string>();
  }

  bool boolean(const std::string& key, const toml::node& node) const {
    if (!node.is_boolean()) fail(key, node, "expected true or false");
    return *node.value<bool>();
  }

  std::vector<int> int_list(const std::string& key, const toml::node& node, std::int64_t lo, std::int64_t hi) const {
    if (!node.is_array()) fail(key, node, "expected an array of integers");
    std::vector<int> out;
    for (const auto& item : *node.as_array()) out.push_back(static_cast<int>(integer(key, item, lo, hi)));
    return out;
  }

  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

using Handler = void (*)(const Reader&, const std::string&, const toml::node&, TrainConfig&);

struct KeyHandler {
  const char* key;
  Handler apply;
};

constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();
constexpr std::int64_t kMaxI64 = std::numeric_limits<std::int64_t>::max();

const KeyHandler kHandlers[] = {
    {"task.rule", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.task.rule = r.string(k, n); }},
    {"task.rule_seed", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.task.rule_seed = static_cast<std::uint64_t>(r.integer(k, n, 0, kMaxI64)); }},
    {"task.train_fraction", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.task.train_fraction = r.number(k, n); }},
    {"network.widths", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.network.hidden_widths = r.int_list(k, n, 1, 4096); }},
    {"network.activation", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.network.activation = parse_activation(r.string(k, n), r.source() + ": " + k); }},
    {"network.output", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.network.output = parse_output_kind(r.string(k, n), r.source() + ": " + k); }},
    {"network.init_scale", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.network.init.init_scale = r.number(k, n); }},
    {"network.init_truncated", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.network.init.truncated = r.boolean(k, n); }},
    {"optimizer.name", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.optimizer.kind = parse_optimizer_kind(r.string(k, n), r.source() + ": " + k); }},
    {"optimizer.learning_rate", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.optimizer.learning_rate = r.number(k, n); }},
    {"optimizer.batch_size", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.optimizer.batch_size = static_cast<int>(r.integer(k, n, std::numeric_limits<int>::min(), kMaxInt)); }},
    {"optimizer.beta1", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.optimizer.beta1 = r.number(k, n); }},
    {"optimizer.beta2", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.optimizer.beta2 = r.number(k, n); }},
    {"optimizer.epsilon", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.optimizer.epsilon = r.number(k, n); }},
    {"training.networks", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.training.networks = static_cast<int>(r.integer(k, n, std::numeric_limits<int>::min(), kMaxInt)); }},
    {"training.epochs", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.training.epochs = static_cast<int>(r.integer(k, n, std::numeric_limits<int>::min(), kMaxInt)); }},
    {"training.seed", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.training.seed = static_cast<std::uint64_t>(r.integer(k, n, 0, kMaxI64)); }},
    {"training.threads", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.training.threads = static_cast<int>(r.integer(k, n, std::numeric_limits<int>::min(), kMaxInt)); }},
    {"training.record", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) {
       if (n.is_array()) {
         c.training.record.mode = RecordMode::kList;
         c.training.record.epochs = r.int_list(k, n, 0, kMaxInt);
         return;
       }
       const std::string s = r.string(k, n);
       if (s == "log") {
         c.training.record.mode = RecordMode::kLog;
       } else if (s == "every") {
         c.training.record.mode = RecordMode::kEvery;
       } else {
         r.fail(k, n, "expected \"log\", \"every\" or a list of epochs");
       }
     }},
    {"training.record_points", [](const Reader& r, const std::string& k, const toml::node& n, TrainConfig& c) { c.training.record.points = static_cast<int>(r.integer(k, n, std::numeric_limits<int>::min(), kMaxInt)); }},
};

const KeyHandler* find_handler(const std::string& key) {
  for (const auto& h : kHandlers) {
    if (key == h.key) return &h;
  }
  return nullptr;
}

}  // namespace

TrainConfig parse_train_config(std::string_view toml_text, const std::string& source,
                               const std::vector<std::string>& other_tables) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << source << ":" << e.source().begin.line << ": not valid TOML: " << e.description();
    throw Error(os.str());
  }
  const Reader reader(source);
  TrainConfig config;
  if (const toml::node* preset = root.get("preset")) {
    config = preset_config(reader.string("preset", *preset), source + ": preset");
  }
  for (const auto& [table_key, node] : root) {
    const std::string table(table_key.str());
    if (table == "preset") continue;
    if (std::find(other_tables.begin(), other_tables.end(), table) != other_tables.end()) continue;
    if (table != "task" && table != "network" && table != "optimizer" && table != "training") {
      throw Error(source + ":" + std::to_string(node.source().begin.line) + ": unknown key or table '" + table +
                  "' (expected preset, [task], [network], [optimizer], [training])");
    }
    if (!node.is_table()) reader.fail(table, node, "expected a table [" + table + "]");
    for (const auto& [key, value] : *node.as_table()) {
      const std::string full = table + "." + std::string(key.str());
      const KeyHandler* handler = find_handler(full);
      if (handler == nullptr) {
        throw Error(source + ":" + std::to_string(value.source().begin.line) + ": unknown key '" + full + "'");
      }
      handler->apply(reader, full, value, config);
    }
  }
  validate_train_config(config, source);
  return config;
}

TrainConfig load_train_config(const std::string& path, const std::vector<std::string>& other_tables) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the experiment file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_train_config(text.str(), path, other_tables);
}

}  // namespace infoplane
