// FileGateway over temp folders: atomic TransAct files, row states from the folders, feedback
// files (.ready only), rejection of malformed files, acknowledgement into archive/.
#include "kerf/integrations/sigmanest/file_gateway.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_env.h"

namespace kerf::integrations::sigmanest {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<int64_t> ids_of(const std::vector<FeedbackPacket>& packets) {
  std::vector<int64_t> ids;
  for (const FeedbackPacket& p : packets) ids.push_back(p.archive_packet_id);
  return ids;
}

class FileGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = kerf::testing::make_temp_dir("kerf-file-gateway");
    options_.outbound_dir = root_ + "/out";
    options_.inbound_dir = root_ + "/in";
    gw_ = open();
  }
  void TearDown() override { fs::remove_all(root_); }

  std::unique_ptr<FileGateway> open() {
    auto gw = FileGateway::open(options_, env_);
    EXPECT_TRUE(gw.ok()) << gw.error().message;
    return gw.ok() ? std::move(*gw) : nullptr;
  }

  static TransActRow part(std::string id, std::string item, std::string qty) {
    return {"SN84", 1, std::move(id), {{"OrderNo", "J-1"}, {"ItemName", item}, {"Qty", qty}}};
  }

  std::string in(const std::string& name) const { return options_.inbound_dir + "/" + name; }

  // Packets 100 and 101 complete (program rows), 102 only parts in process (incomplete).
  void write_feedback() {
    spit(in("STPrgArc_0001.csv.ready"),
         "AutoID,ArchivePacketID,TransType,ProgramName,CuttingTime\r\n"
         "1,100,SN100,P-1,600\r\n"
         "2,101,SN100,P-2,420\r\n");
    spit(in("STPIPArc_0001.csv.ready"),
         "AutoID,ArchivePacketID,TransType,PartName,WONumber,QtyInProcess\r\n"
         "10,100,SN100,A,J-1,4\r\n"
         "11,101,SN100,B,J-2,2\r\n"
         "12,102,SN100,C,J-3,1\r\n");
  }

  std::string root_;
  ManualClock clock_{TimePoint(std::chrono::sys_days(std::chrono::year{2026} / 11 / 29)) +
                     std::chrono::hours(14) + std::chrono::minutes(30)};
  Env env_{clock_, 7};
  FileGatewayOptions options_;
  std::unique_ptr<FileGateway> gw_;
};

TEST_F(FileGatewayTest, OpenCreatesTheFolders) {
  ASSERT_NE(gw_, nullptr);
  EXPECT_EQ(gw_->kind(), "file");
  for (const std::string& d : {options_.outbound_dir, options_.inbound_dir, root_ + "/in/archive",
                               root_ + "/in/rejected", root_ + "/out/error"}) {
    EXPECT_TRUE(fs::is_directory(d)) << d;
  }
  EXPECT_EQ(gw_->options().archive_dir, root_ + "/in/archive");
}

TEST_F(FileGatewayTest, SubmitWritesOneCompleteFilePerBatch) {
  std::vector<TransActRow> batch = {part("K1", "P-1", "3"), part("K2", "P-2", "5")};
  ASSERT_TRUE(gw_->submit(batch).ok());
  std::vector<std::string> files = files_in(options_.outbound_dir);
  ASSERT_EQ(files, std::vector<std::string>{"TransAct_20261129143000_000001.csv"});
  auto back = parse_transact_csv(slurp(options_.outbound_dir + "/" + files[0]));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, batch);
  clock_.advance(std::chrono::seconds(2));
  ASSERT_TRUE(gw_->submit({part("K3", "P-3", "1")}).ok());
  EXPECT_EQ(files_in(options_.outbound_dir),
            (std::vector<std::string>{"TransAct_20261129143000_000001.csv",
                                      "TransAct_20261129143002_000002.csv"}));
  auto states = gw_->states({"K1", "K2", "K3", "nope"});
  ASSERT_TRUE(states.ok());
  EXPECT_EQ(*states, (std::vector<RowState>{RowState::kWaiting, RowState::kWaiting,
                                            RowState::kWaiting, RowState::kGone}));
}

TEST_F(FileGatewayTest, SubmitRefusesBadRowsAndWritesNothing) {
  Status s = gw_->submit({part("K1", "P-1", "3"), part("K2", std::string(101, 'x'), "3,5")});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const FieldError& f : s.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"rows/1/ItemName", "rows/1/Qty"}));
  s = gw_->submit({part("K1", "P-1", "3"), part("K1", "P-2", "3")});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields[0].field, "rows/1/TransID");
  EXPECT_FALSE(gw_->submit({}).ok());
  EXPECT_TRUE(files_in(options_.outbound_dir).empty());
}

TEST_F(FileGatewayTest, StatesFollowTheFile) {
  ASSERT_TRUE(gw_->submit({part("K1", "P-1", "3")}).ok());
  clock_.advance(std::chrono::seconds(1));
  ASSERT_TRUE(gw_->submit({part("K2", "P-2", "3")}).ok());
  clock_.advance(std::chrono::seconds(1));
  ASSERT_TRUE(gw_->submit({part("K3", "P-3", "3")}).ok());
  std::vector<std::string> files = files_in(options_.outbound_dir);
  ASSERT_EQ(files.size(), 3u);
  // SimTrans failed the first file (moved to the error folder), failed the second and renamed it,
  // processed the third (deleted it).
  fs::rename(options_.outbound_dir + "/" + files[0], options_.outbound_dir + "/error/" + files[0]);
  fs::rename(options_.outbound_dir + "/" + files[1],
             options_.outbound_dir + "/error/" + files[1] + ".err");
  fs::remove(options_.outbound_dir + "/" + files[2]);
  auto states = gw_->states({"K1", "K2", "K3"});
  ASSERT_TRUE(states.ok());
  EXPECT_EQ(*states,
            (std::vector<RowState>{RowState::kErrored, RowState::kErrored, RowState::kGone}));
  EXPECT_EQ(*gw_->verify(part("K1", "P-1", "3")), std::nullopt);
}

TEST_F(FileGatewayTest, IndexIsRecoveredFromTheFiles) {
  ASSERT_TRUE(gw_->submit({part("K1", "P-1", "3"), part("K2", "P-2", "1")}).ok());
  ASSERT_TRUE(gw_->submit({part("K3", "P-3", "3")}).ok());
  std::vector<std::string> files = files_in(options_.outbound_dir);
  fs::rename(options_.outbound_dir + "/" + files[1], options_.outbound_dir + "/error/" + files[1]);
  // A partial file of a crashed submit is not a TransAct file.
  spit(options_.outbound_dir + "/TransAct_20261129143000_000009.csv.tmp", "TransType,Dis");
  gw_ = open();  // restart
  auto states = gw_->states({"K1", "K2", "K3"});
  ASSERT_TRUE(states.ok());
  EXPECT_EQ(*states,
            (std::vector<RowState>{RowState::kWaiting, RowState::kWaiting, RowState::kErrored}));
  ASSERT_TRUE(gw_->submit({part("K4", "P-4", "3")}).ok());
  EXPECT_TRUE(fs::exists(options_.outbound_dir + "/TransAct_20261129143000_000003.csv"));
}

TEST_F(FileGatewayTest, RetryAfterErrorMapsToTheNewestFile) {
  ASSERT_TRUE(gw_->submit({part("K1", "P-1", "3")}).ok());
  std::string first = files_in(options_.outbound_dir)[0];
  fs::rename(options_.outbound_dir + "/" + first, options_.outbound_dir + "/error/" + first);
  ASSERT_EQ(*gw_->states({"K1"}), std::vector<RowState>{RowState::kErrored});
  ASSERT_TRUE(gw_->submit({part("K1", "P-1", "4")}).ok());  // corrected, same TransID
  EXPECT_EQ(*gw_->states({"K1"}), std::vector<RowState>{RowState::kWaiting});
  gw_ = open();
  EXPECT_EQ(*gw_->states({"K1"}), std::vector<RowState>{RowState::kWaiting});
}

TEST_F(FileGatewayTest, ReadsCompletePacketsFromReadyFilesOnly) {
  write_feedback();
  // In progress: not yet renamed to .ready.
  spit(in("STPrgArc_0002.csv"), "AutoID,ArchivePacketID,TransType\r\n3,103,SN100\r\n");
  spit(in("STPrgArc_0003.csv.ready.tmp"), "AutoID,ArchivePacketID,TransType\r\n4,104,SN1");
  auto packets = gw_->read_feedback(0, 100);
  ASSERT_TRUE(packets.ok()) << packets.error().message;
  ASSERT_EQ(ids_of(*packets), (std::vector<int64_t>{100, 101}));
  const FeedbackPacket& p = (*packets)[0];
  EXPECT_EQ(p.trans_type, "SN100");
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[0].table, FeedbackTable::kPrgArc);
  EXPECT_EQ(p.rows[0].get("ProgramName"), "P-1");
  EXPECT_EQ(p.rows[1].table, FeedbackTable::kPIPArc);
  EXPECT_EQ(p.rows[1].get("QtyInProcess"), "4");
  EXPECT_EQ(ids_of(*gw_->read_feedback(100, 100)), std::vector<int64_t>{101});
  EXPECT_EQ(ids_of(*gw_->read_feedback(0, 1)), std::vector<int64_t>{100});
  EXPECT_EQ(gw_->rejected_files(), 0);
}

TEST_F(FileGatewayTest, MalformedFilesAreRejectedWithTheReason) {
  write_feedback();
  spit(in("STShtArc_0001.csv.ready"),
       "AutoID,ArchivePacketID,TransType,SheetName\r\n20,100,SN100,S-1\r\n21,101,SN100,\"S-2\r\n");
  spit(in("Bogus_0001.csv.ready"), "AutoID,ArchivePacketID,TransType\r\n1,1,SN100\r\n");
  auto packets = gw_->read_feedback(0, 100);
  ASSERT_TRUE(packets.ok()) << packets.error().message;
  EXPECT_EQ(ids_of(*packets), (std::vector<int64_t>{100, 101}));  // the good files still flow
  EXPECT_EQ(gw_->rejected_files(), 2);
  std::string rejected = root_ + "/in/rejected";
  EXPECT_EQ(files_in(rejected),
            (std::vector<std::string>{"Bogus_0001.csv.ready", "Bogus_0001.csv.ready.error",
                                      "STShtArc_0001.csv.ready", "STShtArc_0001.csv.ready.error"}));
  EXPECT_EQ(slurp(rejected + "/STShtArc_0001.csv.ready.error"),
            "line 3, column SheetName: unterminated quote\n");
  EXPECT_NE(slurp(rejected + "/Bogus_0001.csv.ready.error").find("file name"), std::string::npos);
  // The rejected file is kept byte for byte.
  EXPECT_EQ(slurp(rejected + "/STShtArc_0001.csv.ready").substr(0, 6), "AutoID");
  EXPECT_FALSE(fs::exists(in("STShtArc_0001.csv.ready")));
}

TEST_F(FileGatewayTest, AcknowledgeMovesFilesWhenAllTheirPacketsAreDone) {
  write_feedback();
  ASSERT_TRUE(gw_->read_feedback(0, 100).ok());
  ASSERT_TRUE(gw_->acknowledge({100}).ok());
  EXPECT_EQ(files_in(options_.inbound_dir).size(), 2u);  // both files still hold 101
  ASSERT_TRUE(gw_->acknowledge({101}).ok());
  // The program file is done; the parts file still holds packet 102 (incomplete).
  EXPECT_EQ(files_in(options_.inbound_dir), std::vector<std::string>{"STPIPArc_0001.csv.ready"});
  EXPECT_EQ(files_in(root_ + "/in/archive"), std::vector<std::string>{"STPrgArc_0001.csv.ready"});
  // Idempotent; unknown packets are fine.
  ASSERT_TRUE(gw_->acknowledge({100, 101, 999}).ok());
  EXPECT_EQ(files_in(root_ + "/in/archive"), std::vector<std::string>{"STPrgArc_0001.csv.ready"});
  // Packet 102's program arrives; once acknowledged the parts file goes too.
  spit(in("STPrgArc_0002.csv.ready"), "AutoID,ArchivePacketID,TransType\r\n3,102,SN100\r\n");
  auto packets = gw_->read_feedback(101, 100);
  ASSERT_TRUE(packets.ok());
  ASSERT_EQ(ids_of(*packets), std::vector<int64_t>{102});
  EXPECT_EQ((*packets)[0].rows.size(), 2u);
  ASSERT_TRUE(gw_->acknowledge({102}).ok());
  EXPECT_TRUE(files_in(options_.inbound_dir).empty());
  EXPECT_EQ(files_in(root_ + "/in/archive").size(), 3u);
  EXPECT_TRUE(gw_->read_feedback(0, 100)->empty());
}

TEST_F(FileGatewayTest, EmptyFeedbackFileIsArchivedAtTheNextAcknowledge) {
  spit(in("STWOArc_0001.csv.ready"), "AutoID,ArchivePacketID,TransType,WONumber\r\n");
  EXPECT_TRUE(gw_->read_feedback(0, 100)->empty());
  ASSERT_TRUE(gw_->acknowledge({}).ok());
  EXPECT_EQ(files_in(root_ + "/in/archive"), std::vector<std::string>{"STWOArc_0001.csv.ready"});
  EXPECT_EQ(gw_->rejected_files(), 0);
}

TEST_F(FileGatewayTest, CrashBetweenReadAndAcknowledgeLosesNothing) {
  write_feedback();
  auto first = gw_->read_feedback(0, 100);
  ASSERT_TRUE(first.ok());
  gw_ = open();  // kerf died after reading, before acknowledging
  auto again = gw_->read_feedback(0, 100);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(ids_of(*again), ids_of(*first));
  for (size_t i = 0; i < first->size(); ++i) EXPECT_EQ((*again)[i].rows, (*first)[i].rows);
  ASSERT_TRUE(gw_->acknowledge(ids_of(*again)).ok());
  EXPECT_EQ(files_in(root_ + "/in/archive"), std::vector<std::string>{"STPrgArc_0001.csv.ready"});
}

TEST_F(FileGatewayTest, DuplicateDeliveryIsCollapsed) {
  write_feedback();
  fs::copy_file(in("STPIPArc_0001.csv.ready"), in("STPIPArc_0001_again.csv.ready"));
  auto packets = gw_->read_feedback(0, 100);
  ASSERT_TRUE(packets.ok());
  ASSERT_EQ(ids_of(*packets), (std::vector<int64_t>{100, 101}));
  EXPECT_EQ((*packets)[0].rows.size(), 2u);
  EXPECT_EQ((*packets)[1].rows.size(), 2u);
}

TEST_F(FileGatewayTest, PacketWithMixedTransTypesIsRejected) {
  write_feedback();
  spit(in("STRemArc_0001.csv.ready"),
       "AutoID,ArchivePacketID,TransType,RemnantName\r\n30,101,SN102,R-1\r\n");
  auto packets = gw_->read_feedback(0, 100);
  ASSERT_TRUE(packets.ok()) << packets.error().message;
  EXPECT_EQ(ids_of(*packets), (std::vector<int64_t>{100, 101}));  // the SN100 rows
  EXPECT_EQ(gw_->rejected_files(), 1);
  EXPECT_NE(slurp(root_ + "/in/rejected/STRemArc_0001.csv.ready.error").find("packet 101"),
            std::string::npos);
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
