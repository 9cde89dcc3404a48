// TOML text -> table for kerf's configuration readers (core/config.cpp and every module's
// section parser), with one wording for syntax errors.
#pragma once

#include <toml++/toml.h>

#include <string>

#include "kerf/core/result.h"

namespace kerf {

// The parsed table, or a field error on "config" naming the line and the reason of the first
// syntax error. Empty text is an empty table.
Result<toml::table> parse_toml(const std::string& text);

}  // namespace kerf
