// A plant in America/Chicago across both DST changes of 2026: machine calendars keep their
// local shift times, load buckets and "today" split at local midnight (23 h and 25 h days).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "app_fixture.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/app/scheduling/run_report.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/core/time_format.h"
#include "kerf/core/time_zone.h"
#include "kerf/store/calendar_repo.h"
#include "kerf/store/plant_repo.h"
#include "kerf/store/work_center_repo.h"

namespace kerf::app::scheduling {
namespace {

using std::chrono::hours;
using testing::as;

TimePoint at(const char* iso) { return *parse_iso8601(iso); }

class PlantTimeZoneTest : public testing::AppTest {
 protected:
  void SetUp() override {
    clock_.set(at("2026-10-30T17:00:00Z"));  // Friday noon in Chicago (CDT)
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    seed_master_data();
    if (HasFatalFailure()) return;
    // Chicago plant; every work center works 06:00-14:00 local every day.
    auto done = db_->transact([&](store::Tx& tx) -> Status {
      model::Plant plant{.name = "Chicago works", .time_zone = "America/Chicago"};
      auto p = store::insert_plant(tx, plant);
      if (!p.ok()) return p.error();
      model::ShiftCalendar cal;
      cal.name = "Day shift every day";
      for (auto& day : cal.week) day = {model::Shift{"day", 6 * 60, 14 * 60, {}}};
      auto c = store::insert_calendar(tx, cal);
      if (!c.ok()) return c.error();
      for (int64_t id : wc_ids_) {
        auto wc = store::get_work_center(tx, id);
        if (!wc.ok()) return wc.error();
        wc->calendar_id = c->id;
        auto saved = store::update_work_center(tx, *wc);
        if (!saved.ok()) return saved.error();
      }
      return ok_status();
    });
    ASSERT_TRUE(done.ok()) << done.error().message;
    scheduling_ = std::make_unique<SchedulingService>(app());
  }

  void TearDown() override {
    scheduling_.reset();
    AppTest::TearDown();
  }

  // Day buckets of the first work center over [from, to): {start, end, available hours}.
  std::vector<std::tuple<TimePoint, TimePoint, int64_t>> buckets(const char* from, const char* to,
                                                                 int64_t bucket_s = 86400) {
    auto load = scheduling_->load(as(model::Role::kLead), at(from), at(to), bucket_s);
    EXPECT_TRUE(load.ok()) << load.error().message;
    std::vector<std::tuple<TimePoint, TimePoint, int64_t>> out;
    if (!load.ok()) return out;
    for (const auto& b : *load) {
      if (b.work_center_id == wc_ids_[0]) out.emplace_back(b.start, b.end, b.available_s / 3600);
    }
    return out;
  }

  std::unique_ptr<SchedulingService> scheduling_;
};

using Buckets = std::vector<std::tuple<TimePoint, TimePoint, int64_t>>;

TEST_F(PlantTimeZoneTest, DayBucketsSplitAtLocalMidnightAcrossFallBack) {
  // Sunday 2026-11-01 has 25 h: 05:00Z (00:00 CDT) to 06:00Z next day (00:00 CST).
  EXPECT_EQ(buckets("2026-10-31T05:00:00Z", "2026-11-03T06:00:00Z"),
            (Buckets{{at("2026-10-31T05:00:00Z"), at("2026-11-01T05:00:00Z"), 8},
                     {at("2026-11-01T05:00:00Z"), at("2026-11-02T06:00:00Z"), 8},
                     {at("2026-11-02T06:00:00Z"), at("2026-11-03T06:00:00Z"), 8}}));
  // "Today" for 23:30 CST on Sunday is still Sunday 00:00 CDT.
  EXPECT_EQ(scheduling_->plant_bucket_start(at("2026-11-02T05:30:00Z"), 86400).value(),
            at("2026-11-01T05:00:00Z"));
  EXPECT_EQ(scheduling_->plant_bucket_start(at("2026-11-02T06:00:00Z"), 86400).value(),
            at("2026-11-02T06:00:00Z"));
}

TEST_F(PlantTimeZoneTest, DayAndWeekBucketsAcrossSpringForward) {
  // Sunday 2026-03-08 has 23 h: 06:00Z (00:00 CST) to 05:00Z next day (00:00 CDT).
  EXPECT_EQ(buckets("2026-03-07T06:00:00Z", "2026-03-10T05:00:00Z"),
            (Buckets{{at("2026-03-07T06:00:00Z"), at("2026-03-08T06:00:00Z"), 8},
                     {at("2026-03-08T06:00:00Z"), at("2026-03-09T05:00:00Z"), 8},
                     {at("2026-03-09T05:00:00Z"), at("2026-03-10T05:00:00Z"), 8}}));
  // Weeks start on local Monday 00:00; the week holding the change has 167 h and 7 shifts.
  EXPECT_EQ(scheduling_->plant_bucket_start(at("2026-03-08T12:00:00Z"), 7 * 86400).value(),
            at("2026-03-02T06:00:00Z"));
  EXPECT_EQ(buckets("2026-03-02T06:00:00Z", "2026-03-16T05:00:00Z", 7 * 86400),
            (Buckets{{at("2026-03-02T06:00:00Z"), at("2026-03-09T05:00:00Z"), 56},
                     {at("2026-03-09T05:00:00Z"), at("2026-03-16T05:00:00Z"), 56}}));
}

TEST_F(PlantTimeZoneTest, MachineCalendarsKeepLocalShiftTimes) {
  BuildOptions bo;
  bo.now = clock_.now();
  bo.horizon_s = 4 * 86400 + 3 * 3600;  // to Tuesday 2026-11-03 14:00 CST
  bo.calendar_days = 4;
  auto mapped = db_->read([&](store::Tx& tx) { return build_problem(tx, bo); });
  ASSERT_TRUE(mapped.ok()) << mapped.error().message;
  EXPECT_EQ(mapped->zone.name(), "America/Chicago");
  const auto& machine = mapped->problem.machines.at(0);
  ASSERT_GE(machine.calendar, 0);
  const auto& windows = mapped->problem.calendars.at(static_cast<size_t>(machine.calendar)).windows;
  // Friday (from noon), Saturday in CDT; Sunday, Monday, Tuesday in CST: always 06:00-14:00.
  ASSERT_EQ(windows.size(), 5u);
  EXPECT_EQ(mapped->to_time(windows[0].start), at("2026-10-30T17:00:00Z"));
  EXPECT_EQ(mapped->to_time(windows[1].start), at("2026-10-31T11:00:00Z"));
  EXPECT_EQ(mapped->to_time(windows[2].start), at("2026-11-01T12:00:00Z"));
  EXPECT_EQ(mapped->to_time(windows[2].end), at("2026-11-01T20:00:00Z"));
  for (size_t i = 1; i < windows.size(); ++i) {
    LocalTime start = mapped->zone.to_local(mapped->to_time(windows[i].start));
    LocalTime end = mapped->zone.to_local(mapped->to_time(windows[i].end));
    EXPECT_EQ(start - std::chrono::floor<std::chrono::days>(start), hours(6)) << i;
    EXPECT_EQ(end - std::chrono::floor<std::chrono::days>(end), hours(14)) << i;
  }
}

TEST_F(PlantTimeZoneTest, UnknownStoredZoneIsAPreconditionError) {
  // A row written before zone names were checked against the tz database.
  auto broken = db_->transact([&](store::Tx& tx) -> Status {
    auto r = tx.exec("UPDATE plants SET time_zone = 'Europe/Berln'");
    if (!r.ok()) return r.error();
    return ok_status();
  });
  ASSERT_TRUE(broken.ok()) << broken.error().message;
  auto start = scheduling_->plant_bucket_start(clock_.now(), 86400);
  ASSERT_FALSE(start.ok());
  EXPECT_EQ(start.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(start.error().message.find("Europe/Berln"), std::string::npos);
}

}  // namespace
}  // namespace kerf::app::scheduling
