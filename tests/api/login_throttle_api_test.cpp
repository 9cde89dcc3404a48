// Login throttling over real HTTP (issue 9): keyed per (username, client address) with doubling
// delays, a higher per-address ceiling against spraying, and counters shared through the
// database by two kerf nodes (two app::Services + two servers on one SQLite file or PostgreSQL
// database). Clients come from different loopback addresses (127.0.0.2, 127.0.0.3...); time is a
// ManualClock shared by both nodes, advanced instead of slept.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "kerf/api/app_api.h"
#include "kerf/app/seed.h"
#include "kerf/app/services.h"
#include "kerf/core/event_bus.h"
#include "kerf/core/time_format.h"
#include "kerf/store/store.h"
#include "support/http_client.h"
#include "support/postgres_harness.h"
#include "support/test_env.h"

namespace kerf::api::testing {
namespace {

using kerf::testing::HttpClient;
using kerf::testing::HttpResponse;
using nlohmann::json;

constexpr const char* kAttacker = "127.0.0.2";
constexpr const char* kAdminDesk = "127.0.0.3";
constexpr int kAddressCeiling = 20;  // lowered from 100 so the spraying test stays short

// One kerf node: its own Database handle, Services and server, on the shared database.
struct Node {
  EventBus bus;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<app::Services> services;
  std::unique_ptr<Server> server;
};

class LoginThrottleApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      url_ = kerf::testing::fresh_postgres_database_url();
    } else {
      dir_ = kerf::testing::make_temp_dir("kerf-throttle");
      url_ = "sqlite:" + dir_ + "/kerf.db";
    }
    for (int i = 0; i < 2; ++i) {
      auto& node = nodes_.emplace_back(std::make_unique<Node>());
      auto db = store::Database::open(url_);
      ASSERT_TRUE(db.ok()) << db.error().message;
      node->db = std::move(*db);
      if (i == 0) {
        auto m = store::migrate(*node->db);
        ASSERT_TRUE(m.ok()) << m.error().message;
      }
      auto options = app::ServicesOptions::for_tests();
      options.auth.throttle.address_free_failures = kAddressCeiling;
      node->services = std::make_unique<app::Services>(*node->db, env_, node->bus, options);
      if (i == 0) {
        auto seeded = app::seed_demo(*node->services, 7);
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
      }
      ServerOptions opts;
      opts.threads = 2;
      auto server = start_server(opts, *node->services);
      ASSERT_TRUE(server.ok()) << server.error().message;
      node->server = std::move(*server);
    }
  }

  void TearDown() override {
    for (auto& node : nodes_) {
      if (node->server) node->server->stop();
    }
    nodes_.clear();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // A client of node `node` coming from `address`.
  std::unique_ptr<HttpClient> client(const std::string& address, int node = 0) {
    return std::make_unique<HttpClient>(nodes_[node]->server->port(), "127.0.0.1", address);
  }

  static HttpResponse login(HttpClient& c, const std::string& user, const std::string& password) {
    return c.post_json("/api/v1/auth/login", {{"username", user}, {"password", password}});
  }

  // Retry-After of a 429 (seconds), or -1 when the response is something else.
  static int retry_after(const HttpResponse& r) {
    if (r.status != 429) return -1;
    return std::stoi(r.header("retry-after"));
  }

  ManualClock clock_{*parse_iso8601("2026-11-24T07:00:00Z")};
  Env env_{clock_, 42};
  std::string dir_;
  std::string url_;
  std::vector<std::unique_ptr<Node>> nodes_;
};

TEST_P(LoginThrottleApiTest, AttackerOnAdminFromOneAddressCannotLockOutAdminFromAnother) {
  auto attacker = client(kAttacker);
  for (int i = 0; i < 5; ++i) {
    auto r = login(*attacker, "admin", "guess-" + std::to_string(i));
    ASSERT_EQ(r.status, 401) << i << " " << r.body;
  }
  // The attacker's address is throttled for admin, even with the right password...
  auto blocked = login(*attacker, "admin", app::kDemoPassword);
  EXPECT_EQ(blocked.status, 429) << blocked.body;
  EXPECT_EQ(retry_after(blocked), 30);
  EXPECT_EQ(blocked.header("content-type"), "application/problem+json");
  // ...while the real admin logs in from their own desk.
  auto admin = client(kAdminDesk);
  auto ok = login(*admin, "admin", app::kDemoPassword);
  EXPECT_EQ(ok.status, 200) << ok.body;
  // Other users from the attacker's address are not throttled by the admin key.
  EXPECT_EQ(login(*attacker, "planner", app::kDemoPassword).status, 200);

  // Each further failure from the attacker's address doubles the wait, up to 15 minutes.
  std::vector<int> waits;
  for (int i = 0; i < 7; ++i) {
    auto r = login(*attacker, "admin", "still-guessing");
    ASSERT_EQ(r.status, 429) << r.body;
    waits.push_back(retry_after(r));
    clock_.advance(std::chrono::seconds(waits.back()));
    ASSERT_EQ(login(*attacker, "admin", "still-guessing").status, 401);
  }
  EXPECT_EQ(waits, (std::vector<int>{30, 60, 120, 240, 480, 900, 900}));
  EXPECT_EQ(login(*admin, "admin", app::kDemoPassword).status, 200);
}

TEST_P(LoginThrottleApiTest, SuccessfulLoginResetsItsUserAndAddressKey) {
  auto desk = client(kAdminDesk);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 4; ++i) {
      auto r = login(*desk, "planner", "typo-" + std::to_string(i));
      ASSERT_EQ(r.status, 401) << round << " " << i << " " << r.body;
    }
    // Without the reset, the 5th failure of round 0 would throttle round 1.
    ASSERT_EQ(login(*desk, "planner", app::kDemoPassword).status, 200) << round;
  }
}

TEST_P(LoginThrottleApiTest, AddressCeilingStopsSprayingManyUsernamesFromOneAddress) {
  auto attacker = client(kAttacker);
  for (int i = 0; i < kAddressCeiling; ++i) {
    auto r = login(*attacker, "spray" + std::to_string(i), "password123");
    ASSERT_EQ(r.status, 401) << i << " " << r.body;
  }
  auto next = login(*attacker, "operator", app::kDemoPassword);
  EXPECT_EQ(next.status, 429) << next.body;
  EXPECT_EQ(retry_after(next), 30);
  // Another address is unaffected, and a success elsewhere does not reset the ceiling.
  auto desk = client(kAdminDesk);
  EXPECT_EQ(login(*desk, "operator", app::kDemoPassword).status, 200);
  EXPECT_EQ(login(*attacker, "operator", app::kDemoPassword).status, 429);
  clock_.advance(std::chrono::seconds(30));
  EXPECT_EQ(login(*attacker, "operator", app::kDemoPassword).status, 200);
}

TEST_P(LoginThrottleApiTest, FailuresThroughOneNodeThrottleTheSameKeyOnTheOther) {
  auto via_node1 = client(kAttacker, 0);
  auto via_node2 = client(kAttacker, 1);
  for (int i = 0; i < 5; ++i) {
    // Alternate nodes: the count is one, in the database.
    auto& c = i % 2 == 0 ? *via_node1 : *via_node2;
    ASSERT_EQ(login(c, "admin", "guess-" + std::to_string(i)).status, 401) << i;
  }
  auto on_node2 = login(*via_node2, "admin", app::kDemoPassword);
  EXPECT_EQ(on_node2.status, 429) << on_node2.body;
  EXPECT_EQ(retry_after(on_node2), 30);
  EXPECT_EQ(login(*via_node1, "admin", app::kDemoPassword).status, 429);
  // The admin's own address is free on both nodes.
  EXPECT_EQ(login(*client(kAdminDesk, 1), "admin", app::kDemoPassword).status, 200);
  // After the wait, a failure on node 2 doubles the delay seen by node 1.
  clock_.advance(std::chrono::seconds(30));
  EXPECT_EQ(login(*via_node2, "admin", "guess-again").status, 401);
  EXPECT_EQ(retry_after(login(*via_node1, "admin", app::kDemoPassword)), 60);
  // A success on node 1 after the wait resets the key for node 2.
  clock_.advance(std::chrono::seconds(60));
  EXPECT_EQ(login(*via_node1, "admin", app::kDemoPassword).status, 200);
  EXPECT_EQ(login(*via_node2, "admin", "one-typo").status, 401);
  EXPECT_EQ(login(*via_node2, "admin", app::kDemoPassword).status, 200);
}

TEST_P(LoginThrottleApiTest, ParallelGuessesCannotOutrunTheCount) {
  // Every attempt is counted before its password is checked, in the transaction that admitted
  // it: however the requests interleave (on both nodes), exactly 5 guesses are checked.
  constexpr int kGuesses = 12;
  std::vector<int> statuses(kGuesses);
  std::vector<std::thread> threads;
  for (int i = 0; i < kGuesses; ++i) {
    threads.emplace_back([&, i] {
      auto c = client(kAttacker, i % 2);
      statuses[i] = login(*c, "admin", "parallel-guess-" + std::to_string(i)).status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 401), 5);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429), kGuesses - 5);
}

INSTANTIATE_TEST_SUITE_P(Backends, LoginThrottleApiTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kerf::api::testing
