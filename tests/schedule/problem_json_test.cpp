#include "kerf/schedule/problem_json.h"

#include <gtest/gtest.h>

#include <random>

#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/metrics.h"
#include "schedule/problem_builders.h"

namespace kerf::schedule {
namespace {

using nlohmann::json;

bool has_field(const Error& e, const std::string& field) {
  for (const FieldError& f : e.fields) {
    if (f.field == field) return true;
  }
  return false;
}

TEST(ProblemJson, RoundTripIsLossless) {
  for (uint32_t seed = 1; seed <= 10; ++seed) {
    Problem p = testing::random_problem(seed);
    json j = problem_to_json(p);
    auto back = problem_from_json(json::parse(j.dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(problem_to_json(*back), j);
    Schedule s = dispatch(p, DispatchRule::kAtc);
    auto s2 = schedule_from_json(json::parse(schedule_to_json(s).dump()));
    ASSERT_TRUE(s2.ok());
    EXPECT_EQ(s2->slots, s.slots);
  }
}

TEST(ProblemJson, DefaultsForOmittedFields) {
  json j = json::parse(R"({
    "machines": [{"name": "L1"}],
    "jobs": [{"name": "J1", "operations": [0]}],
    "operations": [{"job": 0, "alternatives": [{"machine": 0, "run": 10}]}]
  })");
  auto p = problem_from_json(j);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->machines[0].calendar, -1);
  EXPECT_EQ(p->jobs[0].due, kInfinity);
  EXPECT_EQ(p->jobs[0].weight, 1.0);
  EXPECT_EQ(p->operations[0].pinned_start, kNoTime);
  EXPECT_TRUE(p->operations[0].splittable);
  EXPECT_EQ(p->operations[0].alternatives[0].setup, 0);
}

TEST(ProblemJson, TypeErrorsAreFieldErrors) {
  json j = json::parse(R"({
    "machines": [{"name": "L1", "calendar": "x"}],
    "calendars": [{"windows": [[0, 10], [5]]}],
    "operations": [{"job": -1, "alternatives": [{"machine": 0, "run": 1.5}]}],
    "precedences": [{"from": 0, "to": 0, "kind": "start_start"}]
  })");
  auto p = problem_from_json(j);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(has_field(p.error(), "machines/0/calendar"));
  EXPECT_TRUE(has_field(p.error(), "calendars/0/windows/1"));
  EXPECT_TRUE(has_field(p.error(), "operations/0/alternatives/0/run"));
  EXPECT_TRUE(has_field(p.error(), "precedences/0/kind"));
}

TEST(ProblemJson, ValidationErrorsAfterParsing) {
  json j = json::parse(R"({
    "machines": [{"name": "L1"}],
    "operations": [{"alternatives": []}]
  })");
  auto p = problem_from_json(j);
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(has_field(p.error(), "operations/0/alternatives"));
  EXPECT_FALSE(problem_from_json(json::array()).ok());
}

// Replaces one random leaf of `j` with a random value of a random type.
void mutate(json& j, std::mt19937& rng) {
  json* node = &j;
  while (node->is_structured() && !node->empty()) {
    size_t k = std::uniform_int_distribution<size_t>(0, node->size() - 1)(rng);
    json* child = node->is_object() ? &std::next(node->begin(), static_cast<std::ptrdiff_t>(k)).value()
                                    : &(*node)[k];
    if (!child->is_structured() && rng() % 2 == 0) {
      node = child;
      break;
    }
    node = child;
  }
  switch (rng() % 7) {
    case 0: *node = -1; break;
    case 1: *node = static_cast<int>(rng() % 50); break;
    case 2: *node = "x"; break;
    case 3: *node = nullptr; break;
    case 4: *node = json::array(); break;
    case 5: *node = 1e18; break;
    default: *node = -static_cast<int64_t>(rng() % 1000); break;
  }
}

TEST(ProblemJson, MutatedInputIsRejectedOrSchedulable) {
  std::mt19937 rng(2026);
  int accepted = 0;
  for (uint32_t round = 0; round < 200; ++round) {
    testing::RandomOptions options;
    options.jobs = 4;
    options.machines = 3;
    json j = problem_to_json(testing::random_problem(round % 20 + 1, options));
    int mutations = 1 + static_cast<int>(rng() % 3);
    for (int m = 0; m < mutations; ++m) mutate(j, rng);
    auto p = problem_from_json(j);
    if (!p.ok()) {
      EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
      EXPECT_FALSE(p.error().fields.empty());
      continue;
    }
    ++accepted;
    Schedule s = dispatch(*p, DispatchRule::kAtc);
    ASSERT_EQ(s.slots.size(), p->operations.size());
    // Whatever the values, the oracle and the metrics run on the result.
    (void)check(*p, s);
    (void)evaluate(*p, s);
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace kerf::schedule
