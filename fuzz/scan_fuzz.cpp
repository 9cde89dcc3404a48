// libFuzzer target for the scan grammar (app/scan_service.h, docs/scan_format.md): any input must
// either parse or fail with a field error "code"; a parse respects the grammar's bounds. Build
// with the `fuzz` preset.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kerf/app/scan_service.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = kerf::app::parse_scan(text);
  if (!parsed.ok()) {
    if (parsed.error().fields.empty() || parsed.error().fields.front().field != "code") {
      std::abort();
    }
    return 0;
  }
  switch (parsed->kind) {
    case kerf::app::ScanKind::kOperation:
      if (parsed->operation_id <= 0) std::abort();
      break;
    case kerf::app::ScanKind::kQuantity:
      if (parsed->quantity < 0 || parsed->quantity > 1'000'000'000) std::abort();
      break;
    case kerf::app::ScanKind::kBadge:
      if (parsed->badge.size() < 3 || parsed->badge.size() > 64) std::abort();
      break;
  }
  return 0;
}
