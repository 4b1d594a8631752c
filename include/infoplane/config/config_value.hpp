#pragma once
// A parameter value as the user wrote it, before it is checked against the parameter table:
// from a TOML node (config/experiment_reader.cpp) or from a command-line flag's text
// (parse_flag_text). The same value renders back as TOML (the resolved configuration) and in
// error messages, so a value reads the same in every channel.
#include <cstdint>
#include <string>
#include <vector>

namespace infoplane {

struct ConfigValue {
  enum class Type { kInteger, kReal, kBoolean, kString, kList };
  Type type = Type::kString;
  std::int64_t integer = 0;
  double real = 0.0;
  bool boolean = false;
  std::string string;
  std::vector<ConfigValue> list;

  static ConfigValue of(std::int64_t v);
  static ConfigValue of(double v);
  static ConfigValue of(bool v);
  static ConfigValue of(std::string v);
  static ConfigValue of(const char* v) { return of(std::string(v)); }
  static ConfigValue of_list(std::vector<ConfigValue> items);
  template <class T>
  static ConfigValue of_list(const std::vector<T>& items) {
    std::vector<ConfigValue> out;
    for (const auto& v : items) out.push_back(of(v));
    return of_list(std::move(out));
  }
  static ConfigValue of(int v) { return of(static_cast<std::int64_t>(v)); }
  static ConfigValue of(std::uint64_t v) { return of(static_cast<std::int64_t>(v)); }

  bool is_number() const { return type == Type::kInteger || type == Type::kReal; }
  double as_real() const { return type == Type::kInteger ? static_cast<double>(integer) : real; }
};

// TOML text of a value: integers, reals in their shortest round-trip form (always with a '.'
// or an exponent, so they read back as reals), "quoted strings", [lists].
std::string to_toml_text(const ConfigValue& value);

}  // namespace infoplane
