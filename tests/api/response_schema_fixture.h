// The fixture of the response-schema tests: a server with the demo shop seeded (SQLite, manual
// clock, the real agents without a model) and the OpenAPI document it serves; `call` sends a
// request and validates the answer against the schema its route declares.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "api/schema_validator.h"
#include "kerf/agents/shop/runtime.h"
#include "kerf/api/app_api.h"
#include "kerf/api/schedule_routes.h"
#include "kerf/api/server.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/seed.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/store/store.h"
#include "support/http_client.h"
#include "support/test_env.h"

namespace kerf::api::testing {

using kerf::testing::HttpClient;
using kerf::testing::HttpResponse;
using nlohmann::json;

inline std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline std::string id_of(const json& v) { return std::to_string(v["id"].get<int64_t>()); }

class ResponseSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kerf::testing::make_temp_dir("kerf_schema_api");
    auto db = store::Database::open("sqlite:" + dir_ + "/kerf.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(store::migrate(*db_).ok());
    services_ =
        std::make_unique<app::Services>(*db_, env_, bus_, app::ServicesOptions::for_tests());
    auto seeded = app::seed_demo(*services_, 5);
    ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    scheduling_ = std::make_unique<app::scheduling::SchedulingService>(*services_);
    agents_ = std::make_unique<agents::AgentRuntime>(*services_, *scheduling_,
                                                     agents::AgentSettings{}, nullptr);
    ServerOptions opts;
    opts.threads = 2;
    opts.agents = agents_.get();
    auto server = start_server(opts, *services_, [this](Router& router) {
      register_schedule_routes(router, *services_, *scheduling_);
    });
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
    doc_ = HttpClient(server_->port()).get("/api/v1/openapi.json").json();
    validator_ = std::make_unique<SchemaValidator>(doc_);
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<HttpClient> client(const std::string& user) {
    auto c = std::make_unique<HttpClient>(server_->port());
    auto r = services_->auth().login(user, app::kDemoPassword, "test");
    EXPECT_TRUE(r.ok());
    if (r.ok()) c->set_bearer(r->token);
    return c;
  }

  // The schema `method pattern` declares for `status` (null when none).
  json declared(const std::string& method, const std::string& pattern, int status) {
    const auto& paths = doc_["paths"];
    if (!paths.contains(pattern) || !paths[pattern].contains(lower(method))) return nullptr;
    const auto& responses = paths[pattern][lower(method)]["responses"];
    const std::string code = std::to_string(status);
    if (!responses.contains(code) || !responses[code].contains("content")) return nullptr;
    for (const auto& [type, media] : responses[code]["content"].items()) return media["schema"];
    return nullptr;
  }

  // Sends the request, expects `status` (the route's success status) and validates the body
  // against the schema the route declares for `schema_status` (default `status`).
  json call(HttpClient& c, const std::string& method, const std::string& pattern,
            const std::string& target, const json& body = nullptr, int status = 200,
            int schema_status = 0) {
    HttpResponse r = body.is_null() ? c.request(method, target)
                                    : c.request(method, target, body.dump(), "application/json");
    return check(method, pattern, r, status, schema_status);
  }

  json check(const std::string& method, const std::string& pattern, const HttpResponse& r,
             int status, int schema_status = 0) {
    const std::string route = method + " " + pattern;
    covered_.insert(route);
    EXPECT_EQ(r.status, status) << route << ": " << r.body;
    if (r.status != status) return nullptr;
    json schema = declared(method, pattern, schema_status ? schema_status : status);
    EXPECT_FALSE(schema.is_null()) << route << " declares no response schema";
    json value = json::parse(r.body, nullptr, false);
    if (schema.contains("type") && schema["type"] == "string") value = r.body;
    EXPECT_FALSE(value.is_discarded()) << route << ": body is not JSON: " << r.body;
    for (const auto& e : validator_->validate(schema, value)) {
      ADD_FAILURE() << route << ": response " << e;
    }
    return value;
  }

  ManualClock clock_{*parse_iso8601("2026-11-23T06:00:00Z")};
  Env env_{clock_, 3};
  EventBus bus_;
  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<app::scheduling::SchedulingService> scheduling_;
  std::unique_ptr<agents::AgentRuntime> agents_;  // the real agents, no model
  std::unique_ptr<Server> server_;
  json doc_;
  std::unique_ptr<SchemaValidator> validator_;
  std::set<std::string> covered_;
};

}  // namespace kerf::api::testing
