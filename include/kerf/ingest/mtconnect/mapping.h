// MTConnect observations -> kerf Samples (signals.h). Pure and deterministic; the source keeps
// one SampleMapper per agent connection. docs/mtconnect.md has the mapping table.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/ingest/mtconnect/document.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest::mtconnect {

// The kerf signal for an MTConnect data item type/subType, or nullopt when kerf does not use
// it: EXECUTION, CONTROLLER_MODE, EMERGENCY_STOP, AVAILABILITY, PART_COUNT (subType none/ALL),
// PROGRAM (subType none/MAIN/ACTIVE). Conditions are handled separately (signals::kAlarm).
std::optional<const char*> signal_for(std::string_view type, std::string_view sub_type);

class SampleMapper {
 public:
  // `machines`: device name -> machine code; devices not in it are ignored (and counted).
  // `source`: Sample::source of every sample, e.g. "mtconnect:http://127.0.0.1:5000".
  SampleMapper(std::map<std::string, std::string> machines, std::string source);

  // A `current` snapshot: every mapped value, every active FAULT/WARNING, and a NORMAL for each
  // alarm this mapper reported active that the snapshot no longer holds (cleared while we were
  // away). Samples carry seq 0 (a snapshot, not the stream).
  std::vector<Sample> map_current(const StreamsDocument& doc, const DeviceModel& model);
  // A `sample` part: each mapped observation in order, seq = its MTConnect sequence.
  std::vector<Sample> map_sample(const StreamsDocument& doc, const DeviceModel& model);

  // Forgets the active alarms (after an agent restart they are re-learnt from `current`... and
  // cleared there if gone, so this is only for a new device model).
  void reset();
  // The `source` of the samples made from now on.
  void set_source(std::string source) { source_ = std::move(source); }
  uint64_t unmapped_device_observations() const { return unmapped_; }

 private:
  void map_one(const Observation& o, const DeviceModel& model, uint64_t seq,
               std::vector<Sample>& out);
  void map_condition(const Observation& o, const std::string& machine, uint64_t seq,
                     std::vector<Sample>& out);
  Sample make(const std::string& machine, const char* signal, const Observation& o,
              uint64_t seq) const;

  std::map<std::string, std::string> machines_;
  std::string source_;
  // (machine code, data item id) -> active native codes.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> active_;
  uint64_t unmapped_ = 0;
};

}  // namespace kerf::ingest::mtconnect
