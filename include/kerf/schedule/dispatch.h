// Constructive scheduling: priority-rule dispatching and decoding of machine sequences.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/schedule/metrics.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule {

enum class DispatchRule {
  kEdd,   // earliest due date of the job
  kCr,    // critical ratio (due - now) / remaining work
  kAtc,   // apparent tardiness cost
  kSpt,   // shortest processing time
  kMwkr,  // most work remaining
  kFifo,  // earliest ready time
};

inline constexpr DispatchRule kAllDispatchRules[] = {DispatchRule::kEdd,  DispatchRule::kCr,
                                                     DispatchRule::kAtc,  DispatchRule::kSpt,
                                                     DispatchRule::kMwkr, DispatchRule::kFifo};

// Stable names "edd", "cr", "atc", "spt", "mwkr", "fifo"; parse is kInvalidArgument otherwise.
const char* dispatch_rule_name(DispatchRule rule);
Result<DispatchRule> parse_dispatch_rule(const std::string& name);

// Forward list scheduling of a validated problem. Ops with a pinned start (incl. frozen) are
// placed first at their pins; the others are taken in rule order among ready ops (all
// predecessors placed, gated by ready time) and appended on the eligible machine where they
// finish earliest, respecting calendars, setups after the machine's previous op, releases, lags
// and the fixed (pinned) blocks. An op that fits no calendar gets start = end = kInfinity on its
// first eligible machine (the checker reports it). O(n log n) in the number of ops.
Schedule dispatch(const Problem& problem, DispatchRule rule);

struct DispatchResult {
  DispatchRule rule = DispatchRule::kEdd;
  Schedule schedule;
  ObjectiveValue value;
};

// Runs every rule and returns the best by `objective` (ties: first rule in kAllDispatchRules).
DispatchResult best_dispatch(const Problem& problem, const Objective& objective);

// Semi-active timed schedule for the given per-machine op sequences (machine_sequences[m] is the
// order of ops on machine m; every op exactly once, on an eligible machine). Each op starts as
// early as its machine predecessor, precedences, release and calendar allow; pinned-start ops
// start at their pin. Errors (kInvalidArgument) for malformed sequences and (kFailedPrecondition)
// for sequences that deadlock with the precedences or push a pinned op past its pin.
Result<Schedule> decode(const Problem& problem,
                        const std::vector<std::vector<int>>& machine_sequences);

namespace detail {
struct Graph;
}

// decode() for many sequence sets of one problem (searches): the precedence graph is built
// once. `problem` must outlive the decoder; decode() has the contract of the free function and
// may be called from several threads at once.
class SequenceDecoder {
 public:
  explicit SequenceDecoder(const Problem& problem);
  ~SequenceDecoder();
  SequenceDecoder(const SequenceDecoder&) = delete;
  SequenceDecoder& operator=(const SequenceDecoder&) = delete;
  Result<Schedule> decode(const std::vector<std::vector<int>>& machine_sequences) const;

 private:
  const Problem* problem_;
  std::unique_ptr<detail::Graph> graph_;
};

// Per-machine op sequences of a schedule (slots ordered by start, end, op) — decode()'s input.
std::vector<std::vector<int>> machine_sequences(const Problem& problem, const Schedule& schedule);

}  // namespace kerf::schedule
