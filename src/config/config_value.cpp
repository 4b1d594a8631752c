// ConfigValue constructors and its TOML rendering.
#include "infoplane/config/config_value.hpp"

#include <charconv>
#include <cmath>

namespace infoplane {

ConfigValue ConfigValue::of(std::int64_t v) {
  ConfigValue c;
  c.type = Type::kInteger;
  c.integer = v;
  return c;
}

ConfigValue ConfigValue::of(double v) {
  ConfigValue c;
  c.type = Type::kReal;
  c.real = v;
  return c;
}

ConfigValue ConfigValue::of(bool v) {
  ConfigValue c;
  c.type = Type::kBoolean;
  c.boolean = v;
  return c;
}

ConfigValue ConfigValue::of(std::string v) {
  ConfigValue c;
  c.type = Type::kString;
  c.string = std::move(v);
  return c;
}

ConfigValue ConfigValue::of_list(std::vector<ConfigValue> items) {
  ConfigValue c;
  c.type = Type::kList;
  c.list = std::move(items);
  return c;
}

namespace {

std::string real_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;  // shortest round trip
  std::string s(buf, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out + "\"";
}

}  // namespace

std::string to_toml_text(const ConfigValue& value) {
  switch (value.type) {
    case ConfigValue::Type::kInteger: return std::to_string(value.integer);
    case ConfigValue::Type::kReal: return real_text(value.real);
    case ConfigValue::Type::kBoolean: return value.boolean ? "true" : "false";
    case ConfigValue::Type::kString: return quoted(value.string);
    case ConfigValue::Type::kList: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.list.size(); ++i) {
        out += (i ? ", " : "") + to_toml_text(value.list[i]);
      }
      return out + "]";
    }
  }
  return "?";
}

}  // namespace infoplane
