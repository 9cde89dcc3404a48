// Process logging on spdlog: human-readable lines by default, JSON lines for log shippers.
#pragma once

#include <string>

namespace kerf {

// Configures the default spdlog logger. `level` is one of trace, debug, info, warn, error, off
// (already validated by resolve_settings). With `json`, each line is one JSON object with
// "ts", "level" and "msg" fields.
void init_logging(const std::string& level, bool json);

}  // namespace kerf
