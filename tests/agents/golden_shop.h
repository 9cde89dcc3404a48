// The world an agents golden scenario runs in (tests/agents/golden_test.cpp,
// docs/agents_golden.md): a fresh SQLite database with app::Services, a SchedulingService and
// the AgentRuntime (no model), a ManualClock at Tuesday 2026-11-24 07:00 UTC, and the small shop
// a scenario's "shop" block describes. Job numbers stand for ids in scenario files.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/app_fixture.h"
#include "kerf/agents/shop/runtime.h"
#include "kerf/agents/shop/settings.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/model/shift_calendar.h"
#include "kerf/model/work_center.h"

namespace kerf::agents::golden {

using nlohmann::json;

// "" or what went wrong (scenario files are data: their mistakes are test failures, not throws).
using Outcome = std::string;

class GoldenShop : public app::testing::AppTest {
 protected:
  void TearDown() override {
    runtime_.reset();
    scheduling_.reset();
    AppTest::TearDown();
  }

  // Applies "settings" overrides (gates keys, forecast_weeks) and builds the "shop" block.
  Outcome open(const json& scenario);
  // Runs one step ("do": poll, scan, advance_h, create_job, release, schedule, consume,
  // start_op, complete_op, decide, update_customer).
  Outcome step(const json& step);
  // The mismatches between an "expect" block and the shop, one per entry.
  std::vector<std::string> check(const json& expect);

  AgentRuntime& runtime();
  // Every thread of `agent` with its latest state's outcome, proposals and notes.
  json thread_states(const std::string& agent);
  // Every approval, oldest first, as the agents see it, plus "jobs" (their numbers).
  json approvals_json();
  // The customer_messages rows: {customer (code), status, subject, body}, oldest first.
  json messages_json();
  int64_t job_id(const std::string& number) const;
  std::string job_number(int64_t id) const;
  // `expected` with job numbers replaced by ids under the keys job_id / job_ids.
  json with_job_ids(const json& expected) const;

  AgentSettings settings_;
  std::unique_ptr<app::scheduling::SchedulingService> scheduling_;
  std::unique_ptr<AgentRuntime> runtime_;
  std::map<std::string, int64_t> customers_, parts_, work_centers_, jobs_;
  std::map<std::string, std::string> wc_process_;  // code -> process

 private:
  Outcome create_job(const json& spec);
  Outcome decide(const json& step);
  Result<int64_t> operation_of(const std::string& job, int64_t sequence);
};

// Whether `actual` contains `expected`: objects by key (recursively), arrays element-wise with
// equal length, numbers by value; "<key>_contains" compares a substring of actual[<key>].
// Mismatches are appended to `out` with their JSON path.
void match(const json& expected, const json& actual, const std::string& path,
           std::vector<std::string>& out);

}  // namespace kerf::agents::golden
