// Roles as the assembled server enforces them (app/permissions.h is the one table): a principal
// carries every role it holds through the router and the use cases, reads are open to every
// authenticated user, and an operator records work only under its own user id.
#include <filesystem>
#include <set>

#include "e2e_fixture.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

constexpr const char* kPassword = "multi-role-pass-1";

class RolesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(kerf::testing::make_temp_dir("kerf-e2e-roles"));
    kerf_ = new KerfProcess({"--demo", "--data", *dir_});
    admin_ = login(kerf_->port(), "admin").release();
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete kerf_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  // A client logged in as a new user holding exactly `roles`; its user id in `id`.
  std::unique_ptr<HttpClient> user_with(const std::vector<std::string>& roles,
                                        int64_t* id = nullptr) {
    std::string name = "u" + std::to_string(next_user_++);
    for (const auto& r : roles) name += "_" + r;
    auto created = admin_->post_json(
        "/api/v1/users",
        {{"username", name}, {"display_name", name}, {"password", kPassword}, {"roles", roles}});
    EXPECT_EQ(created.status, 201) << created.body;
    if (id != nullptr && created.status == 201) *id = created.json()["id"];
    return login(kerf_->port(), name, nullptr, kPassword);
  }

  static std::string* dir_;
  static KerfProcess* kerf_;
  static HttpClient* admin_;
  static int next_user_;
};

std::string* RolesTest::dir_ = nullptr;
KerfProcess* RolesTest::kerf_ = nullptr;
HttpClient* RolesTest::admin_ = nullptr;
int RolesTest::next_user_ = 0;

TEST_F(RolesTest, ALeadWhoIsAlsoPlannerRunsTheScheduler) {
  auto lead_planner = user_with({"lead", "planner"});
  auto run = lead_planner->post_json("/api/v1/schedule/runs",
                                     {{"mode", "dispatch"}, {"horizon", "daily"}});
  EXPECT_EQ(run.status, 201) << run.body;
  auto lead = user_with({"lead"});
  auto refused = lead->post_json("/api/v1/schedule/runs", {{"mode", "dispatch"}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("role planner required to run the scheduler"), std::string::npos)
      << refused.body;
}

// Every route family: a user whose first role may not and whose second role may is let through
// (whatever the handler then says about the body), and the first role alone gets 403.
TEST_F(RolesTest, EveryRouteFamilyHonoursEveryRoleOfTheUser) {
  struct Case {
    std::string method;
    std::string target;
    std::string without;  // a role that may not
    std::string with;     // a role that may
  };
  const std::vector<Case> cases = {
      {"POST", "/api/v1/jobs", "shipping", "planner"},
      {"POST", "/api/v1/jobs/1/hold", "shipping", "quality"},
      {"POST", "/api/v1/operations/1/start", "quality", "operator"},
      {"POST", "/api/v1/schedule/slots/1/pin", "quality", "lead"},
      {"POST", "/api/v1/schedule/runs", "lead", "planner"},
      {"POST", "/api/v1/schedule/runs/1/commit", "operator", "planner"},
      {"POST", "/api/v1/materials/receive", "operator", "shipping"},
      {"POST", "/api/v1/materials/sheets/1/consume", "shipping", "operator"},
      {"POST", "/api/v1/work-centers", "lead", "planner"},
      {"POST", "/api/v1/tools", "operator", "lead"},
      {"GET", "/api/v1/users", "planner", "admin"},
      {"GET", "/api/v1/audit", "planner", "quality"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method + " " + c.target + " as [" + c.without + ", " + c.with + "]");
    const std::string body = c.method == "POST" ? "{}" : "";
    const std::string type = c.method == "POST" ? "application/json" : "";
    auto alone = user_with({c.without});
    EXPECT_EQ(alone->request(c.method, c.target, body, type).status, 403);
    auto both = user_with({c.without, c.with});
    auto r = both->request(c.method, c.target, body, type);
    EXPECT_NE(r.status, 403) << r.body;
    EXPECT_NE(r.status, 401) << r.body;
  }
}

TEST_F(RolesTest, EveryAuthenticatedUserReadsTheSchedule) {
  auto shipping = user_with({"shipping"});
  for (const std::string target :
       {"/api/v1/schedule", "/api/v1/schedule/load", "/api/v1/schedule/conflicts",
        "/api/v1/jobs?limit=1", "/api/v1/operations?limit=1", "/api/v1/work-centers"}) {
    auto r = shipping->get(target);
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
  }
  auto planner = login(kerf_->port(), "planner");
  auto run = planner->post_json("/api/v1/schedule/runs", {{"mode", "dispatch"}});
  ASSERT_EQ(run.status, 201) << run.body;
  auto read = shipping->get("/api/v1/schedule/runs/" + std::to_string(run.json()["id"].get<int>()));
  EXPECT_EQ(read.status, 200) << read.body;
}

TEST_F(RolesTest, AnOperatorRecordsWorkOnlyUnderItsOwnUserId) {
  int64_t operator_id = 0;
  int64_t other_id = 0;
  auto op = user_with({"operator"}, &operator_id);
  auto other = user_with({"operator"}, &other_id);
  auto lead = user_with({"lead"});
  auto ops = op->get("/api/v1/operations?status=ready&limit=2");
  ASSERT_EQ(ops.status, 200) << ops.body;
  ASSERT_EQ(ops.json()["items"].size(), 2u) << ops.body;
  const std::string first =
      "/api/v1/operations/" + std::to_string(ops.json()["items"][0]["id"].get<int>());
  const std::string second =
      "/api/v1/operations/" + std::to_string(ops.json()["items"][1]["id"].get<int>());

  auto refused = op->post_json(first + "/start", {{"operator_id", other_id}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("operator_id"), std::string::npos) << refused.body;
  EXPECT_EQ(op->get(first).json()["status"], "ready");  // nothing written

  auto own = op->post_json(first + "/start", {{"operator_id", operator_id}});
  EXPECT_EQ(own.status, 200) << own.body;
  auto for_other = lead->post_json(second + "/start", {{"operator_id", other_id}});
  EXPECT_EQ(for_other.status, 200) << for_other.body;
  EXPECT_EQ(lead->get(second).json()["operator_id"], other_id);
}

}  // namespace
}  // namespace kerf::e2e
