// A gate cannot be bypassed by any agent path: random event sequences (seeded, 12 seeds x 25
// events) run through the AgentRuntime on an in-process shop — jobs (some rush, some for a VIP
// customer), releases, consumption down past safety stock, completions with critical and
// harmless scrap codes, schedule commits, scans, clock jumps, people deciding approvals, and the
// agent principal trying gated use cases itself. After each sequence:
//  - the agent principal's audit rows hold no gated action (priority override, calendar
//    overtime, release/scrap of a hold, substitution, sent message, approval decision);
//  - every gated effect in the audit log was written by a person in the transaction that
//    decided an approval (same actor, same instant, entity "approval", action approve/edit, or
//    reject for a hold's release);
//  - every job with a substitute and every sent message belongs to an approved approval.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "agents/golden_shop.h"
#include "kerf/app/principal.h"
#include "kerf/model/shift_calendar.h"
#include "kerf/store/audit_repo.h"

namespace kerf::agents::golden {
namespace {

using app::testing::as;
using model::Role;

constexpr int kEventsPerSequence = 25;

const json& shop_json() {
  static const json kShop = json::parse(R"({
    "shop": {
      "calendar": {"start_min": 360, "end_min": 840, "days": 5},
      "customers": [{"code": "ACME", "name": "Acme Foods", "vip": true},
                    {"code": "BOLT", "name": "Bolt Industries"}],
      "parts": [{"number": "P1", "material": "stainless_304", "thickness_mm": 1.5},
                {"number": "P2", "material": "mild_steel", "thickness_mm": 3}],
      "work_centers": [{"code": "LAS-1", "process": "laser_cut"}, {"code": "BRK-1", "process": "bend"}],
      "safety_stock": [{"material": "stainless_304", "thickness_mm": 1.5, "minimum": 8},
                       {"material": "mild_steel", "thickness_mm": 3, "minimum": 4}],
      "sheets": [{"material": "stainless_304", "thickness_mm": 1.5, "quantity": 12, "heat": "H-1"},
                 {"material": "stainless_316", "thickness_mm": 1.5, "quantity": 30, "heat": "H-2"},
                 {"material": "mild_steel", "thickness_mm": 3, "quantity": 6, "heat": "H-3"},
                 {"material": "galvanised", "thickness_mm": 3, "quantity": 2, "heat": "H-4"}]
    }})");
  return kShop;
}

class GatePropertyTest : public GoldenShop, public ::testing::WithParamInterface<int> {
 protected:
  std::mt19937_64 rng_;
  int next_job_ = 0;

  int64_t pick(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  template <typename T>
  T one_of(const std::vector<T>& v) {
    return v[static_cast<size_t>(pick(0, static_cast<int64_t>(v.size()) - 1))];
  }

  std::vector<std::string> jobs_in(std::initializer_list<model::JobStatus> statuses) {
    std::vector<std::string> out;
    for (const auto& [number, id] : jobs_) {
      auto d = app().jobs().get(system(), id);
      if (!d.ok()) continue;
      for (auto s : statuses) {
        if (d->job.status == s) out.push_back(number);
      }
    }
    return out;
  }

  // The agent principal tries a gated use case directly: it must be refused.
  void agent_attempt() {
    const app::Principal agent = app::agent_principal();
    if (jobs_.empty()) return;
    const int64_t id = jobs_.begin()->second;
    auto d = app().jobs().get(system(), id);
    ASSERT_TRUE(d.ok());
    switch (pick(0, 4)) {
      case 0: {
        app::JobUpdate u;
        u.id = id;
        u.version = d->job.version;
        u.priority = 1;
        EXPECT_FALSE(app().jobs().update(agent, u).ok()) << "agent changed a priority";
        break;
      }
      case 1:
        EXPECT_FALSE(app().jobs().cancel(agent, id, "agent").ok()) << "agent cancelled a job";
        break;
      case 2:
        EXPECT_FALSE(app().jobs().unhold(agent, id).ok()) << "agent released a hold";
        break;
      case 3: {
        auto cals = app().master_data().list<model::ShiftCalendar>(system(), {});
        ASSERT_TRUE(cals.ok());
        if (cals->items.empty()) break;
        model::ShiftCalendar cal = cals->items.front();
        cal.overtime.push_back(
            {clock_.now() + std::chrono::hours(100), clock_.now() + std::chrono::hours(103)});
        EXPECT_FALSE(app().master_data().update(agent, cal).ok()) << "agent added overtime";
        break;
      }
      default: {
        store::ListQuery q;
        q.filters["status"] = std::string("pending");
        auto page = app().approvals().list(system(), q);
        ASSERT_TRUE(page.ok());
        if (page->items.empty()) break;
        app::DecisionInput in;
        in.approval_id = page->items.front().id;
        in.verdict = "approve";
        auto r = app().approvals().decide(agent, in);
        ASSERT_FALSE(r.ok()) << "agent decided approval " << in.approval_id;
        EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
      }
    }
  }

  // A person decides a random pending approval.
  void decide_one() {
    store::ListQuery q;
    q.filters["status"] = std::string("pending");
    auto page = app().approvals().list(system(), q);
    ASSERT_TRUE(page.ok());
    if (page->items.empty()) return;
    const app::Approval a = one_of(page->items);
    json s = {{"do", "decide"},
              {"gate", std::string(app::to_string(a.gate))},
              {"role", std::string(model::to_string(a.role))}};
    const int64_t v = pick(0, 9);
    if (v < 6) {
      s["verdict"] = "approve";
    } else if (v < 9) {
      s["verdict"] = "reject";
      s["comment"] = "not now";
    } else if (a.gate == app::GateKind::kQualityHold) {
      s["verdict"] = "edit";
      s["comment"] = "scrap them";
      s["action"] = {{"disposition", "scrap"}};
    } else {
      s["verdict"] = "approve";
    }
    // decide() picks the newest pending approval of the gate; a failure to apply (e.g. a job
    // closed meanwhile) is a legitimate outcome (status failed), not a bypass.
    (void)step(s);
  }

  void random_event() {
    const int64_t e = pick(0, 99);
    if (e < 22) {
      json job = {{"number", "J-" + std::to_string(GetParam()) + "-" + std::to_string(next_job_++)},
                  {"customer", pick(0, 2) == 0 ? "ACME" : "BOLT"},
                  {"part", pick(0, 3) == 0 ? "P2" : "P1"},
                  {"quantity", pick(5, 60)},
                  {"due_h", pick(2, 200)},
                  {"priority", pick(0, 4) == 0 ? 1 : pick(2, 4)},
                  {"release", pick(0, 1) == 1}};
      (void)step({{"do", "create_job"}, {"job", job}});
    } else if (e < 30) {
      auto planned = jobs_in({model::JobStatus::kPlanned});
      if (!planned.empty()) (void)step({{"do", "release"}, {"job", one_of(planned)}});
    } else if (e < 45) {
      auto active = jobs_in({model::JobStatus::kReleased, model::JobStatus::kInProgress});
      if (!active.empty()) {
        (void)step({{"do", "consume"}, {"job", one_of(active)}, {"quantity", pick(1, 3)}});
      }
    } else if (e < 60) {
      auto active = jobs_in({model::JobStatus::kReleased, model::JobStatus::kInProgress});
      if (!active.empty()) {
        json s = {{"do", "complete_op"}, {"job", one_of(active)}, {"seq", pick(1, 2) * 10}};
        const int64_t scrap = pick(0, 2) == 0 ? pick(1, 3) : 0;
        s["good"] = 2;
        s["scrap"] = scrap;
        if (scrap > 0) {
          s["reasons"] = json::array(
              {one_of(std::vector<std::string>{"crack", "burr", "scratch", "WRONG-MATERIAL"})});
        }
        (void)step(s);
      }
    } else if (e < 67) {
      (void)step({{"do", "schedule"}});
    } else if (e < 74) {
      ASSERT_EQ(step({{"do", "scan"}}), "");
    } else if (e < 79) {
      (void)step({{"do", "advance_h"}, {"hours", pick(1, 12)}});
    } else if (e < 92) {
      decide_one();
    } else {
      agent_attempt();
    }
    ASSERT_EQ(step({{"do", "poll"}}), "");
  }

  std::vector<store::AuditEntry> audit() {
    auto rows = db_->read([&](store::Tx& tx) -> Result<std::vector<store::AuditEntry>> {
      std::vector<store::AuditEntry> out;
      store::ListQuery q;
      q.limit = 1000;
      for (q.offset = 0;; q.offset += q.limit) {
        auto page = store::list_audit(tx, q);
        if (!page.ok()) return page.error();
        out.insert(out.end(), page->items.begin(), page->items.end());
        if (static_cast<int64_t>(page->items.size()) < q.limit) break;
      }
      return out;
    });
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<store::AuditEntry>{};
  }
};

// Whether an audit row is a gated effect (what only a decided approval may write).
bool gated_effect(const store::AuditEntry& r) {
  if (r.entity == "job") {
    if (r.action == "substitute_material" || r.action == "cancel" || r.action == "resume") {
      return true;
    }
    if (r.action == "update" && r.before_json && r.after_json) {
      json before = json::parse(*r.before_json, nullptr, false);
      json after = json::parse(*r.after_json, nullptr, false);
      return before.value("priority", json()) != after.value("priority", json());
    }
    return false;
  }
  if (r.entity == "calendar" || r.entity == "shift_calendar") return r.action == "update";
  if (r.entity == "customer_message") return r.action == "send";
  if (r.entity == "approval") {
    return r.action == "approve" || r.action == "reject" || r.action == "edit";
  }
  if (r.entity == "schedule_run") return r.action == "commit";
  return false;
}

TEST_P(GatePropertyTest, NoAgentPathAppliesAGatedAction) {
  ASSERT_EQ(open(shop_json()), "");
  rng_.seed(static_cast<uint64_t>(GetParam()) * 7919u);
  for (int i = 0; i < kEventsPerSequence; ++i) {
    random_event();
    if (HasFatalFailure()) return;
  }
  const auto rows = audit();
  // The decisions: (actor, instant) of every approval decided by a person.
  std::set<std::pair<std::string, int64_t>> decisions;
  for (const auto& r : rows) {
    if (r.entity == "approval" &&
        (r.action == "approve" || r.action == "reject" || r.action == "edit")) {
      EXPECT_NE(r.actor, "agent") << "approval " << r.entity_id << " decided by the agent";
      decisions.insert({r.actor, r.at.time_since_epoch().count()});
    }
  }
  for (const auto& r : rows) {
    if (!gated_effect(r)) continue;
    if (r.actor == "agent") {
      ADD_FAILURE() << "the agent principal wrote a gated action: " << r.entity << " "
                    << r.entity_id << " " << r.action;
      continue;
    }
    if (r.entity == "approval" || (r.entity == "schedule_run")) continue;  // people's own acts
    EXPECT_TRUE(decisions.count({r.actor, r.at.time_since_epoch().count()}))
        << r.entity << " " << r.entity_id << " " << r.action << " by " << r.actor
        << " has no approval decided in the same change";
  }
  // State: substitutes and sent messages belong to approved approvals.
  store::ListQuery q;
  q.limit = 1000;
  auto approvals = app().approvals().list(system(), q);
  ASSERT_TRUE(approvals.ok());
  std::set<int64_t> substituted_by_approval;
  std::set<int64_t> approved_messages;
  for (const auto& a : approvals->items) {
    if (a.status != app::ApprovalStatus::kApproved) continue;
    EXPECT_NE(a.decided_by, "agent");
    if (a.gate == app::GateKind::kMaterialShortage) {
      for (const auto& id : a.applied_action.value("job_ids", json::array())) {
        substituted_by_approval.insert(id.get<int64_t>());
      }
    }
    if (a.gate == app::GateKind::kCustomerEscalation) approved_messages.insert(a.id);
  }
  for (const auto& [number, id] : jobs_) {
    auto d = app().jobs().get(system(), id);
    ASSERT_TRUE(d.ok());
    if (d->job.substitute_material) {
      EXPECT_TRUE(substituted_by_approval.count(id)) << number << " substituted without approval";
    }
  }
  auto sent = db_->read([&](store::Tx& tx) {
    return tx.query("SELECT approval_id FROM customer_messages WHERE status = 'sent'", {});
  });
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  for (const auto& r : *sent) {
    EXPECT_TRUE(approved_messages.count(r.get_int(0)))
        << "message of approval " << r.get_int(0) << " sent without approval";
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, GatePropertyTest, ::testing::Range(1, 13));

}  // namespace
}  // namespace kerf::agents::golden
