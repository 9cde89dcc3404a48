// Planner reports on a schedule: rough-cut load vs capacity per bucket, bottleneck ranking and,
// for each late job, the critical chain that fixes its completion with suggested fixes.
#pragma once

#include <string>
#include <vector>

#include "kerf/schedule/problem.h"

namespace kerf::schedule {

inline constexpr Time kTicksPerDay = 86400;
inline constexpr Time kTicksPerWeek = 7 * kTicksPerDay;

// Load (busy working time) and capacity (working time) per bucket [origin + k*length, +length).
struct LoadReport {
  Time bucket_origin = 0;
  Time bucket_length = kTicksPerDay;
  std::vector<Interval> buckets;
  std::vector<std::vector<Time>> machine_load;         // [machine][bucket]
  std::vector<std::vector<Time>> machine_capacity;     // [machine][bucket]
  std::vector<std::vector<Time>> department_load;      // [department][bucket]
  std::vector<std::vector<Time>> department_capacity;  // [department][bucket]
};

// `buckets` consecutive buckets of `bucket_length` ticks from `bucket_origin` (e.g. the tick of
// a local midnight / Monday 00:00). Busy time outside the buckets is ignored.
LoadReport load_report(const Problem& problem, const Schedule& schedule, Time bucket_origin,
                       Time bucket_length, int buckets);

struct Bottleneck {
  int machine = -1;
  double utilisation = 0;  // busy / available working time in the horizon
  Time busy = 0;
  Time available = 0;
  int operations = 0;
};

// Machines by descending utilisation over `horizon` (ties: machine index).
std::vector<Bottleneck> bottlenecks(const Problem& problem, const Schedule& schedule,
                                    Interval horizon);

// What fixed an op's start in the schedule.
enum class Binding {
  kMachine,     // the previous op on the same machine (plus its own setup)
  kPrecedence,  // a predecessor (finish-start + lag, overlap start lag or end lag)
  kRelease,     // the job's release date
  kPinned,      // a planner pin / frozen op
  kOrigin,      // nothing: starts at tick 0 / first working time
};
const char* binding_name(Binding binding);

struct ChainLink {
  int operation = -1;
  int machine = -1;
  Time start = 0;
  Time end = 0;
  Binding binding = Binding::kOrigin;
  int blocking_op = -1;    // machine predecessor or precedence source
  Time bound = 0;          // earliest start allowed by the binding constraint
  Time calendar_wait = 0;  // start - bound: ticks waited for working time
};

enum class FixKind { kOvertime, kAlternateMachine, kSplitLot };
const char* fix_kind_name(FixKind kind);

struct Fix {
  FixKind kind = FixKind::kOvertime;
  int operation = -1;
  int machine = -1;        // overtime machine / alternate machine
  Time ticks = 0;          // overtime length / new end on the alternate / split half run
  Time estimated_gain = 0; // ticks the op could end earlier (upper bound for the job)
  std::string text;
};

struct LateJobExplanation {
  int job = -1;
  Time completion = 0;
  Time due = 0;
  Time tardiness = 0;
  std::vector<ChainLink> chain;  // from the job's last op backwards to the chain's origin
  std::vector<Fix> fixes;        // by descending estimated gain
  std::string text;              // one paragraph for planners
};

// The critical chain of `job`: start from its last-ending op and repeatedly follow the binding
// constraint (largest lower bound on the start among machine predecessor, precedences, release,
// pin) back until a release, pin or the origin. Fixes: overtime where the chain waited for
// working time, an alternate machine that would finish a machine-bound op earlier, splitting the
// chain's longest lot in two.
LateJobExplanation explain_job(const Problem& problem, const Schedule& schedule, int job);

// explain_job() for every job with tardiness > 0, most tardy first.
std::vector<LateJobExplanation> explain_late_jobs(const Problem& problem,
                                                  const Schedule& schedule);

}  // namespace kerf::schedule
