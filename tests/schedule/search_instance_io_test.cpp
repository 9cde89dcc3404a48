#include <gtest/gtest.h>

#include "kerf/schedule/search/instance_io.h"
#include "support/bench_instances.h"

namespace kerf::schedule::search {
namespace {

using kerf::testing::kFt06;

std::string first_field(const Error& e) { return e.fields.empty() ? "" : e.fields[0].field; }

TEST(SearchInstanceIo, ParsesJsspIntoChainsOfSingleAlternativeOps) {
  auto p = parse_jssp(kFt06, "ft06");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->name, "ft06");
  EXPECT_EQ(p->jobs.size(), 6u);
  EXPECT_EQ(p->machines.size(), 6u);
  ASSERT_EQ(p->operations.size(), 36u);
  EXPECT_EQ(p->precedences.size(), 30u);
  // Job 1, second op: machine 2 for 5 ticks.
  const Operation& op = p->operations[static_cast<size_t>(p->jobs[1].operations[1])];
  ASSERT_EQ(op.alternatives.size(), 1u);
  EXPECT_EQ(op.alternatives[0].machine, 2);
  EXPECT_EQ(op.alternatives[0].run, 5);
  EXPECT_EQ(op.job, 1);
  for (const Precedence& pr : p->precedences) {
    EXPECT_EQ(pr.kind, PrecedenceKind::kFinishStart);
    EXPECT_EQ(pr.lag, 0);
    EXPECT_EQ(pr.to, pr.from + 1);
  }
}

TEST(SearchInstanceIo, JsspAcceptsReentrantJobs) {
  auto p = parse_jssp("1 2\n0 3 1 4 0 5\n", "re");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->operations.size(), 3u);
  EXPECT_EQ(p->operations[2].alternatives[0].machine, 0);
}

TEST(SearchInstanceIo, JsspRejectsBadNumbersWithTheLine) {
  auto p = parse_jssp("2 2\n0 5 1 4\n\n0 x 1 3\n", "bad");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(first_field(p.error()), "line 4");
  EXPECT_NE(p.error().fields[0].message.find("'x'"), std::string::npos);
}

TEST(SearchInstanceIo, JsspRejectsMachineOutOfRangeAndWrongCounts) {
  auto out_of_range = parse_jssp("2 2\n0 5 1 4\n0 5 2 3\n", "bad");
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_EQ(first_field(out_of_range.error()), "line 3");
  auto odd = parse_jssp("1 2\n0 5 1\n", "bad");
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(first_field(odd.error()), "line 2");
  auto missing_job = parse_jssp("3 2\n0 5 1 4\n0 5 1 3\n", "bad");
  ASSERT_FALSE(missing_job.ok());
  auto extra_job = parse_jssp("1 2\n0 5 1 4\n0 5 1 3\n", "bad");
  ASSERT_FALSE(extra_job.ok());
  EXPECT_EQ(first_field(extra_job.error()), "line 3");
  EXPECT_FALSE(parse_jssp("", "empty").ok());
  EXPECT_FALSE(parse_jssp("0 3\n", "zero").ok());
  EXPECT_FALSE(parse_jssp("1 2\n0 -5 1 4\n", "negative").ok());
}

TEST(SearchInstanceIo, ParsesFjspWithMachinesFromOne) {
  auto p = parse_fjsp("2 3 1.5\n2  2 1 4 3 6  1 2 5\n1  3 1 1 2 2 3 3\n", "f");
  ASSERT_TRUE(p.ok()) << (p.ok() ? "" : first_field(p.error()));
  ASSERT_EQ(p->operations.size(), 3u);
  ASSERT_EQ(p->operations[0].alternatives.size(), 2u);
  EXPECT_EQ(p->operations[0].alternatives[0].machine, 0);
  EXPECT_EQ(p->operations[0].alternatives[1].machine, 2);
  EXPECT_EQ(p->operations[0].alternatives[1].run, 6);
  EXPECT_EQ(p->operations[1].alternatives[0].machine, 1);
  EXPECT_EQ(p->operations[2].alternatives.size(), 3u);
  EXPECT_EQ(p->precedences.size(), 1u);
}

TEST(SearchInstanceIo, FjspRejectsBadLinesWithTheLine) {
  auto zero_machine = parse_fjsp("1 2 1\n1  1 0 4\n", "f");
  ASSERT_FALSE(zero_machine.ok());
  EXPECT_EQ(first_field(zero_machine.error()), "line 2");
  auto too_high = parse_fjsp("1 2 1\n1  1 3 4\n", "f");
  ASSERT_FALSE(too_high.ok());
  auto short_line = parse_fjsp("2 2 1\n1  1 1 4\n2  1 1 4 2 1\n", "f");
  ASSERT_FALSE(short_line.ok());
  EXPECT_EQ(first_field(short_line.error()), "line 3");
  auto trailing = parse_fjsp("1 2 1\n1  1 1 4 9\n", "f");
  ASSERT_FALSE(trailing.ok());
  auto no_alts = parse_fjsp("1 2 1\n1  0\n", "f");
  ASSERT_FALSE(no_alts.ok());
  // Found by fuzz/instance_fuzz: a machine listed twice for one operation.
  auto twice = parse_fjsp("2 2 2\n1  1 1 3\n2  1 2 4  2 2 4 2 2\n", "f");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(first_field(twice.error()), "line 3");
  EXPECT_NE(twice.error().fields[0].message.find("machine 2 listed twice for operation 2"),
            std::string::npos)
      << twice.error().fields[0].message;
}

TEST(SearchInstanceIo, ReadsBothBoundsLayouts) {
  auto jssp = parse_bounds_csv(
      "name,size,lb,ub,status,source\n"
      "abz5,10 x 10,1234,1234,closed,\"Adams, Balas and Zawack 1988\"\n"
      "ta40,30 x 15,1651,1669,open,\"Taillard, 1993\"\n");
  ASSERT_TRUE(jssp.ok());
  ASSERT_EQ(jssp->size(), 2u);
  EXPECT_EQ(jssp->at("ta40").lb, 1651);
  EXPECT_EQ(jssp->at("ta40").ub, 1669);
  auto fjsp = parse_bounds_csv("name,family,lb,ub,status\nmk10,Brandimarte1993,189,193,open\n");
  ASSERT_TRUE(fjsp.ok());
  EXPECT_EQ(fjsp->at("mk10").lb, 189);
  EXPECT_EQ(fjsp->at("mk10").ub, 193);
}

TEST(SearchInstanceIo, BlankBoundsOfOpenInstancesAreUnknownNotErrors) {
  auto bounds = parse_bounds_csv(
      "name,size,lb,ub,status,source\n"
      "ta01,15 x 15,1231,1231,closed,Taillard 1993\n"
      "ta71,100 x 20,,,open,Taillard 1993\n"
      "ta72,100 x 20,5181, ,open,Taillard 1993\r\n");
  ASSERT_TRUE(bounds.ok()) << bounds.error().message;
  ASSERT_EQ(bounds->size(), 3u);
  EXPECT_EQ(bounds->at("ta01").ub, 1231);
  EXPECT_FALSE(bounds->at("ta71").lb.has_value());
  EXPECT_FALSE(bounds->at("ta71").ub.has_value());
  EXPECT_EQ(bounds->at("ta72").lb, 5181);
  EXPECT_FALSE(bounds->at("ta72").ub.has_value());
}

TEST(SearchInstanceIo, BoundsRejectBadRows) {
  auto bad = parse_bounds_csv("name,family,lb,ub,status\nmk01,B,40,forty,closed\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(first_field(bad.error()), "line 2");
  EXPECT_FALSE(parse_bounds_csv("name,size,status\nx,1,closed\n").ok());
  EXPECT_FALSE(parse_bounds_csv("name,family,lb,ub\nmk01,B\n").ok());
}

TEST(SearchInstanceIo, MissingFileIsNotFound) {
  auto p = read_instance("/nonexistent/kerf/ta01.txt", InstanceFormat::kJssp);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace kerf::schedule::search
