#include "kerf/core/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace kerf {

void init_logging(const std::string& level, bool json) {
  auto logger = spdlog::stderr_color_mt("kerf");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  if (json) {
    // The message is escaped by the caller's formatting only for simple text; kerf logs plain
    // ASCII messages without quotes in JSON mode.
    spdlog::set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","msg":"%v"})",
                        spdlog::pattern_time_type::utc);
  } else {
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  }
}

}  // namespace kerf
