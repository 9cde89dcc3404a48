// POST /api/v1/stations/{code}/scans against a real server on the demo shop with its station
// badges: badge -> OP-<id> starts -> OP-<id> completes, strict bodies (400/422 naming the field),
// unknown stations (404) and roles (operator/lead; others 403).
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace kerf::api::testing {
namespace {

bool names_field(const kerf::testing::HttpResponse& r, const std::string& field) {
  json body = r.json();
  for (const auto& e : body["errors"]) {
    if (e["field"] == field && !e["message"].get<std::string>().empty()) return true;
  }
  return false;
}

class ScanRoutesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    auto floor = app::seed_demo_floor(*services_);
    ASSERT_TRUE(floor.ok()) << floor.error().message;
    admin_ = login("admin");
    wc_ = first("/api/v1/work-centers?department=laser");
    auto station = admin_->post_json("/api/v1/machines", {{"code", "SCAN-1"},
                                                          {"name", "Laser scan station"},
                                                          {"work_center_id", wc_["id"]},
                                                          {"protocol", "scan"},
                                                          {"endpoint", ""}});
    ASSERT_EQ(station.status, 201) << station.body;
  }

  // A released job with one laser operation at the station's work center; its operation id.
  int64_t released_operation(const std::string& number) {
    json body = new_job(number);
    body["operations"][0]["eligible_work_center_ids"] = {wc_["id"]};
    auto job = admin_->post_json("/api/v1/jobs", body);
    EXPECT_EQ(job.status, 201) << job.body;
    const std::string id = std::to_string(job.json()["id"].get<int64_t>());
    auto released = admin_->post_json("/api/v1/jobs/" + id + "/release", json::object());
    EXPECT_EQ(released.status, 200) << released.body;
    return job.json()["operations"][0]["id"].get<int64_t>();
  }

  json wc_;
};

TEST_F(ScanRoutesTest, BadgeThenOperationStartsAndCompletes) {
  const int64_t op = released_operation("SCAN-J1");
  const std::string code = "OP-" + std::to_string(op);
  auto terminal = login("operator");
  auto badge = terminal->post_json("/api/v1/stations/SCAN-1/scans", {{"code", "B-1003"}});
  ASSERT_EQ(badge.status, 200) << badge.body;
  EXPECT_EQ(badge.json()["outcome"], "operator_set");
  EXPECT_EQ(badge.json()["code"], "badge");
  EXPECT_TRUE(badge.json()["operation"].is_null());

  auto started = terminal->post_json("/api/v1/stations/SCAN-1/scans", {{"code", code}});
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.json()["outcome"], "started");
  EXPECT_EQ(started.json()["operation"]["status"], "running");
  EXPECT_EQ(started.json()["operation_id"], op);
  // The badged user (op.ana) is the operator, not the terminal's login.
  EXPECT_EQ(started.json()["operator_id"], started.json()["operation"]["operator_id"]);

  auto qty = terminal->post_json("/api/v1/stations/SCAN-1/scans", {{"code", "QTY:4"}});
  ASSERT_EQ(qty.status, 200) << qty.body;
  auto done = terminal->post_json("/api/v1/stations/SCAN-1/scans", {{"code", code}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["outcome"], "completed");
  EXPECT_EQ(done.json()["operation"]["qty_good"], 4);
  EXPECT_EQ(done.json()["job"]["status"], "complete");

  auto audit = admin_->get("/api/v1/audit?entity=operation&action=completed");
  ASSERT_EQ(audit.status, 200) << audit.body;
  bool via_station = false;
  const json rows = audit.json()["items"];
  for (const auto& row : rows) {
    if (row["actor"] == "op.ana via station SCAN-1") via_station = true;
  }
  EXPECT_TRUE(via_station) << audit.body;
}

TEST_F(ScanRoutesTest, ValidationNamesTheField) {
  auto lead = login("lead");
  const std::string target = "/api/v1/stations/SCAN-1/scans";
  auto missing = lead->post_json(target, json::object());
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_TRUE(names_field(missing, "code")) << missing.body;
  auto extra = lead->post_json(target, {{"code", "B-1002"}, {"colour", "red"}});
  EXPECT_EQ(extra.status, 400) << extra.body;
  EXPECT_TRUE(names_field(extra, "colour")) << extra.body;
  auto wrong_type = lead->post_json(target, {{"code", 42}});
  EXPECT_EQ(wrong_type.status, 400) << wrong_type.body;
  EXPECT_TRUE(names_field(wrong_type, "code")) << wrong_type.body;

  auto unknown = lead->post_json(target, {{"code", "B-0000"}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_TRUE(names_field(unknown, "code")) << unknown.body;
  auto no_badge = lead->post_json(target, {{"code", "OP-1"}});
  EXPECT_EQ(no_badge.status, 400) << no_badge.body;
  EXPECT_TRUE(names_field(no_badge, "code")) << no_badge.body;

  auto no_station = lead->post_json("/api/v1/stations/NOPE/scans", {{"code", "B-1002"}});
  EXPECT_EQ(no_station.status, 404) << no_station.body;
}

TEST_F(ScanRoutesTest, OperatorsAndLeadsOnly) {
  const std::string target = "/api/v1/stations/SCAN-1/scans";
  for (const char* user : {"planner", "quality"}) {
    auto c = login(user);
    auto r = c->post_json(target, {{"code", "B-1002"}});
    EXPECT_EQ(r.status, 403) << user << " " << r.body;
  }
  EXPECT_EQ(login("lead")->post_json(target, {{"code", "B-1002"}}).status, 200);
  EXPECT_EQ(admin_->post_json(target, {{"code", "B-1002"}}).status, 200);
  kerf::testing::HttpClient anonymous(port());
  EXPECT_EQ(anonymous.post_json(target, {{"code", "B-1002"}}).status, 401);
}

}  // namespace
}  // namespace kerf::api::testing
