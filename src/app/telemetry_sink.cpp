// TelemetrySink: every sample of a known machine -> machine_metrics, one transaction per batch.
#include <spdlog/spdlog.h>

#include <map>

#include "kerf/app/change.h"
#include "kerf/app/machine_sink.h"
#include "kerf/store/store.h"

namespace kerf::app {

Status TelemetrySink::consume(std::span<const ingest::Sample> batch) {
  std::map<std::string, std::optional<int64_t>> ids;  // machine code -> id (nullopt: unknown)
  uint64_t stored = 0;
  uint64_t unknown = 0;
  std::vector<std::string> new_unknown;
  Status s = changes_.db().transact([&](store::Tx& tx) -> Status {
    stored = unknown = 0;
    new_unknown.clear();
    ids.clear();
    std::vector<store::MetricRow> rows;
    rows.reserve(batch.size());
    for (const auto& sample : batch) {
      auto it = ids.find(sample.machine);
      if (it == ids.end()) {
        auto m = store::find_machine_by_code(tx, sample.machine);
        if (!m.ok()) return m.error();
        std::optional<int64_t> id;
        if (*m && (*m)->active) id = (*m)->id;
        it = ids.emplace(sample.machine, id).first;
        if (!id) new_unknown.push_back(sample.machine);
      }
      if (!it->second) {
        ++unknown;
        continue;
      }
      store::MetricRow row;
      row.machine_id = *it->second;
      row.signal = sample.signal;
      row.ts_ms = sample.ts_ms;
      row.num = ingest::as_number(sample.value);
      if (std::holds_alternative<std::string>(sample.value)) {
        row.text = std::get<std::string>(sample.value);
      }
      row.quality = ingest::to_string(sample.quality);
      rows.push_back(std::move(row));
    }
    stored = rows.size();
    return store::insert_metrics(tx, rows);
  });
  std::lock_guard lock(mu_);
  if (!s.ok()) {
    spdlog::error("telemetry sink: batch of {} failed: {}", batch.size(), s.error().message);
    return s;
  }
  counters_.samples += stored;
  counters_.unknown_machine += unknown;
  for (const auto& code : new_unknown) {
    if (logged_unknown_.size() < 1000 && logged_unknown_.insert(code).second) {
      spdlog::warn("telemetry sink: unknown or inactive machine '{}': samples ignored", code);
    }
  }
  return ok_status();
}

SinkCounters TelemetrySink::counters() const {
  std::lock_guard lock(mu_);
  return counters_;
}

}  // namespace kerf::app
