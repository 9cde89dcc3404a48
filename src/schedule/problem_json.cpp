#include "kerf/schedule/problem_json.h"

#include <string>

#include "kerf/schedule/validate.h"

namespace kerf::schedule {
namespace {

using nlohmann::json;

json time_or_null(Time t, Time none) { return t == none ? json(nullptr) : json(t); }

// Reads typed fields from JSON objects, collecting field errors instead of throwing.
class Reader {
 public:
  std::vector<FieldError>& errors() { return errors_; }

  void fail(const std::string& field, const std::string& message) {
    errors_.push_back({field, message});
  }

  // The member `key` of object `o` or nullptr when absent / null.
  const json* member(const json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return nullptr;
    return &*it;
  }

  Time time(const json& o, const char* key, const std::string& path, Time fallback) {
    const json* v = member(o, key);
    if (v == nullptr) return fallback;
    if (!v->is_number_integer()) {
      fail(path + "/" + key, "must be an integer");
      return fallback;
    }
    return v->get<Time>();
  }

  int integer(const json& o, const char* key, const std::string& path, int fallback) {
    const json* v = member(o, key);
    if (v == nullptr) return fallback;
    if (!v->is_number_integer() || v->get<int64_t>() < INT32_MIN || v->get<int64_t>() > INT32_MAX) {
      fail(path + "/" + key, "must be an integer");
      return fallback;
    }
    return v->get<int>();
  }

  double number(const json& o, const char* key, const std::string& path, double fallback) {
    const json* v = member(o, key);
    if (v == nullptr) return fallback;
    if (!v->is_number()) {
      fail(path + "/" + key, "must be a number");
      return fallback;
    }
    return v->get<double>();
  }

  bool boolean(const json& o, const char* key, const std::string& path, bool fallback) {
    const json* v = member(o, key);
    if (v == nullptr) return fallback;
    if (!v->is_boolean()) {
      fail(path + "/" + key, "must be a boolean");
      return fallback;
    }
    return v->get<bool>();
  }

  std::string text(const json& o, const char* key, const std::string& path) {
    const json* v = member(o, key);
    if (v == nullptr) return "";
    if (!v->is_string()) {
      fail(path + "/" + key, "must be a string");
      return "";
    }
    return v->get<std::string>();
  }

  // The array member `key` (empty when absent); reports non-arrays.
  const json& array(const json& o, const char* key, const std::string& path) {
    static const json kEmpty = json::array();
    const json* v = member(o, key);
    if (v == nullptr) return kEmpty;
    if (!v->is_array()) {
      fail(path + (path.empty() ? "" : "/") + key, "must be an array");
      return kEmpty;
    }
    return *v;
  }

  bool object(const json& v, const std::string& path) {
    if (v.is_object()) return true;
    fail(path, "must be an object");
    return false;
  }

 private:
  std::vector<FieldError> errors_;
};

std::string at(const char* list, size_t i) { return std::string(list) + "/" + std::to_string(i); }

}  // namespace

json problem_to_json(const Problem& p) {
  json out;
  out["name"] = p.name;
  out["origin_epoch_s"] = p.origin_epoch_s;
  out["departments"] = p.departments;
  out["calendars"] = json::array();
  for (const Calendar& c : p.calendars) {
    json windows = json::array();
    for (const Interval& w : c.windows) windows.push_back({w.start, w.end});
    out["calendars"].push_back(
        {{"name", c.name}, {"always_open", c.always_open}, {"windows", windows}});
  }
  out["setup_matrices"] = json::array();
  for (const SetupMatrix& m : p.setup_matrices) {
    out["setup_matrices"].push_back({{"families", m.families}, {"times", m.times}});
  }
  out["machines"] = json::array();
  for (const Machine& m : p.machines) {
    out["machines"].push_back({{"name", m.name},
                               {"calendar", m.calendar},
                               {"setup_matrix", m.setup_matrix},
                               {"department", m.department}});
  }
  out["operations"] = json::array();
  for (const Operation& o : p.operations) {
    json alts = json::array();
    for (const Alternative& a : o.alternatives) {
      alts.push_back(
          {{"machine", a.machine}, {"setup", a.setup}, {"run", a.run}, {"per_piece", a.per_piece}});
    }
    out["operations"].push_back({{"job", o.job},
                                 {"name", o.name},
                                 {"alternatives", alts},
                                 {"setup_family", o.setup_family},
                                 {"splittable", o.splittable},
                                 {"pinned_machine", o.pinned_machine},
                                 {"pinned_start", time_or_null(o.pinned_start, kNoTime)},
                                 {"frozen", o.frozen}});
  }
  out["precedences"] = json::array();
  for (const Precedence& pr : p.precedences) {
    out["precedences"].push_back(
        {{"from", pr.from},
         {"to", pr.to},
         {"kind", pr.kind == PrecedenceKind::kOverlap ? "overlap" : "finish_start"},
         {"lag", pr.lag},
         {"end_lag", pr.end_lag}});
  }
  out["jobs"] = json::array();
  for (const Job& j : p.jobs) {
    out["jobs"].push_back({{"name", j.name},
                           {"release", j.release},
                           {"due", time_or_null(j.due, kInfinity)},
                           {"weight", j.weight},
                           {"operations", j.operations}});
  }
  return out;
}

Result<Problem> problem_from_json(const json& in) {
  Reader r;
  Problem p;
  if (!in.is_object()) return Error::invalid("", "problem must be a JSON object");
  p.name = r.text(in, "name", "");
  p.origin_epoch_s = r.time(in, "origin_epoch_s", "", 0);
  const json& departments = r.array(in, "departments", "");
  for (size_t i = 0; i < departments.size(); ++i) {
    if (!departments[i].is_string()) {
      r.fail(at("departments", i), "must be a string");
      continue;
    }
    p.departments.push_back(departments[i].get<std::string>());
  }
  const json& calendars = r.array(in, "calendars", "");
  for (size_t i = 0; i < calendars.size(); ++i) {
    std::string path = at("calendars", i);
    Calendar c;
    if (r.object(calendars[i], path)) {
      c.name = r.text(calendars[i], "name", path);
      const json& windows = r.array(calendars[i], "windows", path);
      c.always_open = r.boolean(calendars[i], "always_open", path, windows.empty());
      for (size_t w = 0; w < windows.size(); ++w) {
        const json& win = windows[w];
        if (!win.is_array() || win.size() != 2 || !win[0].is_number_integer() ||
            !win[1].is_number_integer()) {
          r.fail(path + "/windows/" + std::to_string(w), "must be [start, end] integers");
          continue;
        }
        c.windows.push_back({win[0].get<Time>(), win[1].get<Time>()});
      }
    }
    p.calendars.push_back(std::move(c));
  }
  const json& matrices = r.array(in, "setup_matrices", "");
  for (size_t i = 0; i < matrices.size(); ++i) {
    std::string path = at("setup_matrices", i);
    SetupMatrix m;
    if (r.object(matrices[i], path)) {
      m.families = r.integer(matrices[i], "families", path, 0);
      const json& times = r.array(matrices[i], "times", path);
      for (size_t k = 0; k < times.size(); ++k) {
        if (!times[k].is_number_integer()) {
          r.fail(path + "/times/" + std::to_string(k), "must be an integer");
          continue;
        }
        m.times.push_back(times[k].get<Time>());
      }
    }
    p.setup_matrices.push_back(std::move(m));
  }
  const json& machines = r.array(in, "machines", "");
  for (size_t i = 0; i < machines.size(); ++i) {
    std::string path = at("machines", i);
    Machine m;
    if (r.object(machines[i], path)) {
      m.name = r.text(machines[i], "name", path);
      m.calendar = r.integer(machines[i], "calendar", path, -1);
      m.setup_matrix = r.integer(machines[i], "setup_matrix", path, -1);
      m.department = r.integer(machines[i], "department", path, -1);
    }
    p.machines.push_back(std::move(m));
  }
  const json& operations = r.array(in, "operations", "");
  for (size_t i = 0; i < operations.size(); ++i) {
    std::string path = at("operations", i);
    Operation o;
    if (r.object(operations[i], path)) {
      const json& oj = operations[i];
      o.job = r.integer(oj, "job", path, -1);
      o.name = r.text(oj, "name", path);
      const json& alts = r.array(oj, "alternatives", path);
      for (size_t a = 0; a < alts.size(); ++a) {
        std::string ap = path + "/alternatives/" + std::to_string(a);
        if (!r.object(alts[a], ap)) continue;
        Alternative alt;
        alt.machine = r.integer(alts[a], "machine", ap, -1);
        alt.setup = r.time(alts[a], "setup", ap, 0);
        alt.run = r.time(alts[a], "run", ap, 0);
        alt.per_piece = r.time(alts[a], "per_piece", ap, 0);
        o.alternatives.push_back(alt);
      }
      o.setup_family = r.integer(oj, "setup_family", path, -1);
      o.splittable = r.boolean(oj, "splittable", path, true);
      o.pinned_machine = r.integer(oj, "pinned_machine", path, -1);
      o.pinned_start = r.time(oj, "pinned_start", path, kNoTime);
      o.frozen = r.boolean(oj, "frozen", path, false);
    }
    p.operations.push_back(std::move(o));
  }
  const json& precedences = r.array(in, "precedences", "");
  for (size_t i = 0; i < precedences.size(); ++i) {
    std::string path = at("precedences", i);
    Precedence pr;
    if (r.object(precedences[i], path)) {
      pr.from = r.integer(precedences[i], "from", path, -1);
      pr.to = r.integer(precedences[i], "to", path, -1);
      std::string kind = r.text(precedences[i], "kind", path);
      if (kind == "overlap") {
        pr.kind = PrecedenceKind::kOverlap;
      } else if (!kind.empty() && kind != "finish_start") {
        r.fail(path + "/kind", "must be finish_start or overlap");
      }
      pr.lag = r.time(precedences[i], "lag", path, 0);
      pr.end_lag = r.time(precedences[i], "end_lag", path, 0);
    }
    p.precedences.push_back(pr);
  }
  const json& jobs = r.array(in, "jobs", "");
  for (size_t i = 0; i < jobs.size(); ++i) {
    std::string path = at("jobs", i);
    Job j;
    if (r.object(jobs[i], path)) {
      j.name = r.text(jobs[i], "name", path);
      j.release = r.time(jobs[i], "release", path, 0);
      j.due = r.time(jobs[i], "due", path, kInfinity);
      j.weight = r.number(jobs[i], "weight", path, 1.0);
      const json& ops = r.array(jobs[i], "operations", path);
      for (size_t k = 0; k < ops.size(); ++k) {
        if (!ops[k].is_number_integer()) {
          r.fail(path + "/operations/" + std::to_string(k), "must be an integer");
          continue;
        }
        j.operations.push_back(ops[k].get<int>());
      }
    }
    p.jobs.push_back(std::move(j));
  }
  if (!r.errors().empty()) return Error::invalid(std::move(r.errors()));
  Status valid = validate(p);
  if (!valid.ok()) return valid.error();
  return p;
}

json schedule_to_json(const Schedule& s) {
  json slots = json::array();
  for (const Slot& slot : s.slots) {
    slots.push_back({{"operation", slot.operation},
                     {"machine", slot.machine},
                     {"start", time_or_null(slot.start, kInfinity)},
                     {"end", time_or_null(slot.end, kInfinity)},
                     {"setup", slot.setup}});
  }
  return {{"slots", slots}};
}

Result<Schedule> schedule_from_json(const json& in) {
  Reader r;
  if (!in.is_object()) return Error::invalid("", "schedule must be a JSON object");
  Schedule s;
  const json& slots = r.array(in, "slots", "");
  for (size_t i = 0; i < slots.size(); ++i) {
    std::string path = at("slots", i);
    if (!r.object(slots[i], path)) continue;
    Slot slot;
    slot.operation = r.integer(slots[i], "operation", path, static_cast<int>(i));
    slot.machine = r.integer(slots[i], "machine", path, -1);
    slot.start = r.time(slots[i], "start", path, kInfinity);
    slot.end = r.time(slots[i], "end", path, kInfinity);
    slot.setup = r.time(slots[i], "setup", path, 0);
    s.slots.push_back(slot);
  }
  if (!r.errors().empty()) return Error::invalid(std::move(r.errors()));
  return s;
}

}  // namespace kerf::schedule
