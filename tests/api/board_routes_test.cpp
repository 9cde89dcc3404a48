// Board routes (planner board, run list, dashboard, dispatch lists) on the real HTTP server over
// a real SQLite database with the demo shop and a committed schedule.
#include "kerf/api/board_routes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>

#include "kerf/api/app_api.h"
#include "kerf/api/schedule_routes.h"
#include "kerf/api/server.h"
#include "kerf/app/machine_service.h"
#include "kerf/app/machine_sink.h"
#include "kerf/app/operation_service.h"
#include "kerf/app/principal.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/seed.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/ingest/signals.h"
#include "kerf/store/store.h"
#include "support/http_client.h"
#include "support/test_env.h"

namespace kerf::api {
namespace {

using kerf::testing::HttpClient;
using nlohmann::json;

std::set<std::string> error_fields(const json& problem) {
  std::set<std::string> out;
  for (const auto& e : problem["errors"]) out.insert(e["field"].get<std::string>());
  return out;
}

TimePoint at(const json& v) { return *parse_iso8601(v.get<std::string>()); }

class BoardRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kerf::testing::make_temp_dir("kerf_board_api");
    auto db = store::Database::open("sqlite:" + dir_ + "/kerf.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(store::migrate(*db_).ok());
    services_ =
        std::make_unique<app::Services>(*db_, env_, bus_, app::ServicesOptions::for_tests());
    auto seeded = app::seed_demo(*services_, 11);
    ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    scheduling_ = std::make_unique<app::scheduling::SchedulingService>(*services_);
    ServerOptions opts;
    opts.threads = 2;
    auto server = start_server(opts, *services_, [&](Router& router) {
      register_schedule_routes(router, *services_, *scheduling_);
    });
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
  }
  void TearDown() override {
    if (server_) server_->stop();
  }

  std::unique_ptr<HttpClient> client(const std::string& user) {
    auto r = services_->auth().login(user, app::kDemoPassword, "test");
    EXPECT_TRUE(r.ok());
    auto c = std::make_unique<HttpClient>(server_->port());
    if (r.ok()) c->set_bearer(r->token);
    return c;
  }

  // Creates job `number` (due `due`, 2 operations of `pieces` x 60 s on the first laser and the
  // first forming work center) through the API; returns the created job.
  json create_job(HttpClient& planner, const std::string& number, const std::string& due,
                  int pieces) {
    json part = planner.get("/api/v1/parts").json()["items"][0];
    json customer = planner.get("/api/v1/customers").json()["items"][0];
    json laser = planner.get("/api/v1/work-centers?department=laser").json()["items"][0];
    json forming = planner.get("/api/v1/work-centers?department=forming").json()["items"][0];
    json body = {{"number", number},
                 {"part_id", part["id"]},
                 {"customer_id", customer["id"]},
                 {"quantity", pieces},
                 {"priority", 1},
                 {"due", due},
                 {"operations",
                  {{{"sequence", 10},
                    {"name", "Cut"},
                    {"process", "laser_cut"},
                    {"eligible_work_center_ids", {laser["id"]}},
                    {"setup_seconds", 600},
                    {"run_seconds_per_piece", 60}},
                   {{"sequence", 20},
                    {"name", "Bend"},
                    {"process", "bend"},
                    {"eligible_work_center_ids", {forming["id"]}},
                    {"run_seconds_per_piece", 60}}}}};
    auto r = planner.post_json("/api/v1/jobs", body);
    EXPECT_EQ(r.status, 201) << r.body;
    json job = r.json();
    job["customer_name"] = customer["name"];
    job["part_number"] = part["number"];
    return job;
  }

  // Runs the scheduler (dispatch) and commits; returns the run id.
  int64_t run_and_commit(HttpClient& planner) {
    auto run = planner.post_json("/api/v1/schedule/runs", {{"mode", "dispatch"}, {"commit", true}});
    EXPECT_EQ(run.status, 201) << run.body;
    return run.json().value("id", int64_t{0});
  }

  ManualClock clock_{*parse_iso8601("2026-11-23T06:00:00Z")};  // Monday, 07:00 in Berlin
  Env env_{clock_, 3};
  EventBus bus_;
  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<app::scheduling::SchedulingService> scheduling_;
  std::unique_ptr<Server> server_;
};

TEST_F(BoardRoutesTest, BoardCarriesJobsCalendarsAndLateness) {
  auto planner = client("planner");
  json job = create_job(*planner, "J-BOARD-1", "2026-11-23T08:00:00Z", 300);
  run_and_commit(*planner);

  auto operator_client = client("operator");
  auto r = operator_client->get("/api/v1/schedule/board");
  ASSERT_EQ(r.status, 200) << r.body;
  const json board = r.json();
  EXPECT_EQ(board["time_zone"], "Europe/Berlin");
  EXPECT_EQ(board["from"], "2026-11-21T23:00:00Z");  // plant-local yesterday 00:00
  EXPECT_EQ(board["to"], "2026-12-05T23:00:00Z");
  EXPECT_EQ(board["now"], "2026-11-23T06:00:00Z");
  ASSERT_EQ(board["departments"].size(), 7u);
  EXPECT_EQ(board["departments"][0]["name"], "laser");
  EXPECT_FALSE(board["departments"][0]["work_centers"].empty());

  // The new job's two slots with its job, part, customer and lateness.
  std::vector<json> mine;
  for (const auto& s : board["slots"]) {
    if (s["job_number"] == "J-BOARD-1") mine.push_back(s);
  }
  ASSERT_EQ(mine.size(), 2u) << board["slots"].size();
  std::sort(mine.begin(), mine.end(),
            [](const json& a, const json& b) { return a["sequence"] < b["sequence"]; });
  const TimePoint finish = at(mine[1]["end"]);
  for (const auto& s : mine) {
    EXPECT_EQ(s["job_id"], job["id"]);
    EXPECT_EQ(s["customer"], job["customer_name"]);
    EXPECT_EQ(s["part_number"], job["part_number"]);
    EXPECT_EQ(s["priority"], 1);
    EXPECT_EQ(s["quantity"], 300);
    EXPECT_EQ(s["job_status"], "planned");
    EXPECT_EQ(s["op_status"], "planned");
    EXPECT_EQ(s["due"], "2026-11-23T08:00:00Z");
    EXPECT_EQ(s["eligible_work_center_ids"].size(), 1u);
    EXPECT_EQ(s["lateness_seconds"],
              std::chrono::floor<std::chrono::seconds>(finish - at(s["due"])).count());
    EXPECT_GT(s["lateness_seconds"].get<int64_t>(), 0);  // 10 h of work due in 2 h
  }
  EXPECT_EQ(mine[0]["op_name"], "Cut");
  EXPECT_EQ(mine[0]["department"], "laser");
  EXPECT_EQ(mine[0]["setup_end"].get<std::string>(),
            format_iso8601(at(mine[0]["start"]) + std::chrono::seconds(600)));
  EXPECT_EQ(mine[1]["setup_end"], mine[1]["start"]);  // no setup

  // Off-shift: the weekend of 28/29 November and the early shift's break (10:00 local).
  bool weekend = false, early_break = false;
  for (const auto& o : board["off_shift"]) {
    const TimePoint s = at(o["start"]), e = at(o["end"]);
    if (s <= *parse_iso8601("2026-11-28T00:00:00Z") && e >= *parse_iso8601("2026-11-30T05:00:00Z"))
      weekend = true;
    if (o["start"] == "2026-11-23T09:00:00Z" && o["end"] == "2026-11-23T09:30:00Z")
      early_break = true;
  }
  EXPECT_TRUE(weekend);
  EXPECT_TRUE(early_break);
  EXPECT_TRUE(board["downtime"].is_array());
}

TEST_F(BoardRoutesTest, BoardRangeAndDowntime) {
  auto planner = client("planner");
  run_and_commit(*planner);
  auto r = planner->get("/api/v1/schedule/board?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z");
  ASSERT_EQ(r.status, 200) << r.body;
  const json range_slots = r.json()["slots"];
  for (const auto& s : range_slots) {
    EXPECT_LT(at(s["start"]), *parse_iso8601("2026-11-25T00:00:00Z"));
    EXPECT_GT(at(s["end"]), *parse_iso8601("2026-11-24T00:00:00Z"));
  }
  // A work center taken down shows [now, now + 8 h) as downtime.
  json wc = planner->get("/api/v1/work-centers?department=polishing").json()["items"][0];
  const int64_t wc_id = wc["id"];
  wc["status"] = "down";
  const std::string path = "/api/v1/work-centers/" + std::to_string(wc_id);
  wc.erase("id");
  auto put = planner->put_json(path, wc);
  ASSERT_EQ(put.status, 200) << put.body;
  auto down = planner->get("/api/v1/schedule/board");
  ASSERT_EQ(down.status, 200);
  bool found = false;
  const json downtime = down.json()["downtime"];  // a named copy: json() returns a temporary
  for (const auto& d : downtime) {
    if (d["work_center_id"] != wc_id) continue;
    found = true;
    EXPECT_EQ(d["start"], "2026-11-23T06:00:00Z");
    EXPECT_EQ(d["end"], "2026-11-23T14:00:00Z");
    EXPECT_EQ(d["reason"], "down");
  }
  EXPECT_TRUE(found) << downtime.dump();

  auto too_long =
      planner->get("/api/v1/schedule/board?from=2026-11-01T00:00:00Z&to=2027-01-03T00:00:00Z");
  ASSERT_EQ(too_long.status, 400);
  EXPECT_EQ(error_fields(too_long.json()), std::set<std::string>{"to"});
  auto reversed =
      planner->get("/api/v1/schedule/board?from=2026-11-05T00:00:00Z&to=2026-11-01T00:00:00Z");
  ASSERT_EQ(reversed.status, 400);
  EXPECT_EQ(error_fields(reversed.json()), std::set<std::string>{"to"});
  auto bad = planner->get("/api/v1/schedule/board?from=monday&colour=red");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(error_fields(bad.json()), (std::set<std::string>{"from", "colour"}));
  EXPECT_EQ(HttpClient(server_->port()).get("/api/v1/schedule/board").status, 401);
}

TEST_F(BoardRoutesTest, RunListNewestFirstWithFilters) {
  auto planner = client("planner");
  const int64_t first = run_and_commit(*planner);
  auto what_if = planner->post_json("/api/v1/schedule/runs", {{"what_if", true}});
  ASSERT_EQ(what_if.status, 201);
  json wc = planner->get("/api/v1/work-centers?department=laser").json()["items"][0];
  auto repair = planner->post_json("/api/v1/schedule/repair", {{"work_center_id", wc["id"]},
                                                               {"from", "2026-11-23T06:00:00Z"},
                                                               {"to", "2026-11-23T14:00:00Z"}});
  ASSERT_EQ(repair.status, 201) << repair.body;

  auto lead = client("lead");
  auto all = lead->get("/api/v1/schedule/runs");
  ASSERT_EQ(all.status, 200) << all.body;
  const json items = all.json()["items"];
  ASSERT_EQ(all.json()["total"], 3);
  EXPECT_EQ(items[0]["id"], repair.json()["id"]);
  EXPECT_EQ(items[0]["trigger"], "repair");
  EXPECT_EQ(items[0]["work_center_id"], wc["id"]);
  EXPECT_TRUE(items[0]["moved"].is_number_integer());
  EXPECT_EQ(items[0]["committed"], false);
  EXPECT_EQ(items[1]["trigger"], "what_if");
  EXPECT_EQ(items[1]["what_if"], true);
  EXPECT_EQ(items[2]["id"], first);
  EXPECT_EQ(items[2]["committed"], true);
  EXPECT_EQ(items[2]["mode"], "dispatch");
  EXPECT_EQ(items[2]["created_by"], "planner");
  EXPECT_TRUE(items[2]["metrics_after"].is_object());
  EXPECT_TRUE(items[2]["objective"].is_number());

  auto repairs = lead->get("/api/v1/schedule/runs?trigger=repair&status=succeeded");
  ASSERT_EQ(repairs.status, 200);
  EXPECT_EQ(repairs.json()["total"], 1);
  auto page = lead->get("/api/v1/schedule/runs?limit=1&offset=1");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json()["items"].size(), 1u);
  EXPECT_EQ(page.json()["items"][0]["trigger"], "what_if");
  auto bad = lead->get("/api/v1/schedule/runs?trigger=nightly&status=done&limit=0");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(error_fields(bad.json()), (std::set<std::string>{"limit"}));
  auto bad_trigger = lead->get("/api/v1/schedule/runs?trigger=nightly");
  ASSERT_EQ(bad_trigger.status, 400);
  EXPECT_EQ(error_fields(bad_trigger.json()), std::set<std::string>{"trigger"});
  auto bad_status = lead->get("/api/v1/schedule/runs?status=done");
  ASSERT_EQ(bad_status.status, 400);
  EXPECT_EQ(error_fields(bad_status.json()), std::set<std::string>{"status"});
}

TEST_F(BoardRoutesTest, DashboardCountsWorkAndAdherence) {
  auto planner = client("planner");
  create_job(*planner, "J-LATE-1", "2026-11-23T08:00:00Z", 300);
  run_and_commit(*planner);
  auto quality = client("quality");
  auto before = quality->get("/api/v1/dashboard");
  ASSERT_EQ(before.status, 200) << before.body;
  const json b = before.json();
  EXPECT_EQ(b["now"], "2026-11-23T06:00:00Z");
  EXPECT_EQ(b["departments"].size(), 7u);
  bool listed = false;
  for (const auto& l : b["late_jobs"]["items"]) {
    if (l["job_number"] != "J-LATE-1") continue;
    listed = true;
    EXPECT_GT(l["lateness_seconds"].get<int64_t>(), 0);
    EXPECT_EQ(
        l["lateness_seconds"],
        std::chrono::floor<std::chrono::seconds>(at(l["projected_end"]) - at(l["due"])).count());
  }
  EXPECT_TRUE(listed) << b["late_jobs"].dump();
  EXPECT_LE(b["late_jobs"]["items"].size(), 20u);
  EXPECT_GE(b["late_jobs"]["count"].get<size_t>(), b["late_jobs"]["items"].size());
  ASSERT_TRUE(b["bottleneck"].is_object());
  for (const auto& d : b["departments"]) {
    if (d["name"] == b["bottleneck"]["department"]) {
      EXPECT_GT(d["capacity_hours"].get<double>(), 0);
    }
  }

  // Start and complete a scheduled ready operation: WIP, then adherence count it.
  auto board = planner->get("/api/v1/schedule/board").json();
  json pick;
  for (const auto& s : board["slots"]) {
    if (s["op_status"] == "ready" &&
        (s["job_status"] == "released" || s["job_status"] == "in_progress")) {
      pick = s;
      break;
    }
  }
  ASSERT_FALSE(pick.is_null());
  const int64_t op_id = pick["operation_id"];
  auto dept_wip = [&](const json& dash) {
    for (const auto& d : dash["departments"]) {
      if (d["name"] == pick["department"]) return d["wip"].get<int64_t>();
    }
    return int64_t{-1};
  };
  auto who = app::system_principal();
  ASSERT_TRUE(services_->operations().start(who, op_id).ok());
  auto running = quality->get("/api/v1/dashboard").json();
  EXPECT_EQ(dept_wip(running), dept_wip(b) + 1);
  app::CompleteOperationInput done;
  done.operation_id = op_id;
  done.qty_good = pick["quantity"].get<int64_t>() - pick["qty_good"].get<int64_t>() -
                  pick["qty_scrap"].get<int64_t>();
  auto completed = services_->operations().complete(who, done);
  ASSERT_TRUE(completed.ok()) << completed.error().message;
  auto after = quality->get("/api/v1/dashboard?days=1").json();
  EXPECT_EQ(dept_wip(after), dept_wip(b));
  EXPECT_EQ(after["adherence"]["operations"], b["adherence"]["operations"].get<int64_t>() + 1);
  EXPECT_EQ(after["adherence"]["finished_on_time"],
            b["adherence"]["finished_on_time"].get<int64_t>() + 1);  // done before its slot
  EXPECT_TRUE(after["adherence"]["rate"].is_number());

  auto bad = quality->get("/api/v1/dashboard?days=0");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(error_fields(bad.json()), std::set<std::string>{"days"});
  EXPECT_EQ(HttpClient(server_->port()).get("/api/v1/dashboard").status, 401);
}

TEST_F(BoardRoutesTest, BoardSaysWhatMachinesCountedOnAStartedOperation) {
  namespace sig = ingest::signals;
  auto planner = client("planner");
  run_and_commit(*planner);
  json ready;
  const json board = planner->get("/api/v1/schedule/board").json();
  for (const auto& s : board["slots"]) {
    if (s["op_status"] == "ready" &&
        (s["job_status"] == "released" || s["job_status"] == "in_progress")) {
      ready = s;
    }
  }
  ASSERT_FALSE(ready.is_null());
  const auto system = app::system_principal();
  ASSERT_TRUE(services_->operations().start(system, ready["operation_id"]).ok());
  model::Machine m;
  m.code = "BOARD-M1";
  m.name = "Board test machine";
  m.work_center_id = ready["work_center_id"].get<int64_t>();
  ASSERT_TRUE(services_->machines().create(system, m).ok());
  auto board_slot = [&]() {
    const json now = planner->get("/api/v1/schedule/board").json();
    for (const auto& s : now["slots"]) {
      if (s["id"] == ready["id"]) return s;
    }
    return json();
  };
  EXPECT_FALSE(board_slot().contains("machine_qty")) << "no machine reported on it yet";

  app::MachineSink sink(services_->changes());
  const int64_t t =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch())
          .count();
  const std::vector<ingest::Sample> samples = {
      {"BOARD-M1", sig::kState, t, std::string("RUN")},
      {"BOARD-M1", sig::kPartsDelta, t + 60'000, int64_t{3}},
      {"BOARD-M1", sig::kCycleTime, t + 60'000, 40.0}};
  ASSERT_TRUE(sink.consume(samples).ok());
  const json counted = board_slot();
  EXPECT_EQ(counted["machine_qty"], 3) << counted.dump();
  EXPECT_EQ(counted["machine_run_s"], 40) << counted.dump();
}

TEST_F(BoardRoutesTest, DispatchListInStartOrderRunningFirst) {
  auto planner = client("planner");
  run_and_commit(*planner);
  auto board = planner->get("/api/v1/schedule/board").json();
  // The work center with the most ready slots.
  std::map<int64_t, std::vector<json>> ready;
  for (const auto& s : board["slots"]) {
    if (s["op_status"] == "ready" &&
        (s["job_status"] == "released" || s["job_status"] == "in_progress"))
      ready[s["work_center_id"].get<int64_t>()].push_back(s);
  }
  ASSERT_FALSE(ready.empty());
  auto best = std::max_element(ready.begin(), ready.end(), [](const auto& a, const auto& b) {
    return a.second.size() < b.second.size();
  });
  const std::string path = "/api/v1/work-centers/" + std::to_string(best->first) + "/dispatch";
  auto op = client("operator");
  auto r = op->get(path);
  ASSERT_EQ(r.status, 200) << r.body;
  json items = r.json()["items"];
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(r.json()["work_center"]["id"], best->first);
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_NE(items[i]["op_status"], "complete");
    EXPECT_TRUE(items[i].contains("material"));
    EXPECT_TRUE(items[i].contains("thickness_mm"));
    EXPECT_TRUE(items[i].contains("customer"));
    if (i > 0 && items[i]["op_status"] != "running" && items[i - 1]["op_status"] != "running") {
      EXPECT_LE(at(items[i - 1]["start"]), at(items[i]["start"]));
    }
  }
  // Start the last ready operation of the list: it moves to the front.
  json last;
  for (const auto& it : items) {
    if (it["op_status"] == "ready" &&
        (it["job_status"] == "released" || it["job_status"] == "in_progress"))
      last = it;
  }
  ASSERT_FALSE(last.is_null());
  ASSERT_TRUE(services_->operations().start(app::system_principal(), last["operation_id"]).ok());
  auto again = op->get(path);
  ASSERT_EQ(again.status, 200);
  const json now_items = again.json()["items"];
  bool found = false;
  for (const auto& it : now_items) {
    if (it["slot_id"] == last["slot_id"]) {
      found = true;
      EXPECT_EQ(it["op_status"], "running");
      break;
    }
    EXPECT_EQ(it["op_status"], "running");  // only running operations come before it
  }
  EXPECT_TRUE(found);
  auto two = op->get(path + "?limit=2");
  ASSERT_EQ(two.status, 200);
  EXPECT_EQ(two.json()["items"].size(), 2u);
  EXPECT_EQ(two.json()["total"], now_items.size());

  EXPECT_EQ(op->get("/api/v1/work-centers/999999/dispatch").status, 404);
  auto bad = op->get(path + "?limit=0");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(error_fields(bad.json()), std::set<std::string>{"limit"});
  EXPECT_EQ(HttpClient(server_->port()).get(path).status, 401);
  // Every route is in the OpenAPI document.
  auto spec = HttpClient(server_->port()).get("/api/v1/openapi.json").json();
  for (const char* p : {"/api/v1/schedule/board", "/api/v1/schedule/runs", "/api/v1/dashboard",
                        "/api/v1/work-centers/{id}/dispatch"}) {
    EXPECT_TRUE(spec["paths"].contains(p)) << p;
  }
}

}  // namespace
}  // namespace kerf::api
