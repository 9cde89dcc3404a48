// Outbox, audit log, sessions and the Sigmanest sync log; atomicity with the business write.
#include <gtest/gtest.h>

#include "kerf/model/model.h"
#include "kerf/store/store.h"
#include "store/store_fixture.h"

namespace kerf::store {
namespace {

using namespace kerf::model;  // NOLINT
using testing::StoreTest;

const TimePoint kT0 = TimePoint(Micros(int64_t{1'795'000'000} * 1'000'000));

class OutboxTest : public StoreTest {};

TEST_P(OutboxTest, EventsAndAuditCommitWithTheChange) {
  Status s = db().transact([](Tx& tx) -> Status {
    auto c = insert_customer(tx, {0, 0, "ACME", "Acme", false});
    if (!c.ok()) return c.error();
    AuditEntry a{
        0, kT0, 0, "system", "customer", c->id, "create", std::nullopt, R"({"code":"ACME"})"};
    if (auto r = append_audit(tx, a); !r.ok()) return r.error();
    if (auto r = append_event(tx, "customer.created", R"({"id":1})", kT0); !r.ok()) {
      return r.error();
    }
    return ok_status();
  });
  ASSERT_TRUE(s.ok()) << s.error().message;

  auto events = db().read([](Tx& tx) { return fetch_unpublished(tx, 10); });
  ASSERT_TRUE(events.ok()) << events.error().message;
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].topic, "customer.created");
  EXPECT_EQ((*events)[0].payload, R"({"id":1})");
  EXPECT_EQ((*events)[0].created_at, kT0);
  EXPECT_FALSE((*events)[0].published);

  ListQuery q;
  q.filters["entity"] = "customer";
  auto audit = db().read([&](Tx& tx) { return list_audit(tx, q); });
  ASSERT_TRUE(audit.ok()) << audit.error().message;
  ASSERT_EQ(audit->total, 1);
  EXPECT_EQ(audit->items[0].action, "create");
  EXPECT_FALSE(audit->items[0].before_json.has_value());
  EXPECT_EQ(audit->items[0].after_json, R"({"code":"ACME"})");
}

TEST_P(OutboxTest, FailedChangeLeavesNoEventNoAuditNoRow) {
  Status s = db().transact([](Tx& tx) -> Status {
    auto c = insert_customer(tx, {0, 0, "ACME", "Acme", false});
    if (!c.ok()) return c.error();
    (void)append_audit(tx, {0, kT0, 0, "system", "customer", c->id, "create", {}, "{}"});
    (void)append_event(tx, "customer.created", "{}", kT0);
    auto dup = insert_customer(tx, {0, 0, "ACME", "Acme again", false});  // unique violation
    if (!dup.ok()) return dup.error();
    return ok_status();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  auto counts = db().read([](Tx& tx) {
    return tx.query_one(
        "SELECT (SELECT COUNT(*) FROM customers) AS c, (SELECT COUNT(*) FROM events) AS e, "
        "(SELECT COUNT(*) FROM audit_log) AS a");
  });
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ((*counts)->get_int("c"), 0);
  EXPECT_EQ((*counts)->get_int("e"), 0);
  EXPECT_EQ((*counts)->get_int("a"), 0);
}

TEST_P(OutboxTest, FetchInOrderAndMarkPublishedOnce) {
  Status s = db().transact([](Tx& tx) -> Status {
    for (int i = 0; i < 5; ++i) {
      auto r = append_event(tx, "job.changed", "{\"n\":" + std::to_string(i) + "}", kT0);
      if (!r.ok()) return r.error();
    }
    return ok_status();
  });
  ASSERT_TRUE(s.ok());
  auto first = db().read([](Tx& tx) { return fetch_unpublished(tx, 3); });
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 3u);
  EXPECT_LT((*first)[0].id, (*first)[1].id);
  EXPECT_LT((*first)[1].id, (*first)[2].id);
  std::vector<int64_t> ids{(*first)[0].id, (*first)[1].id, (*first)[2].id};
  auto marked = db().transact([&](Tx& tx) { return mark_published(tx, ids, kT0); });
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, 3);
  auto again = db().transact([&](Tx& tx) { return mark_published(tx, ids, kT0); });
  EXPECT_EQ(*again, 0);
  auto rest = db().read([](Tx& tx) { return fetch_unpublished(tx, 10); });
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[0].payload, "{\"n\":3}");
  auto purged = db().transact(
      [](Tx& tx) { return purge_published_events(tx, kT0 + std::chrono::seconds(1)); });
  EXPECT_EQ(*purged, 3);
}

TEST_P(OutboxTest, EventsOfATopicSinceATime) {
  const auto t1 = kT0 + std::chrono::hours(1);
  Status s = db().transact([&](Tx& tx) -> Status {
    for (auto [topic, at] : {std::pair{"machine.oee_alert", kT0},
                             {"job.changed", t1},
                             {"machine.oee_alert", t1},
                             {"machine.oee_alert", t1}}) {
      auto r = append_event(tx, topic, "{}", at);
      if (!r.ok()) return r.error();
    }
    return ok_status();
  });
  ASSERT_TRUE(s.ok());
  auto recent =
      db().read([&](Tx& tx) { return events_of_topic_since(tx, "machine.oee_alert", t1); });
  ASSERT_TRUE(recent.ok()) << recent.error().message;
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_LT((*recent)[0].id, (*recent)[1].id);
  EXPECT_EQ((*recent)[0].topic, "machine.oee_alert");
  EXPECT_EQ((*recent)[0].created_at, t1);
  auto all = db().read([&](Tx& tx) { return events_of_topic_since(tx, "machine.oee_alert", kT0); });
  EXPECT_EQ(all->size(), 3u);
  auto none = db().read([&](Tx& tx) { return events_of_topic_since(tx, "nest.cut", kT0); });
  EXPECT_TRUE(none->empty());
}

TEST_P(OutboxTest, SessionsLifecycle) {
  auto user = db().transact([](Tx& tx) {
    User u;
    u.username = "ann";
    u.display_name = "Ann";
    u.roles = {Role::kPlanner};
    return insert_user(tx, u);
  });
  ASSERT_TRUE(user.ok()) << user.error().message;
  auto sess = db().transact([&](Tx& tx) {
    return insert_session(tx, {0, "hash-1", user->id, kT0, kT0 + std::chrono::hours(8)});
  });
  ASSERT_TRUE(sess.ok()) << sess.error().message;
  auto old = db().transact([&](Tx& tx) {
    return insert_session(tx, {0, "hash-0", user->id, kT0, kT0 + std::chrono::hours(1)});
  });
  ASSERT_TRUE(old.ok());
  auto dup = db().transact([&](Tx& tx) {
    return insert_session(tx, {0, "hash-1", user->id, kT0, kT0});
  });
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

  auto found = db().read([](Tx& tx) { return find_session_by_token_hash(tx, "hash-1"); });
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, *sess);
  auto expired = db().transact(
      [](Tx& tx) { return delete_expired_sessions(tx, kT0 + std::chrono::hours(2)); });
  EXPECT_EQ(*expired, 1);
  Status ext = db().transact(
      [&](Tx& tx) { return extend_session(tx, sess->id, kT0 + std::chrono::hours(9)); });
  EXPECT_TRUE(ext.ok());
  Status del = db().transact([&](Tx& tx) { return delete_session(tx, sess->id); });
  EXPECT_TRUE(del.ok());
  auto gone = db().read([](Tx& tx) { return find_session_by_token_hash(tx, "hash-1"); });
  EXPECT_FALSE(gone->has_value());
}

TEST_P(OutboxTest, ScheduleRunsAndSigmanestLog) {
  auto run = db().transact([](Tx& tx) {
    ScheduleRun r;
    r.started_at = kT0;
    r.trigger_reason = "manual";
    return insert_schedule_run(tx, r);
  });
  ASSERT_TRUE(run.ok()) << run.error().message;
  ScheduleRun done = *run;
  done.status = ScheduleRunStatus::kSucceeded;
  done.finished_at = kT0 + std::chrono::seconds(3);
  done.slot_count = 42;
  done.objective = 1234.5;
  ASSERT_TRUE(db().transact([&](Tx& tx) { return update_schedule_run(tx, done); }).ok());
  auto got = db().read([&](Tx& tx) { return get_schedule_run(tx, run->id); });
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, done);

  SigmanestSyncEntry e{0, kT0, "import", "program", "N-0042", "nest", 0, "ok", ""};
  ASSERT_TRUE(db().transact([&](Tx& tx) { return append_sigmanest_sync(tx, e); }).ok());
  e.direction = "sideways";
  auto bad = db().transact([&](Tx& tx) { return append_sigmanest_sync(tx, e); });
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  auto synced =
      db().read([](Tx& tx) { return sigmanest_already_synced(tx, "import", "program", "N-0042"); });
  ASSERT_TRUE(synced.ok());
  EXPECT_TRUE(*synced);
  auto other =
      db().read([](Tx& tx) { return sigmanest_already_synced(tx, "import", "program", "N-0043"); });
  EXPECT_FALSE(*other);
}

KERF_STORE_BOTH_BACKENDS(OutboxTest);

}  // namespace
}  // namespace kerf::store
