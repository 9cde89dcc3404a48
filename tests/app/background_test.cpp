// The node's background owner (app::Background) and the background work of app::Services:
// failures are counted (and logged), never swallowed; published events expire, audit rows stay.
#include "kerf/app/background.h"

#include <atomic>
#include <stdexcept>

#include "app_fixture.h"
#include "kerf/store/outbox_repo.h"

namespace kerf::app::testing {
namespace {

TEST(Background, CountsRunsAndFailuresOfEachTask) {
  Background background;
  std::atomic<int> calls{0};
  background.add_periodic("ok", std::chrono::milliseconds(1), [&] {
    ++calls;
    return ok_status();
  });
  background.add_periodic("failing", std::chrono::milliseconds(1),
                          [] { return Status(Error::unavailable("database down")); });
  background.add_periodic("throwing", std::chrono::milliseconds(1),
                          []() -> Status { throw std::runtime_error("boom"); });
  background.start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto all_ran_twice = [&] {
    for (const auto& t : background.stats()) {
      if (t.runs < 2) return false;
    }
    return true;
  };
  while (!all_ran_twice() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  background.stop();
  const auto stats = background.stats();
  ASSERT_EQ(stats.size(), 3u);
  EXPECT_EQ(stats[0].name, "ok");
  EXPECT_GE(stats[0].runs, 2u);
  EXPECT_EQ(stats[0].failures, 0u);
  EXPECT_EQ(stats[1].failures, stats[1].runs);
  EXPECT_EQ(stats[1].last_error, "database down");
  EXPECT_EQ(stats[2].failures, stats[2].runs);
  EXPECT_NE(stats[2].last_error.find("boom"), std::string::npos);
  const int after_stop = calls.load();
  EXPECT_FALSE(background.running());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(calls.load(), after_stop);  // nothing runs after stop()
}

TEST(Background, RefusesTasksAddedAfterStart) {
  Background background;
  background.start();
  EXPECT_THROW(background.add_periodic("late", std::chrono::seconds(1), [] { return ok_status(); }),
               std::logic_error);
}

class EventRetentionTest : public AppTest {};

TEST_F(EventRetentionTest, PublishedEventsOlderThanTheRetentionGoAuditRowsStay) {
  seed_master_data();  // audited changes, each with a published event
  const int64_t audit_before = count("audit_log");
  const int64_t events_before = count("events");
  ASSERT_GT(events_before, 0);
  // One unpublished event (its writer crashed before publishing): never purged.
  ASSERT_TRUE(db_->transact([&](store::Tx& tx) {
                   return status_of(store::append_event(tx, "job.created", "{}", env_.now()));
                 })
                  .ok());

  EXPECT_EQ(app().purge_old_events().value(), 0);  // nothing old enough yet
  clock_.advance(std::chrono::hours(24 * 7 + 1));
  EXPECT_EQ(app().purge_old_events().value(), events_before);
  EXPECT_EQ(count("events"), 1);
  EXPECT_EQ(count("audit_log"), audit_before);
}

}  // namespace
}  // namespace kerf::app::testing
