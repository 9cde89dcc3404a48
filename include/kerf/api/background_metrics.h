// /metrics exposition of a node's background tasks (app::Background).
#pragma once

#include "kerf/api/metrics.h"
#include "kerf/app/background.h"

namespace kerf::api {

// Adds kerf_background_runs_total{task} and kerf_background_failures_total{task} to `metrics`.
// `background` must outlive `metrics`' scrapes.
void expose_background(Metrics& metrics, const app::Background& background);

}  // namespace kerf::api
