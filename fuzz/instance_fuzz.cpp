// libFuzzer target for the benchmark-instance readers (JSSP and FJSP text, bounds CSV). The
// first input byte picks the reader. Any input must either be rejected with a kInvalidArgument
// value naming a line, or give a problem that passes validate() and, when small, the fast
// engine's model, one short tabu run and the checker. Build with the `fuzz` preset.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kerf/schedule/checker.h"
#include "kerf/schedule/search/instance_io.h"
#include "kerf/schedule/search/tabu.h"
#include "kerf/schedule/validate.h"

namespace {

constexpr std::size_t kMaxSearchOps = 64;

void check_rejection(const kerf::Error& error) {
  if (error.code != kerf::ErrorCode::kInvalidArgument) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > (1 << 14)) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  namespace ss = kerf::schedule::search;
  switch (data[0] % 3) {
    case 0: {
      auto bounds = ss::parse_bounds_csv(text);
      if (!bounds.ok()) check_rejection(bounds.error());
      return 0;
    }
    case 1:
    case 2: {
      auto problem = data[0] % 3 == 1 ? ss::parse_jssp(text, "fuzz") : ss::parse_fjsp(text, "fuzz");
      if (!problem.ok()) {
        check_rejection(problem.error());
        return 0;
      }
      if (!kerf::schedule::validate(*problem).ok()) std::abort();
      if (problem->operations.size() > kMaxSearchOps) return 0;
      ss::SearchOptions options;
      options.time_limit_s = 0;
      options.iteration_limit = 50;
      auto found = ss::minimise_makespan(*problem, options);
      if (!found.ok()) std::abort();  // every parsed instance fits the fast engine
      if (!kerf::schedule::check(*problem, found->schedule).ok()) std::abort();
      return 0;
    }
  }
  return 0;
}
