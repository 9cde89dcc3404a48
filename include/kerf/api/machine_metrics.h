// /metrics exposition of the machines: kerf_machine_state{machine,state} (1 for the current
// state, 0 for the others), kerf_machine_oee{machine} (today so far) and, when the ingest sinks
// are given, kerf_ingest_sink_samples_total / _unknown_machine_total / _invalid_total{sink}.
#pragma once

#include <vector>

#include "kerf/api/metrics.h"
#include "kerf/app/machine_sink.h"
#include "kerf/app/services.h"

namespace kerf::api {

// `services` and every sink must outlive `metrics`' scrapes. Machine codes are admin-defined,
// so the label values are bounded.
void expose_machines(Metrics& metrics, app::Services& services,
                     std::vector<const app::MachineSink*> machine_sinks = {},
                     std::vector<const app::TelemetrySink*> telemetry_sinks = {});

}  // namespace kerf::api
