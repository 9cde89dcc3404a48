// Sigmanest feedback: the rows Sigmanest writes when a program is posted (SN100), deleted
// (SN101) or updated/cut (SN102), spread over the STxxArc tables and linked by
// ArchivePacketID. docs/simtrans_format.md specifies the tables and their columns.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"

namespace kerf::integrations::sigmanest {

enum class FeedbackTable { kPrgArc, kPIPArc, kPrtArc, kShtArc, kRemArc, kWOArc };
inline constexpr FeedbackTable kAllFeedbackTables[] = {
    FeedbackTable::kPrgArc, FeedbackTable::kPIPArc, FeedbackTable::kPrtArc,
    FeedbackTable::kShtArc, FeedbackTable::kRemArc, FeedbackTable::kWOArc};
// "STPrgArc", "STPIPArc", "STPrtArc", "STShtArc", "STRemArc", "STWOArc".
std::string_view table_name(FeedbackTable t);
// Parses a table name (case-insensitive); kInvalidArgument naming "table" otherwise.
Result<FeedbackTable> parse_table_name(std::string_view name);

inline constexpr std::string_view kSN100 = "SN100";  // program posted
inline constexpr std::string_view kSN101 = "SN101";  // program deleted
inline constexpr std::string_view kSN102 = "SN102";  // program updated (cut: parts, remnants)

// One feedback row. `columns` holds every column as text (NULL absent), the identity too.
struct FeedbackRow {
  FeedbackTable table = FeedbackTable::kPrgArc;
  int64_t auto_id = 0;            // the table's identity column (AutoID), > 0
  int64_t archive_packet_id = 0;  // > 0
  std::string trans_type;         // SN100 | SN101 | SN102
  std::map<std::string, std::string> columns;
  // Column `name` or nullopt.
  std::optional<std::string> get(const std::string& name) const;
  friend bool operator==(const FeedbackRow&, const FeedbackRow&) = default;
};

// All rows of one ArchivePacketID (one program event), ordered by table then auto_id.
struct FeedbackPacket {
  int64_t archive_packet_id = 0;
  std::string trans_type;  // of its STPrgArc row
  std::vector<FeedbackRow> rows;
};

// Groups rows into packets ordered by archive_packet_id. A packet whose rows disagree on
// trans_type is refused (kInvalidArgument naming "TransType" and the packet).
Result<std::vector<FeedbackPacket>> group_packets(std::vector<FeedbackRow> rows);

}  // namespace kerf::integrations::sigmanest
