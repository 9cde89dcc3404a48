#include "kerf/store/machine_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::Machine;
using model::MachineState;

detail::Column<Machine> work_center_col() {
  return {"work_center_id", detail::ColType::kInt,
          [](const Machine& m) { return Param(m.work_center_id); },
          [](Machine& m, const Row& r, std::size_t i) {
            m.work_center_id = r.opt_int(i);
            return ok_status();
          }};
}

const detail::Table<Machine>& machines() {
  static const detail::Table<Machine> kTable = [] {
    detail::Table<Machine> t(
        {"machines",
         "machine",
         true,
         {"work_center_id", "protocol", "active", "code"},
         {"code", "name"},
         {"code", "name"},
         ""},
        {detail::text_col("code", &Machine::code), detail::text_col("name", &Machine::name),
         work_center_col(),
         detail::enum_col("protocol", &Machine::protocol, model::parse_machine_protocol),
         detail::text_col("endpoint", &Machine::endpoint),
         detail::double_col("ideal_cycle_s", &Machine::ideal_cycle_s),
         detail::bool_col("active", &Machine::active)},
        &Machine::id, &Machine::version);
    t.validate = [](const Machine& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

constexpr const char* kStatusSelect =
    "SELECT id, state, state_since, last_signal_at, program, alarm_code, alarm_text, "
    "part_count_total, mounted_tool, wc_down_by_kerf FROM machines";

Result<MachineStatus> status_of(const Row& r) {
  MachineStatus s;
  s.machine_id = r.get_int(0);
  auto state = model::parse_machine_state(r.get_text(1));
  if (!state.ok()) return Error::internal("corrupt machine state: " + state.error().message);
  s.state = *state;
  s.state_since = r.opt_time(2);
  s.last_signal_at = r.opt_time(3);
  s.program = r.get_text(4);
  s.alarm_code = r.get_text(5);
  s.alarm_text = r.get_text(6);
  s.part_count_total = r.get_int(7);
  s.mounted_tool = r.get_text(8);
  s.wc_down_by_kerf = r.get_bool(9);
  return s;
}

constexpr const char* kIntervalSelect =
    "SELECT id, machine_id, state, from_ms, to_ms, operation_id, reason "
    "FROM machine_state_intervals";

Result<StateInterval> interval_of(const Row& r) {
  StateInterval iv;
  iv.id = r.get_int(0);
  iv.machine_id = r.get_int(1);
  auto state = model::parse_machine_state(r.get_text(2));
  if (!state.ok()) return Error::internal("corrupt interval state: " + state.error().message);
  iv.state = *state;
  iv.from_ms = r.get_int(3);
  iv.to_ms = r.opt_int(4);
  iv.operation_id = r.opt_int(5);
  iv.reason = r.get_text(6);
  return iv;
}

}  // namespace

Result<Machine> get_machine(Tx& tx, int64_t id) { return machines().get(tx, id); }
Result<Page<Machine>> list_machines(Tx& tx, const ListQuery& q) { return machines().list(tx, q); }

Result<std::optional<Machine>> find_machine_by_code(Tx& tx, const std::string& code) {
  const Param p[] = {code};
  auto rows = machines().select_where(tx, "code = ?", p);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<Machine>();
  return std::optional<Machine>(rows->front());
}

Result<std::vector<Machine>> machines_of_work_center(Tx& tx, int64_t work_center_id) {
  const Param p[] = {work_center_id};
  return machines().select_where(tx, "work_center_id = ?", p);
}

Result<Machine> insert_machine(Tx& tx, const Machine& v) { return machines().insert(tx, v); }
Result<Machine> update_machine(Tx& tx, const Machine& v) { return machines().update(tx, v); }

Status delete_machine(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  // Metrics have no foreign key (hot insert path, partitioned on PostgreSQL).
  if (auto r = tx.exec("DELETE FROM machine_metrics WHERE machine_id = ?", {id}); !r.ok()) {
    return r.error();
  }
  return machines().remove(tx, id, expected_version);
}

Result<MachineStatus> get_machine_status(Tx& tx, int64_t machine_id) {
  auto row = tx.query_one(std::string(kStatusSelect) + " WHERE id = ?", {machine_id});
  if (!row.ok()) return row.error();
  if (!row->has_value()) {
    return Error::not_found("machine " + std::to_string(machine_id) + " not found");
  }
  return status_of(**row);
}

Result<std::vector<MachineStatus>> list_machine_statuses(Tx& tx) {
  auto rows = tx.query(std::string(kStatusSelect) + " ORDER BY id");
  if (!rows.ok()) return rows.error();
  std::vector<MachineStatus> out;
  for (const Row& r : *rows) {
    auto s = status_of(r);
    if (!s.ok()) return s.error();
    out.push_back(std::move(s).value());
  }
  return out;
}

Status save_machine_status(Tx& tx, const MachineStatus& s) {
  auto n = tx.exec(
      "UPDATE machines SET state = ?, state_since = ?, last_signal_at = ?, program = ?, "
      "alarm_code = ?, alarm_text = ?, part_count_total = ?, mounted_tool = ?, "
      "wc_down_by_kerf = ? WHERE id = ?",
      {std::string(model::to_string(s.state)), s.state_since, s.last_signal_at, s.program,
       s.alarm_code, s.alarm_text, s.part_count_total, s.mounted_tool, s.wc_down_by_kerf,
       s.machine_id});
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found("machine " + std::to_string(s.machine_id) + " not found");
  return ok_status();
}

Result<std::optional<StateInterval>> open_interval(Tx& tx, int64_t machine_id) {
  auto row = tx.query_one(std::string(kIntervalSelect) +
                              " WHERE machine_id = ? AND to_ms IS NULL ORDER BY from_ms DESC",
                          {machine_id});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<StateInterval>();
  auto iv = interval_of(**row);
  if (!iv.ok()) return iv.error();
  return std::optional<StateInterval>(*iv);
}

Result<StateInterval> switch_interval(Tx& tx, int64_t to_ms, const StateInterval& next) {
  // A late sample never makes an interval end before it began.
  auto closed = tx.exec(
      "UPDATE machine_state_intervals SET to_ms = CASE WHEN from_ms > ? THEN from_ms ELSE ? END "
      "WHERE machine_id = ? AND to_ms IS NULL",
      {to_ms, to_ms, next.machine_id});
  if (!closed.ok()) return closed.error();
  StateInterval out = next;
  out.to_ms.reset();
  auto id = tx.insert_returning_id(
      "INSERT INTO machine_state_intervals (machine_id, state, from_ms, to_ms, operation_id, "
      "reason) VALUES (?, ?, ?, NULL, ?, ?) RETURNING id",
      {next.machine_id, std::string(model::to_string(next.state)), next.from_ms, next.operation_id,
       next.reason});
  if (!id.ok()) return id.error();
  out.id = *id;
  return out;
}

Result<std::vector<StateInterval>> intervals_between(Tx& tx, int64_t machine_id, int64_t from_ms,
                                                     int64_t to_ms) {
  auto rows = tx.query(std::string(kIntervalSelect) +
                           " WHERE machine_id = ? AND from_ms < ? AND (to_ms IS NULL OR to_ms > ?)"
                           " ORDER BY from_ms, id",
                       {machine_id, to_ms, from_ms});
  if (!rows.ok()) return rows.error();
  std::vector<StateInterval> out;
  for (const Row& r : *rows) {
    auto iv = interval_of(r);
    if (!iv.ok()) return iv.error();
    out.push_back(std::move(iv).value());
  }
  return out;
}

Status insert_part_event(Tx& tx, int64_t machine_id, int64_t ts_ms, int64_t qty,
                         std::optional<int64_t> operation_id) {
  auto r = tx.exec(
      "INSERT INTO machine_part_events (machine_id, ts_ms, qty, operation_id) VALUES (?, ?, ?, ?)",
      {machine_id, ts_ms, qty, operation_id});
  if (!r.ok()) return r.error();
  return ok_status();
}

Result<int64_t> parts_between(Tx& tx, int64_t machine_id, int64_t from_ms, int64_t to_ms) {
  auto row = tx.query_one(
      "SELECT COALESCE(SUM(qty), 0) FROM machine_part_events WHERE machine_id = ? AND ts_ms >= ? "
      "AND ts_ms < ?",
      {machine_id, from_ms, to_ms});
  if (!row.ok()) return row.error();
  return (*row)->get_int(0);
}

Status add_machine_actuals(Tx& tx, int64_t operation_id, int64_t machine_id, int64_t ts_ms,
                           int64_t qty, int64_t run_ms) {
  auto r = tx.exec(
      "INSERT INTO operation_machine_actuals (operation_id, machine_id, machine_qty, "
      "machine_run_ms, first_signal_ms, last_signal_ms) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (operation_id, machine_id) DO UPDATE SET "
      "machine_qty = operation_machine_actuals.machine_qty + excluded.machine_qty, "
      "machine_run_ms = operation_machine_actuals.machine_run_ms + excluded.machine_run_ms, "
      "first_signal_ms = CASE WHEN operation_machine_actuals.first_signal_ms IS NULL OR "
      "operation_machine_actuals.first_signal_ms > excluded.first_signal_ms THEN "
      "excluded.first_signal_ms ELSE operation_machine_actuals.first_signal_ms END, "
      "last_signal_ms = CASE WHEN operation_machine_actuals.last_signal_ms IS NULL OR "
      "operation_machine_actuals.last_signal_ms < excluded.last_signal_ms THEN "
      "excluded.last_signal_ms ELSE operation_machine_actuals.last_signal_ms END",
      {operation_id, machine_id, qty, run_ms, ts_ms, ts_ms});
  if (!r.ok()) return r.error();
  return ok_status();
}

namespace {

// Actuals of `operation_id` from the columns qty, run ms, first and last signal starting at `col`.
MachineActuals actuals_of(const Row& r, int64_t operation_id, std::size_t col) {
  MachineActuals a;
  a.operation_id = operation_id;
  a.machine_qty = r.get_int(col);
  a.machine_run_ms = r.get_int(col + 1);
  a.first_signal_ms = r.opt_int(col + 2);
  a.last_signal_ms = r.opt_int(col + 3);
  return a;
}

// Actuals per operation summed over machines, for the operations `join` (a JOIN clause on
// `a.operation_id`) and `condition` select, by operation id.
Result<std::vector<MachineActuals>> grouped_actuals(Tx& tx, const std::string& join,
                                                    const std::string& condition,
                                                    std::span<const Param> params) {
  auto rows = tx.query(
      "SELECT a.operation_id, SUM(a.machine_qty), SUM(a.machine_run_ms), MIN(a.first_signal_ms), "
      "MAX(a.last_signal_ms) FROM operation_machine_actuals a " +
          join + " WHERE " + condition + " GROUP BY a.operation_id ORDER BY a.operation_id",
      params);
  if (!rows.ok()) return rows.error();
  std::vector<MachineActuals> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(actuals_of(r, r.get_int(0), 1));
  return out;
}

}  // namespace

Result<MachineActuals> operation_actuals(Tx& tx, int64_t operation_id) {
  auto row = tx.query_one(
      "SELECT COALESCE(SUM(machine_qty), 0), COALESCE(SUM(machine_run_ms), 0), "
      "MIN(first_signal_ms), MAX(last_signal_ms) FROM operation_machine_actuals "
      "WHERE operation_id = ?",
      {operation_id});
  if (!row.ok()) return row.error();
  return actuals_of(**row, operation_id, 0);
}

Result<std::vector<MachineActuals>> job_machine_actuals(Tx& tx, int64_t job_id) {
  const Param params[] = {job_id};
  return grouped_actuals(tx, "JOIN job_routings o ON o.id = a.operation_id", "o.job_id = ?",
                         params);
}

Result<std::vector<MachineActuals>> slot_machine_actuals(Tx& tx, TimePoint from, TimePoint to) {
  const Param params[] = {to, from};
  return grouped_actuals(tx, "JOIN schedule_slots s ON s.operation_id = a.operation_id",
                         "s.start_at < ? AND s.end_at > ?", params);
}

Result<int64_t> scrap_between(Tx& tx, int64_t machine_id, TimePoint from, TimePoint to) {
  auto row = tx.query_one(
      "SELECT COALESCE(SUM(o.qty_scrap), 0) FROM job_routings o WHERE o.completed_at >= ? AND "
      "o.completed_at < ? AND EXISTS (SELECT 1 FROM operation_machine_actuals a WHERE "
      "a.operation_id = o.id AND a.machine_id = ?)",
      {from, to, machine_id});
  if (!row.ok()) return row.error();
  return (*row)->get_int(0);
}

}  // namespace kerf::store
