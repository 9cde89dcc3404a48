// MachineService and the machine sinks with a ManualClock: CRUD (admin, audited, evented), state
// changes and the timeline, alarms, part counts to the running operation, tool life warning,
// telemetry batches, the down watch -> work center down -> the scheduler's repair proposal,
// OEE reports, rollups and retention.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/app_fixture.h"
#include "kerf/app/machine_sink.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/seed.h"
#include "kerf/ingest/signals.h"
#include "kerf/store/store.h"

namespace kerf::app {
namespace {

using nlohmann::json;
using testing::as;
namespace sig = ingest::signals;

int64_t ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

class MachineTest : public testing::AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    seed_master_data();
  }

  model::Machine create_machine(const std::string& code, std::optional<int64_t> wc) {
    model::Machine m;
    m.code = code;
    m.name = code + " machine";
    m.work_center_id = wc;
    m.protocol = model::MachineProtocol::kMqtt;
    m.endpoint = "kerf/p1/laser/" + code;
    m.ideal_cycle_s = 60;
    auto r = app().machines().create(as(model::Role::kAdmin), m);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : testing::fields_of(r.error()));
    topics();
    return r.ok() ? *r : model::Machine{};
  }

  ingest::Sample sample(const std::string& machine, const char* signal, ingest::Value v,
                        TimePoint at) {
    ingest::Sample s;
    s.machine = machine;
    s.signal = signal;
    s.ts_ms = ms(at);
    s.value = std::move(v);
    s.source = "test";
    return s;
  }

  Status push(ingest::Sink& sink, std::vector<ingest::Sample> batch) { return sink.consume(batch); }

  store::MachineStatus status_of(int64_t id) {
    auto s = db_->read([&](store::Tx& tx) { return store::get_machine_status(tx, id); });
    EXPECT_TRUE(s.ok());
    return s.ok() ? *s : store::MachineStatus{};
  }
};

TEST_F(MachineTest, CrudIsAdminOnlyAuditedAndEvented) {
  model::Machine m;
  m.code = "LAS-1";
  m.name = "Laser";
  m.work_center_id = wc_ids_[0];
  auto denied = app().machines().create(as(model::Role::kPlanner), m);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);

  model::Machine bad = m;
  bad.code = "";
  bad.ideal_cycle_s = -1;
  auto invalid = app().machines().create(as(model::Role::kAdmin), bad);
  ASSERT_FALSE(invalid.ok());
  EXPECT_TRUE(testing::has_field(invalid.error(), "code"));
  EXPECT_TRUE(testing::has_field(invalid.error(), "ideal_cycle_s"));

  model::Machine no_wc = m;
  no_wc.work_center_id = 9999;
  auto missing = app().machines().create(as(model::Role::kAdmin), no_wc);
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(testing::has_field(missing.error(), "work_center_id"));

  auto created = app().machines().create(as(model::Role::kAdmin), m);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(topics(), std::vector<std::string>{"machine.created"});
  EXPECT_EQ(last_audit().entity, "machine");

  model::Machine changed = *created;
  changed.name = "Laser one";
  auto updated = app().machines().update(as(model::Role::kAdmin), changed);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->version, 2);
  auto stale = app().machines().update(as(model::Role::kAdmin), changed);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(topics(), std::vector<std::string>{"machine.updated"});

  auto views = app().machines().views(as(model::Role::kOperator));
  ASSERT_TRUE(views.ok()) << views.error().message;
  ASSERT_EQ(views->size(), 1u);
  EXPECT_EQ((*views)[0].work_center_code, "LAS-1");
  EXPECT_EQ((*views)[0].status.state, model::MachineState::kUnknown);

  ASSERT_TRUE(app().machines().remove(as(model::Role::kAdmin), created->id, 2).ok());
  EXPECT_EQ(topics(), std::vector<std::string>{"machine.deleted"});
}

TEST_F(MachineTest, StateChangesKeepTheTimelineAndEmitEvents) {
  auto m = create_machine("LAS-1", wc_ids_[0]);
  MachineSink sink(app().changes());
  const TimePoint a = clock_.now();
  ASSERT_TRUE(
      push(sink,
           {sample("LAS-1", sig::kState, std::string("IDLE"), a),
            sample("LAS-1", sig::kState, std::string("IDLE"), a + Micros(1000)),
            sample("LAS-1", sig::kState, std::string("RUN"), a + std::chrono::minutes(5)),
            sample("LAS-1", sig::kProgram, std::string("O1001"), a + std::chrono::minutes(5))})
          .ok());
  auto events = bus_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].topic, "machine.state_changed");
  json p = json::parse(events[1].payload_json);
  EXPECT_EQ(p["from"], "IDLE");
  EXPECT_EQ(p["to"], "RUN");
  EXPECT_EQ(p["code"], "LAS-1");
  EXPECT_EQ(p["work_center_id"], wc_ids_[0]);
  EXPECT_EQ(p["machine_id"], m.id);
  auto st = status_of(m.id);
  EXPECT_EQ(st.state, model::MachineState::kRun);
  EXPECT_EQ(st.program, "O1001");
  EXPECT_EQ(st.state_since, a + std::chrono::minutes(5));
  auto audit = audit_rows("machine", "state_changed");
  EXPECT_EQ(audit.total, 2);
  EXPECT_EQ(audit.items.front().actor, "machine:LAS-1");

  auto timeline =
      app().machines().timeline(as(model::Role::kOperator), m.id, a, a + std::chrono::hours(1));
  ASSERT_TRUE(timeline.ok()) << timeline.error().message;
  ASSERT_EQ(timeline->size(), 2u);
  EXPECT_EQ((*timeline)[0].state, model::MachineState::kIdle);
  EXPECT_EQ((*timeline)[0].to_ms, ms(a + std::chrono::minutes(5)));
  EXPECT_FALSE((*timeline)[1].to_ms.has_value());

  auto bad_range = app().machines().timeline(as(model::Role::kOperator), m.id, a, a);
  ASSERT_FALSE(bad_range.ok());
  EXPECT_TRUE(testing::has_field(bad_range.error(), "to"));
}

TEST_F(MachineTest, UnknownMachinesAndBadValuesAreCountedNotFatal) {
  create_machine("LAS-1", wc_ids_[0]);
  MachineSink sink(app().changes());
  const TimePoint a = clock_.now();
  ASSERT_TRUE(push(sink, {sample("NOPE-9", sig::kState, std::string("RUN"), a),
                          sample("LAS-1", sig::kState, std::string("SPINNING"), a),
                          sample("LAS-1", sig::kAlarm, std::string("garbage"), a),
                          sample("LAS-1", sig::kState, std::string("RUN"), a),
                          sample("LAS-1", sig::kState, std::string("IDLE"), a - Micros(1000))})
                  .ok());
  auto c = sink.counters();
  EXPECT_EQ(c.unknown_machine, 1u);
  EXPECT_EQ(c.invalid, 3u);  // unknown state, malformed alarm, a state older than the current
  EXPECT_EQ(c.samples, 4u);
}

TEST_F(MachineTest, OneMachineFailingDoesNotHoldBackTheOthersOfItsBatch) {
  auto good = create_machine("LAS-1", wc_ids_[0]);
  auto bad = create_machine("LAS-2", wc_ids_[0]);
  ASSERT_EQ(db_->backend(), store::Backend::kSqlite);
  ASSERT_TRUE(db_->transact([](store::Tx& tx) {
                   return tx.run_script(
                       "CREATE TRIGGER machines_refuse BEFORE UPDATE ON machines "
                       "WHEN NEW.code = 'LAS-2' BEGIN SELECT RAISE(ABORT, 'refused'); END;");
                 })
                  .ok());
  MachineSink sink(app().changes());
  const TimePoint a = clock_.now();
  Status st = push(sink, {sample("LAS-1", sig::kState, std::string("RUN"), a),
                          sample("LAS-2", sig::kState, std::string("RUN"), a)});
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("refused"), std::string::npos) << st.error().message;
  // LAS-1's change committed with its audit row and event; LAS-2's rolled back.
  EXPECT_EQ(status_of(good.id).state, model::MachineState::kRun);
  EXPECT_EQ(status_of(bad.id).state, model::MachineState::kUnknown);
  auto events = bus_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(json::parse(events[0].payload_json)["code"], "LAS-1");
  auto audit = audit_rows("machine", "state_changed");
  ASSERT_EQ(audit.total, 1);
  EXPECT_EQ(audit.items.front().actor, "machine:LAS-1");
  EXPECT_EQ(sink.counters().samples, 1u);
}

TEST_F(MachineTest, AlarmsSetAndClear) {
  auto m = create_machine("LAS-1", wc_ids_[0]);
  MachineSink sink(app().changes());
  const TimePoint a = clock_.now();
  ASSERT_TRUE(
      push(sink, {sample("LAS-1", sig::kAlarm, std::string("FAULT|E42|Nozzle crash"), a)}).ok());
  EXPECT_EQ(status_of(m.id).alarm_code, "E42");
  EXPECT_EQ(status_of(m.id).alarm_text, "Nozzle crash");
  EXPECT_EQ(topics(), std::vector<std::string>{"machine.alarm"});
  ASSERT_TRUE(
      push(sink, {sample("LAS-1", sig::kAlarm, std::string("NORMAL|E42|"), a + Micros(1000))})
          .ok());
  EXPECT_EQ(status_of(m.id).alarm_code, "");
  EXPECT_EQ(topics(), std::vector<std::string>{"machine.alarm"});
}

TEST_F(MachineTest, PartsAndCycleTimesGoToTheRunningOperation) {
  auto m = create_machine("LAS-1", wc_ids_[0]);
  auto job = create_job("J-1", 10);
  ASSERT_TRUE(app().jobs().release(as(model::Role::kPlanner), job.job.id, std::nullopt).ok());
  const int64_t op_id = job.operations[0].id;
  auto started = app().operations().start(as(model::Role::kOperator, 0), op_id, std::nullopt, 0);
  ASSERT_TRUE(started.ok()) << started.error().message;
  topics();

  MachineSink sink(app().changes());
  const TimePoint a = clock_.now();
  ASSERT_TRUE(push(sink, {sample("LAS-1", sig::kPartsDelta, int64_t{2}, a),
                          sample("LAS-1", sig::kCycleTime, 75.0, a),
                          sample("LAS-1", sig::kPartsDelta, int64_t{1}, a + Micros(1000))})
                  .ok());
  auto events = bus_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].topic, "machine.parts");
  json p = json::parse(events[1].payload_json);
  EXPECT_EQ(p["operation_id"], op_id);
  EXPECT_EQ(p["machine_qty"], 3);
  EXPECT_EQ(status_of(m.id).part_count_total, 3);

  clock_.advance(std::chrono::minutes(1));  // parts_today counts up to now
  auto view = app().machines().view(as(model::Role::kOperator), m.id);
  ASSERT_TRUE(view.ok()) << view.error().message;
  ASSERT_TRUE(view->current_operation.has_value());
  EXPECT_EQ(view->current_operation->id, op_id);
  EXPECT_EQ(view->current_operation->machine_qty, 3);
  EXPECT_EQ(view->current_operation->actual_run_s, 75);
  EXPECT_EQ(view->current_operation->qty_planned, 10);
  EXPECT_EQ(view->current_operation->planned_run_s, 600 + 90 * 10);
  EXPECT_EQ(view->parts_today, 3);
}

TEST_F(MachineTest, StrokesWearTheMountedToolAndWarnOnce) {
  auto m = create_machine("PUN-1", wc_ids_[0]);
  model::Tool t;
  t.code = "RO-10";
  t.life_hits_max = 1000;
  t.hits_used = 850;
  auto tool = app().master_data().create(as(model::Role::kPlanner), t);
  ASSERT_TRUE(tool.ok()) << tool.error().message;
  topics();
  MachineSink sink(app().changes());
  const TimePoint a = clock_.now();
  ASSERT_TRUE(push(sink, {sample("PUN-1", sig::kToolNumber, std::string("RO-10"), a),
                          sample("PUN-1", sig::kStrokesDelta, int64_t{40}, a),
                          sample("PUN-1", sig::kStrokesDelta, int64_t{20}, a)})
                  .ok());
  ASSERT_TRUE(push(sink, {sample("PUN-1", sig::kStrokesDelta, int64_t{20}, a)}).ok());
  int warnings = 0;
  for (const auto& e : bus_events()) {
    if (e.topic != "tool.life_warning") continue;
    ++warnings;
    EXPECT_EQ(json::parse(e.payload_json)["hits_used"], 910);
  }
  EXPECT_EQ(warnings, 1);
  auto after = app().master_data().get<model::Tool>(system(), tool->id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->hits_used, 930);
  EXPECT_EQ(status_of(m.id).mounted_tool, "RO-10");
}

TEST_F(MachineTest, TelemetryBatchesAndSignalSeries) {
  auto m = create_machine("WLD-1", wc_ids_[0]);
  TelemetrySink sink(app().changes());
  const TimePoint a = clock_.now();
  std::vector<ingest::Sample> batch;
  for (int i = 0; i < 100; ++i) {
    batch.push_back(sample("WLD-1", sig::kWeldCurrent, 100.0 + i, a + std::chrono::seconds(i)));
  }
  batch.push_back(sample("WLD-1", sig::kWelderId, std::string("jdoe"), a));
  batch.push_back(sample("GHOST", sig::kWeldCurrent, 1.0, a));
  ASSERT_TRUE(sink.consume(batch).ok());
  EXPECT_EQ(sink.counters().samples, 101u);
  EXPECT_EQ(sink.counters().unknown_machine, 1u);
  EXPECT_EQ(count("machine_metrics"), 101);

  auto series = app().machines().signal_series(as(model::Role::kOperator), m.id, "current", a,
                                               a + std::chrono::seconds(100), 10);
  ASSERT_TRUE(series.ok()) << series.error().message;
  EXPECT_FALSE(series->from_rollups);
  ASSERT_EQ(series->points.size(), 10u);
  EXPECT_DOUBLE_EQ(series->points[0].min, 100);
  EXPECT_DOUBLE_EQ(series->points[0].max, 109);
  EXPECT_EQ(series->points[0].count, 10);

  auto bad = app().machines().signal_series(as(model::Role::kOperator), m.id, "current", a,
                                            a + std::chrono::seconds(100), 1);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(testing::has_field(bad.error(), "points"));

  // Rollups of the finished hour, then a long-range series reads them.
  clock_.advance(std::chrono::hours(2));
  auto rolled = app().machines().run_rollups();
  ASSERT_TRUE(rolled.ok()) << rolled.error().message;
  auto long_series =
      app().machines().signal_series(as(model::Role::kOperator), m.id, "current",
                                     a - std::chrono::hours(24), a + std::chrono::hours(24), 24);
  ASSERT_TRUE(long_series.ok()) << long_series.error().message;
  EXPECT_TRUE(long_series->from_rollups);
  int64_t total = 0;
  for (const auto& p : long_series->points) total += p.count;
  EXPECT_EQ(total, 100);

  // Retention drops raw samples older than metrics_retention_days (30).
  clock_.advance(std::chrono::hours(24 * 31));
  auto purged = app().machines().run_retention();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 101);  // every raw row, the text sample too
}

TEST_F(MachineTest, OeeOfAMachineAndItsDepartment) {
  auto m = create_machine("LAS-1", wc_ids_[0]);
  MachineSink sink(app().changes());
  const TimePoint a = clock_.now();  // 07:00Z, no calendar: planned all day
  std::vector<ingest::Sample> batch = {
      sample("LAS-1", sig::kState, std::string("RUN"), a),
      sample("LAS-1", sig::kState, std::string("DOWN"), a + std::chrono::minutes(45)),
      sample("LAS-1", sig::kState, std::string("RUN"), a + std::chrono::minutes(60))};
  for (int i = 0; i < 30; ++i) {
    batch.push_back(sample("LAS-1", sig::kPartsDelta, int64_t{1}, a + std::chrono::minutes(i)));
  }
  ASSERT_TRUE(sink.consume(batch).ok());
  clock_.advance(std::chrono::minutes(120));
  auto r = app().machines().oee(as(model::Role::kOperator), m.id, a, a + std::chrono::hours(2),
                                OeeBucket::kDay);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->total.planned_ms, 2 * 3'600'000);
  EXPECT_EQ(r->total.good, 30);
  EXPECT_EQ(r->total.losses.equipment_failure_ms, 15 * 60'000);
  EXPECT_NEAR(r->total.availability, 105.0 / 120.0, 1e-9);
  ASSERT_EQ(r->buckets.size(), 1u);

  auto dept = app().machines().department_oee(as(model::Role::kOperator), model::Department::kLaser,
                                              a, a + std::chrono::hours(2), OeeBucket::kDay);
  ASSERT_TRUE(dept.ok()) << dept.error().message;
  EXPECT_EQ(dept->total.good, 30);

  auto view = app().machines().view(as(model::Role::kOperator), m.id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->parts_today, 30);
  EXPECT_GT(view->oee_today.availability, 0);
}

// The store paths of the sinks and reports on both backends: parts and cycle times to the
// running operation (upserted actuals), scrap of the completed operation, the timeline, OEE.
class MachineBackendTest : public testing::AppBackendTest {};

TEST_P(MachineBackendTest, PartsActualsScrapAndOee) {
  seed_master_data();
  model::Machine m;
  m.code = "LAS-1";
  m.name = "Laser";
  m.work_center_id = wc_ids_[0];
  m.ideal_cycle_s = 60;
  auto created = app().machines().create(as(model::Role::kAdmin), m);
  ASSERT_TRUE(created.ok()) << created.error().message;
  auto job = create_job("J-1", 10);
  ASSERT_TRUE(app().jobs().release(as(model::Role::kPlanner), job.job.id, std::nullopt).ok());
  const int64_t op_id = job.operations[0].id;
  ASSERT_TRUE(app().operations().start(as(model::Role::kOperator), op_id, std::nullopt, 0).ok());

  MachineSink sink(app().changes());
  TelemetrySink telemetry(app().changes());
  const TimePoint a = clock_.now();
  const int64_t t = ms(a);
  std::vector<ingest::Sample> batch = {{"LAS-1", sig::kState, t, std::string("RUN")},
                                       {"LAS-1", sig::kPartsDelta, t + 60'000, int64_t{4}},
                                       {"LAS-1", sig::kCycleTime, t + 60'000, 50.0},
                                       {"LAS-1", sig::kPartsDelta, t + 120'000, int64_t{4}},
                                       {"LAS-1", sig::kCycleTime, t + 120'000, 70.0},
                                       {"LAS-1", sig::kState, t + 1'800'000, std::string("IDLE")}};
  ASSERT_TRUE(sink.consume(batch).ok());
  ASSERT_TRUE(telemetry.consume(batch).ok());
  clock_.advance(std::chrono::minutes(50));  // completed inside the report's hour
  CompleteOperationInput done;
  done.operation_id = op_id;
  done.qty_good = 8;
  done.qty_scrap = 2;
  done.scrap_reasons = {"burr"};
  auto completed = app().operations().complete(as(model::Role::kOperator), done);
  ASSERT_TRUE(completed.ok()) << completed.error().message;

  auto actuals = db_->read([&](store::Tx& tx) { return store::operation_actuals(tx, op_id); });
  ASSERT_TRUE(actuals.ok()) << actuals.error().message;
  EXPECT_EQ(actuals->machine_qty, 8);
  EXPECT_EQ(actuals->machine_run_ms, 120'000);
  EXPECT_EQ(actuals->first_signal_ms, t + 60'000);
  EXPECT_EQ(actuals->last_signal_ms, t + 120'000);
  // The job's detail carries the same actuals (summed over machines) for its routing.
  auto detail = app().jobs().get(as(model::Role::kPlanner), job.job.id);
  ASSERT_TRUE(detail.ok()) << detail.error().message;
  ASSERT_EQ(detail->machine_actuals.size(), 1u);
  EXPECT_EQ(detail->machine_actuals[0].operation_id, op_id);
  EXPECT_EQ(detail->machine_actuals[0].machine_qty, 8);
  EXPECT_EQ(detail->machine_actuals[0].machine_run_ms, 120'000);
  EXPECT_EQ(detail->machine_actuals[0].first_signal_ms, t + 60'000);

  auto report = app().machines().oee(as(model::Role::kOperator), created->id, a,
                                     a + std::chrono::hours(1), OeeBucket::kDay);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->total.good, 8);
  EXPECT_EQ(report->total.total, 10);
  EXPECT_EQ(report->total.planned_ms, 3'600'000);
  EXPECT_EQ(report->total.state_ms[static_cast<int>(model::MachineState::kRun)], 1'800'000);

  auto timeline = app().machines().timeline(as(model::Role::kOperator), created->id, a,
                                            a + std::chrono::hours(1));
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline->size(), 2u);
  EXPECT_EQ((*timeline)[0].operation_id, op_id);
  EXPECT_EQ(count("machine_metrics"), 6);
}

INSTANTIATE_TEST_SUITE_P(Backends, MachineBackendTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// The down watch with the demo shop (calendars, committed schedule) and the scheduler's
// work_center.updated listener.
class MachineDownWatchTest : public testing::AppTest {
 protected:
  void SetUp() override {
    clock_.set(*parse_iso8601("2026-11-23T06:00:00Z"));
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(seed_demo(app(), 7).ok());
    scheduling_ = std::make_unique<scheduling::SchedulingService>(app());
  }
  void TearDown() override {
    scheduling_.reset();
    AppTest::TearDown();
  }
  std::unique_ptr<scheduling::SchedulingService> scheduling_;
};

TEST_F(MachineDownWatchTest, LongDownMarksTheWorkCenterDownAndBackUp) {
  auto wc = app().master_data().get<model::WorkCenter>(system_principal(), 1);
  ASSERT_TRUE(wc.ok());
  ASSERT_EQ(wc->status, model::WorkCenterStatus::kAvailable);
  model::Machine m;
  m.code = "M-1";
  m.name = "Machine one";
  m.work_center_id = wc->id;
  ASSERT_TRUE(app().machines().create(as(model::Role::kAdmin), m).ok());
  auto repairs = bus_.subscribe("schedule.repair_proposed");
  auto alerts = bus_.subscribe("machine.down_alert");
  EXPECT_EQ(scheduling_->process_pending_events().value(), 0);

  MachineSink sink(app().changes());
  ingest::Sample down{"M-1", sig::kState, ms(clock_.now()), std::string("DOWN")};
  ASSERT_TRUE(sink.consume(std::vector{down}).ok());
  clock_.advance(std::chrono::seconds(200));
  EXPECT_EQ(app().machines().run_down_watch().value(), 0);  // not long enough yet
  clock_.advance(std::chrono::seconds(101));
  EXPECT_EQ(app().machines().run_down_watch().value(), 1);
  EXPECT_EQ(app().machines().run_down_watch().value(), 0);  // once
  auto alert = alerts.try_pop();
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(nlohmann::json::parse(alert->payload_json)["code"], "M-1");
  EXPECT_FALSE(alerts.try_pop().has_value());
  auto after = app().master_data().get<model::WorkCenter>(system_principal(), wc->id);
  EXPECT_EQ(after->status, model::WorkCenterStatus::kDown);
  EXPECT_EQ(audit_rows("work_center", "update").items.front().actor, "machine:M-1");
  EXPECT_EQ(scheduling_->process_pending_events().value(), 1);
  auto proposal = repairs.try_pop();
  ASSERT_TRUE(proposal.has_value());
  EXPECT_EQ(nlohmann::json::parse(proposal->payload_json)["work_center_id"], wc->id);

  ingest::Sample up{"M-1", sig::kState, ms(clock_.now()), std::string("IDLE")};
  ASSERT_TRUE(sink.consume(std::vector{up}).ok());
  EXPECT_EQ(app().machines().run_down_watch().value(), 1);
  after = app().master_data().get<model::WorkCenter>(system_principal(), wc->id);
  EXPECT_EQ(after->status, model::WorkCenterStatus::kAvailable);
  EXPECT_EQ(app().machines().run_down_watch().value(), 0);
}

TEST_F(MachineDownWatchTest, LowOeeRaisesOneAlertPerDay) {
  model::Machine m;
  m.code = "M-2";
  m.name = "Machine two";  // no work center: always planned once it reports
  ASSERT_TRUE(app().machines().create(as(model::Role::kAdmin), m).ok());
  auto alerts = bus_.subscribe("machine.oee_alert");
  MachineSink sink(app().changes());
  ingest::Sample down{"M-2", sig::kState, ms(clock_.now()), std::string("DOWN")};
  ASSERT_TRUE(sink.consume(std::vector{down}).ok());
  clock_.advance(std::chrono::minutes(30));
  EXPECT_EQ(app().machines().run_oee_watch().value(), 0);  // under an hour of planned time
  clock_.advance(std::chrono::minutes(90));
  EXPECT_EQ(app().machines().run_oee_watch().value(), 1);
  EXPECT_EQ(app().machines().run_oee_watch().value(), 0);  // once a day
  // After a restart (nothing remembered in memory) the outbox still says it was raised today.
  MachineService restarted(app().changes(), app().master_data());
  EXPECT_EQ(restarted.run_oee_watch().value(), 0);
  // Another node does not hold the watch's lease: it raises nothing.
  ChangeRunner node_b(*db_, env_, bus_, "node-b");
  MachineService other(node_b, app().master_data());
  EXPECT_EQ(other.run_oee_watch().value(), 0);
  auto alert = alerts.try_pop();
  ASSERT_TRUE(alert.has_value());
  auto payload = nlohmann::json::parse(alert->payload_json);
  EXPECT_EQ(payload["code"], "M-2");
  EXPECT_DOUBLE_EQ(payload["oee"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(payload["threshold"].get<double>(), 0.4);
  EXPECT_FALSE(alerts.try_pop().has_value());
  // The next plant day it is raised again.
  clock_.advance(std::chrono::hours(24));
  ASSERT_TRUE(sink.consume(std::vector{ingest::Sample{"M-2", sig::kState, ms(clock_.now()),
                                                      std::string("DOWN")}})
                  .ok());
  clock_.advance(std::chrono::hours(2));
  EXPECT_EQ(app().machines().run_oee_watch().value(), 1);
}

TEST_F(MachineDownWatchTest, AWorkCenterSomeoneElseSetDownIsLeftAlone) {
  auto wc = app().master_data().get<model::WorkCenter>(system_principal(), 2);
  ASSERT_TRUE(wc.ok());
  model::WorkCenter maint = *wc;
  maint.status = model::WorkCenterStatus::kMaintenance;
  ASSERT_TRUE(app().master_data().update(as(model::Role::kPlanner), maint).ok());
  model::Machine m;
  m.code = "M-2";
  m.name = "Machine two";
  m.work_center_id = wc->id;
  ASSERT_TRUE(app().machines().create(as(model::Role::kAdmin), m).ok());
  MachineSink sink(app().changes());
  ASSERT_TRUE(sink.consume(std::vector{ingest::Sample{"M-2", sig::kState, ms(clock_.now()),
                                                      std::string("DOWN")}})
                  .ok());
  clock_.advance(std::chrono::seconds(600));
  EXPECT_EQ(app().machines().run_down_watch().value(), 0);
  ASSERT_TRUE(sink.consume(std::vector{ingest::Sample{"M-2", sig::kState, ms(clock_.now()),
                                                      std::string("RUN")}})
                  .ok());
  EXPECT_EQ(app().machines().run_down_watch().value(), 0);
  auto after = app().master_data().get<model::WorkCenter>(system_principal(), wc->id);
  EXPECT_EQ(after->status, model::WorkCenterStatus::kMaintenance);
}

}  // namespace
}  // namespace kerf::app
