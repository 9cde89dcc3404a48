// Scheduling routes on the real HTTP server over a real SQLite database with the demo shop.
#include "kerf/api/schedule_routes.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "kerf/api/app_api.h"
#include "kerf/api/server.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/seed.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/store/plant_repo.h"
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

class ScheduleRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kerf::testing::make_temp_dir("kerf_sched_api");
    auto db = store::Database::open("sqlite:" + dir_ + "/kerf.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(store::migrate(*db_).ok());
    services_ =
        std::make_unique<app::Services>(*db_, env_, bus_, app::ServicesOptions::for_tests());
    auto seeded = app::seed_demo(*services_, 11);
    ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    scheduling_ = std::make_unique<app::scheduling::SchedulingService>(*services_);
    Router router;
    register_schedule_routes(router, *services_, *scheduling_);
    ServerOptions opts;
    opts.threads = 2;
    auto server = Server::start(opts, std::move(router), make_authenticator(*services_), &bus_);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
  }
  void TearDown() override {
    if (server_) server_->stop();
  }

  std::string token(const std::string& user) {
    auto r = services_->auth().login(user, app::kDemoPassword, "test");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->token : "";
  }
  std::unique_ptr<HttpClient> client(const std::string& user) {
    auto c = std::make_unique<HttpClient>(server_->port());
    c->set_bearer(token(user));
    return c;
  }

  // Polls GET /schedule/runs/{id} until the status is no longer "running" (fails after 60 s).
  json wait_until_ended(HttpClient& client, const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      auto got = client.get("/api/v1/schedule/runs/" + id);
      EXPECT_EQ(got.status, 200) << got.body;
      if (got.status != 200 || got.json()["status"] != "running") return got.json();
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "run " << id << " still running after 60 s";
        return got.json();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  ManualClock clock_{*parse_iso8601("2026-11-23T06:00:00Z")};
  Env env_{clock_, 3};
  EventBus bus_;
  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<app::scheduling::SchedulingService> scheduling_;
  std::unique_ptr<Server> server_;
};

TEST_F(ScheduleRoutesTest, RunGetCommitThenReadSlotsLoadAndConflicts) {
  auto planner = client("planner");
  auto created = planner->post_json("/api/v1/schedule/runs",
                                    {{"horizon", "weekly"}, {"mode", "dispatch"}, {"rule", "edd"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json run = created.json();
  EXPECT_TRUE(run.contains("metrics_before"));
  EXPECT_TRUE(run.contains("metrics_after"));
  EXPECT_EQ(run["rule"], "edd");
  EXPECT_TRUE(run["conflicts"].empty());
  const std::string id = std::to_string(run["id"].get<int64_t>());

  auto lead = client("lead");
  auto got = lead->get("/api/v1/schedule/runs/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["slots"].size(), run["slots"].size());
  EXPECT_EQ(got.json()["committed"], false);

  auto committed = planner->request("POST", "/api/v1/schedule/runs/" + id + "/commit");
  ASSERT_EQ(committed.status, 200) << committed.body;
  EXPECT_EQ(committed.json()["inserted"], run["slots"].size());
  EXPECT_EQ(planner->request("POST", "/api/v1/schedule/runs/" + id + "/commit").status, 409);

  auto slots = lead->get("/api/v1/schedule");
  ASSERT_EQ(slots.status, 200) << slots.body;
  // Nest slots (operation_id 0) are stored apart and shown on the board, not in /schedule.
  size_t op_slots = 0;
  for (const auto& s : run["slots"]) op_slots += s.value("operation_id", int64_t{0}) > 0 ? 1 : 0;
  EXPECT_EQ(slots.json()["total"], op_slots);
  const json first = slots.json()["items"][0];
  auto one_wc = lead->get("/api/v1/schedule?work_center_id=" +
                          std::to_string(first["work_center_id"].get<int64_t>()));
  ASSERT_EQ(one_wc.status, 200);
  const json wc_items = one_wc.json()["items"];  // a named copy: json() returns a temporary
  for (const auto& s : wc_items) EXPECT_EQ(s["work_center_id"], first["work_center_id"]);
  auto laser = lead->get("/api/v1/schedule?department=laser&from=2026-11-23T00:00:00Z");
  ASSERT_EQ(laser.status, 200);
  const json laser_items = laser.json()["items"];
  for (const auto& s : laser_items) EXPECT_EQ(s["department"], "laser");

  auto operator_client = client("operator");
  auto load = operator_client->get("/api/v1/schedule/load?granularity=week");
  ASSERT_EQ(load.status, 200) << load.body;
  EXPECT_EQ(load.json()["granularity"], "week");
  EXPECT_FALSE(load.json()["items"].empty());
  auto conflicts = operator_client->get("/api/v1/schedule/conflicts");
  ASSERT_EQ(conflicts.status, 200) << conflicts.body;
  EXPECT_TRUE(conflicts.json()["conflicts"].empty()) << conflicts.body;
}

TEST_F(ScheduleRoutesTest, WrongRoleIs403) {
  auto op = client("operator");
  EXPECT_EQ(op->post_json("/api/v1/schedule/runs", json::object()).status, 403);
  auto shipping = client("shipping");
  EXPECT_EQ(shipping->get("/api/v1/schedule").status, 200);  // reads are open to every user
  auto planner = client("planner");
  auto created = planner->post_json("/api/v1/schedule/runs", {{"what_if", true}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = std::to_string(created.json()["id"].get<int64_t>());
  auto lead = client("lead");
  EXPECT_EQ(lead->request("POST", "/api/v1/schedule/runs/" + id + "/commit").status, 403);
  EXPECT_EQ(lead->post_json("/api/v1/schedule/repair", {{"work_center_id", 1},
                                                        {"from", "2026-11-23T06:00:00Z"},
                                                        {"to", "2026-11-23T10:00:00Z"}})
                .status,
            403);
  EXPECT_EQ(HttpClient(server_->port()).get("/api/v1/schedule").status, 401);
}

TEST_F(ScheduleRoutesTest, BadBodiesAre400WithFieldNames) {
  auto planner = client("planner");
  auto r = planner->post_json("/api/v1/schedule/runs", {{"horizon", "monthly"},
                                                        {"mode", 3},
                                                        {"time_limit_s", -1},
                                                        {"rule", "random"},
                                                        {"what_if", "yes"},
                                                        {"colour", "red"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(error_fields(r.json()), (std::set<std::string>{"horizon", "mode", "time_limit_s",
                                                           "rule", "what_if", "colour"}));
  auto both = planner->post_json("/api/v1/schedule/runs", {{"what_if", true}, {"commit", true}});
  ASSERT_EQ(both.status, 400);
  EXPECT_EQ(error_fields(both.json()), std::set<std::string>{"commit"});
  auto not_object = planner->post_json("/api/v1/schedule/runs", json::array());
  EXPECT_EQ(not_object.status, 400);
  auto repair = planner->post_json("/api/v1/schedule/repair",
                                   {{"work_center_id", "x"}, {"from", "yesterday"}});
  ASSERT_EQ(repair.status, 400);
  EXPECT_EQ(error_fields(repair.json()), (std::set<std::string>{"work_center_id", "from", "to"}));
  EXPECT_EQ(planner->get("/api/v1/schedule/runs/abc").status, 400);
  EXPECT_EQ(planner->get("/api/v1/schedule/runs/999999").status, 404);
  auto query = planner->get("/api/v1/schedule?department=paint&from=tuesday");
  ASSERT_EQ(query.status, 400);
  EXPECT_EQ(error_fields(query.json()), (std::set<std::string>{"department", "from"}));
  EXPECT_EQ(planner->get("/api/v1/schedule/load?granularity=month").status, 400);
  // Nothing was written by the refused requests.
  auto slots = planner->get("/api/v1/schedule");
  EXPECT_EQ(slots.json()["total"], 0);
}

TEST_F(ScheduleRoutesTest, RepairRouteAndOpenApiListsTheRoutes) {
  auto planner = client("planner");
  auto run = planner->post_json("/api/v1/schedule/runs", {{"commit", true}});
  ASSERT_EQ(run.status, 201) << run.body;
  EXPECT_EQ(run.json()["committed"], true);
  auto slot = planner->get("/api/v1/schedule").json()["items"][0];
  auto repair =
      planner->post_json("/api/v1/schedule/repair", {{"work_center_id", slot["work_center_id"]},
                                                     {"from", "2026-11-23T06:00:00Z"},
                                                     {"to", "2026-11-23T18:00:00Z"}});
  ASSERT_EQ(repair.status, 201) << repair.body;
  EXPECT_EQ(repair.json()["trigger"], "repair");
  auto spec = HttpClient(server_->port()).get("/api/v1/openapi.json");
  ASSERT_EQ(spec.status, 200);
  const json paths = spec.json()["paths"];
  for (const char* p :
       {"/api/v1/schedule/runs", "/api/v1/schedule/runs/{id}", "/api/v1/schedule/runs/{id}/commit",
        "/api/v1/schedule", "/api/v1/schedule/load", "/api/v1/schedule/conflicts",
        "/api/v1/schedule/repair"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
}

TEST_F(ScheduleRoutesTest, AsyncRunIs202ThenCompletes) {
  auto planner = client("planner");
  auto started = planner->post_json("/api/v1/schedule/runs", {{"async", true}, {"rule", "edd"}});
  ASSERT_EQ(started.status, 202) << started.body;
  EXPECT_EQ(started.json()["status"], "running");
  const std::string id = std::to_string(started.json()["id"].get<int64_t>());
  json done = wait_until_ended(*client("lead"), id);
  EXPECT_EQ(done["status"], "succeeded");
  EXPECT_TRUE(done["conflicts"].empty()) << done.dump();
  EXPECT_FALSE(done["slots"].empty());
  auto committed = planner->request("POST", "/api/v1/schedule/runs/" + id + "/commit");
  EXPECT_EQ(committed.status, 200) << committed.body;
}

TEST_F(ScheduleRoutesTest, CancelEndsALongOptimizeRunWithItsBestSchedule) {
  auto planner = client("planner");
  auto started = planner->post_json("/api/v1/schedule/runs",
                                    {{"async", true}, {"mode", "optimize"}, {"time_limit_s", 120}});
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string id = std::to_string(started.json()["id"].get<int64_t>());
  const std::string cancel = "/api/v1/schedule/runs/" + id + "/cancel";
  auto busy = planner->post_json("/api/v1/schedule/runs", json::object());
  EXPECT_EQ(busy.status, 409) << busy.body;
  EXPECT_EQ(client("operator")->request("POST", cancel).status, 403);
  std::this_thread::sleep_for(std::chrono::seconds(1));  // let the search begin
  auto cancelled = planner->request("POST", cancel);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  json done = wait_until_ended(*planner, id);
  EXPECT_EQ(done["status"], "cancelled");
  EXPECT_LT(done["seconds"].get<double>(), 120.0);
  EXPECT_TRUE(done["conflicts"].empty()) << done["conflicts"].dump();
  EXPECT_FALSE(done["slots"].empty());
  auto twice = planner->request("POST", cancel);
  ASSERT_EQ(twice.status, 409) << twice.body;
  EXPECT_NE(twice.json()["detail"].get<std::string>().find("cancelled"), std::string::npos)
      << twice.body;
  EXPECT_EQ(planner->request("POST", "/api/v1/schedule/runs/999999/cancel").status, 404);
  EXPECT_EQ(planner->request("POST", "/api/v1/schedule/runs/abc/cancel").status, 400);
  auto committed = planner->request("POST", "/api/v1/schedule/runs/" + id + "/commit");
  EXPECT_EQ(committed.status, 200) << committed.body;
}

TEST_F(ScheduleRoutesTest, BadAsyncFieldIs400AndCancelRouteIsInOpenApi) {
  auto planner = client("planner");
  auto r = planner->post_json("/api/v1/schedule/runs", {{"async", "yes"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(error_fields(r.json()), std::set<std::string>{"async"});
  auto both = planner->post_json("/api/v1/schedule/runs", {{"async", true}, {"commit", true}});
  ASSERT_EQ(both.status, 400) << both.body;
  EXPECT_EQ(error_fields(both.json()), std::set<std::string>{"commit"});
  const json spec = HttpClient(server_->port()).get("/api/v1/openapi.json").json();
  EXPECT_TRUE(spec["paths"].contains("/api/v1/schedule/runs/{id}/cancel"));
  EXPECT_TRUE(spec["paths"]["/api/v1/schedule/runs"]["post"]["requestBody"].dump().find(
                  "\"async\"") != std::string::npos);
}

TEST_F(ScheduleRoutesTest, LoadDefaultsToPlantLocalMidnight) {
  // New York (UTC - 5 h in November); now (06:00 UTC) is 01:00 on Monday 23 Nov there.
  auto updated = db_->transact([&](store::Tx& tx) -> Status {
    auto plants = store::list_plants(tx, store::ListQuery{});
    if (!plants.ok()) return plants.error();
    model::Plant plant = plants->items.at(0);
    plant.time_zone = "America/New_York";
    auto saved = store::update_plant(tx, plant);
    if (!saved.ok()) return saved.error();
    return ok_status();
  });
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  auto lead = client("lead");
  auto day = lead->get("/api/v1/schedule/load");
  ASSERT_EQ(day.status, 200) << day.body;
  EXPECT_EQ(day.json()["from"], "2026-11-23T05:00:00Z");
  auto week = lead->get("/api/v1/schedule/load?granularity=week");
  ASSERT_EQ(week.status, 200) << week.body;
  EXPECT_EQ(week.json()["from"], "2026-11-23T05:00:00Z");
  // From 02:00 UTC (21:00 the previous plant day) the first bucket ends at plant midnight.
  auto from2 = lead->get("/api/v1/schedule/load?from=2026-11-23T02:00:00Z&to=2026-11-24T02:00:00Z");
  ASSERT_EQ(from2.status, 200) << from2.body;
  ASSERT_FALSE(from2.json()["items"].empty());
  EXPECT_EQ(from2.json()["items"][0]["end"], "2026-11-23T05:00:00Z");
}

TEST_F(ScheduleRoutesTest, DefaultLoadRangeEndsAtPlantMidnightAcrossDst) {
  // Chicago: 2026-03-08 02:00 CST -> 03:00 CDT. Now is Thursday 2026-03-05 12:00 CST.
  auto updated = db_->transact([&](store::Tx& tx) -> Status {
    auto plants = store::list_plants(tx, store::ListQuery{});
    if (!plants.ok()) return plants.error();
    model::Plant plant = plants->items.at(0);
    plant.time_zone = "America/Chicago";
    auto saved = store::update_plant(tx, plant);
    if (!saved.ok()) return saved.error();
    return ok_status();
  });
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  clock_.set(*parse_iso8601("2026-03-05T18:00:00Z"));
  auto lead = client("lead");
  auto day = lead->get("/api/v1/schedule/load");
  ASSERT_EQ(day.status, 200) << day.body;
  EXPECT_EQ(day.json()["from"], "2026-03-05T06:00:00Z");  // Thursday 00:00 CST
  EXPECT_EQ(day.json()["to"], "2026-03-12T05:00:00Z");    // Thursday 00:00 CDT, 167 h later
  std::set<std::pair<std::string, std::string>> buckets;
  const json body = day.json();
  for (const auto& b : body["items"]) {
    buckets.insert({b["start"].get<std::string>(), b["end"].get<std::string>()});
  }
  ASSERT_EQ(buckets.size(), 7u);  // seven plant days, no stray one-hour bucket
  EXPECT_TRUE(buckets.count({"2026-03-08T06:00:00Z", "2026-03-09T05:00:00Z"}));  // 23 h Sunday
  auto week = lead->get("/api/v1/schedule/load?granularity=week");
  ASSERT_EQ(week.status, 200) << week.body;
  EXPECT_EQ(week.json()["from"], "2026-03-02T06:00:00Z");  // Monday 00:00 CST
  EXPECT_EQ(week.json()["to"], "2026-03-30T05:00:00Z");    // Monday 00:00 CDT four weeks on
}

}  // namespace
}  // namespace kerf::api
