// MTConnect documents as plain values, and their parsers (pugixml). Pure: no sockets, no clock,
// so tests and the fuzzer (fuzz/mtconnect_fuzz.cpp) drive them with text. docs/mtconnect.md
// describes what is read from each document.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kerf/core/result.h"

namespace kerf::ingest::mtconnect {

// One DataItem of a probe (MTConnectDevices) answer.
struct DataItemInfo {
  std::string id;           // required, unique within the document
  std::string name;         // optional
  std::string type;         // e.g. "EXECUTION", "PART_COUNT", "SYSTEM"
  std::string sub_type;     // optional, e.g. "ALL"
  std::string category;     // "SAMPLE", "EVENT" or "CONDITION"
  std::string device_name;  // the Device it belongs to
  std::string device_uuid;
  friend bool operator==(const DataItemInfo&, const DataItemInfo&) = default;
};

// What a probe answer says about the devices.
struct DeviceModel {
  uint64_t instance_id = 0;
  std::vector<std::string> devices;     // device names in document order
  std::vector<DataItemInfo> items;      // in document order
  std::map<std::string, size_t> by_id;  // data item id -> index into items

  // The data item with `id`, or nullptr.
  const DataItemInfo* find(std::string_view id) const;
};

// The Header of a Streams document.
struct StreamsHeader {
  uint64_t instance_id = 0;
  uint64_t first_sequence = 0;
  uint64_t last_sequence = 0;
  uint64_t next_sequence = 0;
  uint64_t buffer_size = 0;
};

// One observation of a Streams document. For conditions `level` is the element's level in upper
// case (NORMAL, WARNING, FAULT, UNAVAILABLE) and `value` the condition text.
struct Observation {
  std::string device_name;
  std::string data_item_id;
  std::string element;   // local element name, e.g. "Execution", "PartCount", "Fault"
  std::string category;  // "SAMPLE", "EVENT" or "CONDITION" (from the enclosing group)
  std::string type;      // conditions: the type attribute ("SYSTEM"); others: ""
  uint64_t sequence = 0;
  int64_t ts_ms = 0;        // timestamp, UTC ms
  std::string value;        // element text ("UNAVAILABLE" when the agent has none)
  std::string level;        // conditions only
  std::string native_code;  // conditions (and MESSAGE events): nativeCode attribute
  friend bool operator==(const Observation&, const Observation&) = default;
};

struct StreamsDocument {
  StreamsHeader header;
  std::vector<Observation> observations;  // in sequence order (documents group by component)
  // Observations left out because they were malformed (bad sequence or timestamp), each with
  // its reason ("<dataItemId>: sequence 'x' is not a number").
  std::vector<std::string> rejected;
};

// One error of an MTConnectError document: `code` is the errorCode (OUT_OF_RANGE, NO_DEVICE,
// INVALID_REQUEST, ...), from the errorCode attribute (1.x agents) or the element name
// (2.x: <OutOfRange> -> OUT_OF_RANGE).
struct AgentError {
  std::string code;
  std::string message;
  friend bool operator==(const AgentError&, const AgentError&) = default;
};

struct ErrorDocument {
  uint64_t instance_id = 0;
  std::vector<AgentError> errors;
  bool has(std::string_view code) const;
};

// Parses a probe answer. Errors (kInvalidArgument, field names the element/attribute): not XML,
// not an MTConnectDevices document, a DataItem without id/type/category, a duplicate id.
Result<DeviceModel> parse_devices(std::string_view xml);

// Parses a current/sample answer or an error document (agents answer either). Errors: not XML,
// another root element, a Header without instanceId/nextSequence/firstSequence/lastSequence.
// A malformed observation does not fail the document: it is listed in `rejected`.
Result<std::variant<StreamsDocument, ErrorDocument>> parse_streams(std::string_view xml);

// An MTConnect timestamp ("2026-11-29T11:28:06.640Z", any number of fraction digits) in UTC ms.
Result<int64_t> parse_timestamp(std::string_view text);

}  // namespace kerf::ingest::mtconnect
