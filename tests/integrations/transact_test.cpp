// The TransAct column catalogue and row validation (docs/simtrans_format.md).
#include "kerf/integrations/sigmanest/transact.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace kerf::integrations::sigmanest {
namespace {

TransActRow row(std::string code, std::map<std::string, std::string> columns) {
  return TransActRow{std::move(code), 1, "K1", std::move(columns)};
}

// The field names of a failed validation, in order.
std::vector<std::string> fields(const Status& s) {
  std::vector<std::string> out;
  if (s.ok()) return out;
  for (const FieldError& f : s.error().fields) out.push_back(f.field);
  return out;
}

std::string message_of(const Status& s, const std::string& field) {
  if (s.ok()) return "";
  for (const FieldError& f : s.error().fields) {
    if (f.field == field) return f.message;
  }
  return "";
}

TEST(TransactColumns, CatalogueHasEveryDocumentedColumnOnce) {
  const auto& cols = transact_columns();
  std::set<std::string_view> names;
  for (const ColumnSpec& c : cols) EXPECT_TRUE(names.insert(c.name).second) << c.name;
  // 23 named columns + ItemData1..18 + ProgramName, ProgramRepeat + StringData1..4 + Param1..5
  // + StartDate, EndDate.
  EXPECT_EQ(cols.size(), 23u + 18u + 2u + 4u + 5u + 2u);
  EXPECT_EQ(cols.front().name, "OrderNo");
  EXPECT_EQ(cols.back().name, "EndDate");
  for (std::string_view n : {"ItemData1", "ItemData18", "StringData4", "Param5", "Mill",
                             "PrimeCode", "HeatNumber", "BinNumber", "Location"}) {
    EXPECT_NE(find_column(n), nullptr) << n;
  }
  EXPECT_EQ(find_column("ItemData19"), nullptr);
  EXPECT_EQ(find_column("itemname"), nullptr);  // case-sensitive
  EXPECT_EQ(find_column("AutoInc"), nullptr);   // system columns are not writable
  EXPECT_EQ(find_column("ErrorTag"), nullptr);
  EXPECT_EQ(find_column("TransID"), nullptr);
}

TEST(TransactColumns, TypesAndLengths) {
  EXPECT_EQ(find_column("ItemName")->max_length, 100);
  EXPECT_EQ(find_column("Remark")->max_length, 80);
  EXPECT_EQ(find_column("Customer")->max_length, 50);
  EXPECT_EQ(find_column("Qty")->type, ColumnType::kInt);
  EXPECT_EQ(find_column("Priority")->type, ColumnType::kInt);
  EXPECT_EQ(find_column("ProgramRepeat")->type, ColumnType::kInt);
  EXPECT_EQ(find_column("Thickness")->type, ColumnType::kFloat);
  EXPECT_EQ(find_column("Length")->type, ColumnType::kFloat);
  EXPECT_EQ(find_column("Cost")->type, ColumnType::kFloat);
  EXPECT_EQ(find_column("DueDate")->type, ColumnType::kDateTime);
  EXPECT_EQ(find_column("EndDate")->type, ColumnType::kDateTime);
  EXPECT_EQ(find_column("OnHold")->type, ColumnType::kBit);
  EXPECT_EQ(find_column("Param1")->type, ColumnType::kText);
}

TEST(TransactCodes, RequiredColumnsPerCode) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(required_columns(kSN84), (V{"OrderNo", "ItemName", "Qty"}));
  EXPECT_EQ(required_columns(kSN81), (V{"OrderNo", "ItemName", "Qty"}));
  EXPECT_EQ(required_columns(kSN82), (V{"OrderNo", "ItemName"}));
  EXPECT_EQ(required_columns(kSN87), (V{"OrderNo"}));
  EXPECT_EQ(required_columns(kSN89), (V{"OrderNo"}));
  EXPECT_EQ(required_columns(kSN91A), (V{"ItemName", "Qty", "Material", "Thickness"}));
  EXPECT_EQ(required_columns(kSN94),
            (V{"ItemName", "Qty", "Material", "Thickness", "Length", "Width"}));
  EXPECT_EQ(required_columns(kSN92), (V{"ItemName"}));
  EXPECT_EQ(required_columns(kSN97), (V{"ItemName", "Material", "Thickness", "Length", "Width"}));
  EXPECT_EQ(required_columns(kSN73N), (V{"ProgramName", "Param1"}));
  EXPECT_EQ(required_columns(kSN73C), (V{"ProgramName", "Param3"}));
  EXPECT_EQ(required_columns(kSN70), (V{"ProgramName"}));
  EXPECT_EQ(required_columns(kSN78R), (V{"ProgramName", "ItemName", "StringData4"}));
  EXPECT_EQ(required_columns(kSN74), (V{"ProgramName"}));
  EXPECT_TRUE(required_columns("SN88").empty());
  EXPECT_TRUE(is_known_trans_type("SN91A"));
  EXPECT_FALSE(is_known_trans_type("SN91"));
  EXPECT_FALSE(is_known_trans_type("sn84"));
}

TEST(TransactValidate, AcceptsAFullPartRow) {
  TransActRow r = row("SN84", {{"OrderNo", "J-1001"},
                               {"ItemName", std::string(100, 'P')},
                               {"Qty", "12"},
                               {"Material", "S235"},
                               {"Thickness", "2.5"},
                               {"DueDate", "2026-12-01 14:00:00"},
                               {"Priority", "-3"},
                               {"OnHold", "0"},
                               {"Remark", std::string(80, 'r')},
                               {"ItemData1", "job:4711"},
                               {"Customer", "Müller GmbH"}});
  Status s = validate(r);
  EXPECT_TRUE(s.ok()) << s.error().message;
}

TEST(TransactValidate, NamesEveryProblemByColumn) {
  TransActRow r = row("SN84", {{"ItemName", std::string(101, 'x')},
                               {"Qty", "1,5"},
                               {"Thickness", "2,5"},
                               {"DueDate", "2026-02-30 00:00:00"},
                               {"OnHold", "true"},
                               {"Remark", std::string(81, 'r')},
                               {"Colour", "red"}});
  r.trans_id = "ABCDEFGHIJK";
  r.district = -1;
  Status s = validate(r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  std::vector<std::string> f = fields(s);
  std::set<std::string> got(f.begin(), f.end());
  for (std::string name : {"District", "TransID", "ItemName", "Qty", "Thickness", "DueDate",
                           "OnHold", "Remark", "Colour", "OrderNo"}) {
    EXPECT_TRUE(got.count(name)) << name;
  }
  EXPECT_EQ(message_of(s, "ItemName"), "101 characters, the column holds 100");
  EXPECT_EQ(message_of(s, "Remark"), "81 characters, the column holds 80");
  EXPECT_EQ(message_of(s, "TransID"), "11 characters, the column holds 10");
  EXPECT_EQ(message_of(s, "OrderNo"), "required by SN84");
  EXPECT_EQ(message_of(s, "Colour"), "not a TransAct column");
}

TEST(TransactValidate, TransIdAndDistrict) {
  TransActRow r = row("SN89", {{"OrderNo", "J-1"}});
  r.trans_id = "";
  EXPECT_EQ(fields(validate(r)), std::vector<std::string>{"TransID"});
  r.trans_id = "0123456789";  // exactly 10
  EXPECT_TRUE(validate(r).ok());
  r.district = 0;
  EXPECT_TRUE(validate(r).ok());
  r.district = -5;
  EXPECT_EQ(fields(validate(r)), std::vector<std::string>{"District"});
}

TEST(TransactValidate, UnknownCodeNamesTransType) {
  Status s = validate(row("SN88", {{"OrderNo", "J-1"}}));
  EXPECT_EQ(fields(s), std::vector<std::string>{"TransType"});
  s = validate(row("", {}));
  EXPECT_EQ(fields(s), std::vector<std::string>{"TransType"});
}

TEST(TransactValidate, StockItemNameHolds50) {
  std::map<std::string, std::string> cols = {{"ItemName", std::string(51, 's')},
                                             {"Qty", "4"},
                                             {"Material", "S235"},
                                             {"Thickness", "3"},
                                             {"Length", "3000"},
                                             {"Width", "1500.0"}};
  for (const char* code : {"SN91A", "SN94", "SN92", "SN97"}) {
    std::map<std::string, std::string> c = cols;
    if (std::string(code) == "SN97") c.erase("Qty");
    Status s = validate(row(code, c));
    EXPECT_EQ(fields(s), std::vector<std::string>{"ItemName"}) << code;
    EXPECT_EQ(message_of(s, "ItemName"), "51 characters, the column holds 50") << code;
    c["ItemName"] = std::string(50, 's');
    EXPECT_TRUE(validate(row(code, c)).ok()) << code;
  }
  // The same 51 characters are fine for a part.
  EXPECT_TRUE(validate(row("SN82", {{"OrderNo", "J"}, {"ItemName", std::string(51, 'p')}})).ok());
}

TEST(TransactValidate, LengthCountsCharactersNotBytes) {
  std::string fifty_umlauts;
  for (int i = 0; i < 50; ++i) fifty_umlauts += "ü";
  EXPECT_TRUE(validate(row("SN87", {{"OrderNo", "J"}, {"Customer", fifty_umlauts}})).ok());
  Status s = validate(row("SN87", {{"OrderNo", "J"}, {"Customer", fifty_umlauts + "x"}}));
  EXPECT_EQ(message_of(s, "Customer"), "51 characters, the column holds 50");
  s = validate(row("SN87", {{"OrderNo", "J"}, {"Customer", "\xC3\x28"}}));
  EXPECT_EQ(message_of(s, "Customer"), "not valid UTF-8");
}

TEST(TransactValidate, Numbers) {
  auto qty = [](std::string v) {
    return validate(row("SN81", {{"OrderNo", "J"}, {"ItemName", "P"}, {"Qty", v}}));
  };
  EXPECT_TRUE(qty("0").ok());
  EXPECT_TRUE(qty("2147483647").ok());
  EXPECT_TRUE(qty("-2147483648").ok());
  for (std::string bad : {"2147483648", "1.0", "1e3", " 1", "1 ", "+1", "", "-", "0x10", "12a"}) {
    EXPECT_EQ(fields(qty(bad)), std::vector<std::string>{"Qty"}) << bad;
  }
  auto thick = [](std::string v) {
    return validate(row("SN92", {{"ItemName", "S"}, {"Thickness", v}}));
  };
  for (std::string good : {"2", "2.5", "-0.25", "0.001", "12000.000"}) {
    EXPECT_TRUE(thick(good).ok()) << good;
  }
  for (std::string bad : {"2,5", "2.", ".5", "1e3", "nan", "inf", "", "2.5.1", "--1"}) {
    EXPECT_EQ(fields(thick(bad)), std::vector<std::string>{"Thickness"}) << bad;
  }
}

TEST(TransactValidate, DatesAndBits) {
  auto due = [](std::string v) {
    return validate(row("SN87", {{"OrderNo", "J"}, {"DueDate", v}}));
  };
  EXPECT_TRUE(due("2026-12-31 23:59:59").ok());
  EXPECT_TRUE(due("2028-02-29 00:00:00").ok());
  for (std::string bad :
       {"2026-02-29 00:00:00", "2026-12-01", "2026-12-01T10:00:00", "2026-12-01 24:00:00",
        "2026-13-01 00:00:00", "2026-12-01 10:00:00Z", "26-12-01 10:00:00"}) {
    EXPECT_EQ(fields(due(bad)), std::vector<std::string>{"DueDate"}) << bad;
  }
  auto hold = [](std::string v) {
    return validate(row("SN87", {{"OrderNo", "J"}, {"OnHold", v}}));
  };
  EXPECT_TRUE(hold("0").ok());
  EXPECT_TRUE(hold("1").ok());
  EXPECT_FALSE(hold("2").ok());
  EXPECT_FALSE(hold("").ok());
}

TEST(TransactValidate, RequiredColumnMustBeNonEmpty) {
  Status s =
      validate(row("SN78R", {{"ProgramName", "P-1"}, {"ItemName", "A"}, {"StringData4", ""}}));
  EXPECT_EQ(fields(s), std::vector<std::string>{"StringData4"});
  s = validate(row("SN73N", {{"ProgramName", "P-1"}}));
  EXPECT_EQ(fields(s), std::vector<std::string>{"Param1"});
  EXPECT_TRUE(validate(row("SN73C", {{"ProgramName", "P-1"}, {"Param3", "754"}})).ok());
}

TEST(TransactValidate, SystemFieldsAreNotColumns) {
  Status s = validate(row("SN89", {{"OrderNo", "J"}, {"TransID", "X"}}));
  EXPECT_EQ(message_of(s, "TransID"), "a separate field of the row, not a column");
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
