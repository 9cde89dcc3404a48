// Migration 8: the Sigmanest ledger tables (outbound queue, inbound keys, state) on both
// backends.
#include "kerf/store/sigmanest_repo.h"

#include <gtest/gtest.h>

#include "kerf/store/outbox_repo.h"
#include "store/store_fixture.h"

namespace kerf::store {
namespace {

using testing::StoreTest;

const TimePoint kT0 = TimePoint(Micros(int64_t{1'795'000'000} * 1'000'000));

class SigmanestRepoTest : public StoreTest {};

SigmanestOutboundRecord row(const std::string& trans_id, const std::string& status = "queued") {
  SigmanestOutboundRecord r;
  r.trans_id = trans_id;
  r.trans_type = "SN84";
  r.district = 1;
  r.columns_json = R"({"OrderNo":"J-1","Qty":"5"})";
  r.status = status;
  r.entity = "job";
  r.entity_id = 7;
  r.created_at = kT0;
  return r;
}

TEST_P(SigmanestRepoTest, OutboundRowsRoundTripAndListByStatus) {
  auto stored = db().transact([](Tx& tx) -> Result<SigmanestOutboundRecord> {
    auto a = insert_sigmanest_outbound(tx, row("KA"));
    if (!a.ok()) return a;
    if (auto b = insert_sigmanest_outbound(tx, row("KB", "sent")); !b.ok()) return b;
    auto c = insert_sigmanest_outbound(tx, row(""));  // trans_id set afterwards
    if (!c.ok()) return c;
    if (Status s = set_sigmanest_trans_id(tx, c->id, "KC"); !s.ok()) return s.error();
    return a;
  });
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  auto back = db().read([&](Tx& tx) { return get_sigmanest_outbound(tx, stored->id); });
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, *stored);

  auto queued = db().read([](Tx& tx) { return sigmanest_outbound_with_status(tx, "queued", 10); });
  ASSERT_TRUE(queued.ok()) << queued.error().message;
  ASSERT_EQ(queued->size(), 2u);
  EXPECT_EQ((*queued)[0].trans_id, "KA");
  EXPECT_EQ((*queued)[1].trans_id, "KC");
  auto one = db().read([](Tx& tx) { return sigmanest_outbound_with_status(tx, "queued", 1); });
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);

  auto counts = db().read([](Tx& tx) { return count_sigmanest_outbound_by_status(tx); });
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)["queued"], 2);
  EXPECT_EQ((*counts)["sent"], 1);

  ListQuery q;
  q.filters["status"] = "sent";
  auto page = db().read([&](Tx& tx) { return list_sigmanest_outbound(tx, q); });
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].trans_id, "KB");
}

TEST_P(SigmanestRepoTest, TransIdIsUniqueAndStatusChecked) {
  auto dup = db().transact([](Tx& tx) -> Status {
    if (auto a = insert_sigmanest_outbound(tx, row("KX")); !a.ok()) return a.error();
    return status_of(insert_sigmanest_outbound(tx, row("KX")));
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict) << dup.error().message;
  auto bad = db().transact(
      [](Tx& tx) { return status_of(insert_sigmanest_outbound(tx, row("KY", "nonsense"))); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(SigmanestRepoTest, OldestSentAndUpdate) {
  auto s = db().transact([](Tx& tx) -> Status {
    auto a = insert_sigmanest_outbound(tx, row("KA", "sent"));
    if (!a.ok()) return a.error();
    a->sent_at = kT0 + std::chrono::seconds(30);
    a->attempts = 2;
    if (auto u = update_sigmanest_outbound(tx, *a); !u.ok()) return u.error();
    auto b = insert_sigmanest_outbound(tx, row("KB", "sent"));
    if (!b.ok()) return b.error();
    b->sent_at = kT0 + std::chrono::seconds(10);
    return status_of(update_sigmanest_outbound(tx, *b));
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto oldest = db().read([](Tx& tx) { return oldest_sigmanest_sent_at(tx); });
  ASSERT_TRUE(oldest.ok());
  EXPECT_TRUE(*oldest == kT0 + std::chrono::seconds(10));
}

TEST_P(SigmanestRepoTest, InboundKeysAreIdempotent) {
  auto first = db().transact(
      [](Tx& tx) { return insert_sigmanest_inbound_key(tx, 41, "SN100", "P-1", kT0); });
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(*first);
  auto again = db().transact(
      [](Tx& tx) { return insert_sigmanest_inbound_key(tx, 41, "SN100", "P-1", kT0); });
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(*again);
  auto other = db().transact(
      [](Tx& tx) { return insert_sigmanest_inbound_key(tx, 41, "SN102", "P-1", kT0); });
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(*other);
  auto exists =
      db().read([](Tx& tx) { return sigmanest_inbound_key_exists(tx, 41, "SN100", "P-1"); });
  ASSERT_TRUE(exists.ok());
  EXPECT_TRUE(*exists);
  auto packets = db().read([](Tx& tx) { return count_sigmanest_inbound_packets(tx); });
  ASSERT_TRUE(packets.ok());
  EXPECT_EQ(*packets, 1);
}

TEST_P(SigmanestRepoTest, StateUpserts) {
  auto none = db().read([](Tx& tx) { return get_sigmanest_state(tx, "outbound_cursor"); });
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  for (const char* v : {"5", "9"}) {
    auto s = db().transact([&](Tx& tx) { return set_sigmanest_state(tx, "outbound_cursor", v); });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  auto v = db().read([](Tx& tx) { return get_sigmanest_state(tx, "outbound_cursor"); });
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->value_or(""), "9");
}

TEST_P(SigmanestRepoTest, EventsAfterReadsPublishedAndUnpublished) {
  auto s = db().transact([](Tx& tx) -> Status {
    for (int i = 0; i < 3; ++i) {
      auto id = append_event(tx, "job.released", "{}", kT0 + std::chrono::seconds(i));
      if (!id.ok()) return id.error();
      if (i == 0) {
        if (auto m = mark_published(tx, {*id}, kT0); !m.ok()) return m.error();
      }
    }
    return ok_status();
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto all = db().read([](Tx& tx) { return events_after(tx, 0, 10); });
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  auto tail = db().read([&](Tx& tx) { return events_after(tx, (*all)[0].id, 1); });
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 1u);
  EXPECT_EQ((*tail)[0].id, (*all)[1].id);
  auto old =
      db().read([](Tx& tx) { return events_after(tx, 0, 10, kT0 + std::chrono::seconds(1)); });
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->size(), 2u);
}

KERF_STORE_BOTH_BACKENDS(SigmanestRepoTest);

}  // namespace
}  // namespace kerf::store
