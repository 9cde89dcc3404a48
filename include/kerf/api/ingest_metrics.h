// /metrics exposition of machine ingestion: per source kerf_ingest_source_connected,
// kerf_ingest_source_samples_total, kerf_ingest_source_rejected_total and
// kerf_ingest_source_reconnects_total{source}; the pipeline's kerf_ingest_pipeline_samples_total
// {stage="in"|"out"}, kerf_ingest_pipeline_dropped_total and
// kerf_ingest_pipeline_sink_failures_total; and the sinks' counters (machine_metrics.h).
#pragma once

#include "kerf/api/metrics.h"
#include "kerf/app/ingest_runtime.h"

namespace kerf::api {

// `runtime` must outlive `metrics`' scrapes.
void expose_ingest(Metrics& metrics, const app::IngestRuntime& runtime);

}  // namespace kerf::api
