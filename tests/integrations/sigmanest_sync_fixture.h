// Shared fixture of the Sigmanest sync tests: kerf's app on SQLite in a temp dir (app_fixture.h)
// plus the SimTrans tables on a fresh SQLite file reached through the real ODBC driver, an
// OdbcGateway on it and a Sync. SimTrans's own work (consume a row, fail a row) is done with
// plain SQL on a second ODBC connection, as SimTrans would.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/app_fixture.h"
#include "kerf/integrations/odbc/connection.h"
#include "kerf/integrations/sigmanest/odbc_gateway.h"
#include "kerf/integrations/sigmanest/simtrans_schema.h"
#include "kerf/integrations/sigmanest/sync.h"
#include "support/odbc_harness.h"

namespace kerf::integrations::sigmanest::testing {

class SyncTest : public app::testing::AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    cs_ = kerf::testing::fresh_sqlite_odbc("simtrans");
    auto c = odbc::Connection::open({cs_});
    ASSERT_TRUE(c.ok()) << c.error().message;
    simtrans_ = std::move(*c);
    ASSERT_TRUE(create_simtrans_tables(*simtrans_).ok());
    config_.enabled = true;
    config_.gateway = "odbc";
    config_.connection_string = cs_;
    config_.district = 1;
    config_.poll_interval = std::chrono::seconds(10);
    config_.stopped_after_polls = 3;
    config_.batch_size = 2;
    ASSERT_TRUE(validate(config_).ok());
    make_sync();
    seed_master_data();
  }

  void TearDown() override {
    sync_.reset();
    gateway_.reset();
    simtrans_.reset();
    AppTest::TearDown();
  }

  // A new gateway and Sync (a restarted process).
  void make_sync() {
    sync_.reset();
    OdbcGatewayOptions o;
    o.connect.connection_string = cs_;
    auto g = OdbcGateway::create(o);
    ASSERT_TRUE(g.ok()) << g.error().message;
    gateway_ = std::move(*g);
    sync_ = std::make_unique<Sync>(app(), *gateway_, config_, env_);
  }

  void poll() {
    clock_.advance(std::chrono::seconds(1));
    Status s = sync_->poll_once();
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  odbc::ResultSet sql(const std::string& q, const std::vector<odbc::Value>& params = {}) {
    auto rs = simtrans_->query(q, params);
    EXPECT_TRUE(rs.ok()) << q << ": " << (rs.ok() ? "" : rs.error().message);
    return rs.ok() ? *rs : odbc::ResultSet{};
  }
  void exec(const std::string& q, const std::vector<odbc::Value>& params = {}) {
    auto r = simtrans_->execute(q, params);
    ASSERT_TRUE(r.ok()) << q << ": " << r.error().message;
  }
  int64_t transact_rows(const std::string& where = "1 = 1",
                        const std::vector<odbc::Value>& params = {}) {
    auto rs = sql("SELECT COUNT(*) FROM TransAct WHERE " + where, params);
    return rs.rows.empty() ? -1 : std::stoll(*rs.rows[0].values[0]);
  }

  // What SimTrans does with a processed SN87/SN84 row: the work order and its part in SNDBase,
  // the row gone from TransAct.
  void simtrans_applies_work_order(const std::string& order, const std::string& part,
                                   const std::string& qty) {
    exec("INSERT INTO WO (WONumber, OnHold) VALUES (?, 0)", {order});
    exec("INSERT INTO Part (WONumber, PartName, QtyOrdered) VALUES (?, ?, ?)", {order, part, qty});
    exec("DELETE FROM TransAct WHERE OrderNo = ? AND ErrorTag = 0", {order});
  }

  app::OutboundRow ledger_row(const std::string& trans_type) {
    store::ListQuery q;
    q.filters["trans_type"] = trans_type;
    q.sort = "id";
    q.descending = true;
    auto page = app().sigmanest().outbound(system(), q);
    EXPECT_TRUE(page.ok() && !page->items.empty());
    return page.ok() && !page->items.empty() ? page->items.front() : app::OutboundRow{};
  }

  int64_t released_job(const std::string& number, int64_t qty = 10) {
    auto job = create_job(number, qty);
    auto r =
        app().jobs().release(app::testing::as(model::Role::kPlanner), job.job.id, std::nullopt);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return job.job.id;
  }

  std::string cs_;
  std::unique_ptr<odbc::Connection> simtrans_;
  SigmanestConfig config_;
  std::unique_ptr<OdbcGateway> gateway_;
  std::unique_ptr<Sync> sync_;
};

}  // namespace kerf::integrations::sigmanest::testing
