// Machines: CRUD (admin), the live view the API lists (current state, operation, today's parts
// and OEE), the state timeline, downsampled signal series and OEE reports; plus the machine
// background work (down watch, hourly rollups, metrics retention).
//
// Writes audit and emit "machine.created|updated|deleted" {id, version, code}. The ingest-side
// use cases (state, alarms, parts, tools) are in machine_sink.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kerf/app/background.h"
#include "kerf/app/principal.h"
#include "kerf/core/result.h"
#include "kerf/ingest/oee.h"
#include "kerf/model/enums.h"
#include "kerf/model/machine.h"
#include "kerf/store/machine_repo.h"
#include "kerf/store/page.h"
#include "kerf/store/telemetry_repo.h"

namespace kerf::app {

class ChangeRunner;
class MasterDataService;

// Machine settings (kerf.toml [machines]; docs/api.md).
struct MachineOptions {
  int64_t down_after_s = 300;           // machines.down_after_s: DOWN this long -> work center down
  int64_t metrics_retention_days = 30;  // machines.metrics_retention_days: raw samples kept
  double tool_warning_ratio = 0.9;      // tool.life_warning when hits_used crosses this x life
  std::chrono::milliseconds watch_period{10'000};  // real-time period of the down watch
  int64_t oee_alert_below_pct = 40;  // machines.oee_alert_below_pct: "machine.oee_alert" when
                                     // today's OEE is under this after >= 1 h of planned time
};

// The operation running on a machine's work center, with its machine actuals.
struct MachineOperation {
  int64_t id = 0;
  int64_t job_id = 0;
  std::string job_number;
  std::string part_number;
  int32_t sequence = 0;
  int64_t qty_planned = 0;    // the job quantity
  int64_t machine_qty = 0;    // parts counted by machines for this operation
  int64_t planned_run_s = 0;  // setup + run per piece x qty_planned
  int64_t actual_run_s = 0;   // machine run time (cycle times) for this operation
};

// A machine with what the floor needs to see about it now.
struct MachineView {
  model::Machine machine;
  store::MachineStatus status;
  std::string work_center_code;                 // "" when unassigned
  std::optional<model::Department> department;  // the work center's
  std::optional<MachineOperation> current_operation;
  int64_t parts_today = 0;      // since plant-local midnight
  ingest::OeeResult oee_today;  // plant-local midnight .. now
};

enum class OeeBucket { kShift, kDay };
Result<OeeBucket> parse_oee_bucket(std::string_view text);  // "shift" | "day" (field "bucket")

struct OeeBucketResult {
  TimePoint from;
  TimePoint to;
  ingest::OeeResult oee;
};
struct OeeReport {
  ingest::OeeResult total;
  std::vector<OeeBucketResult> buckets;
};

struct SignalSeries {
  std::string signal;
  int64_t bucket_ms = 0;
  bool from_rollups = false;  // long ranges read the hourly rollups
  std::vector<store::SeriesPoint> points;
};

class MachineService {
 public:
  MachineService(ChangeRunner& changes, MasterDataService& master_data, MachineOptions options = {})
      : changes_(changes), master_data_(master_data), options_(options) {}

  // CRUD (admin). create ignores id/version; update needs the current version (kConflict);
  // work_center_id must name a work center (invalid "work_center_id").
  Result<model::Machine> create(const Principal& who, model::Machine machine);
  Result<model::Machine> update(const Principal& who, model::Machine machine);
  Status remove(const Principal& who, int64_t id, int64_t version);
  Result<model::Machine> get(const Principal& who, int64_t id);
  Result<store::Page<model::Machine>> list(const Principal& who, const store::ListQuery& query);

  // Live views (any user): every machine by code / one machine (kNotFound).
  Result<std::vector<MachineView>> views(const Principal& who);
  Result<MachineView> view(const Principal& who, int64_t id);

  // State intervals overlapping [from, to) (the open one ends at nullopt). to > from, at most
  // 31 days (invalid "to").
  Result<std::vector<store::StateInterval>> timeline(const Principal& who, int64_t id,
                                                     TimePoint from, TimePoint to);
  // A numeric signal over [from, to) in about `points` buckets (2..2000, invalid "points"):
  // raw samples when the bucket is under an hour, the hourly rollups otherwise.
  Result<SignalSeries> signal_series(const Principal& who, int64_t id, const std::string& signal,
                                     TimePoint from, TimePoint to, int points);
  // OEE of a machine / of every machine of a department over [from, to) (<= 93 days), by shift
  // (the calendar's working windows) or plant-local day.
  Result<OeeReport> oee(const Principal& who, int64_t id, TimePoint from, TimePoint to,
                        OeeBucket bucket);
  Result<OeeReport> department_oee(const Principal& who, model::Department department,
                                   TimePoint from, TimePoint to, OeeBucket bucket);

  // One pass of the down watch: a machine DOWN for down_after_s marks its available work center
  // down (through MasterDataService, actor "machine:<code>"); when it leaves DOWN the work
  // center is set available again if kerf set it down. Returns how many work centers changed.
  Result<int64_t> run_down_watch();
  // Rolls up every whole hour from the last rollup (at most 48 back) to now; returns hours done.
  Result<int64_t> run_rollups();
  // Deletes raw metrics older than metrics_retention_days; returns rows deleted.
  Result<int64_t> run_retention();
  // One pass of the OEE watch: a machine whose OEE today (>= 1 h of planned time) is below
  // oee_alert_below_pct gets one "machine.oee_alert" event {machine_id, code,
  // oee, availability, performance, quality, threshold, day} per UTC day. Returns how many.
  Result<int64_t> run_oee_watch();
  // Registers "machines.down_watch", "machines.rollup" (every 5 min) and "machines.retention"
  // (hourly).
  void add_background_tasks(Background& background);

  const MachineOptions& options() const { return options_; }

 private:
  ChangeRunner& changes_;
  MasterDataService& master_data_;
  MachineOptions options_;
  int64_t last_rollup_hour_ms_ = 0;
  std::map<int64_t, std::string> oee_alerted_day_;  // machine id -> plant day of its last alert
};

// The principal machine use cases act as: "machine:<code>", admin rights (audit actor).
Principal machine_principal(const std::string& code);

}  // namespace kerf::app
