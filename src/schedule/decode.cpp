// decode(): semi-active timing of given machine sequences.
#include <algorithm>
#include <string>

#include "kerf/schedule/calendar.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/setup.h"
#include "placement.h"

namespace kerf::schedule {

namespace {

// Every op exactly once, on an eligible machine (its pinned one when pinned).
Status check_sequences(const Problem& problem,
                       const std::vector<std::vector<int>>& machine_sequences) {
  size_t n = problem.operations.size();
  if (machine_sequences.size() != problem.machines.size()) {
    return Error::invalid("machine_sequences", "one sequence per machine expected");
  }
  auto field = [](size_t m, size_t k) {
    return "machine_sequences/" + std::to_string(m) + "/" + std::to_string(k);
  };
  std::vector<char> seen(n, 0);
  for (size_t m = 0; m < machine_sequences.size(); ++m) {
    for (size_t k = 0; k < machine_sequences[m].size(); ++k) {
      int o = machine_sequences[m][k];
      if (o < 0 || static_cast<size_t>(o) >= n)
        return Error::invalid(field(m, k), "op out of range");
      if (seen[static_cast<size_t>(o)]) {
        return Error::invalid(field(m, k), "op " + std::to_string(o) + " sequenced twice");
      }
      const Operation& op = problem.operations[static_cast<size_t>(o)];
      bool eligible = find_alternative(problem, o, static_cast<int>(m)) != nullptr &&
                      (op.pinned_machine < 0 || op.pinned_machine == static_cast<int>(m));
      if (!eligible) {
        return Error::invalid(field(m, k),
                              "op " + std::to_string(o) + " cannot run on this machine");
      }
      seen[static_cast<size_t>(o)] = 1;
    }
  }
  for (size_t o = 0; o < n; ++o) {
    if (!seen[o]) {
      return Error::invalid("machine_sequences", "op " + std::to_string(o) + " not sequenced");
    }
  }
  return Status{};
}

}  // namespace

Result<Schedule> decode(const Problem& problem,
                        const std::vector<std::vector<int>>& machine_sequences) {
  return SequenceDecoder(problem).decode(machine_sequences);
}

SequenceDecoder::SequenceDecoder(const Problem& problem)
    : problem_(&problem), graph_(std::make_unique<detail::Graph>(detail::build_graph(problem))) {}

SequenceDecoder::~SequenceDecoder() = default;

Result<Schedule> SequenceDecoder::decode(
    const std::vector<std::vector<int>>& machine_sequences) const {
  if (Status s = check_sequences(*problem_, machine_sequences); !s) return s.error();
  return detail::time_sequences(*problem_, *graph_, machine_sequences, nullptr, false, false);
}

namespace detail {
namespace {

bool directly_precedes(const Problem& problem, const Graph& graph, int from, int to) {
  for (int pi : graph.succs[static_cast<size_t>(from)]) {
    if (problem.precedences[static_cast<size_t>(pi)].to == to) return true;
  }
  return false;
}

}  // namespace

Result<Schedule> time_sequences(const Problem& problem, const Graph& graph,
                                const std::vector<std::vector<int>>& input_sequences,
                                const std::vector<Time>* lower_bounds, bool allow_missing,
                                bool yield_to_pins) {
  size_t n = problem.operations.size();
  std::vector<std::vector<int>> machine_sequences = input_sequences;  // mutated by yields
  // Pinned ops per machine in sequence order, not yet placed.
  std::vector<std::vector<int>> pins(machine_sequences.size());
  std::vector<size_t> pin_head(machine_sequences.size(), 0);  // first pin not yet placed
  for (size_t m = 0; m < machine_sequences.size(); ++m) {
    for (int o : machine_sequences[m]) {
      if (problem.operations[static_cast<size_t>(o)].pinned_start != kNoTime) pins[m].push_back(o);
    }
  }
  auto next_pin = [&](size_t m) {
    return pin_head[m] < pins[m].size() ? pins[m][pin_head[m]] : -1;
  };
  std::vector<int> machine_of(n, -1);
  for (size_t m = 0; m < machine_sequences.size(); ++m) {
    for (int o : machine_sequences[m]) machine_of[static_cast<size_t>(o)] = static_cast<int>(m);
  }
  size_t expected = 0;
  for (size_t o = 0; o < n; ++o) expected += machine_of[o] >= 0 ? 1 : 0;
  std::vector<int> remaining(n, 0);
  for (size_t o = 0; o < n; ++o) {
    for (int pi : graph.preds[o]) {
      int from = problem.precedences[static_cast<size_t>(pi)].from;
      if (machine_of[static_cast<size_t>(from)] >= 0) ++remaining[o];
    }
  }
  std::vector<size_t> head(problem.machines.size(), 0);
  std::vector<Time> cursor(problem.machines.size(), kMinusInfinity);
  std::vector<int> last(problem.machines.size(), -1);
  std::vector<Slot> slots(n);
  for (size_t o = 0; o < n; ++o) slots[o] = Slot{static_cast<int>(o), -1, 0, 0, 0};
  std::vector<int> ready;
  auto is_head = [&](int o) {
    size_t m = static_cast<size_t>(machine_of[static_cast<size_t>(o)]);
    return head[m] < machine_sequences[m].size() && machine_sequences[m][head[m]] == o;
  };
  for (size_t m = 0; m < machine_sequences.size(); ++m) {
    if (!machine_sequences[m].empty() &&
        remaining[static_cast<size_t>(machine_sequences[m][0])] == 0) {
      ready.push_back(machine_sequences[m][0]);
    }
  }
  size_t placed = 0;
  while (!ready.empty()) {
    int o = ready.back();
    ready.pop_back();
    const Operation& op = problem.operations[static_cast<size_t>(o)];
    int m = machine_of[static_cast<size_t>(o)];
    size_t mi = static_cast<size_t>(m);
    Bounds b;
    if (op.job >= 0) b.start = problem.jobs[static_cast<size_t>(op.job)].release;
    if (lower_bounds != nullptr)
      b.start = std::max(b.start, (*lower_bounds)[static_cast<size_t>(o)]);
    for (int pi : graph.preds[static_cast<size_t>(o)]) {
      const Precedence& p = problem.precedences[static_cast<size_t>(pi)];
      const Slot& from = slots[static_cast<size_t>(p.from)];
      if (from.machine < 0) continue;  // absent (allow_missing)
      if (p.kind == PrecedenceKind::kFinishStart) {
        b.start = std::max(b.start, std::min(kInfinity, from.end + p.lag));
      } else {
        b.start = std::max(b.start, std::min(kInfinity, from.start + p.lag));
        b.min_end = std::max(b.min_end, std::min(kInfinity, from.end + p.end_lag));
      }
    }
    Time setup = setup_time(problem, m, last[mi], o);
    Time work = setup + run_time(problem, o, m);
    const Calendar& cal = calendar_of(problem, m);
    Slot slot{o, m, kInfinity, kInfinity, setup};
    if (op.pinned_start != kNoTime) {
      if (cursor[mi] > op.pinned_start) {
        return Error::precondition(
            "op " + std::to_string(o) + " pinned at " + std::to_string(op.pinned_start) +
            " but machine " + std::to_string(m) + " is busy until " + std::to_string(cursor[mi]));
      }
      Interval iv = place_work(cal, op.pinned_start, work, op.splittable);
      slot.start = op.pinned_start;
      slot.end = iv.start >= kInfinity ? kInfinity : std::max(iv.end, op.pinned_start);
    } else {
      Interval iv =
          place_with_min_end(cal, std::max(b.start, cursor[mi]), work, op.splittable, b.min_end);
      slot.start = iv.start;
      slot.end = iv.end;
      const int pin = next_pin(mi);
      if (yield_to_pins && pin >= 0 &&
          slot.end > problem.operations[static_cast<size_t>(pin)].pinned_start &&
          !directly_precedes(problem, graph, o, pin)) {
        // The op would run into the next pinned op: it goes right after it in the sequence.
        auto& seq = machine_sequences[mi];
        seq.erase(seq.begin() + static_cast<std::ptrdiff_t>(head[mi]));
        auto at = std::find(seq.begin() + static_cast<std::ptrdiff_t>(head[mi]), seq.end(), pin);
        seq.insert(at + 1, o);
        int next = seq[head[mi]];
        if (remaining[static_cast<size_t>(next)] == 0) ready.push_back(next);
        continue;
      }
    }
    if (next_pin(mi) == o) ++pin_head[mi];
    slots[static_cast<size_t>(o)] = slot;
    cursor[mi] = slot.end;
    last[mi] = o;
    ++head[mi];
    ++placed;
    if (head[mi] < machine_sequences[mi].size()) {
      int next = machine_sequences[mi][head[mi]];
      if (remaining[static_cast<size_t>(next)] == 0) ready.push_back(next);
    }
    for (int pi : graph.succs[static_cast<size_t>(o)]) {
      int to = problem.precedences[static_cast<size_t>(pi)].to;
      if (machine_of[static_cast<size_t>(to)] < 0) continue;
      if (--remaining[static_cast<size_t>(to)] == 0 && is_head(to)) ready.push_back(to);
    }
  }
  if (placed != expected || (!allow_missing && expected != n)) {
    return Error::precondition("machine sequences deadlock with the precedences (" +
                               std::to_string(expected - placed) + " ops unplaced)");
  }
  return Schedule{std::move(slots)};
}

}  // namespace detail

std::vector<std::vector<int>> machine_sequences(const Problem& problem, const Schedule& schedule) {
  std::vector<std::vector<int>> seqs(problem.machines.size());
  for (const Slot& s : schedule.slots) {
    if (s.machine >= 0 && static_cast<size_t>(s.machine) < seqs.size()) {
      seqs[static_cast<size_t>(s.machine)].push_back(s.operation);
    }
  }
  for (auto& seq : seqs) {
    std::sort(seq.begin(), seq.end(), [&](int a, int b) {
      const Slot& x = schedule.slots[static_cast<size_t>(a)];
      const Slot& y = schedule.slots[static_cast<size_t>(b)];
      if (x.start != y.start) return x.start < y.start;
      if (x.end != y.end) return x.end < y.end;
      return a < b;
    });
  }
  return seqs;
}

}  // namespace kerf::schedule
