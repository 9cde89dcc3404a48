// Nest and Sigmanest routes over HTTP against the real NestService and SigmanestLedger: a posted
// program lists, filters and appears in its laser's NC queue; once cut it counts in nest
// efficiency and shows in the heat lot's genealogy and the job's materials; the outbound queue
// retries a failed row for planners only; a Sigmanest remnant is listed under its name while in
// stock; bad query parameters are 400 naming them; operators
// start, stop, reject pieces of, finish and delete programs (403 for quality, 400 naming the
// field, 409 for a transition the state does not allow).
#include <algorithm>

#include "api_fixture.h"
#include "kerf/app/sigmanest_ledger.h"
#include "kerf/core/time_format.h"
#include "nest_fixture.h"

namespace kerf::api::testing {
namespace {

class SigmanestRoutesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    auto floor = app::seed_demo_floor(*services_);
    ASSERT_TRUE(floor.ok()) << floor.error().message;
  }
  static std::string field_of(const kerf::testing::HttpResponse& r) {
    json body = r.json();
    return body.contains("errors") && !body["errors"].empty()
               ? body["errors"][0]["field"].get<std::string>()
               : "";
  }
};

TEST_F(SigmanestRoutesTest, AProgramListsQueuesAndTracesFromHeatLotToJob) {
  PostedProgram p = post_test_program(*services_, "N-API-0001");
  ASSERT_NE(p.nest.id, 0);
  auto op = login("operator");  // reads are open to every user

  // The demo seeds nests of its own: narrow to this program by name.
  auto list = op->get("/api/v1/nests?q=N-API-0001&state=posted&material=" +
                      std::string(model::to_string(p.nest.material)));
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["total"], 1) << list.body;
  const json n = list.json()["items"][0];
  EXPECT_EQ(n["program_name"], "N-API-0001");
  EXPECT_EQ(n["state"], "posted");
  EXPECT_EQ(n["work_center_id"], p.laser_work_center_id);
  EXPECT_EQ(n["cut_seconds_est"], 1200);
  EXPECT_EQ(n["parts"][0]["job_id"], p.job.id);
  EXPECT_EQ(n["parts"][0]["qty"], 2);
  EXPECT_EQ(op->get("/api/v1/nests?state=cut&q=N-API-0001").json()["total"], 0);
  EXPECT_EQ(op->get("/api/v1/nests?q=API-00").json()["total"], 1);
  auto one = op->get("/api/v1/nests/" + std::to_string(p.nest.id));
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json(), n);
  EXPECT_EQ(op->get("/api/v1/nests/999999").status, 404);

  auto queue =
      op->get("/api/v1/laser/queue?work_center_id=" + std::to_string(p.laser_work_center_id));
  ASSERT_EQ(queue.status, 200) << queue.body;
  const json items = queue.json()["items"];
  auto it = std::find_if(items.begin(), items.end(),
                         [](const json& e) { return e["nest"]["program_name"] == "N-API-0001"; });
  ASSERT_NE(it, items.end()) << queue.body;
  EXPECT_EQ((*it)["work_center_code"], p.laser_code);
  EXPECT_EQ((*it)["heat_number"], p.heat_number);
  EXPECT_EQ((*it)["job_numbers"], json::array({p.job.number}));

  // Cut: out of the queue, into efficiency and the genealogy both ways.
  auto cut = services_->nests().cut_program(
      app::system_principal(),
      {.program_name = "N-API-0001",
       .cut_seconds_actual = 1300,
       .remnants = {{.length_mm = 1200, .width_mm = 600, .name = "R-API-0001"}},
       .archive_packet_id = 2});
  ASSERT_TRUE(cut.ok()) << cut.error().message;
  ASSERT_EQ(cut->remnant_sheet_ids.size(), 1u);

  // The remnant in stock under the name Sigmanest knows it by; gone once used up.
  auto remnants = op->get("/api/v1/sigmanest/remnants");
  ASSERT_EQ(remnants.status, 200) << remnants.body;
  const json named = remnants.json()["items"];
  auto r = std::find_if(named.begin(), named.end(),
                        [](const json& x) { return x["name"] == "R-API-0001"; });
  ASSERT_NE(r, named.end()) << remnants.body;
  EXPECT_EQ((*r)["sheet_id"], cut->remnant_sheet_ids[0]);
  EXPECT_EQ(op->get("/api/v1/sigmanest/remnants?x=1").status, 400);
  auto used = services_->materials().consume(
      app::system_principal(),
      {.sheet_id = cut->remnant_sheet_ids[0], .job_id = p.job.id, .quantity = 1});
  ASSERT_TRUE(used.ok()) << used.error().message;
  const json after = op->get("/api/v1/sigmanest/remnants").json()["items"];
  EXPECT_TRUE(std::none_of(after.begin(), after.end(), [](const json& x) {
    return x["name"] == "R-API-0001";
  })) << after.dump();
  queue = op->get("/api/v1/laser/queue");
  const json queue_body = queue.json();
  for (const auto& e : queue_body["items"]) EXPECT_NE(e["nest"]["id"], p.nest.id);
  const std::string from = format_iso8601(Env::system().clock().now() - std::chrono::hours(48));
  const std::string to = format_iso8601(Env::system().clock().now() + std::chrono::hours(48));
  auto eff =
      op->get("/api/v1/nests/efficiency?from=" + from.substr(0, 10) + "&to=" + to.substr(0, 10));
  ASSERT_EQ(eff.status, 200) << eff.body;
  EXPECT_EQ(eff.json()["goal_now"], 0.75);
  EXPECT_EQ(eff.json()["goal_target"], 0.85);
  const json rows = eff.json()["items"];
  EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [&](const json& r) {
    return r["material"] == model::to_string(p.nest.material) && r["programs"] >= 1 &&
           r["utilisation"].get<double>() > 0;
  })) << eff.body;

  auto trace = op->get("/api/v1/materials/heat-lots/" + std::to_string(p.heat_lot_id) + "/trace");
  ASSERT_EQ(trace.status, 200) << trace.body;
  const json nests = trace.json()["nests"];
  ASSERT_EQ(nests.size(), 1u) << trace.body;
  EXPECT_EQ(nests[0]["program_name"], "N-API-0001");
  EXPECT_EQ(nests[0]["state"], "cut");
  EXPECT_EQ(nests[0]["jobs"][0]["job_number"], p.job.number);
  auto materials = op->get("/api/v1/jobs/" + std::to_string(p.job.id) + "/materials");
  ASSERT_EQ(materials.status, 200) << materials.body;
  const json job_nests = materials.json()["nests"];
  EXPECT_TRUE(std::any_of(job_nests.begin(), job_nests.end(), [&](const json& x) {
    return x["id"] == p.nest.id;
  })) << materials.body;
}

TEST_F(SigmanestRoutesTest, BadQueryParametersAreRefusedNamingThem) {
  auto op = login("operator");
  auto r = op->get("/api/v1/nests?state=burning");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "state");
  r = op->get("/api/v1/nests?material=unobtainium");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "material");
  r = op->get("/api/v1/laser/queue?work_center_id=abc");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "work_center_id");
  r = op->get("/api/v1/nests/efficiency?from=2026-02-30&to=2026-03-02");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "from");
  r = op->get("/api/v1/nests/efficiency?from=2026-03-02&to=2026-03-01");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "to");
  r = op->get("/api/v1/nests/efficiency?from=2026-01-01&to=2027-06-01");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "to");
  r = op->get("/api/v1/nests/efficiency?to=2026-03-01");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "from");
  r = op->get("/api/v1/sigmanest/outbound?status=lost-ish");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "status");
  r = op->get("/api/v1/sigmanest/sync-log?direction=sideways");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "direction");
  r = op->get("/api/v1/sigmanest/status?verbose=1");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field_of(r), "verbose");
}

TEST_F(SigmanestRoutesTest, AFailedRowIsRetriedByAPlannerAndShowsInStatusAndLog) {
  const auto system = app::system_principal();
  app::OutboundRow row;
  row.trans_id = "TAPI1";
  row.trans_type = "SN84";
  row.district = 1;
  row.columns = {{"OrderNo", "J-1"}, {"ItemName", "P-1"}, {"Qty", "2"}};
  row.entity = "job";
  row.entity_id = 1;
  auto stored = services_->sigmanest().enqueue(system, {row}, 0);
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  const int64_t id = stored->front().id;
  ASSERT_TRUE(services_->sigmanest().mark(system, {id}, app::OutboundStatus::kSent).ok());
  ASSERT_TRUE(
      services_->sigmanest().mark(system, {id}, app::OutboundStatus::kFailed, "ErrorTag=1").ok());

  auto op = login("operator");
  auto status = op->get("/api/v1/sigmanest/status");
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.json()["outbound"]["failed"], 1) << status.body;
  auto failed = op->get("/api/v1/sigmanest/outbound?status=failed&trans_type=SN84");
  ASSERT_EQ(failed.status, 200) << failed.body;
  ASSERT_EQ(failed.json()["total"], 1) << failed.body;
  EXPECT_EQ(failed.json()["items"][0]["trans_id"], "TAPI1");
  EXPECT_EQ(failed.json()["items"][0]["error"], "ErrorTag=1");
  EXPECT_EQ(failed.json()["items"][0]["columns"]["Qty"], "2");

  const std::string retry = "/api/v1/sigmanest/outbound/" + std::to_string(id) + "/retry";
  EXPECT_EQ(op->request("POST", retry).status, 403);
  auto planner = login("planner");
  auto retried = planner->request("POST", retry);
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json()["status"], "queued");
  EXPECT_EQ(planner->request("POST", retry).status, 409);
  EXPECT_EQ(planner->request("POST", "/api/v1/sigmanest/outbound/999999/retry").status, 404);

  auto log = op->get("/api/v1/sigmanest/sync-log?direction=export&external_ref=TAPI1");
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_GE(log.json()["total"].get<int64_t>(), 1) << log.body;
}

TEST_F(SigmanestRoutesTest, OperatorsStartStopRejectFinishAndDeletePrograms) {
  PostedProgram p = post_test_program(*services_, "N-API-OPS");
  ASSERT_NE(p.nest.id, 0);
  PostedProgram other = post_test_program(*services_, "N-API-OPS2", "H-NEST-2");
  ASSERT_NE(other.nest.id, 0);
  const std::string base = "/api/v1/nests/" + std::to_string(p.nest.id);
  auto quality = login("quality");
  EXPECT_EQ(quality->post_json(base + "/start", json::object()).status, 403);
  EXPECT_EQ(quality->del(base).status, 403);

  auto op = login("operator");
  EXPECT_EQ(op->post_json(base + "/stop", json::object()).status, 409);  // posted
  auto started = op->post_json(base + "/start", json::object());
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.json()["state"], "started");
  EXPECT_EQ(op->post_json(base + "/start", json::object()).status, 409);
  EXPECT_EQ(op->del(base).status, 409);  // started programs are not deleted

  auto bad = op->post_json(base + "/stop", {{"cut_seconds", -3}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(field_of(bad), "cut_seconds") << bad.body;
  auto stopped = op->post_json(base + "/stop", {{"cut_seconds", 95}});
  ASSERT_EQ(stopped.status, 200) << stopped.body;
  EXPECT_EQ(stopped.json()["state"], "stopped");
  EXPECT_EQ(stopped.json()["cut_seconds_actual"], 95);

  const json reject = {{"part_id", p.job.part_id}, {"pieces", 5}, {"reason", "burr"}};
  auto too_many = op->post_json(base + "/reject", reject);
  EXPECT_EQ(too_many.status, 400);
  EXPECT_EQ(field_of(too_many), "pieces") << too_many.body;
  auto no_reason = op->post_json(base + "/reject", {{"part_id", p.job.part_id}, {"pieces", 1}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(field_of(no_reason), "reason") << no_reason.body;
  json one = reject;
  one["pieces"] = 1;
  auto rejected = op->post_json(base + "/reject", one);
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.json()["parts"][0]["qty"], 1);

  auto lead = login("lead");
  auto done = lead->post_json(base + "/done", {{"cut_seconds", 700}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["state"], "cut");
  EXPECT_EQ(done.json()["cut_seconds_actual"], 700);
  EXPECT_EQ(lead->post_json(base + "/done", json::object()).status, 409);  // final

  const std::string gone = "/api/v1/nests/" + std::to_string(other.nest.id);
  EXPECT_EQ(op->del(gone).status, 204);
  EXPECT_EQ(op->del(gone).status, 404);
  EXPECT_EQ(op->post_json("/api/v1/nests/999999/start", json::object()).status, 404);
}

}  // namespace
}  // namespace kerf::api::testing
