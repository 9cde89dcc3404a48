#include "kerf/store/database.h"

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/store_fixture.h"

namespace kerf::store {
namespace {

using testing::StoreTest;

class DatabaseTest : public StoreTest {
 protected:
  void SetUp() override {
    migrate_on_setup_ = false;
    StoreTest::SetUp();
    Status s = db().transact([](Tx& tx) -> Status {
      auto r = tx.exec(
          "CREATE TABLE things (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
          "weight DOUBLE PRECISION, flag BOOLEAN NOT NULL DEFAULT FALSE, at BIGINT, "
          "CHECK (id > 0))");
      if (!r.ok()) return r.error();
      return ok_status();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
};

TEST_P(DatabaseTest, TypedParametersRoundTrip) {
  TimePoint when = TimePoint(Micros(1'795'000'000'123'456));
  Status s = db().transact([&](Tx& tx) -> Status {
    auto r = tx.exec("INSERT INTO things (id, name, weight, flag, at) VALUES (?, ?, ?, ?, ?)",
                     {int64_t{1}, "it's \"quoted\" ? ", 2.5, true, when});
    if (!r.ok()) return r.error();
    EXPECT_EQ(*r, 1);
    r = tx.exec("INSERT INTO things (id, name, weight, flag, at) VALUES (?, ?, ?, ?, ?)",
                {2, std::string("second"), nullptr, false, std::optional<TimePoint>()});
    if (!r.ok()) return r.error();
    return ok_status();
  });
  ASSERT_TRUE(s.ok()) << s.error().message;

  auto rows = db().read(
      [](Tx& tx) { return tx.query("SELECT id, name, weight, flag, at FROM things ORDER BY id"); });
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  const Row& a = (*rows)[0];
  EXPECT_EQ(a.get_int("id"), 1);
  EXPECT_EQ(a.get_text("name"), "it's \"quoted\" ? ");
  EXPECT_DOUBLE_EQ(a.get_double("weight"), 2.5);
  EXPECT_TRUE(a.get_bool("flag"));
  EXPECT_EQ(a.get_time("at"), when);
  const Row& b = (*rows)[1];
  EXPECT_TRUE(b.is_null("weight"));
  EXPECT_FALSE(b.opt_double("weight").has_value());
  EXPECT_FALSE(b.get_bool("flag"));
  EXPECT_FALSE(b.opt_time("at").has_value());
  EXPECT_THROW(b.get_double("weight"), std::logic_error);
}

TEST_P(DatabaseTest, PlaceholderInsideLiteralIsNotAParameter) {
  auto r = db().read([](Tx& tx) { return tx.query_one("SELECT 'a?b' AS t, ? AS n", {7}); });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->get_text("t"), "a?b");
  EXPECT_EQ((*r)->get_int("n"), 7);
}

TEST_P(DatabaseTest, UniqueViolationIsConflictNamingTheField) {
  Status s = db().transact([](Tx& tx) -> Status {
    (void)tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {1, "x"});
    auto r = tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {2, "x"});
    if (!r.ok()) return r.error();
    return ok_status();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict) << s.error().message;
  ASSERT_EQ(s.error().fields.size(), 1u);
  EXPECT_EQ(s.error().fields[0].field, "name");
}

TEST_P(DatabaseTest, CheckViolationIsInvalidArgument) {
  Status s = db().transact([](Tx& tx) -> Status {
    auto r = tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {-1, "neg"});
    if (!r.ok()) return r.error();
    return ok_status();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument) << s.error().message;
}

TEST_P(DatabaseTest, ErrorResultRollsBackEverything) {
  Status s = db().transact([](Tx& tx) -> Status {
    auto r = tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {1, "kept?"});
    if (!r.ok()) return r.error();
    return Error::precondition("changed my mind");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
  auto n = db().read([](Tx& tx) { return tx.query_one("SELECT COUNT(*) FROM things"); });
  ASSERT_TRUE(n.ok());
  EXPECT_EQ((*n)->get_int(0), 0);
}

TEST_P(DatabaseTest, IgnoredStatementFailurePoisonsTheTransaction) {
  Status s = db().transact([](Tx& tx) -> Status {
    (void)tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {1, "a"});
    (void)tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {2, "a"});  // fails, ignored
    auto later = tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {3, "c"});
    EXPECT_FALSE(later.ok());
    return ok_status();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  auto n = db().read([](Tx& tx) { return tx.query_one("SELECT COUNT(*) FROM things"); });
  ASSERT_TRUE(n.ok());
  EXPECT_EQ((*n)->get_int(0), 0);
}

TEST_P(DatabaseTest, ExceptionRollsBackAndPropagates) {
  EXPECT_THROW((void)db().transact([](Tx& tx) -> Status {
    (void)tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {1, "a"});
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  auto n = db().read([](Tx& tx) { return tx.query_one("SELECT COUNT(*) FROM things"); });
  ASSERT_TRUE(n.ok());
  EXPECT_EQ((*n)->get_int(0), 0);
  // The connection is usable afterwards.
  Status s = db().transact([](Tx& tx) -> Status {
    auto r = tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {1, "a"});
    return r.ok() ? ok_status() : Status(r.error());
  });
  EXPECT_TRUE(s.ok());
}

TEST_P(DatabaseTest, ReadTransactionCannotWrite) {
  Status s = db().read([](Tx& tx) -> Status {
    auto r = tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {1, "a"});
    return r.ok() ? ok_status() : Status(r.error());
  });
  EXPECT_FALSE(s.ok());
}

TEST_P(DatabaseTest, ConcurrentWritersAndReadersAddUp) {
  Status s = db().transact([](Tx& tx) -> Status {
    auto r = tx.exec("INSERT INTO things (id, name, weight) VALUES (1, 'counter', 0)");
    return r.ok() ? ok_status() : Status(r.error());
  });
  ASSERT_TRUE(s.ok());
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Status w = db().transact([&](Tx& tx) -> Status {
          auto cur = tx.query_one("SELECT weight FROM things WHERE id = 1");
          if (!cur.ok()) return cur.error();
          // Read-modify-write of the counter plus one new row per transaction.
          auto up = tx.exec("UPDATE things SET weight = weight + 1 WHERE id = 1");
          if (!up.ok()) return up.error();
          auto ins = tx.exec(
              "INSERT INTO things (id, name) VALUES (?, ?)",
              {1000 + t * kPerThread + i, "row " + std::to_string(t) + "/" + std::to_string(i)});
          if (!ins.ok()) return ins.error();
          return ok_status();
        });
        if (!w.ok()) failures++;
        auto r = db().read([](Tx& tx) { return tx.query_one("SELECT COUNT(*) FROM things"); });
        if (!r.ok()) failures++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto r = db().read([](Tx& tx) {
    return tx.query_one(
        "SELECT (SELECT weight FROM things WHERE id = 1) AS w, COUNT(*) AS n "
        "FROM things");
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_DOUBLE_EQ((*r)->get_double("w"), kThreads * kPerThread);
  EXPECT_EQ((*r)->get_int("n"), kThreads * kPerThread + 1);
}

TEST_P(DatabaseTest, ResultValuesPassThroughTransact) {
  Result<int64_t> r = db().transact([](Tx& tx) -> Result<int64_t> {
    auto n = tx.exec("INSERT INTO things (id, name) VALUES (?, ?)", {5, "five"});
    if (!n.ok()) return n.error();
    return int64_t{42};
  });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 42);
}

KERF_STORE_BOTH_BACKENDS(DatabaseTest);

TEST(DatabaseOpen, UnreachablePostgresIsUnavailable) {
  auto db = Database::open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
}

TEST(DatabaseOpen, SqliteUrlForms) {
  std::string dir = kerf::testing::make_temp_dir("kerf-open");
  for (std::string url : {"sqlite:" + dir + "/a.db", "sqlite://" + dir + "/b.db", dir + "/c.db",
                          std::string(":memory:")}) {
    auto db = Database::open(url);
    ASSERT_TRUE(db.ok()) << url << ": " << db.error().message;
    EXPECT_EQ((*db)->backend(), Backend::kSqlite);
    auto r = (*db)->read([](Tx& tx) { return tx.query_one("SELECT 1"); });
    EXPECT_TRUE(r.ok()) << url;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kerf::store
