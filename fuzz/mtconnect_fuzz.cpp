// libFuzzer target for the MTConnect client's parsers: any input must parse or fail with a
// Result error. The first byte picks the parser: 'P' probe (parse_devices), 'M' the multipart
// reader fed in slices (boundary "B"), anything else a Streams/Error document, whose
// observations then go through the SampleMapper. Build with the `fuzz` preset.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kerf/ingest/mtconnect/document.h"
#include "kerf/ingest/mtconnect/mapping.h"
#include "kerf/ingest/mtconnect/multipart.h"

namespace mtc = kerf::ingest::mtconnect;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (256u << 10)) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0]) {
    case 'P': {
      auto model = mtc::parse_devices(text);
      if (model.ok()) {
        // Every indexed id points at its item.
        for (const auto& [id, index] : model->by_id) {
          if (index >= model->items.size() || model->items[index].id != id) std::abort();
        }
      } else if (model.error().code != kerf::ErrorCode::kInvalidArgument) {
        std::abort();
      }
      return 0;
    }
    case 'M': {
      mtc::MultipartReader reader("B", 1 << 16);
      size_t step = 1 + (size % 7);
      for (size_t i = 0; i < text.size(); i += step) {
        reader.feed(text.substr(i, step));
        for (;;) {
          auto part = reader.next();
          if (!part.ok()) return 0;
          if (!*part) break;
          if ((*part)->size() > (1u << 16)) std::abort();
        }
      }
      return 0;
    }
    default: {
      auto doc = mtc::parse_streams(text);
      if (!doc.ok()) {
        if (doc.error().code != kerf::ErrorCode::kInvalidArgument) std::abort();
        return 0;
      }
      if (auto* streams = std::get_if<mtc::StreamsDocument>(&*doc)) {
        for (const auto& o : streams->observations) {
          if (o.sequence == 0 || o.data_item_id.empty()) std::abort();
        }
        mtc::DeviceModel model;
        mtc::SampleMapper mapper({{"OKUMA", "LAS-1"}}, "fuzz");
        auto a = mapper.map_current(*streams, model);
        auto b = mapper.map_sample(*streams, model);
        (void)a;
        (void)b;
      } else if (std::get<mtc::ErrorDocument>(*doc).errors.empty()) {
        std::abort();
      }
      return 0;
    }
  }
}
