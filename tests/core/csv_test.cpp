#include "kerf/core/csv.h"

#include <gtest/gtest.h>

namespace kerf {
namespace {

using Fields = std::vector<std::string>;

std::vector<Fields> fields(const Result<std::vector<CsvRow>>& r) {
  std::vector<Fields> out;
  for (const CsvRow& row : r.value()) out.push_back(row.fields);
  return out;
}

TEST(CsvRecords, PlainFieldsWithLfAndCrlf) {
  auto lf = parse_csv_records("a,b,c\n1,2,3\n");
  ASSERT_TRUE(lf.ok());
  EXPECT_EQ(fields(lf), (std::vector<Fields>{{"a", "b", "c"}, {"1", "2", "3"}}));
  auto crlf = parse_csv_records("a,b,c\r\n1,2,3");
  ASSERT_TRUE(crlf.ok());
  EXPECT_EQ(fields(crlf), fields(lf));
  EXPECT_EQ(crlf->at(1).line, 2u);
}

TEST(CsvRecords, QuotedFieldsEscapesAndEmbeddedLineBreaks) {
  auto r = parse_csv_records(
      "part,desc\r\n\"KT-1\",\"Prep table, "
      "1800\"\"x700\"\"\"\r\nKT-2,\"two\r\nlines\"\r\nKT-3,\"\"\r\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ(r->at(1).fields, (Fields{"KT-1", "Prep table, 1800\"x700\""}));
  EXPECT_EQ(r->at(2).fields, (Fields{"KT-2", "two\r\nlines"}));
  EXPECT_EQ(r->at(2).line, 3u);
  EXPECT_EQ(r->at(3).fields, (Fields{"KT-3", ""}));
  EXPECT_EQ(r->at(3).line, 5u);  // the embedded line break counts as a physical line
}

TEST(CsvRecords, EmptyFieldsTrailingDelimiterAndBlankLines) {
  auto r = parse_csv_records("a,,c,\n\n\r\n,\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(fields(r), (std::vector<Fields>{{"a", "", "c", ""}, {"", ""}}));
  EXPECT_EQ(r->at(1).line, 4u);
  EXPECT_TRUE(parse_csv_records("")->empty());
  EXPECT_TRUE(parse_csv_records("\n\r\n")->empty());
}

TEST(CsvRecords, BomIsStrippedAndDelimiterConfigurable) {
  auto r = parse_csv_records("\xEF\xBB\xBFqty;due\n3;2026-12-01\n", CsvOptions{.delimiter = ';'});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(fields(r), (std::vector<Fields>{{"qty", "due"}, {"3", "2026-12-01"}}));
}

TEST(CsvRecords, LiteralQuoteInsideUnquotedField) {
  auto r = parse_csv_records("12\" pipe,x\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(fields(r), (std::vector<Fields>{{"12\" pipe", "x"}}));
}

TEST(CsvRecords, UnterminatedQuoteNamesTheStartLine) {
  auto r = parse_csv_records("a,b\n1,2\n3,\"open\nstill open\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message, "line 3: unterminated quoted field");
}

TEST(CsvRecords, GarbageAfterClosingQuote) {
  auto r = parse_csv_records("a\n\"x\"y,z\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "line 2: unexpected character after closing quote");
}

TEST(CsvRecords, SizeAndFieldGuards) {
  std::string big(2000, 'x');
  auto r = parse_csv_records(big, CsvOptions{.max_bytes = 1000});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_TRUE(parse_csv_records(big, CsvOptions{.max_bytes = 2000}).ok());
  auto wide = parse_csv_records("a\n1,2,3,4,5\n", CsvOptions{.max_fields = 4});
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.error().message, "line 2: more than 4 fields");
  // A trailing delimiter adds an empty field that counts against the limit too.
  EXPECT_TRUE(parse_csv_records("1,2,3,4\n", CsvOptions{.max_fields = 4}).ok());
  auto trailing = parse_csv_records("1,2,3,4,\n", CsvOptions{.max_fields = 4});
  ASSERT_FALSE(trailing.ok());
  EXPECT_EQ(trailing.error().message, "line 1: more than 4 fields");
}

TEST(CsvDocument, HeaderMapsColumnsCaseInsensitively) {
  auto doc = read_csv("Job Number, Qty ,Due\nJ-1,5,2026-12-01\nJ-2,7,2026-12-02\n");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->header(), (Fields{"Job Number", "Qty", "Due"}));
  ASSERT_EQ(doc->rows().size(), 2u);
  EXPECT_EQ(doc->column("qty"), 1u);
  EXPECT_EQ(doc->column("job number"), 0u);
  EXPECT_FALSE(doc->column("customer").has_value());
  const CsvRow& second = doc->rows()[1];
  EXPECT_EQ(second.line, 3u);
  EXPECT_EQ(doc->field(second, "QTY"), "7");
  EXPECT_EQ(doc->field(second, "nope"), "");
}

TEST(CsvDocument, RaggedRowsNameTheLine) {
  auto doc = read_csv("a,b,c\n1,2,3\n\n4,5\n");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().message, "line 4: expected 3 fields, got 2");
  auto more = read_csv("a,b\n1,2,3\n");
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().message, "line 2: expected 2 fields, got 3");
}

TEST(CsvDocument, BadHeaders) {
  EXPECT_EQ(read_csv("").error().message, "missing header row");
  EXPECT_EQ(read_csv("a,,c\n").error().message, "line 1: header column 2 has no name");
  EXPECT_EQ(read_csv("qty,QTY\n").error().message, "line 1: duplicate header column 'QTY'");
  auto only_header = read_csv("a,b\r\n");
  ASSERT_TRUE(only_header.ok());
  EXPECT_TRUE(only_header->rows().empty());
}

}  // namespace
}  // namespace kerf
