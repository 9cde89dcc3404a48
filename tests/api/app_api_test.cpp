// The /api/v1 routes end to end: real server, real SQLite, real HTTP.
#include <thread>

#include "api/api_fixture.h"
#include "support/http_client.h"

namespace kerf::api::testing {
namespace {

TEST_F(ApiTest, LoginSetsSessionCookieAndLogoutEndsIt) {
  HttpClient c(port());
  auto r = c.post_json("/api/v1/auth/login", {{"username", "planner"}, {"password", "kerf-demo"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto cookie = r.header("set-cookie");
  EXPECT_NE(cookie.find("kerf_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(r.json()["user"]["username"], "planner");
  auto me = c.get("/api/v1/auth/me");  // cookie only, no bearer
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["roles"], json::array({"planner"}));
  // A cookie-authenticated POST needs the CSRF header (or a same-origin Origin).
  EXPECT_EQ(c.request("POST", "/api/v1/auth/logout").status, 403);
  EXPECT_EQ(c.request("POST", "/api/v1/auth/logout", "", "", {{"X-Kerf-Csrf", "1"}}).status, 204);
  EXPECT_TRUE(c.cookies().empty());
  c.cookies()["kerf_session"] = r.json()["token"];
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 401);  // the session is gone server-side
}

TEST_F(ApiTest, BadPasswordIs401AndThrottlingIs429WithRetryAfter) {
  HttpClient c(port());
  int last = 0;
  kerf::testing::HttpResponse r;
  for (int i = 0; i < 10 && last != 429; ++i) {
    r = c.post_json("/api/v1/auth/login", {{"username", "operator"}, {"password", "wrong-pass!"}});
    last = r.status;
    if (last != 429) EXPECT_EQ(last, 401) << r.body;
  }
  ASSERT_EQ(last, 429);
  EXPECT_GE(std::stoi(r.header("retry-after")), 1);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
}

TEST_F(ApiTest, UnauthenticatedRequestsAre401) {
  HttpClient c(port());
  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/api/v1/jobs"},
                                                        {"GET", "/api/v1/jobs/1"},
                                                        {"POST", "/api/v1/jobs"},
                                                        {"POST", "/api/v1/operations/1/complete"},
                                                        {"GET", "/api/v1/users"},
                                                        {"GET", "/api/v1/audit"},
                                                        {"GET", "/api/v1/materials/sheets"},
                                                        {"POST", "/api/v1/schedule/slots/1/pin"},
                                                        {"GET", "/api/v1/auth/me"}}) {
    EXPECT_EQ(c.request(method, target, "{}", "application/json").status, 401)
        << method << " " << target;
  }
  c.set_bearer("not-a-real-token");
  EXPECT_EQ(c.get("/api/v1/jobs").status, 401);
}

TEST_F(ApiTest, WrongRoleIs403) {
  struct Case {
    std::string user, method, target;
  };
  std::vector<Case> cases = {
      {"operator", "POST", "/api/v1/jobs"},
      {"operator", "POST", "/api/v1/jobs/1/release"},
      {"operator", "PUT", "/api/v1/jobs/1"},
      {"operator", "DELETE", "/api/v1/jobs/1?version=1"},
      {"operator", "POST", "/api/v1/jobs/import"},
      {"operator", "POST", "/api/v1/schedule/slots/1/move"},
      {"operator", "GET", "/api/v1/users"},
      {"operator", "GET", "/api/v1/audit"},
      {"shipping", "POST", "/api/v1/operations/1/complete"},
      {"shipping", "POST", "/api/v1/operations/1/start"},
      {"quality", "POST", "/api/v1/jobs"},
      {"quality", "POST", "/api/v1/jobs/1/cancel"},
      {"planner", "GET", "/api/v1/users"},
      {"planner", "POST", "/api/v1/users"},
      {"planner", "GET", "/api/v1/audit"},
      {"planner", "POST", "/api/v1/operations/1/complete"},
      {"lead", "POST", "/api/v1/jobs"},
      {"operator", "POST", "/api/v1/materials/receive"},
      {"quality", "POST", "/api/v1/materials/sheets/1/consume"},
      {"shipping", "POST", "/api/v1/customers"},
  };
  std::map<std::string, std::unique_ptr<HttpClient>> clients;
  int64_t audit_before = total("/api/v1/audit");
  for (const auto& c : cases) {
    auto& client = clients[c.user];
    if (!client) client = login(c.user);
    auto r = client->request(c.method, c.target, "{}", "application/json");
    EXPECT_EQ(r.status, 403) << c.user << " " << c.method << " " << c.target << " " << r.body;
  }
  EXPECT_EQ(total("/api/v1/audit"), audit_before);
  // ...and the allowed side of a few of them.
  EXPECT_EQ(clients["quality"]->get("/api/v1/audit").status, 200);
  EXPECT_EQ(clients["operator"]->get("/api/v1/jobs").status, 200);
}

TEST_F(ApiTest, ListPaginationSortingAndFilters) {
  auto planner = login("planner");
  auto all = planner->get("/api/v1/jobs?limit=1000");
  ASSERT_EQ(all.status, 200);
  int64_t n = all.json()["total"];
  ASSERT_GT(n, 3);
  auto page = planner->get("/api/v1/jobs?limit=2&offset=1&sort=number&order=desc").json();
  EXPECT_EQ(page["total"], n);
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_GT(page["items"][0]["number"].get<std::string>(),
            page["items"][1]["number"].get<std::string>());
  auto planned = planner->get("/api/v1/jobs?status=planned&limit=1000").json();
  for (const auto& j : planned["items"]) EXPECT_EQ(j["status"], "planned");
}

// Each case: method, target, body, expected status, the field errors[] must name.
struct BadInput {
  std::string method, target;
  std::string body;
  int status;
  std::string field;
};

TEST_F(ApiTest, BadInputsAreRejectedWithFieldErrorsAndWriteNothing) {
  auto planner = login("planner");
  auto op_lead = login("lead");
  json job = first("/api/v1/jobs?status=planned");
  ASSERT_FALSE(job.is_null());
  std::string jid = std::to_string(job["id"].get<int64_t>());
  json good = new_job("J-API-1");
  ASSERT_FALSE(good["part_id"].is_null() || good["customer_id"].is_null() ||
               good["operations"][0]["eligible_work_center_ids"][0].is_null());
  auto with = [&](const std::string& ptr, json v) {
    json j = good;
    j[json::json_pointer(ptr)] = std::move(v);
    return j.dump();
  };
  auto without = [&](const std::string& key) {
    json j = good;
    j.erase(key);
    return j.dump();
  };
  std::vector<BadInput> cases = {
      {"POST", "/api/v1/jobs", with("/quantity", "five"), 400, "quantity"},
      {"POST", "/api/v1/jobs", with("/quantity", 0), 400, "quantity"},
      {"POST", "/api/v1/jobs", with("/quantity", 1.5), 400, "quantity"},
      {"POST", "/api/v1/jobs", with("/quantity", 2000000), 400, "quantity"},
      {"POST", "/api/v1/jobs", with("/quantity", json(18446744073709551615ull)), 400, "quantity"},
      {"POST", "/api/v1/jobs", without("quantity"), 400, "quantity"},
      {"POST", "/api/v1/jobs", without("number"), 400, "number"},
      {"POST", "/api/v1/jobs", with("/number", 42), 400, "number"},
      {"POST", "/api/v1/jobs", with("/due", "2026-02-30T00:00:00Z"), 400, "due"},
      {"POST", "/api/v1/jobs", with("/due", "tomorrow"), 400, "due"},
      {"POST", "/api/v1/jobs", with("/due", 1700000000), 400, "due"},
      {"POST", "/api/v1/jobs", with("/priority", 9), 400, "priority"},
      {"POST", "/api/v1/jobs", with("/part_id", -1), 400, "part_id"},
      {"POST", "/api/v1/jobs", with("/customer_id", "1"), 400, "customer_id"},
      {"POST", "/api/v1/jobs", with("/colour", "red"), 400, "colour"},
      {"POST", "/api/v1/jobs", with("/operations", "none"), 400, "operations"},
      {"POST", "/api/v1/jobs", with("/operations/0/process", "plasma"), 400,
       "operations/0/process"},
      {"POST", "/api/v1/jobs", with("/operations/0/run_seconds_per_piece", -5), 400,
       "operations/0/run_seconds_per_piece"},
      {"POST", "/api/v1/jobs", with("/operations/0/sequence", 0), 400, "operations/0/sequence"},
      {"POST", "/api/v1/jobs", with("/operations/0/eligible_work_center_ids", json::array({"x"})),
       400, "operations/0/eligible_work_center_ids/0"},
      {"POST", "/api/v1/jobs", with("/operations/0/department", "paint"), 400,
       "operations/0/department"},
      {"POST", "/api/v1/jobs", with("/operations/0", 7), 400, "operations/0"},
      {"POST", "/api/v1/jobs", "[1,2]", 400, ""},
      {"POST", "/api/v1/jobs", R"({"number": "J-1",)", 400, ""},
      {"PUT", "/api/v1/jobs/" + jid, R"({"quantity": 3})", 400, "version"},
      {"PUT", "/api/v1/jobs/" + jid, R"({"version": "1"})", 400, "version"},
      {"PUT", "/api/v1/jobs/abc", R"({"version": 1})", 400, "id"},
      {"PUT", "/api/v1/jobs/" + jid, R"({"version": 1, "due": "2026-13-01"})", 400, "due"},
      {"DELETE", "/api/v1/jobs/" + jid, "", 400, "version"},
      {"POST", "/api/v1/jobs/" + jid + "/hold", R"({})", 400, "reason"},
      {"POST", "/api/v1/jobs/" + jid + "/cancel", R"({"reason": 5})", 400, "reason"},
      {"POST", "/api/v1/jobs/" + jid + "/release", R"({"version": 0})", 400, "version"},
      {"GET", "/api/v1/jobs?limit=0", "", 400, "limit"},
      {"GET", "/api/v1/jobs?limit=abc", "", 400, "limit"},
      {"GET", "/api/v1/jobs?offset=-1", "", 400, "offset"},
      {"GET", "/api/v1/jobs?sort=password", "", 400, "sort"},
      {"GET", "/api/v1/jobs?order=sideways", "", 400, "order"},
      {"GET", "/api/v1/jobs?status=lost", "", 400, "status"},
      {"GET", "/api/v1/jobs?colour=red", "", 400, "colour"},
      {"GET", "/api/v1/jobs?from=yesterday", "", 400, "from"},
      {"GET", "/api/v1/jobs?priority=high", "", 400, "priority"},
      {"POST", "/api/v1/materials/receive",
       R"({"material":"unobtanium","thickness_mm":2,"length_mm":3000,"width_mm":1500,"quantity":5,"location":"R1","heat_number":"H-1"})",
       400, "material"},
      {"POST", "/api/v1/materials/receive",
       R"({"material":"mild_steel","thickness_mm":-2,"length_mm":3000,"width_mm":1500,"quantity":5,"location":"R1","heat_number":"H-1"})",
       400, "thickness_mm"},
      {"POST", "/api/v1/customers", R"({"code": "C-9"})", 400, "name"},
      {"POST", "/api/v1/schedule/slots/1/move", R"({"work_center_id": 1, "start": "noon"})", 400,
       "start"},
  };
  int64_t jobs_before = total("/api/v1/jobs");
  int64_t audit_before = total("/api/v1/audit");
  int64_t customers_before = total("/api/v1/customers");
  int64_t sheets_before = total("/api/v1/materials/sheets");
  ASSERT_GE(cases.size(), 30u);
  for (const auto& c : cases) {
    auto r = planner->request(c.method, c.target, c.body, c.body.empty() ? "" : "application/json");
    ASSERT_EQ(r.status, c.status) << c.method << " " << c.target << " " << c.body << "\n" << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto errors = r.json()["errors"];
    bool named = false;
    for (const auto& e : errors) {
      if (e["field"] == c.field && !e["message"].get<std::string>().empty()) named = true;
    }
    EXPECT_TRUE(named) << c.method << " " << c.target << " " << c.body << " expected field '"
                       << c.field << "' in " << r.body;
  }
  // Operations: scrap without reasons, negative quantities (lead may complete).
  json op = first("/api/v1/operations?status=running");
  ASSERT_FALSE(op.is_null());
  std::string complete =
      "/api/v1/operations/" + std::to_string(op["id"].get<int64_t>()) + "/complete";
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"qty_good": -1})", "qty_good"},
           {R"({"qty_good": 1, "qty_scrap": "2"})", "qty_scrap"},
           {R"({})", "qty_good"},
           {R"({"qty_good": 1, "scrap_reasons": [3]})", "scrap_reasons/0"}}) {
    auto r = op_lead->request("POST", complete, body, "application/json");
    ASSERT_EQ(r.status, 400) << body << " " << r.body;
    EXPECT_EQ(r.json()["errors"][0]["field"], field) << r.body;
  }
  EXPECT_EQ(total("/api/v1/jobs"), jobs_before);
  EXPECT_EQ(total("/api/v1/audit"), audit_before);
  EXPECT_EQ(total("/api/v1/customers"), customers_before);
  EXPECT_EQ(total("/api/v1/materials/sheets"), sheets_before);
  // The good body is accepted (the bad cases were bad for the stated reason).
  auto ok = planner->request("POST", "/api/v1/jobs", good.dump(), "application/json");
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(total("/api/v1/jobs"), jobs_before + 1);
}

TEST_F(ApiTest, ConcurrentUpdatesWithTheSameVersionExactlyOneWins) {
  json job = first("/api/v1/jobs?status=planned");
  ASSERT_FALSE(job.is_null());
  std::string target = "/api/v1/jobs/" + std::to_string(job["id"].get<int64_t>());
  int64_t version = job["version"];
  constexpr int kClients = 8;
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(login("planner"));
  std::vector<int> statuses(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] =
          clients[i]->put_json(target, {{"version", version}, {"priority", 1 + i % 5}}).status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), kClients - 1);
  auto after = clients[0]->get(target);
  EXPECT_EQ(after.json()["version"], version + 1);
  EXPECT_EQ(after.header("etag"), "\"" + std::to_string(version + 1) + "\"");
  auto stale = clients[0]->put_json(target, {{"version", version}, {"priority", 2}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.header("content-type"), "application/problem+json");
}

TEST_F(ApiTest, CsvImportWithRowErrorsWritesNothing) {
  auto planner = login("planner");
  json part = first("/api/v1/parts");
  json customer = first("/api/v1/customers");
  std::string pn = part["number"], cc = customer["code"];
  int64_t jobs_before = total("/api/v1/jobs");
  int64_t audit_before = total("/api/v1/audit");
  std::string csv =
      "number,part_number,customer_code,quantity,due\n"
      "J-CSV-1," +
      pn + "," + cc +
      ",5,2026-12-20\n"
      "J-CSV-2," +
      pn + "," + cc +
      ",many,2026-12-20\n"
      "J-CSV-3,NO-SUCH-PART," +
      cc + ",5,2026-12-21\n";
  auto r = planner->request("POST", "/api/v1/jobs/import.csv", csv, "text/csv");
  ASSERT_EQ(r.status, 400) << r.body;
  bool names_row = false;
  json body = r.json();
  for (const auto& e : body["errors"]) {
    if (e["field"].get<std::string>().starts_with("rows/3/")) names_row = true;
  }
  EXPECT_TRUE(names_row) << r.body;
  EXPECT_EQ(total("/api/v1/jobs"), jobs_before);
  EXPECT_EQ(total("/api/v1/audit"), audit_before);
  EXPECT_EQ(planner->request("POST", "/api/v1/jobs/import.csv", csv, "application/json").status,
            415);
  std::string good =
      "number,part_number,customer_code,quantity,due\n"
      "J-CSV-1," +
      pn + "," + cc + ",5,2026-12-20\n";
  auto ok = planner->request("POST", "/api/v1/jobs/import.csv", good, "text/csv");
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(total("/api/v1/jobs"), jobs_before + 1);
}

TEST_F(ApiTest, OpenApiListsEveryAppRoute) {
  HttpClient c(port());
  auto doc = c.get("/api/v1/openapi.json").json();
  ASSERT_GT(server_->router().routes().size(), 40u);
  for (const auto& route : server_->router().routes()) {
    std::string m = route.spec.method;
    for (auto& ch : m) ch = static_cast<char>(std::tolower(ch));
    ASSERT_TRUE(doc["paths"].contains(route.spec.path)) << route.spec.path;
    EXPECT_TRUE(doc["paths"][route.spec.path].contains(m)) << m << " " << route.spec.path;
  }
  EXPECT_EQ(doc["paths"]["/api/v1/jobs"]["post"]["x-kerf-roles"], json::array({"planner"}));
}

TEST_F(ApiTest, WebSocketReceivesTheEventOfAChange) {
  auto planner = login("planner");
  json job = first("/api/v1/jobs?status=planned");
  ASSERT_FALSE(job.is_null());
  std::string token =
      planner
          ->request("POST", "/api/v1/auth/login",
                    R"({"username":"planner","password":"kerf-demo"})", "application/json")
          .json()["token"];
  kerf::testing::WsClient ws(port(), "/api/v1/events?topic=job.&token=" + token);
  while (bus_.stats().subscribers < 1) std::this_thread::yield();
  auto r = planner->request("POST",
                            "/api/v1/jobs/" + std::to_string(job["id"].get<int64_t>()) + "/release",
                            json{{"version", job["version"]}}.dump(), "application/json");
  ASSERT_EQ(r.status, 200) << r.body;
  auto msg = ws.read(std::chrono::seconds(20));
  ASSERT_TRUE(msg.has_value());
  auto e = json::parse(*msg);
  EXPECT_EQ(e["topic"], "job.released");
  EXPECT_GT(e["id"].get<int64_t>(), 0);
  EXPECT_TRUE(e["payload"].is_object());
}

TEST_F(ApiTest, OperatorCompletesAnOperationAndMetricsCountIt) {
  auto op_client = login("operator");
  json op = first("/api/v1/operations?status=running");
  ASSERT_FALSE(op.is_null());
  std::string target =
      "/api/v1/operations/" + std::to_string(op["id"].get<int64_t>()) + "/complete";
  auto r = op_client->post_json(target, {{"qty_good", 1}, {"version", op["version"]}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["operation"]["status"], "complete");
  EXPECT_EQ(server_->metrics().requests("POST", "/api/v1/operations/{id}/complete", 200), 1u);
  auto again = op_client->post_json(target, {{"qty_good", 1}});
  EXPECT_EQ(again.status, 409) << again.body;  // already complete: failed precondition
}

class ApiPostgresTest : public ApiTest {
 protected:
  bool postgres() const override { return true; }
};

TEST_F(ApiPostgresTest, ConcurrentUpdatesAndBadInputOnPostgres) {
  json job = first("/api/v1/jobs?status=planned");
  ASSERT_FALSE(job.is_null());
  std::string target = "/api/v1/jobs/" + std::to_string(job["id"].get<int64_t>());
  int64_t version = job["version"];
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < 4; ++i) clients.push_back(login("planner"));
  std::vector<int> statuses(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = clients[i]->put_json(target, {{"version", version}, {"priority", 2}}).status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), 3);
  int64_t audit_before = total("/api/v1/audit");
  auto bad = clients[0]->put_json(target, {{"version", version + 1}, {"quantity", 0}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(total("/api/v1/audit"), audit_before);
}

}  // namespace
}  // namespace kerf::api::testing
