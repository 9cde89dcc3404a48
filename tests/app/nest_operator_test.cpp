// The operator actions on a program of the laser queue, on both backends: start, stop, done,
// reject pieces, delete; each audited with an event whose origin is "kerf" (the sync's own
// changes say "sigmanest"), refused transitions are kFailedPrecondition, bad inputs name the
// field, and a role without operate_nests is refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/nest_fixture.h"

namespace kerf::app::testing {
namespace {

using model::NestState;
using model::OperationStatus;
using model::Role;

class NestOperatorTest : public NestFixture {
 protected:
  void SetUp() override {
    NestFixture::SetUp();
    if (HasFatalFailure()) return;
    auto posted = app().nests().post_program(sigmanest_, program("N-OP"));
    ASSERT_TRUE(posted.ok()) << fields_of(posted.error());
    nest_ = *posted;
    topics();
  }

  // The payload of the only event since the last call; fails when there is not exactly one.
  nlohmann::json only_event(const std::string& topic) {
    auto events = bus_events();
    EXPECT_EQ(events.size(), 1u);
    if (events.size() != 1) return {};
    EXPECT_EQ(events[0].topic, topic);
    return nlohmann::json::parse(events[0].payload_json);
  }

  Principal operator_ = as(Role::kOperator, 0, "op.ana");
  model::Nest nest_;
};

TEST_P(NestOperatorTest, StartStopDoneFromKerf) {
  auto started = app().nests().start_program(operator_, nest_.id);
  ASSERT_TRUE(started.ok()) << fields_of(started.error());
  EXPECT_EQ(started->state, NestState::kStarted);
  auto e = only_event("nest.state");
  EXPECT_EQ(e["state"], "started");
  EXPECT_EQ(e["origin"], "kerf");
  EXPECT_EQ(e["machine"], "LAS-1");
  EXPECT_EQ(e["program_name"], "N-OP");
  auto audit = last_audit();
  EXPECT_EQ(audit.action, "state");
  EXPECT_EQ(audit.actor, "op.ana");

  auto stopped = app().nests().stop_program(as(Role::kLead), nest_.id, 420);
  ASSERT_TRUE(stopped.ok()) << fields_of(stopped.error());
  EXPECT_EQ(stopped->state, NestState::kStopped);
  EXPECT_EQ(stopped->cut_seconds_actual, 420);
  e = only_event("nest.state");
  EXPECT_EQ(e["state"], "stopped");
  EXPECT_EQ(e["cut_seconds_actual"], 420);
  EXPECT_EQ(e["origin"], "kerf");

  ASSERT_TRUE(app().nests().start_program(operator_, nest_.id).ok());
  topics();
  auto done = app().nests().finish_program(operator_, nest_.id, 1700);
  ASSERT_TRUE(done.ok()) << fields_of(done.error());
  EXPECT_EQ(done->nest.state, NestState::kCut);
  EXPECT_EQ(done->nest.cut_seconds_actual, 1700);
  EXPECT_EQ(done->heat_lot_id, heat_lot_id_);
  // The cut did what Sigmanest's would: sheets consumed, pieces on the laser operations.
  EXPECT_EQ(operation(job1_.operations[0].id).status, OperationStatus::kComplete);
  EXPECT_EQ(operation(job2_.operations[0].id).qty_good, 2);
  auto sheets = app().materials().list_sheets(system(), {});
  ASSERT_TRUE(sheets.ok());
  for (const auto& s : sheets->items) {
    if (s.id == sheet_.id) EXPECT_EQ(s.quantity, 8);
  }
  nlohmann::json cut;
  for (auto& ev : bus_events()) {
    if (ev.topic == "nest.cut") cut = nlohmann::json::parse(ev.payload_json);
  }
  EXPECT_EQ(cut["origin"], "kerf");
  EXPECT_EQ(cut["cut_seconds_actual"], 1700);
  EXPECT_EQ(cut["sheet_id"], sheet_.id);

  // Done is final; Sigmanest's SN102 for the same program afterwards is a second cut, which
  // the inbound sync reads as already applied (kFailedPrecondition).
  EXPECT_EQ(app().nests().start_program(operator_, nest_.id).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(app().nests().finish_program(operator_, nest_.id).error().code,
            ErrorCode::kFailedPrecondition);
  CutProgramInput again;
  again.program_name = "N-OP";
  EXPECT_EQ(app().nests().cut_program(sigmanest_, again).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST_P(NestOperatorTest, SigmanestsReportAfterADoneInKerfBringsTheRemnantsOnce) {
  ASSERT_TRUE(app().nests().start_program(operator_, nest_.id).ok());
  auto done = app().nests().finish_program(operator_, nest_.id, 900);
  ASSERT_TRUE(done.ok()) << fields_of(done.error());
  EXPECT_TRUE(done->remnant_sheet_ids.empty());
  EXPECT_FALSE(done->nest.remnants_reported);
  topics();
  // Bad remnants name the field and write nothing.
  auto bad = app().nests().record_remnants(
      sigmanest_, "N-OP", {{0, 500, "", ""}, {900, 500, "", "R-1"}, {900, 500, "", "R-1"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(has_field(bad.error(), "remnants/0/length_mm")) << fields_of(bad.error());
  EXPECT_TRUE(has_field(bad.error(), "remnants/2/name")) << fields_of(bad.error());
  // Sigmanest's SN102 for the program: its remnant goes into stock from the program's sheet.
  auto added = app().nests().record_remnants(sigmanest_, "N-OP", {{1500, 600, "R-RACK", "R-N-OP"}});
  ASSERT_TRUE(added.ok()) << fields_of(added.error());
  // Sigmanest's name of the remnant leads to it (a program nested on it resolves to it).
  auto named = app().sigmanest().remnant_sheet(sigmanest_, "R-N-OP");
  ASSERT_TRUE(named.ok()) << named.error().message;
  EXPECT_EQ(*named, std::optional<int64_t>(added->at(0)));
  ASSERT_EQ(added->size(), 1u);
  auto e = only_event("nest.remnants");
  EXPECT_EQ(e["origin"], "sigmanest");
  EXPECT_EQ(e["remnant_ids"], nlohmann::json::array({added->front()}));
  auto sheets = app().materials().list_sheets(system(), {});
  ASSERT_TRUE(sheets.ok());
  bool found = false;
  for (const auto& s : sheets->items) {
    if (s.id != added->front()) continue;
    found = true;
    EXPECT_TRUE(s.is_remnant);
    EXPECT_EQ(s.parent_sheet_id, sheet_.id);
    EXPECT_EQ(s.heat_lot_id, heat_lot_id_);
    EXPECT_EQ(s.location, "R-RACK");
    EXPECT_EQ(s.length_mm, 1500);
  }
  EXPECT_TRUE(found);
  // Reported once: a second report adds nothing.
  auto again = app().nests().record_remnants(sigmanest_, "N-OP", {{1500, 600, "", ""}});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_TRUE(bus_events().empty());
}

TEST_P(NestOperatorTest, AProgramSigmanestCutHasItsRemnantsAlready) {
  CutProgramInput in;
  in.program_name = "N-OP";
  in.remnants = {{1000, 400, "", ""}};
  auto cut = app().nests().cut_program(sigmanest_, in);
  ASSERT_TRUE(cut.ok()) << fields_of(cut.error());
  EXPECT_TRUE(cut->nest.remnants_reported);
  EXPECT_EQ(cut->remnant_sheet_ids.size(), 1u);
  auto again = app().nests().record_remnants(sigmanest_, "N-OP", {{1000, 400, "", ""}});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST_P(NestOperatorTest, SigmanestFeedbackSaysOriginSigmanest) {
  ASSERT_TRUE(app().nests().set_state(sigmanest_, "N-OP", NestState::kStarted).ok());
  EXPECT_EQ(only_event("nest.state")["origin"], "sigmanest");
  ASSERT_TRUE(app().nests().set_state(sigmanest_, "N-OP", NestState::kStopped).ok());
  topics();
  ASSERT_TRUE(app().nests().delete_program(sigmanest_, "N-OP").ok());
  EXPECT_EQ(only_event("nest.deleted")["origin"], "sigmanest");
}

TEST_P(NestOperatorTest, RefusedTransitionsWriteNothing) {
  const Counts before = counts();
  // posted: cannot be stopped or done.
  EXPECT_EQ(app().nests().stop_program(operator_, nest_.id).error().code,
            ErrorCode::kFailedPrecondition);
  auto done = app().nests().finish_program(operator_, nest_.id);
  EXPECT_EQ(done.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(done.error().message.find("is posted"), std::string::npos) << done.error().message;
  ASSERT_TRUE(app().nests().start_program(operator_, nest_.id).ok());
  const Counts started = counts();
  // started: cannot be started again nor deleted.
  EXPECT_EQ(app().nests().start_program(operator_, nest_.id).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(app().nests().remove_program(operator_, nest_.id).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(counts(), started);
  EXPECT_NE(before, started);
  EXPECT_EQ(app().nests().start_program(operator_, 999999).error().code, ErrorCode::kNotFound);
  // Field-named input errors, before any database work.
  EXPECT_TRUE(
      has_field(app().nests().stop_program(operator_, nest_.id, -1).error(), "cut_seconds"));
  EXPECT_TRUE(
      has_field(app().nests().finish_program(operator_, nest_.id, -5).error(), "cut_seconds"));
  // A role without operate_nests.
  for (Role r : {Role::kQuality, Role::kShipping}) {
    EXPECT_EQ(app().nests().start_program(as(r), nest_.id).error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(app().nests().remove_program(as(r), nest_.id).error().code,
              ErrorCode::kPermissionDenied);
  }
  EXPECT_EQ(counts(), started);
}

TEST_P(NestOperatorTest, RejectTakesPiecesOffTheProgram) {
  RejectPartInput in;
  in.part_id = part_id_;
  in.job_id = job1_.job.id;
  in.pieces = 3;
  in.reason = "dross on the edge";
  auto rejected = app().nests().reject_part(operator_, nest_.id, in);
  ASSERT_TRUE(rejected.ok()) << fields_of(rejected.error());
  ASSERT_EQ(rejected->parts.size(), 2u);
  EXPECT_EQ(rejected->parts[0].qty, 7);
  auto e = only_event("nest.part_rejected");
  EXPECT_EQ(e["origin"], "kerf");
  EXPECT_EQ(e["pieces"], 3);
  EXPECT_EQ(e["part_number"], "P1");
  EXPECT_EQ(e["job_id"], job1_.job.id);
  EXPECT_EQ(e["sheet_id"], sheet_.id);
  EXPECT_EQ(e["reason"], "dross on the edge");
  EXPECT_EQ(last_audit().action, "reject_part");

  // All of J-2's pieces: its line leaves the program.
  in.job_id = job2_.job.id;
  in.pieces = 2;
  auto gone = app().nests().reject_part(operator_, nest_.id, in);
  ASSERT_TRUE(gone.ok()) << fields_of(gone.error());
  ASSERT_EQ(gone->parts.size(), 1u);
  EXPECT_EQ(gone->parts[0].job_id, job1_.job.id);

  // Field-named refusals.
  in.job_id = job1_.job.id;
  in.pieces = 8;  // 7 left
  EXPECT_TRUE(has_field(app().nests().reject_part(operator_, nest_.id, in).error(), "pieces"));
  in.pieces = 7;  // the program's last pieces
  EXPECT_TRUE(has_field(app().nests().reject_part(operator_, nest_.id, in).error(), "pieces"));
  in.pieces = 0;
  in.reason = "";
  auto bad = app().nests().reject_part(operator_, nest_.id, in);
  EXPECT_TRUE(has_field(bad.error(), "pieces"));
  EXPECT_TRUE(has_field(bad.error(), "reason"));
  in.pieces = 1;
  in.reason = "burr";
  in.job_id = job2_.job.id;  // no longer on the program
  EXPECT_TRUE(has_field(app().nests().reject_part(operator_, nest_.id, in).error(), "job_id"));
  in.job_id = 0;
  in.part_id = part_id_ + 1000;
  EXPECT_TRUE(has_field(app().nests().reject_part(operator_, nest_.id, in).error(), "part_id"));
  EXPECT_EQ(app().nests().reject_part(as(Role::kQuality), nest_.id, in).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_P(NestOperatorTest, RejectNeedsTheJobWhenThePartIsThereTwice) {
  RejectPartInput in;
  in.part_id = part_id_;
  in.pieces = 1;
  in.reason = "bent";
  EXPECT_TRUE(has_field(app().nests().reject_part(operator_, nest_.id, in).error(), "job_id"));
}

TEST_P(NestOperatorTest, DeleteAPostedOrStoppedProgram) {
  ASSERT_TRUE(app().nests().remove_program(operator_, nest_.id).ok());
  auto e = only_event("nest.deleted");
  EXPECT_EQ(e["origin"], "kerf");
  EXPECT_EQ(e["program_name"], "N-OP");
  EXPECT_EQ(count("nests"), 0);
  EXPECT_EQ(app().nests().remove_program(operator_, nest_.id).error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, NestOperatorTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kerf::app::testing
