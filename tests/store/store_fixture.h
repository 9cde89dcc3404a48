// Test fixture running each store test against both backends: a fresh SQLite file and a fresh
// PostgreSQL database (from the process-wide PostgresHarness), migrated.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "kerf/store/database.h"
#include "kerf/store/migrations.h"
#include "support/postgres_harness.h"
#include "support/test_env.h"

namespace kerf::store::testing {

inline std::string open_url(Backend backend) {
  if (backend == Backend::kSqlite) {
    return "sqlite:" + kerf::testing::make_temp_dir("kerf-store") + "/kerf.db";
  }
  return kerf::testing::fresh_postgres_database_url();
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = open_url(GetParam());
    auto db = Database::open(url_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(db).value();
    if (migrate_on_setup_) {
      Status s = migrate(*db_);
      ASSERT_TRUE(s.ok()) << s.error().message;
    }
  }
  void TearDown() override {
    db_.reset();
    if (GetParam() == Backend::kSqlite) {
      std::error_code ec;
      std::filesystem::remove_all(std::filesystem::path(url_.substr(7)).parent_path(), ec);
    }
  }

  Database& db() { return *db_; }

  bool migrate_on_setup_ = true;
  std::string url_;
  std::unique_ptr<Database> db_;
};

inline std::string backend_param_name(const ::testing::TestParamInfo<Backend>& info) {
  return backend_name(info.param);
}

#define KERF_STORE_BOTH_BACKENDS(Suite)                                                      \
  INSTANTIATE_TEST_SUITE_P(                                                                  \
      Backends, Suite,                                                                       \
      ::testing::Values(::kerf::store::Backend::kSqlite, ::kerf::store::Backend::kPostgres), \
      ::kerf::store::testing::backend_param_name)

}  // namespace kerf::store::testing
