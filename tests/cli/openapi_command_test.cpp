// `kerf openapi` as the web build runs it: the real binary, no config, no database, no server.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_env.h"

namespace {

using nlohmann::json;

// Runs `kerf <args>` from an empty temporary directory with no KERF_* settings; stdout only.
std::pair<int, std::string> run_kerf(const std::string& args, const std::string& dir) {
  const std::string command = "cd '" + dir + "' && env -u KERF_CONFIG -u KERF_DATABASE_URL " +
                              std::string(KERF_BINARY) + " " + args + " 2>/dev/null";
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, out};
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(OpenApiCommand, PrintsTheDocumentWithPathsAndComponentsAndWritesNoFile) {
  const std::string dir = kerf::testing::make_temp_dir("kerf-openapi-cli-");
  auto [code, out] = run_kerf("openapi", dir);
  ASSERT_EQ(code, 0) << out;
  json doc = json::parse(out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << out.substr(0, 200);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  const json& paths = doc["paths"];
  for (const char* p : {"/healthz", "/metrics", "/api/v1/openapi.json", "/api/v1/events",
                        "/api/v1/auth/login", "/api/v1/jobs", "/api/v1/jobs/{id}",
                        "/api/v1/schedule/runs", "/api/v1/schedule/load", "/api/v1/audit"}) {
    EXPECT_TRUE(paths.contains(p)) << p;
  }
  EXPECT_EQ(paths["/api/v1/jobs/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
                 ["schema"]["$ref"],
            "#/components/schemas/JobDetail");
  const json& schemas = doc["components"]["schemas"];
  for (const char* s : {"Problem", "Job", "Operation", "ScheduleRun", "WorkCenter", "Event"}) {
    EXPECT_TRUE(schemas.contains(s)) << s;
  }
  EXPECT_TRUE(doc["components"].contains("securitySchemes"));
  // Nothing was created where it ran (no SQLite file, no data directory).
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

}  // namespace
