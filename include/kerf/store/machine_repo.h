// Machines (master data + current state), their state timeline, part events and the per
// operation machine actuals. Repository functions: used only by the app layer, always inside
// Database::transact/read. Times: *_ms are UTC milliseconds; TimePoints bind as microseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/model/machine.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- machine (machines) ----
// list_machines: filters {work_center_id, protocol, active, code}; search over {code, name};
// sort by {id, code, name}; date range on none.
Result<model::Machine> get_machine(Tx& tx, int64_t id);  // kNotFound "machine 12 not found"
Result<Page<model::Machine>> list_machines(Tx& tx, const ListQuery& query);
// nullopt when no machine has `code`.
Result<std::optional<model::Machine>> find_machine_by_code(Tx& tx, const std::string& code);
// Every machine of a work center, by id.
Result<std::vector<model::Machine>> machines_of_work_center(Tx& tx, int64_t work_center_id);
// Inserts (id assigned, version = 1; state UNKNOWN) and returns it. Validates first.
Result<model::Machine> insert_machine(Tx& tx, const model::Machine& value);
// Updates the master data if value.version is current; returns it with version + 1.
Result<model::Machine> update_machine(Tx& tx, const model::Machine& value);
// Deletes the machine, its timeline, rollups and metrics (checking the version when given).
Status delete_machine(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

// The current state columns of a machine (written by the machine sink, not versioned).
struct MachineStatus {
  int64_t machine_id = 0;
  model::MachineState state = model::MachineState::kUnknown;
  std::optional<TimePoint> state_since;
  std::optional<TimePoint> last_signal_at;
  std::string program;
  std::string alarm_code;  // "" = no alarm
  std::string alarm_text;
  int64_t part_count_total = 0;
  std::string mounted_tool;      // tool code, "" = none known
  bool wc_down_by_kerf = false;  // the down watch set the work center down
};
Result<MachineStatus> get_machine_status(Tx& tx, int64_t machine_id);  // kNotFound
// Status of every machine (by machine id).
Result<std::vector<MachineStatus>> list_machine_statuses(Tx& tx);
// Overwrites the state columns of status.machine_id.
Status save_machine_status(Tx& tx, const MachineStatus& status);

// ---- state timeline (machine_state_intervals) ----
struct StateInterval {
  int64_t id = 0;
  int64_t machine_id = 0;
  model::MachineState state = model::MachineState::kUnknown;
  int64_t from_ms = 0;
  std::optional<int64_t> to_ms;  // nullopt: the open interval
  std::optional<int64_t> operation_id;
  std::string reason;
};
// The open interval of a machine, if any.
Result<std::optional<StateInterval>> open_interval(Tx& tx, int64_t machine_id);
// Closes the open interval (if any) at to_ms and opens `next` (its to_ms is ignored).
Result<StateInterval> switch_interval(Tx& tx, int64_t to_ms, const StateInterval& next);
// Intervals overlapping [from_ms, to_ms), by from_ms; the open one is included while it began
// before to_ms.
Result<std::vector<StateInterval>> intervals_between(Tx& tx, int64_t machine_id, int64_t from_ms,
                                                     int64_t to_ms);

// ---- parts and actuals ----
Status insert_part_event(Tx& tx, int64_t machine_id, int64_t ts_ms, int64_t qty,
                         std::optional<int64_t> operation_id);
// Parts counted by a machine in [from_ms, to_ms).
Result<int64_t> parts_between(Tx& tx, int64_t machine_id, int64_t from_ms, int64_t to_ms);

struct MachineActuals {
  int64_t operation_id = 0;
  int64_t machine_id = 0;
  int64_t machine_qty = 0;
  int64_t machine_run_ms = 0;
  std::optional<int64_t> first_signal_ms;
  std::optional<int64_t> last_signal_ms;
};
// Adds qty parts and run_ms to (operation, machine) at ts_ms (created on first use).
Status add_machine_actuals(Tx& tx, int64_t operation_id, int64_t machine_id, int64_t ts_ms,
                           int64_t qty, int64_t run_ms);
// Actuals of an operation summed over its machines (zeros when none).
Result<MachineActuals> operation_actuals(Tx& tx, int64_t operation_id);
// Actuals of every operation of a job that a machine reported on, summed over its machines
// (machine_id 0), by operation id.
Result<std::vector<MachineActuals>> job_machine_actuals(Tx& tx, int64_t job_id);
// The same for the operations of the schedule slots overlapping [from, to) (the board's).
Result<std::vector<MachineActuals>> slot_machine_actuals(Tx& tx, TimePoint from, TimePoint to);
// Scrap recorded on operations completed in [from, to) that this machine produced parts for.
Result<int64_t> scrap_between(Tx& tx, int64_t machine_id, TimePoint from, TimePoint to);

}  // namespace kerf::store
