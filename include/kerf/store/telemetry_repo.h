// Telemetry: raw samples (machine_metrics), hourly rollups (machine_rollups), hourly time per
// state (machine_state_hours), downsampled range queries and retention. Used only by the app
// layer inside Database::transact/read. All times are UTC milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/store/database.h"

namespace kerf::store {

struct MetricRow {
  int64_t machine_id = 0;
  std::string signal;
  int64_t ts_ms = 0;
  std::optional<double> num;        // numeric view of the value (bool 0/1)
  std::optional<std::string> text;  // text values (enumerations, programs, alarms)
  std::string quality = "good";     // "good", "unavailable", "bad"
};

// Inserts `rows` with multi-row INSERTs (the caller's transaction: one per batch).
Status insert_metrics(Tx& tx, std::span<const MetricRow> rows);

// One downsampled point: [t, t + width) of a series.
struct SeriesPoint {
  int64_t t = 0;
  double min = 0;
  double max = 0;
  double avg = 0;
  int64_t count = 0;
};
// Raw samples of a numeric series in [from_ms, to_ms) aggregated into buckets of bucket_ms
// (aligned to from_ms); empty buckets are left out.
Result<std::vector<SeriesPoint>> raw_series(Tx& tx, int64_t machine_id, const std::string& signal,
                                            int64_t from_ms, int64_t to_ms, int64_t bucket_ms);
// The same from the hourly rollups (bucket_ms a multiple of one hour; buckets aligned to
// from_ms floored to the hour).
Result<std::vector<SeriesPoint>> rollup_series(Tx& tx, int64_t machine_id,
                                               const std::string& signal, int64_t from_ms,
                                               int64_t to_ms, int64_t bucket_ms);

// Recomputes the rollups of hour [hour_start_ms, +1h) for every machine from machine_metrics
// and the state timeline (idempotent: replaces that hour's rows). Returns the rows written.
Result<int64_t> rollup_hour(Tx& tx, int64_t hour_start_ms);
// Deletes raw metrics older than before_ms; returns how many. On PostgreSQL monthly partitions
// wholly before before_ms are dropped first (their rows count as deleted).
Result<int64_t> purge_metrics(Tx& tx, int64_t before_ms);
// PostgreSQL: creates the monthly partitions machine_metrics_pYYYYMM (UTC months) of the month
// after now_ms and the one after that, unless they exist or the DEFAULT partition already holds
// rows of their range; returns how many it created. SQLite: no-op (0).
Result<int64_t> ensure_metric_partitions(Tx& tx, int64_t now_ms);

// Seconds per state from machine_state_hours for a machine in [from_ms, to_ms) (whole hours).
struct StateSeconds {
  std::string state;
  double seconds = 0;
};
Result<std::vector<StateSeconds>> state_hours(Tx& tx, int64_t machine_id, int64_t from_ms,
                                              int64_t to_ms);

}  // namespace kerf::store
