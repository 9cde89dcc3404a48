#include "kerf/core/toml_parse.h"

namespace kerf {

Result<toml::table> parse_toml(const std::string& text) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error& e) {
    return Error::invalid("config", "TOML syntax error at line " +
                                        std::to_string(e.source().begin.line) + ": " +
                                        std::string(e.description()));
  }
}

}  // namespace kerf
