// The SQLite writer queue behind Database::transact (src/store/write_queue.h): concurrent
// writers all land, a failing or throwing transaction rolls back only itself even when
// group-committed with others, a caller sees its own commit, nested transactions fail instead
// of deadlocking.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <latch>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kerf/store/database.h"
#include "support/test_env.h"

namespace kerf::store {
namespace {

class SqliteWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kerf::testing::make_temp_dir("kerf-writer-");
    auto db = Database::open("sqlite:" + dir_ + "/kerf.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(db).value();
    Status s = db_->transact([](Tx& tx) -> Status {
      return tx.run_script(
          "CREATE TABLE rows_ (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
          "CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
          "INSERT INTO counter (id, n) VALUES (1, 0);");
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  int64_t scalar(const std::string& sql) {
    auto r = db_->read([&](Tx& tx) { return tx.query_one(sql); });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() && r->has_value() ? (*r)->get_int(0) : -1;
  }

  // Holds the writer (the leading caller) inside one transaction until every thread counted by
  // `queued` is about to queue its own, so that those are (very likely) group-committed
  // together afterwards. Only a scheduling aid: every assertion holds whether or not they end
  // up in one group.
  std::thread hold_writer(std::latch& queued) {
    return std::thread([this, &queued] {
      Status s = db_->transact([&](Tx& tx) -> Status {
        queued.wait();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return tx.exec("UPDATE counter SET n = n WHERE id = 1").ok() ? ok_status()
                                                                     : Error::internal("gate");
      });
      EXPECT_TRUE(s.ok());
    });
  }

  std::string dir_;
  std::unique_ptr<Database> db_;
};

// Inserts "name" and bumps the counter; fails with `fail` after both statements when given.
Status insert_and_count(Tx& tx, const std::string& name, const std::optional<Error>& fail) {
  auto ins = tx.exec("INSERT INTO rows_ (name) VALUES (?)", {name});
  if (!ins.ok()) return ins.error();
  auto up = tx.exec("UPDATE counter SET n = n + 1 WHERE id = 1");
  if (!up.ok()) return up.error();
  if (fail) return *fail;
  return ok_status();
}

TEST_F(SqliteWriterTest, ManyConcurrentWritersAllLandAndSeeTheirOwnCommit) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 40;
  std::atomic<int> failures{0}, unseen{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string name = std::to_string(t) + "/" + std::to_string(i);
        Status w = db_->transact(
            [&](Tx& tx) -> Status { return insert_and_count(tx, name, std::nullopt); });
        if (!w.ok()) ++failures;
        // Committed when transact returns: a reader connection sees it at once.
        auto r = db_->read(
            [&](Tx& tx) { return tx.query_one("SELECT id FROM rows_ WHERE name = ?", {name}); });
        if (!r.ok() || !r->has_value()) ++unseen;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(unseen.load(), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM rows_"), kThreads * kPerThread);
  EXPECT_EQ(scalar("SELECT n FROM counter WHERE id = 1"), kThreads * kPerThread);
}

TEST_F(SqliteWriterTest, FailingTransactionsRollBackOnlyThemselves) {
  constexpr int kThreads = 12;
  std::latch queued(kThreads);
  std::thread gate = hold_writer(queued);
  std::vector<Status> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      queued.count_down();
      results[t] = db_->transact([&](Tx& tx) -> Status {
        const std::string name = "row " + std::to_string(t);
        if (t % 3 == 1) return insert_and_count(tx, name, Error::precondition("refused"));
        if (t % 3 == 2) {
          // A statement fails (duplicate name) after a good one; the error is ignored, the
          // transaction is poisoned all the same.
          (void)insert_and_count(tx, name, std::nullopt);
          (void)tx.exec("INSERT INTO rows_ (name) VALUES (?)", {name});
          return ok_status();
        }
        return insert_and_count(tx, name, std::nullopt);
      });
    });
  }
  for (auto& th : threads) th.join();
  gate.join();
  int committed = 0;
  for (int t = 0; t < kThreads; ++t) {
    const std::string name = "row " + std::to_string(t);
    const int64_t present = scalar("SELECT COUNT(*) FROM rows_ WHERE name = '" + name + "'");
    if (t % 3 == 0) {
      EXPECT_TRUE(results[t].ok()) << t << ": " << results[t].error().message;
      EXPECT_EQ(present, 1) << t;
      ++committed;
    } else {
      ASSERT_FALSE(results[t].ok()) << t;
      EXPECT_EQ(results[t].error().code,
                t % 3 == 1 ? ErrorCode::kFailedPrecondition : ErrorCode::kConflict)
          << t;
      EXPECT_EQ(present, 0) << t;
    }
  }
  // Nothing half-written: the counter moved once per committed transaction only.
  EXPECT_EQ(scalar("SELECT n FROM counter WHERE id = 1"), committed);
}

TEST_F(SqliteWriterTest, AThrowingTransactionRollsBackAndRethrowsInItsCaller) {
  constexpr int kThreads = 6;
  std::latch queued(kThreads);
  std::thread gate = hold_writer(queued);
  std::atomic<int> thrown{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      queued.count_down();
      try {
        Status s = db_->transact([&](Tx& tx) -> Status {
          Status w = insert_and_count(tx, "row " + std::to_string(t), std::nullopt);
          if (t == 3) throw std::runtime_error("boom");
          return w;
        });
        EXPECT_TRUE(s.ok()) << t;
      } catch (const std::runtime_error&) {
        EXPECT_EQ(t, 3);
        ++thrown;
      }
    });
  }
  for (auto& th : threads) th.join();
  gate.join();
  EXPECT_EQ(thrown.load(), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM rows_ WHERE name = 'row 3'"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM rows_"), kThreads - 1);
  EXPECT_EQ(scalar("SELECT n FROM counter WHERE id = 1"), kThreads - 1);
}

TEST_F(SqliteWriterTest, ResultValuesComeBackToTheirOwnCaller) {
  constexpr int kThreads = 8;
  std::latch queued(kThreads);
  std::thread gate = hold_writer(queued);
  std::vector<int64_t> ids(kThreads, -1);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      queued.count_down();
      auto id = db_->transact([&](Tx& tx) -> Result<int64_t> {
        return tx.insert_returning_id("INSERT INTO rows_ (name) VALUES (?) RETURNING id",
                                      {"row " + std::to_string(t)});
      });
      ASSERT_TRUE(id.ok()) << id.error().message;
      ids[t] = *id;
    });
  }
  for (auto& th : threads) th.join();
  gate.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(scalar("SELECT id FROM rows_ WHERE name = 'row " + std::to_string(t) + "'"), ids[t]);
  }
}

TEST_F(SqliteWriterTest, ATransactionInsideATransactionFailsInsteadOfDeadlocking) {
  Status inner_status;
  Status outer = db_->transact([&](Tx& tx) -> Status {
    inner_status = db_->transact([](Tx& inner) -> Status { return ok_status(); });
    return inner_status;
  });
  ASSERT_FALSE(inner_status.ok());
  EXPECT_EQ(inner_status.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(outer.ok());
  // The writer is still usable.
  EXPECT_TRUE(
      db_->transact([](Tx& tx) -> Status { return insert_and_count(tx, "after", std::nullopt); })
          .ok());
}

TEST(SqliteWriterMemory, InMemoryDatabasesReadAndWriteThroughTheWriter) {
  auto db = Database::open(":memory:");
  ASSERT_TRUE(db.ok()) << db.error().message;
  Status s = (*db)->transact([](Tx& tx) -> Status {
    return tx.run_script("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7);");
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto r = (*db)->read([](Tx& tx) { return tx.query_one("SELECT x FROM t"); });
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->get_int(0), 7);
}

}  // namespace
}  // namespace kerf::store
