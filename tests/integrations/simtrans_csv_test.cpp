// SimTrans CSV reader/writer (include/kerf/integrations/sigmanest/csv.h).
#include <gtest/gtest.h>

#include "kerf/integrations/sigmanest/csv.h"

namespace kerf::integrations::sigmanest {
namespace {

std::string error_of(std::string_view text, const CsvLimits& limits = {}) {
  auto t = read_csv_table(text, limits);
  return t.ok() ? "ok" : t.error().message;
}

TEST(SimtransCsv, ReadsQuotedFieldsNullsAndLineNumbers) {
  std::string text =
      "\xEF\xBB\xBF"
      "A,B,C\r\n"
      "1,\"x,y\",\"he said \"\"hi\"\"\"\r\n"
      "\n"
      "2,,\"\"\n"
      "3,\"two\r\nlines\",z";
  auto t = read_csv_table(text);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->header, (std::vector<std::string>{"A", "B", "C"}));
  ASSERT_EQ(t->records.size(), 3u);
  EXPECT_EQ(t->records[0].line, 2u);
  EXPECT_EQ(t->records[0].fields[1], CsvField("x,y"));
  EXPECT_EQ(t->records[0].fields[2], CsvField("he said \"hi\""));
  EXPECT_EQ(t->records[1].line, 4u);
  EXPECT_EQ(t->records[1].fields[1], std::nullopt);  // unquoted empty: NULL
  EXPECT_EQ(t->records[1].fields[2], CsvField(""));  // quoted empty: empty string
  EXPECT_EQ(t->records[2].line, 5u);
  EXPECT_EQ(t->records[2].fields[1], CsvField("two\r\nlines"));
  EXPECT_EQ(t->column("b"), 1u);
  EXPECT_EQ(t->column("D"), std::nullopt);
}

TEST(SimtransCsv, ErrorsNameLineAndColumn) {
  EXPECT_EQ(error_of(""), "line 1: missing header row");
  EXPECT_EQ(error_of("\r\n\n"), "line 1: missing header row");
  EXPECT_EQ(error_of("OrderNo,ItemName\nJ1,\"P1\nJ2,P2\n"),
            "line 2, column ItemName: unterminated quote");
  EXPECT_EQ(error_of("OrderNo,ItemName\nJ1,P1\nJ2,\"P2\"x\n"),
            "line 3, column ItemName: character after closing quote");
  EXPECT_EQ(error_of("OrderNo,ItemName\nJ1,P\"1\n"),
            "line 2, column ItemName: quote inside an unquoted field");
  EXPECT_EQ(error_of("OrderNo,ItemName\nJ1,P1\rJ2\n"),
            "line 2, column ItemName: carriage return outside quotes");
  EXPECT_EQ(error_of("OrderNo,ItemName,Qty\nJ1,P1\n"),
            "line 2, column Qty: missing (2 fields, the header has 3)");
  EXPECT_EQ(error_of("OrderNo,ItemName\nJ1,P1,5\n"),
            "line 2, column 3: extra field (the header has 2)");
  EXPECT_EQ(error_of("OrderNo,,Qty\n"), "line 1, column 2: empty header name");
  EXPECT_EQ(error_of("OrderNo,\"\",Qty\n"), "line 1, column 2: empty header name");
  EXPECT_EQ(error_of("OrderNo,Qty,qty\n"), "line 1, column qty: duplicate header name");
  EXPECT_EQ(error_of("A,B\n1,\xC3\x28\n"), "line 2, column B: not valid UTF-8");
  // The line of an error after a multi-line field is the physical line.
  EXPECT_EQ(error_of("A,B\n\"x\ny\",1\n2,\"3\n"), "line 4, column B: unterminated quote");
  auto t = read_csv_table("A\n\"");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(t.error().fields.size(), 1u);
  EXPECT_EQ(t.error().fields[0].field, "line 2, column A");
  EXPECT_EQ(t.error().fields[0].message, "unterminated quote");
}

TEST(SimtransCsv, Limits) {
  CsvLimits limits{100, 30, 10, 3};
  EXPECT_EQ(error_of(std::string(101, 'a'), limits).substr(0, 11), "file: 101 b");
  EXPECT_EQ(read_csv_table(std::string(101, 'a'), limits).error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(error_of("A,B\n12345678901,x\n", limits),
            "line 2, column A: field longer than 10 bytes");
  EXPECT_EQ(error_of("A,B\n\"12345678\n901\",x\n", limits),
            "line 2, column A: field longer than 10 bytes");
  EXPECT_EQ(error_of("A,B,C,D\n", limits), "line 1, column 4: more than 3 fields");
  EXPECT_EQ(error_of("A,B,C\n1234567890,1234567890,1234567890\n", limits),
            "line 2, column C: row longer than 30 bytes");
  EXPECT_EQ(error_of("A,B,C\n123456789,123456789,123456789\n", limits), "ok");
}

TEST(SimtransCsv, WriterRoundTrips) {
  std::vector<std::string> header = {"A", "B", "C"};
  std::vector<std::vector<CsvField>> records = {
      {CsvField("plain"), CsvField("a,b"), CsvField("quote \" here")},
      {std::nullopt, CsvField(""), CsvField("line\nbreak\r\nboth")},
      {CsvField("Müller"), CsvField(" spaced "), std::nullopt},
  };
  std::string text = write_csv_table(header, records);
  EXPECT_EQ(text.substr(0, 7), "A,B,C\r\n");
  EXPECT_NE(text.find("plain,\"a,b\",\"quote \"\" here\"\r\n"), std::string::npos);
  EXPECT_NE(text.find(",\"\","), std::string::npos);
  auto t = read_csv_table(text);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->header, header);
  ASSERT_EQ(t->records.size(), 3u);
  for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(t->records[i].fields, records[i]) << i;
}

TEST(SimtransCsv, TransActFileRoundTrips) {
  std::vector<TransActRow> rows = {
      {"SN84", 1, "K00A1", {{"OrderNo", "J-1"}, {"ItemName", "P,1"}, {"Qty", "3"}}},
      {"SN87",
       1,
       "K00A2",
       {{"OrderNo", "J-1"}, {"DueDate", "2026-12-01 14:00:00"}, {"Customer", ""}}},
  };
  std::string text = write_transact_csv(rows);
  // Header: the fixed three, then the union in catalogue order.
  EXPECT_EQ(text.substr(0, text.find("\r\n")),
            "TransType,District,TransID,OrderNo,ItemName,Qty,DueDate,Customer");
  auto back = parse_transact_csv(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, rows);
}

TEST(SimtransCsv, TransActFileErrors) {
  auto r = parse_transact_csv("TransType,TransID\nSN89,K1\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields[0].field, "District");
  r = parse_transact_csv("TransType,District,TransID,Colour\nSN89,1,K1,red\n");
  EXPECT_EQ(r.error().message, "line 1, column Colour: not a TransAct column");
  r = parse_transact_csv("TransType,District,TransID\nSN89,one,K1\n");
  EXPECT_EQ(r.error().message, "line 2, column District: not an integer");
}

TEST(SimtransCsv, FeedbackRowsParse) {
  std::string text =
      "AutoID,ArchivePacketID,TransType,ProgramName,CuttingTime,SheetName\r\n"
      "7,100,SN100,P-1,754.5,\r\n"
      "8,101,SN102,P-2,\"12\",S1\r\n";
  auto rows = parse_feedback_csv(FeedbackTable::kPrgArc, text);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  const FeedbackRow& a = (*rows)[0];
  EXPECT_EQ(a.table, FeedbackTable::kPrgArc);
  EXPECT_EQ(a.auto_id, 7);
  EXPECT_EQ(a.archive_packet_id, 100);
  EXPECT_EQ(a.trans_type, "SN100");
  EXPECT_EQ(a.get("ProgramName"), "P-1");
  EXPECT_EQ(a.get("AutoID"), "7");              // the identity is in columns too
  EXPECT_EQ(a.get("SheetName"), std::nullopt);  // NULL
  EXPECT_EQ((*rows)[1].get("SheetName"), "S1");
  // Round trip through the writer.
  auto again = parse_feedback_csv(FeedbackTable::kPrgArc, write_feedback_csv(*rows));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, *rows);
}

TEST(SimtransCsv, FeedbackErrorsNameTheField) {
  auto r = parse_feedback_csv(FeedbackTable::kPIPArc, "AutoID,TransType,PartName\n1,SN100,A\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields[0].field, "ArchivePacketID");
  EXPECT_EQ(r.error().message, "ArchivePacketID: missing column ArchivePacketID in STPIPArc");
  r = parse_feedback_csv(FeedbackTable::kPIPArc, "ArchivePacketID,TransType\n1,SN100\n");
  EXPECT_EQ(r.error().fields[0].field, "AutoID");
  r = parse_feedback_csv(FeedbackTable::kPIPArc, "AutoID,ArchivePacketID\n1,1\n");
  EXPECT_EQ(r.error().fields[0].field, "TransType");
  // Header names match case-insensitively; rows and errors use the DDL's spelling.
  auto folded =
      parse_feedback_csv(FeedbackTable::kPrgArc,
                         "autoid,archivepacketid,transtype,programname,Extra\n1,2,SN100,P,x\n");
  ASSERT_TRUE(folded.ok()) << folded.error().message;
  EXPECT_EQ((*folded)[0].get("ProgramName"), "P");
  EXPECT_EQ((*folded)[0].get("AutoID"), "1");
  EXPECT_EQ((*folded)[0].get("Extra"), "x");
  r = parse_feedback_csv(FeedbackTable::kPIPArc,
                         "autoid,ARCHIVEPACKETID,TransType\n1,5,SN100\n0,5,SN100\n");
  EXPECT_EQ(r.error().message, "line 3, column AutoID: \"0\" is not a positive integer");
  r = parse_feedback_csv(FeedbackTable::kPIPArc, "AutoID,ArchivePacketID,TransType\n1,x,SN100\n");
  EXPECT_EQ(r.error().message, "line 2, column ArchivePacketID: \"x\" is not a positive integer");
  r = parse_feedback_csv(FeedbackTable::kPIPArc, "AutoID,ArchivePacketID,TransType\n1,2,\n");
  EXPECT_EQ(r.error().message, "line 2, column TransType: \"\" is not SN100, SN101 or SN102");
  r = parse_feedback_csv(FeedbackTable::kPIPArc, "AutoID,ArchivePacketID,TransType\n1,2,SN84\n");
  EXPECT_EQ(r.error().message, "line 2, column TransType: \"SN84\" is not SN100, SN101 or SN102");
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
