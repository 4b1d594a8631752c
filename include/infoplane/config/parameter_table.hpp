#pragma once
// The one parameter table: every user-facing parameter of a run, declared once with its TOML
// key, command-line flag, help text, units and allowed values (the habit of mlpack's PARAM_*
// declarations). From it come the only TOML reader (config/experiment_reader.hpp), the options
// of every subcommand (apps/infoplane/parameter_flags.cpp), the validation messages, the writer
// of the resolved configuration (config/config_writer.hpp) and docs/parameters.md. The default
// of a parameter is the initializer of its RunConfig field (config/run_config.hpp).
//
// Messages have one form wherever the value came from:
//   FILE:LINE: key = value: expected ... (flag --x)
//   command line: key = value: expected ... (flag --x)
#include <functional>
#include <string>
#include <vector>

#include "infoplane/config/config_value.hpp"
#include "infoplane/config/run_config.hpp"

namespace infoplane {

// The kinds of value a parameter takes, which also says how a flag's text is read.
enum class ParameterType {
  kInteger,             // 12
  kReal,                // 4e-4 (integers are accepted)
  kBoolean,             // true / false; a flag without a value means true
  kString,              // spherical
  kIntegerList,         // [10, 7, 5]; on the command line 10,7,5
  kStringList,          // ["binning", "kde"]; on the command line binning,kde
  kStringOrIntegerList, // "log" or [0, 10, 100]; on the command line log or 0,10,100
  kStringOrRealList,    // "auto" or [-1.0, 1.0]; on the command line auto or -1,1
};

struct Parameter {
  std::string key;        // "optimizer.learning_rate"; the table is the part before the dot
  std::string flag;       // "--lr"; empty: TOML only
  std::string help;       // one line
  std::string units;      // "bits", "epochs", ""...
  ParameterType type;
  std::string expected;   // the allowed values, as messages and docs state them
  // Checks the value against `expected` and stores it; on a bad value throws ParameterValueError.
  std::function<void(const ConfigValue&, RunConfig&)> set;
  std::function<ConfigValue(const RunConfig&)> get;

  std::string table() const;  // "optimizer"; "" for the top-level "preset"
  std::string name() const;   // "learning_rate"
};

// Thrown by Parameter::set; the caller adds where the value came from (apply_parameter).
struct ParameterValueError {
  std::string expected;
};

// The table, in the order of the TOML tables (preset, task, network, optimizer, training,
// info, ib, output) and of the keys within each.
const std::vector<Parameter>& parameter_table();
// nullptr when no parameter has that key.
const Parameter* find_parameter(const std::string& key);

// Sets `parameter` from `value`; on a bad value throws infoplane::Error
// "<where>: <key> = <value>: expected ... (flag --x)". `where` is "FILE:LINE" or "command line".
void apply_parameter(const Parameter& parameter, const ConfigValue& value, RunConfig& config,
                     const std::string& where);

// Reads a flag's text as the parameter's type ("10,7,5" -> [10, 7, 5]); throws infoplane::Error
// in the same form as apply_parameter when the text is not of that type.
ConfigValue parse_flag_text(const Parameter& parameter, const std::string& text);

// Checks the rules that tie parameters together (recorded epochs within training.epochs,
// beta_min <= beta_max, range_lo < range_hi, beta* networks within the ensemble). `where_of`
// gives the "FILE:LINE" of a key (or the source name when the key was not written).
void validate_run_config(const RunConfig& config,
                         const std::function<std::string(const std::string& key)>& where_of);

// The named presets: each is a set of values over the defaults (a fragment of TOML read by
// the same reader). "reference-code" (the default): Adam, lr 4e-4, batch 512; "paper": SGD,
// lr 0.01, batch 512. Throws infoplane::Error naming `where` for another name.
RunConfig preset_run_config(const std::string& name, const std::string& where);
std::vector<std::string> preset_names();

// docs/parameters.md: one Markdown table per TOML table (key, flag, default, allowed, units,
// meaning), generated from the table; a test checks that the committed file matches.
std::string parameter_docs_markdown();

}  // namespace infoplane
