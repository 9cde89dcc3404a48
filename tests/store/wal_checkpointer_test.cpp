// The SQLite WAL checkpointer (src/store/wal_checkpointer.h): the thread copies the WAL back on
// request, the writer checkpoints inline past the hard limit, the WAL stays bounded and every
// committed row is there.
#include "store/wal_checkpointer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "support/test_env.h"

namespace kerf::store::detail {
namespace {

namespace fs = std::filesystem;

class WalCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kerf::testing::make_temp_dir("kerf-wal-");
    path_ = dir_ + "/db.sqlite";
    ASSERT_EQ(sqlite3_open(path_.c_str(), &writer_), SQLITE_OK);
    exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
  }
  void TearDown() override {
    if (writer_ != nullptr) sqlite3_close_v2(writer_);
    fs::remove_all(dir_);
  }

  void exec(const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(writer_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << (err ? err : "");
  }
  // One transaction adding `pages` rows of about a page each.
  void write_pages(int pages) {
    exec("BEGIN IMMEDIATE");
    for (int i = 0; i < pages; ++i) exec("INSERT INTO t (payload) VALUES (randomblob(3900))");
    exec("COMMIT");
  }
  int64_t rows() {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(writer_, "SELECT COUNT(*) FROM t", -1, &stmt, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    const int64_t n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
  }
  uintmax_t wal_bytes() const { return fs::file_size(path_ + "-wal"); }

  std::string dir_;
  std::string path_;
  sqlite3* writer_ = nullptr;
};

TEST_F(WalCheckpointerTest, TheThreadCheckpointsOnceTheWalPassesItsThreshold) {
  auto cp = WalCheckpointer::open(path_, {.background_pages = 50, .inline_pages = 100'000});
  ASSERT_TRUE(cp.ok()) << cp.error().message;
  (*cp)->attach(writer_);
  write_pages(20);
  EXPECT_EQ((*cp)->background_runs(), 0);  // below the threshold: no request
  write_pages(40);                         // past it
  for (int i = 0; i < 600 && (*cp)->background_runs() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE((*cp)->background_runs(), 1);
  EXPECT_EQ((*cp)->inline_runs(), 0);
  // The WAL was copied back: the next writes restart it from the beginning.
  const uintmax_t before = wal_bytes();
  write_pages(5);
  EXPECT_LE(wal_bytes(), before);
  EXPECT_EQ(rows(), 65);
  sqlite3_wal_hook(writer_, nullptr, nullptr);
}

TEST_F(WalCheckpointerTest, TheWriterCheckpointsInlinePastTheHardLimitSoTheWalStaysBounded) {
  // No thread help (its threshold is never reached): only the inline checkpoint bounds the WAL.
  auto cp = WalCheckpointer::open(path_, {.background_pages = 1'000'000, .inline_pages = 40});
  ASSERT_TRUE(cp.ok()) << cp.error().message;
  (*cp)->attach(writer_);
  for (int i = 0; i < 50; ++i) write_pages(10);
  EXPECT_GE((*cp)->inline_runs(), 8);
  EXPECT_EQ((*cp)->background_runs(), 0);
  // At most the limit plus one transaction's pages (and headers) ever sit in the WAL.
  EXPECT_LT(wal_bytes(), uintmax_t{60} * 4200);
  EXPECT_EQ(rows(), 500);
  sqlite3_wal_hook(writer_, nullptr, nullptr);
}

TEST_F(WalCheckpointerTest, OpeningAMissingDirectoryFailsWithTheReason) {
  auto cp = WalCheckpointer::open(dir_ + "/missing/dir/db.sqlite");
  ASSERT_FALSE(cp.ok());
  EXPECT_NE(cp.error().message.find("to checkpoint"), std::string::npos) << cp.error().message;
}

}  // namespace
}  // namespace kerf::store::detail
