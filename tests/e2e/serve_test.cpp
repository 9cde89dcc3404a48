// `kerf serve` as a plant runs it: its background work (machine-down repair proposals, the
// sweep of a stopped node's runs, /metrics of the background tasks) and its shutdown, seen only
// through HTTP and the WebSocket of the real executable.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "e2e_fixture.h"
#include "support/postgres_harness.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

// A TCP connection to 127.0.0.1:`port` that sends `request` and reads the response head, then
// stays open without reading or answering anything more; closed when the object goes.
class SilentClient {
 public:
  SilentClient(uint16_t port, const std::string& request) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
    if (::write(fd_, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
      return;
    }
    char c = 0;
    while (head_.find("\r\n\r\n") == std::string::npos && ::read(fd_, &c, 1) == 1) head_ += c;
  }
  ~SilentClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  // The response head the server sent ("" if the connection failed).
  const std::string& head() const { return head_; }

 private:
  int fd_ = -1;
  std::string head_;
};

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = kerf::testing::make_temp_dir("kerf-e2e"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ServeTest, AWorkCenterSetDownProducesARepairProposalEvent) {
  KerfProcess kerf({"--demo", "--data", dir_});
  std::string token;
  auto planner = login(kerf.port(), "planner", &token);
  WsClient ws(kerf.port(), "/api/v1/events?topic=schedule.repair_proposed&token=" + token);

  auto wc = planner->get("/api/v1/work-centers/1");
  ASSERT_EQ(wc.status, 200) << wc.body;
  json body = wc.json();
  body.erase("id");
  body["status"] = "down";
  auto put = planner->put_json("/api/v1/work-centers/1", body);
  ASSERT_EQ(put.status, 200) << put.body;

  auto event = read_until(
      ws, [](const json& e) { return e["topic"] == "schedule.repair_proposed"; },
      std::chrono::seconds(60));
  ASSERT_TRUE(event.has_value()) << "no repair proposal event; server log:\n" << kerf.log();
  const json& payload = (*event)["payload"];
  EXPECT_EQ(payload["work_center_id"], 1);
  auto run = planner->get("/api/v1/schedule/runs/" + std::to_string(payload["run_id"].get<int>()));
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(run.json()["trigger"], "repair");
  EXPECT_EQ(run.json()["committed"], false);

  // The background tasks report into /metrics: the relay and the listener ran, nothing failed.
  HttpClient anonymous(kerf.port());
  auto metrics = anonymous.get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("kerf_background_runs_total{task=\"outbox.relay\"}"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(
      metrics.body.find("kerf_background_failures_total{task=\"schedule.repair_listener\"} 0"),
      std::string::npos)
      << metrics.body;
  expect_clean_stop(kerf);
}

TEST_F(ServeTest, SigtermEndsTheServerCleanlyWithClientsConnected) {
  KerfProcess kerf({"--demo", "--data", dir_});
  std::string token;
  auto planner = login(kerf.port(), "planner", &token);
  ASSERT_EQ(planner->get("/api/v1/jobs?limit=1").status, 200);  // a kept-alive connection
  WsClient polite(kerf.port(), "/api/v1/events?token=" + token);

  // A WebSocket client that completes the upgrade and then never reads again, so it never
  // answers the server's close frame.
  const std::string upgrade =
      "GET /api/v1/events?token=" + token +
      " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  SilentClient rude(kerf.port(), upgrade);
  ASSERT_NE(rude.head().find(" 101 "), std::string::npos) << rude.head();

  expect_clean_stop(kerf);
  EXPECT_EQ(kerf.log().find("double free"), std::string::npos) << kerf.log();
  EXPECT_NE(kerf.log().find("stopped"), std::string::npos) << kerf.log();
}

TEST_F(ServeTest, AnotherNodeMarksTheRunOfAKilledNodeFailed) {
  const std::string url = kerf::testing::fresh_postgres_database_url();
  const std::map<std::string, std::string> env = {{"KERF_SCHEDULING_HEARTBEAT_S", "1"},
                                                  {"KERF_SCHEDULING_SILENT_AFTER_S", "3"}};
  KerfProcess node_a({"--demo", "--database", url}, env);
  KerfProcess node_b({"--database", url}, env);

  std::string token_b;
  auto planner_b = login(node_b.port(), "planner", &token_b);
  WsClient ws_b(node_b.port(), "/api/v1/events?topic=schedule.run.completed&token=" + token_b);
  auto planner_a = login(node_a.port(), "planner");
  auto started = planner_a->post_json(
      "/api/v1/schedule/runs", {{"mode", "optimize"}, {"time_limit_s", 600}, {"async", true}});
  ASSERT_EQ(started.status, 202) << started.body;
  const int64_t run_id = started.json()["id"];
  EXPECT_EQ(planner_b->get("/api/v1/schedule/runs/" + std::to_string(run_id)).json()["status"],
            "running");

  node_a.signal(SIGKILL);
  ASSERT_TRUE(node_a.wait_exit(std::chrono::seconds(30)).has_value());

  // Node B's own background sweep notices the silence; nobody polls the run meanwhile.
  auto event = read_until(
      ws_b, [&](const json& e) { return e["payload"]["run_id"] == run_id; },
      std::chrono::seconds(90));
  ASSERT_TRUE(event.has_value()) << "node B never swept the run; its log:\n" << node_b.log();
  EXPECT_EQ((*event)["payload"]["status"], "failed");
  auto run = planner_b->get("/api/v1/schedule/runs/" + std::to_string(run_id));
  ASSERT_EQ(run.status, 200);
  EXPECT_EQ(run.json()["status"], "failed");
  EXPECT_NE(run.json()["error"].get<std::string>().find("abandoned"), std::string::npos)
      << run.body;
  expect_clean_stop(node_b);
}

TEST_F(ServeTest, EveryNodeDeliversEachCommittedEventOnceToItsClients) {
  const std::string url = kerf::testing::fresh_postgres_database_url();
  KerfProcess node_a({"--demo", "--database", url});
  KerfProcess node_b({"--database", url});
  std::string token_a;
  std::string token_b;
  auto planner_a = login(node_a.port(), "planner", &token_a);
  auto planner_b = login(node_b.port(), "planner", &token_b);
  WsClient ws_a(node_a.port(), "/api/v1/events?topic=job.&token=" + token_a);
  WsClient ws_b(node_b.port(), "/api/v1/events?topic=job.&token=" + token_b);

  auto jobs = planner_a->get("/api/v1/jobs?status=released&limit=2");
  ASSERT_EQ(jobs.status, 200) << jobs.body;
  const json released = jobs.json();
  ASSERT_EQ(released["items"].size(), 2u) << jobs.body;
  const int64_t job_id = released["items"][0]["id"].get<int64_t>();
  const int64_t warm_id = released["items"][1]["id"].get<int64_t>();
  const std::string job = "/api/v1/jobs/" + std::to_string(job_id);
  // Node B announces nothing missed only once its listener is up (announcements sent before are
  // not replayed): changes of another job through node A until node B's client sees one.
  const std::string warm = "/api/v1/jobs/" + std::to_string(warm_id);
  bool listening = false;
  for (int attempt = 0; attempt < 12 && !listening; ++attempt) {
    ASSERT_EQ(planner_a->post_json(warm + "/hold", {{"reason", "CUSTOMER_REQUEST"}}).status, 200);
    listening = read_until(
                    ws_b,
                    [&](const json& e) {
                      return e["topic"] == "job.held" && e["payload"]["id"] == warm_id;
                    },
                    std::chrono::seconds(5))
                    .has_value();
    ASSERT_EQ(planner_a->post_json(warm + "/unhold", json::object()).status, 200);
  }
  ASSERT_TRUE(listening) << "node B never relayed node A's events; its log:\n" << node_b.log();
  // A change through node A, then one through node B.
  ASSERT_EQ(planner_a->post_json(job + "/hold", {{"reason", "CUSTOMER_REQUEST"}}).status, 200);
  ASSERT_EQ(planner_b->post_json(job + "/unhold", json::object()).status, 200);

  // Each client sees the hold and the unhold: nothing lost, nothing twice. A node relays another
  // node's events after they reach it through LISTEN, so its own later event may come first; the
  // ids give the commit order (docs/api.md, events).
  for (WsClient* ws : {&ws_a, &ws_b}) {
    std::vector<std::string> topics;
    std::map<std::string, int64_t> ids;
    auto both = read_until(
        *ws,
        [&](const json& e) {
          if (e["payload"]["id"] != job_id) return false;  // the warm-up job's events
          topics.push_back(e["topic"]);
          ids[e["topic"]] = e["id"].get<int64_t>();
          return ids.count("job.held") > 0 && ids.count("job.unheld") > 0;
        },
        std::chrono::seconds(60));
    ASSERT_TRUE(both.has_value()) << "events seen: " << json(topics).dump() << "\nnode A:\n"
                                  << node_a.log() << "\nnode B:\n"
                                  << node_b.log();
    EXPECT_EQ(topics.size(), 2u) << json(topics).dump();
    EXPECT_LT(ids["job.held"], ids["job.unheld"]);
  }
  expect_clean_stop(node_a);
  expect_clean_stop(node_b);
}

}  // namespace
}  // namespace kerf::e2e
