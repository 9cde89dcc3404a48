// Listing: equality filters, text search, date range, whitelisted sorting and pagination.
#include <gtest/gtest.h>

#include "kerf/model/model.h"
#include "kerf/store/store.h"
#include "store/store_fixture.h"

namespace kerf::store {
namespace {

using namespace kerf::model;  // NOLINT
using testing::StoreTest;

const TimePoint kBase = TimePoint(Micros(int64_t{1'795'000'000} * 1'000'000));

class ListTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    Status s = db().transact([&](Tx& tx) -> Status {
      auto c = insert_customer(tx, {0, 0, "ACME", "Acme", false});
      if (!c.ok()) return c.error();
      auto p = insert_part(
          tx, {0, 0, "P-1", "A", "Panel", Material::kMildSteel, false, 2, 500, 300, 2.4});
      if (!p.ok()) return p.error();
      // 25 jobs: due one day apart; priorities cycle 1..5; every 3rd is released.
      for (int i = 0; i < 25; ++i) {
        Job j;
        j.number = (i % 2 ? "J-ODD-" : "J-EVEN-") + std::to_string(100 + i);
        j.part_id = p->id;
        j.customer_id = c->id;
        j.quantity = 10 + i;
        j.due = kBase + std::chrono::hours(24 * i);
        j.priority = 1 + i % 5;
        j.status = i % 3 == 0 ? JobStatus::kReleased : JobStatus::kPlanned;
        if (auto r = insert_job(tx, j); !r.ok()) return r.error();
      }
      return ok_status();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  Page<Job> list(const ListQuery& q) {
    auto page = db().read([&](Tx& tx) { return list_jobs(tx, q); });
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? *page : Page<Job>{};
  }
};

TEST_P(ListTest, PaginationReportsTotalAndStableOrder) {
  ListQuery q;
  q.limit = 10;
  q.offset = 20;
  Page<Job> page = list(q);
  EXPECT_EQ(page.total, 25);
  ASSERT_EQ(page.items.size(), 5u);
  EXPECT_EQ(page.items.front().number, "J-EVEN-120");
  EXPECT_EQ(page.items.back().number, "J-EVEN-124");
}

TEST_P(ListTest, EqualityFiltersCombineWithAnd) {
  ListQuery q;
  q.filters["status"] = "released";
  EXPECT_EQ(list(q).total, 9);  // i = 0,3,...,24
  q.filters["priority"] = "1";  // text is coerced to the integer column type
  Page<Job> page = list(q);
  EXPECT_EQ(page.total, 2);  // i = 0, 15
  for (const Job& j : page.items) {
    EXPECT_EQ(j.status, JobStatus::kReleased);
    EXPECT_EQ(j.priority, 1);
  }
}

TEST_P(ListTest, SearchIsCaseInsensitiveSubstringWithLiteralWildcards) {
  ListQuery q;
  q.search = "odd";
  EXPECT_EQ(list(q).total, 12);
  q.search = "j-even-12";
  EXPECT_EQ(list(q).total, 3);  // 120, 122, 124
  q.search = "J-ODD-12";
  EXPECT_EQ(list(q).total, 2);  // 121, 123
  q.search = "%";
  EXPECT_EQ(list(q).total, 0);
  q.search = "_";
  EXPECT_EQ(list(q).total, 0);
}

TEST_P(ListTest, DateRangeIsInclusiveFromExclusiveTo) {
  ListQuery q;
  q.from = kBase + std::chrono::hours(24 * 5);
  q.to = kBase + std::chrono::hours(24 * 10);
  Page<Job> page = list(q);
  EXPECT_EQ(page.total, 5);  // i = 5..9
  for (const Job& j : page.items) {
    EXPECT_GE(j.due, *q.from);
    EXPECT_LT(j.due, *q.to);
  }
}

TEST_P(ListTest, SortByWhitelistedFieldWithIdTieBreak) {
  ListQuery q;
  q.sort = "priority";
  q.descending = true;
  q.limit = 1000;
  Page<Job> page = list(q);
  ASSERT_EQ(page.items.size(), 25u);
  for (std::size_t i = 1; i < page.items.size(); ++i) {
    const Job& a = page.items[i - 1];
    const Job& b = page.items[i];
    EXPECT_TRUE(a.priority > b.priority || (a.priority == b.priority && a.id < b.id));
  }
  q.sort = "due";
  q.descending = false;
  page = list(q);
  for (std::size_t i = 1; i < page.items.size(); ++i) {
    EXPECT_LT(page.items[i - 1].due, page.items[i].due);
  }
}

TEST_P(ListTest, RejectsUnknownFieldsAndBadPaging) {
  auto run = [&](const ListQuery& q) {
    return db().read([&](Tx& tx) { return list_jobs(tx, q); });
  };
  ListQuery q;
  q.sort = "number; DROP TABLE jobs";
  auto r = run(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().fields.at(0).field, "sort");

  q = {};
  q.filters["secret"] = "x";
  r = run(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields.at(0).field, "secret");

  q = {};
  q.filters["priority"] = "high";
  r = run(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields.at(0).field, "priority");

  q = {};
  q.limit = 0;
  EXPECT_FALSE(run(q).ok());
  q.limit = 10;
  q.offset = -1;
  EXPECT_FALSE(run(q).ok());
  EXPECT_EQ(list({}).total, 25);  // table intact
}

KERF_STORE_BOTH_BACKENDS(ListTest);

}  // namespace
}  // namespace kerf::store
