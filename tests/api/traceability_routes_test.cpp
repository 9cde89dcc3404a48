// Job history and material traceability over HTTP: a consumption recorded through the consume
// use case traces from the heat lot to the job, part, operation and customer and back; the job
// history shows the job's, its operations' and its consumptions' audit rows to any user.
#include <algorithm>

#include "api_fixture.h"
#include "kerf/store/consumption_repo.h"

namespace kerf::api::testing {
namespace {

class TraceabilityTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    auto floor = app::seed_demo_floor(*services_);
    ASSERT_TRUE(floor.ok()) << floor.error().message;
  }

  // A released job of the demo that has consumed nothing yet.
  json released_job() {
    auto admin = login("admin");
    auto jobs = admin->get("/api/v1/jobs?status=released&sort=number&limit=1000");
    for (json body = jobs.json(); const auto& j : body["items"]) {
      auto m = admin->get("/api/v1/jobs/" + id_of(j) + "/materials");
      if (m.json()["total"] == 0) return j;
    }
    ADD_FAILURE() << "no released job without consumptions";
    return nullptr;
  }
  // The sheet stack `id` as listed now.
  json sheet_now(const json& sheet) {
    auto r = login("admin")->get("/api/v1/materials/sheets?limit=1000&material=" +
                                 sheet["material"].get<std::string>());
    for (json body = r.json(); const auto& s : body["items"]) {
      if (s["id"] == sheet["id"]) return s;
    }
    return nullptr;
  }
  json operations_of(int64_t job_id) {
    auto r = login("admin")->get("/api/v1/operations?job_id=" + std::to_string(job_id) +
                                 "&sort=sequence");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["items"];
  }
  // A full sheet stack with at least `n` sheets.
  json sheet_with(int64_t n) {
    auto r = login("admin")->get("/api/v1/materials/sheets?is_remnant=false&limit=1000");
    for (json body = r.json(); const auto& s : body["items"]) {
      if (s["quantity"].get<int64_t>() >= n) return s;
    }
    ADD_FAILURE() << "no sheet stack with " << n << " sheets";
    return nullptr;
  }
  static std::string id_of(const json& j) { return std::to_string(j["id"].get<int64_t>()); }
};

TEST_F(TraceabilityTest, AConsumptionTracesFromHeatLotToJobAndBack) {
  json job = released_job();
  json ops = operations_of(job["id"]);
  ASSERT_FALSE(ops.empty());
  json sheet = sheet_with(3);
  auto op = login("operator");
  auto consumed =
      op->post_json("/api/v1/materials/sheets/" + id_of(sheet) + "/consume",
                    {{"job_id", job["id"]}, {"quantity", 2}, {"operation_id", ops[0]["id"]}});
  ASSERT_EQ(consumed.status, 200) << consumed.body;
  EXPECT_EQ(consumed.json()["sheet"]["quantity"], sheet["quantity"].get<int64_t>() - 2);

  // Backwards: the job's materials, as any user (quality).
  auto quality = login("quality");
  auto materials = quality->get("/api/v1/jobs/" + id_of(job) + "/materials");
  ASSERT_EQ(materials.status, 200) << materials.body;
  const json& m = materials.json();
  EXPECT_EQ(m["job"]["number"], job["number"]);
  ASSERT_EQ(m["total"], 1);
  const json& item = m["items"][0];
  EXPECT_EQ(item["quantity"], 2);
  EXPECT_EQ(item["user"], "operator");
  EXPECT_EQ(item["sheet"]["id"], sheet["id"]);
  EXPECT_EQ(item["sheet"]["material"], sheet["material"]);
  EXPECT_EQ(item["sheet"]["thickness_mm"], sheet["thickness_mm"]);
  EXPECT_EQ(item["heat_lot"]["id"], sheet["heat_lot_id"]);
  EXPECT_EQ(item["operation"]["id"], ops[0]["id"]);
  EXPECT_EQ(item["operation"]["sequence"], ops[0]["sequence"]);
  EXPECT_EQ(item["customer"]["id"], job["customer_id"]);
  EXPECT_EQ(item["part"]["id"], job["part_id"]);
  ASSERT_EQ(m["heat_lots"].size(), 1u);
  EXPECT_EQ(m["heat_lots"][0]["sheets"], 2);

  // The heat lot as the mill certificate names it.
  auto admin = login("admin");
  json lot;
  for (json body = admin->get("/api/v1/materials/heat-lots?limit=1000").json();
       const auto& l : body["items"]) {
    if (l["id"] == sheet["heat_lot_id"]) lot = l;
  }
  ASSERT_FALSE(lot.is_null());
  EXPECT_EQ(item["heat_lot"]["number"], lot["number"]);
  EXPECT_EQ(item["heat_lot"]["supplier"], lot["supplier"]);
  EXPECT_EQ(item["heat_lot"]["mill_cert_ref"], lot["mill_cert_ref"]);

  // Forwards: heat lot -> sheets -> consumptions -> job, part, customer.
  auto trace = op->get("/api/v1/materials/heat-lots/" + id_of(lot) + "/trace");
  ASSERT_EQ(trace.status, 200) << trace.body;
  const json& t = trace.json();
  EXPECT_EQ(t["heat_lot"]["number"], lot["number"]);
  auto has_sheet = std::any_of(t["sheets"].begin(), t["sheets"].end(),
                               [&](const json& s) { return s["id"] == sheet["id"]; });
  EXPECT_TRUE(has_sheet);
  for (const auto& s : t["sheets"]) EXPECT_EQ(s["heat_lot_id"], lot["id"]);
  json mine;
  for (const auto& c : t["consumptions"]) {
    if (c["id"] == item["id"]) mine = c;
  }
  ASSERT_FALSE(mine.is_null()) << trace.body;
  EXPECT_EQ(mine["job"]["number"], job["number"]);
  EXPECT_EQ(mine["quantity"], 2);
  auto in_jobs = std::any_of(t["jobs"].begin(), t["jobs"].end(),
                             [&](const json& j) { return j["job_id"] == job["id"]; });
  EXPECT_TRUE(in_jobs) << t["jobs"].dump();
}

TEST_F(TraceabilityTest, WithoutAnOperationTheJobsCuttingOperationIsRecorded) {
  json job = released_job();
  json ops = operations_of(job["id"]);
  json cutting;
  for (const auto& o : ops) {
    if (cutting.is_null() && (o["department"] == "laser" || o["department"] == "punch")) {
      cutting = o;
    }
  }
  json sheet = sheet_with(1);
  auto r = login("lead")->post_json("/api/v1/materials/sheets/" + id_of(sheet) + "/consume",
                                    {{"job_id", job["id"]}, {"quantity", 1}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto m = login("operator")->get("/api/v1/jobs/" + id_of(job) + "/materials").json();
  ASSERT_EQ(m["total"], 1);
  if (cutting.is_null()) {
    EXPECT_TRUE(m["items"][0]["operation"].is_null());
  } else {
    EXPECT_EQ(m["items"][0]["operation"]["id"], cutting["id"]);
  }
}

TEST_F(TraceabilityTest, AnOperationOfAnotherJobIsRefusedAndNothingIsWritten) {
  json job = released_job();
  json other = first("/api/v1/jobs?status=released&sort=number&order=desc");
  ASSERT_NE(other["id"], job["id"]);
  json foreign_op = operations_of(other["id"])[0];
  json sheet = sheet_with(1);
  auto r =
      login("operator")
          ->post_json("/api/v1/materials/sheets/" + id_of(sheet) + "/consume",
                      {{"job_id", job["id"]}, {"quantity", 1}, {"operation_id", foreign_op["id"]}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "operation_id");
  EXPECT_EQ(login("admin")->get("/api/v1/jobs/" + id_of(job) + "/materials").json()["total"], 0);
  EXPECT_EQ(sheet_now(sheet)["quantity"], sheet["quantity"]);
}

TEST_F(TraceabilityTest, DemoFloorSeedLeavesANonEmptyTrace) {
  auto lots = db_->read([](store::Tx& tx) -> Result<std::vector<int64_t>> {
    auto rows = tx.query("SELECT DISTINCT heat_lot_id FROM material_consumptions");
    if (!rows.ok()) return rows.error();
    std::vector<int64_t> out;
    for (const auto& r : *rows) out.push_back(r.get_int(0));
    return out;
  });
  ASSERT_TRUE(lots.ok());
  ASSERT_FALSE(lots->empty());
  auto trace = login("operator")
                   ->get("/api/v1/materials/heat-lots/" + std::to_string(lots->front()) + "/trace");
  ASSERT_EQ(trace.status, 200) << trace.body;
  ASSERT_FALSE(trace.json()["consumptions"].empty());
  EXPECT_EQ(trace.json()["consumptions"][0]["user"], "operator");
  EXPECT_FALSE(trace.json()["consumptions"][0]["operation"].is_null());
}

TEST_F(TraceabilityTest, JobHistoryIsNewestFirstAndOpenToEveryUser) {
  json job = released_job();
  json ops = operations_of(job["id"]);
  auto planner = login("planner");
  ASSERT_EQ(
      planner->post_json("/api/v1/jobs/" + id_of(job) + "/hold", {{"reason", "QA check"}}).status,
      200);
  ASSERT_EQ(planner->post_json("/api/v1/jobs/" + id_of(job) + "/unhold", json::object()).status,
            200);
  json sheet = sheet_with(1);
  ASSERT_EQ(login("operator")
                ->post_json("/api/v1/materials/sheets/" + id_of(sheet) + "/consume",
                            {{"job_id", job["id"]}, {"quantity", 1}})
                .status,
            200);

  auto op = login("operator");
  EXPECT_EQ(op->get("/api/v1/audit").status, 403);  // the audit log proper stays closed
  auto r = op->get("/api/v1/jobs/" + id_of(job) + "/history");
  ASSERT_EQ(r.status, 200) << r.body;
  const json history = r.json();
  const json& items = history["items"];
  ASSERT_GE(items.size(), 3u);
  EXPECT_EQ(r.json()["total"].get<int64_t>(), static_cast<int64_t>(items.size()));
  // Newest first: the consumption, the unhold, the hold.
  EXPECT_EQ(items[0]["entity"], "material_consumption");
  EXPECT_EQ(items[0]["user"], "operator");
  EXPECT_NE(items[0]["summary"].get<std::string>().find("consumed 1 sheet"), std::string::npos)
      << items[0];
  EXPECT_EQ(items[1]["entity"], "job");
  EXPECT_EQ(items[1]["action"], "resume");  // unhold is audited as the job action "resume"
  EXPECT_EQ(items[2]["action"], "hold");
  EXPECT_EQ(items[2]["user"], "planner");
  EXPECT_EQ(items[2]["entity_id"], job["id"]);
  EXPECT_EQ(items[2]["changes"]["status"]["from"], "released");
  EXPECT_EQ(items[2]["changes"]["status"]["to"], "on_hold");
  EXPECT_FALSE(items[2]["changes"].contains("version"));
  for (std::size_t i = 1; i < items.size(); ++i) {
    EXPECT_GE(items[i - 1]["at"].get<std::string>(), items[i]["at"].get<std::string>());
  }
  // Only rows of this job, its operations and its consumptions.
  for (const auto& it : items) {
    std::string entity = it["entity"];
    if (entity == "job" || entity == "material_consumption") {
      EXPECT_EQ(it["entity_id"], job["id"]) << it;
    } else {
      ASSERT_EQ(entity, "operation") << it;
      auto same = std::any_of(ops.begin(), ops.end(),
                              [&](const json& o) { return o["id"] == it["entity_id"]; });
      EXPECT_TRUE(same) << it;
    }
  }
  // Paging.
  auto page = op->get("/api/v1/jobs/" + id_of(job) + "/history?limit=1&offset=1");
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.json()["items"].size(), 1u);
  EXPECT_EQ(page.json()["items"][0]["id"], items[1]["id"]);
  EXPECT_EQ(page.json()["total"], r.json()["total"]);
  auto bad = op->get("/api/v1/jobs/" + id_of(job) + "/history?limit=0");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "limit");
}

TEST_F(TraceabilityTest, UnknownIdsAre404AndAnonymousCallersAre401) {
  auto op = login("operator");
  for (const char* target : {"/api/v1/jobs/999999/history", "/api/v1/jobs/999999/materials",
                             "/api/v1/materials/heat-lots/999999/trace"}) {
    EXPECT_EQ(op->get(target).status, 404) << target;
    EXPECT_EQ(HttpClient(port()).get(target).status, 401) << target;
  }
  EXPECT_EQ(op->get("/api/v1/jobs/abc/history").status, 400);
  EXPECT_EQ(op->get("/api/v1/materials/heat-lots/0/trace").status, 400);
}

TEST_F(TraceabilityTest, OpenApiDocumentsTheNewRoutes) {
  auto doc = HttpClient(port()).get("/api/v1/openapi.json").json();
  const auto& paths = doc["paths"];
  for (const char* p : {"/api/v1/jobs/{id}/history", "/api/v1/jobs/{id}/materials",
                        "/api/v1/materials/heat-lots/{id}/trace"}) {
    ASSERT_TRUE(paths.contains(p)) << p;
    EXPECT_TRUE(paths[p].contains("get")) << p;
  }
  EXPECT_TRUE(paths["/api/v1/auth/badge"].contains("post"));
  EXPECT_TRUE(paths["/api/v1/users/{id}/badge"].contains("put"));
  EXPECT_TRUE(paths["/api/v1/users/{id}/badge"].contains("delete"));
  EXPECT_TRUE(paths["/api/v1/materials/sheets/{id}/consume"]["post"].dump().find("operation_id") !=
              std::string::npos);
}

}  // namespace
}  // namespace kerf::api::testing
