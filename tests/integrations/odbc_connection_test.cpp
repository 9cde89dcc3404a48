// The ODBC layer against both real drivers: SQLite3 (libsqliteodbc) on a temp file and
// PostgreSQL Unicode (odbc-postgresql) on the test cluster.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "kerf/integrations/odbc/connection.h"
#include "support/odbc_harness.h"

namespace kerf::integrations::odbc {
namespace {

enum class Backend { kSqlite, kPostgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "SQLite" : "PostgreSQL";
}

class OdbcConnectionTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    cs_ = GetParam() == Backend::kSqlite ? kerf::testing::fresh_sqlite_odbc()
                                         : kerf::testing::fresh_postgres_odbc();
    auto c = Connection::open({cs_});
    ASSERT_TRUE(c.ok()) << c.error().message;
    conn_ = std::move(*c);
    auto made = conn_->execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, note TEXT, "
        "qty INTEGER, thick FLOAT)");
    ASSERT_TRUE(made.ok()) << made.error().message;
  }

  int64_t count() {
    auto rs = conn_->query("SELECT COUNT(*) AS n FROM t");
    EXPECT_TRUE(rs.ok()) << rs.error().message;
    if (!rs.ok() || rs->rows.empty()) return -1;
    return std::stoll(*rs->rows[0].values[0]);
  }

  std::string cs_;
  std::unique_ptr<Connection> conn_;
};

TEST_P(OdbcConnectionTest, ReportsTheDbmsName) {
  EXPECT_EQ(conn_->dbms_name(), GetParam() == Backend::kSqlite ? "SQLite" : "PostgreSQL");
}

TEST_P(OdbcConnectionTest, BindsParametersIncludingNullUnicodeAndLongText) {
  std::string long_text;
  for (int i = 0; long_text.size() < 10000; ++i) long_text += "line " + std::to_string(i) + ";";
  const std::string unicode = "Blech 3 mm — Edelstahl ÄÖÜ ß ✓ 日本";
  auto n = conn_->execute("INSERT INTO t (id, name, note, qty, thick) VALUES (?, ?, ?, ?, ?)",
                          {"1", unicode, std::nullopt, "42", "2.5"});
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 1);
  n = conn_->execute("INSERT INTO t (id, name, note, qty, thick) VALUES (?, ?, ?, ?, ?)",
                     {"2", "long", long_text, std::nullopt, std::nullopt});
  ASSERT_TRUE(n.ok()) << n.error().message;
  n = conn_->execute("INSERT INTO t (id, name, note) VALUES (?, ?, ?)", {"3", "", ""});
  ASSERT_TRUE(n.ok()) << n.error().message;

  auto rs =
      conn_->query("SELECT id, name, note, qty, thick FROM t WHERE id >= ? ORDER BY id", {"1"});
  ASSERT_TRUE(rs.ok()) << rs.error().message;
  ASSERT_EQ(rs->rows.size(), 3u);
  EXPECT_EQ(rs->column("NAME"), 1);
  EXPECT_EQ(rs->column("absent"), -1);
  EXPECT_EQ(rs->get(0, "name"), unicode);
  EXPECT_EQ(rs->get(0, "note"), std::nullopt);
  EXPECT_EQ(rs->get(0, "qty"), "42");
  EXPECT_EQ(std::stod(*rs->get(0, "thick")), 2.5);
  EXPECT_EQ(rs->get(1, "note"), long_text);
  EXPECT_EQ(rs->get(1, "qty"), std::nullopt);
  EXPECT_EQ(rs->get(2, "name"), "");
  EXPECT_EQ(rs->get(2, "note"), "");

  auto updated = conn_->execute("UPDATE t SET qty = ? WHERE id IN (?, ?)", {"7", "1", "2"});
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(*updated, 2);
  auto none = conn_->execute("DELETE FROM t WHERE id = ?", {"99"});
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(*none, 0);
}

TEST_P(OdbcConnectionTest, RollbackDiscardsAndCommitKeeps) {
  ASSERT_TRUE(conn_->begin().ok());
  EXPECT_TRUE(conn_->in_transaction());
  EXPECT_EQ(conn_->begin().error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(conn_->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"1", "a"}).ok());
  ASSERT_TRUE(conn_->rollback().ok());
  EXPECT_FALSE(conn_->in_transaction());
  EXPECT_EQ(count(), 0);

  ASSERT_TRUE(conn_->begin().ok());
  ASSERT_TRUE(conn_->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"1", "a"}).ok());
  ASSERT_TRUE(conn_->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"2", "b"}).ok());
  ASSERT_TRUE(conn_->commit().ok());
  EXPECT_EQ(count(), 2);
  // Autocommit again: a statement outside begin() is visible to a second connection.
  ASSERT_TRUE(conn_->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"3", "c"}).ok());
  auto other = Connection::open({cs_});
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto rs = (*other)->query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(rs.ok()) << rs.error().message;
  EXPECT_EQ(rs->rows[0].values[0], "3");
  EXPECT_EQ(conn_->commit().error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(OdbcConnectionTest, DestructorRollsBackAnOpenTransaction) {
  {
    auto c = Connection::open({cs_});
    ASSERT_TRUE(c.ok()) << c.error().message;
    ASSERT_TRUE((*c)->begin().ok());
    ASSERT_TRUE((*c)->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"1", "a"}).ok());
  }
  EXPECT_EQ(count(), 0);
}

TEST_P(OdbcConnectionTest, InTransactionRollsBackWhenTheBodyFails) {
  Status s = in_transaction(*conn_, [&]() -> Status {
    if (auto r = conn_->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"1", "a"}); !r.ok()) {
      return r.error();
    }
    auto r = conn_->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"1", "dup"});
    return r.ok() ? ok_status() : Status(r.error());
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(failure_of(s.error()), Failure::kConstraint);
  EXPECT_FALSE(conn_->in_transaction());
  EXPECT_EQ(count(), 0);
}

TEST_P(OdbcConnectionTest, ConstraintViolationsAreClassified) {
  ASSERT_TRUE(conn_->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"1", "a"}).ok());
  auto dup = conn_->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"1", "b"});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(failure_of(dup.error()), Failure::kConstraint) << dup.error().message;
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_NE(dup.error().message.find("SQLSTATE "), std::string::npos) << dup.error().message;

  auto null_name = conn_->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"2", std::nullopt});
  ASSERT_FALSE(null_name.ok());
  EXPECT_EQ(failure_of(null_name.error()), Failure::kConstraint) << null_name.error().message;
  // The connection is still usable.
  EXPECT_EQ(count(), 1);
}

TEST_P(OdbcConnectionTest, BadSqlIsOther) {
  auto bad = conn_->query("SELEKT nothing FROM nowhere");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(failure_of(bad.error()), Failure::kOther) << bad.error().message;
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
  auto missing = conn_->execute("INSERT INTO no_such_table (a) VALUES (?)", {"1"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(failure_of(missing.error()), Failure::kOther) << missing.error().message;
  EXPECT_EQ(count(), 0);
}

TEST_P(OdbcConnectionTest, CachedStatementsSurviveSchemaChanges) {
  ASSERT_TRUE(conn_->execute("INSERT INTO t (id, name) VALUES (?, ?)", {"1", "a"}).ok());
  auto before = conn_->query("SELECT * FROM t");
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_EQ(before->columns.size(), 5u);
  ASSERT_TRUE(conn_->execute("DROP TABLE t").ok());
  ASSERT_TRUE(conn_->execute("CREATE TABLE t (id INTEGER PRIMARY KEY, other VARCHAR(10))").ok());
  ASSERT_TRUE(conn_->execute("INSERT INTO t (id, other) VALUES (?, ?)", {"2", "b"}).ok());
  auto after = conn_->query("SELECT * FROM t");
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(after->columns.size(), 2u);
  EXPECT_EQ(after->get(0, "other"), "b");
  // The same INSERT text again, on the new table.
  auto again = conn_->execute("INSERT INTO t (id, other) VALUES (?, ?)", {"3", "c"});
  ASSERT_TRUE(again.ok()) << again.error().message;
}

INSTANTIATE_TEST_SUITE_P(Drivers, OdbcConnectionTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

TEST(OdbcConnect, NothingListeningIsConnectAndThePasswordIsNotShown) {
  std::string cs = kerf::testing::unreachable_postgres_odbc();
  auto c = Connection::open({cs, /*login_timeout_s=*/5});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(failure_of(c.error()), Failure::kConnect) << c.error().message;
  EXPECT_EQ(c.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(c.error().message.find("secret-pw"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("Pwd=***"), std::string::npos) << c.error().message;
}

TEST(OdbcConnect, UnknownDriverIsConnect) {
  auto c = Connection::open({"Driver=NoSuchDriver;Database=x;PWD={se;cret}"});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(failure_of(c.error()), Failure::kConnect) << c.error().message;
  EXPECT_EQ(c.error().message.find("se;cret"), std::string::npos) << c.error().message;
}

TEST(OdbcConnect, ForeignErrorsAreOther) {
  EXPECT_EQ(failure_of(Error::unavailable("odbc-like but not ours")), Failure::kOther);
  EXPECT_EQ(failure_of(Error::internal("SQLSTATE 23505: dup")), Failure::kOther);
}

TEST(OdbcConnect, DroppedPostgresConnectionIsConnect) {
  std::string cs = kerf::testing::fresh_postgres_odbc();
  auto c = Connection::open({cs});
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_TRUE((*c)->query("SELECT 1").ok());
  EXPECT_GE(kerf::testing::terminate_postgres_connections(kerf::testing::postgres_database_of(cs)),
            1);
  auto r = (*c)->query("SELECT 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(failure_of(r.error()), Failure::kConnect) << r.error().message;
}

TEST(OdbcRetryable, SqliteLockedDatabaseIsRetryable) {
  std::string cs = kerf::testing::fresh_sqlite_odbc("locked", /*busy_timeout_ms=*/50);
  auto a = Connection::open({cs});
  auto b = Connection::open({cs});
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*a)->execute("CREATE TABLE t (id INTEGER PRIMARY KEY)").ok());
  ASSERT_TRUE((*a)->begin().ok());
  ASSERT_TRUE((*a)->execute("INSERT INTO t (id) VALUES (?)", {"1"}).ok());
  auto locked = (*b)->execute("INSERT INTO t (id) VALUES (?)", {"2"});
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(failure_of(locked.error()), Failure::kRetryable) << locked.error().message;
  EXPECT_EQ(locked.error().code, ErrorCode::kUnavailable);
  ASSERT_TRUE((*a)->commit().ok());
  // Once the writer committed, in_transaction goes through.
  Status s = in_transaction(**b, [&]() -> Status {
    return status_of((*b)->execute("INSERT INTO t (id) VALUES (?)", {"2"}));
  });
  EXPECT_TRUE(s.ok()) << s.error().message;
}

TEST(OdbcRetryable, PostgresDeadlockIsRetryable) {
  std::string cs = kerf::testing::fresh_postgres_odbc();
  auto a = Connection::open({cs});
  auto b = Connection::open({cs});
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE((*a)->execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)").ok());
  ASSERT_TRUE((*a)->execute("INSERT INTO t (id, v) VALUES (1, 0), (2, 0)").ok());
  ASSERT_TRUE((*a)->begin().ok());
  ASSERT_TRUE((*b)->begin().ok());
  ASSERT_TRUE((*a)->execute("UPDATE t SET v = 1 WHERE id = 1").ok());
  ASSERT_TRUE((*b)->execute("UPDATE t SET v = 2 WHERE id = 2").ok());
  // a waits for b's row 2 while b waits for a's row 1: PostgreSQL aborts one of them.
  Result<int64_t> in_a = int64_t{0};
  // The victim rolls back at once so that the other side can go on.
  std::thread t([&] {
    in_a = (*a)->execute("UPDATE t SET v = 1 WHERE id = 2");
    if (!in_a.ok()) (void)(*a)->rollback();
  });
  Result<int64_t> in_b = (*b)->execute("UPDATE t SET v = 2 WHERE id = 1");
  if (!in_b.ok()) (void)(*b)->rollback();  // lets a go on
  t.join();
  ASSERT_NE(in_a.ok(), in_b.ok()) << "exactly one side is the deadlock victim: "
                                  << (in_a.ok() ? "" : in_a.error().message) << " / "
                                  << (in_b.ok() ? "" : in_b.error().message);
  const Error& e = in_a.ok() ? in_b.error() : in_a.error();
  EXPECT_EQ(failure_of(e), Failure::kRetryable) << e.message;
  EXPECT_NE(e.message.find("40P01"), std::string::npos) << e.message;
}

TEST(OdbcRetryable, PostgresQueryTimeoutIsRetryable) {
  auto c = Connection::open({kerf::testing::fresh_postgres_odbc(), 10, /*query_timeout_s=*/1});
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto slow = (*c)->query("SELECT pg_sleep(30)");
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(failure_of(slow.error()), Failure::kRetryable) << slow.error().message;
  EXPECT_TRUE((*c)->query("SELECT 1").ok());
}

}  // namespace
}  // namespace kerf::integrations::odbc
