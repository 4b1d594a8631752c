// The parameter table: one row per user-facing parameter (key, flag, help, units, allowed
// values, the RunConfig field it sets). The row builders below turn the allowed values into
// the check, the message and the docs' "allowed" column at once.
#include "infoplane/config/parameter_table.hpp"

#include <cctype>
#include <cmath>
#include <algorithm>
#include <limits>
#include <set>

#include "infoplane/core/error.hpp"
#include "infoplane/info/estimator.hpp"
#include "infoplane/nn/network_spec.hpp"
#include "infoplane/task/make_task.hpp"

namespace infoplane {
namespace {

template <class T>
using Field = T& (*)(RunConfig&);

// Reads a field of a const config through the same accessor (the accessor only names it).
template <class T>
const T& read(Field<T> field, const RunConfig& config) {
  return field(const_cast<RunConfig&>(config));
}

struct Row {
  const char* key;
  const char* flag;
  const char* help;
  const char* units;
};

Parameter make_row(const Row& r, ParameterType type, std::string expected) {
  Parameter p;
  p.key = r.key;
  p.flag = r.flag;
  p.help = r.help;
  p.units = r.units;
  p.type = type;
  p.expected = std::move(expected);
  return p;
}

[[noreturn]] void bad(const std::string& expected) { throw ParameterValueError{expected}; }

constexpr std::int64_t kMaxSeed = std::numeric_limits<std::int64_t>::max();

std::int64_t integer_in(const ConfigValue& v, std::int64_t lo, std::int64_t hi,
                        const std::string& expected) {
  if (v.type != ConfigValue::Type::kInteger || v.integer < lo || v.integer > hi) bad(expected);
  return v.integer;
}

std::string integer_range_text(std::int64_t lo, std::int64_t hi) {
  if (hi == kMaxSeed) return "an integer >= " + std::to_string(lo);
  return "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
}

template <class T>
Parameter integer_row(const Row& r, std::int64_t lo, std::int64_t hi, Field<T> field) {
  Parameter p = make_row(r, ParameterType::kInteger, integer_range_text(lo, hi));
  p.set = [=, expected = p.expected](const ConfigValue& v, RunConfig& c) {
    field(c) = static_cast<T>(integer_in(v, lo, hi, expected));
  };
  p.get = [=](const RunConfig& c) { return ConfigValue::of(static_cast<std::int64_t>(read(field, c))); };
  return p;
}

// A real interval; NaN and infinities are never allowed.
struct Interval {
  double lo;
  double hi;
  bool lo_open;
  bool hi_open;
  bool contains(double v) const {
    return std::isfinite(v) && (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi);
  }
  std::string text() const {
    auto num = [](double v) {
      std::string s = to_toml_text(ConfigValue::of(v));
      if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
      return s;
    };
    const double big = std::numeric_limits<double>::max();
    if (lo == -big && hi == big) return "a finite number";
    if (hi == big) return std::string("a finite number ") + (lo_open ? "> " : ">= ") + num(lo);
    return std::string("a number in ") + (lo_open ? "(" : "[") + num(lo) + ", " + num(hi) +
           (hi_open ? ")" : "]");
  }
};
constexpr double kBig = std::numeric_limits<double>::max();

Parameter real_row(const Row& r, Interval in, Field<double> field) {
  Parameter p = make_row(r, ParameterType::kReal, in.text());
  p.set = [=, expected = p.expected](const ConfigValue& v, RunConfig& c) {
    if (!v.is_number() || !in.contains(v.as_real())) bad(expected);
    field(c) = v.as_real();
  };
  p.get = [=](const RunConfig& c) { return ConfigValue::of(read(field, c)); };
  return p;
}

Parameter boolean_row(const Row& r, Field<bool> field) {
  Parameter p = make_row(r, ParameterType::kBoolean, "true or false");
  p.set = [=](const ConfigValue& v, RunConfig& c) {
    if (v.type != ConfigValue::Type::kBoolean) bad("true or false");
    field(c) = v.boolean;
  };
  p.get = [=](const RunConfig& c) { return ConfigValue::of(read(field, c)); };
  return p;
}

std::string one_of(const std::vector<std::string>& names) {
  std::string out = "one of ";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

// A string from a fixed list of names, stored as T through `parse` / `name_of`.
template <class T>
Parameter choice_row(const Row& r, std::vector<std::string> names, T (*parse)(const std::string&),
                     std::string (*name_of)(const T&), Field<T> field) {
  Parameter p = make_row(r, ParameterType::kString, one_of(names));
  p.set = [=, expected = p.expected](const ConfigValue& v, RunConfig& c) {
    if (v.type != ConfigValue::Type::kString) bad(expected);
    for (const auto& n : names)
      if (n == v.string) {
        field(c) = parse(n);
        return;
      }
    bad(expected);
  };
  p.get = [=](const RunConfig& c) { return ConfigValue::of(name_of(read(field, c))); };
  return p;
}

// The list-of-integers part shared by widths, record and beta_star_epochs.
std::vector<int> int_list(const ConfigValue& v, std::int64_t lo, std::int64_t hi,
                          std::size_t max_items, const std::string& expected) {
  if (v.type != ConfigValue::Type::kList || v.list.empty() || v.list.size() > max_items) bad(expected);
  std::vector<int> out;
  for (const auto& item : v.list) out.push_back(static_cast<int>(integer_in(item, lo, hi, expected)));
  return out;
}

Parameter widths_row(const Row& r, Field<std::vector<int>> field) {
  const std::string expected = "a list of 1 to 64 widths, each an integer in [1, 4096]";
  Parameter p = make_row(r, ParameterType::kIntegerList, expected);
  p.set = [=](const ConfigValue& v, RunConfig& c) { field(c) = int_list(v, 1, 4096, 64, expected); };
  p.get = [=](const RunConfig& c) { return ConfigValue::of_list(read(field, c)); };
  return p;
}

Parameter estimators_row(const Row& r, Field<std::vector<std::string>> field) {
  const std::string expected = "a list of distinct names, each " + one_of(estimator_names());
  Parameter p = make_row(r, ParameterType::kStringList, expected);
  p.set = [=](const ConfigValue& v, RunConfig& c) {
    if (v.type != ConfigValue::Type::kList || v.list.empty()) bad(expected);
    const auto known = estimator_names();
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (const auto& item : v.list) {
      if (item.type != ConfigValue::Type::kString || !seen.insert(item.string).second) bad(expected);
      bool ok = false;
      for (const auto& k : known) ok = ok || k == item.string;
      // kde records both bounds, so it cannot stand beside one of them.
      if (!ok) bad(expected);
      names.push_back(item.string);
    }
    if (seen.count("kde") && (seen.count("kde_upper") || seen.count("kde_lower")))
      bad(expected + " (kde already records kde_upper and kde_lower)");
    field(c) = names;
  };
  p.get = [=](const RunConfig& c) { return ConfigValue::of_list(read(field, c)); };
  return p;
}

Parameter rule_row(const Row& r, Field<std::string> field) {
  const std::string expected = std::string("a task name: ") + kRuleNames;
  Parameter p = make_row(r, ParameterType::kString, expected);
  p.set = [=](const ConfigValue& v, RunConfig& c) {
    if (v.type != ConfigValue::Type::kString || v.string.empty()) bad(expected);
    field(c) = v.string;  // make_task checks the name and its files when the task is built
  };
  p.get = [=](const RunConfig& c) { return ConfigValue::of(read(field, c)); };
  return p;
}

// "auto" (empty: the activation's range) or [lo, hi], finite, lo < hi.
Parameter range_pair_row(const Row& r, Field<std::vector<double>> field) {
  const std::string expected = "\"auto\" or [lo, hi], finite numbers with lo < hi";
  Parameter p = make_row(r, ParameterType::kStringOrRealList, expected);
  p.set = [=](const ConfigValue& v, RunConfig& c) {
    if (v.type == ConfigValue::Type::kString && v.string == "auto") {
      field(c).clear();
      return;
    }
    if (v.type != ConfigValue::Type::kList || v.list.size() != 2) bad(expected);
    std::vector<double> out;
    for (const auto& item : v.list) {
      if (!item.is_number() || !std::isfinite(item.as_real())) bad(expected);
      out.push_back(item.as_real());
    }
    if (!(out[0] < out[1])) bad(expected);
    field(c) = out;
  };
  p.get = [=](const RunConfig& c) {
    const auto& v = read(field, c);
    if (v.empty()) return ConfigValue::of("auto");
    return ConfigValue::of_list(v);
  };
  return p;
}

// "none" (the empty list) or a list of distinct integers in [lo, hi].
template <class T>
Parameter integer_list_or_none_row(const Row& r, std::int64_t lo, std::int64_t hi, Field<std::vector<T>> field) {
  const std::string expected = "\"none\" or a list of distinct integers, each in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  Parameter p = make_row(r, ParameterType::kStringOrIntegerList, expected);
  p.set = [=](const ConfigValue& v, RunConfig& c) {
    std::vector<T> out;
    if (v.type == ConfigValue::Type::kString && v.string == "none") {
      field(c) = out;
      return;
    }
    if (v.type != ConfigValue::Type::kList) bad(expected);
    std::set<std::int64_t> seen;
    for (const auto& item : v.list) {
      const std::int64_t x = integer_in(item, lo, hi, expected);
      if (!seen.insert(x).second) bad(expected);
      out.push_back(static_cast<T>(x));
    }
    field(c) = out;
  };
  p.get = [=](const RunConfig& c) {
    const auto& v = read(field, c);
    if (v.empty()) return ConfigValue::of("none");
    std::vector<std::int64_t> items(v.begin(), v.end());
    return ConfigValue::of_list(items);
  };
  return p;
}

// "none" (the empty list) or a list of distinct numbers in `in`.
Parameter real_list_or_none_row(const Row& r, Interval in, Field<std::vector<double>> field) {
  const std::string expected = "\"none\" or a list of distinct numbers, each " + in.text().substr(std::string("a number ").size());
  Parameter p = make_row(r, ParameterType::kStringOrRealList, expected);
  p.set = [=](const ConfigValue& v, RunConfig& c) {
    std::vector<double> out;
    if (v.type == ConfigValue::Type::kString && v.string == "none") {
      field(c) = out;
      return;
    }
    if (v.type != ConfigValue::Type::kList) bad(expected);
    for (const auto& item : v.list) {
      if (!item.is_number() || !in.contains(item.as_real())) bad(expected);
      if (std::find(out.begin(), out.end(), item.as_real()) != out.end()) bad(expected);
      out.push_back(item.as_real());
    }
    field(c) = out;
  };
  p.get = [=](const RunConfig& c) {
    const auto& v = read(field, c);
    if (v.empty()) return ConfigValue::of("none");
    return ConfigValue::of_list(v);
  };
  return p;
}

// A non-empty list of distinct names from `names`.
Parameter name_list_row(const Row& r, std::vector<std::string> names, Field<std::vector<std::string>> field) {
  const std::string expected = "a non-empty list of distinct names, each " + one_of(names);
  Parameter p = make_row(r, ParameterType::kStringList, expected);
  p.set = [=](const ConfigValue& v, RunConfig& c) {
    if (v.type != ConfigValue::Type::kList || v.list.empty()) bad(expected);
    std::vector<std::string> out;
    for (const auto& item : v.list) {
      if (item.type != ConfigValue::Type::kString) bad(expected);
      if (std::find(names.begin(), names.end(), item.string) == names.end()) bad(expected);
      if (std::find(out.begin(), out.end(), item.string) != out.end()) bad(expected);
      out.push_back(item.string);
    }
    field(c) = out;
  };
  p.get = [=](const RunConfig& c) { return ConfigValue::of_list(read(field, c)); };
  return p;
}

RecordMode record_mode(const std::string& s) { return s == "log" ? RecordMode::kLog : RecordMode::kEvery; }

Parameter record_row(const Row& r) {
  const std::string expected = "\"log\", \"every\" or a list of epochs, each >= 0";
  Parameter p = make_row(r, ParameterType::kStringOrIntegerList, expected);
  p.set = [=](const ConfigValue& v, RunConfig& c) {
    auto& record = c.train.training.record;
    if (v.type == ConfigValue::Type::kString && (v.string == "log" || v.string == "every")) {
      record.mode = record_mode(v.string);
      record.epochs.clear();
      return;
    }
    record.epochs = int_list(v, 0, std::numeric_limits<int>::max(), 1'000'000, expected);
    record.mode = RecordMode::kList;
  };
  p.get = [](const RunConfig& c) {
    const auto& record = c.train.training.record;
    if (record.mode == RecordMode::kList) return ConfigValue::of_list(record.epochs);
    return ConfigValue::of(record.mode == RecordMode::kLog ? "log" : "every");
  };
  return p;
}

Parameter beta_star_epochs_row(const Row& r) {
  const std::string expected = "\"last\", \"none\" or a list of epochs, each >= 0";
  Parameter p = make_row(r, ParameterType::kStringOrIntegerList, expected);
  p.set = [=](const ConfigValue& v, RunConfig& c) {
    auto& ib = c.ib;
    if (v.type == ConfigValue::Type::kString && (v.string == "last" || v.string == "none")) {
      ib.beta_star_last = v.string == "last";
      ib.beta_star_epochs.clear();
      return;
    }
    ib.beta_star_epochs = int_list(v, 0, std::numeric_limits<int>::max(), 100'000, expected);
    ib.beta_star_last = false;
  };
  p.get = [](const RunConfig& c) {
    const auto& ib = c.ib;
    INFOPLANE_ASSERT(!(ib.beta_star_last && !ib.beta_star_epochs.empty()));
    if (!ib.beta_star_epochs.empty()) return ConfigValue::of_list(ib.beta_star_epochs);
    return ConfigValue::of(ib.beta_star_last ? "last" : "none");
  };
  return p;
}

// Enum adaptors for choice_row (the enum's own parser names the key in its message, which
// apply_parameter replaces by the table's form).
Activation activation_of(const std::string& s) { return parse_activation(s, "network.activation"); }
std::string activation_name(const Activation& a) { return to_string(a); }
OutputKind output_of(const std::string& s) { return parse_output_kind(s, "network.output"); }
std::string output_name(const OutputKind& o) { return to_string(o); }
OptimizerKind optimizer_of(const std::string& s) { return parse_optimizer_kind(s, "optimizer.name"); }
std::string optimizer_name(const OptimizerKind& o) { return to_string(o); }
std::string string_name(const std::string& s) { return s; }
std::string string_of(const std::string& s) { return s; }

std::vector<Parameter> build_table() {
  std::vector<Parameter> t;
  // Top level.
  t.push_back(choice_row<std::string>(
      {"preset", "--preset", "values to start from; the file's or flags' keys override them", ""},
      preset_names(), string_of, string_name, [](RunConfig& c) -> std::string& { return c.train.preset; }));
  // [task]
  t.push_back(rule_row({"task.rule", "--rule", "the task (rule of the labels, or data files)", ""},
                       [](RunConfig& c) -> std::string& { return c.train.task.rule; }));
  t.push_back(integer_row<std::uint64_t>(
      {"task.rule_seed", "--rule-seed", "seed of a rule with random parts (committee teachers)", ""},
      0, kMaxSeed, [](RunConfig& c) -> std::uint64_t& { return c.train.task.rule_seed; }));
  t.push_back(real_row({"task.train_fraction", "--train-fraction",
                        "share of the patterns (of a two-file task: of the training file's) in each network's training sample", "share"},
                       {0.0, 1.0, true, false},
                       [](RunConfig& c) -> double& { return c.train.task.train_fraction; }));
  // [network]
  t.push_back(widths_row({"network.widths", "--widths", "hidden layer widths, input side first", "units"},
                         [](RunConfig& c) -> std::vector<int>& { return c.train.network.hidden_widths; }));
  t.push_back(choice_row<Activation>(
      {"network.activation", "--activation", "hidden-layer activation", ""},
      {"tanh", "relu", "linear", "sigmoid"}, activation_of, activation_name,
      [](RunConfig& c) -> Activation& { return c.train.network.activation; }));
  t.push_back(choice_row<OutputKind>(
      {"network.output", "--output", "output layer: softmax (n_labels units) or sigmoid (1 unit)", ""},
      {"softmax", "sigmoid"}, output_of, output_name,
      [](RunConfig& c) -> OutputKind& { return c.train.network.output; }));
  t.push_back(real_row({"network.init_scale", "--init-scale",
                        "initial weight std = init_scale / sqrt(fan_in); biases start at 0", ""},
                       {0.0, 1000.0, true, false},
                       [](RunConfig& c) -> double& { return c.train.network.init.init_scale; }));
  t.push_back(boolean_row({"network.init_truncated", "--init-truncated",
                           "truncate the initial weights at 2 standard deviations", ""},
                          [](RunConfig& c) -> bool& { return c.train.network.init.truncated; }));
  t.push_back(real_row({"network.noise_var", "--noise-var",
                        "variance of independent Gaussian noise on every hidden unit after its activation, "
                        "in training and recording; 0 = off", "activation^2"},
                       {0.0, 1e6, false, false}, [](RunConfig& c) -> double& { return c.train.network.noise_var; }));
  t.push_back(integer_row<int>({"network.quantize_bits", "--quantize-bits",
                                "quantize hidden activations to 2^bits levels (straight-through gradient); 0 = off", "bits"},
                               0, 16, [](RunConfig& c) -> int& { return c.train.network.quantize_bits; }));
  t.push_back(range_pair_row({"network.quantize_range", "--quantize-range",
                              "[lo, hi] of the quantizer; auto: tanh [-1, 1], sigmoid [0, 1], relu [0, 4], linear [-4, 4]",
                              "activation"},
                             [](RunConfig& c) -> std::vector<double>& { return c.train.network.quantize_range; }));
  // [optimizer]
  t.push_back(choice_row<OptimizerKind>(
      {"optimizer.name", "--optimizer", "sgd, adam, or gd (full batch: one step per epoch)", ""},
      {"sgd", "adam", "gd"}, optimizer_of, optimizer_name,
      [](RunConfig& c) -> OptimizerKind& { return c.train.optimizer.kind; }));
  t.push_back(real_row({"optimizer.learning_rate", "--lr", "step size", ""}, {0.0, 10.0, true, false},
                       [](RunConfig& c) -> double& { return c.train.optimizer.learning_rate; }));
  t.push_back(integer_row<int>({"optimizer.batch_size", "--batch", "samples per mini-batch (gd: ignored)", "samples"},
                               1, 1'000'000, [](RunConfig& c) -> int& { return c.train.optimizer.batch_size; }));
  t.push_back(real_row({"optimizer.beta1", "--adam-beta1", "Adam's first-moment decay", ""}, {0.0, 1.0, false, true},
                       [](RunConfig& c) -> double& { return c.train.optimizer.beta1; }));
  t.push_back(real_row({"optimizer.beta2", "--adam-beta2", "Adam's second-moment decay", ""}, {0.0, 1.0, false, true},
                       [](RunConfig& c) -> double& { return c.train.optimizer.beta2; }));
  t.push_back(real_row({"optimizer.epsilon", "--adam-epsilon", "Adam's denominator guard", ""}, {0.0, 1.0, true, false},
                       [](RunConfig& c) -> double& { return c.train.optimizer.epsilon; }));
  // [training]
  t.push_back(integer_row<int>({"training.networks", "--networks", "networks in the ensemble", "networks"},
                               1, 100'000, [](RunConfig& c) -> int& { return c.train.training.networks; }));
  t.push_back(integer_row<int>({"training.epochs", "--epochs", "training epochs", "epochs"}, 1, 100'000'000,
                               [](RunConfig& c) -> int& { return c.train.training.epochs; }));
  t.push_back(integer_row<std::uint64_t>(
      {"training.seed", "--seed", "ensemble seed: network i draws its sample, weights and batches from it", ""},
      0, kMaxSeed, [](RunConfig& c) -> std::uint64_t& { return c.train.training.seed; }));
  t.push_back(integer_row<int>({"training.threads", "--threads", "worker threads; 0 = all cores (results do not depend on it)", "threads"},
                               0, 4096, [](RunConfig& c) -> int& { return c.train.training.threads; }));
  t.push_back(record_row({"training.record", "--record", "epochs at which every layer is recorded", "epochs"}));
  t.push_back(integer_row<int>({"training.record_points", "--record-points", "K of the log schedule (training.record = \"log\")", "points"},
                               2, 1'000'000, [](RunConfig& c) -> int& { return c.train.training.record.points; }));
  // [info]
  t.push_back(estimators_row({"info.estimators", "--estimators", "information-plane estimators (docs/estimators.md)", ""},
                             [](RunConfig& c) -> std::vector<std::string>& { return c.info.estimators; }));
  t.push_back(integer_row<int>({"info.bins", "--bins", "bins per unit (binning, adaptive)", "bins"}, 2, 65535,
                               [](RunConfig& c) -> int& { return c.info.options.bins; }));
  t.push_back(choice_row<std::string>(
      {"info.range", "--range", "binning range: fixed (range_lo..range_hi) or data (min..max per layer)", ""},
      {"fixed", "data"}, string_of, string_name, [](RunConfig& c) -> std::string& { return c.info.options.range; }));
  t.push_back(real_row({"info.range_lo", "--range-lo", "lower end of the fixed binning range", "activation"},
                       {-kBig, kBig, false, false}, [](RunConfig& c) -> double& { return c.info.options.range_lo; }));
  t.push_back(real_row({"info.range_hi", "--range-hi", "upper end of the fixed binning range", "activation"},
                       {-kBig, kBig, false, false}, [](RunConfig& c) -> double& { return c.info.options.range_hi; }));
  t.push_back(boolean_row({"info.reference_digitize", "--reference-digitize",
                           "bins as the reference code makes them (numpy.linspace edges, numpy.digitize)", ""},
                          [](RunConfig& c) -> bool& { return c.info.options.reference_digitize; }));
  t.push_back(real_row({"info.sigma2", "--sigma2", "variance of the Gaussian noise added to T (kde, noisy)", "activation^2"},
                       {0.0, 1e6, true, false}, [](RunConfig& c) -> double& { return c.info.options.sigma2; }));
  t.push_back(integer_row<int>({"info.mc_samples", "--mc-samples", "Monte-Carlo samples of the noisy-layer estimate", "samples"},
                               1, 10'000'000, [](RunConfig& c) -> int& { return c.info.options.mc_samples; }));
  t.push_back(integer_row<int>({"info.k", "--k", "neighbours (ksg)", "neighbours"}, 1, 1000,
                               [](RunConfig& c) -> int& { return c.info.options.k; }));
  t.push_back(real_row({"info.ksg_noise_var", "--ksg-noise-var", "variance of Gaussian noise added to T before KSG", "activation^2"},
                       {0.0, 1e6, false, false}, [](RunConfig& c) -> double& { return c.info.options.ksg_noise_var; }));
  t.push_back(real_row({"info.ksg_jitter", "--ksg-jitter", "std of KSG's tie-breaking jitter, relative to the data's scale", ""},
                       {0.0, 1.0, false, false}, [](RunConfig& c) -> double& { return c.info.options.ksg_jitter; }));
  t.push_back(integer_row<std::uint64_t>(
      {"info.seed", "--estimator-seed", "seed of the estimators' random draws (ksg noise and jitter)", ""},
      0, kMaxSeed, [](RunConfig& c) -> std::uint64_t& { return c.info.options.seed; }));
  t.push_back(integer_row<int>({"info.threads", "--estimator-threads", "threads of the kde and ksg loops (results do not depend on it)", "threads"},
                               1, 4096, [](RunConfig& c) -> int& { return c.info.options.threads; }));
  t.push_back(integer_row<int>({"info.eval_rows", "--eval-rows",
                                "patterns the information plane is estimated on: a random subset (info.seed) of the "
                                "evaluation patterns (a two-file task's test file, else all); 0 = all of them", "patterns"},
                               0, 100'000'000, [](RunConfig& c) -> int& { return c.info.eval_rows; }));
  t.push_back(real_row({"info.dpi_tol_bits", "--dpi-tol", "a layer violates the DPI when it holds this much more than the one before", "bits"},
                       {0.0, 1.0, false, false}, [](RunConfig& c) -> double& { return c.info.dpi_tol_bits; }));
  // [ib]
  t.push_back(boolean_row({"ib.curve", "--ib-curve", "compute the task's IB curve", ""},
                          [](RunConfig& c) -> bool& { return c.ib.curve; }));
  t.push_back(real_row({"ib.beta_min", "--beta-min", "first beta of the IB curve", ""}, {0.0, 1e12, true, false},
                       [](RunConfig& c) -> double& { return c.ib.curve_options.beta_min; }));
  t.push_back(real_row({"ib.beta_max", "--beta-max", "last beta of the IB curve (>= ib.beta_min)", ""}, {0.0, 1e12, true, false},
                       [](RunConfig& c) -> double& { return c.ib.curve_options.beta_max; }));
  t.push_back(integer_row<int>({"ib.points", "--points", "log-spaced betas of the IB curve", "points"}, 1, 100'000,
                               [](RunConfig& c) -> int& { return c.ib.curve_options.n_betas; }));
  t.push_back(integer_row<std::size_t>({"ib.max_clusters", "--max-clusters", "largest |T|; 0 = distinct rows of p(y|x)", "clusters"},
                                       0, 1'000'000, [](RunConfig& c) -> std::size_t& { return c.ib.curve_options.max_clusters; }));
  t.push_back(real_row({"ib.tolerance", "--ib-tolerance", "fixed point: max change of p(t|x) per update", "probability"},
                       {0.0, 1.0, true, true}, [](RunConfig& c) -> double& { return c.ib.curve_options.tolerance; }));
  t.push_back(integer_row<int>({"ib.max_iterations", "--ib-max-iterations", "updates per fixed point", "updates"}, 1, 1'000'000'000,
                               [](RunConfig& c) -> int& { return c.ib.curve_options.max_iterations; }));
  t.push_back(real_row({"ib.split_perturbation", "", "relative push of a split cluster's decoder copies", ""},
                       {0.0, 1.0, true, true}, [](RunConfig& c) -> double& { return c.ib.curve_options.split_perturbation; }));
  t.push_back(real_row({"ib.merge_distance", "", "clusters whose p(y|t) differ by less (max abs) merge", "probability"},
                       {0.0, 1.0, true, true}, [](RunConfig& c) -> double& { return c.ib.curve_options.merge_distance; }));
  t.push_back(integer_row<std::uint64_t>({"ib.seed", "--ib-seed", "seed of the IB solver's split perturbations", ""},
                                         0, kMaxSeed, [](RunConfig& c) -> std::uint64_t& { return c.ib.curve_options.seed; }));
  t.push_back(beta_star_epochs_row({"ib.beta_star_epochs", "--beta-star-epochs",
                                    "epochs at which beta* of every layer is fitted (each snaps to the nearest recorded epoch)", "epochs"}));
  t.push_back(integer_row<int>({"ib.beta_star_networks", "--beta-star-networks", "fit beta* for the first N networks only; 0 = all", "networks"},
                               0, 100'000, [](RunConfig& c) -> int& { return c.ib.beta_star_networks; }));
  // [verdict]
  t.push_back(integer_list_or_none_row<int>({"verdict.bins", "--verdict-bins", "verdict: binning with each of these bins per unit", "bins"},
                                            2, 65535, [](RunConfig& c) -> std::vector<int>& { return c.verdict.bins; }));
  t.push_back(name_list_row({"verdict.ranges", "--verdict-ranges", "verdict: the binning ranges each bin count is run with", ""},
                            {"fixed", "data"}, [](RunConfig& c) -> std::vector<std::string>& { return c.verdict.ranges; }));
  t.push_back(boolean_row({"verdict.adaptive", "--verdict-adaptive", "verdict: adaptive binning (info.bins bins per unit)", ""},
                          [](RunConfig& c) -> bool& { return c.verdict.adaptive; }));
  t.push_back(real_list_or_none_row({"verdict.kde_sigma2", "--verdict-kde-sigma2", "verdict: KDE upper and lower bounds with each noise variance", "activation^2"},
                                    {0.0, 1e6, true, false}, [](RunConfig& c) -> std::vector<double>& { return c.verdict.kde_sigma2; }));
  t.push_back(integer_list_or_none_row<int>({"verdict.ksg_k", "--verdict-ksg-k", "verdict: KSG with each neighbour count", "neighbours"},
                                            1, 1000, [](RunConfig& c) -> std::vector<int>& { return c.verdict.ksg_k; }));
  t.push_back(real_list_or_none_row({"verdict.noisy_sigma2", "--verdict-noisy-sigma2", "verdict: noisy-layer estimate (Goldfeld et al.) with each noise variance", "activation^2"},
                                    {0.0, 1e6, true, false}, [](RunConfig& c) -> std::vector<double>& { return c.verdict.noisy_sigma2; }));
  t.push_back(integer_list_or_none_row<int>({"verdict.exact_bits", "--verdict-exact-bits", "verdict: exact counts over the activations quantized to each number of bits", "bits"},
                                            1, 16, [](RunConfig& c) -> std::vector<int>& { return c.verdict.exact_bits; }));
  t.push_back(integer_row<int>({"verdict.networks", "--first-networks", "verdict: the first N networks of the run; 0 = all", "networks"},
                               0, 100'000, [](RunConfig& c) -> int& { return c.verdict.networks; }));
  t.push_back(integer_row<int>({"verdict.epochs_every", "--epochs-every", "verdict: every k-th recorded epoch (the first and last always)", "epochs"},
                               1, 1'000'000, [](RunConfig& c) -> int& { return c.verdict.epochs_every; }));
  t.push_back(integer_row<int>({"verdict.resamples", "--resamples", "verdict: bootstrap resamples of the networks for the 95% intervals", "resamples"},
                               100, 1'000'000, [](RunConfig& c) -> int& { return c.verdict.resamples; }));
  t.push_back(integer_row<std::uint64_t>({"verdict.seed", "--bootstrap-seed", "verdict: seed of the bootstrap resamples", ""},
                                         0, kMaxSeed, [](RunConfig& c) -> std::uint64_t& { return c.verdict.seed; }));
  t.push_back(real_row({"verdict.tolerance_bits", "--compression-tolerance",
                        "verdict: a layer compresses when its mean I(X;T) drops from the peak by more; significantly when the interval's lower end does", "bits"},
                       {0.0, 1e3, false, false}, [](RunConfig& c) -> double& { return c.verdict.tolerance_bits; }));
  // [output]
  t.push_back(boolean_row({"output.figures", "--figures", "draw the figures (infoplane plot)", ""},
                          [](RunConfig& c) -> bool& { return c.output.figures; }));
  t.push_back(boolean_row({"output.movie", "--movie", "draw the information-plane movie", ""},
                          [](RunConfig& c) -> bool& { return c.output.movie; }));
  return t;
}

}  // namespace

std::string Parameter::table() const {
  const auto dot = key.find('.');
  return dot == std::string::npos ? "" : key.substr(0, dot);
}

std::string Parameter::name() const {
  const auto dot = key.find('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

const std::vector<Parameter>& parameter_table() {
  static const std::vector<Parameter> table = build_table();
  return table;
}

const Parameter* find_parameter(const std::string& key) {
  for (const auto& p : parameter_table())
    if (p.key == key) return &p;
  return nullptr;
}

namespace {

[[noreturn]] void fail_value(const Parameter& p, const std::string& value_text,
                             const std::string& where, const std::string& expected) {
  std::string message = where + ": " + p.key + " = " + value_text + ": expected " + expected;
  if (!p.flag.empty()) message += " (flag " + p.flag + ")";
  throw Error(message);
}

}  // namespace

void apply_parameter(const Parameter& parameter, const ConfigValue& value, RunConfig& config,
                     const std::string& where) {
  try {
    parameter.set(value, config);
  } catch (const ParameterValueError& e) {
    fail_value(parameter, to_toml_text(value), where, e.expected);
  }
}

ConfigValue parse_flag_text(const Parameter& p, const std::string& text) {
  auto integer = [&](const std::string& item) {
    std::size_t used = 0;
    try {
      const long long v = std::stoll(item, &used);
      if (used == item.size()) return ConfigValue::of(static_cast<std::int64_t>(v));
    } catch (const std::exception&) {
    }
    fail_value(p, text, "command line", p.expected);
  };
  auto list_of = [&](auto item_of) {
    std::vector<ConfigValue> items;
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto comma = text.find(',', start);
      const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      items.push_back(item_of(item));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return ConfigValue::of_list(std::move(items));
  };
  switch (p.type) {
    case ParameterType::kInteger: return integer(text);
    case ParameterType::kReal: {
      std::size_t used = 0;
      try {
        const double v = std::stod(text, &used);
        if (used == text.size()) return ConfigValue::of(v);
      } catch (const std::exception&) {
      }
      fail_value(p, text, "command line", p.expected);
    }
    case ParameterType::kBoolean:
      if (text == "true" || text == "1") return ConfigValue::of(true);
      if (text == "false" || text == "0") return ConfigValue::of(false);
      fail_value(p, text, "command line", p.expected);
    case ParameterType::kString: return ConfigValue::of(text);
    case ParameterType::kIntegerList: return list_of(integer);
    case ParameterType::kStringList: return list_of([](const std::string& s) { return ConfigValue::of(s); });
    case ParameterType::kStringOrIntegerList:
      if (!text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-'))
        return list_of(integer);
      return ConfigValue::of(text);
    case ParameterType::kStringOrRealList:
      if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-' || text[0] == '.'))
        return ConfigValue::of(text);
      return list_of([&](const std::string& item) {
        std::size_t used = 0;
        try {
          const double v = std::stod(item, &used);
          if (used == item.size()) return ConfigValue::of(v);
        } catch (const std::exception&) {
        }
        fail_value(p, text, "command line", p.expected);
      });
  }
  return ConfigValue::of(text);
}

void validate_run_config(const RunConfig& c,
                         const std::function<std::string(const std::string& key)>& where_of) {
  auto fail = [&](const std::string& key, const std::string& value, const std::string& expected) {
    fail_value(*find_parameter(key), value, where_of(key), expected);
  };
  const auto& t = c.train.training;
  if (t.record.mode == RecordMode::kList) {
    for (int e : t.record.epochs)
      if (e > t.epochs)
        fail("training.record", std::to_string(e),
             "each epoch in [0, training.epochs = " + std::to_string(t.epochs) + "]");
  }
  const auto& n = c.train.network;
  if (!n.quantize_range.empty() && n.quantize_bits == 0)
    fail("network.quantize_range", to_toml_text(ConfigValue::of_list(n.quantize_range)),
         "\"auto\" while network.quantize_bits = 0 (the range is used only by the quantizer)");
  const auto& o = c.info.options;
  if (!(o.range_lo < o.range_hi))
    fail("info.range_hi", to_toml_text(ConfigValue::of(o.range_hi)),
         "a number > info.range_lo = " + to_toml_text(ConfigValue::of(o.range_lo)));
  const auto& ib = c.ib.curve_options;
  if (!(ib.beta_max >= ib.beta_min))
    fail("ib.beta_max", to_toml_text(ConfigValue::of(ib.beta_max)),
         "a number >= ib.beta_min = " + to_toml_text(ConfigValue::of(ib.beta_min)));
  if (c.ib.beta_star_networks > t.networks)
    fail("ib.beta_star_networks", std::to_string(c.ib.beta_star_networks),
         "an integer in [0, training.networks = " + std::to_string(t.networks) + "]");
}

}  // namespace infoplane
