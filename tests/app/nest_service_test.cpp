// NestService on both backends: a posted program becomes a nest linked to the jobs' laser
// operations, a re-post replaces it, a cut consumes the heat lot against every job on it
// (traceable both ways), completes the laser operations that reach the job quantity and puts
// the remnants into stock, once; refused inputs name the field and write nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "app/nest_fixture.h"

namespace kerf::app::testing {
namespace {

using model::NestState;
using model::OperationStatus;
using model::Role;

class NestServiceTest : public NestFixture {};

TEST_P(NestServiceTest, PostCreatesANestLinkedToTheLaserOperations) {
  auto nest = app().nests().post_program(sigmanest_, program("N-304-1.5-0001"));
  ASSERT_TRUE(nest.ok()) << fields_of(nest.error());
  EXPECT_EQ(nest->version, 1);
  EXPECT_EQ(nest->state, NestState::kPosted);
  EXPECT_EQ(nest->material, model::Material::kStainless304);
  EXPECT_EQ(nest->thickness_mm, 1.5);
  EXPECT_EQ(nest->work_center_id, wc_ids_[0]);  // machine name = work center code
  EXPECT_EQ(nest->repeat, 2);
  EXPECT_EQ(nest->cut_seconds_est, 1800);
  EXPECT_EQ(nest->utilisation, 0.8);
  EXPECT_EQ(nest->archive_packet_id, 41);
  EXPECT_EQ(nest->queue_position, 1);
  EXPECT_EQ(nest->posted_at, t0());
  ASSERT_EQ(nest->parts.size(), 2u);
  EXPECT_EQ(nest->parts[0].operation_id, job1_.operations[0].id);  // the laser operation
  EXPECT_EQ(nest->parts[1].operation_id, job2_.operations[0].id);
  EXPECT_EQ(topics(), std::vector<std::string>{"nest.posted"});
  auto audit = last_audit();
  EXPECT_EQ(audit.entity, "nest");
  EXPECT_EQ(audit.action, "post");
  EXPECT_EQ(audit.actor, "sigmanest");
  auto doc = nlohmann::json::parse(*audit.after_json);
  EXPECT_EQ(doc["state"], "posted");
  EXPECT_EQ(doc["parts"][0]["operation_id"], job1_.operations[0].id);

  // The next program on the same laser queues behind it; a machine code maps to its laser.
  model::Machine machine;
  machine.code = "LASER_12K";
  machine.name = "Fiber laser 12 kW";
  machine.work_center_id = wc_ids_[1];
  ASSERT_TRUE(app().machines().create(system(), machine).ok());
  auto second = program("N-304-1.5-0002");
  auto next = app().nests().post_program(sigmanest_, second);
  ASSERT_TRUE(next.ok()) << fields_of(next.error());
  EXPECT_EQ(next->queue_position, 2);
  second.program_name = "N-304-1.5-0003";
  second.machine_name = "LASER_12K";
  auto mapped = app().nests().post_program(sigmanest_, second);
  ASSERT_TRUE(mapped.ok()) << fields_of(mapped.error());
  EXPECT_EQ(mapped->work_center_id, wc_ids_[1]);
  EXPECT_EQ(mapped->queue_position, 1);
  second.program_name = "N-304-1.5-0004";
  second.machine_name = "UNKNOWN_LASER";
  auto loose = app().nests().post_program(sigmanest_, second);
  ASSERT_TRUE(loose.ok()) << fields_of(loose.error());
  EXPECT_EQ(loose->work_center_id, 0);  // waits in the "not assigned" queue

  auto found = app().nests().find_by_program(as(Role::kOperator), "N-304-1.5-0002");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, next->id);
}

TEST_P(NestServiceTest, RepostReplacesTheProgram) {
  auto first = app().nests().post_program(sigmanest_, program("N-RE"));
  ASSERT_TRUE(first.ok()) << fields_of(first.error());
  topics();
  auto again = program("N-RE");
  again.parts = {{job2_.job.id, part_id_, 4}};
  again.repeat = 1;
  again.cut_seconds = 900;
  again.archive_packet_id = 42;
  clock_.advance(std::chrono::minutes(5));
  auto second = app().nests().post_program(sigmanest_, again);
  ASSERT_TRUE(second.ok()) << fields_of(second.error());
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->version, 2);
  ASSERT_EQ(second->parts.size(), 1u);
  EXPECT_EQ(second->parts[0].job_id, job2_.job.id);
  EXPECT_EQ(second->repeat, 1);
  EXPECT_EQ(second->cut_seconds_est, 900);
  EXPECT_EQ(second->archive_packet_id, 42);
  EXPECT_EQ(second->queue_position, first->queue_position);  // keeps its place
  EXPECT_EQ(second->posted_at, t0() + std::chrono::minutes(5));
  EXPECT_EQ(count("nests"), 1);
  EXPECT_EQ(count("nest_parts"), 1);
  auto events = bus_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(events[0].payload_json)["reposted"], true);
  EXPECT_EQ(last_audit().action, "repost");

  // A started program cannot be replaced.
  ASSERT_TRUE(app().nests().set_state(sigmanest_, "N-RE", NestState::kStarted).ok());
  auto refused = app().nests().post_program(sigmanest_, again);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(NestServiceTest, CutConsumesTheHeatLotCompletesOperationsAndStocksRemnants) {
  auto posted = app().nests().post_program(sigmanest_, program("N-CUT"));
  ASSERT_TRUE(posted.ok()) << fields_of(posted.error());
  ASSERT_TRUE(app().nests().set_state(sigmanest_, "N-CUT", NestState::kStarted, 600).ok());
  topics();
  clock_.advance(std::chrono::minutes(30));

  CutProgramInput cut;
  cut.program_name = "N-CUT";
  cut.cut_seconds_actual = 1750;
  cut.remnants = {{1000, 1200, "", ""}, {800, 400, "REM-RACK", ""}};
  cut.archive_packet_id = 43;
  auto done = app().nests().cut_program(sigmanest_, cut);
  ASSERT_TRUE(done.ok()) << fields_of(done.error());
  EXPECT_EQ(done->nest.state, NestState::kCut);
  EXPECT_EQ(done->nest.cut_at, t0() + std::chrono::minutes(30));
  EXPECT_EQ(done->nest.cut_seconds_actual, 1750);
  EXPECT_EQ(done->nest.archive_packet_id, 43);
  EXPECT_EQ(done->heat_lot_id, heat_lot_id_);
  EXPECT_EQ(done->completed_operation_ids, std::vector<int64_t>{job1_.operations[0].id});

  // Sheets: repeat (2) left stock once; each job is traced to them.
  auto sheets = app().materials().list_sheets(system(), {});
  ASSERT_TRUE(sheets.ok());
  int remnants = 0;
  for (const auto& s : sheets->items) {
    if (s.id == sheet_.id) EXPECT_EQ(s.quantity, 8);
    if (!s.is_remnant) continue;
    ++remnants;
    EXPECT_EQ(s.parent_sheet_id, sheet_.id);
    EXPECT_EQ(s.heat_lot_id, heat_lot_id_);
    EXPECT_EQ(s.quantity, 1);
    EXPECT_GE(s.length_mm, s.width_mm);
    EXPECT_EQ(s.location, s.length_mm == 1200 ? "RACK-A1" : "REM-RACK");
  }
  EXPECT_EQ(remnants, 2);
  EXPECT_EQ(done->remnant_sheet_ids.size(), 2u);
  EXPECT_EQ(count("material_consumptions"), 2);

  auto lot = app().trace().heat_lot_trace(system(), heat_lot_id_);
  ASSERT_TRUE(lot.ok()) << lot.error().message;
  std::set<std::string> lot_jobs;
  double lot_share = 0;
  for (const auto& j : (*lot)["jobs"]) {
    lot_jobs.insert(j["job_number"].get<std::string>());
    lot_share += j["sheet_share"].get<double>();
  }
  EXPECT_EQ(lot_jobs, (std::set<std::string>{"J-1", "J-2"}));
  EXPECT_NEAR(lot_share, 2.0, 1e-3);  // the shares add up to the sheets cut, not 2 x 2
  // Each job is traced to both sheets; its share follows its pieces (10 and 2 of one part).
  for (auto [job, share] : {std::pair{&job1_, 1.6667}, std::pair{&job2_, 0.3333}}) {
    auto mats = app().trace().job_materials(system(), job->job.id);
    ASSERT_TRUE(mats.ok()) << mats.error().message;
    ASSERT_EQ((*mats)["heat_lots"].size(), 1u);
    EXPECT_EQ((*mats)["heat_lots"][0]["number"], "H-8841");
    EXPECT_EQ((*mats)["heat_lots"][0]["sheet_share"], share);
    EXPECT_EQ((*mats)["items"][0]["quantity"], 2);
    EXPECT_EQ((*mats)["items"][0]["sheet_share"], share);
  }

  // J-1: all 10 cut -> laser complete, bend ready. J-2: 2 of 4 -> laser running with 2 good.
  auto laser1 = operation(job1_.operations[0].id);
  EXPECT_EQ(laser1.status, OperationStatus::kComplete);
  EXPECT_EQ(laser1.qty_good, 10);
  EXPECT_EQ(operation(job1_.operations[1].id).status, OperationStatus::kReady);
  auto laser2 = operation(job2_.operations[0].id);
  EXPECT_EQ(laser2.status, OperationStatus::kRunning);
  EXPECT_EQ(laser2.qty_good, 2);
  auto job1 = app().jobs().get(system(), job1_.job.id);
  ASSERT_TRUE(job1.ok());
  EXPECT_EQ(job1->job.status, model::JobStatus::kInProgress);

  auto seen = topics();
  EXPECT_EQ(seen.back(), "nest.cut");
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "material.consumed"), 2);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "operation.completed"), 1);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "operation.progressed"), 1);
  EXPECT_EQ(audit_rows("nest", "cut").total, 1);
  EXPECT_EQ(audit_rows("sheet", "remnant").total, 2);
  EXPECT_EQ(audit_rows("material_consumption", "consume").total, 2);

  // Idempotent per program: a second cut changes nothing.
  Counts before = counts();
  auto twice = app().nests().cut_program(sigmanest_, cut);
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(count("material_consumptions"), 2);

  // Nest efficiency on the plant-local day of the cut.
  auto rows = app().nests().efficiency(as(Role::kOperator), "2026-11-24", "2026-11-24");
  ASSERT_TRUE(rows.ok()) << fields_of(rows.error());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].day, "2026-11-24");
  EXPECT_EQ((*rows)[0].programs, 1);
  EXPECT_EQ((*rows)[0].sheets, 2);
  EXPECT_DOUBLE_EQ((*rows)[0].utilisation, 0.8);
  EXPECT_DOUBLE_EQ((*rows)[0].scrap_fraction, 0.2);
  auto none = app().nests().efficiency(as(Role::kOperator), "2026-11-25", "2026-11-26");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(NestServiceTest, CutWithReportedGoodPiecesAddsUpToTheJobQuantity) {
  auto in = program("N-GOOD");
  in.parts = {{job2_.job.id, part_id_, 3}};
  in.repeat = 1;
  ASSERT_TRUE(app().nests().post_program(sigmanest_, in).ok());
  auto more = program("N-GOOD-2");
  more.parts = {{job2_.job.id, part_id_, 3}};
  more.repeat = 1;
  ASSERT_TRUE(app().nests().post_program(sigmanest_, more).ok());
  CutProgramInput cut;
  cut.program_name = "N-GOOD";
  cut.parts_good = {{job2_.job.id, part_id_, 2}};  // one piece lost on the table
  auto first = app().nests().cut_program(sigmanest_, cut);
  ASSERT_TRUE(first.ok()) << fields_of(first.error());
  EXPECT_EQ(operation(job2_.operations[0].id).qty_good, 2);
  cut.program_name = "N-GOOD-2";
  cut.parts_good.clear();  // planned: 3, but only 2 are still needed
  auto second = app().nests().cut_program(sigmanest_, cut);
  ASSERT_TRUE(second.ok()) << fields_of(second.error());
  auto laser = operation(job2_.operations[0].id);
  EXPECT_EQ(laser.qty_good, 4);
  EXPECT_EQ(laser.status, OperationStatus::kComplete);
  EXPECT_EQ(second->completed_operation_ids, std::vector<int64_t>{laser.id});
}

TEST_P(NestServiceTest, RefusedInputsNameTheFieldAndWriteNothing) {
  Counts before = counts();
  auto bad = program("");
  bad.repeat = 0;
  bad.utilisation = 1.5;
  bad.scrap_fraction = -0.1;
  bad.cut_seconds = -1;
  bad.sheet_id = 0;
  bad.parts = {{0, part_id_, 0}};
  auto r = app().nests().post_program(sigmanest_, bad);
  ASSERT_FALSE(r.ok());
  for (const char* f : {"program_name", "repeat", "utilisation", "scrap_fraction", "cut_seconds",
                        "sheet_id", "parts/0/job_id", "parts/0/qty"}) {
    EXPECT_TRUE(has_field(r.error(), f)) << f << " " << fields_of(r.error());
  }
  auto empty = program("N-EMPTY");
  empty.parts.clear();
  EXPECT_TRUE(has_field(app().nests().post_program(sigmanest_, empty).error(), "parts"));

  auto unknown_job = program("N-X");
  unknown_job.parts[1].job_id = 9999;
  EXPECT_TRUE(
      has_field(app().nests().post_program(sigmanest_, unknown_job).error(), "parts/1/job_id"));
  auto unknown_sheet = program("N-X");
  unknown_sheet.sheet_id = 9999;
  EXPECT_TRUE(has_field(app().nests().post_program(sigmanest_, unknown_sheet).error(), "sheet_id"));
  auto unknown_wc = program("N-X");
  unknown_wc.work_center_id = 9999;
  EXPECT_TRUE(
      has_field(app().nests().post_program(sigmanest_, unknown_wc).error(), "work_center_id"));

  // A part that is not the job's; a sheet of another material.
  model::Part other;
  other.number = "P2";
  other.revision = "A";
  other.description = "Bracket";
  other.material = model::Material::kMildSteel;
  other.thickness_mm = 3;
  other.flat_length_mm = 200;
  other.flat_width_mm = 100;
  auto p2 = app().master_data().create(system(), other);
  ASSERT_TRUE(p2.ok()) << fields_of(p2.error());
  auto wrong_part = program("N-X");
  wrong_part.parts[0].part_id = p2->id;
  EXPECT_TRUE(
      has_field(app().nests().post_program(sigmanest_, wrong_part).error(), "parts/0/part_id"));
  ReceiveSheetsInput mild;
  mild.material = model::Material::kMildSteel;
  mild.thickness_mm = 3;
  mild.length_mm = 2500;
  mild.width_mm = 1250;
  mild.quantity = 1;
  mild.location = "RACK-B1";
  mild.heat_number = "H-MILD";
  mild.mill_cert_ref = "MTC-2";
  mild.supplier = "SSAB";
  auto mild_sheet = app().materials().receive(system(), mild);
  ASSERT_TRUE(mild_sheet.ok());
  auto wrong_sheet = program("N-X");
  wrong_sheet.sheet_id = mild_sheet->sheet.id;
  EXPECT_TRUE(has_field(app().nests().post_program(sigmanest_, wrong_sheet).error(), "sheet_id"));

  // Complete or cancelled jobs are not nested.
  ASSERT_TRUE(app().jobs().cancel(as(Role::kPlanner), job2_.job.id, "CUSTOMER_CANCELLED").ok());
  auto cancelled = app().nests().post_program(sigmanest_, program("N-X"));
  EXPECT_TRUE(has_field(cancelled.error(), "parts/1/job_id")) << fields_of(cancelled.error());
  EXPECT_EQ(count("nests"), 0);

  // An operator may not post; cuts of unknown programs are not found.
  EXPECT_EQ(app().nests().post_program(as(Role::kOperator), program("N-X")).error().code,
            ErrorCode::kPermissionDenied);
  CutProgramInput cut;
  cut.program_name = "N-NOPE";
  EXPECT_EQ(app().nests().cut_program(sigmanest_, cut).error().code, ErrorCode::kNotFound);
  cut.remnants = {{0, 100, "", ""}};
  cut.cut_seconds_actual = -1;
  auto bad_cut = app().nests().cut_program(sigmanest_, cut);
  EXPECT_TRUE(has_field(bad_cut.error(), "remnants/0/length_mm")) << fields_of(bad_cut.error());
  EXPECT_TRUE(has_field(bad_cut.error(), "cut_seconds_actual"));

  Counts after = counts();
  EXPECT_EQ(after.sheets, before.sheets + 1);  // the mild steel receipt above, nothing else
  EXPECT_EQ(count("nests"), 0);
}

TEST_P(NestServiceTest, CutRefusesJobsNotReleasedAndUnknownPieces) {
  JobDetail planned = create_job("J-PLAN", 5);
  auto in = program("N-PLAN");
  in.parts = {{planned.job.id, part_id_, 5}};
  auto posted = app().nests().post_program(sigmanest_, in);  // planned jobs may be nested
  ASSERT_TRUE(posted.ok()) << fields_of(posted.error());
  EXPECT_EQ(posted->parts[0].operation_id, planned.operations[0].id);
  Counts before = counts();
  CutProgramInput cut;
  cut.program_name = "N-PLAN";
  auto refused = app().nests().cut_program(sigmanest_, cut);
  EXPECT_TRUE(has_field(refused.error(), "parts/0/job_id")) << fields_of(refused.error());
  cut.parts_good = {{job1_.job.id, part_id_, 1}};
  auto stranger = app().nests().cut_program(sigmanest_, cut);
  EXPECT_TRUE(has_field(stranger.error(), "parts_good/0/part_id")) << fields_of(stranger.error());
  EXPECT_EQ(counts(), before);
}

TEST_P(NestServiceTest, StatesAndDelete) {
  ASSERT_TRUE(app().nests().post_program(sigmanest_, program("N-ST")).ok());
  topics();
  auto started = app().nests().set_state(sigmanest_, "N-ST", NestState::kStarted);
  ASSERT_TRUE(started.ok()) << fields_of(started.error());
  EXPECT_EQ(started->state, NestState::kStarted);
  auto same = app().nests().set_state(sigmanest_, "N-ST", NestState::kStarted);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->version, started->version);  // nothing written
  EXPECT_EQ(app().nests().delete_program(sigmanest_, "N-ST").error().code,
            ErrorCode::kFailedPrecondition);
  auto stopped = app().nests().set_state(sigmanest_, "N-ST", NestState::kStopped, 300);
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(stopped->cut_seconds_actual, 300);
  EXPECT_TRUE(
      has_field(app().nests().set_state(sigmanest_, "N-ST", NestState::kCut).error(), "state"));
  EXPECT_EQ(app().nests().set_state(sigmanest_, "N-NOPE", NestState::kStarted).error().code,
            ErrorCode::kNotFound);
  Status deleted = app().nests().delete_program(sigmanest_, "N-ST");
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(app().nests().delete_program(sigmanest_, "N-ST").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(topics(), (std::vector<std::string>{"nest.state", "nest.state", "nest.deleted"}));
  EXPECT_EQ(audit_rows("nest", "delete").total, 1);
  EXPECT_EQ(count("nest_parts"), 0);
}

TEST_P(NestServiceTest, LaserQueueInOrderWithSheetHeatAndJobs) {
  ASSERT_TRUE(app().nests().post_program(sigmanest_, program("N-Q1")).ok());
  auto loose = program("N-Q-LOOSE");
  loose.machine_name = "";
  ASSERT_TRUE(app().nests().post_program(sigmanest_, loose).ok());
  auto q2 = program("N-Q2");
  q2.parts = {{job2_.job.id, part_id_, 1}};
  ASSERT_TRUE(app().nests().post_program(sigmanest_, q2).ok());

  auto all = app().nests().laser_queue(as(Role::kOperator), std::nullopt);
  ASSERT_TRUE(all.ok()) << fields_of(all.error());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].nest.program_name, "N-Q1");
  EXPECT_EQ((*all)[0].work_center_code, "LAS-1");
  EXPECT_EQ((*all)[0].sheet_label, "stainless_304 1.5 x 3000 x 1500");
  EXPECT_EQ((*all)[0].heat_number, "H-8841");
  EXPECT_EQ((*all)[0].job_numbers, (std::vector<std::string>{"J-1", "J-2"}));
  EXPECT_FALSE((*all)[0].planned_start.has_value());

  // Once the plan placed the nest's operations, the queue shows the earliest start.
  auto placed = db_->transact([&](store::Tx& tx) -> Status {
    const std::vector<std::pair<int64_t, int>> starts = {{job1_.operations[0].id, 3},
                                                         {job2_.operations[0].id, 2}};
    for (const auto& [op, hours] : starts) {
      model::ScheduleSlot slot;
      slot.operation_id = op;
      slot.work_center_id = wc_ids_[0];
      slot.start = t0() + std::chrono::hours(hours);
      slot.end = slot.start + std::chrono::hours(1);
      auto saved = store::insert_schedule_slot(tx, slot);
      if (!saved.ok()) return saved.error();
    }
    return ok_status();
  });
  ASSERT_TRUE(placed.ok()) << placed.error().message;
  auto planned = app().nests().laser_queue(as(Role::kOperator), wc_ids_[0]);
  ASSERT_TRUE(planned.ok());
  ASSERT_EQ(planned->size(), 2u);
  EXPECT_EQ((*planned)[0].planned_start, t0() + std::chrono::hours(2));  // J-2's slot
  EXPECT_EQ((*planned)[1].planned_start, t0() + std::chrono::hours(2));  // N-Q2: J-2 only
  EXPECT_EQ((*all)[1].nest.program_name, "N-Q2");
  EXPECT_EQ((*all)[2].nest.program_name, "N-Q-LOOSE");  // not assigned: last
  EXPECT_EQ((*all)[2].work_center_code, "");

  auto laser = app().nests().laser_queue(as(Role::kOperator), wc_ids_[0]);
  ASSERT_TRUE(laser.ok());
  EXPECT_EQ(laser->size(), 2u);
  EXPECT_TRUE(
      has_field(app().nests().efficiency(system(), "24.11.2026", "2026-11-24").error(), "from"));
  EXPECT_TRUE(
      has_field(app().nests().efficiency(system(), "2026-11-24", "2026-11-01").error(), "to"));
}

INSTANTIATE_TEST_SUITE_P(Backends, NestServiceTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kerf::app::testing
