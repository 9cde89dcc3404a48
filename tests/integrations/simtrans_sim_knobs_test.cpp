// The simulator's fault knobs and its demo loop against real SQLite and PostgreSQL through ODBC.
#include "integrations/simtrans_sim_fixture.h"

namespace kerf::integrations::simtrans_sim::testing {
namespace {

class SimTransKnobsTest : public SimTransSimTest {};

TEST_P(SimTransKnobsTest, KnobSimTransStoppedLeavesRowsWaiting) {
  Faults f;
  f.simtrans_stopped = true;
  sim_->set_faults(f);
  add("SN84", "H1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}});
  EXPECT_EQ(poll(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct WHERE ErrorTag = 0"), 1);
  sim_->set_faults({});
  EXPECT_EQ(poll(), 1);
  expect_done("H1");
}

TEST_P(SimTransKnobsTest, KnobHalfVisibleBatchWritesTheProgramRowLast) {
  seed_sheet_and_parts("1");
  Faults f;
  f.half_visible_batch = true;
  sim_->set_faults(f);
  ASSERT_EQ(nest(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPIPArc"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STShtArc"), 1);
  EXPECT_EQ(poll(), 0);  // the next poll completes the packet
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc"), 1);
  EXPECT_EQ(one("SELECT ArchivePacketID FROM STPrgArc"),
            one("SELECT ArchivePacketID FROM STShtArc"));
}

TEST_P(SimTransKnobsTest, KnobDuplicateFeedbackWritesEveryRowTwice) {
  seed_sheet_and_parts("1");
  Faults f;
  f.duplicate_feedback = true;
  sim_->set_faults(f);
  ASSERT_EQ(nest(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPIPArc"), 4);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT ArchivePacketID) FROM STPIPArc"), 1);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT AutoID) FROM STPrgArc"), 2);
}

TEST_P(SimTransKnobsTest, KnobThirdPartyDeleteRemovesPackets) {
  seed_sheet_and_parts("1");
  Faults f;
  f.third_party_delete_every = 1;
  sim_->set_faults(f);
  ASSERT_EQ(nest(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPIPArc"), 0);
  EXPECT_EQ(sim_->programs().size(), 1u);  // Sigmanest still has the program
  // By hand: one table's rows of a packet.
  sim_->set_faults({});
  ASSERT_TRUE(sim_->cut_program(only_program()).ok());
  std::string packet = one("SELECT ArchivePacketID FROM STPrgArc");
  auto n = sim_->delete_feedback_rows(std::stoll(packet), "STPrtArc");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrtArc"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STShtArc"), 1);
}

TEST_P(SimTransKnobsTest, KnobDeadlockVictimIsRetryableAndTheRowStays) {
  Faults f;
  f.deadlock_next = 1;
  sim_->set_faults(f);
  add("SN84", "K1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}});
  auto n = sim_->poll_once();
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(odbc::failure_of(n.error()), odbc::Failure::kRetryable);
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct WHERE ErrorTag = 0"), 1);
  EXPECT_EQ(poll(), 1);
  expect_done("K1");
}

TEST_P(SimTransKnobsTest, KnobErrorRows) {
  Faults f;
  f.error_next = 1;
  sim_->set_faults(f);
  add("SN84", "L1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}});
  add("SN84", "L2", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}});
  EXPECT_EQ(poll(), 2);
  expect_failed("L1", "simulated error");
  expect_done("L2");
  // kerf resets the ErrorTag after correcting: SimTrans processes the row again.
  ASSERT_TRUE(db_->execute("UPDATE TransAct SET ErrorTag = 0 WHERE TransID = 'L1'").ok());
  EXPECT_EQ(poll(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct"), 0);
}

TEST_P(SimTransKnobsTest, KnobHeldLockMakesKerfsWritesFailRetryably) {
  ASSERT_TRUE(sim_->hold_lock().ok());
  // kerf's side gives up after 1 s (SQLite: the driver's busy timeout, PostgreSQL: the query
  // timeout).
  std::string kerf_conn = conn_string_;
  if (GetParam() == Backend::kSqlite) kerf_conn += ";Timeout=1000";
  auto kerf = Connection::open({kerf_conn, 10, 1});
  ASSERT_TRUE(kerf.ok());
  auto n = (*kerf)->execute(
      "INSERT INTO TransAct (TransType, District, TransID, OrderNo, ItemName, Qty) "
      "VALUES ('SN84', 1, 'M1', 'WO-1', 'P', 1)");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(odbc::failure_of(n.error()), odbc::Failure::kRetryable) << n.error().message;
  ASSERT_TRUE(sim_->release_lock().ok());
  n = (*kerf)->execute(
      "INSERT INTO TransAct (TransType, District, TransID, OrderNo, ItemName, Qty) "
      "VALUES ('SN84', 1, 'M1', 'WO-1', 'P', 1)");
  EXPECT_TRUE(n.ok()) << n.error().message;
}

TEST_P(SimTransKnobsTest, AutoCutFollowsTheClockOneProgramAtATimePerLaser) {
  add("SN94", "S1",
      {{"ItemName", "SMALL"},
       {"Qty", "2"},
       {"Material", "MS"},
       {"Thickness", "2"},
       {"Length", "1000"},
       {"Width", "500"}});
  add("SN84", "P1",
      {{"OrderNo", "WO-1"},
       {"ItemName", "SQ"},
       {"Qty", "36"},
       {"Material", "MS"},
       {"Thickness", "2"},
       {"Length", "150"},
       {"Width", "150"}});
  ASSERT_EQ(poll(), 2);
  ASSERT_EQ(nest(), 2);
  auto progs = sim_->programs();
  ASSERT_EQ(progs.size(), 2u);
  const int64_t t = progs[0].cutting_time_s;
  ASSERT_GT(t, 1);
  clock_.advance(std::chrono::seconds(t - 1));
  EXPECT_EQ(sim_->cut_due_programs(), 0);
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(sim_->cut_due_programs(), 1);  // the second waits for the laser
  clock_.advance(std::chrono::seconds(progs[1].cutting_time_s));
  EXPECT_EQ(sim_->cut_due_programs(), 1);
  EXPECT_EQ(sim_->stats().programs_cut, 2);
  EXPECT_EQ(count("SELECT QtyCompleted FROM Part"), 36);
}

TEST_P(SimTransKnobsTest, RunLoopPollsNestsAndCutsOnTheClockUntilStopped) {
  SimulatorOptions o;
  o.connection_string = conn_string_;
  o.env = &env_;
  o.poll_interval = std::chrono::milliseconds(10);
  o.nest_interval = std::chrono::milliseconds(0);
  auto opened = SimTransSimulator::open(o);
  ASSERT_TRUE(opened.ok());
  SimTransSimulator& loop = **opened;
  add("SN94", "S1",
      {{"ItemName", "SH"},
       {"Qty", "1"},
       {"Material", "MS"},
       {"Thickness", "2"},
       {"Length", "1000"},
       {"Width", "500"},
       {"HeatNumber", "H-7"}});
  add("SN84", "P1",
      {{"OrderNo", "WO-1"},
       {"ItemName", "SQ"},
       {"Qty", "3"},
       {"Material", "MS"},
       {"Thickness", "2"},
       {"Length", "150"},
       {"Width", "150"}});
  std::jthread runner([&](std::stop_token stop) { loop.run(stop); });
  ASSERT_TRUE(eventually([&] { return loop.stats().programs_posted == 1; }));
  EXPECT_EQ(loop.stats().rows_ok, 2);
  EXPECT_EQ(loop.stats().programs_cut, 0);  // the Env clock has not moved
  clock_.advance(std::chrono::hours(1));
  ASSERT_TRUE(eventually([&] { return loop.stats().programs_cut == 1; }));
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc WHERE TransType = 'SN102'"), 1);
  loop.pause();
  EXPECT_TRUE(loop.paused());
  loop.resume();
  add("SN84", "P2", {{"OrderNo", "WO-2"}, {"ItemName", "X"}, {"Qty", "1"}});
  ASSERT_TRUE(eventually([&] { return loop.stats().rows_ok == 3; }));
  runner.request_stop();
  runner.join();
  expect_done("P2");
}

INSTANTIATE_TEST_SUITE_P(Drivers, SimTransKnobsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

}  // namespace
}  // namespace kerf::integrations::simtrans_sim::testing
