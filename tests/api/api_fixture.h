// A real kerf API server over app::Services on a fresh migrated database (SQLite in a temp dir,
// or PostgreSQL from the harness) seeded with the demo shop; clients log in as demo users.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "kerf/api/app_api.h"
#include "kerf/app/seed.h"
#include "kerf/app/services.h"
#include "kerf/core/event_bus.h"
#include "kerf/store/store.h"
#include "support/http_client.h"
#include "support/postgres_harness.h"
#include "support/test_env.h"

namespace kerf::api::testing {

using kerf::testing::HttpClient;
using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  virtual bool postgres() const { return false; }

  void SetUp() override {
    std::string url;
    if (postgres()) {
      url = kerf::testing::fresh_postgres_database_url();
    } else {
      dir_ = kerf::testing::make_temp_dir("kerf-api");
      url = "sqlite:" + dir_ + "/kerf.db";
    }
    auto db = store::Database::open(url);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    auto m = store::migrate(*db_);
    ASSERT_TRUE(m.ok()) << m.error().message;
    services_ = std::make_unique<app::Services>(*db_, Env::system(), bus_,
                                                app::ServicesOptions::for_tests());
    auto seeded = app::seed_demo(*services_, 7);
    ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    ServerOptions opts;
    opts.threads = 2;
    auto server = start_server(opts, *services_);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
  }

  void TearDown() override {
    if (server_) server_->stop();
    server_.reset();
    services_.reset();
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  uint16_t port() const { return server_->port(); }

  // A client logged in as the demo user `name` (bearer token).
  std::unique_ptr<HttpClient> login(const std::string& name) {
    auto c = std::make_unique<HttpClient>(port());
    auto r =
        c->post_json("/api/v1/auth/login", {{"username", name}, {"password", app::kDemoPassword}});
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status == 200) c->set_bearer(r.json()["token"]);
    return c;
  }

  // "total" of a list endpoint, as admin.
  int64_t total(const std::string& target) {
    if (!admin_) admin_ = login("admin");
    auto r = admin_->get(target);
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    return r.status == 200 ? r.json()["total"].get<int64_t>() : -1;
  }

  // First item of a list endpoint (as admin), or null.
  json first(const std::string& target) {
    if (!admin_) admin_ = login("admin");
    auto r = admin_->get(target);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200 || r.json()["items"].empty()) return nullptr;
    return r.json()["items"][0];
  }

  // A valid POST /api/v1/jobs body from the demo shop's master data.
  json new_job(const std::string& number) {
    json part = first("/api/v1/parts");
    json customer = first("/api/v1/customers");
    json wc = first("/api/v1/work-centers?department=laser");
    if (wc.is_null()) wc = first("/api/v1/work-centers");
    return {{"number", number},
            {"part_id", part["id"]},
            {"customer_id", customer["id"]},
            {"quantity", 5},
            {"due", "2026-12-20T12:00:00Z"},
            {"operations",
             {{{"sequence", 10},
               {"name", "Cut"},
               {"process", "laser_cut"},
               {"eligible_work_center_ids", {wc["id"]}},
               {"run_seconds_per_piece", 30}}}}};
  }

  EventBus bus_;
  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<HttpClient> admin_;
};

}  // namespace kerf::api::testing
