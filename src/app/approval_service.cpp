#include "kerf/app/approval_service.h"

#include <algorithm>

#include "app/approval_rules.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/permissions.h"
#include "kerf/core/time_format.h"
#include "kerf/store/approval_repo.h"

namespace kerf::app {
namespace {

using model::Role;
using nlohmann::json;

constexpr std::size_t kMaxKey = 200;
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxSummary = 4000;
constexpr std::size_t kMaxComment = 2000;

constexpr std::array kGates = {GateKind::kRushOrder, GateKind::kOvertime, GateKind::kQualityHold,
                               GateKind::kMaterialShortage, GateKind::kCustomerEscalation};
constexpr std::array kStatuses = {ApprovalStatus::kPending, ApprovalStatus::kApproved,
                                  ApprovalStatus::kRejected, ApprovalStatus::kFailed,
                                  ApprovalStatus::kExpired};

bool is_agent(const Principal& who) { return who.has_role(Role::kAgent); }

// Admin sees every approval; so does the agent principal (it opened them and follows them).
bool sees_all(const Principal& who) { return who.has_role(Role::kAdmin) || is_agent(who); }

// The roles whose approvals `who` sees (empty = all: admin).
std::vector<std::string> visible_roles(const Principal& who) {
  if (sees_all(who)) return {};
  std::vector<std::string> out;
  for (GateKind g : kGates) {
    const std::string role(model::to_string(routed_role(g)));
    if (who.has_role(routed_role(g)) && std::find(out.begin(), out.end(), role) == out.end()) {
      out.push_back(role);
    }
  }
  return out;
}

bool may_see(const Principal& who, const store::ApprovalRecord& r) {
  if (who.has_role(Role::kAdmin)) return true;
  auto role = model::parse_role(r.role);
  return role.ok() && who.has_role(*role);
}

Result<json> parse_stored(const std::string& text, const std::string& what) {
  json out = json::parse(text, nullptr, false);
  if (out.is_discarded()) return Error::internal("corrupt approval " + what + " in the store");
  return out;
}

Result<Approval> approval_of(const store::ApprovalRecord& r) {
  Approval a;
  a.id = r.id;
  auto gate = parse_gate_kind(r.gate);
  if (!gate.ok()) return Error::internal("corrupt approval gate '" + r.gate + "'");
  auto status = parse_approval_status(r.status);
  if (!status.ok()) return Error::internal("corrupt approval status '" + r.status + "'");
  auto role = model::parse_role(r.role);
  if (!role.ok()) return Error::internal("corrupt approval role '" + r.role + "'");
  a.gate = *gate;
  a.status = *status;
  a.role = *role;
  a.thread_id = r.thread_id;
  a.dedupe_key = r.dedupe_key;
  a.title = r.title;
  a.summary = r.summary;
  auto evidence = parse_stored(r.evidence, "evidence");
  if (!evidence.ok()) return evidence.error();
  auto action = parse_stored(r.action, "action");
  if (!action.ok()) return action.error();
  auto job_ids = parse_stored(r.job_ids, "job_ids");
  if (!job_ids.ok()) return job_ids.error();
  a.evidence = std::move(evidence).value();
  a.action = std::move(action).value();
  if (r.applied_action) {
    auto applied = parse_stored(*r.applied_action, "applied_action");
    if (!applied.ok()) return applied.error();
    a.applied_action = std::move(applied).value();
  }
  for (const json& id : *job_ids) {
    if (id.is_number_integer()) a.job_ids.push_back(id.get<int64_t>());
  }
  a.verdict = r.verdict;
  a.comment = r.comment;
  a.decided_by = r.decided_by;
  a.decided_at = r.decided_at;
  a.error = r.error;
  a.created_at = r.created_at;
  return a;
}

Status validate_input(const ApprovalInput& in) {
  std::vector<FieldError> fields;
  if (in.dedupe_key.empty() || in.dedupe_key.size() > kMaxKey) {
    fields.push_back({"dedupe_key", "must be 1 to 200 characters"});
  }
  if (in.thread_id.size() > kMaxKey)
    fields.push_back({"thread_id", "must be at most 200 characters"});
  if (in.title.find_first_not_of(" \t\r\n") == std::string::npos || in.title.size() > kMaxTitle) {
    fields.push_back({"title", "must be 1 to 200 characters, not blank"});
  }
  if (in.summary.size() > kMaxSummary)
    fields.push_back({"summary", "must be at most 4000 characters"});
  if (!in.evidence.is_object()) fields.push_back({"evidence", "must be an object"});
  for (std::size_t i = 0; i < in.job_ids.size(); ++i) {
    if (in.job_ids[i] <= 0) fields.push_back({"job_ids/" + std::to_string(i), "must be > 0"});
  }
  if (!fields.empty()) return Error::invalid(std::move(fields));
  return ok_status();
}

Status validate_decision(const DecisionInput& in) {
  std::vector<FieldError> fields;
  if (in.verdict != "approve" && in.verdict != "reject" && in.verdict != "edit") {
    fields.push_back({"verdict", "must be approve, reject or edit"});
  }
  const bool blank = in.comment.find_first_not_of(" \t\r\n") == std::string::npos;
  if ((in.verdict == "reject" || in.verdict == "edit") && blank) {
    fields.push_back({"comment", "is required to " + in.verdict});
  }
  if (in.comment.size() > kMaxComment)
    fields.push_back({"comment", "must be at most 2000 characters"});
  if (in.verdict == "edit" && !in.edited_action.is_object()) {
    fields.push_back({"action", "is required to edit (the edited action object)"});
  }
  if (!fields.empty()) return Error::invalid(std::move(fields));
  return ok_status();
}

// approval.opened / approval.decided payloads.
json opened_payload(const store::ApprovalRecord& r, const std::vector<int64_t>& job_ids) {
  return {{"approval_id", r.id}, {"gate", r.gate},           {"role", r.role},
          {"title", r.title},    {"thread_id", r.thread_id}, {"job_ids", job_ids}};
}

json decided_payload(const store::ApprovalRecord& r) {
  return {{"approval_id", r.id}, {"gate", r.gate},           {"verdict", r.verdict},
          {"status", r.status},  {"thread_id", r.thread_id}, {"decided_by", r.decided_by}};
}

Result<json> record_json(const store::ApprovalRecord& r) {
  auto a = approval_of(r);
  if (!a.ok()) return a.error();
  return json_of(*a);
}

// The approval for a decision by `who`: kNotFound, kPermissionDenied when not routed to one of
// the caller's roles, kFailedPrecondition when no longer pending.
Result<store::ApprovalRecord> pending_for(store::Tx& tx, const Principal& who, int64_t id) {
  auto rec = store::get_approval(tx, id);
  if (!rec.ok()) return rec.error();
  if (!may_see(who, *rec)) {
    return Error::make(
        ErrorCode::kPermissionDenied,
        "role " + rec->role + " or admin required to decide a " + rec->gate + " approval");
  }
  if (rec->status != "pending") {
    return Error::precondition("approval " + std::to_string(id) + " is " + rec->status +
                               ", no longer pending");
  }
  return rec;
}

}  // namespace

std::string_view to_string(GateKind k) {
  switch (k) {
    case GateKind::kRushOrder:
      return "rush_order";
    case GateKind::kOvertime:
      return "overtime";
    case GateKind::kQualityHold:
      return "quality_hold";
    case GateKind::kMaterialShortage:
      return "material_shortage";
    case GateKind::kCustomerEscalation:
      return "customer_escalation";
  }
  return "?";
}

Result<GateKind> parse_gate_kind(std::string_view text, const std::string& field) {
  for (GateKind g : kGates) {
    if (to_string(g) == text) return g;
  }
  return Error::invalid(field,
                        "must be one of rush_order, overtime, quality_hold, "
                        "material_shortage, customer_escalation");
}

model::Role routed_role(GateKind k) {
  switch (k) {
    case GateKind::kRushOrder:
    case GateKind::kMaterialShortage:
      return Role::kPlanner;
    case GateKind::kOvertime:
      return Role::kLead;
    case GateKind::kQualityHold:
      return Role::kQuality;
    case GateKind::kCustomerEscalation:
      return Role::kShipping;
  }
  return Role::kAdmin;
}

std::string_view to_string(ApprovalStatus s) {
  switch (s) {
    case ApprovalStatus::kPending:
      return "pending";
    case ApprovalStatus::kApproved:
      return "approved";
    case ApprovalStatus::kRejected:
      return "rejected";
    case ApprovalStatus::kFailed:
      return "failed";
    case ApprovalStatus::kExpired:
      return "expired";
  }
  return "?";
}

Result<ApprovalStatus> parse_approval_status(std::string_view text) {
  for (ApprovalStatus s : kStatuses) {
    if (to_string(s) == text) return s;
  }
  return Error::invalid("status", "must be one of pending, approved, rejected, failed, expired");
}

json json_of(const Approval& a) {
  return {{"id", a.id},
          {"gate", to_string(a.gate)},
          {"status", to_string(a.status)},
          {"role", model::to_string(a.role)},
          {"thread_id", a.thread_id},
          {"title", a.title},
          {"summary", a.summary},
          {"evidence", a.evidence},
          {"action", a.action},
          {"applied_action", a.applied_action},
          {"job_ids", a.job_ids},
          {"verdict", a.verdict},
          {"comment", a.comment},
          {"decided_by", a.decided_by},
          {"decided_at", a.decided_at ? json(format_iso8601(*a.decided_at)) : json(nullptr)},
          {"error", a.error},
          {"created_at", format_iso8601(a.created_at)}};
}

Result<Approval> ApprovalService::open(const Principal& who, const ApprovalInput& input) {
  KERF_TRY(authorize(who, Permission::kAgentWork));
  KERF_TRY(validate_input(input));
  auto action = normalize_action(input.gate, input.action);
  if (!action.ok()) return action.error();
  std::vector<int64_t> job_ids = input.job_ids;
  if (job_ids.empty()) job_ids = action_job_ids(input.gate, *action);
  return changes_.run(who, [&](Change& c) -> Result<Approval> {
    auto existing = store::find_approval_by_dedupe_key(c.tx(), input.dedupe_key);
    if (!existing.ok()) return existing.error();
    if (existing->has_value()) return approval_of(**existing);
    KERF_TRY(check_action_references(c.tx(), input.gate, *action));
    store::ApprovalRecord r;
    r.gate = std::string(to_string(input.gate));
    r.status = "pending";
    r.role = std::string(model::to_string(routed_role(input.gate)));
    r.thread_id = input.thread_id;
    r.dedupe_key = input.dedupe_key;
    r.title = input.title;
    r.summary = input.summary;
    r.evidence = input.evidence.dump();
    r.action = action->dump();
    r.job_ids = json(job_ids).dump();
    r.created_at = c.now();
    auto saved = store::insert_approval(c.tx(), r);
    if (!saved.ok()) return saved.error();
    auto opened = open_effect(c, input.gate, saved->id, *action, input.evidence);
    if (!opened.ok()) return opened.error();
    if (!opened->is_null()) {
      json evidence = input.evidence;
      evidence[input.gate == GateKind::kQualityHold ? "containment" : "message"] = *opened;
      saved->evidence = evidence.dump();
      auto n = c.tx().exec("UPDATE approvals SET evidence = ? WHERE id = ?",
                           {saved->evidence, saved->id});
      if (!n.ok()) return n.error();
    }
    auto doc = record_json(*saved);
    if (!doc.ok()) return doc.error();
    KERF_TRY(c.audit("approval", saved->id, "open", nullptr, *doc));
    KERF_TRY(c.emit("approval.opened", opened_payload(*saved, job_ids)));
    return approval_of(*saved);
  });
}

Result<Approval> ApprovalService::decide(const Principal& who, const DecisionInput& input) {
  if (is_agent(who)) {
    return Error::make(ErrorCode::kPermissionDenied,
                       "the agent principal cannot decide approvals: a person decides");
  }
  KERF_TRY(authorize(who, Permission::kDecideApprovals));
  KERF_TRY(validate_decision(input));
  const bool approve = input.verdict != "reject";
  // Set when the effect itself failed: the transaction rolls back and the failure is recorded
  // in a second one.
  std::optional<Error> effect_error;
  auto decided = changes_.run(who, [&](Change& c) -> Result<Approval> {
    effect_error.reset();
    auto rec = pending_for(c.tx(), who, input.approval_id);
    if (!rec.ok()) return rec.error();
    auto gate = parse_gate_kind(rec->gate);
    if (!gate.ok()) return Error::internal("corrupt approval gate '" + rec->gate + "'");
    auto before = record_json(*rec);
    if (!before.ok()) return before.error();
    auto stored_action = parse_stored(rec->action, "action");
    if (!stored_action.ok()) return stored_action.error();
    auto evidence = parse_stored(rec->evidence, "evidence");
    if (!evidence.ok()) return evidence.error();
    json action = *stored_action;
    if (input.verdict == "edit") {
      auto edited = normalize_action(*gate, input.edited_action);
      if (!edited.ok()) return edited.error();
      KERF_TRY(check_action_references(c.tx(), *gate, *edited));
      action = std::move(edited).value();
    }
    auto applied = apply_decision(c, *gate, rec->id, approve, action, *evidence);
    if (!applied.ok()) {
      const ErrorCode code = applied.error().code;
      if (code != ErrorCode::kUnavailable && code != ErrorCode::kInternal) {
        effect_error = applied.error();
      }
      return applied.error();
    }
    store::ApprovalRecord after = *rec;
    after.status = approve ? "approved" : "rejected";
    after.applied_action = applied->is_null() ? std::nullopt : std::optional(applied->dump());
    after.verdict = input.verdict;
    after.comment = input.comment;
    after.decided_by = who.username;
    after.decided_at = c.now();
    KERF_TRY(store::decide_approval(c.tx(), after));
    auto after_json = record_json(after);
    if (!after_json.ok()) return after_json.error();
    KERF_TRY(c.audit("approval", after.id, input.verdict, *before, *after_json));
    KERF_TRY(c.emit("approval.decided", decided_payload(after)));
    return approval_of(after);
  });
  if (decided.ok() || !effect_error) return decided;
  // The effect could not be applied: nothing of it was written; record the failure.
  const std::string reason = effect_error->message;
  return changes_.run(who, [&](Change& c) -> Result<Approval> {
    auto rec = pending_for(c.tx(), who, input.approval_id);
    if (!rec.ok()) return rec.error();
    auto before = record_json(*rec);
    if (!before.ok()) return before.error();
    store::ApprovalRecord after = *rec;
    after.status = "failed";
    after.verdict = input.verdict;
    after.comment = input.comment;
    after.decided_by = who.username;
    after.decided_at = c.now();
    after.error = reason;
    KERF_TRY(store::decide_approval(c.tx(), after));
    auto after_json = record_json(after);
    if (!after_json.ok()) return after_json.error();
    KERF_TRY(c.audit("approval", after.id, "fail", *before, *after_json));
    KERF_TRY(c.emit("approval.decided", decided_payload(after)));
    return approval_of(after);
  });
}

Result<Approval> ApprovalService::expire(const Principal& who, int64_t approval_id,
                                         const std::string& reason) {
  KERF_TRY(authorize(who, Permission::kAgentWork));
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos || reason.size() > kMaxComment) {
    return Error::invalid("reason", "must be 1 to 2000 characters, not blank");
  }
  return changes_.run(who, [&](Change& c) -> Result<Approval> {
    auto rec = store::get_approval(c.tx(), approval_id);
    if (!rec.ok()) return rec.error();
    if (rec->status != "pending") {
      return Error::precondition("approval " + std::to_string(approval_id) + " is " + rec->status +
                                 ", no longer pending");
    }
    auto before = record_json(*rec);
    if (!before.ok()) return before.error();
    store::ApprovalRecord after = *rec;
    after.status = "expired";
    after.comment = reason;
    after.decided_by = who.username;
    after.decided_at = c.now();
    KERF_TRY(store::decide_approval(c.tx(), after));
    if (rec->gate == "customer_escalation") {
      auto message = store::customer_message_of_approval(c.tx(), rec->id);
      if (!message.ok()) return message.error();
      if (message->has_value() && (*message)->status == "draft") {
        store::CustomerMessageRecord m = **message;
        m.status = "discarded";
        KERF_TRY(store::update_customer_message(c.tx(), m));
      }
    }
    auto after_json = record_json(after);
    if (!after_json.ok()) return after_json.error();
    KERF_TRY(c.audit("approval", after.id, "expire", *before, *after_json));
    KERF_TRY(c.emit("approval.decided", decided_payload(after)));
    return approval_of(after);
  });
}

Result<store::Page<Approval>> ApprovalService::list(const Principal& who,
                                                    const store::ListQuery& query) {
  KERF_TRY(authorize(who, Permission::kRead));
  store::ApprovalFilter filter;
  filter.limit = query.limit;
  filter.offset = query.offset;
  for (const auto& [field, value] : query.filters) {
    if (field == "status") {
      auto s = parse_approval_status(value.is_null() ? std::string() : value.as_text());
      if (!s.ok()) return s.error();
      filter.status = std::string(to_string(*s));
    } else if (field == "gate") {
      auto g = parse_gate_kind(value.is_null() ? std::string() : value.as_text());
      if (!g.ok()) return g.error();
      filter.gate = std::string(to_string(*g));
    } else {
      return Error::invalid(field, "cannot filter approvals by '" + field + "'");
    }
  }
  filter.roles = visible_roles(who);
  if (filter.roles.empty() && !sees_all(who)) return store::Page<Approval>{};
  return changes_.db().read([&](store::Tx& tx) -> Result<store::Page<Approval>> {
    auto page = store::list_approvals(tx, filter);
    if (!page.ok()) return page.error();
    store::Page<Approval> out;
    out.total = page->total;
    for (const auto& r : page->items) {
      auto a = approval_of(r);
      if (!a.ok()) return a.error();
      out.items.push_back(std::move(a).value());
    }
    return out;
  });
}

Result<Approval> ApprovalService::get(const Principal& who, int64_t approval_id) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) -> Result<Approval> {
    auto rec = store::get_approval(tx, approval_id);
    if (!rec.ok()) return rec.error();
    // The agent principal reads the approvals it opened (to resume its threads).
    if (!may_see(who, *rec) && !sees_all(who)) {
      return Error::not_found("approval " + std::to_string(approval_id) + " not found");
    }
    return approval_of(*rec);
  });
}

Result<json> ApprovalService::counts(const Principal& who) {
  KERF_TRY(authorize(who, Permission::kRead));
  const std::vector<std::string> roles = visible_roles(who);
  json by_gate = json::object();
  for (GateKind g : kGates) by_gate[std::string(to_string(g))] = 0;
  if (roles.empty() && !sees_all(who)) {
    return json{{"pending", 0}, {"by_gate", by_gate}};
  }
  return changes_.db().read([&](store::Tx& tx) -> Result<json> {
    auto counts = store::pending_approvals_by_gate(tx, roles);
    if (!counts.ok()) return counts.error();
    int64_t total = 0;
    for (const auto& [gate, n] : *counts) {
      by_gate[gate] = n;
      total += n;
    }
    return json{{"pending", total}, {"by_gate", by_gate}};
  });
}

}  // namespace kerf::app
