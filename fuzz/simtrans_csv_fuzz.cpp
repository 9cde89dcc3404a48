// libFuzzer target for the SimTrans CSV reader (docs/simtrans_format.md): byte 0 picks the
// reader: the generic table, a TransAct file, or a feedback table (byte 0 modulo 6 picks it).
// Invariants: errors are kInvalidArgument or kTooLarge; an accepted table has header-wide
// records on increasing lines; the writers' output reads back to the same values.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kerf/integrations/sigmanest/csv.h"

namespace {

using namespace kerf::integrations::sigmanest;

void check_error(const kerf::Error& e) {
  if (e.code != kerf::ErrorCode::kInvalidArgument && e.code != kerf::ErrorCode::kTooLarge) {
    std::abort();
  }
}

void fuzz_table(std::string_view text, const CsvLimits& limits) {
  auto t = read_csv_table(text, limits);
  if (!t.ok()) return check_error(t.error());
  std::size_t last_line = 0;
  std::vector<std::vector<CsvField>> records;
  for (const CsvRecord& r : t->records) {
    if (r.line <= last_line || r.fields.size() != t->header.size()) std::abort();
    last_line = r.line;
    records.push_back(r.fields);
  }
  auto again = read_csv_table(write_csv_table(t->header, records));
  if (!again.ok() || again->header != t->header || again->records.size() != records.size()) {
    std::abort();
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (again->records[i].fields != records[i]) std::abort();
  }
}

void fuzz_transact(std::string_view text, const CsvLimits& limits) {
  auto rows = parse_transact_csv(text, limits);
  if (!rows.ok()) return check_error(rows.error());
  for (const TransActRow& r : *rows) (void)validate(r);
  auto again = parse_transact_csv(write_transact_csv(*rows));
  if (!again.ok() || *again != *rows) std::abort();
}

void fuzz_feedback(FeedbackTable table, std::string_view text, const CsvLimits& limits) {
  auto rows = parse_feedback_csv(table, text, limits);
  if (!rows.ok()) return check_error(rows.error());
  for (const FeedbackRow& r : *rows) {
    if (r.auto_id <= 0 || r.archive_packet_id <= 0 || r.table != table) std::abort();
    if (r.trans_type != kSN100 && r.trans_type != kSN101 && r.trans_type != kSN102) std::abort();
  }
  auto again = parse_feedback_csv(table, write_feedback_csv(*rows));
  if (!again.ok() || again->size() != rows->size()) std::abort();
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const FeedbackRow& a = (*rows)[i];
    const FeedbackRow& b = (*again)[i];
    if (a.auto_id != b.auto_id || a.archive_packet_id != b.archive_packet_id ||
        a.trans_type != b.trans_type) {
      std::abort();
    }
  }
  (void)group_packets(*rows);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  CsvLimits limits{1 << 20, 1 << 16, 1 << 12, 128};
  uint8_t pick = data[0];
  if (pick < 0x40) {
    fuzz_table(text, limits);
  } else if (pick < 0x80) {
    fuzz_transact(text, limits);
  } else {
    fuzz_feedback(kAllFeedbackTables[pick % 6], text, limits);
  }
  return 0;
}
