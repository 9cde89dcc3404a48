// How punch variables map to kerf samples (docs/opcua.md, "Node mapping"): a browse name of a
// variable in a machine's folder selects the signal (signals.h), and a DataValue becomes a
// Sample. Pure functions, unit-tested without a server.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kerf/core/result.h"
#include "kerf/ingest/opcua/types.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest::opcua {

// The signal of a punch variable: StrokeCount -> stroke_count, Running -> running,
// StrokesPerMinute -> strokes_per_minute, Program -> program, ToolNumber -> tool,
// Tonnage -> tonnage, Alarm -> alarm; nullptr for any other name.
const char* signal_for_variable(std::string_view browse_name);

// The Sample of `value` for (machine, signal). A Bad or Uncertain-without-value status gives a
// kUnavailable sample with no value; a value of the wrong type for the signal is an
// invalid-argument error naming the signal (the caller counts and logs it). Timestamp: the
// source timestamp, else the server timestamp, else `now_ms`. Alarm: "" -> "NORMAL||", any
// other text c -> "FAULT|c|".
Result<Sample> to_sample(std::string_view machine, std::string_view signal, const DataValue& value,
                         int64_t now_ms, const std::string& source);

}  // namespace kerf::ingest::opcua
