// app::ApprovalService on both backends: each gate's approve / reject / edit effect, a decision
// applied at most once, who may open, see and decide, dedupe, the quality containment hold, a
// failed effect that writes nothing but the failure, audit rows and events; and the what-if
// priority overrides the rush-order gate's evidence comes from.
#include "kerf/app/approval_service.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/app_fixture.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/store/approval_repo.h"
#include "kerf/store/store.h"

namespace kerf::app {
namespace {

using model::Role;
using nlohmann::json;
using testing::AppBackendTest;
using testing::as;
using testing::has_field;

class ApprovalServiceTest : public AppBackendTest {
 protected:
  void SetUp() override {
    AppBackendTest::SetUp();
    if (HasFatalFailure()) return;
    seed_master_data();
    if (HasFatalFailure()) return;
    job1_ = create_job("J-1").job.id;
    job2_ = create_job("J-2").job.id;
    topics();
  }

  ApprovalService& approvals() { return app().approvals(); }
  Principal agent() { return agent_principal(); }

  ApprovalInput input(GateKind gate, json action, const std::string& key = "") {
    ApprovalInput in;
    in.gate = gate;
    in.thread_id = std::string(to_string(gate)) + "/1";
    in.dedupe_key = key.empty() ? std::string(to_string(gate)) + "/k1" : key;
    in.title = "Proposal for " + std::string(to_string(gate));
    in.summary = "Deterministic summary.";
    in.evidence = {{"facts", 1}};
    in.action = std::move(action);
    return in;
  }

  Approval open(GateKind gate, json action, const std::string& key = "") {
    auto a = approvals().open(agent(), input(gate, std::move(action), key));
    EXPECT_TRUE(a.ok()) << (a.ok() ? "" : testing::fields_of(a.error()));
    topics();
    return a.ok() ? *a : Approval{};
  }

  Result<Approval> decide(const Principal& who, int64_t id, const std::string& verdict,
                          const std::string& comment = "", json edited = nullptr) {
    DecisionInput d;
    d.approval_id = id;
    d.verdict = verdict;
    d.comment = comment;
    d.edited_action = std::move(edited);
    return approvals().decide(who, d);
  }

  model::Job job(int64_t id) {
    auto j = app().jobs().get(system(), id);
    EXPECT_TRUE(j.ok());
    return j.ok() ? j->job : model::Job{};
  }

  // Gives every work center one calendar (day shift) and returns its id.
  int64_t calendar_for_work_centers() {
    int64_t calendar_id = 0;
    auto done = db_->transact([&](store::Tx& tx) -> Status {
      model::ShiftCalendar cal;
      cal.name = "Day shift";
      for (int d = 0; d < 5; ++d) cal.week[d] = {model::Shift{"day", 6 * 60, 14 * 60, {}}};
      auto c = store::insert_calendar(tx, cal);
      if (!c.ok()) return c.error();
      calendar_id = c->id;
      for (int64_t id : wc_ids_) {
        auto wc = store::get_work_center(tx, id);
        if (!wc.ok()) return wc.error();
        wc->calendar_id = c->id;
        auto saved = store::update_work_center(tx, *wc);
        if (!saved.ok()) return saved.error();
      }
      return ok_status();
    });
    EXPECT_TRUE(done.ok()) << done.error().message;
    return calendar_id;
  }

  json overtime_action() {
    return {{"department", "laser"},
            {"work_center_ids", {wc_ids_[0], wc_ids_[1]}},
            {"windows", {{{"start", "2026-11-28T06:00:00Z"}, {"end", "2026-11-28T10:00:00Z"}}}}};
  }

  int64_t job1_ = 0;
  int64_t job2_ = 0;
};

TEST_P(ApprovalServiceTest, RushOrderApproveSetsThePriorityOnceWithAuditAndEvents) {
  auto a = open(GateKind::kRushOrder, {{"job_id", job1_}, {"priority", 1}});
  EXPECT_EQ(a.status, ApprovalStatus::kPending);
  EXPECT_EQ(a.role, Role::kPlanner);
  EXPECT_EQ(a.job_ids, std::vector<int64_t>{job1_});
  EXPECT_EQ(audit_rows("approval", "open").total, 1);

  auto decided = decide(as(Role::kPlanner, 5, "pat"), a.id, "approve", "ok, rush it");
  ASSERT_TRUE(decided.ok()) << testing::fields_of(decided.error());
  EXPECT_EQ(decided->status, ApprovalStatus::kApproved);
  EXPECT_EQ(decided->verdict, "approve");
  EXPECT_EQ(decided->decided_by, "pat");
  EXPECT_EQ(decided->applied_action["priority"], 1);
  EXPECT_EQ(job(job1_).priority, 1);
  auto t = topics();
  EXPECT_NE(std::find(t.begin(), t.end(), "job.updated"), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), "approval.decided"), t.end());
  EXPECT_EQ(audit_rows("approval", "approve").total, 1);
  EXPECT_EQ(audit_rows("job", "update").items.at(0).actor, "pat");

  auto twice = decide(as(Role::kPlanner), a.id, "approve");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(job(job1_).version, decided->id > 0 ? job(job1_).version : 0);
  EXPECT_EQ(audit_rows("job", "update").total, 1);
}

TEST_P(ApprovalServiceTest, RejectAppliesNothingAndNeedsAComment) {
  auto a = open(GateKind::kRushOrder, {{"job_id", job1_}, {"priority", 1}});
  auto bare = decide(as(Role::kPlanner), a.id, "reject");
  ASSERT_FALSE(bare.ok());
  EXPECT_TRUE(has_field(bare.error(), "comment"));
  auto bad = decide(as(Role::kPlanner), a.id, "maybe", "hmm");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(has_field(bad.error(), "verdict"));
  auto r = decide(as(Role::kPlanner), a.id, "reject", "the customer can wait");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, ApprovalStatus::kRejected);
  EXPECT_TRUE(r->applied_action.is_null());
  EXPECT_EQ(job(job1_).priority, 2);
  EXPECT_EQ(json_of(*r)["status"], "rejected");
}

TEST_P(ApprovalServiceTest, EditValidatesAndAppliesTheEditedAction) {
  auto a = open(GateKind::kRushOrder, {{"job_id", job1_}, {"priority", 1}});
  const int64_t audit_before = count("audit_log");
  auto bad =
      decide(as(Role::kPlanner), a.id, "edit", "less urgent", {{"job_id", job1_}, {"priority", 9}});
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(has_field(bad.error(), "action.priority")) << testing::fields_of(bad.error());
  auto missing =
      decide(as(Role::kPlanner), a.id, "edit", "other job", {{"job_id", 999}, {"priority", 2}});
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(has_field(missing.error(), "action.job_id"));
  EXPECT_EQ(count("audit_log"), audit_before);
  EXPECT_EQ(approvals().get(as(Role::kPlanner), a.id)->status, ApprovalStatus::kPending);

  auto edited = decide(as(Role::kPlanner), a.id, "edit", "priority 3 is enough",
                       {{"job_id", job1_}, {"priority", 3}});
  ASSERT_TRUE(edited.ok()) << testing::fields_of(edited.error());
  EXPECT_EQ(edited->status, ApprovalStatus::kApproved);
  EXPECT_EQ(edited->action["priority"], 1);
  EXPECT_EQ(edited->applied_action["priority"], 3);
  EXPECT_EQ(job(job1_).priority, 3);
}

TEST_P(ApprovalServiceTest, OnlyARoutedPersonDecidesAndSees) {
  auto a = open(GateKind::kRushOrder, {{"job_id", job1_}, {"priority", 1}});
  auto by_agent = decide(agent(), a.id, "approve");
  ASSERT_FALSE(by_agent.ok());
  EXPECT_EQ(by_agent.error().code, ErrorCode::kPermissionDenied);
  auto by_lead = decide(as(Role::kLead), a.id, "approve");
  ASSERT_FALSE(by_lead.ok());
  EXPECT_EQ(by_lead.error().code, ErrorCode::kPermissionDenied);
  auto by_operator = decide(as(Role::kOperator), a.id, "approve");
  EXPECT_EQ(by_operator.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(approvals().get(as(Role::kLead), a.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(approvals().list(as(Role::kLead), {})->total, 0);
  EXPECT_EQ(approvals().list(as(Role::kPlanner), {})->total, 1);
  EXPECT_EQ(approvals().list(as(Role::kAdmin), {})->total, 1);
  EXPECT_EQ(approvals().counts(as(Role::kLead))->at("pending"), 0);
  auto counts = approvals().counts(as(Role::kPlanner));
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)["pending"], 1);
  EXPECT_EQ((*counts)["by_gate"]["rush_order"], 1);
  EXPECT_EQ((*counts)["by_gate"]["overtime"], 0);
  EXPECT_EQ(job(job1_).priority, 2);
  // Admin decides anything; opening is the agent's (and admin's) alone.
  EXPECT_TRUE(decide(as(Role::kAdmin), a.id, "approve").ok());
  auto by_planner = approvals().open(
      as(Role::kPlanner),
      input(GateKind::kRushOrder, {{"job_id", job1_}, {"priority", 1}}, "planner/1"));
  EXPECT_EQ(by_planner.error().code, ErrorCode::kPermissionDenied);
}

TEST_P(ApprovalServiceTest, OpenDedupesAndValidates) {
  auto a = open(GateKind::kRushOrder, {{"job_id", job1_}, {"priority", 1}}, "same");
  auto again = approvals().open(
      agent(), input(GateKind::kRushOrder, {{"job_id", job2_}, {"priority", 2}}, "same"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, a.id);
  EXPECT_EQ(count("approvals"), 1);
  EXPECT_TRUE(topics().empty());

  auto bad = approvals().open(
      agent(),
      input(GateKind::kOvertime,
            {{"department", "moon"}, {"work_center_ids", json::array()}, {"windows", "soon"}},
            "bad"));
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(has_field(bad.error(), "action.department"));
  EXPECT_TRUE(has_field(bad.error(), "action.work_center_ids"));
  EXPECT_TRUE(has_field(bad.error(), "action.windows"));
  auto no_evidence = input(GateKind::kRushOrder, {{"job_id", job1_}, {"priority", 1}}, "ev");
  no_evidence.evidence = json::array();
  no_evidence.title = " ";
  auto e = approvals().open(agent(), no_evidence);
  ASSERT_FALSE(e.ok());
  EXPECT_TRUE(has_field(e.error(), "evidence"));
  EXPECT_TRUE(has_field(e.error(), "title"));
  auto unknown_job = approvals().open(
      agent(), input(GateKind::kQualityHold, {{"job_ids", {job1_, 4242}}, {"disposition", "scrap"}},
                     "unknown"));
  ASSERT_FALSE(unknown_job.ok());
  EXPECT_TRUE(has_field(unknown_job.error(), "action.job_ids/1"));
  EXPECT_EQ(count("approvals"), 1);
  EXPECT_EQ(job(job1_).status, model::JobStatus::kPlanned);
}

TEST_P(ApprovalServiceTest, QualityHoldContainsAtOpenAndReleasesOrScraps) {
  auto a = open(GateKind::kQualityHold, {{"job_ids", {job1_}}, {"disposition", "scrap"}}, "q1");
  EXPECT_EQ(a.role, Role::kQuality);
  EXPECT_EQ(job(job1_).status, model::JobStatus::kOnHold);
  EXPECT_EQ(a.evidence["containment"]["held_job_ids"], json::array({job1_}));
  auto held = audit_rows("job", "hold");
  ASSERT_EQ(held.total, 1);
  EXPECT_EQ(held.items[0].actor, "agent");

  // The routed person releases it instead (edit), or rejects (= release).
  auto released = decide(as(Role::kQuality), a.id, "edit", "parts measured fine",
                         {{"job_ids", {job1_}}, {"disposition", "release"}});
  ASSERT_TRUE(released.ok()) << testing::fields_of(released.error());
  EXPECT_EQ(job(job1_).status, model::JobStatus::kPlanned);

  auto b = open(GateKind::kQualityHold, {{"job_ids", {job2_}}, {"disposition", "scrap"}}, "q2");
  EXPECT_EQ(job(job2_).status, model::JobStatus::kOnHold);
  auto scrapped = decide(as(Role::kQuality), b.id, "approve", "cracked flanges");
  ASSERT_TRUE(scrapped.ok());
  EXPECT_EQ(job(job2_).status, model::JobStatus::kCancelled);
  auto cancel = audit_rows("job", "cancel");
  ASSERT_EQ(cancel.total, 1);

  auto c = open(GateKind::kQualityHold, {{"job_ids", {job1_}}, {"disposition", "scrap"}}, "q3");
  EXPECT_EQ(job(job1_).status, model::JobStatus::kOnHold);
  auto rejected = decide(as(Role::kQuality), c.id, "reject", "not a real defect");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->applied_action["disposition"], "release");
  EXPECT_EQ(job(job1_).status, model::JobStatus::kPlanned);
}

TEST_P(ApprovalServiceTest, OvertimeAddsWindowsToTheCalendars) {
  const int64_t calendar_id = calendar_for_work_centers();
  auto a = open(GateKind::kOvertime, overtime_action());
  EXPECT_EQ(a.role, Role::kLead);
  auto approved = decide(as(Role::kLead), a.id, "approve");
  ASSERT_TRUE(approved.ok()) << testing::fields_of(approved.error());
  EXPECT_EQ(approved->status, ApprovalStatus::kApproved);
  auto cal = app().master_data().get<model::ShiftCalendar>(system(), calendar_id);
  ASSERT_TRUE(cal.ok());
  ASSERT_EQ(cal->overtime.size(), 1u);
  EXPECT_EQ(cal->overtime[0].start, *parse_iso8601("2026-11-28T06:00:00Z"));
  auto t = topics();
  EXPECT_EQ(std::count(t.begin(), t.end(), "calendar.updated"), 1);
  EXPECT_EQ(audit_rows("calendar", "update").total, 1);
}

TEST_P(ApprovalServiceTest, AFailedEffectWritesOnlyTheFailure) {
  const int64_t calendar_id = calendar_for_work_centers();
  // An overlapping overtime window already in the calendar: the approved one cannot fit.
  auto cal = app().master_data().get<model::ShiftCalendar>(system(), calendar_id);
  ASSERT_TRUE(cal.ok());
  cal->overtime.push_back(
      {*parse_iso8601("2026-11-28T08:00:00Z"), *parse_iso8601("2026-11-28T12:00:00Z"), "existing"});
  ASSERT_TRUE(app().master_data().update(system(), *cal).ok());
  auto a = open(GateKind::kOvertime, overtime_action());
  const int64_t audit_before = count("audit_log");
  const int64_t events_before = count("events");
  auto failed = decide(as(Role::kLead), a.id, "approve", "go");
  ASSERT_TRUE(failed.ok()) << failed.error().message;
  EXPECT_EQ(failed->status, ApprovalStatus::kFailed);
  EXPECT_FALSE(failed->error.empty());
  EXPECT_EQ(app().master_data().get<model::ShiftCalendar>(system(), calendar_id)->overtime.size(),
            1u);
  EXPECT_EQ(count("audit_log"), audit_before + 1);  // the approval's "fail" row only
  EXPECT_EQ(count("events"), events_before + 1);    // approval.decided only
  EXPECT_EQ(audit_rows("approval", "fail").total, 1);
  EXPECT_EQ(decide(as(Role::kLead), a.id, "approve").error().code, ErrorCode::kFailedPrecondition);

  // A rush order on a job cancelled meanwhile fails the same way.
  auto r = open(GateKind::kRushOrder, {{"job_id", job2_}, {"priority", 1}});
  ASSERT_TRUE(app().jobs().cancel(as(Role::kPlanner), job2_, "customer cancelled").ok());
  auto rush = decide(as(Role::kPlanner), r.id, "approve");
  ASSERT_TRUE(rush.ok());
  EXPECT_EQ(rush->status, ApprovalStatus::kFailed);
  EXPECT_NE(rush->error.find("cancelled"), std::string::npos) << rush->error;
  EXPECT_EQ(job(job2_).priority, 2);
}

TEST_P(ApprovalServiceTest, MaterialShortageSetsTheSubstitution) {
  json action = {{"material", "stainless_304"},
                 {"thickness_mm", 1.5},
                 {"substitute_material", "stainless_316"},
                 {"substitute_thickness_mm", 1.5},
                 {"job_ids", {job1_, job2_}},
                 {"reorder_sheets", 20}};
  auto a = open(GateKind::kMaterialShortage, action);
  EXPECT_EQ(a.role, Role::kPlanner);
  EXPECT_EQ(a.job_ids, (std::vector<int64_t>{job1_, job2_}));
  auto approved = decide(as(Role::kPlanner), a.id, "approve");
  ASSERT_TRUE(approved.ok()) << testing::fields_of(approved.error());
  for (int64_t id : {job1_, job2_}) {
    auto j = job(id);
    ASSERT_TRUE(j.substitute_material.has_value());
    EXPECT_EQ(*j.substitute_material, model::Material::kStainless316);
    EXPECT_EQ(j.substitute_thickness_mm, 1.5);
    EXPECT_EQ(json_of(j)["substitute_material"], "stainless_316");
  }
  EXPECT_TRUE(json_of(model::Job{})["substitute_material"].is_null());
  auto t = topics();
  EXPECT_EQ(std::count(t.begin(), t.end(), "job.updated"), 2);
}

TEST_P(ApprovalServiceTest, CustomerEscalationSendsOrDiscardsTheDraft) {
  json action = {{"customer_id", customer_id_},
                 {"job_ids", {job1_}},
                 {"subject", "New ETA for J-1"},
                 {"body", "Dear customer, J-1 ships two days later."},
                 {"new_eta", "2026-12-03T12:00:00Z"}};
  auto a = open(GateKind::kCustomerEscalation, action, "c1");
  EXPECT_EQ(a.role, Role::kShipping);
  EXPECT_EQ(count("customer_messages"), 1);
  auto sent = decide(as(Role::kShipping, 9, "sam"), a.id, "edit", "softer wording",
                     {{"customer_id", customer_id_},
                      {"job_ids", {job1_}},
                      {"subject", "Update on J-1"},
                      {"body", "Sorry: J-1 ships on Dec 3."}});
  ASSERT_TRUE(sent.ok()) << testing::fields_of(sent.error());
  auto events = bus_events();
  auto it = std::find_if(events.begin(), events.end(),
                         [](const Event& e) { return e.topic == "customer.message.sent"; });
  ASSERT_NE(it, events.end());
  auto payload = json::parse(it->payload_json);
  EXPECT_EQ(payload["subject"], "Update on J-1");
  EXPECT_EQ(payload["customer_id"], customer_id_);
  EXPECT_EQ(payload["job_ids"], json::array({job1_}));
  auto page = db_->read([&](store::Tx& tx) {
    store::ListQuery q;
    q.filters["status"] = "sent";
    return store::list_customer_messages(tx, q);
  });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].body, "Sorry: J-1 ships on Dec 3.");
  EXPECT_EQ(audit_rows("customer_message", "send").items.at(0).actor, "sam");

  auto b = open(GateKind::kCustomerEscalation, action, "c2");
  ASSERT_TRUE(decide(as(Role::kShipping), b.id, "reject", "we call them instead").ok());
  auto discarded = db_->read([&](store::Tx& tx) {
    store::ListQuery q;
    q.filters["status"] = "discarded";
    return store::list_customer_messages(tx, q);
  });
  ASSERT_TRUE(discarded.ok());
  EXPECT_EQ(discarded->total, 1);
}

TEST_P(ApprovalServiceTest, ExpireIsTheAgentsAndEndsThePending) {
  auto a = open(GateKind::kRushOrder, {{"job_id", job1_}, {"priority", 1}});
  EXPECT_EQ(approvals().expire(as(Role::kPlanner), a.id, "cleared").error().code,
            ErrorCode::kPermissionDenied);
  auto expired = approvals().expire(agent(), a.id, "the rush job completed");
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(expired->status, ApprovalStatus::kExpired);
  auto events = bus_events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(json::parse(events.back().payload_json)["status"], "expired");
  EXPECT_EQ(decide(as(Role::kPlanner), a.id, "approve").error().code,
            ErrorCode::kFailedPrecondition);
  store::ListQuery q;
  q.filters["status"] = "pending";
  EXPECT_EQ(approvals().list(as(Role::kPlanner), q)->total, 0);
  q.filters["status"] = "expired";
  EXPECT_EQ(approvals().list(as(Role::kPlanner), q)->total, 1);
  q.filters["status"] = "soon";
  EXPECT_EQ(approvals().list(as(Role::kPlanner), q).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(ApprovalServiceTest, AgentRoleIsNotAssignableAndCannotApplyGatedActions) {
  NewUser u;
  u.username = "robot";
  u.display_name = "Robot";
  u.password = "correct horse battery staple";
  u.roles = {Role::kAgent};
  auto created = app().auth().create_user(system(), u);
  ASSERT_FALSE(created.ok());
  EXPECT_TRUE(has_field(created.error(), "roles"));
  EXPECT_FALSE(model::parse_role("agent").ok());
  EXPECT_EQ(model::to_string(Role::kAgent), "agent");
  // The agent reads but cannot apply what the gates guard.
  const Principal bot = agent();
  EXPECT_TRUE(app().jobs().get(bot, job1_).ok());
  JobUpdate up;
  up.id = job1_;
  up.version = job(job1_).version;
  up.priority = 1;
  EXPECT_EQ(app().jobs().update(bot, up).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(app().jobs().hold(bot, job1_, "x").error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(app().jobs().cancel(bot, job1_, "x").error().code, ErrorCode::kPermissionDenied);
  auto cal = app().master_data().create(bot, model::ShiftCalendar{.name = "x"});
  EXPECT_EQ(cal.error().code, ErrorCode::kPermissionDenied);
}

TEST_P(ApprovalServiceTest, WhatIfRunsTakePriorityOverrides) {
  calendar_for_work_centers();
  scheduling::SchedulingService scheduling(app());
  scheduling::RunRequest request;
  request.what_if = true;
  request.priority_overrides = {{job2_, 1}};
  auto run = scheduling.run(agent(), request);
  ASSERT_TRUE(run.ok()) << testing::fields_of(run.error());
  ASSERT_TRUE(run->contains("priority_overrides"));
  EXPECT_EQ((*run)["priority_overrides"][0]["job_id"], job2_);
  EXPECT_EQ((*run)["priority_overrides"][0]["priority"], 1);
  EXPECT_EQ(job(job2_).priority, 2);

  scheduling::RunRequest real = request;
  real.what_if = false;
  EXPECT_EQ(scheduling.run(agent(), real).error().code, ErrorCode::kPermissionDenied);
  auto refused = scheduling.run(as(Role::kPlanner), real);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(has_field(refused.error(), "priority_overrides"));
  scheduling::RunRequest out_of_range;
  out_of_range.what_if = true;
  out_of_range.priority_overrides = {{job1_, 7}};
  auto bad = scheduling.run(as(Role::kPlanner), out_of_range);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(has_field(bad.error(), "priority_overrides/" + std::to_string(job1_)));
}

INSTANTIATE_TEST_SUITE_P(Backends, ApprovalServiceTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kerf::app
