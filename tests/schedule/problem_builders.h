// Small builders for schedule tests: hand-made problems and a seeded random generator.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "kerf/schedule/problem.h"

namespace kerf::schedule::testing {

// Adds a machine (optionally with a calendar / matrix / department) and returns its index.
inline int add_machine(Problem& p, std::string name, int calendar = -1, int matrix = -1,
                       int department = -1) {
  p.machines.push_back(Machine{std::move(name), calendar, matrix, department});
  return static_cast<int>(p.machines.size()) - 1;
}

inline int add_job(Problem& p, std::string name, Time release = 0, Time due = kInfinity,
                   double weight = 1.0) {
  Job j;
  j.name = std::move(name);
  j.release = release;
  j.due = due;
  j.weight = weight;
  p.jobs.push_back(j);
  return static_cast<int>(p.jobs.size()) - 1;
}

// Adds an op of `job` (or a batch op for job -1) with the given alternatives.
inline int add_op(Problem& p, int job, std::vector<Alternative> alts, int family = -1,
                  bool splittable = true) {
  Operation op;
  op.job = job;
  op.name = "op" + std::to_string(p.operations.size());
  op.alternatives = std::move(alts);
  op.setup_family = family;
  op.splittable = splittable;
  p.operations.push_back(op);
  int index = static_cast<int>(p.operations.size()) - 1;
  if (job >= 0) p.jobs[static_cast<size_t>(job)].operations.push_back(index);
  return index;
}

inline void add_fs(Problem& p, int from, int to, Time lag = 0) {
  p.precedences.push_back(Precedence{from, to, PrecedenceKind::kFinishStart, lag, 0});
}

inline void add_overlap(Problem& p, int from, int to, Time lag, Time end_lag) {
  p.precedences.push_back(Precedence{from, to, PrecedenceKind::kOverlap, lag, end_lag});
}

// A calendar of `days` days of `day` ticks with working window [open, close) each day and an
// optional break [break_start, break_end) (same for every day; 0/0 = no break).
inline Calendar daily_calendar(int days, Time day, Time open, Time close, Time break_start = 0,
                               Time break_end = 0) {
  Calendar c;
  c.name = "daily";
  c.always_open = false;
  for (int d = 0; d < days; ++d) {
    Time base = d * day;
    if (break_end > break_start) {
      c.windows.push_back({base + open, base + break_start});
      c.windows.push_back({base + break_end, base + close});
    } else {
      c.windows.push_back({base + open, base + close});
    }
  }
  return c;
}

struct RandomOptions {
  int jobs = 8;
  int machines = 4;
  int max_ops_per_job = 5;
  bool calendars = true;
  bool setups = true;
  bool lags = true;
  bool unsplittable = true;
  bool batches = true;
  bool pins = true;
};

// A valid random problem: routings (chains, some overlaps/lags), flexible alternatives, families
// with a matrix, shift calendars with breaks and a long horizon, releases/dues/weights, a few
// batch ops feeding several jobs and a few frozen/pinned first operations.
inline Problem random_problem(uint32_t seed, const RandomOptions& o = {}) {
  std::mt19937 rng(seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Problem p;
  p.name = "random" + std::to_string(seed);
  p.departments = {"laser", "bend"};
  if (o.calendars) {
    p.calendars.push_back(daily_calendar(400, 100, 10, 90, 45, 50));
    p.calendars.push_back(daily_calendar(400, 100, 0, 60));
  }
  if (o.setups) {
    SetupMatrix m;
    m.families = 3;
    for (int i = 0; i < 9; ++i) m.times.push_back(i % 4 == 0 ? 0 : uni(1, 8));
    p.setup_matrices.push_back(m);
  }
  for (int k = 0; k < o.machines; ++k) {
    int cal = o.calendars && k % 3 != 2 ? k % 2 : -1;
    int matrix = o.setups && k % 2 == 0 ? 0 : -1;
    add_machine(p, "m" + std::to_string(k), cal, matrix, k % 2);
  }
  // Unsplittable work stays <= 31 so that it fits the shortest window (35 ticks).
  auto random_alts = [&](bool split = true) {
    std::vector<Alternative> alts;
    int first = uni(0, o.machines - 1);
    int count = uni(1, std::min(3, o.machines));
    for (int a = 0; a < count; ++a) {
      int m = (first + a) % o.machines;
      alts.push_back(Alternative{m, o.setups ? uni(0, 6) : 0, uni(1, split ? 45 : 25), uni(0, 3)});
    }
    return alts;
  };
  std::vector<int> first_ops;
  for (int j = 0; j < o.jobs; ++j) {
    int job = add_job(p, "j" + std::to_string(j), uni(0, 150), uni(100, 900), uni(1, 4));
    int ops = uni(1, o.max_ops_per_job);
    int prev = -1;
    for (int k = 0; k < ops; ++k) {
      bool split = !(o.unsplittable && uni(0, 4) == 0);
      int op = add_op(p, job, random_alts(split), o.setups ? uni(-1, 2) : -1, split);
      if (prev >= 0) {
        int kind = o.lags ? uni(0, 3) : 0;
        if (kind == 3) {
          add_overlap(p, prev, op, uni(0, 10), uni(0, 10));
        } else {
          add_fs(p, prev, op, kind == 2 ? uni(1, 20) : 0);
        }
      } else {
        first_ops.push_back(op);
      }
      prev = op;
    }
  }
  if (o.batches && o.jobs >= 3) {
    for (int b = 0; b < 2; ++b) {
      int batch = add_op(p, -1, random_alts(), o.setups ? uni(-1, 2) : -1, true);
      for (int k = 0; k < 3; ++k) {
        add_fs(p, batch, first_ops[static_cast<size_t>(uni(0, o.jobs - 1))], uni(0, 5));
      }
    }
  }
  if (o.pins) {
    // Freeze the first op of job 0 at its release on an always-open machine when one exists.
    for (int k = 0; k < o.machines; ++k) {
      if (p.machines[static_cast<size_t>(k)].calendar != -1) continue;
      Operation& op = p.operations[static_cast<size_t>(first_ops[0])];
      bool has_batch_pred = false;
      for (const Precedence& pr : p.precedences) has_batch_pred |= pr.to == first_ops[0];
      if (has_batch_pred) break;
      op.alternatives.push_back(Alternative{k, 0, 20, 0});
      std::vector<Alternative> unique;
      for (const Alternative& a : op.alternatives) {
        bool dup = false;
        for (const Alternative& u : unique) dup |= u.machine == a.machine;
        if (!dup) unique.push_back(a);
      }
      op.alternatives = unique;
      op.pinned_machine = k;
      op.pinned_start = p.jobs[0].release;
      op.frozen = true;
      break;
    }
  }
  return p;
}

}  // namespace kerf::schedule::testing
