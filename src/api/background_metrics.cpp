#include "kerf/api/background_metrics.h"

#include <fmt/format.h>

namespace kerf::api {

void expose_background(Metrics& metrics, const app::Background& background) {
  metrics.add_collector([&background] {
    const auto stats = background.stats();
    std::string runs =
        "# HELP kerf_background_runs_total Runs of each background task.\n"
        "# TYPE kerf_background_runs_total counter\n";
    std::string failures =
        "# HELP kerf_background_failures_total Failed runs of each background task (logged).\n"
        "# TYPE kerf_background_failures_total counter\n";
    for (const auto& t : stats) {
      runs += fmt::format("kerf_background_runs_total{{task=\"{}\"}} {}\n", t.name, t.runs);
      failures +=
          fmt::format("kerf_background_failures_total{{task=\"{}\"}} {}\n", t.name, t.failures);
    }
    return runs + failures;
  });
}

}  // namespace kerf::api
