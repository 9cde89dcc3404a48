// The agents' golden scenarios: each tests/agents/golden/*.json builds a small shop, feeds it
// events (jobs, consumption, completions with scrap, schedule commits, scans), lets the
// AgentRuntime handle them, decides the approvals as people would, and compares the proposals,
// approvals, decisions applied and the final state with the file's "expect" blocks. One runner
// for every file; docs/agents_golden.md specifies the format.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "agents/golden_shop.h"
#include "agents/shop/ledger_store.h"
#include "agents/shop/shop_util.h"
#include "kerf/app/entity_json.h"

namespace kerf::agents::golden {
namespace {

std::string golden_dir() { return std::string(KERF_SOURCE_DIR) + "/tests/agents/golden"; }

std::vector<std::string> scenario_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(golden_dir())) {
    if (e.path().extension() == ".json") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

json GoldenShop::thread_states(const std::string& agent) {
  json out = json::array();
  store::ListQuery q;
  q.filters["agent"] = agent;
  q.limit = 1000;
  auto page = app().agents().threads(system(), q);
  if (!page.ok()) return out;
  LedgerCheckpointStore store(app().agents());
  for (const auto& t : page->items) {
    auto cp = store.latest(t.id);
    json state = cp.ok() ? cp->state : json::object();
    out.push_back({{"id", t.id},
                   {"agent", t.agent},
                   {"status", t.status},
                   {"reason", t.reason},
                   {"approval_id", t.approval_id},
                   {"outcome", state.value("outcome", json())},
                   {"proposals", state.value("proposals", json::array())},
                   {"notes", state.value("notes", json::array())}});
  }
  return out;
}

json GoldenShop::approvals_json() {
  store::ListQuery q;
  q.limit = 1000;
  auto page = app().approvals().list(system(), q);
  json out = json::array();
  if (!page.ok()) return out;
  for (auto it = page->items.rbegin(); it != page->items.rend(); ++it) {  // oldest first
    json a = approval_json(*it);
    json numbers = json::array();
    for (int64_t id : it->job_ids) numbers.push_back(job_number(id));
    a["jobs"] = numbers;
    out.push_back(a);
  }
  return out;
}

json GoldenShop::messages_json() {
  auto rows = db_->read([&](store::Tx& tx) {
    return tx.query("SELECT customer_id, status, subject, body FROM customer_messages ORDER BY id",
                    {});
  });
  json out = json::array();
  if (!rows.ok()) return json{{"error", rows.error().message}};
  for (const auto& r : *rows) {
    std::string code;
    for (const auto& [c, id] : customers_) {
      if (id == r.get_int(0)) code = c;
    }
    out.push_back({{"customer", code},
                   {"status", r.get_text(1)},
                   {"subject", r.get_text(2)},
                   {"body", r.get_text(3)}});
  }
  return out;
}

std::vector<std::string> GoldenShop::check(const json& expect) {
  std::vector<std::string> out;
  if (expect.contains("approvals")) {
    const json actual = approvals_json();
    const json expected = with_job_ids(expect["approvals"]);
    if (actual.size() != expected.size()) {
      out.push_back("approvals: expected " + std::to_string(expected.size()) + ", got " +
                    std::to_string(actual.size()) + ": " + actual.dump());
    } else {
      for (size_t i = 0; i < expected.size(); ++i) {
        match(expected[i], actual[i], "approvals[" + std::to_string(i) + "]", out);
      }
    }
  }
  for (const auto& t : expect.value("threads", json::array())) {
    const std::string agent = t.value("agent", "");
    const json actual = thread_states(agent);
    json e = t;
    e.erase("count");
    if (t.contains("count") && actual.size() != t["count"].get<size_t>()) {
      out.push_back("threads of " + agent + ": expected " + t["count"].dump() + ", got " +
                    std::to_string(actual.size()) + ": " + actual.dump());
    }
    bool found = false;
    std::vector<std::string> closest;
    for (const auto& a : actual) {
      std::vector<std::string> m;
      match(e, a, "thread " + a.value("id", ""), m);
      if (m.empty()) found = true;
      if (closest.empty() || m.size() < closest.size()) closest = m;
    }
    if (!found && !(t.contains("count") && t["count"] == 0)) {
      out.push_back("no " + agent + " thread matches " + t.dump() + (closest.empty() ? "" : ": ") +
                    (closest.empty() ? "" : closest.front()));
    }
  }
  for (const auto& p : expect.value("proposals", json::array())) {
    const std::string agent = p.value("agent", "");
    json e = p;
    e.erase("agent");
    e = with_job_ids(e);
    bool found = false;
    json seen = json::array();
    for (const auto& t : thread_states(agent)) {
      for (const auto& prop : t["proposals"]) {
        std::vector<std::string> m;
        match(e, prop, "proposal", m);
        if (m.empty()) found = true;
        seen.push_back(prop);
      }
    }
    if (!found)
      out.push_back("no " + agent + " proposal matches " + p.dump() + "; seen " + seen.dump());
  }
  if (expect.contains("jobs")) {
    for (auto it = expect["jobs"].begin(); it != expect["jobs"].end(); ++it) {
      auto d = app().jobs().get(system(), job_id(it.key()));
      if (!d.ok()) {
        out.push_back("job " + it.key() + ": " + d.error().message);
        continue;
      }
      match(*it, app::json_of(d->job), "jobs." + it.key(), out);
    }
  }
  if (expect.contains("messages")) {
    const json actual = messages_json();
    const json& expected = expect["messages"];
    if (!actual.is_array() || actual.size() != expected.size()) {
      out.push_back("messages: expected " + expected.dump() + ", got " + actual.dump());
    } else {
      for (size_t i = 0; i < expected.size(); ++i) {
        match(expected[i], actual[i], "messages[" + std::to_string(i) + "]", out);
      }
    }
  }
  return out;
}

namespace {

class GoldenTest : public GoldenShop, public ::testing::WithParamInterface<std::string> {};

TEST_P(GoldenTest, Scenario) {
  std::ifstream in(golden_dir() + "/" + GetParam() + ".json");
  ASSERT_TRUE(in) << "cannot read " << GetParam();
  json scenario = json::parse(in, nullptr, false);
  ASSERT_FALSE(scenario.is_discarded()) << GetParam() << ": not JSON";
  const Outcome opened = open(scenario);
  ASSERT_EQ(opened, "") << GetParam();
  int i = 0;
  for (const auto& s : scenario.value("steps", json::array())) {
    SCOPED_TRACE(GetParam() + " step " + std::to_string(i++) + " " + s.dump());
    if (s.value("do", "") == "expect") {
      for (const auto& m : check(s)) ADD_FAILURE() << m;
      continue;
    }
    const Outcome o = step(s);
    ASSERT_EQ(o, "");
  }
  SCOPED_TRACE(GetParam() + " final expect");
  for (const auto& m : check(scenario.value("expect", json::object()))) ADD_FAILURE() << m;
}

INSTANTIATE_TEST_SUITE_P(Files, GoldenTest, ::testing::ValuesIn(scenario_files()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (auto& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace kerf::agents::golden
