// Machines, the state timeline, part events, actuals and telemetry on both backends.
#include <gtest/gtest.h>

#include "kerf/model/model.h"
#include "kerf/store/store.h"
#include "store/store_fixture.h"

namespace kerf::store {
namespace {

using model::Machine;
using model::MachineState;
using testing::StoreTest;

#define TRY_OK(expr)                  \
  do {                                \
    if (auto r_ = (expr); !r_.ok()) { \
      return r_.error();              \
    }                                 \
  } while (false)

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}

Machine laser() {
  Machine m;
  m.code = "LAS-1";
  m.name = "Fiber laser 1";
  m.protocol = model::MachineProtocol::kMtconnect;
  m.endpoint = "http://127.0.0.1:5000 LAS-1";
  m.ideal_cycle_s = 30;
  return m;
}

class MachineRepoTest : public StoreTest {};

TEST_P(MachineRepoTest, CrudAndStatusRoundTrip) {
  Machine saved = must(db().transact([](Tx& tx) { return insert_machine(tx, laser()); }));
  EXPECT_GT(saved.id, 0);
  EXPECT_EQ(saved.version, 1);
  EXPECT_FALSE(saved.work_center_id.has_value());

  auto dup = db().transact([](Tx& tx) { return insert_machine(tx, laser()); });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

  auto found = must(db().read([](Tx& tx) { return find_machine_by_code(tx, "LAS-1"); }));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, saved);

  MachineStatus st = must(db().read([&](Tx& tx) { return get_machine_status(tx, saved.id); }));
  EXPECT_EQ(st.state, MachineState::kUnknown);
  st.state = MachineState::kRun;
  st.state_since = TimePoint(Micros(1'000'000));
  st.alarm_code = "E12";
  st.part_count_total = 7;
  st.mounted_tool = "RO-10";
  st.wc_down_by_kerf = true;
  ASSERT_TRUE(db().transact([&](Tx& tx) { return save_machine_status(tx, st); }).ok());
  MachineStatus back = must(db().read([&](Tx& tx) { return get_machine_status(tx, saved.id); }));
  EXPECT_EQ(back.state, MachineState::kRun);
  EXPECT_EQ(back.state_since, st.state_since);
  EXPECT_EQ(back.alarm_code, "E12");
  EXPECT_EQ(back.part_count_total, 7);
  EXPECT_EQ(back.mounted_tool, "RO-10");
  EXPECT_TRUE(back.wc_down_by_kerf);

  saved.name = "Fiber laser one";
  Machine updated = must(db().transact([&](Tx& tx) { return update_machine(tx, saved); }));
  EXPECT_EQ(updated.version, 2);
  ASSERT_TRUE(db().transact([&](Tx& tx) { return delete_machine(tx, saved.id, 2); }).ok());
  EXPECT_EQ(db().read([&](Tx& tx) { return get_machine(tx, saved.id); }).error().code,
            ErrorCode::kNotFound);
}

TEST_P(MachineRepoTest, TimelineSwitchesAndClips) {
  Machine m = must(db().transact([](Tx& tx) { return insert_machine(tx, laser()); }));
  ASSERT_TRUE(db().transact([&](Tx& tx) -> Status {
                    TRY_OK(switch_interval(tx, 1000, {0, m.id, MachineState::kIdle, 1000}));
                    TRY_OK(switch_interval(tx, 5000, {0, m.id, MachineState::kRun, 5000}));
                    TRY_OK(switch_interval(tx, 9000, {0, m.id, MachineState::kDown, 9000}));
                    return ok_status();
                  })
                  .ok());
  auto all = must(db().read([&](Tx& tx) { return intervals_between(tx, m.id, 0, 100000); }));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].state, MachineState::kIdle);
  EXPECT_EQ(all[0].to_ms, 5000);
  EXPECT_EQ(all[1].to_ms, 9000);
  EXPECT_FALSE(all[2].to_ms.has_value());
  auto mid = must(db().read([&](Tx& tx) { return intervals_between(tx, m.id, 5000, 9000); }));
  ASSERT_EQ(mid.size(), 1u);
  EXPECT_EQ(mid[0].state, MachineState::kRun);
  auto open = must(db().read([&](Tx& tx) { return open_interval(tx, m.id); }));
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->state, MachineState::kDown);
}

TEST_P(MachineRepoTest, MetricsBatchRollupSeriesAndRetention) {
  Machine m = must(db().transact([](Tx& tx) { return insert_machine(tx, laser()); }));
  constexpr int64_t kHour = 3'600'000;
  const int64_t h0 = 1000 * kHour;
  std::vector<MetricRow> rows;
  for (int i = 0; i < 150; ++i) {  // two full chunks and a remainder
    rows.push_back({m.id, "current", h0 + i * 1000, static_cast<double>(i), std::nullopt, "good"});
  }
  rows.push_back({m.id, "program", h0 + 5, std::nullopt, "O1234", "good"});
  ASSERT_TRUE(db().transact([&](Tx& tx) { return insert_metrics(tx, rows); }).ok());

  auto raw = must(
      db().read([&](Tx& tx) { return raw_series(tx, m.id, "current", h0, h0 + kHour, 50'000); }));
  ASSERT_EQ(raw.size(), 3u);
  EXPECT_EQ(raw[0].t, h0);
  EXPECT_EQ(raw[0].count, 50);
  EXPECT_DOUBLE_EQ(raw[0].min, 0);
  EXPECT_DOUBLE_EQ(raw[0].max, 49);
  EXPECT_DOUBLE_EQ(raw[2].avg, 124.5);

  ASSERT_TRUE(db().transact([&](Tx& tx) -> Status {
                    TRY_OK(switch_interval(tx, h0 - 10, {0, m.id, MachineState::kRun, h0 - 10}));
                    TRY_OK(switch_interval(tx, h0 + kHour / 4,
                                           {0, m.id, MachineState::kIdle, h0 + kHour / 4}));
                    return ok_status();
                  })
                  .ok());
  ASSERT_TRUE(db().transact([&](Tx& tx) { return rollup_hour(tx, h0); }).ok());
  // Idempotent.
  ASSERT_TRUE(db().transact([&](Tx& tx) { return rollup_hour(tx, h0); }).ok());
  auto hourly = must(db().read(
      [&](Tx& tx) { return rollup_series(tx, m.id, "current", h0, h0 + 4 * kHour, kHour); }));
  ASSERT_EQ(hourly.size(), 1u);
  EXPECT_EQ(hourly[0].count, 150);
  EXPECT_DOUBLE_EQ(hourly[0].max, 149);
  EXPECT_DOUBLE_EQ(hourly[0].avg, 74.5);
  auto states = must(db().read([&](Tx& tx) { return state_hours(tx, m.id, h0, h0 + kHour); }));
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].state, "IDLE");
  EXPECT_DOUBLE_EQ(states[0].seconds, 2700);
  EXPECT_EQ(states[1].state, "RUN");
  EXPECT_DOUBLE_EQ(states[1].seconds, 900);

  auto purged = must(db().transact([&](Tx& tx) { return purge_metrics(tx, h0 + 100'000); }));
  EXPECT_EQ(purged, 101);
}

TEST_P(MachineRepoTest, PartEventsAndActuals) {
  Machine m = must(db().transact([](Tx& tx) { return insert_machine(tx, laser()); }));
  ASSERT_TRUE(db().transact([&](Tx& tx) -> Status {
                    TRY_OK(insert_part_event(tx, m.id, 1000, 2, std::nullopt));
                    return insert_part_event(tx, m.id, 3000, 5, std::nullopt);
                  })
                  .ok());
  EXPECT_EQ(must(db().read([&](Tx& tx) { return parts_between(tx, m.id, 0, 2000); })), 2);
  EXPECT_EQ(must(db().read([&](Tx& tx) { return parts_between(tx, m.id, 0, 5000); })), 7);
}

TEST_P(MachineRepoTest, MonthlyPartitionsOnPostgresAndRetentionDropsThem) {
  Machine m = must(db().transact([](Tx& tx) { return insert_machine(tx, laser()); }));
  const int64_t nov15 = 1'794'700'800'000;  // 2026-11-15T00:00:00Z
  const int64_t dec10 = 1'796'860'800'000;  // 2026-12-10T00:00:00Z
  const int64_t jan01 = 1'798'761'600'000;  // 2027-01-01T00:00:00Z
  const bool pg = GetParam() == Backend::kPostgres;
  EXPECT_EQ(must(db().transact([&](Tx& tx) { return ensure_metric_partitions(tx, nov15); })),
            pg ? 2 : 0);
  EXPECT_EQ(must(db().transact([&](Tx& tx) { return ensure_metric_partitions(tx, nov15); })), 0);
  const std::vector<MetricRow> rows = {{m.id, "current", nov15, 1.0, std::nullopt, "good"},
                                       {m.id, "current", dec10, 2.0, std::nullopt, "good"}};
  ASSERT_TRUE(db().transact([&](Tx& tx) { return insert_metrics(tx, rows); }).ok());
  if (pg) {
    auto in_dec = must(db().read([](Tx& tx) -> Result<int64_t> {
      auto r = tx.query_one("SELECT COUNT(*) FROM machine_metrics_p202612");
      if (!r.ok()) return r.error();
      return (*r)->get_int(0);
    }));
    EXPECT_EQ(in_dec, 1);
  }
  EXPECT_EQ(must(db().transact([&](Tx& tx) { return purge_metrics(tx, jan01); })), 2);
  if (pg) {
    auto gone = must(db().read([](Tx& tx) -> Result<bool> {
      auto r = tx.query_one("SELECT to_regclass('machine_metrics_p202612') IS NULL");
      if (!r.ok()) return r.error();
      return (*r)->get_bool(0);
    }));
    EXPECT_TRUE(gone);
  }
}

KERF_STORE_BOTH_BACKENDS(MachineRepoTest);

}  // namespace
}  // namespace kerf::store
