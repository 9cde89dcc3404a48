// MachineSink: derived samples -> machine use cases (one audited, evented change per machine
// per batch).
#include "kerf/app/machine_sink.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <vector>

#include "app/machine_queries.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/core/time_format.h"
#include "kerf/ingest/signals.h"
#include "kerf/store/store.h"

namespace kerf::app {
namespace {

namespace sig = ingest::signals;
using machines::time_of;

std::string iso_ms(int64_t ms) { return format_iso8601(time_of(ms)); }

// "<level>|<native code>|<text>" (the text may contain '|').
struct Alarm {
  std::string level;
  std::string code;
  std::string text;
};
std::optional<Alarm> parse_alarm(const std::string& s) {
  const auto a = s.find('|');
  if (a == std::string::npos) return std::nullopt;
  const auto b = s.find('|', a + 1);
  if (b == std::string::npos) return std::nullopt;
  Alarm out{s.substr(0, a), s.substr(a + 1, b - a - 1), s.substr(b + 1)};
  if (out.level != "NORMAL" && out.level != "WARNING" && out.level != "FAULT") return std::nullopt;
  return out;
}

// State of one machine's change: loaded once, saved once at the end.
struct MachineChange {
  model::Machine machine;
  store::MachineStatus status;
  std::optional<std::optional<int64_t>> running_op;  // cached lookup
};

class Applier {
 public:
  Applier(Change& c, MachineChange& mc, const MachineOptions& options, SinkCounters& counters)
      : c_(c), mc_(mc), options_(options), counters_(counters) {}

  Status apply(const ingest::Sample& s) {
    auto& st = mc_.status;
    const TimePoint at = time_of(s.ts_ms);
    if (!st.last_signal_at || *st.last_signal_at < at) st.last_signal_at = at;
    if (s.signal == sig::kState) return on_state(s);
    if (s.signal == sig::kAlarm) return on_alarm(s);
    if (s.signal == sig::kPartsDelta) return on_parts(s);
    if (s.signal == sig::kCycleTime) return on_cycle(s);
    if (s.signal == sig::kStrokesDelta) return on_strokes(s);
    if (s.signal == sig::kToolNumber) {
      if (s.quality == ingest::Quality::kGood) st.mounted_tool = ingest::as_text(s.value);
      return ok_status();
    }
    if (s.signal == sig::kProgram) {
      if (s.quality == ingest::Quality::kGood) st.program = ingest::as_text(s.value);
      return ok_status();
    }
    return ok_status();
  }

 private:
  void invalid(const ingest::Sample& s, const std::string& why) {
    ++counters_.invalid;
    spdlog::warn("machine sink: {} {} at {}: {}", s.machine, s.signal, s.ts_ms, why);
  }

  Result<std::optional<int64_t>> running_op() {
    if (!mc_.running_op) {
      if (!mc_.machine.work_center_id) {
        mc_.running_op = std::optional<int64_t>();
      } else {
        auto id = machines::running_operation_id(c_.tx(), *mc_.machine.work_center_id);
        if (!id.ok()) return id.error();
        mc_.running_op = *id;
      }
    }
    return *mc_.running_op;
  }

  nlohmann::json wc_json() const {
    return mc_.machine.work_center_id ? nlohmann::json(*mc_.machine.work_center_id)
                                      : nlohmann::json(nullptr);
  }

  Status on_state(const ingest::Sample& s) {
    auto next = model::parse_machine_state(ingest::as_text(s.value));
    if (!next.ok()) {
      invalid(s, "unknown state '" + ingest::as_text(s.value) + "'");
      return ok_status();
    }
    auto& st = mc_.status;
    if (*next == st.state && st.state_since) return ok_status();
    if (st.state_since && time_of(s.ts_ms) < *st.state_since) {
      invalid(s, "state sample older than the current state (since " +
                     format_iso8601(*st.state_since) + "): ignored");
      return ok_status();
    }
    auto op = running_op();
    if (!op.ok()) return op.error();
    store::StateInterval iv;
    iv.machine_id = mc_.machine.id;
    iv.state = *next;
    iv.from_ms = s.ts_ms;
    iv.operation_id = *op;
    iv.reason = s.source;
    KERF_TRY(store::switch_interval(c_.tx(), s.ts_ms, iv));
    const model::MachineState from = st.state;
    st.state = *next;
    st.state_since = time_of(s.ts_ms);
    KERF_TRY(c_.audit("machine", mc_.machine.id, "state_changed",
                      {{"state", model::to_string(from)}}, {{"state", model::to_string(*next)}}));
    return c_.emit("machine.state_changed", {{"machine_id", mc_.machine.id},
                                             {"code", mc_.machine.code},
                                             {"work_center_id", wc_json()},
                                             {"from", model::to_string(from)},
                                             {"to", model::to_string(*next)},
                                             {"at", iso_ms(s.ts_ms)}});
  }

  Status on_alarm(const ingest::Sample& s) {
    if (s.quality != ingest::Quality::kGood) return ok_status();
    auto alarm = parse_alarm(ingest::as_text(s.value));
    if (!alarm) {
      invalid(s, "alarm must be <level>|<code>|<text> with level NORMAL, WARNING or FAULT");
      return ok_status();
    }
    auto& st = mc_.status;
    const nlohmann::json before = {{"alarm_code", st.alarm_code}, {"alarm_text", st.alarm_text}};
    if (alarm->level == "NORMAL") {
      if (st.alarm_code.empty() && st.alarm_text.empty()) return ok_status();
      if (!alarm->code.empty() && alarm->code != st.alarm_code) return ok_status();
      st.alarm_code.clear();
      st.alarm_text.clear();
    } else {
      if (st.alarm_code == alarm->code && st.alarm_text == alarm->text) return ok_status();
      st.alarm_code = alarm->code;
      st.alarm_text = alarm->text;
    }
    KERF_TRY(c_.audit("machine", mc_.machine.id, "alarm", before,
                      {{"alarm_code", st.alarm_code}, {"alarm_text", st.alarm_text}}));
    return c_.emit("machine.alarm", {{"machine_id", mc_.machine.id},
                                     {"code", mc_.machine.code},
                                     {"work_center_id", wc_json()},
                                     {"level", alarm->level},
                                     {"alarm_code", alarm->code},
                                     {"text", alarm->text},
                                     {"at", iso_ms(s.ts_ms)}});
  }

  Status on_parts(const ingest::Sample& s) {
    auto n = ingest::as_number(s.value);
    if (!n || *n < 1 || *n > 1e6) {
      invalid(s, "parts_delta must be a positive integer");
      return ok_status();
    }
    const auto qty = static_cast<int64_t>(*n);
    auto op = running_op();
    if (!op.ok()) return op.error();
    KERF_TRY(store::insert_part_event(c_.tx(), mc_.machine.id, s.ts_ms, qty, *op));
    mc_.status.part_count_total += qty;
    nlohmann::json payload = {{"machine_id", mc_.machine.id},
                              {"code", mc_.machine.code},
                              {"work_center_id", wc_json()},
                              {"qty", qty},
                              {"part_count_total", mc_.status.part_count_total},
                              {"operation_id", nullptr},
                              {"at", iso_ms(s.ts_ms)}};
    if (*op) {
      KERF_TRY(store::add_machine_actuals(c_.tx(), **op, mc_.machine.id, s.ts_ms, qty, 0));
      auto actuals = store::operation_actuals(c_.tx(), **op);
      if (!actuals.ok()) return actuals.error();
      payload["operation_id"] = **op;
      payload["machine_qty"] = actuals->machine_qty;
      KERF_TRY(c_.audit("operation", **op, "machine_parts",
                        {{"machine_qty", actuals->machine_qty - qty}},
                        {{"machine_qty", actuals->machine_qty}, {"machine", mc_.machine.code}}));
    }
    return c_.emit("machine.parts", payload);
  }

  Status on_cycle(const ingest::Sample& s) {
    auto n = ingest::as_number(s.value);
    if (!n || !(*n >= 0) || *n > 86400) {
      invalid(s, "cycle_s must be between 0 and 86400 seconds");
      return ok_status();
    }
    auto op = running_op();
    if (!op.ok()) return op.error();
    if (!*op) return ok_status();
    return store::add_machine_actuals(c_.tx(), **op, mc_.machine.id, s.ts_ms, 0,
                                      static_cast<int64_t>(*n * 1000));
  }

  Status on_strokes(const ingest::Sample& s) {
    auto n = ingest::as_number(s.value);
    if (!n || *n < 1 || *n > 1e9) {
      invalid(s, "strokes_delta must be a positive integer");
      return ok_status();
    }
    const std::string& tool_code = mc_.status.mounted_tool;
    if (tool_code.empty()) return ok_status();
    auto row = c_.tx().query_one("SELECT id FROM tools WHERE code = ?", {tool_code});
    if (!row.ok()) return row.error();
    if (!row->has_value()) {
      invalid(s, "mounted tool '" + tool_code + "' is not in the tool list");
      return ok_status();
    }
    auto tool = store::get_tool(c_.tx(), (*row)->get_int(0));
    if (!tool.ok()) return tool.error();
    model::Tool after = *tool;
    after.hits_used += static_cast<int64_t>(*n);
    auto saved = store::update_tool(c_.tx(), after);
    if (!saved.ok()) return saved.error();
    KERF_TRY(c_.audit("tool", saved->id, "hits", {{"hits_used", tool->hits_used}},
                      {{"hits_used", saved->hits_used}, {"machine", mc_.machine.code}}));
    KERF_TRY(c_.emit("tool.updated", {{"id", saved->id}, {"version", saved->version}}));
    const double threshold = options_.tool_warning_ratio * static_cast<double>(tool->life_hits_max);
    if (static_cast<double>(tool->hits_used) < threshold &&
        static_cast<double>(saved->hits_used) >= threshold) {
      KERF_TRY(c_.emit("tool.life_warning", {{"id", saved->id},
                                             {"code", saved->code},
                                             {"hits_used", saved->hits_used},
                                             {"life_hits_max", saved->life_hits_max},
                                             {"machine_id", mc_.machine.id},
                                             {"machine", mc_.machine.code},
                                             {"at", iso_ms(s.ts_ms)}}));
    }
    return ok_status();
  }

  Change& c_;
  MachineChange& mc_;
  const MachineOptions& options_;
  SinkCounters& counters_;
};

using ByMachine = std::map<std::string, std::vector<const ingest::Sample*>>;

// What applying one machine's samples gave.
struct MachineOutcome {
  SinkCounters counters;
  bool unknown = false;
};

// Applies one machine's samples in `c` (its change: actor "machine:<code>").
Status apply_machine(Change& c, const std::string& code,
                     const std::vector<const ingest::Sample*>& samples,
                     const MachineOptions& options, MachineOutcome& out) {
  out = {};
  auto m = store::find_machine_by_code(c.tx(), code);
  if (!m.ok()) return m.error();
  if (!*m || !(*m)->active) {
    out.unknown = true;
    return ok_status();
  }
  auto st = store::get_machine_status(c.tx(), (*m)->id);
  if (!st.ok()) return st.error();
  MachineChange mc{**m, *st, std::nullopt};
  Applier applier(c, mc, options, out.counters);
  for (const ingest::Sample* sample : samples) {
    KERF_TRY(applier.apply(*sample));
    ++out.counters.samples;
  }
  return store::save_machine_status(c.tx(), mc.status);
}

}  // namespace

Status MachineSink::consume(std::span<const ingest::Sample> batch) {
  // Group by machine, keeping each machine's samples in order.
  ByMachine by_machine;
  for (const auto& s : batch) by_machine[s.machine].push_back(&s);
  // Every machine's change in one transaction (one commit per batch, not per machine).
  std::map<std::string, MachineOutcome> outcomes;
  std::vector<Event> events;
  Status together = changes_.db().transact([&](store::Tx& tx) -> Status {
    outcomes.clear();
    events.clear();
    for (const auto& [code, samples] : by_machine) {
      const Principal who = machine_principal(code);  // Change keeps a reference to it
      Change c(tx, who, changes_.env().now());
      KERF_TRY(apply_machine(c, code, samples, options_, outcomes[code]));
      events.insert(events.end(), c.events().begin(), c.events().end());
    }
    return ok_status();
  });
  if (together.ok()) {
    changes_.publish_committed(events);
    for (const auto& [code, outcome] : outcomes)
      record(code, by_machine[code].size(), outcome.unknown, outcome.counters);
    return together;
  }
  // One machine's failure must not hold back the others: each machine alone.
  Status first_error = ok_status();
  for (const auto& entry : by_machine) {
    // Not a structured binding: clang-14 (fuzz preset) refuses to capture one in the lambda.
    const std::string& code = entry.first;
    MachineOutcome outcome;
    Status s = changes_.run(machine_principal(code), [&](Change& c) {
      return apply_machine(c, code, entry.second, options_, outcome);
    });
    if (!s.ok()) {
      spdlog::error("machine sink: batch for {} failed: {}", code, s.error().message);
      if (first_error.ok()) first_error = s;
      continue;
    }
    record(code, entry.second.size(), outcome.unknown, outcome.counters);
  }
  return first_error;
}

void MachineSink::record(const std::string& code, size_t samples, bool unknown,
                         const SinkCounters& counted) {
  std::lock_guard lock(mu_);
  if (unknown) {
    counters_.unknown_machine += samples;
    if (logged_unknown_.size() < 1000 && logged_unknown_.insert(code).second) {
      spdlog::warn("machine sink: unknown or inactive machine '{}' ({} samples ignored)", code,
                   samples);
    }
    return;
  }
  counters_.samples += counted.samples;
  counters_.invalid += counted.invalid;
}

SinkCounters MachineSink::counters() const {
  std::lock_guard lock(mu_);
  return counters_;
}

}  // namespace kerf::app
