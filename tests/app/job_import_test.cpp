// Job imports from JSON and CSV: all-or-nothing, row-level field errors, reference resolution.
#include <gtest/gtest.h>

#include "app/app_fixture.h"

namespace kerf::app::testing {
namespace {

using model::Role;

class JobImport : public AppBackendTest {
 protected:
  void SetUp() override {
    AppBackendTest::SetUp();
    if (HasFatalFailure()) return;
    seed_master_data();
  }
};

TEST_P(JobImport, JsonCreatesAllJobsWithRoutingsByCode) {
  create_job("TEMPLATE");
  const char* body = R"([
    {"number": "IMP-1", "part_number": "P1", "part_revision": "A", "customer_code": "C1",
     "quantity": 5, "due": "2026-12-01", "priority": 1,
     "operations": [{"sequence": 10, "name": "Laser", "process": "laser_cut",
                     "work_centers": ["LAS-1", "LAS-2"], "run_seconds_per_piece": 40}]},
    {"number": "IMP-2", "part_number": "P1", "customer_code": "C1", "quantity": 3,
     "due": "2026-12-02T06:00:00Z"}
  ])";
  Counts before = counts();
  auto r = app().jobs().import_json(as(Role::kPlanner), body);
  ASSERT_TRUE(r.ok()) << fields_of(r.error());
  ASSERT_EQ(r->jobs.size(), 2u);
  EXPECT_EQ(r->jobs[0].number, "IMP-1");
  EXPECT_EQ(r->jobs[0].part_id, part_id_);
  EXPECT_EQ(r->jobs[0].priority, 1);
  EXPECT_EQ(r->jobs[1].priority, 3);
  auto first = app().jobs().get(as(Role::kPlanner), r->jobs[0].id);
  ASSERT_EQ(first->operations.size(), 1u);
  EXPECT_EQ(first->operations[0].eligible_work_center_ids,
            (std::vector<int64_t>{wc_ids_[0], wc_ids_[1]}));
  // IMP-2 gave no routing: it copied the routing of the part's latest job in the database.
  auto second = app().jobs().get(as(Role::kPlanner), r->jobs[1].id);
  ASSERT_EQ(second->operations.size(), 2u);
  EXPECT_EQ(second->operations[1].name, "Bend");
  Counts after = counts();
  EXPECT_EQ(after.jobs, before.jobs + 2);
  EXPECT_EQ(after.audit, before.audit + 2);
  EXPECT_EQ(topics(), (std::vector<std::string>{"job.created", "job.created"}));
}

TEST_P(JobImport, JsonRowErrorsWriteNothing) {
  create_job("EXISTS");
  const char* body = R"([
    {"number": "OK-1", "part_number": "P1", "customer_code": "C1", "quantity": 5,
     "due": "2026-12-01"},
    {"number": "BAD-1", "part_number": "NOPE", "customer_code": "C1", "quantity": "five",
     "due": "2026-02-30"},
    {"number": "EXISTS", "part_number": "P1", "customer_code": "ZZ", "quantity": 0,
     "due": "2026-12-01"},
    {"number": "OK-1", "part_number": "P1", "customer_code": "C1", "quantity": 1,
     "due": "2026-12-01", "operations": [{"sequence": 10, "name": "X", "process": "weld",
     "work_centers": ["NOPE"]}]},
    7
  ])";
  Counts before = counts();
  auto r = app().jobs().import_json(as(Role::kPlanner), body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  for (const char* f :
       {"rows/1/part_number", "rows/1/quantity", "rows/1/due", "rows/2/number",
        "rows/2/customer_code", "rows/2/quantity", "rows/3/number", "rows/3/operations/0/process",
        "rows/3/operations/0/work_centers/0", "rows/4"}) {
    EXPECT_TRUE(has_field(r.error(), f)) << f << " in " << fields_of(r.error());
  }
  EXPECT_FALSE(has_field(r.error(), "rows/0/number")) << fields_of(r.error());
  EXPECT_EQ(counts(), before);
  EXPECT_TRUE(topics().empty());
}

TEST_P(JobImport, JsonMustBeAnArray) {
  EXPECT_TRUE(has_field(app().jobs().import_json(as(Role::kPlanner), "{\"a\":1}").error(), "body"));
  EXPECT_TRUE(has_field(app().jobs().import_json(as(Role::kPlanner), "[1,").error(), "body"));
  EXPECT_EQ(app().jobs().import_json(as(Role::kOperator), "[]").error().code,
            ErrorCode::kPermissionDenied);
}

TEST_P(JobImport, CsvCreatesJobsCopyingTheLatestRouting) {
  create_job("TEMPLATE");
  std::string csv =
      "number,part_number,customer_code,quantity,due,priority\r\n"
      "CSV-1,P1,C1,4,2026-12-05,2\r\n"
      "\"CSV-2\",P1,C1,6,2026-12-06T08:00:00Z,\r\n";
  auto r = app().jobs().import_csv(as(Role::kPlanner), csv);
  ASSERT_TRUE(r.ok()) << fields_of(r.error());
  ASSERT_EQ(r->jobs.size(), 2u);
  EXPECT_EQ(r->jobs[1].quantity, 6);
  EXPECT_EQ(r->jobs[1].priority, 3);
  auto detail = app().jobs().get(as(Role::kPlanner), r->jobs[0].id);
  ASSERT_EQ(detail->operations.size(), 2u);
  EXPECT_EQ(detail->operations[1].name, "Bend");
}

TEST_P(JobImport, CsvErrorsNameTheLineAndWriteNothing) {
  std::string csv =
      "number,part_number,customer_code,quantity,due\n"
      "CSV-1,P1,C1,4,2026-12-05\n"
      "\n"
      "CSV-2,P1,C9,x,2026-13-01\n"
      "\"CSV\n-3\",P1,C1,4,2026-12-05\n"
      "CSV-4,P1,C1,4,\n";
  Counts before = counts();
  auto r = app().jobs().import_csv(as(Role::kPlanner), csv);
  ASSERT_FALSE(r.ok());
  for (const char* f :
       {"rows/4/customer_code", "rows/4/quantity", "rows/4/due", "rows/5/number", "rows/7/due"}) {
    EXPECT_TRUE(has_field(r.error(), f)) << f << " in " << fields_of(r.error());
  }
  EXPECT_FALSE(has_field(r.error(), "rows/2/number"));
  EXPECT_EQ(counts(), before);

  auto missing = app().jobs().import_csv(as(Role::kPlanner), "number,part_number\nA,B\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(has_field(missing.error(), "header")) << fields_of(missing.error());
  auto ragged = app().jobs().import_csv(as(Role::kPlanner),
                                        "number,part_number,customer_code,quantity,due\nA,B\n");
  ASSERT_FALSE(ragged.ok());
  EXPECT_EQ(ragged.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(counts(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobImport, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kerf::app::testing
