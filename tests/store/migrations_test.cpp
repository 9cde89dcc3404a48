#include "kerf/store/migrations.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/store_fixture.h"

namespace kerf::store {
namespace {

using testing::StoreTest;

class MigrationsTest : public StoreTest {
 protected:
  void SetUp() override {
    migrate_on_setup_ = false;
    StoreTest::SetUp();
  }
};

TEST_P(MigrationsTest, FreshDatabaseMigratesToLatestAndIsIdempotent) {
  auto before = schema_version(db());
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_EQ(*before, 0);
  for (int i = 0; i < 3; ++i) {
    Status s = migrate(db());
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  auto after = schema_version(db());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, migrations().back().version);
  auto count =
      db().read([](Tx& tx) { return tx.query_one("SELECT COUNT(*) FROM schema_migrations"); });
  ASSERT_TRUE(count.ok());
  EXPECT_EQ((*count)->get_int(0), static_cast<int64_t>(migrations().size()));
  // Every required table exists and has the expected mutable-entity version column.
  for (const char* table :
       {"plants", "departments", "work_centers", "calendars", "customers", "parts", "bom_lines",
        "jobs", "job_routings", "schedule_slots", "heat_lots", "material_inventory", "safety_stock",
        "tools", "certifications", "users", "nests"}) {
    auto r = db().read([&](Tx& tx) {
      return tx.query("SELECT id, version FROM " + std::string(table) + " LIMIT 1");
    });
    EXPECT_TRUE(r.ok()) << table << ": " << r.error().message;
  }
  for (const char* table : {"sessions", "audit_log", "events", "sigmanest_sync_log",
                            "schedule_runs", "nest_parts", "operation_work_centers"}) {
    auto r = db().read(
        [&](Tx& tx) { return tx.query("SELECT * FROM " + std::string(table) + " LIMIT 1"); });
    EXPECT_TRUE(r.ok()) << table << ": " << r.error().message;
  }
}

TEST_P(MigrationsTest, ConcurrentMigratorsFromTwoHandlesAgree) {
  auto second = Database::open(url_);
  ASSERT_TRUE(second.ok());
  Status a, b;
  std::thread t([&] { a = migrate(db()); });
  b = migrate(**second);
  t.join();
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(*schema_version(db()), migrations().back().version);
}

TEST_P(MigrationsTest, VersionsStrictlyIncrease) {
  int last = 0;
  for (const Migration& m : migrations()) {
    EXPECT_GT(m.version, last);
    last = m.version;
    std::string sql = render_migration_sql(m.sql, GetParam());
    EXPECT_EQ(sql.find("{{"), std::string::npos) << m.name;
  }
}

KERF_STORE_BOTH_BACKENDS(MigrationsTest);

}  // namespace
}  // namespace kerf::store
