// Input strictness over real HTTP (issue 9): instants must carry an offset and lie in years
// 2000..2100, duplicate JSON members are refused, and server-owned members of a PUT are refused
// as read-only with nothing written.
#include "api/api_fixture.h"
#include "support/http_client.h"

namespace kerf::api::testing {
namespace {

// True when the problem body `r` names `field` with a non-empty message.
bool names_field(const kerf::testing::HttpResponse& r, const std::string& field) {
  if (r.header("content-type") != "application/problem+json") return false;
  json body = r.json();  // outlives the loop (a temporary's member would dangle)
  for (const auto& e : body["errors"]) {
    if (e["field"] == field && !e["message"].get<std::string>().empty()) return true;
  }
  return false;
}

class InputStrictnessTest : public ApiTest {
 protected:
  // A planned job's URL and the version it has now.
  std::pair<std::string, int64_t> planned_job() {
    json job = first("/api/v1/jobs?status=planned");
    EXPECT_FALSE(job.is_null());
    return {"/api/v1/jobs/" + std::to_string(job["id"].get<int64_t>()),
            job["version"].get<int64_t>()};
  }
};

TEST_F(InputStrictnessTest, InstantsWithoutAnOffsetAreRefusedNotTakenAsUtc) {
  auto planner = login("planner");
  auto [url, version] = planned_job();
  int64_t audit_before = total("/api/v1/audit");
  for (const char* due : {"2026-12-01T08:00:00", "2026-12-01T08:00", "2026-12-01"}) {
    auto put = planner->put_json(url, {{"version", version}, {"due", due}});
    EXPECT_EQ(put.status, 400) << due << " " << put.body;
    EXPECT_TRUE(names_field(put, "due")) << put.body;
    json body = new_job("J-NO-OFFSET");
    body["due"] = due;
    auto post = planner->post_json("/api/v1/jobs", body);
    EXPECT_EQ(post.status, 400) << due << " " << post.body;
    EXPECT_TRUE(names_field(post, "due")) << post.body;
  }
  auto query = planner->get("/api/v1/jobs?from=2026-12-01T00:00:00");
  EXPECT_EQ(query.status, 400) << query.body;
  EXPECT_TRUE(names_field(query, "from")) << query.body;
  EXPECT_EQ(planner->get(url).json()["version"], version);
  EXPECT_EQ(total("/api/v1/audit"), audit_before);
  // With an offset the instant is converted to UTC.
  auto ok = planner->put_json(url, {{"version", version}, {"due", "2026-12-01T08:00:00+02:00"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["due"], "2026-12-01T06:00:00Z");
  EXPECT_EQ(planner->get("/api/v1/jobs?from=2026-12-01T00:00:00Z").status, 200);
}

TEST_F(InputStrictnessTest, DueDatesOutsideYears2000To2100AreRefused) {
  auto planner = login("planner");
  auto [url, version] = planned_job();
  for (const char* due : {"0000-01-01T00:00:00Z", "9999-12-31T00:00:00Z", "1999-12-31T23:59:59Z",
                          "2101-01-01T00:00:00Z", "2100-12-31T23:30:00-01:00"}) {
    auto put = planner->put_json(url, {{"version", version}, {"due", due}});
    EXPECT_EQ(put.status, 400) << due << " " << put.body;
    EXPECT_TRUE(names_field(put, "due")) << put.body;
    json body = new_job("J-YEAR");
    body["due"] = due;
    auto post = planner->post_json("/api/v1/jobs", body);
    EXPECT_EQ(post.status, 400) << due << " " << post.body;
    EXPECT_TRUE(names_field(post, "due")) << post.body;
  }
  EXPECT_EQ(planner->get(url).json()["version"], version);
  auto edge = planner->put_json(url, {{"version", version}, {"due", "2100-12-31T23:59:59Z"}});
  EXPECT_EQ(edge.status, 200) << edge.body;
}

TEST_F(InputStrictnessTest, CsvImportRefusesLocalTimesButKeepsDateOnlyDues) {
  auto planner = login("planner");
  json part = first("/api/v1/parts");
  json customer = first("/api/v1/customers");
  std::string pn = part["number"], cc = customer["code"];
  int64_t jobs_before = total("/api/v1/jobs");
  std::string header = "number,part_number,customer_code,quantity,due\n";
  for (const char* due : {"2026-12-20T08:00:00", "0000-01-01", "9999-12-31T00:00:00Z"}) {
    auto r = planner->request("POST", "/api/v1/jobs/import.csv",
                              header + "J-CSV-T," + pn + "," + cc + ",5," + due + "\n", "text/csv");
    EXPECT_EQ(r.status, 400) << due << " " << r.body;
    EXPECT_TRUE(names_field(r, "rows/2/due")) << r.body;
  }
  EXPECT_EQ(total("/api/v1/jobs"), jobs_before);
  // A date-only due keeps its meaning (00:00Z of that day).
  auto ok = planner->request("POST", "/api/v1/jobs/import.csv",
                             header + "J-CSV-D," + pn + "," + cc + ",5,2026-12-20\n", "text/csv");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json()["items"][0]["due"], "2026-12-20T00:00:00Z");
}

TEST_F(InputStrictnessTest, DuplicateJsonMembersAreRefusedByPath) {
  auto planner = login("planner");
  auto [url, version] = planned_job();
  std::string v = std::to_string(version);
  auto put = planner->request(
      "PUT", url, R"({"version": )" + v + R"(, "quantity": 5, "quantity": 7})", "application/json");
  EXPECT_EQ(put.status, 400) << put.body;
  EXPECT_TRUE(names_field(put, "quantity")) << put.body;
  EXPECT_EQ(planner->get(url).json()["version"], version);

  // Nested: the path names the object inside the array.
  std::string body = new_job("J-DUP").dump();
  auto at = body.find(R"("name":"Cut")");
  ASSERT_NE(at, std::string::npos) << body;
  body.insert(at, R"("name":"Other",)");
  int64_t jobs_before = total("/api/v1/jobs");
  auto post = planner->request("POST", "/api/v1/jobs", body, "application/json");
  EXPECT_EQ(post.status, 400) << post.body;
  EXPECT_TRUE(names_field(post, "operations/0/name")) << post.body;
  EXPECT_EQ(total("/api/v1/jobs"), jobs_before);

  // Even a public route: two usernames in one login body.
  HttpClient anon(port());
  auto login = anon.request("POST", "/api/v1/auth/login",
                            R"({"username": "operator", "password": "x", "username": "admin"})",
                            "application/json");
  EXPECT_EQ(login.status, 400) << login.body;
  EXPECT_TRUE(names_field(login, "username")) << login.body;
  // The same name in different objects is fine, and malformed JSON still says where.
  json two_ops = new_job("J-TWO-OPS");
  json second = two_ops["operations"][0];
  second["sequence"] = 20;
  two_ops["operations"].push_back(second);
  auto same_name = planner->post_json("/api/v1/jobs", two_ops);
  EXPECT_EQ(same_name.status, 201) << same_name.body;
  auto malformed = planner->request("PUT", url, R"({"version": )", "application/json");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_TRUE(names_field(malformed, "")) << malformed.body;
}

TEST_F(InputStrictnessTest, JobPutRefusesReadOnlyMembersAndWritesNothing) {
  auto planner = login("planner");
  auto [url, version] = planned_job();
  json before = planner->get(url).json();
  int priority = before["priority"].get<int>() == 5 ? 4 : 5;
  int64_t audit_before = total("/api/v1/audit");
  std::vector<std::pair<std::string, json>> read_only = {{"status", "completed"},
                                                         {"number", "J-RENAMED"},
                                                         {"id", before["id"]},
                                                         {"held_from", "planned"}};
  for (const auto& [field, value] : read_only) {
    auto r = planner->put_json(url, {{"version", version}, {"priority", priority}, {field, value}});
    EXPECT_EQ(r.status, 400) << field << " " << r.body;
    EXPECT_TRUE(names_field(r, field)) << r.body;
  }
  json after = planner->get(url).json();
  EXPECT_EQ(after, before);
  EXPECT_EQ(total("/api/v1/audit"), audit_before);
  auto ok = planner->put_json(url, {{"version", version}, {"priority", priority}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["version"], version + 1);
}

TEST_F(InputStrictnessTest, MasterDataWritesRefuseServerOwnedMembers) {
  auto planner = login("planner");
  json customer = first("/api/v1/customers");
  std::string url = "/api/v1/customers/" + std::to_string(customer["id"].get<int64_t>());
  int64_t audit_before = total("/api/v1/audit");
  json put = {{"version", customer["version"]},
              {"code", customer["code"]},
              {"name", "Renamed"},
              {"id", customer["id"].get<int64_t>() + 1000}};
  auto r = planner->put_json(url, put);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(names_field(r, "id")) << r.body;
  auto post = planner->post_json("/api/v1/customers",
                                 {{"code", "C-NEW"}, {"name", "New"}, {"id", 5}, {"version", 9}});
  EXPECT_EQ(post.status, 400) << post.body;
  EXPECT_TRUE(names_field(post, "id")) << post.body;
  EXPECT_TRUE(names_field(post, "version")) << post.body;

  json tool = first("/api/v1/tools");
  ASSERT_FALSE(tool.is_null());
  json tool_put = tool;
  tool_put.erase("id");
  tool_put["remaining"] = 1;
  auto t =
      planner->put_json("/api/v1/tools/" + std::to_string(tool["id"].get<int64_t>()), tool_put);
  EXPECT_EQ(t.status, 400) << t.body;
  EXPECT_TRUE(names_field(t, "remaining")) << t.body;
  EXPECT_EQ(total("/api/v1/audit"), audit_before);
  EXPECT_EQ(planner->get(url).json(), customer);
  put.erase("id");
  EXPECT_EQ(planner->put_json(url, put).status, 200);
}

}  // namespace
}  // namespace kerf::api::testing
