// libFuzzer target for the schedule engine's JSON problem reader. Any input must either be
// rejected (not JSON, or a Result error) or give a problem that passes validate(), survives a
// to_json/from_json round trip unchanged in shape, and (when small) can be dispatched and
// checked without crashing. Build with the `fuzz` preset.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/problem_json.h"
#include "kerf/schedule/validate.h"

namespace {

// Dispatch cost grows with ops and calendar spans; keep each input well under a millisecond.
constexpr std::size_t kMaxDispatchOps = 48;
constexpr std::size_t kMaxDispatchMachines = 16;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return 0;
  nlohmann::json json =
      nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return 0;

  auto problem = kerf::schedule::problem_from_json(json);
  if (!problem.ok()) {
    // Rejections are kInvalidArgument values, never another code.
    if (problem.error().code != kerf::ErrorCode::kInvalidArgument) std::abort();
    return 0;
  }
  // problem_from_json promises a validated problem.
  if (!kerf::schedule::validate(*problem).ok()) std::abort();

  // The writer's output must be readable again, with the same sizes.
  auto again = kerf::schedule::problem_from_json(kerf::schedule::problem_to_json(*problem));
  if (!again.ok()) std::abort();
  if (again->operations.size() != problem->operations.size() ||
      again->machines.size() != problem->machines.size() ||
      again->jobs.size() != problem->jobs.size() ||
      again->precedences.size() != problem->precedences.size()) {
    std::abort();
  }

  if (problem->operations.size() <= kMaxDispatchOps &&
      problem->machines.size() <= kMaxDispatchMachines) {
    kerf::schedule::Schedule schedule =
        kerf::schedule::dispatch(*problem, kerf::schedule::DispatchRule::kEdd);
    if (schedule.slots.size() != problem->operations.size()) std::abort();
    (void)kerf::schedule::check(*problem, schedule);
  }
  return 0;
}
