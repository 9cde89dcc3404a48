// Feedback packet -> program event (columns, conversions, fields named on refusal) and the
// re-post collapse rule (docs/sigmanest_inbound.md).
#include "kerf/integrations/sigmanest/program_event.h"

#include <gtest/gtest.h>

namespace kerf::integrations::sigmanest {
namespace {

FeedbackRow row(FeedbackTable t, int64_t auto_id, int64_t packet, const std::string& type,
                std::map<std::string, std::string> cols) {
  FeedbackRow r;
  r.table = t;
  r.auto_id = auto_id;
  r.archive_packet_id = packet;
  r.trans_type = type;
  r.columns = std::move(cols);
  return r;
}

FeedbackPacket posted(int64_t packet, const std::string& program = "N-304-1.5-0001") {
  FeedbackPacket p{packet, "SN100", {}};
  p.rows.push_back(row(FeedbackTable::kPrgArc, 1, packet, "SN100",
                       {{"ProgramName", program},
                        {"RepeatID", "1"},
                        {"SheetName", "S000007"},
                        {"MachineName", "LASER-1"},
                        {"CuttingTime", "754"},
                        {"UsedArea", "2430000"},
                        {"SheetLength", "3000"},
                        {"SheetWidth", "1000"},
                        {"ScrapFraction", "0.19"}}));
  p.rows.push_back(row(FeedbackTable::kPIPArc, 1, packet, "SN100",
                       {{"WONumber", "J-1001"},
                        {"PartName", "BR-1"},
                        {"QtyInProcess", "12"},
                        {"ItemData1", "41"},
                        {"ItemData3", "9"}}));
  p.rows.push_back(row(FeedbackTable::kShtArc, 1, packet, "SN100",
                       {{"SheetName", "S000007"}, {"HeatNumber", "H-77"}, {"Qty", "2"}}));
  return p;
}

std::string first_field(const Error& e) { return e.fields.empty() ? "" : e.fields[0].field; }

TEST(ProgramEvent, ReadsAPostedProgram) {
  auto e = parse_program_event(posted(5), {});
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->program_name, "N-304-1.5-0001");
  EXPECT_EQ(e->natural_key(), "N-304-1.5-0001#1");
  EXPECT_EQ(e->sheet_name, "S000007");
  EXPECT_EQ(e->heat_number, "H-77");
  EXPECT_EQ(e->repeat, 2);
  EXPECT_EQ(e->cut_seconds, 754);
  EXPECT_DOUBLE_EQ(e->utilisation, 0.81);
  ASSERT_EQ(e->parts_in_process.size(), 1u);
  EXPECT_EQ(e->parts_in_process[0].job_id, 41);
  EXPECT_EQ(e->parts_in_process[0].part_id, 9);
  EXPECT_EQ(e->parts_in_process[0].qty, 12);
}

TEST(ProgramEvent, DropsDuplicateRows) {
  FeedbackPacket p = posted(5);
  FeedbackRow dup = p.rows[1];
  dup.auto_id = 2;
  p.rows.push_back(dup);
  auto e = parse_program_event(p, {});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->duplicate_rows, 1);
  EXPECT_EQ(e->parts_in_process.size(), 1u);
}

TEST(ProgramEvent, RefusesWithTheFieldNamed) {
  FeedbackPacket p = posted(5);
  p.rows[1].columns["QtyInProcess"] = "twelve";
  auto e = parse_program_event(p, {});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(first_field(e.error()), "STPIPArc.QtyInProcess");

  p = posted(5);
  p.rows[0].columns.erase("ProgramName");
  EXPECT_EQ(first_field(parse_program_event(p, {}).error()), "STPrgArc.ProgramName");
  EXPECT_EQ(packet_natural_key(p), "packet:5");

  p = posted(5);
  p.rows[0].columns["UsedArea"] = "3000001";
  EXPECT_EQ(first_field(parse_program_event(p, {}).error()), "STPrgArc.UsedArea");

  p = posted(5);
  p.rows[1].columns.erase("ItemData1");
  p.rows[1].columns.erase("WONumber");
  EXPECT_EQ(first_field(parse_program_event(p, {}).error()), "STPIPArc.WONumber");

  p = posted(5);
  p.rows[2].columns["HeatNumber"] = "H-78";
  p.rows[0].columns["HeatNumber"] = "H-77";
  EXPECT_EQ(first_field(parse_program_event(p, {}).error()), "STShtArc.HeatNumber");

  p = posted(5);
  p.trans_type = "SN999";
  EXPECT_EQ(first_field(parse_program_event(p, {}).error()), "TransType");
}

TEST(ProgramEvent, ReadsACutWithRemnants) {
  FeedbackPacket p{9, "SN102", {}};
  p.rows.push_back(row(FeedbackTable::kPrgArc, 3, 9, "SN102",
                       {{"ProgramName", "N1"}, {"RepeatID", "1"}, {"ActualCutTime", "800"}}));
  p.rows.push_back(row(FeedbackTable::kPrtArc, 3, 9, "SN102",
                       {{"WONumber", "J-1"}, {"PartName", "P-1"}, {"QtyProgram", "4"}}));
  p.rows.push_back(row(FeedbackTable::kRemArc, 3, 9, "SN102",
                       {{"Length", "1200"}, {"Width", "400.5"}, {"Location", "R-2"}}));
  auto e = parse_program_event(p, {"", ""});
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->cut_seconds_actual, 800);
  ASSERT_EQ(e->parts_cut.size(), 1u);
  EXPECT_EQ(e->parts_cut[0].wo_number, "J-1");
  ASSERT_EQ(e->remnants.size(), 1u);
  EXPECT_DOUBLE_EQ(e->remnants[0].width_mm, 400.5);
  p.rows[2].columns["Width"] = "0";
  EXPECT_EQ(first_field(parse_program_event(p, {}).error()), "STRemArc.Width");
}

ProgramEvent ev(int64_t packet, const std::string& type, const std::string& program) {
  ProgramEvent e;
  e.archive_packet_id = packet;
  e.trans_type = type;
  e.program_name = program;
  return e;
}

TEST(Collapse, DeleteThenPostIsARepost) {
  auto s = collapsed_deletes({ev(1, "SN101", "A"), ev(2, "SN100", "A")}, {"A"});
  EXPECT_EQ(s, std::set<int64_t>{1});
}

TEST(Collapse, PostThenDeleteOfAKnownProgramIsARepost) {
  auto s = collapsed_deletes({ev(1, "SN100", "A"), ev(2, "SN101", "A")}, {"A"});
  EXPECT_EQ(s, std::set<int64_t>{2});
}

TEST(Collapse, FreshPostThenDeleteBothApply) {
  EXPECT_TRUE(collapsed_deletes({ev(1, "SN100", "A"), ev(2, "SN101", "A")}, {}).empty());
  // ...but once posted in the batch, a later post-then-delete pair is a re-post.
  auto s = collapsed_deletes(
      {ev(1, "SN100", "A"), ev(2, "SN102", "A"), ev(3, "SN100", "A"), ev(4, "SN101", "A")}, {});
  EXPECT_EQ(s, std::set<int64_t>{4});
}

TEST(Collapse, PairsOnlyAdjacentEventsOfTheSameProgram) {
  // Other programs in between do not matter; a lone delete stays a delete.
  auto s = collapsed_deletes(
      {ev(1, "SN101", "A"), ev(2, "SN100", "B"), ev(3, "SN100", "A"), ev(4, "SN101", "C")},
      {"A", "C"});
  EXPECT_EQ(s, std::set<int64_t>{1});
  EXPECT_TRUE(collapsed_deletes({ev(1, "SN101", "A"), ev(2, "SN102", "A")}, {"A"}).empty());
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
