// Shared fixture of the simulator tests: a fresh SQLite file or PostgreSQL database through the
// real ODBC drivers, the simulator on it with a ManualClock Env, and a second connection acting
// as kerf (inserting TransAct rows, reading the tables).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "kerf/core/clock.h"
#include "kerf/integrations/odbc/connection.h"
#include "kerf/integrations/simtrans_sim/simulator.h"
#include "support/odbc_harness.h"

namespace kerf::integrations::simtrans_sim::testing {

using odbc::Connection;
using odbc::ResultSet;
using odbc::Value;

enum class Backend { kSqlite, kPostgres };

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "SQLite" : "PostgreSQL";
}

class SimTransSimTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    conn_string_ = GetParam() == Backend::kSqlite ? kerf::testing::fresh_sqlite_odbc("simtrans")
                                                  : kerf::testing::fresh_postgres_odbc();
    sim_ = open_sim({});
    ASSERT_TRUE(sim_ != nullptr);
    ASSERT_TRUE(sim_->create_schema().ok());
    auto c = Connection::open({conn_string_, 10, 5});
    ASSERT_TRUE(c.ok()) << c.error().message;
    db_ = std::move(*c);
  }

  std::unique_ptr<SimTransSimulator> open_sim(Faults faults, int32_t district = 1) {
    SimulatorOptions o;
    o.connection_string = conn_string_;
    o.env = &env_;
    o.faults = faults;
    o.district = district;
    auto s = SimTransSimulator::open(o);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? std::move(*s) : nullptr;
  }

  // Inserts one TransAct row as kerf's gateway would (autocommit).
  void add(const std::string& type, const std::string& trans_id,
           std::map<std::string, std::string> cols, int district = 1) {
    std::string names = "TransType, District, TransID", marks = "?, ?, ?";
    std::vector<Value> params = {type, std::to_string(district), trans_id};
    for (auto& [k, v] : cols) {
      names += ", " + k;
      marks += ", ?";
      params.push_back(v);
    }
    auto n = db_->execute("INSERT INTO TransAct (" + names + ") VALUES (" + marks + ")", params);
    ASSERT_TRUE(n.ok()) << n.error().message;
  }

  ResultSet q(const std::string& sql, const std::vector<Value>& params = {}) {
    auto rs = db_->query(sql, params);
    EXPECT_TRUE(rs.ok()) << sql << ": " << (rs.ok() ? "" : rs.error().message);
    return rs.ok() ? std::move(*rs) : ResultSet{};
  }

  int64_t count(const std::string& sql, const std::vector<Value>& params = {}) {
    ResultSet rs = q(sql, params);
    if (rs.rows.empty() || !rs.rows[0].values[0]) return -1;
    return std::stoll(*rs.rows[0].values[0]);
  }

  std::string one(const std::string& sql, const std::vector<Value>& params = {}) {
    ResultSet rs = q(sql, params);
    if (rs.rows.empty() || rs.rows[0].values.empty() || !rs.rows[0].values[0]) return "<null>";
    return *rs.rows[0].values[0];
  }

  int poll() {
    auto n = sim_->poll_once();
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : -1;
  }

  int nest() {
    auto n = sim_->nest_once();
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : -1;
  }

  // The TransAct row of `trans_id` is still there with ErrorTag = 1 and SimTrans's event log
  // names the reason containing `reason`.
  void expect_failed(const std::string& trans_id, const std::string& reason) {
    EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct WHERE TransID = ? AND ErrorTag = 1", {trans_id}),
              1)
        << trans_id;
    std::string text = one("SELECT Text FROM SimTransEvents WHERE TransID = ?", {trans_id});
    EXPECT_NE(text.find(reason), std::string::npos) << trans_id << ": " << text;
    EXPECT_EQ(one("SELECT Result FROM TransActLog WHERE TransID = ?", {trans_id}), "error");
  }

  void expect_done(const std::string& trans_id) {
    EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct WHERE TransID = ?", {trans_id}), 0)
        << trans_id << " still in TransAct";
    EXPECT_EQ(one("SELECT Result FROM TransActLog WHERE TransID = ?", {trans_id}), "ok")
        << trans_id;
  }

  // A sheet of 304 1.5 mm, 3000 x 1500, heat H-1, and two parts on WO-1.
  void seed_sheet_and_parts(const std::string& sheet_qty = "2") {
    add("SN94", "S1",
        {{"ItemName", "SH-304-1.5"},
         {"Qty", sheet_qty},
         {"Material", "304"},
         {"Thickness", "1.5"},
         {"Length", "3000"},
         {"Width", "1500"},
         {"HeatNumber", "H-1"}});
    add("SN84", "P1",
        {{"OrderNo", "WO-1"},
         {"ItemName", "BRACKET"},
         {"Qty", "10"},
         {"Material", "304"},
         {"Thickness", "1.5"},
         {"Length", "200"},
         {"Width", "100"},
         {"ItemData1", "job:17"},
         {"ItemData2", "part:5"}});
    add("SN84", "P2",
        {{"OrderNo", "WO-1"},
         {"ItemName", "PLATE"},
         {"Qty", "4"},
         {"Material", "304"},
         {"Thickness", "1.5"},
         {"Length", "400"},
         {"Width", "300"},
         {"ItemData1", "job:17"},
         {"ItemData2", "part:6"}});
    ASSERT_EQ(poll(), 3);
  }

  std::string only_program() {
    auto p = sim_->programs();
    EXPECT_EQ(p.size(), 1u);
    return p.empty() ? "" : p.front().name;
  }

  ManualClock clock_{TimePoint(std::chrono::hours(24 * 20000))};
  Env env_{clock_, 7};
  std::string conn_string_;
  std::unique_ptr<SimTransSimulator> sim_;
  std::unique_ptr<Connection> db_;
};

// Waits (without asserting how long it takes) until `done` holds; false after a generous bound.
template <typename F>
bool eventually(F&& done) {
  for (int i = 0; i < 6000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

}  // namespace kerf::integrations::simtrans_sim::testing
