// Machine routes against a real server: CRUD as admin only, strict bodies and query parameters
// (400 naming the field), the list view, timeline, signals and OEE reads.
#include <gtest/gtest.h>

#include "api/api_fixture.h"
#include "kerf/app/machine_sink.h"
#include "kerf/core/time_format.h"

namespace kerf::api::testing {
namespace {

bool names_field(const kerf::testing::HttpResponse& r, const std::string& field) {
  json body = r.json();
  for (const auto& e : body["errors"]) {
    if (e["field"] == field && !e["message"].get<std::string>().empty()) return true;
  }
  return false;
}

class MachineRoutesTest : public ApiTest {
 protected:
  json machine_body(const std::string& code) {
    json wc = first("/api/v1/work-centers?department=laser");
    return {{"code", code},
            {"name", code + " machine"},
            {"work_center_id", wc["id"]},
            {"protocol", "mqtt"},
            {"endpoint", "kerf/plant/laser/" + code},
            {"ideal_cycle_s", 30}};
  }
};

TEST_F(MachineRoutesTest, CrudAsAdmin) {
  auto admin = login("admin");
  auto created = admin->post_json("/api/v1/machines", machine_body("LAS-9"));
  ASSERT_EQ(created.status, 201) << created.body;
  json m = created.json();
  EXPECT_EQ(m["state"], "UNKNOWN");
  EXPECT_EQ(m["department"], "laser");
  EXPECT_TRUE(m["current_operation"].is_null() || m["current_operation"].is_object());
  const std::string one = "/api/v1/machines/" + std::to_string(m["id"].get<int64_t>());

  auto dup = admin->post_json("/api/v1/machines", machine_body("LAS-9"));
  EXPECT_EQ(dup.status, 409) << dup.body;

  json body = machine_body("LAS-9");
  body["name"] = "Renamed";
  body["version"] = 1;
  auto updated = admin->put_json(one, body);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json()["version"], 2);
  EXPECT_EQ(admin->put_json(one, body).status, 409);

  auto list = admin->get("/api/v1/machines");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["name"], "Renamed");

  EXPECT_EQ(admin->del(one + "?version=1").status, 409);
  EXPECT_EQ(admin->del(one + "?version=2").status, 204);
  EXPECT_EQ(admin->get(one).status, 404);
}

TEST_F(MachineRoutesTest, OnlyAdminWritesEveryoneReads) {
  auto planner = login("planner");
  auto denied = planner->post_json("/api/v1/machines", machine_body("LAS-8"));
  EXPECT_EQ(denied.status, 403) << denied.body;
  auto op = login("operator");
  EXPECT_EQ(op->get("/api/v1/machines").status, 200);
  kerf::testing::HttpClient anonymous(port());
  EXPECT_EQ(anonymous.get("/api/v1/machines").status, 401);
}

TEST_F(MachineRoutesTest, BadBodiesAndQueriesNameTheField) {
  auto admin = login("admin");
  json body = machine_body("LAS-7");
  body["protocol"] = "carrier-pigeon";
  body["ideal_cycle_s"] = -3;
  body["colour"] = "red";
  body["work_center_id"] = 99999;
  auto bad = admin->post_json("/api/v1/machines", body);
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_TRUE(names_field(bad, "protocol")) << bad.body;
  EXPECT_TRUE(names_field(bad, "ideal_cycle_s")) << bad.body;
  EXPECT_TRUE(names_field(bad, "colour")) << bad.body;

  json missing_wc = machine_body("LAS-7");
  missing_wc["work_center_id"] = 99999;
  auto no_wc = admin->post_json("/api/v1/machines", missing_wc);
  ASSERT_EQ(no_wc.status, 400) << no_wc.body;
  EXPECT_TRUE(names_field(no_wc, "work_center_id")) << no_wc.body;

  auto created = admin->post_json("/api/v1/machines", machine_body("LAS-7"));
  ASSERT_EQ(created.status, 201);
  const std::string one = "/api/v1/machines/" + std::to_string(created.json()["id"].get<int64_t>());
  auto no_range = admin->get(one + "/timeline");
  ASSERT_EQ(no_range.status, 400);
  EXPECT_TRUE(names_field(no_range, "from"));
  EXPECT_TRUE(names_field(no_range, "to"));
  auto backwards = admin->get(one + "/timeline?from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z");
  ASSERT_EQ(backwards.status, 400);
  EXPECT_TRUE(names_field(backwards, "to"));
  auto no_signal =
      admin->get(one + "/signals?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z&points=1");
  ASSERT_EQ(no_signal.status, 400);
  EXPECT_TRUE(names_field(no_signal, "signal"));
  EXPECT_TRUE(names_field(no_signal, "points"));
  auto bad_bucket =
      admin->get(one + "/oee?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z&bucket=week");
  ASSERT_EQ(bad_bucket.status, 400);
  EXPECT_TRUE(names_field(bad_bucket, "bucket"));
  auto bad_dept =
      admin->get("/api/v1/oee?department=bakery&from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z");
  ASSERT_EQ(bad_dept.status, 400);
  EXPECT_TRUE(names_field(bad_dept, "department"));
  auto unknown = admin->get("/api/v1/machines?colour=red");
  ASSERT_EQ(unknown.status, 400);
  EXPECT_TRUE(names_field(unknown, "colour"));
}

TEST_F(MachineRoutesTest, LiveStateTimelineAndOeeThroughTheApi) {
  auto admin = login("admin");
  auto created = admin->post_json("/api/v1/machines", machine_body("LAS-6"));
  ASSERT_EQ(created.status, 201);
  const std::string one = "/api/v1/machines/" + std::to_string(created.json()["id"].get<int64_t>());
  const int64_t now =
      std::chrono::duration_cast<std::chrono::milliseconds>(Env::system().now().time_since_epoch())
          .count();
  app::MachineSink sink(services_->changes());
  ASSERT_TRUE(sink.consume(std::vector<ingest::Sample>{
                               {"LAS-6", "state", now - 120'000, std::string("RUN")},
                               {"LAS-6", "parts_delta", now - 60'000, int64_t{4}},
                               {"LAS-6", "state", now - 30'000, std::string("DOWN")},
                               {"LAS-6", "alarm", now - 30'000, std::string("FAULT|E1|Crash")}})
                  .ok());
  auto got = admin->get(one);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json()["state"], "DOWN");
  EXPECT_EQ(got.json()["alarm"]["text"], "Crash");
  EXPECT_EQ(got.json()["part_count_total"], 4);
  const std::string range = "from=" + format_iso8601(Env::system().now() - std::chrono::hours(1)) +
                            "&to=" + format_iso8601(Env::system().now() + std::chrono::minutes(1));
  auto timeline = admin->get(one + "/timeline?" + range);
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  ASSERT_EQ(timeline.json()["items"].size(), 2u);
  EXPECT_EQ(timeline.json()["items"][1]["state"], "DOWN");
  EXPECT_TRUE(timeline.json()["items"][1]["to"].is_null());
  auto oee = admin->get(one + "/oee?" + range);
  ASSERT_EQ(oee.status, 200) << oee.body;
  EXPECT_EQ(oee.json()["total"]["good"], 4);
}

}  // namespace
}  // namespace kerf::api::testing
