#include "kerf/schedule/search/shop_generator.h"

#include <algorithm>
#include <random>
#include <string>

namespace kerf::schedule::search {
namespace {

constexpr Time kHour = 3600;
constexpr Time kDay = 24 * kHour;
constexpr Time kWeek = 7 * kDay;

struct Department {
  const char* name;
  int machines;
  int families;           // setup families (0 = none)
  Time min_run, max_run;  // seconds
  Time setup;
};

// Laser, punch, forming, welding, polishing, assembly, shipping: 25 machines.
constexpr Department kDepartments[] = {
    {"laser", 4, 4, 10 * 60, 90 * 60, 15 * 60},    {"punch", 3, 3, 10 * 60, 75 * 60, 20 * 60},
    {"forming", 5, 3, 15 * 60, 120 * 60, 25 * 60}, {"welding", 5, 0, 30 * 60, 180 * 60, 10 * 60},
    {"polishing", 3, 0, 15 * 60, 90 * 60, 5 * 60}, {"assembly", 3, 0, 30 * 60, 240 * 60, 10 * 60},
    {"shipping", 2, 0, 10 * 60, 45 * 60, 0},
};

// Two shifts Mon-Fri with a 30-minute break in each; `weeks` weeks from tick 0 (a Monday).
Calendar two_shift_calendar(int weeks) {
  Calendar c;
  c.name = "two-shift";
  c.always_open = false;
  for (int w = 0; w < weeks; ++w) {
    for (int d = 0; d < 5; ++d) {
      Time base = w * kWeek + d * kDay;
      c.windows.push_back({base + 6 * kHour, base + 10 * kHour});
      c.windows.push_back({base + 10 * kHour + 1800, base + 14 * kHour});
      c.windows.push_back({base + 14 * kHour, base + 18 * kHour});
      c.windows.push_back({base + 18 * kHour + 1800, base + 22 * kHour});
    }
  }
  // Adjacent windows (14:00) are merged so windows stay disjoint and non-touching.
  std::vector<Interval> merged;
  for (const Interval& i : c.windows) {
    if (!merged.empty() && merged.back().end == i.start) {
      merged.back().end = i.end;
    } else {
      merged.push_back(i);
    }
  }
  c.windows = std::move(merged);
  return c;
}

}  // namespace

Problem generate_shop(const ShopOptions& options) {
  std::mt19937_64 rng(options.seed);
  auto uni = [&](Time lo, Time hi) { return std::uniform_int_distribution<Time>(lo, hi)(rng); };
  Problem p;
  p.name = "shop" + std::to_string(options.operations);
  std::vector<std::vector<int>> dept_machines;
  std::vector<int> dept_matrix;
  for (const Department& d : kDepartments) {
    int dept = static_cast<int>(p.departments.size());
    p.departments.push_back(d.name);
    int matrix = -1;
    if (d.families > 0) {
      SetupMatrix m;
      m.families = d.families;
      for (int a = 0; a < d.families; ++a) {
        for (int b = 0; b < d.families; ++b)
          m.times.push_back(a == b ? 0 : d.setup + uni(0, d.setup));
      }
      matrix = static_cast<int>(p.setup_matrices.size());
      p.setup_matrices.push_back(std::move(m));
    }
    dept_matrix.push_back(matrix);
    std::vector<int> ids;
    for (int k = 0; k < d.machines; ++k) {
      ids.push_back(static_cast<int>(p.machines.size()));
      p.machines.push_back(
          Machine{std::string(d.name) + "-" + std::to_string(k + 1), 0, matrix, dept});
    }
    dept_machines.push_back(std::move(ids));
  }
  // Routings: laser or punch, then 0-2 forming, 0-2 welding, 0-1 polishing, 0-1 assembly,
  // shipping; 3-7 ops.
  const int target = std::max(3, options.operations);
  Time total_work = 0;
  int job_index = 0;
  while (static_cast<int>(p.operations.size()) < target) {
    std::vector<int> route;
    route.push_back(rng() % 3 == 0 ? 1 : 0);
    int forming = static_cast<int>(rng() % 3), welding = static_cast<int>(rng() % 3);
    for (int k = 0; k < forming; ++k) route.push_back(2);
    for (int k = 0; k < welding; ++k) route.push_back(3);
    if (rng() % 2) route.push_back(4);
    if (rng() % 2) route.push_back(5);
    route.push_back(6);
    while (route.size() < 3) route.insert(route.end() - 1, 2);
    if (route.size() > 7) route.resize(7), route.back() = 6;
    int remaining = target - static_cast<int>(p.operations.size());
    if (static_cast<int>(route.size()) > remaining) {
      route.resize(static_cast<size_t>(remaining));
    }
    Job job;
    job.name = "WO-" + std::to_string(10000 + job_index++);
    job.weight = static_cast<double>(1 + rng() % 5);
    Time job_work = 0;
    int prev = -1;
    for (int dept : route) {
      const Department& d = kDepartments[dept];
      Operation op;
      op.job = static_cast<int>(p.jobs.size());
      op.name = job.name + "/" + d.name;
      op.setup_family =
          d.families > 0 ? static_cast<int>(rng() % static_cast<uint64_t>(d.families)) : -1;
      op.splittable = dept != 0;  // a laser nest is not interrupted
      Time run = uni(d.min_run, d.max_run);
      // Two or three eligible machines of the department, with efficiency differences.
      const auto& ids = dept_machines[static_cast<size_t>(dept)];
      size_t count = std::min<size_t>(ids.size(), 2 + rng() % 2);
      size_t first = rng() % ids.size();
      for (size_t a = 0; a < count; ++a) {
        int m = ids[(first + a) % ids.size()];
        Time r = run * static_cast<Time>(90 + rng() % 31) / 100;
        op.alternatives.push_back(Alternative{m, d.setup, r, r / 20});
      }
      if (!op.splittable) {
        for (Alternative& a : op.alternatives) a.run = std::min<Time>(a.run, 3 * kHour);
      }
      job_work += run + d.setup;
      int index = static_cast<int>(p.operations.size());
      p.operations.push_back(std::move(op));
      job.operations.push_back(index);
      if (prev >= 0) {
        Precedence pr;
        pr.from = prev;
        pr.to = index;
        pr.lag = dept == 6 ? 0 : 300;  // transport between departments
        p.precedences.push_back(pr);
      }
      prev = index;
    }
    total_work += job_work;
    p.jobs.push_back(std::move(job));
  }
  // Calendar long enough for the load: work spread over 25 machines at 15 h/day, 5 days a week,
  // with generous slack for bottlenecks.
  Time weekly_capacity = static_cast<Time>(p.machines.size()) * 75 * kHour;
  int weeks = static_cast<int>(3 * total_work / std::max<Time>(1, weekly_capacity)) + 4;
  p.calendars.push_back(two_shift_calendar(weeks));
  // Releases over the first 60 % of the nominal load; dues 2-4x the job's work after release.
  Time spread = std::max<Time>(kDay, static_cast<Time>(0.6 * static_cast<double>(total_work) /
                                                       static_cast<double>(p.machines.size()) * 2));
  for (Job& job : p.jobs) {
    job.release = (uni(0, spread) / kDay) * kDay;
    Time work = 0;
    for (int o : job.operations) work += p.operations[static_cast<size_t>(o)].alternatives[0].run;
    job.due = job.release + 2 * kDay + work * static_cast<Time>(2 + rng() % 3);
  }
  return p;
}

}  // namespace kerf::schedule::search
