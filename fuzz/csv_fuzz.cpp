// libFuzzer target for the CSV reader: any input must either parse or fail with a Result error;
// parsed records must respect the configured limits. Build with the `fuzz` preset.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kerf/core/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  kerf::CsvOptions options;
  options.max_bytes = 1 << 20;
  options.max_fields = 256;
  if (size > 0 && data[0] == ';') options.delimiter = ';';

  auto records = kerf::parse_csv_records(text, options);
  if (records.ok()) {
    std::size_t last_line = 0;
    for (const kerf::CsvRow& row : records.value()) {
      // Lines strictly increase and every record has 1..max_fields fields.
      if (row.line <= last_line || row.fields.empty() || row.fields.size() > options.max_fields) {
        std::abort();
      }
      last_line = row.line;
    }
  }
  auto doc = kerf::read_csv(text, options);
  if (doc.ok()) {
    if (!records.ok()) std::abort();  // a document implies parseable records
    for (const kerf::CsvRow& row : doc->rows()) {
      if (row.fields.size() != doc->header().size()) std::abort();
      for (const std::string& name : doc->header()) (void)doc->field(row, name);
    }
  }
  return 0;
}
