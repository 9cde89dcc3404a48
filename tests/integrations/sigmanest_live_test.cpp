// The assembled product with Sigmanest in the loop: the real `kerf` executable (demo shop, its
// [sigmanest] section pointing at a SimTrans database on the real PostgreSQL through the
// "PostgreSQL Unicode" ODBC driver) and the SimTrans + Sigmanest simulator on that same
// database. The test talks to kerf over HTTP only and plays SimTrans and the programmer:
// open work orders and stock go out, programs come back as nests in kerf's laser queue and
// plan, a cut program consumes its heat lot against the job and returns its remnant, and a
// program an operator starts and marks done in kerf reaches Sigmanest as SN73N and SN70.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>

#include "e2e/e2e_fixture.h"
#include "kerf/integrations/odbc/connection.h"
#include "kerf/integrations/simtrans_sim/simulator.h"
#include "support/odbc_harness.h"
#include "support/test_env.h"

namespace kerf::integrations {
namespace {

using e2e::login;
using nlohmann::json;
using testing::HttpClient;
using testing::KerfProcess;

// Retries `step` until it returns true or the hang guard (not a timing goal) passes.
bool eventually(const std::function<bool()>& step,
                std::chrono::seconds guard = std::chrono::seconds(180)) {
  const auto deadline = std::chrono::steady_clock::now() + guard;
  while (std::chrono::steady_clock::now() < deadline) {
    if (step()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

int64_t count(odbc::Connection& c, const std::string& sql) {
  auto rs = c.query(sql);
  if (!rs.ok() || rs->rows.empty() || !rs->rows[0].values[0]) return -1;
  return std::stoll(*rs->rows[0].values[0]);
}

json get_json(HttpClient& http, const std::string& path) {
  auto r = http.get(path);
  EXPECT_EQ(r.status, 200) << path << ": " << r.body;
  return r.status == 200 ? r.json() : json::object();
}

TEST(SigmanestLiveTest, ReleasedLaserPartsAreNestedPlannedAndCutThroughRealOdbc) {
  const std::string simtrans = testing::fresh_postgres_odbc();
  simtrans_sim::SimulatorOptions so;
  so.connection_string = simtrans;
  so.machine_name = "LAS-6K";
  auto sim = simtrans_sim::SimTransSimulator::open(so);
  ASSERT_TRUE(sim.ok()) << sim.error().message;
  ASSERT_TRUE((*sim)->create_schema().ok());
  auto peek = odbc::Connection::open({simtrans});
  ASSERT_TRUE(peek.ok()) << peek.error().message;

  const std::string dir = testing::make_temp_dir("kerf-sigmanest-live");
  const std::string config = dir + "/kerf.toml";
  // The test cluster trusts local connections: kerf's config carries no password (a real one
  // would come from the variable named by sigmanest.password_env).
  std::string kerf_connection = simtrans;
  if (auto at = kerf_connection.find("Pwd=;"); at != std::string::npos) {
    kerf_connection.erase(at, 5);
  }
  {
    std::ofstream out(config);
    out << "[sigmanest]\nenabled = true\ninitial_load = true\ngateway = \"odbc\"\n"
        << "connection_string = \"" << kerf_connection << "\"\npoll_interval_ms = 300\n"
        << "[sigmanest.materials]\nstainless_304 = \"304-2B\"\nmild_steel = \"A36\"\n";
  }
  KerfProcess kerf({"--demo", "--data", dir + "/data", "--config", config},
                   {{"KERF_INGEST", "false"}});
  auto planner = login(kerf.port(), "planner");

  // 1. The initial load (open work orders' laser parts, stock on hand) reaches TransAct and
  //    SimTrans applies it to Sigmanest's work orders and stock.
  ASSERT_TRUE(eventually([&] {
    EXPECT_TRUE((*sim)->poll_once().ok());
    return count(**peek, "SELECT COUNT(*) FROM Part") > 0 &&
           count(**peek, "SELECT COUNT(*) FROM Stock") > 0;
  })) << "nothing reached SimTrans\n"
      << kerf.log();
  const json status = get_json(*planner, "/api/v1/sigmanest/status");
  EXPECT_EQ(status.value("gateway", ""), "odbc") << status.dump();
  // Every row carries kerf's ids in the ItemData slots (they come back in feedback).
  EXPECT_EQ(count(**peek, "SELECT COUNT(*) FROM Part WHERE ItemData1 IS NULL OR ItemData1 = ''"),
            0);
  // Materials go by the plant's Sigmanest names ([sigmanest.materials]), parts and stock alike.
  EXPECT_GT(count(**peek, "SELECT COUNT(*) FROM Part WHERE Material = '304-2B'"), 0);
  EXPECT_GT(count(**peek, "SELECT COUNT(*) FROM Stock WHERE Material = '304-2B'"), 0);
  EXPECT_EQ(
      count(**peek, "SELECT COUNT(*) FROM Part WHERE Material IN ('stainless_304', 'mild_steel')"),
      0);

  // 2. The programmer nests and posts; kerf turns each program into a nest on the laser.
  int posted = 0;
  ASSERT_TRUE(eventually([&] {
    auto n = (*sim)->nest_once();
    EXPECT_TRUE(n.ok()) << n.error().message;
    if (n.ok()) posted += *n;
    return posted > 1;
  }));
  const auto programs = (*sim)->programs();
  ASSERT_GE(programs.size(), 2u);
  // The program using the least of its sheet is cut first: its offcut is the likeliest remnant.
  const auto program =
      *std::min_element(programs.begin(), programs.end(),
                        [](const auto& a, const auto& b) { return a.used_area < b.used_area; });
  json nest;
  ASSERT_TRUE(eventually([&] {
    auto page = get_json(*planner, "/api/v1/nests?limit=200&q=" + program.name);
    for (const auto& n : page.value("items", json::array())) {
      if (n["program_name"] == program.name) nest = n;
    }
    return !nest.is_null();
  })) << "program "
      << program.name << " never became a nest\n"
      << get_json(*planner, "/api/v1/sigmanest/sync-log?limit=20").dump(1);
  EXPECT_EQ(nest["state"], "posted");
  EXPECT_EQ(nest["cut_seconds_est"].get<int64_t>(), program.cutting_time_s);
  EXPECT_EQ(nest["machine_name"], "LAS-6K");
  EXPECT_GT(nest["archive_packet_id"].get<int64_t>(), 0);
  EXPECT_GT(nest["utilisation"].get<double>(), 0.0);
  ASSERT_FALSE(nest["parts"].empty());
  const int64_t job_id = nest["parts"][0]["job_id"];
  const int64_t sheet_id = nest["sheet_id"];

  // It is in the laser's NC queue.
  const json queue = get_json(*planner, "/api/v1/laser/queue");
  bool queued = false;
  for (const auto& e : queue.value("items", json::array())) {
    if (e["nest"]["program_name"] == program.name) queued = true;
  }
  EXPECT_TRUE(queued) << queue.dump(1);

  // 3. The scheduler plans it as one batch with Sigmanest's cut time.
  auto run = planner->post_json("/api/v1/schedule/runs", json::object());
  ASSERT_EQ(run.status, 201) << run.body;
  bool planned = false;
  std::function<void(const json&)> find_nest = [&](const json& j) {
    if (j.is_object()) {
      if (j.contains("nest_id") && j["nest_id"] == nest["id"]) planned = true;
      for (const auto& [k, v] : j.items()) find_nest(v);
    } else if (j.is_array()) {
      for (const auto& v : j) find_nest(v);
    }
  };
  find_nest(run.json());
  EXPECT_TRUE(planned) << "no slot for nest " << nest["id"] << " in the run";

  // 4. The program is cut: the sheet's heat lot is consumed against the job, the remnant
  //    returns to kerf's stock and the nest is cut.
  ASSERT_TRUE((*sim)->cut_program(program.name).ok());
  ASSERT_TRUE(eventually([&] {
    return get_json(*planner, "/api/v1/nests/" + std::to_string(nest["id"].get<int64_t>()))
               .value("state", "") == "cut";
  })) << get_json(*planner, "/api/v1/sigmanest/sync-log?limit=20").dump(1);
  const json materials =
      get_json(*planner, "/api/v1/jobs/" + std::to_string(job_id) + "/materials");
  bool consumed = false;
  for (const auto& c : materials.value("items", json::array())) {
    if (c.value("sheet", json::object()).value("id", int64_t{0}) != sheet_id) continue;
    consumed = true;
    // The job's share of the program's sheets (other jobs on the program have the rest).
    EXPECT_GT(c.value("sheet_share", 0.0), 0.0) << c.dump();
    EXPECT_LE(c.value("sheet_share", 0.0), c.value("quantity", 0.0)) << c.dump();
  }
  EXPECT_TRUE(consumed) << materials.dump(1);
  EXPECT_FALSE(materials.value("heat_lots", json::array()).empty());
  const json remnants =
      get_json(*planner, "/api/v1/materials/sheets?is_remnant=true&parent_sheet_id=" +
                             std::to_string(sheet_id));
  // kerf stocks exactly the remnants Sigmanest kept of that cut (its least-used sheet leaves one).
  EXPECT_FALSE(remnants.value("items", json::array()).empty()) << remnants.dump(1);
  EXPECT_EQ(
      static_cast<int64_t>(remnants.value("items", json::array()).size()),
      count(**peek, "SELECT COUNT(*) FROM Remnant WHERE RemnantName = 'R-" + program.name + "'"))
      << remnants.dump(1);
  // The warehouse sees each of them still in stock under the name Sigmanest knows it by.
  const json named = get_json(*planner, "/api/v1/sigmanest/remnants");
  for (const auto& r : remnants.value("items", json::array())) {
    if (r.value("quantity", int64_t{0}) == 0) continue;  // already nested on and cut again
    const auto& items = named["items"];
    EXPECT_TRUE(std::any_of(items.begin(), items.end(), [&](const json& x) {
      return x["sheet_id"] == r["id"] && x["name"] == "R-" + program.name;
    })) << named.dump(1);
  }

  // 5. Feedback was consumed (delete mode) only after kerf committed it.
  EXPECT_TRUE(eventually([&] { return count(**peek, "SELECT COUNT(*) FROM STPrgArc") == 0; }));

  // 6. An operator runs the next program from kerf: start and done go out as SN73N and
  //    SN73C + SN70, SimTrans applies them (Sigmanest cuts the program; its SN102 feedback
  //    brings only the remnants) and kerf's nest is cut with the heat lot consumed.
  const auto second = programs[0].name == program.name ? programs[1] : programs[0];
  json floor_nest;
  ASSERT_TRUE(eventually([&] {
    auto page = get_json(*planner, "/api/v1/nests?limit=200&q=" + second.name);
    for (const auto& n : page.value("items", json::array())) {
      if (n["program_name"] == second.name) floor_nest = n;
    }
    return !floor_nest.is_null();
  })) << "program "
      << second.name << " never became a nest";
  const std::string floor_path = "/api/v1/nests/" + std::to_string(floor_nest["id"].get<int64_t>());
  auto op = login(kerf.port(), "operator");
  auto started = op->post_json(floor_path + "/start", json::object());
  ASSERT_EQ(started.status, 200) << started.body;
  auto done = op->post_json(floor_path + "/done", {{"cut_seconds", 321}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["state"], "cut");
  const int64_t floor_job = floor_nest["parts"][0]["job_id"];
  const json floor_materials =
      get_json(*planner, "/api/v1/jobs/" + std::to_string(floor_job) + "/materials");
  bool floor_consumed = false;
  for (const auto& c : floor_materials.value("items", json::array())) {
    if (c.value("sheet", json::object()).value("id", int64_t{0}) == floor_nest["sheet_id"]) {
      floor_consumed = true;
    }
  }
  EXPECT_TRUE(floor_consumed) << floor_materials.dump(1);
  const auto applied = [&](const std::string& type) {
    return count(**peek, "SELECT COUNT(*) FROM TransActLog WHERE TransType = '" + type +
                             "' AND Result = 'ok'") > 0;
  };
  ASSERT_TRUE(eventually([&] {
    EXPECT_TRUE((*sim)->poll_once().ok());
    auto p = (*sim)->program(second.name);
    return applied("SN73N") && applied("SN73C") && applied("SN70") &&
           (!p.ok() || p->state == "cut");
  })) << get_json(*planner, "/api/v1/sigmanest/outbound?limit=20").dump(1);
  EXPECT_TRUE(eventually([&] {
    const json rows = get_json(*planner, "/api/v1/sigmanest/outbound?trans_type=SN70");
    const auto items = rows.value("items", json::array());
    return !items.empty() && items[0].value("status", "") == "applied";
  })) << get_json(*planner, "/api/v1/sigmanest/outbound?limit=20").dump(1);
  EXPECT_EQ(get_json(*planner, floor_path).value("state", ""), "cut");
  // Sigmanest's report of that cut (SN102) reaches kerf: the remnants it names are in stock.
  EXPECT_TRUE(eventually([&] {
    EXPECT_TRUE((*sim)->poll_once().ok());
    return get_json(*planner, floor_path).value("remnants_reported", false);
  })) << get_json(*planner, floor_path).dump(1);

  e2e::expect_clean_stop(kerf);
}

}  // namespace
}  // namespace kerf::integrations
