// Sigmanest nests in the plan (docs/scheduling.md, "Nests"): a nest not cut becomes one batch op
// with Sigmanest's cut time, the laser operations it carries are replaced (entirely) or shortened
// (partly), it precedes its jobs' next operations, started nests are frozen, pinned nest slots
// pin it; committed runs store nest slots and the board shows them as kind "nest" entries.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "app/app_fixture.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/validate.h"
#include "kerf/store/nest_repo.h"
#include "kerf/store/nest_slot_repo.h"

namespace kerf::app::testing {
namespace {

using model::Role;
using nlohmann::json;
using scheduling::MappedProblem;
using std::chrono::hours;
using std::chrono::seconds;

constexpr int64_t kLaserSetup = 600;     // job_input(): laser setup, 90 s a piece
constexpr int64_t kLaserTransfer = 900;  // set below on every laser op

class NestPlanningTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    seed_master_data();
    if (HasFatalFailure()) return;
    ReceiveSheetsInput in;
    in.material = model::Material::kStainless304;
    in.thickness_mm = 1.5;
    in.length_mm = 3000;
    in.width_mm = 1500;
    in.quantity = 20;
    in.location = "RACK-A1";
    in.heat_number = "H-77";
    in.mill_cert_ref = "MTC-77";
    in.supplier = "Outokumpu";
    auto sheet = app().materials().receive(as(Role::kShipping), in);
    ASSERT_TRUE(sheet.ok()) << sheet.error().message;
    sheet_id_ = sheet->sheet.id;
    scheduling_ = std::make_unique<scheduling::SchedulingService>(app());
  }

  void TearDown() override {
    scheduling_.reset();
    AppTest::TearDown();
  }

  // A released job with laser (transfer kLaserTransfer) and bend; returns its detail.
  JobDetail job(const std::string& number, int64_t qty, hours due_in = hours(24 * 7)) {
    auto in = job_input(number, qty);
    in.due = t0() + due_in;
    in.operations[0].transfer_seconds = kLaserTransfer;
    auto r = app().jobs().create(as(Role::kPlanner), in);
    EXPECT_TRUE(r.ok()) << r.error().message;
    if (!r.ok()) return {};
    EXPECT_TRUE(app().jobs().release(as(Role::kPlanner), r->job.id).ok());
    return *r;
  }

  // Stores a nest cutting `parts` ({job detail, qty}) with the jobs' laser operations linked.
  model::Nest nest(const std::string& program, std::vector<std::pair<JobDetail, int64_t>> parts,
                   int64_t cut_seconds, model::NestState state = model::NestState::kPosted,
                   int64_t work_center_id = 0, int64_t actual = 0) {
    model::Nest n;
    n.program_name = program;
    n.material = model::Material::kStainless304;
    n.thickness_mm = 1.5;
    n.sheet_id = sheet_id_;
    n.state = state;
    n.work_center_id = work_center_id;
    n.cut_seconds_est = cut_seconds;
    n.cut_seconds_actual = actual;
    n.utilisation = 0.81;
    if (state == model::NestState::kCut) n.cut_at = clock_.now();
    for (const auto& [detail, qty] : parts) {
      n.parts.push_back({detail.job.id, detail.job.part_id, qty, detail.operations[0].id});
    }
    auto saved = db_->transact([&](store::Tx& tx) { return store::insert_nest(tx, n); });
    EXPECT_TRUE(saved.ok()) << saved.error().message;
    return saved.ok() ? *saved : n;
  }

  MappedProblem map() {
    scheduling::BuildOptions bo;
    bo.now = clock_.now();
    auto m = db_->read([&](store::Tx& tx) { return scheduling::build_problem(tx, bo); });
    EXPECT_TRUE(m.ok()) << m.error().message;
    if (!m.ok()) return {};
    auto valid = schedule::validate(m->problem);
    EXPECT_TRUE(valid.ok()) << valid.error().message;
    return *m;
  }

  static bool has_precedence(const MappedProblem& m, int from, int to, int64_t lag) {
    return std::any_of(m.problem.precedences.begin(), m.problem.precedences.end(),
                       [&](const auto& p) { return p.from == from && p.to == to && p.lag == lag; });
  }

  int64_t sheet_id_ = 0;
  std::unique_ptr<scheduling::SchedulingService> scheduling_;
};

TEST_F(NestPlanningTest, NestReplacesLaserOpsItCarriesEntirely) {
  auto a = job("J-A", 10);
  auto b = job("J-B", 6);
  auto n = nest("N-304-1.5-0001", {{a, 10}, {b, 6}}, 1200);
  MappedProblem m = map();

  // Both laser ops are carried: dropped; the bends stay, plus one batch op for the nest.
  EXPECT_EQ(m.carried_operation_ids,
            (std::vector<int64_t>{a.operations[0].id, b.operations[0].id}));
  EXPECT_FALSE(m.op_index.count(a.operations[0].id));
  EXPECT_FALSE(m.op_index.count(b.operations[0].id));
  ASSERT_EQ(m.problem.operations.size(), 3u);
  ASSERT_EQ(m.nest_index.count(n.id), 1u);
  const int batch = m.nest_index.at(n.id);
  const auto& op = m.problem.operations[static_cast<size_t>(batch)];
  EXPECT_EQ(op.job, -1);
  EXPECT_EQ(op.name, "nest N-304-1.5-0001");
  EXPECT_EQ(m.operation_ids[static_cast<size_t>(batch)], 0);
  EXPECT_EQ(m.nest_ids[static_cast<size_t>(batch)], n.id);
  // Alternatives: the lasers both laser ops may run on; Sigmanest's cut time + laser setup.
  ASSERT_EQ(op.alternatives.size(), 2u);
  for (const auto& alt : op.alternatives) {
    EXPECT_EQ(alt.setup, kLaserSetup);
    EXPECT_EQ(alt.run, 1200);  // not 16 x 90 s from the routing
  }
  EXPECT_EQ(m.work_center_ids[static_cast<size_t>(op.alternatives[0].machine)], wc_ids_[0]);
  EXPECT_EQ(m.work_center_ids[static_cast<size_t>(op.alternatives[1].machine)], wc_ids_[1]);
  EXPECT_FALSE(op.frozen);
  EXPECT_EQ(op.pinned_start, schedule::kNoTime);
  // The nest precedes both jobs' bending with the laser op's transfer time.
  const int bend_a = m.op_index.at(a.operations[1].id);
  const int bend_b = m.op_index.at(b.operations[1].id);
  EXPECT_TRUE(has_precedence(m, batch, bend_a, kLaserTransfer));
  EXPECT_TRUE(has_precedence(m, batch, bend_b, kLaserTransfer));
  EXPECT_EQ(m.problem.precedences.size(), 2u);
  // Jobs keep only their bend; the engine derives the nest's due date from its successors.
  ASSERT_EQ(m.problem.jobs.size(), 2u);
  EXPECT_EQ(m.problem.jobs[0].operations, std::vector<int>{bend_a});

  // One slot cuts both jobs' parts together, before both bends.
  auto s = schedule::dispatch(m.problem, schedule::DispatchRule::kEdd);
  EXPECT_TRUE(schedule::check(m.problem, s).ok());
  const auto& cut = s.slots[static_cast<size_t>(batch)];
  EXPECT_EQ(cut.start, 0);
  EXPECT_EQ(cut.end, kLaserSetup + 1200);
  EXPECT_GE(s.slots[static_cast<size_t>(bend_a)].start, cut.end + kLaserTransfer);
  EXPECT_GE(s.slots[static_cast<size_t>(bend_b)].start, cut.end + kLaserTransfer);
}

TEST_F(NestPlanningTest, PartlyNestedOpKeepsTheRestAndJobWaitsForTheNest) {
  auto a = job("J-P", 10);
  auto n = nest("N-304-1.5-0002", {{a, 4}}, 500, model::NestState::kPosted, wc_ids_[1]);
  MappedProblem m = map();
  EXPECT_TRUE(m.carried_operation_ids.empty());
  const int laser = m.op_index.at(a.operations[0].id);
  const int bend = m.op_index.at(a.operations[1].id);
  const int batch = m.nest_index.at(n.id);
  // The op keeps the 6 pieces not on the nest.
  for (const auto& alt : m.problem.operations[static_cast<size_t>(laser)].alternatives) {
    EXPECT_EQ(alt.run, 6 * 90);
  }
  // The nest is posted to LAS-2: that laser only.
  const auto& op = m.problem.operations[static_cast<size_t>(batch)];
  ASSERT_EQ(op.alternatives.size(), 1u);
  EXPECT_EQ(m.work_center_ids[static_cast<size_t>(op.alternatives[0].machine)], wc_ids_[1]);
  EXPECT_EQ(op.alternatives[0].run, 500);
  EXPECT_TRUE(has_precedence(m, laser, bend, kLaserTransfer));
  EXPECT_TRUE(has_precedence(m, batch, bend, kLaserTransfer));
  auto s = schedule::dispatch(m.problem, schedule::DispatchRule::kEdd);
  EXPECT_TRUE(schedule::check(m.problem, s).ok());
  EXPECT_GE(
      s.slots[static_cast<size_t>(bend)].start,
      std::max(s.slots[static_cast<size_t>(laser)].end, s.slots[static_cast<size_t>(batch)].end) +
          kLaserTransfer);
}

TEST_F(NestPlanningTest, StartedNestIsFrozenWithItsRemainingCutTime) {
  auto a = job("J-S", 8);
  auto n = nest("N-304-1.5-0003", {{a, 8}}, 1000, model::NestState::kStarted, wc_ids_[1], 400);
  MappedProblem m = map();
  const auto& op = m.problem.operations[static_cast<size_t>(m.nest_index.at(n.id))];
  EXPECT_TRUE(op.frozen);
  EXPECT_EQ(op.pinned_start, 0);
  EXPECT_EQ(m.work_center_ids[static_cast<size_t>(op.pinned_machine)], wc_ids_[1]);
  ASSERT_EQ(op.alternatives.size(), 1u);
  EXPECT_EQ(op.alternatives[0].setup, 0);  // already set up and cutting
  EXPECT_EQ(op.alternatives[0].run, 600);  // 1000 estimated - 400 cut so far
  auto s = schedule::dispatch(m.problem, schedule::DispatchRule::kEdd);
  EXPECT_TRUE(schedule::check(m.problem, s).ok());
}

TEST_F(NestPlanningTest, PinnedNestSlotPinsTheBatchAndCutOrForeignNestsAreLeftOut) {
  auto a = job("J-Q", 5);
  auto b = job("J-R", 5);
  auto pinned = nest("N-304-1.5-0004", {{a, 5}}, 300);
  nest("N-304-1.5-0005", {{b, 5}}, 300, model::NestState::kCut);
  model::Nest unlinked = nest("N-304-1.5-0006", {{b, 5}}, 300);
  unlinked.parts[0].operation_id = 0;  // a part not linked to a laser operation
  ASSERT_TRUE(db_->transact([&](store::Tx& tx) { return store::update_nest(tx, unlinked); }).ok());
  model::NestSlot slot;
  slot.nest_id = pinned.id;
  slot.work_center_id = wc_ids_[1];
  slot.start = t0() + hours(2);
  slot.end = slot.start + seconds(900);
  slot.pinned = true;
  ASSERT_TRUE(db_->transact([&](store::Tx& tx) { return store::insert_nest_slot(tx, slot); }).ok());

  MappedProblem m = map();
  EXPECT_EQ(m.nest_index.size(), 1u);                 // the cut and the unlinked nest plan nothing
  EXPECT_TRUE(m.op_index.count(b.operations[0].id));  // J-R's laser op stays as it is
  const auto& op = m.problem.operations[static_cast<size_t>(m.nest_index.at(pinned.id))];
  EXPECT_EQ(op.pinned_start, 2 * 3600);
  EXPECT_EQ(m.work_center_ids[static_cast<size_t>(op.pinned_machine)], wc_ids_[1]);
  EXPECT_FALSE(op.frozen);
  ASSERT_EQ(m.nest_slots.size(), 1u);
  // The stored slot maps back onto the batch op.
  auto current = scheduling::current_schedule(m);
  const auto& placed = current.slots[static_cast<size_t>(m.nest_index.at(pinned.id))];
  EXPECT_EQ(placed.start, 2 * 3600);
  EXPECT_EQ(placed.end, 2 * 3600 + 900);
}

TEST_F(NestPlanningTest, NestWithoutCutTimeUsesTheRoutingEstimate) {
  auto a = job("J-E", 10);
  auto n = nest("N-304-1.5-0007", {{a, 10}}, 0);
  MappedProblem m = map();
  const auto& op = m.problem.operations[static_cast<size_t>(m.nest_index.at(n.id))];
  for (const auto& alt : op.alternatives) EXPECT_EQ(alt.run, 10 * 90);
}

TEST_F(NestPlanningTest, CommittedRunStoresNestSlotsAndTheBoardShowsThem) {
  auto a = job("J-C1", 10, hours(30));
  auto b = job("J-C2", 6, hours(50));
  auto n = nest("N-304-1.5-0008", {{a, 10}, {b, 6}}, 1200);
  scheduling::RunRequest request;
  request.rule = schedule::DispatchRule::kEdd;
  auto run = scheduling_->run(as(Role::kPlanner), request, true);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_TRUE((*run)["conflicts"].empty()) << (*run)["conflicts"].dump();
  json nest_slot;
  for (const auto& s : (*run)["slots"]) {
    if (s.value("nest_id", int64_t{0}) == n.id) nest_slot = s;
    EXPECT_NE(s["operation_id"], a.operations[0].id);  // the carried laser ops have none
  }
  ASSERT_FALSE(nest_slot.is_null()) << (*run)["slots"].dump();
  EXPECT_EQ(nest_slot["operation_id"], 0);
  EXPECT_EQ(nest_slot["start"], format_iso8601(t0()));
  EXPECT_EQ(nest_slot["end"], format_iso8601(t0() + seconds(kLaserSetup + 1200)));

  auto stored = db_->read([&](store::Tx& tx) { return store::list_nest_slots(tx); });
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->front().nest_id, n.id);
  EXPECT_EQ(stored->front().start, t0());

  auto board = scheduling_->board(as(Role::kOperator), t0() - hours(1), t0() + hours(48));
  ASSERT_TRUE(board.ok()) << board.error().message;
  ASSERT_EQ((*board)["nests"].size(), 1u) << board->dump();
  const json& entry = (*board)["nests"][0];
  EXPECT_EQ(entry["kind"], "nest");
  EXPECT_EQ(entry["program_name"], "N-304-1.5-0008");
  EXPECT_EQ(entry["work_center_id"], stored->front().work_center_id);
  EXPECT_EQ(entry["start"], format_iso8601(t0()));
  EXPECT_EQ(entry["setup_end"], format_iso8601(t0() + seconds(kLaserSetup)));
  EXPECT_EQ(entry["state"], "posted");
  EXPECT_EQ(entry["due"], format_iso8601(t0() + hours(30)));
  ASSERT_EQ(entry["jobs"].size(), 2u);
  EXPECT_EQ(entry["jobs"][0]["job_number"], "J-C1");
  EXPECT_EQ(entry["jobs"][1]["job_number"], "J-C2");
  EXPECT_EQ(entry["jobs"][1]["operation_id"], b.operations[0].id);
  // The bends are on the board as slots; no slot for the carried laser ops.
  for (const auto& s : (*board)["slots"]) EXPECT_EQ(s["op_name"], "Bend") << s.dump();

  // A second run keeps reading the stored nest slot as the nest's placement.
  auto again = scheduling_->run(as(Role::kPlanner), request, true);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ((*again)["metrics_before"]["unscheduled"], 0) << again->dump();
  stored = db_->read([&](store::Tx& tx) { return store::list_nest_slots(tx); });
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 1u);
}

TEST_F(NestPlanningTest, RepairMovesANestOffALaserThatWentDown) {
  auto a = job("J-D1", 10);
  auto b = job("J-D2", 6);
  auto n = nest("N-304-1.5-0009", {{a, 10}, {b, 6}}, 1200);
  scheduling::RunRequest request;
  request.rule = schedule::DispatchRule::kEdd;
  ASSERT_TRUE(scheduling_->run(as(Role::kPlanner), request, true).ok());
  auto stored = db_->read([&](store::Tx& tx) { return store::list_nest_slots(tx); });
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  const int64_t laser = stored->front().work_center_id;
  const int64_t other = laser == wc_ids_[0] ? wc_ids_[1] : wc_ids_[0];

  auto repair =
      scheduling_->repair_after_machine_down(as(Role::kPlanner), laser, t0(), t0() + hours(8));
  ASSERT_TRUE(repair.ok()) << repair.error().message;
  EXPECT_EQ((*repair)["moved_nest_ids"], json::array({n.id})) << repair->dump();
  EXPECT_TRUE((*repair)["conflicts"].empty()) << (*repair)["conflicts"].dump();
  bool found = false;
  for (const auto& s : (*repair)["slots"]) {
    if (s.value("nest_id", int64_t{0}) != n.id) continue;
    found = true;
    EXPECT_EQ(s["work_center_id"], other);
  }
  EXPECT_TRUE(found) << (*repair)["slots"].dump();
}

}  // namespace
}  // namespace kerf::app::testing
