#include "kerf/ingest/transforms/state_machine.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "kerf/ingest/signals.h"

namespace kerf::ingest {

using model::MachineState;

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool is_one_of(const std::optional<std::string>& v, std::initializer_list<std::string_view> set) {
  if (!v) return false;
  return std::find(set.begin(), set.end(), *v) != set.end();
}

// bool, 0/1 numbers, "true"/"false"/"on"/"off"/"1"/"0".
std::optional<bool> as_flag(const Value& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  if (auto n = as_number(v)) {
    if (*n == 0) return false;
    if (*n == 1) return true;
    return std::nullopt;
  }
  std::string t = upper(as_text(v));
  if (t == "TRUE" || t == "ON" || t == "1") return true;
  if (t == "FALSE" || t == "OFF" || t == "0") return false;
  return std::nullopt;
}

StateMachine::Inputs::Input* input_for(StateMachine::Inputs& in, std::string_view signal) {
  if (signal == signals::kAvailability) return &in.availability;
  if (signal == signals::kEmergencyStop) return &in.estop;
  if (signal == signals::kAlarm) return &in.alarm;
  if (signal == signals::kControllerMode) return &in.mode;
  if (signal == signals::kExecution) return &in.execution;
  if (signal == signals::kRunning) return &in.running;
  if (signal == signals::kSetup) return &in.setup;
  if (signal == signals::kArcOn) return &in.arc;
  return nullptr;
}

bool is_flag_signal(std::string_view signal) {
  return signal == signals::kRunning || signal == signals::kSetup || signal == signals::kArcOn;
}

// Applies "<level>|<native code>|<text>" to the active faults; false when unparsable.
bool apply_alarm(std::set<std::string>& faults, const std::string& text) {
  std::string_view v = text;
  auto bar = v.find('|');
  std::string level = upper(std::string(v.substr(0, bar)));
  std::string code;
  if (bar != std::string_view::npos) {
    std::string_view rest = v.substr(bar + 1);
    code = std::string(rest.substr(0, rest.find('|')));
  }
  if (level == "FAULT") {
    faults.insert(code);
    return true;
  }
  if (level == "NORMAL") {
    if (code.empty()) {
      faults.clear();
    } else {
      faults.erase(code);
    }
    return true;
  }
  if (level == "WARNING") {  // a fault downgraded to a warning is no longer a fault
    faults.erase(code);
    return true;
  }
  return false;
}

}  // namespace

MachineState StateMachine::derive(const Inputs& in) {
  const Inputs::Input* all[] = {&in.availability, &in.estop, &in.alarm, &in.mode,
                                &in.execution,    &in.running, &in.setup, &in.arc};
  bool any_seen = false;
  for (const auto* i : all) {
    if (i->unavailable) return MachineState::kUnknown;
    any_seen = any_seen || i->seen();
  }
  if (!any_seen) return MachineState::kUnknown;
  if (is_one_of(in.availability.text, {"UNAVAILABLE"})) return MachineState::kUnknown;
  if (is_one_of(in.estop.text, {"TRIGGERED"}) || !in.faults.empty()) return MachineState::kDown;
  if (in.setup.flag.value_or(false) ||
      is_one_of(in.mode.text, {"MANUAL", "MANUAL_DATA_INPUT", "EDIT"})) {
    return MachineState::kSetup;
  }
  if (is_one_of(in.execution.text, {"ACTIVE"}) || in.running.flag.value_or(false) ||
      in.arc.flag.value_or(false)) {
    return MachineState::kRun;
  }
  if (is_one_of(in.execution.text,
                {"INTERRUPTED", "FEED_HOLD", "STOPPED", "OPTIONAL_STOP", "PROGRAM_STOPPED"})) {
    return MachineState::kPaused;
  }
  return MachineState::kIdle;
}

bool StateMachine::update(Inputs& inputs, const Sample& s) {
  Inputs::Input* input = input_for(inputs, s.signal);
  if (input == nullptr) return false;
  if (s.quality == Quality::kBad || (input->seen() && s.ts_ms < input->ts_ms)) {
    ++ignored_;
    return false;
  }
  if (s.quality == Quality::kUnavailable) {
    input->unavailable = true;
    input->text.reset();
    input->flag.reset();
    input->ts_ms = s.ts_ms;
    return true;
  }
  if (is_flag_signal(s.signal)) {
    auto flag = as_flag(s.value);
    if (!flag) {
      ++ignored_;
      return false;
    }
    input->flag = flag;
  } else {
    std::string text = upper(as_text(s.value));
    if (s.signal == signals::kAlarm) {
      if (!apply_alarm(inputs.faults, text)) {
        ++ignored_;
        return false;
      }
    } else if (text.empty() || text == "UNAVAILABLE") {
      // MTConnect sends the literal UNAVAILABLE as a value: same as the quality.
      input->unavailable = s.signal != signals::kAvailability;
      if (!input->unavailable) input->text = "UNAVAILABLE";
      input->ts_ms = s.ts_ms;
      return true;
    }
    input->text = std::move(text);
  }
  input->unavailable = false;
  input->ts_ms = s.ts_ms;
  return true;
}

void StateMachine::apply(Sample in, std::vector<Sample>& out) {
  if (input_for(machines_[in.machine].inputs, in.signal) == nullptr) {
    out.push_back(std::move(in));
    return;
  }
  Machine& m = machines_[in.machine];
  bool changed_inputs = update(m.inputs, in);
  MachineState next = derive(m.inputs);
  bool emit = changed_inputs && next != m.state;
  Sample derived;
  if (emit) {
    m.state = next;
    derived.machine = in.machine;
    derived.signal = signals::kState;
    derived.ts_ms = in.ts_ms;
    derived.value = std::string(model::to_string(next));
    derived.source = in.source;
  }
  out.push_back(std::move(in));
  if (emit) out.push_back(std::move(derived));
}

MachineState StateMachine::state(const std::string& machine) const {
  auto it = machines_.find(machine);
  return it == machines_.end() ? MachineState::kUnknown : it->second.state;
}

std::vector<StateSpan> state_spans(std::span<const Sample> state_samples, int64_t from_ms,
                                   int64_t to_ms) {
  std::vector<StateSpan> spans;
  int64_t cursor = from_ms;
  MachineState current = MachineState::kUnknown;
  for (const Sample& s : state_samples) {
    int64_t at = std::clamp(s.ts_ms, from_ms, to_ms);
    if (at > cursor) spans.push_back({cursor, at, current});
    cursor = std::max(cursor, at);
    auto parsed = model::parse_machine_state(as_text(s.value));
    current = parsed.ok() ? *parsed : MachineState::kUnknown;
  }
  if (to_ms > cursor) spans.push_back({cursor, to_ms, current});
  return spans;
}

}  // namespace kerf::ingest
