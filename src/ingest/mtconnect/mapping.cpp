#include "kerf/ingest/mtconnect/mapping.h"

#include <cctype>
#include <charconv>
#include <utility>

#include "kerf/ingest/signals.h"

namespace kerf::ingest::mtconnect {
namespace {

// "PartCount" -> "PART_COUNT": the type of an observation the probe did not describe.
std::string type_of_element(std::string_view element) {
  std::string out;
  for (size_t i = 0; i < element.size(); ++i) {
    char c = element[i];
    if (i > 0 && std::isupper(static_cast<unsigned char>(c))) out.push_back('_');
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

std::optional<const char*> signal_for(std::string_view type, std::string_view sub_type) {
  if (type == "EXECUTION") return signals::kExecution;
  if (type == "CONTROLLER_MODE") return signals::kControllerMode;
  if (type == "EMERGENCY_STOP") return signals::kEmergencyStop;
  if (type == "AVAILABILITY") return signals::kAvailability;
  if (type == "PART_COUNT" && (sub_type.empty() || sub_type == "ALL")) return signals::kPartCount;
  if (type == "PROGRAM" && (sub_type.empty() || sub_type == "MAIN" || sub_type == "ACTIVE")) {
    return signals::kProgram;
  }
  return std::nullopt;
}

SampleMapper::SampleMapper(std::map<std::string, std::string> machines, std::string source)
    : machines_(std::move(machines)), source_(std::move(source)) {}

void SampleMapper::reset() { active_.clear(); }

Sample SampleMapper::make(const std::string& machine, const char* signal, const Observation& o,
                          uint64_t seq) const {
  Sample s;
  s.machine = machine;
  s.signal = signal;
  s.ts_ms = o.ts_ms;
  s.source = source_;
  s.seq = seq;
  return s;
}

void SampleMapper::map_condition(const Observation& o, const std::string& machine, uint64_t seq,
                                 std::vector<Sample>& out) {
  auto& active = active_[{machine, o.data_item_id}];
  auto alarm = [&](const std::string& level, const std::string& code, const std::string& text) {
    Sample s = make(machine, signals::kAlarm, o, seq);
    s.value = level + "|" + code + "|" + text;
    out.push_back(std::move(s));
  };
  if (o.level == "FAULT" || o.level == "WARNING") {
    // A condition without a native code is named by its data item, so its NORMAL can clear it.
    std::string code = o.native_code.empty() ? o.data_item_id : o.native_code;
    active.insert(code);
    alarm(o.level, code, o.value);
    return;
  }
  // NORMAL or UNAVAILABLE: clears one native code, or every active code of the data item.
  if (!o.native_code.empty() && o.level == "NORMAL") {
    if (active.erase(o.native_code) > 0) alarm("NORMAL", o.native_code, o.value);
    return;
  }
  for (const auto& code : active) alarm("NORMAL", code, "");
  active.clear();
}

void SampleMapper::map_one(const Observation& o, const DeviceModel& model, uint64_t seq,
                           std::vector<Sample>& out) {
  auto m = machines_.find(o.device_name);
  if (m == machines_.end()) {
    ++unmapped_;
    return;
  }
  const std::string& machine = m->second;
  if (o.category == "CONDITION") {
    map_condition(o, machine, seq, out);
    return;
  }
  const DataItemInfo* info = model.find(o.data_item_id);
  std::string type = info ? info->type : type_of_element(o.element);
  auto signal = signal_for(type, info ? std::string_view(info->sub_type) : std::string_view());
  if (!signal) return;
  Sample s = make(machine, *signal, o, seq);
  if (o.value == "UNAVAILABLE") {
    s.quality = Quality::kUnavailable;
  } else if (type == "PART_COUNT") {
    int64_t n = 0;
    const char* end = o.value.data() + o.value.size();
    auto [p, ec] = std::from_chars(o.value.data(), end, n);
    if (o.value.empty() || ec != std::errc() || p != end || n < 0) {
      s.value = o.value;
      s.quality = Quality::kBad;
    } else {
      s.value = n;
    }
  } else {
    s.value = o.value;
  }
  out.push_back(std::move(s));
}

std::vector<Sample> SampleMapper::map_sample(const StreamsDocument& doc, const DeviceModel& model) {
  std::vector<Sample> out;
  for (const auto& o : doc.observations) map_one(o, model, o.sequence, out);
  return out;
}

std::vector<Sample> SampleMapper::map_current(const StreamsDocument& doc,
                                              const DeviceModel& model) {
  std::vector<Sample> out;
  // Alarms we reported active that the snapshot no longer lists were cleared meanwhile.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> present;
  for (const auto& o : doc.observations) {
    if (o.category != "CONDITION" || (o.level != "FAULT" && o.level != "WARNING")) continue;
    auto m = machines_.find(o.device_name);
    if (m == machines_.end()) continue;
    present[{m->second, o.data_item_id}].insert(o.native_code.empty() ? o.data_item_id
                                                                      : o.native_code);
  }
  int64_t latest_ts = 0;
  for (const auto& o : doc.observations) latest_ts = std::max(latest_ts, o.ts_ms);
  for (auto& [key, codes] : active_) {
    auto& still = present[key];
    for (auto it = codes.begin(); it != codes.end();) {
      if (still.count(*it)) {
        ++it;
        continue;
      }
      Sample s;
      s.machine = key.first;
      s.signal = signals::kAlarm;
      s.ts_ms = latest_ts;
      s.value = "NORMAL|" + *it + "|";
      s.source = source_;
      out.push_back(std::move(s));
      it = codes.erase(it);
    }
  }
  for (const auto& o : doc.observations) {
    // Conditions that are NORMAL in a snapshot clear nothing we know about beyond the above.
    if (o.category == "CONDITION" && o.level != "FAULT" && o.level != "WARNING") continue;
    map_one(o, model, 0, out);
  }
  return out;
}

}  // namespace kerf::ingest::mtconnect
