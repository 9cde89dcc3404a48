#include "kerf/agents/shop/gates.h"

#include <algorithm>
#include <cctype>

namespace kerf::agents {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

bool rush_needs_approval(const GateThresholds& t, int64_t moved_jobs) {
  return moved_jobs > t.rush_max_moved_jobs;
}

bool overtime_needs_approval(const GateThresholds& t, double hours) {
  return hours > t.overtime_max_hours;
}

bool is_critical_defect(const GateThresholds& t, const std::vector<std::string>& codes) {
  for (const auto& code : codes) {
    const std::string c = lower(code);
    for (const auto& critical : t.critical_defect_codes) {
      if (lower(critical) == c) return true;
    }
  }
  return false;
}

bool below_safety_stock(int64_t available, int64_t safety_minimum) {
  return available < safety_minimum;
}

bool vip_escalation(const GateThresholds& t, bool vip, int64_t eta_minus_due_s) {
  return vip && eta_minus_due_s > t.vip_slip_s;
}

}  // namespace kerf::agents
