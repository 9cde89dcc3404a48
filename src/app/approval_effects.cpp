// What opening and deciding an approval does to the shop (kerf/app/approval_service.h,
// docs/approvals.md). Every write goes through the same rules, audit rows and events as the
// manual use case (app/job_rules.h, master data), inside the ApprovalService's Change.
#include <map>
#include <set>

#include "app/approval_rules.h"
#include "app/job_rules.h"
#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/entity_json.h"
#include "kerf/core/time_format.h"
#include "kerf/model/validation.h"
#include "kerf/store/approval_repo.h"

namespace kerf::app {
namespace {

using model::JobAction;
using model::JobStatus;
using nlohmann::json;

std::string approval_ref(int64_t approval_id) {
  return "(approval " + std::to_string(approval_id) + ")";
}

// kFailedPrecondition naming the job when it is closed (complete, shipped, cancelled).
Status require_open_job(const model::Job& job) {
  if (!model::is_closed(job.status)) return ok_status();
  return Error::precondition("job " + job.number + " is " +
                             std::string(model::to_string(job.status)));
}

// rush_order: the job's priority override, through JobService::update's rules.
Result<json> apply_rush_order(Change& c, const json& action) {
  auto job = repo::get<model::Job>(c.tx(), action["job_id"].get<int64_t>());
  if (!job.ok()) return job.error();
  KERF_TRY(require_open_job(*job));
  JobUpdate update;
  update.id = job->id;
  update.version = job->version;
  update.priority = action["priority"].get<int32_t>();
  auto saved = update_job(c, update);
  if (!saved.ok()) return saved.error();
  return action;
}

// overtime: the windows appended to the calendar of each listed work center (once per
// calendar), validated like a calendar update (non-overlapping), audited and evented as master
// data ("calendar.updated").
Result<json> apply_overtime(Change& c, int64_t approval_id, const json& action) {
  std::vector<model::OvertimeWindow> windows;
  for (const json& w : action["windows"]) {
    auto start = parse_iso8601(w["start"].get<std::string>());
    auto end = parse_iso8601(w["end"].get<std::string>());
    if (!start.ok()) return start.error();
    if (!end.ok()) return end.error();
    windows.push_back({*start, *end, "overtime " + approval_ref(approval_id)});
  }
  std::set<int64_t> calendars;
  for (const json& id : action["work_center_ids"]) {
    auto wc = repo::get<model::WorkCenter>(c.tx(), id.get<int64_t>());
    if (!wc.ok()) return wc.error();
    if (wc->calendar_id == 0) {
      return Error::precondition("work center " + wc->code +
                                 " has no shift calendar (always open): overtime does not apply");
    }
    calendars.insert(wc->calendar_id);
  }
  for (int64_t calendar_id : calendars) {
    auto before = repo::get<model::ShiftCalendar>(c.tx(), calendar_id);
    if (!before.ok()) return before.error();
    model::ShiftCalendar after = *before;
    for (const auto& w : windows) {
      bool present = false;
      for (const auto& o : after.overtime)
        present = present || (o.start == w.start && o.end == w.end);
      if (!present) after.overtime.push_back(w);
    }
    std::sort(after.overtime.begin(), after.overtime.end(),
              [](const auto& a, const auto& b) { return a.start < b.start; });
    if (Status valid = after.validate(); !valid.ok()) {
      return Error::precondition("calendar " + before->name +
                                 ": the overtime does not fit: " + valid.error().message);
    }
    auto saved = repo::update(c.tx(), after);
    if (!saved.ok()) return saved.error();
    KERF_TRY(c.audit("calendar", saved->id, "update", json_of(*before), json_of(*saved)));
    KERF_TRY(c.emit("calendar.updated", {{"id", saved->id}, {"version", saved->version}}));
  }
  return action;
}

// quality_hold release: the jobs the containment held that are still on hold are unheld.
Status release_containment(Change& c, const json& evidence) {
  const json* held = nullptr;
  if (evidence.contains("containment") && evidence["containment"].contains("held_job_ids")) {
    held = &evidence["containment"]["held_job_ids"];
  }
  if (held == nullptr) return ok_status();
  for (const json& id : *held) {
    auto job = repo::get<model::Job>(c.tx(), id.get<int64_t>());
    if (!job.ok()) return job.error();
    if (job->status != JobStatus::kOnHold) continue;  // someone released it already
    auto saved = apply_job_action(c, job->id, std::nullopt, JobAction::kResume, "unheld", {});
    if (!saved.ok()) return saved.error();
  }
  return ok_status();
}

// quality_hold scrap: the action's jobs not yet closed are cancelled with the reason.
Status scrap_jobs(Change& c, int64_t approval_id, const json& action) {
  const std::string reason = "quality scrap " + approval_ref(approval_id);
  for (const json& id : action["job_ids"]) {
    auto job = repo::get<model::Job>(c.tx(), id.get<int64_t>());
    if (!job.ok()) return job.error();
    if (job->status == JobStatus::kCancelled) continue;
    KERF_TRY(require_open_job(*job));
    auto saved = apply_job_action(c, job->id, std::nullopt, JobAction::kCancel, "cancelled",
                                  {{"reason", reason}});
    if (!saved.ok()) return saved.error();
  }
  return ok_status();
}

// material_shortage: each job's substitution is set ("job.updated").
Result<json> apply_substitution(Change& c, const json& action) {
  auto material = model::parse_material(action["substitute_material"].get<std::string>());
  if (!material.ok()) return material.error();
  const double thickness = action["substitute_thickness_mm"].get<double>();
  for (const json& id : action["job_ids"]) {
    auto before = repo::get<model::Job>(c.tx(), id.get<int64_t>());
    if (!before.ok()) return before.error();
    KERF_TRY(require_open_job(*before));
    model::Job after = *before;
    after.substitute_material = *material;
    after.substitute_thickness_mm = thickness;
    auto saved = repo::update(c.tx(), after);
    if (!saved.ok()) return saved.error();
    KERF_TRY(c.audit("job", saved->id, "substitute_material", json_of(*before), json_of(*saved)));
    KERF_TRY(c.emit("job.updated", {{"id", saved->id}, {"version", saved->version}}));
  }
  return action;
}

// customer_escalation: the drafted message is sent (approve/edit: with the action's subject
// and body) or discarded (reject).
Result<json> decide_message(Change& c, int64_t approval_id, bool approve, const json& action) {
  auto found = store::customer_message_of_approval(c.tx(), approval_id);
  if (!found.ok()) return found.error();
  if (!found->has_value()) {
    return Error::precondition("approval " + std::to_string(approval_id) +
                               " has no drafted customer message");
  }
  store::CustomerMessageRecord before = **found;
  if (before.status != "draft") {
    return Error::precondition("customer message " + std::to_string(before.id) + " is " +
                               before.status);
  }
  store::CustomerMessageRecord after = before;
  auto message_json = [](const store::CustomerMessageRecord& m) {
    return json{{"id", m.id},
                {"customer_id", m.customer_id},
                {"approval_id", m.approval_id},
                {"job_ids", json::parse(m.job_ids, nullptr, false)},
                {"subject", m.subject},
                {"body", m.body},
                {"status", m.status},
                {"sent_at", m.sent_at ? json(format_iso8601(*m.sent_at)) : json(nullptr)}};
  };
  if (!approve) {
    after.status = "discarded";
    KERF_TRY(store::update_customer_message(c.tx(), after));
    KERF_TRY(c.audit("customer_message", after.id, "discard", message_json(before),
                     message_json(after)));
    return json(nullptr);
  }
  after.subject = action["subject"].get<std::string>();
  after.body = action["body"].get<std::string>();
  after.job_ids = action["job_ids"].dump();
  after.status = "sent";
  after.sent_at = c.now();
  KERF_TRY(store::update_customer_message(c.tx(), after));
  KERF_TRY(
      c.audit("customer_message", after.id, "send", message_json(before), message_json(after)));
  KERF_TRY(c.emit("customer.message.sent", {{"message_id", after.id},
                                            {"customer_id", after.customer_id},
                                            {"approval_id", approval_id},
                                            {"job_ids", action["job_ids"]},
                                            {"subject", after.subject}}));
  json applied = action;
  applied["message_id"] = after.id;
  return applied;
}

}  // namespace

Result<json> open_effect(Change& c, GateKind gate, int64_t approval_id, const json& action,
                         const json& evidence) {
  (void)evidence;
  if (gate == GateKind::kQualityHold) {
    const std::string reason = "quality hold " + approval_ref(approval_id);
    json held = json::array();
    for (const json& id : action["job_ids"]) {
      auto job = repo::get<model::Job>(c.tx(), id.get<int64_t>());
      if (!job.ok()) return job.error();
      if (!model::is_holdable(job->status)) continue;  // on hold already, or closed
      auto saved = apply_job_action(c, job->id, std::nullopt, JobAction::kHold, "held",
                                    {{"reason", reason}});
      if (!saved.ok()) return saved.error();
      held.push_back(job->id);
    }
    return json{{"held_job_ids", held}};
  }
  if (gate == GateKind::kCustomerEscalation) {
    store::CustomerMessageRecord m;
    m.customer_id = action["customer_id"].get<int64_t>();
    m.approval_id = approval_id;
    m.job_ids = action["job_ids"].dump();
    m.subject = action["subject"].get<std::string>();
    m.body = action["body"].get<std::string>();
    m.status = "draft";
    m.created_at = c.now();
    auto saved = store::insert_customer_message(c.tx(), m);
    if (!saved.ok()) return saved.error();
    return json{{"message_id", saved->id}};
  }
  return json(nullptr);
}

Result<json> apply_decision(Change& c, GateKind gate, int64_t approval_id, bool approve,
                            const json& action, const json& evidence) {
  switch (gate) {
    case GateKind::kRushOrder:
      if (!approve) return json(nullptr);
      return apply_rush_order(c, action);
    case GateKind::kOvertime:
      if (!approve) return json(nullptr);
      return apply_overtime(c, approval_id, action);
    case GateKind::kQualityHold: {
      const bool scrap = approve && action["disposition"] == "scrap";
      if (scrap) {
        KERF_TRY(scrap_jobs(c, approval_id, action));
        return action;
      }
      KERF_TRY(release_containment(c, evidence));
      json applied = action;
      applied["disposition"] = "release";
      return applied;
    }
    case GateKind::kMaterialShortage:
      if (!approve) return json(nullptr);
      return apply_substitution(c, action);
    case GateKind::kCustomerEscalation:
      return decide_message(c, approval_id, approve, action);
  }
  return Error::internal("unknown gate");
}

}  // namespace kerf::app
