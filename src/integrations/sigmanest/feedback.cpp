#include "kerf/integrations/sigmanest/feedback.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace kerf::integrations::sigmanest {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string_view table_name(FeedbackTable t) {
  switch (t) {
    case FeedbackTable::kPrgArc: return "STPrgArc";
    case FeedbackTable::kPIPArc: return "STPIPArc";
    case FeedbackTable::kPrtArc: return "STPrtArc";
    case FeedbackTable::kShtArc: return "STShtArc";
    case FeedbackTable::kRemArc: return "STRemArc";
    case FeedbackTable::kWOArc: return "STWOArc";
  }
  return "STPrgArc";
}

Result<FeedbackTable> parse_table_name(std::string_view name) {
  for (FeedbackTable t : kAllFeedbackTables) {
    if (iequals(name, table_name(t))) return t;
  }
  return Error::invalid("table", "unknown feedback table \"" + std::string(name) + "\"");
}

std::optional<std::string> FeedbackRow::get(const std::string& name) const {
  auto it = columns.find(name);
  if (it == columns.end()) return std::nullopt;
  return it->second;
}

Result<std::vector<FeedbackPacket>> group_packets(std::vector<FeedbackRow> rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const FeedbackRow& a, const FeedbackRow& b) {
    if (a.archive_packet_id != b.archive_packet_id) {
      return a.archive_packet_id < b.archive_packet_id;
    }
    if (a.table != b.table) return a.table < b.table;
    return a.auto_id < b.auto_id;
  });
  std::vector<FeedbackPacket> packets;
  for (FeedbackRow& row : rows) {
    if (packets.empty() || packets.back().archive_packet_id != row.archive_packet_id) {
      packets.push_back({row.archive_packet_id, row.trans_type, {}});
    }
    FeedbackPacket& p = packets.back();
    if (row.trans_type != p.trans_type) {
      return Error::invalid("TransType", "packet " + std::to_string(p.archive_packet_id) +
                                             " mixes " + p.trans_type + " and " + row.trans_type);
    }
    p.rows.push_back(std::move(row));
  }
  return packets;
}

}  // namespace kerf::integrations::sigmanest
