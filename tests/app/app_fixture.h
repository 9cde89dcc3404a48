// Shared fixture of the app suites: a fresh migrated database (SQLite in a temp dir, or a fresh
// PostgreSQL database from the harness), a ManualClock, an EventBus and app::Services.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "kerf/app/services.h"
#include "kerf/core/clock.h"
#include "kerf/core/event_bus.h"
#include "kerf/core/time_format.h"
#include "kerf/store/store.h"
#include "support/postgres_harness.h"
#include "support/test_env.h"

namespace kerf::app::testing {

inline TimePoint t0() { return *parse_iso8601("2026-11-24T07:00:00Z"); }

inline Principal as(model::Role role, int64_t user_id = 0, std::string name = "") {
  return Principal{user_id, name.empty() ? std::string(model::to_string(role)) : name, {role}};
}

struct Counts {
  int64_t jobs = 0, operations = 0, audit = 0, events = 0, sheets = 0, heat_lots = 0;
  friend bool operator==(const Counts&, const Counts&) = default;
};

class AppTest : public ::testing::Test {
 protected:
  // Backend used by this fixture: SQLite unless postgres() says otherwise.
  virtual bool postgres() const { return false; }
  std::string database_url() {
    if (postgres()) return kerf::testing::fresh_postgres_database_url();
    dir_ = kerf::testing::make_temp_dir("kerf-app");
    return "sqlite:" + dir_ + "/kerf.db";
  }

  void SetUp() override {
    url_ = database_url();
    auto db = store::Database::open(url_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    auto m = store::migrate(*db_);
    ASSERT_TRUE(m.ok()) << m.error().message;
    services_ = std::make_unique<Services>(*db_, env_, bus_, ServicesOptions::for_tests());
    events_ = bus_.subscribe("");
  }

  void TearDown() override {
    services_.reset();
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  Services& app() { return *services_; }
  Principal system() { return system_principal(); }

  int64_t count(const std::string& table) {
    auto n = db_->read([&](store::Tx& tx) -> Result<int64_t> {
      auto row = tx.query_one("SELECT COUNT(*) FROM " + table);
      if (!row.ok()) return row.error();
      return (*row)->get_int(0);
    });
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }

  Counts counts() {
    return Counts{count("jobs"),   count("job_routings"),       count("audit_log"),
                  count("events"), count("material_inventory"), count("heat_lots")};
  }

  // The newest audit row.
  store::AuditEntry last_audit() {
    store::ListQuery q;
    q.sort = "id";
    q.descending = true;
    q.limit = 1;
    auto page = db_->read([&](store::Tx& tx) { return store::list_audit(tx, q); });
    EXPECT_TRUE(page.ok() && !page->items.empty());
    return page.ok() && !page->items.empty() ? page->items.front() : store::AuditEntry{};
  }

  // Polls `done` every 20 ms; fails the test after 60 s (a hang, not a timing assertion).
  void wait_until(const std::function<bool()>& done, const char* what) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "still waiting after 60 s for " << what;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // Audit rows of `entity` with `action` (the first page: up to 50).
  store::Page<store::AuditEntry> audit_rows(const std::string& entity, const std::string& action) {
    auto page = db_->read([&](store::Tx& tx) {
      store::ListQuery q;
      q.filters["entity"] = entity;
      q.filters["action"] = action;
      return store::list_audit(tx, q);
    });
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? *page : store::Page<store::AuditEntry>{};
  }

  // Topics of the bus events received since the last call.
  std::vector<std::string> topics() {
    std::vector<std::string> out;
    for (auto& e : events_.drain()) out.push_back(e.topic);
    return out;
  }
  std::vector<Event> bus_events() { return events_.drain(); }

  // Master data for jobs: customer C1, part P1 (rev A), work centers LAS-1, LAS-2, BRK-1.
  void seed_master_data() {
    model::Customer c;
    c.code = "C1";
    c.name = "Customer One";
    auto cr = app().master_data().create(system(), c);
    ASSERT_TRUE(cr.ok()) << cr.error().message;
    customer_id_ = cr->id;
    model::Part p;
    p.number = "P1";
    p.revision = "A";
    p.description = "Table top";
    p.thickness_mm = 1.5;
    p.flat_length_mm = 1800;
    p.flat_width_mm = 700;
    p.weight_kg = 12;
    auto pr = app().master_data().create(system(), p);
    ASSERT_TRUE(pr.ok()) << pr.error().message;
    part_id_ = pr->id;
    for (const char* code : {"LAS-1", "LAS-2", "BRK-1"}) {
      model::WorkCenter w;
      w.code = code;
      w.name = code;
      bool brake = std::string(code) == "BRK-1";
      w.department = brake ? model::Department::kForming : model::Department::kLaser;
      w.capabilities.processes = {brake ? model::Process::kBend : model::Process::kLaserCut};
      auto wr = app().master_data().create(system(), w);
      ASSERT_TRUE(wr.ok()) << wr.error().message;
      wc_ids_.push_back(wr->id);
    }
    topics();
  }

  JobInput job_input(const std::string& number, int64_t quantity = 10) {
    JobInput in;
    in.number = number;
    in.part_id = part_id_;
    in.customer_id = customer_id_;
    in.quantity = quantity;
    in.due = t0() + std::chrono::hours(24 * 7);
    in.priority = 2;
    OperationInput laser;
    laser.sequence = 10;
    laser.name = "Laser cut";
    laser.process = model::Process::kLaserCut;
    laser.eligible_work_center_ids = {wc_ids_[0], wc_ids_[1]};
    laser.setup_seconds = 600;
    laser.run_seconds_per_piece = 90;
    OperationInput bend;
    bend.sequence = 20;
    bend.name = "Bend";
    bend.process = model::Process::kBend;
    bend.eligible_work_center_ids = {wc_ids_[2]};
    bend.setup_seconds = 300;
    bend.run_seconds_per_piece = 60;
    in.operations = {laser, bend};
    return in;
  }

  JobDetail create_job(const std::string& number, int64_t quantity = 10) {
    auto r = app().jobs().create(as(model::Role::kPlanner), job_input(number, quantity));
    EXPECT_TRUE(r.ok()) << r.error().message;
    topics();
    return r.ok() ? *r : JobDetail{};
  }

  ManualClock clock_{t0()};
  Env env_{clock_, 42};
  EventBus bus_;
  std::string dir_;
  std::string url_;  // of the fixture's database (a second node may open it too)
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Services> services_;
  EventSubscription events_;
  int64_t customer_id_ = 0;
  int64_t part_id_ = 0;
  std::vector<int64_t> wc_ids_;
};

// The fixture parameterised over the backend: "sqlite" or "postgresql".
class AppBackendTest : public AppTest, public ::testing::WithParamInterface<std::string> {
 protected:
  bool postgres() const override { return GetParam() == "postgresql"; }
};

inline bool has_field(const Error& e, const std::string& field) {
  for (const auto& f : e.fields) {
    if (f.field == field) return true;
  }
  return false;
}

inline std::string fields_of(const Error& e) {
  std::string s = e.message + " [";
  for (const auto& f : e.fields) s += f.field + ": " + f.message + "; ";
  return s + "]";
}

}  // namespace kerf::app::testing
