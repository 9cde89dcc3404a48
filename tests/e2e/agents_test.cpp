// The shop agents in the real kerf, over HTTP only: the five human approval gates, each from a
// trigger sent over HTTP to an approval in the routed role's inbox (and not in the others'),
// 403 for a wrong role, the decision's effect, the thread's end with its trace, and the audit
// rows of the person and of "agent"; kill -9 while threads run and while they wait, restart on
// the same data: nothing duplicated, nothing done twice, deciding resumes; the assistant
// without a model. The demo's own agent triggers are off here (KERF_DEMO_AGENTS=false) so every
// approval comes from this test's requests.
#include <filesystem>
#include <map>
#include <set>

#include "agents_e2e.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

std::string iso_in(std::chrono::seconds offset) {
  const std::time_t t =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + offset);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

constexpr const char* kConfig = R"([agents]
poll_period_ms = 200
scan_period_s = 2
)";

class AgentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kerf::testing::make_temp_dir("kerf-e2e-agents");
    config_ = dir_ + "/kerf.toml";
    write_text(config_, kConfig);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<KerfProcess> start(bool demo) {
    std::vector<std::string> args = {"--data", dir_ + "/data", "--config", config_};
    if (demo) args.insert(args.begin(), "--demo");
    return std::make_unique<KerfProcess>(
        args, std::map<std::string, std::string>{{"KERF_INGEST", "false"},
                                                 {"KERF_DEMO_AGENTS", "false"}});
  }

  std::string dir_;
  std::string config_;
};

// A planned job's detail with a routing (the template of the test's jobs).
json template_job(HttpClient& c, int skip = 0) {
  auto jobs = c.get("/api/v1/jobs?status=planned&limit=50&sort=id");
  EXPECT_EQ(jobs.status, 200) << jobs.body;
  std::string last;
  const json jobs_body = jobs.json();
  for (const auto& j : jobs_body["items"]) {
    auto d = c.get("/api/v1/jobs/" + std::to_string(j["id"].get<int64_t>()));
    if (d.status == 200 && !d.json()["operations"].empty() && skip-- <= 0) return d.json();
    last = std::to_string(d.status) + " " + d.body.substr(0, 300);
  }
  ADD_FAILURE() << "no planned job with operations; last detail: " << last;
  return json();
}

json operations_input(const json& detail, int64_t quantity) {
  json ops = json::array();
  for (const auto& o : detail["operations"]) {
    json op = {{"sequence", o["sequence"]},
               {"name", o["name"]},
               {"process", o["process"]},
               {"department", o["department"]},
               {"eligible_work_center_ids", o["eligible_work_center_ids"]},
               {"setup_seconds", o["setup_seconds"]},
               {"run_seconds_per_piece", o["run_seconds_per_piece"]},
               {"transfer_seconds", o["transfer_seconds"]},
               {"overlap_allowed", o["overlap_allowed"]},
               {"overlap_pieces", std::min<int64_t>(o["overlap_pieces"].get<int64_t>(), quantity)},
               {"setup_family", o["setup_family"]}};
    ops.push_back(op);
  }
  return ops;
}

// A job body copying the routing of `tmpl` for `quantity` pieces.
json job_body(const std::string& number, const json& tmpl, int64_t customer, int64_t quantity,
              std::chrono::hours due_in, int priority) {
  return {{"number", number},
          {"part_id", tmpl["part_id"]},
          {"customer_id", customer},
          {"quantity", quantity},
          {"due", iso_in(due_in)},
          {"priority", priority},
          {"operations", operations_input(tmpl, quantity)}};
}

// Creates and releases a job; its id.
int64_t create_released(HttpClient& planner, json body) {
  auto created = planner.post_json("/api/v1/jobs", body);
  EXPECT_EQ(created.status, 201) << created.body;
  if (created.status != 201) return 0;
  const int64_t id = created.json()["id"];
  auto released = planner.post_json("/api/v1/jobs/" + std::to_string(id) + "/release", json{});
  EXPECT_EQ(released.status, 200) << released.body;
  return id;
}

int64_t customer_id(HttpClient& c, bool vip) {
  auto r = c.get("/api/v1/customers?limit=1000");
  const json r_body = r.json();
  for (const auto& cu : r_body["items"]) {
    if (cu["vip"] == vip) return cu["id"];
  }
  ADD_FAILURE() << "no customer with vip=" << vip;
  return 0;
}

bool contains_job(const json& approval, int64_t job_id) {
  for (const auto& j : approval["job_ids"]) {
    if (j == job_id) return true;
  }
  return false;
}

std::string id_of(const json& v) { return std::to_string(v["id"].get<int64_t>()); }

// Approvals asked twice: the same gate, title and jobs more than once (the agents dedupe each
// question, so a crash or a replayed event must never ask it again). Empty when none.
std::vector<std::string> asked_twice(HttpClient& admin) {
  auto r = admin.get("/api/v1/approvals?limit=1000");
  EXPECT_EQ(r.status, 200) << r.body;
  std::map<std::string, int> seen;
  const json body = r.json();
  for (const auto& a : body["items"]) {
    ++seen[a["gate"].get<std::string>() + " | " + a["title"].get<std::string>() + " | " +
           a["job_ids"].dump()];
  }
  std::vector<std::string> out;
  for (const auto& [key, n] : seen) {
    if (n > 1) out.push_back(key + " x" + std::to_string(n));
  }
  return out;
}

// Consumes full sheets one at a time against `job_id` until one material/thickness falls below
// its safety minimum; the sheet's {material, thickness_mm} (null when none did).
json drain_below_safety(HttpClient& lead, int64_t job_id) {
  auto sheets = lead.get("/api/v1/materials/sheets?is_remnant=false&limit=1000");
  EXPECT_EQ(sheets.status, 200) << sheets.body;
  int calls = 0;
  const json sheets_body = sheets.json();
  for (const auto& sh : sheets_body["items"]) {
    for (int64_t q = sh["quantity"]; q > 0 && calls < 2000; --q, ++calls) {
      auto r = lead.post_json("/api/v1/materials/sheets/" + id_of(sh) + "/consume",
                              {{"job_id", job_id}, {"quantity", 1}});
      if (r.status != 200) break;
      if (r.json()["below_safety_stock"] == true) {
        return {{"material", sh["material"]}, {"thickness_mm", sh["thickness_mm"]}};
      }
    }
  }
  return json();
}

TEST_F(AgentsTest, FiveGatesOverHttpSurviveKillNineAndApplyOnce) {
  auto kerf = start(true);
  std::unique_ptr<HttpClient> admin, planner, lead, quality, shipping, op;
  auto login_all = [&] {
    admin = login(kerf->port(), "admin");
    planner = login(kerf->port(), "planner");
    lead = login(kerf->port(), "lead");
    quality = login(kerf->port(), "quality");
    shipping = login(kerf->port(), "shipping");
    op = login(kerf->port(), "operator");
  };
  // kill -9, then a restart on the same data; true when the old process ended.
  auto kill_and_restart = [&] {
    kerf->signal(SIGKILL);
    const bool ended = kerf->wait_exit(std::chrono::seconds(30)).has_value();
    kerf = start(false);
    login_all();
    return ended;
  };
  login_all();
  ASSERT_EQ(admin->get("/api/v1/agents/status").status, 200);

  // --- Triggers, all over HTTP ---
  // Rush: a big priority-1 job for a regular customer, due in two days.
  const json tmpl = template_job(*planner);
  ASSERT_FALSE(tmpl.is_null());
  const int64_t regular = customer_id(*planner, false);
  const int64_t rush_id = create_released(
      *planner, job_body("E2E-RUSH-1", tmpl, regular, 400, std::chrono::hours(48), 1));
  ASSERT_GT(rush_id, 0);
  // Overtime: three jobs due within hours loading one department far beyond a week's shifts.
  const json load_tmpl = template_job(*planner, 1);
  std::vector<int64_t> load_jobs;
  for (int i = 0; i < 3; ++i) {
    const int64_t qty = 2000;
    load_jobs.push_back(
        create_released(*planner, job_body("E2E-LOAD-" + std::to_string(i), load_tmpl, regular, qty,
                                           std::chrono::hours(6), 2)));
  }
  // Material: sheets consumed against the rush job until a safety minimum is crossed.
  const json short_material = drain_below_safety(*lead, rush_id);
  ASSERT_FALSE(short_material.is_null()) << "no safety minimum crossed";
  // Quality: an operation completed with a critical defect.
  auto ready = lead->get("/api/v1/operations?status=ready&limit=1");
  ASSERT_EQ(ready.status, 200) << ready.body;
  ASSERT_FALSE(ready.json()["items"].empty());
  const json qop = ready.json()["items"][0];
  const int64_t quality_job = qop["job_id"];
  ASSERT_EQ(lead->post_json("/api/v1/operations/" + id_of(qop) + "/start", json{}).status, 200);
  auto scrapped =
      lead->post_json("/api/v1/operations/" + id_of(qop) + "/complete",
                      {{"qty_good", 0}, {"qty_scrap", 1}, {"scrap_reasons", {"crack"}}});
  ASSERT_EQ(scrapped.status, 200) << scrapped.body;
  // Customer: a VIP job due in one hour can no longer make it; a committed plan shows the slip.
  const int64_t vip = customer_id(*planner, true);
  const int64_t vip_job =
      create_released(*planner, job_body("E2E-VIP-1", tmpl, vip, 50, std::chrono::hours(1), 3));
  auto run = planner->post_json("/api/v1/schedule/runs", {{"mode", "dispatch"}});
  ASSERT_EQ(run.status, 201) << run.body;
  ASSERT_EQ(
      planner->post_json("/api/v1/schedule/runs/" + id_of(run.json()) + "/commit", json{}).status,
      200);

  // --- kill -9 while threads run, restart on the same data ---
  ASSERT_TRUE(kill_and_restart());

  // --- An approval per gate, routed by role ---
  auto wait_gate = [&](HttpClient& c, const std::string& gate,
                       const std::function<bool(const json&)>& match) {
    return poll_for([&]() -> json {
      for (const auto& a : pending(c, gate)) {
        if (!match || match(a)) return a;
      }
      return json();
    });
  };
  json rush =
      wait_gate(*planner, "rush_order", [&](const json& a) { return contains_job(a, rush_id); });
  ASSERT_FALSE(rush.is_null()) << kerf->log();
  json overtime = wait_gate(*lead, "overtime", {});
  ASSERT_FALSE(overtime.is_null()) << kerf->log();
  json shortage = wait_gate(*planner, "material_shortage", {});
  ASSERT_FALSE(shortage.is_null()) << kerf->log();
  json hold = wait_gate(*quality, "quality_hold",
                        [&](const json& a) { return contains_job(a, quality_job); });
  ASSERT_FALSE(hold.is_null()) << kerf->log();
  json escalation = wait_gate(*shipping, "customer_escalation",
                              [&](const json& a) { return contains_job(a, vip_job); });
  ASSERT_FALSE(escalation.is_null()) << kerf->log();

  EXPECT_EQ(rush["role"], "planner");
  EXPECT_EQ(overtime["role"], "lead");
  EXPECT_EQ(shortage["role"], "planner");
  EXPECT_EQ(hold["role"], "quality");
  EXPECT_EQ(escalation["role"], "shipping");
  // Not in the other roles' inboxes; the operator sees none; admin sees all.
  EXPECT_TRUE(pending(*lead, "rush_order").empty());
  EXPECT_TRUE(pending(*planner, "overtime").empty());
  EXPECT_TRUE(pending(*shipping, "quality_hold").empty());
  EXPECT_TRUE(pending(*quality, "customer_escalation").empty());
  EXPECT_EQ(op->get("/api/v1/approvals?status=pending").json()["total"], 0);
  EXPECT_EQ(lead->get("/api/v1/approvals/" + id_of(rush)).status, 404);
  auto counts = admin->get("/api/v1/approvals/counts");
  ASSERT_EQ(counts.status, 200);
  EXPECT_GE(counts.json()["pending"].get<int64_t>(), 5) << counts.body;
  // The quality hold's containment is in place while it waits.
  EXPECT_EQ(admin->get("/api/v1/jobs/" + std::to_string(quality_job)).json()["status"], "on_hold");

  // Wrong roles: 403.
  const json approve = {{"verdict", "approve"}, {"comment", "ok"}};
  EXPECT_EQ(op->post_json("/api/v1/approvals/" + id_of(rush) + "/decision", approve).status, 403);
  EXPECT_EQ(lead->post_json("/api/v1/approvals/" + id_of(rush) + "/decision", approve).status, 403);
  EXPECT_EQ(
      planner->post_json("/api/v1/approvals/" + id_of(overtime) + "/decision", approve).status,
      403);
  // Field errors: 400 naming the field.
  auto bad =
      planner->post_json("/api/v1/approvals/" + id_of(rush) + "/decision", {{"verdict", "maybe"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("verdict"), std::string::npos) << bad.body;
  auto no_comment =
      planner->post_json("/api/v1/approvals/" + id_of(rush) + "/decision", {{"verdict", "reject"}});
  EXPECT_EQ(no_comment.status, 400);
  EXPECT_NE(no_comment.body.find("comment"), std::string::npos) << no_comment.body;

  // --- kill -9 while the threads wait; restart: each approval still pending, none twice ---
  EXPECT_EQ(asked_twice(*admin), std::vector<std::string>{});
  ASSERT_TRUE(kill_and_restart());
  // Let the restarted agents poll and scan a few rounds before looking again.
  ASSERT_FALSE(poll_for([&]() -> json {
                 auto s = admin->get("/api/v1/agents/status");
                 if (s.status != 200 || s.json()["last_poll_at"].is_null()) return json();
                 return s.json();
               }).is_null());
  std::this_thread::sleep_for(std::chrono::seconds(5));
  EXPECT_EQ(asked_twice(*admin), std::vector<std::string>{});
  for (const json* a : {&rush, &overtime, &shortage, &hold, &escalation}) {
    EXPECT_EQ(admin->get("/api/v1/approvals/" + id_of(*a)).json()["status"], "pending")
        << (*a)["gate"];
  }

  // Threads wait interrupted on their approvals.
  auto interrupted =
      admin->get("/api/v1/agents/threads/" + encode_id(rush["thread_id"].get<std::string>()));
  ASSERT_EQ(interrupted.status, 200) << interrupted.body;
  EXPECT_EQ(interrupted.json()["thread"]["status"], "interrupted");
  EXPECT_EQ(interrupted.json()["thread"]["approval_id"], rush["id"]);
  EXPECT_FALSE(interrupted.json()["steps"].empty());

  // --- Decisions and their effects ---
  std::string ship_token;
  login(kerf->port(), "shipping", &ship_token);
  WsClient ws(kerf->port(), "/api/v1/events?topic=customer.message.sent&token=" + ship_token);

  auto decide = [&](HttpClient& c, const json& a, const json& body) {
    auto r = c.post_json("/api/v1/approvals/" + id_of(a) + "/decision", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  // Rush: approved; the override is applied (the job's priority stays 1).
  json rush_done = decide(*planner, rush, {{"verdict", "approve"}, {"comment", "customer call"}});
  EXPECT_EQ(rush_done["status"], "approved");
  EXPECT_EQ(rush_done["decided_by"], "planner");
  EXPECT_EQ(admin->get("/api/v1/jobs/" + std::to_string(rush_id)).json()["priority"], 1);
  // Twice: 409.
  EXPECT_EQ(planner->post_json("/api/v1/approvals/" + id_of(rush) + "/decision", approve).status,
            409);
  // Overtime: the windows land in the work centers' calendars.
  json ot_done = decide(*lead, overtime, {{"verdict", "approve"}, {"comment", ""}});
  EXPECT_EQ(ot_done["status"], "approved");
  const json windows = ot_done["applied_action"]["windows"];
  ASSERT_FALSE(windows.empty()) << ot_done.dump();
  const int64_t wc = ot_done["applied_action"]["work_center_ids"][0];
  auto wc_row = admin->get("/api/v1/work-centers/" + std::to_string(wc));
  auto cal = admin->get("/api/v1/calendars/" +
                        std::to_string(wc_row.json()["calendar_id"].get<int64_t>()));
  ASSERT_EQ(cal.status, 200);
  EXPECT_NE(cal.body.find(windows[0]["start"].get<std::string>().substr(0, 16)), std::string::npos)
      << cal.body;
  // Material: the substitution is set on the jobs.
  json mat_done = decide(*planner, shortage, {{"verdict", "approve"}, {"comment", ""}});
  EXPECT_EQ(mat_done["status"], "approved") << mat_done.dump();
  for (const auto& j : mat_done["applied_action"]["job_ids"]) {
    auto job = admin->get("/api/v1/jobs/" + std::to_string(j.get<int64_t>()));
    EXPECT_EQ(job.json()["substitute_material"], mat_done["applied_action"]["substitute_material"])
        << job.body;
  }
  // Quality: released after review (edit of the disposition), the job is unheld.
  json qa_action = hold["action"];
  qa_action["disposition"] = "release";
  json qa_done =
      decide(*quality, hold,
             {{"verdict", "edit"}, {"comment", "parts re-measured"}, {"action", qa_action}});
  EXPECT_EQ(qa_done["status"], "approved") << qa_done.dump();
  EXPECT_NE(admin->get("/api/v1/jobs/" + std::to_string(quality_job)).json()["status"], "on_hold");
  // Customer: the message is sent.
  json msg_done = decide(*shipping, escalation, {{"verdict", "approve"}, {"comment", ""}});
  EXPECT_EQ(msg_done["status"], "approved");
  auto sent = read_until(
      ws, [&](const json&) { return true; }, std::chrono::seconds(60));
  ASSERT_TRUE(sent.has_value()) << "no customer.message.sent";
  // The liaison's thread goes on with the next VIP customer whose jobs slip (one approval
  // each, one after the other): those messages are discarded until the thread ends.
  const std::string liaison = escalation["thread_id"];
  for (int more = 0; more < 8; ++more) {
    json t = poll_for([&]() -> json {
      auto r = admin->get("/api/v1/agents/threads/" + encode_id(liaison));
      if (r.status != 200) return json();
      json d = r.json();
      const json& th = d["thread"];
      if (th["status"] == "done") return d;
      if (th["status"] == "interrupted" && th["approval_id"] != escalation["id"]) return d;
      return json();
    });
    ASSERT_FALSE(t.is_null()) << "the liaison's thread neither ended nor asked again";
    if (t["thread"]["status"] == "done") break;
    json next =
        admin->get("/api/v1/approvals/" + std::to_string(t["thread"]["approval_id"].get<int64_t>()))
            .json();
    EXPECT_EQ(next["gate"], "customer_escalation");
    json discarded = decide(*shipping, next, {{"verdict", "reject"}, {"comment", "not now"}});
    EXPECT_EQ(discarded["status"], "rejected");
    escalation["id"] = next["id"];
  }

  // --- Every thread ends, with its trace; audit rows by the person and by "agent" ---
  for (const auto& [a, person] :
       std::vector<std::pair<json, std::string>>{{rush, "planner"},
                                                 {overtime, "lead"},
                                                 {shortage, "planner"},
                                                 {hold, "quality"},
                                                 {escalation, "shipping"}}) {
    json done = thread_with_status(*admin, a["thread_id"], "done");
    ASSERT_FALSE(done.is_null()) << a["gate"] << " thread never ended\n" << kerf->log();
    EXPECT_FALSE(done["steps"].empty());
    EXPECT_TRUE(done["next"].empty());
    json rows = audit_rows(*admin, "approval", id_of(a));
    EXPECT_TRUE(has_audit(rows, "agent", "")) << a["gate"] << rows.dump();
    EXPECT_TRUE(has_audit(rows, person, "")) << a["gate"] << rows.dump();
  }
  // Nothing asked twice.
  EXPECT_EQ(asked_twice(*admin), std::vector<std::string>{});
  expect_clean_stop(*kerf);
}

TEST_F(AgentsTest, AskAnswersWithoutAModelAndAgentsOffAnswer503) {
  auto kerf = start(true);
  auto planner = login(kerf->port(), "planner");
  auto late = planner->get("/api/v1/jobs?limit=1&sort=due");
  ASSERT_EQ(late.status, 200);
  const std::string number = late.json()["items"][0]["number"];
  auto r = planner->post_json("/api/v1/agents/ask",
                              {{"question", "why is " + number + " late and what can we do?"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["used_model"], false);
  EXPECT_FALSE(r.json()["answer"].get<std::string>().empty());
  EXPECT_EQ(planner->post_json("/api/v1/agents/ask", {{"question", " "}}).status, 400);
  auto status = planner->get("/api/v1/agents/status");
  ASSERT_EQ(status.status, 200);
  EXPECT_EQ(status.json()["enabled"], true);
  EXPECT_EQ(status.json()["llm"]["configured"], false);
  expect_clean_stop(*kerf);

  KerfProcess off({"--data", dir_ + "/data"}, {{"KERF_INGEST", "false"}, {"KERF_AGENTS", "false"}});
  auto p2 = login(off.port(), "planner");
  auto ask = p2->post_json("/api/v1/agents/ask", {{"question", "hello"}});
  EXPECT_EQ(ask.status, 503) << ask.body;
  EXPECT_NE(ask.body.find("KERF_AGENTS"), std::string::npos) << ask.body;
  EXPECT_EQ(p2->get("/api/v1/agents/status").status, 503);
  EXPECT_EQ(p2->get("/api/v1/approvals").status, 200);
  expect_clean_stop(off);
}

}  // namespace
}  // namespace kerf::e2e
