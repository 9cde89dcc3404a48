// The SimTrans / SNDBase DDL runs on both real drivers and holds every TransAct column.
#include "kerf/integrations/sigmanest/simtrans_schema.h"

#include <gtest/gtest.h>

#include "support/odbc_harness.h"

namespace kerf::integrations::sigmanest {
namespace {

std::string sample(const ColumnSpec& c) {
  switch (c.type) {
    case ColumnType::kText:
      return std::string(static_cast<size_t>(c.max_length), 'x');
    case ColumnType::kInt:
      return "-42";
    case ColumnType::kFloat:
      return "2.5";
    case ColumnType::kDateTime:
      return "2026-03-01 06:30:00";
    case ColumnType::kBit:
      return "1";
  }
  return "";
}

class SimtransSchemaTest : public ::testing::TestWithParam<bool> {};

TEST_P(SimtransSchemaTest, CreatesEveryTableAndTransActTakesEveryColumn) {
  const bool pg = GetParam();
  auto c = odbc::Connection::open(
      {pg ? kerf::testing::fresh_postgres_odbc() : kerf::testing::fresh_sqlite_odbc()});
  ASSERT_TRUE(c.ok()) << c.error().message;
  odbc::Connection& conn = **c;
  ASSERT_TRUE(create_simtrans_tables(conn).ok());
  for (std::string_view t : simtrans_tables()) {
    auto rs = conn.query("SELECT COUNT(*) FROM " + std::string(t));
    ASSERT_TRUE(rs.ok()) << t << ": " << rs.error().message;
    EXPECT_EQ(rs->rows[0].values[0], "0") << t;
    EXPECT_FALSE(simtrans_columns(t).empty()) << t;
  }

  std::string cols = "TransType, District, TransID";
  std::string marks = "?, ?, ?";
  std::vector<odbc::Value> params = {"SN84", "3", "ABCDEFGHIJ"};
  for (const ColumnSpec& spec : transact_columns()) {
    cols += ", " + std::string(spec.name);
    marks += ", ?";
    params.emplace_back(sample(spec));
  }
  auto n = conn.execute("INSERT INTO TransAct (" + cols + ") VALUES (" + marks + ")", params);
  ASSERT_TRUE(n.ok()) << n.error().message;
  auto rs = conn.query("SELECT * FROM TransAct");
  ASSERT_TRUE(rs.ok()) << rs.error().message;
  ASSERT_EQ(rs->rows.size(), 1u);
  EXPECT_EQ(rs->get(0, "AutoInc"), "1");
  EXPECT_EQ(rs->get(0, "ErrorTag"), "0");
  EXPECT_TRUE(rs->get(0, "AddedDate").has_value());
  EXPECT_EQ(rs->get(0, "TransID"), "ABCDEFGHIJ");
  for (const ColumnSpec& spec : transact_columns()) {
    auto v = rs->get(0, spec.name);
    ASSERT_TRUE(v.has_value()) << spec.name;
    if (spec.type == ColumnType::kFloat) {
      EXPECT_EQ(std::stod(*v), 2.5) << spec.name;
    } else {
      EXPECT_EQ(*v, sample(spec)) << spec.name;
    }
  }
  // Column labels restore to the DDL's spelling.
  const auto& columns = simtrans_columns("transact");
  EXPECT_EQ(columns.size(), transact_columns().size() + 6);
  EXPECT_EQ(columns[0], "AutoInc");
  if (pg) {
    // A text column refuses an over-length value (SQLite does not check lengths).
    auto too_long = conn.execute(
        "INSERT INTO TransAct (TransType, District, TransID) VALUES "
        "(?, ?, ?)",
        {"SN84", "1", "ABCDEFGHIJK"});
    EXPECT_FALSE(too_long.ok());
  }
}

INSTANTIATE_TEST_SUITE_P(Drivers, SimtransSchemaTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "PostgreSQL" : "SQLite"; });

TEST(SimtransSchema, DialectOfTheDriversDbmsName) {
  EXPECT_EQ(*dialect_of("SQLite"), Dialect::kSqlite);
  EXPECT_EQ(*dialect_of("PostgreSQL"), Dialect::kPostgres);
  EXPECT_EQ(*dialect_of("Microsoft SQL Server"), Dialect::kSqlServer);
  auto bad = dialect_of("Oracle");
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].field, "dbms");
}

TEST(SimtransSchema, SqlServerDdlUsesItsTypes) {
  auto ddl = simtrans_ddl(Dialect::kSqlServer);
  ASSERT_FALSE(ddl.empty());
  const std::string& transact = ddl[0];
  EXPECT_NE(transact.find("AutoInc INT IDENTITY(1,1) NOT NULL PRIMARY KEY"), std::string::npos);
  EXPECT_NE(transact.find("AddedDate DATETIME NOT NULL DEFAULT GETDATE()"), std::string::npos);
  EXPECT_NE(transact.find("ErrorTag BIT NOT NULL DEFAULT 0"), std::string::npos);
  EXPECT_NE(transact.find("ItemName VARCHAR(100)"), std::string::npos);
  EXPECT_NE(transact.find("Remark VARCHAR(80)"), std::string::npos);
  EXPECT_NE(transact.find("DueDate DATETIME"), std::string::npos);
  EXPECT_NE(transact.find("Qty INT"), std::string::npos);
  // Same tables, same statement count, in every dialect.
  EXPECT_EQ(ddl.size(), simtrans_ddl(Dialect::kSqlite).size());
  EXPECT_EQ(ddl.size(), simtrans_ddl(Dialect::kPostgres).size());
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
