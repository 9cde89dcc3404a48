// The response schemas of openapi.json do not lie: against a server with real data (jobs
// created, operations started and completed, a schedule run committed, sheets received and
// consumed) every GET route and the main POST/PUT routes answer bodies that validate against the
// schema their route declares.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "api/nest_fixture.h"
#include "api/response_schema_fixture.h"
#include "kerf/app/agent_ledger.h"
#include "kerf/app/approval_service.h"
#include "kerf/app/machine_sink.h"

namespace kerf::api::testing {
namespace {

TEST_F(ResponseSchemaTest, EveryGetAndTheMainWritesAnswerWhatTheirSchemaSays) {
  auto admin = client("admin");
  auto planner = client("planner");
  auto op = client("operator");
  HttpClient anon(server_->port());

  // Auth and system.
  call(anon, "POST", "/api/v1/auth/login", "/api/v1/auth/login",
       {{"username", "lead"}, {"password", app::kDemoPassword}});
  json me = call(*planner, "GET", "/api/v1/auth/me", "/api/v1/auth/me");
  EXPECT_EQ(me["station"], false);
  EXPECT_TRUE(me["plant_time_zone"].is_string()) << me.dump();
  call(anon, "GET", "/healthz", "/healthz");
  call(anon, "GET", "/metrics", "/metrics");
  call(anon, "GET", "/api/v1/openapi.json", "/api/v1/openapi.json");

  // Master data: lists and items, one create and update of each writable kind.
  for (const std::string base : {"/api/v1/work-centers", "/api/v1/calendars", "/api/v1/parts",
                                 "/api/v1/tools", "/api/v1/customers"}) {
    json list = call(*admin, "GET", base, base + "?limit=1000");
    ASSERT_FALSE(list["items"].empty()) << base;
    call(*admin, "GET", base + "/{id}", base + "/" + id_of(list["items"][0]));
  }
  call(*admin, "GET", "/api/v1/departments", "/api/v1/departments");
  json week = json::array();
  for (int d = 0; d < 7; ++d) {
    week.push_back(
        d < 5 ? json::array({{{"name", "night"},
                              {"start_minute", 1320},
                              {"end_minute", 1800},
                              {"breaks", {{{"start_minute", 1560}, {"end_minute", 1590}}}}}})
              : json::array());
  }
  json calendar = call(*admin, "POST", "/api/v1/calendars", "/api/v1/calendars",
                       {{"name", "Schema nights"}, {"week", week}}, 201);
  call(*admin, "PUT", "/api/v1/calendars/{id}", "/api/v1/calendars/" + id_of(calendar),
       {{"name", "Schema nights"},
        {"week", week},
        {"holidays", {"2026-12-25"}},
        {"overtime",
         {{{"start", "2026-11-28T06:00:00Z"}, {"end", "2026-11-28T12:00:00Z"}, {"reason", "x"}}}},
        {"version", 1}});
  json customer = call(*admin, "POST", "/api/v1/customers", "/api/v1/customers",
                       {{"code", "SCHEMA"}, {"name", "Schema Co"}}, 201);
  call(*admin, "PUT", "/api/v1/customers/{id}", "/api/v1/customers/" + id_of(customer),
       {{"code", "SCHEMA"}, {"name", "Schema Co 2"}, {"vip", true}, {"version", 1}});
  json tool = call(*admin, "POST", "/api/v1/tools", "/api/v1/tools",
                   {{"code", "T-SCHEMA"}, {"kind", "punch"}, {"life_hits_max", 1000}}, 201);
  call(*admin, "PUT", "/api/v1/tools/{id}", "/api/v1/tools/" + id_of(tool),
       {{"code", "T-SCHEMA"}, {"kind", "die"}, {"life_hits_max", 2000}, {"version", 1}});
  json part = call(*admin, "POST", "/api/v1/parts", "/api/v1/parts",
                   {{"number", "P-SCHEMA"},
                    {"revision", "A"},
                    {"description", "bracket"},
                    {"material", "mild_steel"},
                    {"thickness_mm", 2},
                    {"flat_length_mm", 400},
                    {"flat_width_mm", 200}},
                   201);
  ASSERT_TRUE(part.is_object());
  json wc = call(*admin, "POST", "/api/v1/work-centers", "/api/v1/work-centers",
                 {{"code", "WC-SCHEMA"},
                  {"name", "Laser 9"},
                  {"department", "laser"},
                  {"capabilities", {{"processes", {"laser_cut"}}, {"materials", {"mild_steel"}}}}},
                 201);
  call(*admin, "PUT", "/api/v1/work-centers/{id}", "/api/v1/work-centers/" + id_of(wc),
       {{"code", "WC-SCHEMA"},
        {"name", "Laser 9"},
        {"department", "laser"},
        {"capabilities", {{"processes", {"laser_cut"}}}},
        {"version", 1}});

  // Users.
  call(*admin, "GET", "/api/v1/users", "/api/v1/users");
  json user = call(*admin, "POST", "/api/v1/users", "/api/v1/users",
                   {{"username", "schema"},
                    {"display_name", "Schema User"},
                    {"password", "a-long-password"},
                    {"roles", {"operator"}}},
                   201);
  call(*admin, "GET", "/api/v1/users/{id}", "/api/v1/users/" + id_of(user));
  json badged =
      call(*admin, "PUT", "/api/v1/users/{id}/badge", "/api/v1/users/" + id_of(user) + "/badge",
           {{"badge", "B-SCHEMA"}, {"pin", "4711"}});
  EXPECT_EQ(badged["has_badge"], true);
  call(anon, "POST", "/api/v1/auth/badge", "/api/v1/auth/badge",
       {{"badge", "B-SCHEMA"}, {"pin", "4711"}});
  json users = call(*admin, "GET", "/api/v1/users", "/api/v1/users?limit=1000");
  for (const auto& u : users["items"]) {
    ASSERT_TRUE(u.contains("has_badge")) << u.dump();
    EXPECT_FALSE(u.contains("badge")) << u.dump();
    if (u["id"] == user["id"]) EXPECT_EQ(u["has_badge"], true);
    if (u["username"] == "planner") EXPECT_EQ(u["has_badge"], false);
  }
  user = call(*admin, "GET", "/api/v1/users/{id}", "/api/v1/users/" + id_of(user));
  user = call(*admin, "PUT", "/api/v1/users/{id}/roles", "/api/v1/users/" + id_of(user) + "/roles",
              {{"roles", {"operator", "lead"}}, {"version", user["version"]}});
  call(*admin, "POST", "/api/v1/users/{id}/deactivate",
       "/api/v1/users/" + id_of(user) + "/deactivate", json::object());

  // Jobs: create, update, hold/unhold, release; imports.
  json customer0 = call(*admin, "GET", "/api/v1/customers", "/api/v1/customers")["items"][0];
  json laser = call(*admin, "GET", "/api/v1/work-centers",
                    "/api/v1/work-centers?department=laser")["items"][0];
  json body = {{"number", "J-SCHEMA-1"},
               {"part_id", part["id"]},
               {"customer_id", customer0["id"]},
               {"quantity", 5},
               {"due", "2026-11-24T12:00:00Z"},
               {"operations",
                {{{"sequence", 10},
                  {"name", "Cut"},
                  {"process", "laser_cut"},
                  {"eligible_work_center_ids", {laser["id"]}},
                  {"run_seconds_per_piece", 30}},
                 {{"sequence", 20},
                  {"name", "Cut again"},
                  {"process", "laser_cut"},
                  {"eligible_work_center_ids", {laser["id"]}},
                  {"run_seconds_per_piece", 30}}}}};
  json job = call(*planner, "POST", "/api/v1/jobs", "/api/v1/jobs", body, 201);
  ASSERT_TRUE(job.is_object());
  const std::string job_path = "/api/v1/jobs/" + id_of(job);
  job = call(*planner, "PUT", "/api/v1/jobs/{id}", job_path,
             {{"version", job["version"]}, {"quantity", 6}});
  job = call(*planner, "POST", "/api/v1/jobs/{id}/hold", job_path + "/hold",
             {{"reason", "customer call"}});
  EXPECT_EQ(job["held_from"], "planned");
  job = call(*planner, "POST", "/api/v1/jobs/{id}/unhold", job_path + "/unhold", json::object());
  job = call(*planner, "POST", "/api/v1/jobs/{id}/release", job_path + "/release", json::object());
  json detail = call(*planner, "GET", "/api/v1/jobs/{id}", job_path);
  call(*planner, "GET", "/api/v1/jobs", "/api/v1/jobs?limit=1000");
  json other = call(*planner, "POST", "/api/v1/jobs", "/api/v1/jobs",
                    {{"number", "J-SCHEMA-2"},
                     {"part_id", part["id"]},
                     {"customer_id", customer0["id"]},
                     {"quantity", 1},
                     {"due", "2026-12-24T12:00:00Z"}},
                    201);
  call(*planner, "POST", "/api/v1/jobs/{id}/cancel", "/api/v1/jobs/" + id_of(other) + "/cancel",
       {{"reason", "duplicate"}});
  json imported = call(*planner, "POST", "/api/v1/jobs/import", "/api/v1/jobs/import",
                       json::array({{{"number", "J-SCHEMA-3"},
                                     {"part_number", "P-SCHEMA"},
                                     {"customer_code", customer0["code"]},
                                     {"quantity", 2},
                                     {"due", "2026-12-01T12:00:00Z"}}}),
                       201);
  EXPECT_EQ(imported["total"], 1);
  const std::string csv = "number,part_number,customer_code,quantity,due\nJ-SCHEMA-4,P-SCHEMA," +
                          customer0["code"].get<std::string>() + ",3,2026-12-20\n";
  check("POST", "/api/v1/jobs/import.csv",
        planner->request("POST", "/api/v1/jobs/import.csv", csv, "text/csv"), 201);

  // Operations: start, pause, resume, complete the first; its successor becomes ready.
  const std::string op_path = "/api/v1/operations/" + id_of(detail["operations"][0]);
  call(*op, "GET", "/api/v1/operations", "/api/v1/operations?limit=1000");
  call(*op, "POST", "/api/v1/operations/{id}/start", op_path + "/start", json::object());
  call(*op, "POST", "/api/v1/operations/{id}/pause", op_path + "/pause", {{"reason", "tooling"}});
  call(*op, "POST", "/api/v1/operations/{id}/resume", op_path + "/resume", json::object());
  json done = call(*op, "POST", "/api/v1/operations/{id}/complete", op_path + "/complete",
                   {{"qty_good", 5}, {"qty_scrap", 1}, {"scrap_reasons", {"burr"}}});
  EXPECT_EQ(done["operation"]["status"], "complete");
  EXPECT_TRUE(done["operation"]["completed_at"].is_string());
  call(*op, "GET", "/api/v1/operations/{id}", op_path);

  // Materials: receive, consume against the job, lists.
  json received = call(*admin, "POST", "/api/v1/materials/receive", "/api/v1/materials/receive",
                       {{"material", "mild_steel"},
                        {"thickness_mm", 2},
                        {"length_mm", 3000},
                        {"width_mm", 1500},
                        {"quantity", 10},
                        {"location", "R1"},
                        {"heat_number", "H-SCHEMA"},
                        {"mill_cert_ref", "MC-1"},
                        {"supplier", "Mill"}},
                       201);
  ASSERT_TRUE(received.is_object());
  call(*admin, "POST", "/api/v1/materials/sheets/{id}/consume",
       "/api/v1/materials/sheets/" + id_of(received["sheet"]) + "/consume",
       {{"job_id", job["id"]}, {"quantity", 2}});
  call(*admin, "GET", "/api/v1/materials/sheets", "/api/v1/materials/sheets?limit=1000");
  call(*admin, "GET", "/api/v1/materials/heat-lots", "/api/v1/materials/heat-lots?limit=1000");
  json trace = call(*admin, "GET", "/api/v1/materials/heat-lots/{id}/trace",
                    "/api/v1/materials/heat-lots/" + id_of(received["heat_lot"]) + "/trace");
  EXPECT_EQ(trace["consumptions"].size(), 1u) << trace.dump();
  json materials = call(*planner, "GET", "/api/v1/jobs/{id}/materials", job_path + "/materials");
  EXPECT_EQ(materials["total"], 1) << materials.dump();
  json history = call(*planner, "GET", "/api/v1/jobs/{id}/history", job_path + "/history");
  EXPECT_GT(history["total"].get<int64_t>(), 3) << history.dump();

  // Scheduling: a run committed, the stored schedule read back, a slot moved and pinned, a
  // repair proposed, an asynchronous run followed to its end.
  json run = call(*planner, "POST", "/api/v1/schedule/runs", "/api/v1/schedule/runs",
                  {{"rule", "edd"}}, 201);
  EXPECT_FALSE(run["slots"].empty());
  const std::string run_path = "/api/v1/schedule/runs/" + id_of(run);
  call(*planner, "GET", "/api/v1/schedule/runs/{id}", run_path);
  call(*planner, "POST", "/api/v1/schedule/runs/{id}/commit", run_path + "/commit");
  json committed = call(*planner, "GET", "/api/v1/schedule/runs/{id}", run_path);
  EXPECT_EQ(committed["committed"], true);
  json slots = call(*planner, "GET", "/api/v1/schedule", "/api/v1/schedule");
  ASSERT_FALSE(slots["items"].empty());
  call(*planner, "GET", "/api/v1/schedule/load", "/api/v1/schedule/load");
  call(*planner, "GET", "/api/v1/schedule/load", "/api/v1/schedule/load?granularity=week");
  call(*planner, "GET", "/api/v1/schedule/conflicts", "/api/v1/schedule/conflicts");
  call(*planner, "GET", "/api/v1/schedule/slots", "/api/v1/schedule/slots");
  json slot;
  for (const auto& s : slots["items"]) {
    if (slot.is_null() && !s["locked"].get<bool>()) slot = s;
  }
  ASSERT_FALSE(slot.is_null()) << slots.dump();
  const std::string slot_path = "/api/v1/schedule/slots/" + id_of(slot);
  call(*planner, "GET", "/api/v1/schedule/slots/{id}", slot_path);
  call(*planner, "POST", "/api/v1/schedule/slots/{id}/move", slot_path + "/move",
       {{"work_center_id", slot["work_center_id"]}, {"start", slot["start"]}});
  call(*planner, "POST", "/api/v1/schedule/slots/{id}/unpin", slot_path + "/unpin", json::object());
  call(*planner, "POST", "/api/v1/schedule/slots/{id}/pin", slot_path + "/pin", json::object());
  call(*planner, "POST", "/api/v1/schedule/repair", "/api/v1/schedule/repair",
       {{"work_center_id", slot["work_center_id"]},
        {"from", "2026-11-23T06:00:00Z"},
        {"to", "2026-11-23T18:00:00Z"}},
       201);
  // Asynchronous: 202 with the run as it starts (documented under the route's 201).
  json started = call(*planner, "POST", "/api/v1/schedule/runs", "/api/v1/schedule/runs",
                      {{"async", true}, {"rule", "atc"}}, 202, 201);
  const std::string async_path = "/api/v1/schedule/runs/" + id_of(started);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  json ended = started;
  while (ended["status"] == "running" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ended = call(*planner, "GET", "/api/v1/schedule/runs/{id}", async_path);
  }
  EXPECT_EQ(ended["status"], "succeeded");

  // The UI's views: board, run list, dashboard, a dispatch list.
  json board = call(*planner, "GET", "/api/v1/schedule/board", "/api/v1/schedule/board");
  EXPECT_FALSE(board["slots"].empty()) << board.dump();
  // /auth/me tells the UI the zone the board (and the scheduler) use.
  EXPECT_EQ(me["plant_time_zone"], board["time_zone"]);
  EXPECT_NE(me["plant_time_zone"], "UTC");  // the demo plant has its own zone
  json runs = call(*planner, "GET", "/api/v1/schedule/runs", "/api/v1/schedule/runs");
  EXPECT_GE(runs["total"].get<int64_t>(), 3) << runs.dump();
  call(*planner, "GET", "/api/v1/schedule/runs", "/api/v1/schedule/runs?trigger=repair");
  call(*planner, "GET", "/api/v1/dashboard", "/api/v1/dashboard?days=30");
  json dispatch = call(*op, "GET", "/api/v1/work-centers/{id}/dispatch",
                       "/api/v1/work-centers/" +
                           std::to_string(slot["work_center_id"].get<int64_t>()) + "/dispatch");
  EXPECT_FALSE(dispatch["items"].empty()) << dispatch.dump();

  // Machines: one on a laser work center with a state timeline, parts, an alarm and telemetry.
  {
    json wcs = call(*admin, "GET", "/api/v1/work-centers", "/api/v1/work-centers?department=laser");
    ASSERT_FALSE(wcs["items"].empty());
    json machine = call(*admin, "POST", "/api/v1/machines", "/api/v1/machines",
                        {{"code", "LAS-M1"},
                         {"name", "Laser machine"},
                         {"work_center_id", wcs["items"][0]["id"]},
                         {"protocol", "mtconnect"},
                         {"endpoint", "http://127.0.0.1:5000 LAS-M1"},
                         {"ideal_cycle_s", 40}},
                        201);
    machine = call(*admin, "PUT", "/api/v1/machines/{id}", "/api/v1/machines/" + id_of(machine),
                   {{"version", machine["version"]},
                    {"code", "LAS-M1"},
                    {"name", "Laser machine 1"},
                    {"work_center_id", machine["work_center_id"]},
                    {"protocol", "mtconnect"}});
    const int64_t t = std::chrono::duration_cast<std::chrono::milliseconds>(
                          clock_.now().time_since_epoch()).count();
    std::vector<ingest::Sample> samples = {
        {"LAS-M1", "state", t - 600'000, std::string("RUN")},
        {"LAS-M1", "parts_delta", t - 500'000, int64_t{3}},
        {"LAS-M1", "alarm", t - 400'000, std::string("WARNING|W7|Gas pressure low")},
        {"LAS-M1", "state", t - 300'000, std::string("IDLE")},
        {"LAS-M1", "current", t - 200'000, 12.5},
        {"LAS-M1", "current", t - 100'000, 14.5}};
    app::MachineSink machine_sink(services_->changes());
    app::TelemetrySink telemetry_sink(services_->changes());
    ASSERT_TRUE(machine_sink.consume(samples).ok());
    ASSERT_TRUE(telemetry_sink.consume(samples).ok());
    const std::string base = "/api/v1/machines/" + id_of(machine);
    const std::string range = "from=" + format_iso8601(clock_.now() - std::chrono::hours(2)) +
                              "&to=" + format_iso8601(clock_.now() + std::chrono::hours(1));
    json list = call(*op, "GET", "/api/v1/machines", "/api/v1/machines");
    EXPECT_EQ(list["items"][0]["state"], "IDLE") << list.dump();
    EXPECT_EQ(list["items"][0]["alarm"]["code"], "W7") << list.dump();
    call(*op, "GET", "/api/v1/machines/{id}", base);
    json timeline = call(*op, "GET", "/api/v1/machines/{id}/timeline", base + "/timeline?" + range);
    EXPECT_EQ(timeline["items"].size(), 2u) << timeline.dump();
    json signals = call(*op, "GET", "/api/v1/machines/{id}/signals",
                        base + "/signals?signal=current&points=10&" + range);
    EXPECT_FALSE(signals["points"].empty()) << signals.dump();
    call(*op, "GET", "/api/v1/machines/{id}/oee", base + "/oee?bucket=shift&" + range);
    call(*op, "GET", "/api/v1/oee", "/api/v1/oee?department=laser&bucket=day&" + range);
  }

  // Scan stations: a badge, then a ready operation's barcode at a station on its work center.
  {
    json ready = admin->get("/api/v1/operations?status=ready&limit=1").json();
    ASSERT_FALSE(ready["items"].empty()) << ready.dump();
    json users = admin->get("/api/v1/users?limit=100").json();
    std::string operator_id;
    for (const auto& u : users["items"]) {
      if (u["username"] == "operator") operator_id = std::to_string(u["id"].get<int64_t>());
    }
    ASSERT_FALSE(operator_id.empty()) << users.dump();
    auto badge = admin->put_json("/api/v1/users/" + operator_id + "/badge",
                                 {{"badge", "B-7001"}, {"pin", "1234"}});
    ASSERT_EQ(badge.status, 200) << badge.body;
    call(*admin, "POST", "/api/v1/machines", "/api/v1/machines",
         {{"code", "SCAN-M1"},
          {"name", "Scan station"},
          {"work_center_id", ready["items"][0]["eligible_work_center_ids"][0]},
          {"protocol", "scan"}},
         201);
    const std::string scans = "/api/v1/stations/SCAN-M1/scans";
    const std::string pattern = "/api/v1/stations/{code}/scans";
    json set = call(*op, "POST", pattern, scans, {{"code", "B-7001"}});
    EXPECT_EQ(set["outcome"], "operator_set") << set.dump();
    json started = call(*op, "POST", pattern, scans, {{"code", "OP-" + id_of(ready["items"][0])}});
    EXPECT_EQ(started["outcome"], "started") << started.dump();
  }

  // Nests and the Sigmanest sync: a posted program, a failed outbound row retried.
  {
    PostedProgram p = post_test_program(*services_, "N-SCHEMA-1");
    ASSERT_NE(p.nest.id, 0);
    PostedProgram floor = post_test_program(*services_, "N-SCHEMA-2", "H-SCHEMA-2");
    ASSERT_NE(floor.nest.id, 0);
    json nests = call(*op, "GET", "/api/v1/nests", "/api/v1/nests?state=posted&q=N-SCHEMA-1");
    EXPECT_EQ(nests["total"], 1) << nests.dump();
    call(*op, "GET", "/api/v1/nests/{id}", "/api/v1/nests/" + std::to_string(p.nest.id));
    json queue = call(*op, "GET", "/api/v1/laser/queue", "/api/v1/laser/queue");
    EXPECT_FALSE(queue["items"].empty()) << queue.dump();
    call(*op, "GET", "/api/v1/materials/heat-lots/{id}/trace",
         "/api/v1/materials/heat-lots/" + std::to_string(p.heat_lot_id) + "/trace");
    call(*op, "GET", "/api/v1/jobs/{id}/materials",
         "/api/v1/jobs/" + std::to_string(p.job.id) + "/materials");
    ASSERT_TRUE(
        services_->nests()
            .cut_program(app::system_principal(),
                         {.program_name = "N-SCHEMA-1",
                          .remnants = {{.length_mm = 900, .width_mm = 500, .name = "R-S1"}}})
            .ok());
    json named = call(*op, "GET", "/api/v1/sigmanest/remnants", "/api/v1/sigmanest/remnants");
    EXPECT_EQ(named["items"].size(), 1u) << named.dump();
    const std::string nest = "/api/v1/nests/" + std::to_string(floor.nest.id);
    call(*op, "POST", "/api/v1/nests/{id}/start", nest + "/start", json::object());
    call(*op, "POST", "/api/v1/nests/{id}/stop", nest + "/stop", {{"cut_seconds", 60}});
    call(*op, "POST", "/api/v1/nests/{id}/reject", nest + "/reject",
         {{"part_id", floor.job.part_id}, {"pieces", 1}, {"reason", "burr"}});
    call(*op, "POST", "/api/v1/nests/{id}/done", nest + "/done", {{"cut_seconds", 120}});
    json eff = call(*op, "GET", "/api/v1/nests/efficiency",
                    "/api/v1/nests/efficiency?from=2026-11-01&to=2026-11-30");
    EXPECT_FALSE(eff["items"].empty()) << eff.dump();

    const auto system = app::system_principal();
    app::OutboundRow row;
    row.trans_id = "TSCH1";
    row.trans_type = "SN84";
    row.columns = {{"OrderNo", "J-1"}};
    row.entity = "job";
    auto stored = services_->sigmanest().enqueue(system, {row}, 0);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    const int64_t row_id = stored->front().id;
    ASSERT_TRUE(services_->sigmanest().mark(system, {row_id}, app::OutboundStatus::kSent).ok());
    ASSERT_TRUE(
        services_->sigmanest().mark(system, {row_id}, app::OutboundStatus::kFailed, "x").ok());
    call(*op, "GET", "/api/v1/sigmanest/status", "/api/v1/sigmanest/status");
    json rows = call(*op, "GET", "/api/v1/sigmanest/outbound", "/api/v1/sigmanest/outbound");
    EXPECT_EQ(rows["total"], 1) << rows.dump();
    call(*planner, "POST", "/api/v1/sigmanest/outbound/{id}/retry",
         "/api/v1/sigmanest/outbound/" + std::to_string(row_id) + "/retry");
    call(*op, "GET", "/api/v1/sigmanest/sync-log", "/api/v1/sigmanest/sync-log?order=desc");
  }

  // Approvals and agent threads: an approval opened and a checkpoint saved by the agent
  // principal (as the agents do), then read and decided over HTTP; the assistant and the status
  // through the real AgentRuntime (no model).
  {
    const auto agent = app::agent_principal();
    app::ApprovalInput in;
    in.gate = app::GateKind::kRushOrder;
    in.thread_id = "scheduler/evt-1";
    in.dedupe_key = "rush/schema";
    in.title = "Rush moves 4 jobs";
    in.summary = "schema test";
    in.evidence = {{"job", {{"id", 1}}}};
    json job = call(*op, "GET", "/api/v1/jobs", "/api/v1/jobs?limit=1&status=released");
    if (job["items"].empty()) job = call(*op, "GET", "/api/v1/jobs", "/api/v1/jobs?limit=1");
    const int64_t job_id = job["items"][0]["id"];
    in.action = {{"job_id", job_id}, {"priority", 1}};
    in.job_ids = {job_id};
    auto opened = services_->approvals().open(agent, in);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    app::AgentThreadRow thread;
    thread.id = in.thread_id;
    thread.agent = "scheduler";
    thread.status = "interrupted";
    thread.trigger = "event 1 job.created";
    thread.step = 1;
    thread.approval_id = opened->id;
    thread.created_at = thread.updated_at = env_.now();
    app::AgentCheckpointRow cp{in.thread_id, 1, {{"state", {{"x", 1}}}, {"next", json::array()}},
                               env_.now()};
    app::AgentStepRow step;
    step.thread_id = in.thread_id;
    step.step = 1;
    step.node = "scheduler/what_if";
    step.input = json::object();
    step.output = {{"interrupt", {{"reason", "rush"}}}};
    step.tool_calls = json::array({{{"tool", "what_if"}, {"arguments", {{"job_id", job_id}}},
                                    {"result", {{"moved", 4}}}, {"ok", true}}});
    step.started_at = env_.now();
    ASSERT_TRUE(services_->agents().save_checkpoint(agent, thread, cp, {step}).ok());

    json list = call(*planner, "GET", "/api/v1/approvals", "/api/v1/approvals?status=pending");
    EXPECT_GE(list["total"].get<int64_t>(), 1) << list.dump();
    call(*planner, "GET", "/api/v1/approvals/counts", "/api/v1/approvals/counts");
    const std::string target = "/api/v1/approvals/" + std::to_string(opened->id);
    call(*planner, "GET", "/api/v1/approvals/{id}", target);
    json threads = call(*op, "GET", "/api/v1/agents/threads", "/api/v1/agents/threads");
    EXPECT_GE(threads["total"].get<int64_t>(), 1) << threads.dump();
    json detail = call(*op, "GET", "/api/v1/agents/threads/{id}",
                       "/api/v1/agents/threads/scheduler%2Fevt-1");
    EXPECT_EQ(detail["steps"].size(), 1u) << detail.dump();
    json decided = call(*planner, "POST", "/api/v1/approvals/{id}/decision", target + "/decision",
                        {{"verdict", "approve"}, {"comment", "ok"}});
    EXPECT_EQ(decided["status"], "approved") << decided.dump();
    call(*op, "GET", "/api/v1/agents/status", "/api/v1/agents/status");
    json answer = call(*op, "POST", "/api/v1/agents/ask", "/api/v1/agents/ask",
                       {{"question", "what is late?"}});
    EXPECT_FALSE(answer["answer"].get<std::string>().empty()) << answer.dump();
  }

  // The audit log now holds every kind of change above.
  call(*admin, "GET", "/api/v1/audit", "/api/v1/audit?limit=1000");

  // Every GET route of the document was called (the WebSocket upgrade has no body).
  for (const auto& [path, item] : doc_["paths"].items()) {
    if (!item.contains("get") || path == "/api/v1/events") continue;
    EXPECT_TRUE(covered_.count("GET " + path)) << "GET " << path << " not exercised";
  }
}

}  // namespace
}  // namespace kerf::api::testing
