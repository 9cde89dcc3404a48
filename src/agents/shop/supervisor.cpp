// The supervisor's routing table (specialists.h route_trigger): plain data in, specialist names
// out, no model involved.
#include <algorithm>
#include <string>
#include <vector>

#include "kerf/agents/shop/specialists.h"

namespace kerf::agents {
namespace {

// An integer field of an object, or `fallback` (missing, null, not a number).
int64_t int_of(const Json& object, const char* key, int64_t fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return fallback;
  return it->get<int64_t>();
}

std::string text_of(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// The job's priority as the trigger knows it: the runtime adds the job's current row as
// trigger.job (events carry only ids); a payload priority is used otherwise. 0 = unknown.
int64_t job_priority(const Json& trigger) {
  int64_t p = int_of(trigger.value("job", Json::object()), "priority", 0);
  if (p != 0) return p;
  return int_of(trigger.value("payload", Json::object()), "priority", 0);
}

// Whether a work_center.updated trigger says the work center is down (or in maintenance): the
// runtime adds trigger.work_center {id, code, status}; a payload status is used otherwise.
bool work_center_down(const Json& trigger) {
  std::string status = text_of(trigger.value("work_center", Json::object()), "status");
  if (status.empty()) status = text_of(trigger.value("payload", Json::object()), "status");
  return status == "down" || status == "maintenance";
}

}  // namespace

std::vector<std::string> route_trigger(const Json& trigger, const GateThresholds& t) {
  std::vector<std::string> out;
  if (!trigger.is_object()) return out;
  const std::string kind = text_of(trigger, "kind");
  if (kind == "scan") {
    const std::string scan = text_of(trigger, "scan");
    if (scan == "capacity") out = {"capacity"};
    if (scan == "material") out = {"material"};
    if (scan == "eta") out = {"customer"};
    return out;
  }
  if (kind != "event") return out;
  const std::string topic = text_of(trigger, "topic");
  const Json payload = trigger.value("payload", Json::object());
  if (topic == "job.created" || topic == "job.updated") {
    const int64_t p = job_priority(trigger);
    if (p >= 1 && p <= t.rush_priority) out = {"customer", "scheduler"};
  } else if (topic == "operation.completed") {
    out.push_back("dispatch");
    if (int_of(payload, "qty_scrap", 0) > 0) out.push_back("quality");
  } else if (topic == "material.below_safety_stock" || topic == "material.consumed") {
    out = {"material"};
  } else if (topic == "work_center.updated") {
    if (work_center_down(trigger)) out = {"dispatch", "scheduler"};
  } else if (topic == "schedule.committed") {
    out = {"customer"};
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kerf::agents
