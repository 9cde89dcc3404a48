#include "kerf/api/ingest_metrics.h"

#include <fmt/format.h>

#include "kerf/app/machine_sink.h"

namespace kerf::api {
namespace {

// A Prometheus label value: backslash, quote and newline escaped.
std::string label(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? 'n' : c;
  }
  return out;
}

std::string header(const char* name, const char* type, const char* help) {
  return fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

void expose_ingest(Metrics& metrics, const app::IngestRuntime& runtime) {
  metrics.add_collector([&runtime] {
    std::string connected = header("kerf_ingest_source_connected", "gauge",
                                   "1 while the source is connected to its peer.");
    std::string samples = header("kerf_ingest_source_samples_total", "counter",
                                 "Samples each source delivered to the pipeline.");
    std::string rejected = header("kerf_ingest_source_rejected_total", "counter",
                                  "Malformed payloads or documents, logged with the reason.");
    std::string reconnects =
        header("kerf_ingest_source_reconnects_total", "counter", "Reconnects of each source.");
    for (const auto& s : runtime.source_stats()) {
      const std::string name = label(s.name);
      connected += fmt::format("kerf_ingest_source_connected{{source=\"{}\"}} {}\n", name,
                               s.connected ? 1 : 0);
      samples += fmt::format("kerf_ingest_source_samples_total{{source=\"{}\"}} {}\n", name,
                             s.samples);
      rejected += fmt::format("kerf_ingest_source_rejected_total{{source=\"{}\"}} {}\n", name,
                              s.rejected);
      reconnects += fmt::format("kerf_ingest_source_reconnects_total{{source=\"{}\"}} {}\n", name,
                                s.reconnects);
    }
    const auto p = runtime.pipeline_stats();
    std::string pipeline =
        header("kerf_ingest_pipeline_samples_total", "counter",
               "Samples into the pipeline (in) and handed to the sinks after transforms (out).") +
        fmt::format("kerf_ingest_pipeline_samples_total{{stage=\"in\"}} {}\n", p.samples_in) +
        fmt::format("kerf_ingest_pipeline_samples_total{{stage=\"out\"}} {}\n", p.samples_out) +
        header("kerf_ingest_pipeline_dropped_total", "counter",
               "Samples dropped by transforms (duplicates, replays, unusable).") +
        fmt::format("kerf_ingest_pipeline_dropped_total {}\n", p.dropped) +
        header("kerf_ingest_pipeline_sink_failures_total", "counter",
               "Batches a sink did not accept (the source retries them).") +
        fmt::format("kerf_ingest_pipeline_sink_failures_total {}\n", p.sink_failures);
    return connected + samples + rejected + reconnects + pipeline;
  });
}

}  // namespace kerf::api
