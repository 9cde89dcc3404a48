// SimTransSimulator: lifecycle, schema, the SimTrans poll loop, feedback packet writing with the
// fault knobs, and the demo run loop. Rules are in rules.cpp, the programmer in programmer.cpp.
#include "kerf/integrations/simtrans_sim/simulator.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <thread>

#include "integrations/simtrans_sim/sim_impl.h"
#include "integrations/simtrans_sim/sim_schema.h"
#include "kerf/integrations/sigmanest/feedback.h"
#include "kerf/integrations/sigmanest/simtrans_schema.h"

namespace kerf::integrations::simtrans_sim {

namespace sn = kerf::integrations::sigmanest;

// --- helpers shared with rules.cpp / programmer.cpp ---

Status insert_row(odbc::Connection& c, const std::string& table, const Fields& fields) {
  std::string cols, marks;
  std::vector<Value> params;
  for (const auto& [col, v] : fields) {
    if (!params.empty()) {
      cols += ", ";
      marks += ", ";
    }
    cols += col;
    marks += "?";
    params.push_back(v);
  }
  return status_of(
      c.execute("INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")", params));
}

Result<int64_t> next_counter(odbc::Connection& c, const std::string& name) {
  auto n = c.execute("UPDATE SimState SET Value = Value + 1 WHERE Name = ?", {name});
  if (!n.ok()) return n.error();
  if (*n == 0) {
    if (Status st = insert_row(c, "SimState", {{"Name", name}, {"Value", std::string("1")}});
        !st.ok()) {
      return st.error();
    }
    return 1;
  }
  auto rs = c.query("SELECT Value FROM SimState WHERE Name = ?", {name});
  if (!rs.ok()) return rs.error();
  return integer(rs->get(0, "Value"));
}

double num(const Value& v, double fallback) {
  if (!present(v)) return fallback;
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  while (end && *end == ' ') ++end;
  if (end == v->c_str() || (end && *end != '\0') || !std::isfinite(d)) return fallback;
  return d;
}

int64_t integer(const Value& v, int64_t fallback) {
  double d = num(v, std::nan(""));
  if (std::isnan(d)) return fallback;
  return std::llround(d);
}

bool present(const Value& v) { return v && v->find_first_not_of(" \t\r\n") != std::string::npos; }

std::string fmt_num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string timestamp_text(TimePoint t) {
  std::time_t secs = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

Result<int64_t> write_packet(SimState& s, TxEffects& fx, const Packet& packet) {
  auto id = next_counter(*s.conn, "ArchivePacketID");
  if (!id.ok()) return id.error();
  const int copies = s.faults.duplicate_feedback ? 2 : 1;
  bool held = false;
  for (int copy = 0; copy < copies; ++copy) {
    for (const FeedbackInsert& row : packet.rows) {
      FeedbackInsert full = row;
      full.fields["ArchivePacketID"] = std::to_string(*id);
      full.fields["TransType"] = packet.trans_type;
      if (s.faults.half_visible_batch && row.table == "STPrgArc") {
        fx.held_back.emplace_back(*id, std::move(full));
        held = true;
        continue;
      }
      if (Status st = insert_row(*s.conn, full.table, full.fields); !st.ok()) return st.error();
    }
  }
  if (!held) fx.visible_packets.push_back(*id);
  ++fx.packets;
  return *id;
}

Result<int64_t> delete_packet_rows(SimState& s, int64_t archive_packet_id,
                                   const std::string& table) {
  int64_t total = 0;
  for (sn::FeedbackTable t : sn::kAllFeedbackTables) {
    std::string name(sn::table_name(t));
    if (!table.empty() && name != table) continue;
    auto n = s.conn->execute("DELETE FROM " + name + " WHERE ArchivePacketID = ?",
                             {std::to_string(archive_packet_id)});
    if (!n.ok()) return n.error();
    total += std::max<int64_t>(0, *n);
  }
  return total;
}

namespace {

void packet_visible(SimState& s, int64_t id) {
  ++s.packets_seen;
  int every = s.faults.third_party_delete_every;
  if (every <= 0 || s.packets_seen % every != 0) return;
  auto n = delete_packet_rows(s, id, "");
  if (!n.ok()) {
    spdlog::warn("simtrans sim: third-party delete of packet {} failed: {}", id, n.error().message);
  }
}

}  // namespace

void after_commit(SimState& s, const TxEffects& fx) {
  for (const auto& h : fx.held_back) s.held_back.push_back(h);
  s.stats.programs_posted += fx.posted;
  s.stats.programs_cut += fx.cut;
  s.stats.programs_deleted += fx.deleted;
  s.stats.packets_written += fx.packets;
  for (int64_t id : fx.visible_packets) packet_visible(s, id);
}

Status flush_held_back(SimState& s) {
  if (s.held_back.empty()) return ok_status();
  auto rows = s.held_back;
  Status st = odbc::in_transaction(*s.conn, [&]() -> Status {
    for (const auto& [id, row] : rows) {
      if (Status r = insert_row(*s.conn, row.table, row.fields); !r.ok()) return r;
    }
    return ok_status();
  });
  if (!st.ok()) return st;
  s.held_back.clear();
  int64_t last = 0;
  for (const auto& [id, row] : rows) {
    if (id != last) packet_visible(s, id);
    last = id;
  }
  return ok_status();
}

// --- the simulator ---

struct SimTransSimulator::Impl {
  mutable std::mutex mu;
  SimState s;
  std::atomic<bool> paused{false};
  std::mutex cut_mu;  // serialises cut_due_programs() (it takes `mu` per call inside)
  std::map<std::string, TimePoint> machine_free_at;  // when each laser is free again
};

SimTransSimulator::SimTransSimulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SimTransSimulator::~SimTransSimulator() = default;

Result<std::unique_ptr<SimTransSimulator>> SimTransSimulator::open(SimulatorOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->s.env = options.env ? options.env : &Env::system();
  impl->s.faults = options.faults;
  auto conn = odbc::Connection::open({options.connection_string, 10, options.query_timeout_s});
  if (!conn.ok()) return conn.error();
  impl->s.conn = std::move(*conn);
  impl->s.postgres = impl->s.conn->dbms_name().find("PostgreSQL") != std::string::npos;
  impl->s.opt = std::move(options);
  return std::unique_ptr<SimTransSimulator>(new SimTransSimulator(std::move(impl)));
}

Status SimTransSimulator::create_schema() {
  std::lock_guard lock(impl_->mu);
  odbc::Connection& c = *impl_->s.conn;
  if (!c.query("SELECT COUNT(*) AS n FROM TransAct WHERE 1 = 0").ok()) {
    if (Status st = sn::create_simtrans_tables(c); !st.ok()) return st;
  }
  // The simulator's own tables: counters, and what a program needs beyond SNDBase's columns.
  if (!c.query("SELECT COUNT(*) AS n FROM SimState WHERE 1 = 0").ok()) {
    for (const std::string& stmt : sim_own_ddl()) {
      if (auto n = c.execute(stmt); !n.ok()) return n.error();
    }
    // Packet ids continue above whatever the feedback tables already hold.
    int64_t max_id = 0;
    for (sn::FeedbackTable t : sn::kAllFeedbackTables) {
      auto rs = c.query("SELECT MAX(ArchivePacketID) AS m FROM " + std::string(sn::table_name(t)));
      if (!rs.ok()) return rs.error();
      max_id = std::max(max_id, integer(rs->get(0, "m")));
    }
    if (Status st = insert_row(
            c, "SimState",
            {{"Name", std::string("ArchivePacketID")}, {"Value", std::to_string(max_id)}});
        !st.ok()) {
      return st;
    }
  }
  return ok_status();
}

namespace {

// The retryable error a deadlock victim gets (odbc::failure_of classifies it kRetryable).
Error deadlock_error(int64_t auto_inc) {
  return Error::unavailable(
      "odbc execute (retryable): SQLSTATE 40001: simulated deadlock: transaction (TransAct "
      "AutoInc " +
      std::to_string(auto_inc) + ") was chosen as the deadlock victim [native 1205]");
}

Status log_result(SimState& s, const odbc::ResultSet& rows, size_t r, bool ok,
                  const std::string& message) {
  Fields log = {{"AutoInc", rows.get(r, "AutoInc")},
                {"TransID", rows.get(r, "TransID")},
                {"TransType", rows.get(r, "TransType")},
                {"District", rows.get(r, "District")},
                {"ProcessedAt", timestamp_text(s.env->now())},
                {"Result", std::string(ok ? "ok" : "error")},
                {"Message", message}};
  return insert_row(*s.conn, "TransActLog", log);
}

Status log_event(SimState& s, const Value& trans_id, const std::string& level,
                 const std::string& text) {
  return insert_row(*s.conn, "SimTransEvents",
                    {{"EventTime", timestamp_text(s.env->now())},
                     {"TransID", trans_id},
                     {"Level", level},
                     {"Text", text.substr(0, 1000)}});
}

std::string reason_of(const Error& e) {
  std::string out = e.message;
  for (const FieldError& f : e.fields) {
    if (!out.empty()) out += "; ";
    out += f.field + ": " + f.message;
  }
  return out;
}

}  // namespace

Result<int> SimTransSimulator::poll_once() {
  std::lock_guard lock(impl_->mu);
  SimState& s = impl_->s;
  if (Status st = flush_held_back(s); !st.ok()) return st.error();
  if (s.faults.simtrans_stopped) return 0;
  odbc::Connection& c = *s.conn;
  auto rows = c.query("SELECT * FROM TransAct WHERE ErrorTag = 0 AND District = ? ORDER BY AutoInc",
                      {std::to_string(s.opt.district)});
  if (!rows.ok()) return rows.error();
  int processed = 0;
  for (size_t r = 0; r < rows->rows.size(); ++r) {
    const Value auto_inc = rows->get(r, "AutoInc");
    const Value trans_id = rows->get(r, "TransID");
    if (s.faults.deadlock_next > 0) {
      --s.faults.deadlock_next;
      Error e = deadlock_error(integer(auto_inc));
      (void)log_event(s, trans_id, "warning", e.message);
      return e;
    }
    TxEffects fx;
    Status applied = ok_status();
    if (Status st = c.begin(); !st.ok()) return st.error();
    if (s.faults.error_next > 0) {
      --s.faults.error_next;
      applied = Error::internal("simulated error");
    } else {
      applied = apply_transact_row(s, fx, *rows, r);
    }
    if (applied.ok()) {
      Status st = status_of(c.execute("DELETE FROM TransAct WHERE AutoInc = ?", {auto_inc}));
      if (st.ok()) st = log_result(s, *rows, r, true, "");
      if (st.ok()) st = c.commit();
      if (!st.ok()) {
        if (c.in_transaction()) (void)c.rollback();
        return st.error();
      }
      after_commit(s, fx);
      ++s.stats.rows_ok;
      ++processed;
      continue;
    }
    (void)c.rollback();
    const odbc::Failure f = odbc::failure_of(applied.error());
    if (f == odbc::Failure::kRetryable || f == odbc::Failure::kConnect) return applied.error();
    const std::string reason = reason_of(applied.error());
    Status st = c.begin();
    if (st.ok()) {
      st = status_of(c.execute("UPDATE TransAct SET ErrorTag = 1 WHERE AutoInc = ?", {auto_inc}));
    }
    if (st.ok()) st = log_result(s, *rows, r, false, reason);
    if (st.ok()) {
      st = log_event(s, trans_id, "error",
                     rows->get(r, "TransType").value_or("?") + " " + trans_id.value_or("") +
                         " failed: " + reason);
    }
    if (st.ok()) st = c.commit();
    if (!st.ok()) {
      if (c.in_transaction()) (void)c.rollback();
      return st.error();
    }
    ++s.stats.rows_failed;
    ++processed;
  }
  return processed;
}

namespace {

// Runs `body(fx)` in one transaction of the simulator's connection and records its effects.
template <typename F>
Status programmer_tx(SimState& s, F&& body) {
  if (Status st = flush_held_back(s); !st.ok()) return st;
  TxEffects fx;
  Status st = odbc::in_transaction(*s.conn, [&]() -> Status {
    fx = TxEffects{};
    return body(fx);
  });
  if (st.ok()) after_commit(s, fx);
  return st;
}

}  // namespace

Result<int> SimTransSimulator::nest_once() {
  std::lock_guard lock(impl_->mu);
  int posted = 0;
  Status st = programmer_tx(impl_->s, [&](TxEffects& fx) -> Status {
    auto n = nest_in_tx(impl_->s, fx);
    if (!n.ok()) return n.error();
    posted = *n;
    return ok_status();
  });
  if (!st.ok()) return st.error();
  return posted;
}

Status SimTransSimulator::cut_program(const std::string& name) {
  std::lock_guard lock(impl_->mu);
  return programmer_tx(impl_->s, [&](TxEffects& fx) { return cut_in_tx(impl_->s, fx, name); });
}

Status SimTransSimulator::delete_program(const std::string& name) {
  std::lock_guard lock(impl_->mu);
  return programmer_tx(impl_->s,
                       [&](TxEffects& fx) { return delete_in_tx(impl_->s, fx, name, false); });
}

Status SimTransSimulator::repost(const std::string& name) {
  std::lock_guard lock(impl_->mu);
  return programmer_tx(impl_->s, [&](TxEffects& fx) { return repost_in_tx(impl_->s, fx, name); });
}

Status SimTransSimulator::flush_pending() {
  std::lock_guard lock(impl_->mu);
  return flush_held_back(impl_->s);
}

Result<int64_t> SimTransSimulator::delete_feedback_rows(int64_t archive_packet_id,
                                                        const std::string& table) {
  std::lock_guard lock(impl_->mu);
  return delete_packet_rows(impl_->s, archive_packet_id, table);
}

Status SimTransSimulator::hold_lock() {
  std::lock_guard lock(impl_->mu);
  SimState& s = impl_->s;
  if (s.lock_conn) return Error::precondition("the lock is already held");
  auto conn = odbc::Connection::open({s.opt.connection_string, 10, s.opt.query_timeout_s});
  if (!conn.ok()) return conn.error();
  odbc::Connection& c = **conn;
  if (Status st = c.begin(); !st.ok()) return st;
  // PostgreSQL: an exclusive table lock (kerf's INSERTs and SELECTs on TransAct wait).
  // SQLite: any write takes the database write lock (kerf's writes get "database is locked").
  auto n = s.postgres ? c.execute("LOCK TABLE TransAct IN ACCESS EXCLUSIVE MODE")
                      : c.execute("UPDATE SimState SET Value = Value WHERE Name = 'lock'");
  if (n.ok() && !s.postgres) {
    n = c.execute("INSERT INTO SimState (Name, Value) VALUES ('lock', 0)");
  }
  if (!n.ok()) return n.error();
  s.lock_conn = std::move(*conn);
  return ok_status();
}

Status SimTransSimulator::release_lock() {
  std::lock_guard lock(impl_->mu);
  SimState& s = impl_->s;
  if (!s.lock_conn) return ok_status();
  Status st = s.lock_conn->rollback();
  s.lock_conn.reset();
  return st;
}

std::vector<ProgramInfo> SimTransSimulator::programs() {
  std::lock_guard lock(impl_->mu);
  auto p = load_programs(impl_->s, "");
  if (!p.ok()) {
    spdlog::warn("simtrans sim: listing programs failed: {}", p.error().message);
    return {};
  }
  return std::move(*p);
}

Result<ProgramInfo> SimTransSimulator::program(const std::string& name) {
  std::lock_guard lock(impl_->mu);
  auto p = load_programs(impl_->s, name);
  if (!p.ok()) return p.error();
  if (p->empty()) return Error::not_found("program " + name + " does not exist");
  return std::move(p->front());
}

Faults SimTransSimulator::faults() const {
  std::lock_guard lock(impl_->mu);
  return impl_->s.faults;
}

void SimTransSimulator::set_faults(const Faults& faults) {
  std::lock_guard lock(impl_->mu);
  impl_->s.faults = faults;
}

SimTransSimulator::Stats SimTransSimulator::stats() const {
  std::lock_guard lock(impl_->mu);
  return impl_->s.stats;
}

void SimTransSimulator::pause() { impl_->paused = true; }
void SimTransSimulator::resume() { impl_->paused = false; }
bool SimTransSimulator::paused() const { return impl_->paused; }

namespace {

void log_failure(const char* what, const Error& e) {
  spdlog::warn("simtrans sim: {} failed: {}", what, e.message);
}

}  // namespace

void SimTransSimulator::run(std::stop_token stop) {
  std::mutex wait_mu;
  std::condition_variable_any cv;
  const Env& env = *impl_->s.env;
  auto last_nest = env.clock().steady_now() - impl_->s.opt.nest_interval;
  while (!stop.stop_requested()) {
    if (!paused()) {
      if (auto n = poll_once(); !n.ok()) log_failure("poll", n.error());
      auto steady = env.clock().steady_now();
      if (steady - last_nest >= impl_->s.opt.nest_interval) {
        last_nest = steady;
        if (auto n = nest_once(); !n.ok()) log_failure("nest", n.error());
      }
      if (impl_->s.opt.auto_cut) cut_due_programs();
    }
    std::unique_lock lock(wait_mu);
    cv.wait_for(lock, stop, impl_->s.opt.poll_interval, [] { return false; });
  }
}

int SimTransSimulator::cut_due_programs() {
  // Each laser cuts its programs one after the other in posting order: a program is done
  // cutting_time after it was posted or after the laser finished the previous one. A stopped
  // program holds its laser until it is started again or cut by SN70.
  std::lock_guard cut_lock(impl_->cut_mu);
  std::vector<ProgramInfo> all = programs();
  std::stable_sort(all.begin(), all.end(), [](const ProgramInfo& a, const ProgramInfo& b) {
    return a.posted_at < b.posted_at;
  });
  const TimePoint now = impl_->s.env->now();
  std::set<std::string> blocked;
  int cut = 0;
  for (const ProgramInfo& p : all) {
    if (p.state == "cut" || blocked.count(p.machine_name)) continue;
    TimePoint start = p.posted_at;
    auto free = impl_->machine_free_at.find(p.machine_name);
    if (free != impl_->machine_free_at.end()) start = std::max(start, free->second);
    const double scale = std::max(impl_->s.opt.cut_time_scale, 1e-3);
    TimePoint done =
        start + std::chrono::milliseconds(static_cast<int64_t>(p.cutting_time_s * 1000 / scale));
    if (p.state == "stopped" || now < done) {
      blocked.insert(p.machine_name);
      continue;
    }
    if (Status st = cut_program(p.name); !st.ok()) {
      log_failure("cut", st.error());
      blocked.insert(p.machine_name);
      continue;
    }
    impl_->machine_free_at[p.machine_name] = done;
    ++cut;
  }
  return cut;
}

}  // namespace kerf::integrations::simtrans_sim
