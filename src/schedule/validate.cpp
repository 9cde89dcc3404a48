#include "kerf/schedule/validate.h"

#include <string>
#include <vector>

namespace kerf::schedule {
namespace {

class Collector {
 public:
  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  std::vector<FieldError>& errors() { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

std::string path(const char* list, size_t i) { return std::string(list) + "/" + std::to_string(i); }

bool in_range(int index, size_t size) { return index >= 0 && static_cast<size_t>(index) < size; }

void check_calendars(const Problem& p, Collector& out) {
  for (size_t c = 0; c < p.calendars.size(); ++c) {
    const Calendar& cal = p.calendars[c];
    if (cal.always_open && !cal.windows.empty()) {
      out.add(path("calendars", c) + "/windows", "always_open calendar must have no windows");
    }
    for (size_t w = 0; w < cal.windows.size(); ++w) {
      const Interval& win = cal.windows[w];
      std::string field = path("calendars", c) + "/windows/" + std::to_string(w);
      if (win.end <= win.start) out.add(field, "empty or reversed window");
      if (w > 0 && win.start < cal.windows[w - 1].end) {
        out.add(field, "windows must be sorted and disjoint");
      }
    }
  }
}

void check_matrices(const Problem& p, Collector& out) {
  for (size_t m = 0; m < p.setup_matrices.size(); ++m) {
    const SetupMatrix& sm = p.setup_matrices[m];
    std::string field = path("setup_matrices", m);
    if (sm.families < 0 ||
        sm.times.size() != static_cast<size_t>(sm.families) * static_cast<size_t>(sm.families)) {
      out.add(field + "/times", "must hold families * families entries");
      continue;
    }
    for (Time t : sm.times) {
      if (t < 0) {
        out.add(field + "/times", "negative setup time");
        break;
      }
    }
  }
}

void check_machines(const Problem& p, Collector& out) {
  for (size_t m = 0; m < p.machines.size(); ++m) {
    const Machine& mc = p.machines[m];
    if (mc.calendar != -1 && !in_range(mc.calendar, p.calendars.size())) {
      out.add(path("machines", m) + "/calendar", "out of range");
    }
    if (mc.setup_matrix != -1 && !in_range(mc.setup_matrix, p.setup_matrices.size())) {
      out.add(path("machines", m) + "/setup_matrix", "out of range");
    }
    if (mc.department != -1 && !in_range(mc.department, p.departments.size())) {
      out.add(path("machines", m) + "/department", "out of range");
    }
  }
}

void check_operations(const Problem& p, Collector& out) {
  for (size_t o = 0; o < p.operations.size(); ++o) {
    const Operation& op = p.operations[o];
    std::string field = path("operations", o);
    if (op.job != -1 && !in_range(op.job, p.jobs.size())) out.add(field + "/job", "out of range");
    if (op.alternatives.empty()) out.add(field + "/alternatives", "empty");
    std::vector<int> seen;
    bool pinned_found = op.pinned_machine < 0;
    for (size_t a = 0; a < op.alternatives.size(); ++a) {
      const Alternative& alt = op.alternatives[a];
      std::string af = field + "/alternatives/" + std::to_string(a);
      if (!in_range(alt.machine, p.machines.size())) {
        out.add(af + "/machine", "out of range");
        continue;
      }
      for (int s : seen) {
        if (s == alt.machine) out.add(af + "/machine", "duplicate machine");
      }
      seen.push_back(alt.machine);
      if (alt.setup < 0) out.add(af + "/setup", "negative");
      if (alt.run < 0) out.add(af + "/run", "negative");
      if (alt.per_piece < 0) out.add(af + "/per_piece", "negative");
      if (alt.machine == op.pinned_machine) pinned_found = true;
    }
    if (op.setup_family < -1) out.add(field + "/setup_family", "must be >= -1");
    if (!pinned_found) out.add(field + "/pinned_machine", "not among the alternatives");
    if (op.frozen && (op.pinned_machine < 0 || op.pinned_start == kNoTime)) {
      out.add(field + "/frozen", "frozen operation needs pinned_machine and pinned_start");
    }
  }
}

void check_jobs(const Problem& p, Collector& out) {
  std::vector<int> owner(p.operations.size(), -1);
  for (size_t j = 0; j < p.jobs.size(); ++j) {
    const Job& job = p.jobs[j];
    std::string field = path("jobs", j);
    if (job.weight < 0) out.add(field + "/weight", "negative");
    for (size_t k = 0; k < job.operations.size(); ++k) {
      int o = job.operations[k];
      std::string of = field + "/operations/" + std::to_string(k);
      if (!in_range(o, p.operations.size())) {
        out.add(of, "out of range");
        continue;
      }
      if (owner[static_cast<size_t>(o)] != -1) {
        out.add(of, "operation listed twice");
        continue;
      }
      owner[static_cast<size_t>(o)] = static_cast<int>(j);
      if (p.operations[static_cast<size_t>(o)].job != static_cast<int>(j)) {
        out.add(of, "operation belongs to another job");
      }
    }
  }
  for (size_t o = 0; o < p.operations.size(); ++o) {
    int job = p.operations[o].job;
    if (in_range(job, p.jobs.size()) && owner[o] != job) {
      out.add(path("operations", o) + "/job", "not listed in the job's operations");
    }
  }
}

void check_precedences(const Problem& p, Collector& out) {
  size_t n = p.operations.size();
  std::vector<std::vector<int>> succ(n);
  std::vector<int> indegree(n, 0);
  bool graph_ok = true;
  for (size_t i = 0; i < p.precedences.size(); ++i) {
    const Precedence& pr = p.precedences[i];
    std::string field = path("precedences", i);
    bool ok = true;
    if (!in_range(pr.from, n)) {
      out.add(field + "/from", "out of range");
      ok = false;
    }
    if (!in_range(pr.to, n)) {
      out.add(field + "/to", "out of range");
      ok = false;
    }
    if (ok && pr.from == pr.to) {
      out.add(field, "self loop");
      ok = false;
    }
    if (!ok) {
      graph_ok = false;
      continue;
    }
    succ[static_cast<size_t>(pr.from)].push_back(pr.to);
    ++indegree[static_cast<size_t>(pr.to)];
  }
  if (!graph_ok) return;
  std::vector<int> stack;
  for (size_t o = 0; o < n; ++o) {
    if (indegree[o] == 0) stack.push_back(static_cast<int>(o));
  }
  size_t visited = 0;
  while (!stack.empty()) {
    int o = stack.back();
    stack.pop_back();
    ++visited;
    for (int s : succ[static_cast<size_t>(o)]) {
      if (--indegree[static_cast<size_t>(s)] == 0) stack.push_back(s);
    }
  }
  if (visited == n) return;
  for (size_t o = 0; o < n; ++o) {
    if (indegree[o] > 0) {
      out.add(path("operations", o), "on a precedence cycle");
      return;
    }
  }
}

}  // namespace

Status validate(const Problem& problem) {
  Collector out;
  check_calendars(problem, out);
  check_matrices(problem, out);
  check_machines(problem, out);
  check_operations(problem, out);
  check_jobs(problem, out);
  check_precedences(problem, out);
  if (out.errors().empty()) return ok_status();
  Error error = Error::invalid(std::move(out.errors()));
  error.message = "invalid scheduling problem: " + error.fields.front().field + ": " +
                  error.fields.front().message;
  return error;
}

}  // namespace kerf::schedule
