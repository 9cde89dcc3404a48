// The shapes of the gates' actions (kerf/app/approval_service.h, docs/approvals.md): every
// action an agent proposes or a person edits is validated and normalised here.
#include <chrono>
#include <set>

#include "app/approval_rules.h"
#include "app/repo.h"
#include "app/util.h"
#include "kerf/core/time_format.h"
#include "kerf/model/enums.h"

namespace kerf::app {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSubject = 200;
constexpr std::size_t kMaxBody = 10000;
constexpr std::size_t kMaxIds = 500;

// Reads members of an action object, collecting field errors "action.<name>".
class ActionReader {
 public:
  explicit ActionReader(const json& action) : action_(action) {
    if (!action_.is_object()) add("", "must be an object");
  }

  void add(const std::string& field, const std::string& message) {
    errors_.push_back({field.empty() ? "action" : "action." + field, message});
  }

  const json* member(const std::string& name, bool required) {
    if (!action_.is_object()) return nullptr;
    auto it = action_.find(name);
    if (it == action_.end() || it->is_null()) {
      if (required) add(name, "is required");
      return nullptr;
    }
    return &*it;
  }

  std::optional<int64_t> integer(const std::string& name, int64_t min, int64_t max,
                                 bool required = true) {
    const json* v = member(name, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number_integer()) {
      add(name, "must be an integer");
      return std::nullopt;
    }
    const int64_t x = v->get<int64_t>();
    if (x < min || x > max) {
      add(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
      return std::nullopt;
    }
    return x;
  }

  std::optional<double> number(const std::string& name, double min_exclusive, double max) {
    const json* v = member(name, true);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number()) {
      add(name, "must be a number");
      return std::nullopt;
    }
    const double x = v->get<double>();
    if (!(x > min_exclusive) || x > max) {
      add(name, "must be > " + json(min_exclusive).dump() + " and <= " + json(max).dump());
      return std::nullopt;
    }
    return x;
  }

  std::optional<std::string> text(const std::string& name, std::size_t max_length,
                                  bool required = true) {
    const json* v = member(name, required);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) {
      add(name, "must be a string");
      return std::nullopt;
    }
    std::string s = v->get<std::string>();
    if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) {
      add(name, "must not be blank");
      return std::nullopt;
    }
    if (s.size() > max_length) {
      add(name, "must be at most " + std::to_string(max_length) + " characters");
      return std::nullopt;
    }
    return s;
  }

  std::optional<model::Material> material(const std::string& name) {
    auto s = text(name, 40);
    if (!s) return std::nullopt;
    auto m = model::parse_material(*s);
    if (!m.ok()) {
      add(name, "is not a known material");
      return std::nullopt;
    }
    return *m;
  }

  std::optional<TimePoint> time(const json& v, const std::string& field) {
    if (!v.is_string()) {
      add(field, "must be an ISO 8601 time");
      return std::nullopt;
    }
    auto t = parse_iso8601(v.get<std::string>());
    if (!t.ok()) {
      add(field, "must be an ISO 8601 time");
      return std::nullopt;
    }
    return *t;
  }

  // A non-empty (unless allow_empty) array of distinct positive integers.
  std::optional<std::vector<int64_t>> ids(const std::string& name, bool allow_empty = false) {
    const json* v = member(name, !allow_empty);
    if (v == nullptr) return allow_empty ? std::optional(std::vector<int64_t>{}) : std::nullopt;
    if (!v->is_array()) {
      add(name, "must be an array of ids");
      return std::nullopt;
    }
    if (v->empty() && !allow_empty) {
      add(name, "must not be empty");
      return std::nullopt;
    }
    if (v->size() > kMaxIds) {
      add(name, "must list at most " + std::to_string(kMaxIds) + " ids");
      return std::nullopt;
    }
    std::vector<int64_t> out;
    std::set<int64_t> seen;
    for (std::size_t i = 0; i < v->size(); ++i) {
      const json& x = (*v)[i];
      if (!x.is_number_integer() || x.get<int64_t>() <= 0) {
        add(name + "/" + std::to_string(i), "must be a positive integer id");
        return std::nullopt;
      }
      if (!seen.insert(x.get<int64_t>()).second) {
        add(name + "/" + std::to_string(i), "is listed twice");
        return std::nullopt;
      }
      out.push_back(x.get<int64_t>());
    }
    return out;
  }

  Status status() const {
    if (errors_.empty()) return ok_status();
    return Error::invalid(errors_);
  }

 private:
  const json& action_;
  std::vector<FieldError> errors_;
};

Result<json> rush_order(ActionReader& r) {
  auto job_id = r.integer("job_id", 1, INT64_MAX);
  auto priority = r.integer("priority", 1, 5);
  KERF_TRY(r.status());
  return json{{"job_id", *job_id}, {"priority", *priority}};
}

Result<json> overtime(ActionReader& r) {
  auto department = r.text("department", 40);
  if (department && !model::parse_department(*department).ok()) {
    r.add("department", "is not a known department");
  }
  auto work_centers = r.ids("work_center_ids");
  json windows = json::array();
  const json* list = r.member("windows", true);
  if (list != nullptr && (!list->is_array() || list->empty() || list->size() > 50)) {
    r.add("windows", "must be an array of 1 to 50 {start, end}");
    list = nullptr;
  }
  std::vector<std::pair<TimePoint, TimePoint>> spans;
  for (std::size_t i = 0; list != nullptr && i < list->size(); ++i) {
    const json& w = (*list)[i];
    const std::string at = "windows/" + std::to_string(i);
    if (!w.is_object() || !w.contains("start") || !w.contains("end")) {
      r.add(at, "must be an object {start, end}");
      continue;
    }
    auto start = r.time(w["start"], at + "/start");
    auto end = r.time(w["end"], at + "/end");
    if (!start || !end) continue;
    if (*end <= *start || *end - *start > std::chrono::hours(24)) {
      r.add(at + "/end", "must be after start and at most 24 h after it");
      continue;
    }
    for (const auto& [s, e] : spans) {
      if (*start < e && s < *end) {
        r.add(at, "overlaps another window");
        break;
      }
    }
    spans.emplace_back(*start, *end);
    windows.push_back({{"start", format_iso8601(*start)}, {"end", format_iso8601(*end)}});
  }
  KERF_TRY(r.status());
  return json{
      {"department", *department}, {"work_center_ids", *work_centers}, {"windows", windows}};
}

Result<json> quality_hold(ActionReader& r) {
  auto jobs = r.ids("job_ids");
  auto disposition = r.text("disposition", 20);
  if (disposition && *disposition != "scrap" && *disposition != "release") {
    r.add("disposition", "must be scrap or release");
  }
  KERF_TRY(r.status());
  return json{{"job_ids", *jobs}, {"disposition", *disposition}};
}

Result<json> material_shortage(ActionReader& r) {
  auto material = r.material("material");
  auto thickness = r.number("thickness_mm", 0, 1000);
  auto substitute = r.material("substitute_material");
  auto substitute_thickness = r.number("substitute_thickness_mm", 0, 1000);
  auto jobs = r.ids("job_ids");
  auto reorder = r.integer("reorder_sheets", 0, 100000, false);
  if (material && thickness && substitute && substitute_thickness && *material == *substitute &&
      *thickness == *substitute_thickness) {
    r.add("substitute_material", "must differ from the material or its thickness");
  }
  KERF_TRY(r.status());
  return json{{"material", model::to_string(*material)},
              {"thickness_mm", *thickness},
              {"substitute_material", model::to_string(*substitute)},
              {"substitute_thickness_mm", *substitute_thickness},
              {"job_ids", *jobs},
              {"reorder_sheets", reorder.value_or(0)}};
}

Result<json> customer_escalation(ActionReader& r) {
  auto customer = r.integer("customer_id", 1, INT64_MAX);
  auto jobs = r.ids("job_ids", true);
  auto subject = r.text("subject", kMaxSubject);
  auto body = r.text("body", kMaxBody);
  json eta = nullptr;
  if (const json* v = r.member("new_eta", false)) {
    if (auto t = r.time(*v, "new_eta")) eta = format_iso8601(*t);
  }
  KERF_TRY(r.status());
  return json{{"customer_id", *customer},
              {"job_ids", jobs.value_or(std::vector<int64_t>{})},
              {"subject", *subject},
              {"body", *body},
              {"new_eta", eta}};
}

}  // namespace

Result<json> normalize_action(GateKind gate, const json& action) {
  ActionReader r(action);
  if (!action.is_object()) return r.status().error();
  switch (gate) {
    case GateKind::kRushOrder:
      return rush_order(r);
    case GateKind::kOvertime:
      return overtime(r);
    case GateKind::kQualityHold:
      return quality_hold(r);
    case GateKind::kMaterialShortage:
      return material_shortage(r);
    case GateKind::kCustomerEscalation:
      return customer_escalation(r);
  }
  return Error::invalid("gate", "unknown gate");
}

Status check_action_references(store::Tx& tx, GateKind gate, const json& action) {
  std::vector<FieldError> fields;
  auto check_jobs = [&](const std::string& field) -> Status {
    const json& ids = action[field];
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto job = repo::get<model::Job>(tx, ids[i].get<int64_t>());
      if (job.ok()) continue;
      if (job.error().code != ErrorCode::kNotFound) return job.error();
      fields.push_back(
          {"action." + field + "/" + std::to_string(i), "job " + ids[i].dump() + " not found"});
    }
    return ok_status();
  };
  switch (gate) {
    case GateKind::kRushOrder: {
      auto job = repo::get<model::Job>(tx, action["job_id"].get<int64_t>());
      if (!job.ok()) {
        if (job.error().code != ErrorCode::kNotFound) return job.error();
        fields.push_back({"action.job_id", "job " + action["job_id"].dump() + " not found"});
      }
      break;
    }
    case GateKind::kOvertime: {
      const json& ids = action["work_center_ids"];
      for (std::size_t i = 0; i < ids.size(); ++i) {
        auto wc = repo::get<model::WorkCenter>(tx, ids[i].get<int64_t>());
        if (wc.ok()) continue;
        if (wc.error().code != ErrorCode::kNotFound) return wc.error();
        fields.push_back({"action.work_center_ids/" + std::to_string(i),
                          "work center " + ids[i].dump() + " not found"});
      }
      break;
    }
    case GateKind::kQualityHold:
    case GateKind::kMaterialShortage:
    case GateKind::kCustomerEscalation: {
      if (Status s = check_jobs("job_ids"); !s.ok()) return s;
      if (gate == GateKind::kCustomerEscalation) {
        auto customer = repo::get<model::Customer>(tx, action["customer_id"].get<int64_t>());
        if (!customer.ok()) {
          if (customer.error().code != ErrorCode::kNotFound) return customer.error();
          fields.push_back(
              {"action.customer_id", "customer " + action["customer_id"].dump() + " not found"});
        }
      }
      break;
    }
  }
  if (!fields.empty()) return Error::invalid(std::move(fields));
  return ok_status();
}

std::vector<int64_t> action_job_ids(GateKind gate, const json& action) {
  if (gate == GateKind::kRushOrder) return {action["job_id"].get<int64_t>()};
  if (action.contains("job_ids")) return action["job_ids"].get<std::vector<int64_t>>();
  return {};
}

}  // namespace kerf::app
