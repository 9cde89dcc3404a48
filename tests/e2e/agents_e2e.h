// Helpers of the agents' end-to-end tests (agents_test.cpp, agents_demo_test.cpp): the real
// kerf with its agents, driven over HTTP only.
#pragma once

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "e2e_fixture.h"

namespace kerf::e2e {

// Polls `probe` every 250 ms until it returns a non-null value or `deadline` (a generous hang
// guard, never a timing assertion) passes; null then.
inline json poll_for(const std::function<json()>& probe,
                     std::chrono::seconds deadline = std::chrono::seconds(300)) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    json v = probe();
    if (!v.is_null()) return v;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return json();
}

// The pending approvals of `gate` the client sees (its items array).
inline json pending(HttpClient& c, const std::string& gate) {
  auto r = c.get("/api/v1/approvals?status=pending&limit=1000&gate=" + gate);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? r.json()["items"] : json::array();
}

// The first approval of `gate` (any status) `match` accepts, as seen by `c`; null if none.
inline json find_approval(HttpClient& c, const std::string& gate,
                          const std::function<bool(const json&)>& match = {}) {
  auto r = c.get("/api/v1/approvals?limit=1000&gate=" + gate);
  if (r.status != 200) return json();
  const json r_body = r.json();
  for (const auto& a : r_body["items"]) {
    if (!match || match(a)) return a;
  }
  return json();
}

// Percent-encodes a thread id for a path segment.
inline std::string encode_id(const std::string& id) {
  std::string out;
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// GET /agents/threads/{id} once its thread has `status` (null if it never gets there).
inline json thread_with_status(HttpClient& c, const std::string& thread_id,
                               const std::string& status) {
  return poll_for([&]() -> json {
    auto r = c.get("/api/v1/agents/threads/" + encode_id(thread_id));
    if (r.status != 200) return json();
    json d = r.json();
    return d["thread"]["status"] == status ? d : json();
  });
}

// Audit rows of an entity (admin client).
inline json audit_rows(HttpClient& admin, const std::string& entity, const std::string& id) {
  auto r = admin.get("/api/v1/audit?limit=1000&entity=" + entity + "&entity_id=" + id);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? r.json()["items"] : json::array();
}

inline bool has_audit(const json& rows, const std::string& actor, const std::string& action) {
  for (const auto& row : rows) {
    if (row["actor"] == actor && (action.empty() || row["action"] == action)) return true;
  }
  return false;
}

// Writes `text` to `path`.
inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

}  // namespace kerf::e2e
