#include "kerf/ingest/opcua/node_mapping.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <optional>

#include "kerf/ingest/signals.h"

namespace kerf::ingest::opcua {

namespace {

struct Entry {
  const char* browse_name;
  const char* signal;
};
constexpr Entry kMap[] = {
    {"StrokeCount", signals::kStrokeCount},
    {"Running", signals::kRunning},
    {"StrokesPerMinute", signals::kStrokesPerMinute},
    {"Program", signals::kProgram},
    {"ToolNumber", signals::kToolNumber},
    {"Tonnage", signals::kTonnage},
    {"Alarm", signals::kAlarm},
};

bool is_integer(BuiltinType t) {
  switch (t) {
    case BuiltinType::kSByte:
    case BuiltinType::kByte:
    case BuiltinType::kInt16:
    case BuiltinType::kUInt16:
    case BuiltinType::kInt32:
    case BuiltinType::kUInt32:
    case BuiltinType::kInt64:
    case BuiltinType::kUInt64:
      return true;
    default:
      return false;
  }
}

std::optional<double> number_of(const Variant& v) {
  if (v.is_array) return std::nullopt;
  if (const auto* i = std::get_if<int64_t>(&v.scalar)) return static_cast<double>(*i);
  if (const auto* u = std::get_if<uint64_t>(&v.scalar)) return static_cast<double>(*u);
  if (const auto* d = std::get_if<double>(&v.scalar)) return *d;
  return std::nullopt;
}

Error wrong_type(std::string_view signal, const Variant& v, std::string_view expected) {
  return Error::invalid(std::string(signal),
                        fmt::format("expected {} but got Variant type {}{}", expected,
                                    static_cast<int>(v.type), v.is_array ? " array" : ""));
}

}  // namespace

const char* signal_for_variable(std::string_view browse_name) {
  for (const auto& e : kMap) {
    if (browse_name == e.browse_name) return e.signal;
  }
  return nullptr;
}

Result<Sample> to_sample(std::string_view machine, std::string_view signal, const DataValue& dv,
                         int64_t now_ms, const std::string& source) {
  Sample s;
  s.machine = std::string(machine);
  s.signal = std::string(signal);
  s.source = source;
  s.ts_ms = dv.source_timestamp != 0   ? datetime_to_unix_ms(dv.source_timestamp)
            : dv.server_timestamp != 0 ? datetime_to_unix_ms(dv.server_timestamp)
                                       : now_ms;
  if (is_bad(dv.status) || !dv.value || dv.value->empty()) {
    s.quality = Quality::kUnavailable;
    return s;
  }
  const Variant& v = *dv.value;
  if (signal == signals::kStrokeCount) {
    if (!is_integer(v.type) || v.is_array) return wrong_type(signal, v, "an integer");
    if (const auto* u = std::get_if<uint64_t>(&v.scalar)) {
      if (*u > static_cast<uint64_t>(INT64_MAX))
        return Error::invalid(s.signal, "counter overflow");
      s.value = static_cast<int64_t>(*u);
    } else {
      const int64_t i = std::get<int64_t>(v.scalar);
      if (i < 0) return Error::invalid(s.signal, fmt::format("negative counter {}", i));
      s.value = i;
    }
  } else if (signal == signals::kRunning) {
    if (v.type != BuiltinType::kBoolean || v.is_array) return wrong_type(signal, v, "a Boolean");
    s.value = std::get<bool>(v.scalar);
  } else if (signal == signals::kStrokesPerMinute || signal == signals::kTonnage) {
    auto d = number_of(v);
    if (!d || v.type == BuiltinType::kBoolean) return wrong_type(signal, v, "a number");
    if (!std::isfinite(*d)) return Error::invalid(s.signal, "not a finite number");
    s.value = *d;
  } else {
    if (v.type != BuiltinType::kString || v.is_array) return wrong_type(signal, v, "a String");
    const std::string& text = std::get<std::string>(v.scalar);
    if (signal == signals::kAlarm) {
      if (text.find('|') != std::string::npos) {
        return Error::invalid(s.signal, "alarm code contains '|'");
      }
      s.value = text.empty() ? std::string("NORMAL||") : "FAULT|" + text + "|";
    } else {
      s.value = text;
    }
  }
  if (is_uncertain(dv.status)) s.quality = Quality::kGood;  // usable; the status is logged upstream
  return s;
}

}  // namespace kerf::ingest::opcua
