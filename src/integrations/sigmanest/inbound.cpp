#include "kerf/integrations/sigmanest/inbound.h"

#include <spdlog/spdlog.h>

#include <map>
#include <set>

#include "integrations/sigmanest/inbound_resolve.h"
#include "kerf/app/nest_service.h"
#include "kerf/app/services.h"
#include "kerf/app/sigmanest_ledger.h"

namespace kerf::integrations::sigmanest {

namespace {

enum class Kind { kApplied, kAlready, kRefused };

// Failures that are the packet's fault (refused, recorded) as opposed to transient ones
// (the poll stops and the packet is read again next time).
bool packet_fault(const Error& e) {
  return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kNotFound ||
         e.code == ErrorCode::kFailedPrecondition || e.code == ErrorCode::kPermissionDenied;
}

// "field: message; field: message", or the error's message when it names no field.
std::string describe(const Error& e) {
  if (e.fields.empty()) return e.message;
  std::string out;
  for (const FieldError& f : e.fields) {
    if (!out.empty()) out += "; ";
    out += f.field + ": " + f.message;
  }
  return out;
}

// The packet's TransType for its key and log ("?" when its program row has none).
std::string type_of(const FeedbackPacket& p) { return p.trans_type.empty() ? "?" : p.trans_type; }

Result<model::NestState> parse_state(const std::string& s) {
  if (s == "0" || s == "posted" || s == "created") return model::NestState::kPosted;
  if (s == "1" || s == "started") return model::NestState::kStarted;
  if (s == "3" || s == "stopped") return model::NestState::kStopped;
  return Error::invalid("STPrgArc.ProgramState",
                        "\"" + s + "\" is not 0/1/3 (created/started/stopped)");
}

}  // namespace

InboundOptions inbound_options(const SigmanestConfig& config) {
  InboundOptions o;
  o.ack_mode = config.ack_mode;
  o.batch_packets = config.feedback_batch;
  o.slots.job_id = config.slots.job_id;
  o.slots.part_id = config.slots.part_id;
  return o;
}

struct Inbound::Outcome {
  Kind kind = Kind::kApplied;
  int64_t nest_id = 0;
  std::string message;
};

Inbound::Inbound(app::Services& services, Gateway& gateway, InboundOptions options, Env& env)
    : services_(services), gateway_(gateway), options_(std::move(options)), env_(env) {
  who_ = app::system_principal();
  who_.username = options_.username;
}

Result<Inbound::Outcome> Inbound::post(const ProgramEvent& e) {
  NameResolver names(services_, who_);
  app::PostProgramInput in;
  in.program_name = e.program_name;
  in.repeat = e.repeat;
  in.machine_name = e.machine_name;
  auto sheet = names.sheet(e.sheet_name, e.heat_number);
  if (!sheet.ok()) return sheet.error();
  in.sheet_id = *sheet;
  in.cut_seconds = e.cut_seconds;
  in.utilisation = e.utilisation;
  in.scrap_fraction = e.scrap_fraction;
  in.archive_packet_id = e.archive_packet_id;
  std::map<std::pair<int64_t, int64_t>, int64_t> qty;
  std::vector<std::pair<int64_t, int64_t>> order;
  for (const EventPart& p : e.parts_in_process) {
    auto r = names.resolve(p);
    if (!r.ok()) return r.error();
    auto key = std::make_pair(r->job_id, r->part_id);
    if (qty.count(key) == 0) order.push_back(key);
    qty[key] += p.qty;
  }
  for (const auto& key : order) in.parts.push_back({key.first, key.second, qty[key]});
  app::NestService nests(services_.changes());
  auto nest = nests.post_program(who_, in);
  if (!nest.ok()) return nest.error();
  return Outcome{Kind::kApplied, nest->id,
                 "posted " + std::to_string(in.parts.size()) + " part line(s) on " + e.sheet_name};
}

Result<Inbound::Outcome> Inbound::update(const ProgramEvent& e) {
  app::NestService nests(services_.changes());
  NameResolver names(services_, who_);
  if (!e.parts_cut.empty()) {
    if (!e.sheet_name.empty()) {
      auto sheet = names.sheet(e.sheet_name, e.heat_number);
      if (!sheet.ok()) return sheet.error();
    }
    app::CutProgramInput in;
    in.program_name = e.program_name;
    in.cut_seconds_actual = e.cut_seconds_actual;
    in.archive_packet_id = e.archive_packet_id;
    std::map<std::pair<int64_t, int64_t>, int64_t> qty;
    std::vector<std::pair<int64_t, int64_t>> order;
    for (const EventPart& p : e.parts_cut) {
      auto r = names.resolve(p);
      if (!r.ok()) return r.error();
      auto key = std::make_pair(r->job_id, r->part_id);
      if (qty.count(key) == 0) order.push_back(key);
      qty[key] += p.qty;
    }
    for (const auto& key : order) in.parts_good.push_back({key.first, key.second, qty[key]});
    for (const EventRemnant& r : e.remnants) {
      in.remnants.push_back({r.length_mm, r.width_mm, r.location, r.name});
    }
    auto cut = nests.cut_program(who_, in);
    if (cut.ok()) {
      return Outcome{Kind::kApplied, cut->nest.id,
                     "cut: " + std::to_string(cut->remnant_sheet_ids.size()) + " remnant(s)"};
    }
    if (cut.error().code == ErrorCode::kFailedPrecondition) {
      auto existing = nests.find_by_program(who_, e.program_name);
      if (!existing.ok()) return existing.error();
      if (existing->has_value() && (*existing)->state == model::NestState::kCut) {
        // Finished by an operator in kerf: this report still brings the remnants.
        if (!(*existing)->remnants_reported) {
          auto added = nests.record_remnants(who_, e.program_name, in.remnants);
          if (!added.ok()) return added.error();
          return Outcome{Kind::kApplied, (*existing)->id,
                         "remnants of a program cut in kerf: " + std::to_string(added->size())};
        }
        return Outcome{Kind::kAlready, (*existing)->id, "already cut"};
      }
    }
    return cut.error();
  }
  if (e.state) {
    auto state = parse_state(*e.state);
    if (!state.ok()) return state.error();
    auto existing = nests.find_by_program(who_, e.program_name);
    if (!existing.ok()) return existing.error();
    if (existing->has_value() && (*existing)->state == *state) {
      return Outcome{Kind::kAlready, (*existing)->id,
                     "already " + std::string(model::to_string(*state))};
    }
    auto nest = nests.set_state(who_, e.program_name, *state, e.cut_seconds_actual);
    if (!nest.ok()) return nest.error();
    return Outcome{Kind::kApplied, nest->id, std::string(model::to_string(*state))};
  }
  if (!e.parts_in_process.empty()) {
    if (e.sheet_name.empty()) return Error::invalid("STPrgArc.SheetName", "required");
    return post(e);
  }
  return Outcome{Kind::kAlready, 0, "SN102 without cut parts, state or parts: nothing to apply"};
}

Result<Inbound::Outcome> Inbound::remove(const ProgramEvent& e) {
  app::NestService nests(services_.changes());
  auto existing = nests.find_by_program(who_, e.program_name);
  if (!existing.ok()) return existing.error();
  int64_t id = existing->has_value() ? (*existing)->id : 0;
  auto s = nests.delete_program(who_, e.program_name);
  if (s.ok()) return Outcome{Kind::kApplied, id, "deleted"};
  if (s.error().code == ErrorCode::kNotFound) return Outcome{Kind::kAlready, 0, "already absent"};
  return s.error();
}

Result<Inbound::Outcome> Inbound::apply(const ProgramEvent& e) {
  if (e.trans_type == kSN100) return post(e);
  if (e.trans_type == kSN101) return remove(e);
  return update(e);
}

Result<InboundStats> Inbound::poll() {
  InboundStats stats;
  app::SigmanestLedger ledger(services_.changes());
  app::NestService nests(services_.changes());
  auto hw = ledger.high_water(who_);
  if (!hw.ok()) return hw.error();
  stats.high_water = *hw;
  int64_t after = 0;
  int limit = std::max(1, options_.batch_packets);
  if (options_.ack_mode == AckMode::kHighWater) {
    int lookback = std::max(0, options_.high_water_lookback);
    after = std::max<int64_t>(0, *hw - lookback);
    limit += lookback;
  }
  auto packets = gateway_.read_feedback(after, limit);
  if (!packets.ok()) return packets.error();
  stats.packets_read = static_cast<int64_t>(packets->size());  // re-read ones included

  // Parse everything and look the keys up first: the collapse looks at the whole batch of
  // packets not ingested yet (a packet ingested by an earlier poll never pairs again).
  std::vector<Result<ProgramEvent>> parsed;
  std::vector<std::string> keys;
  std::vector<bool> seen;
  std::vector<ProgramEvent> events;
  std::set<std::string> names;
  for (const FeedbackPacket& p : *packets) {
    stats.rows_read += static_cast<int64_t>(p.rows.size());
    parsed.push_back(parse_program_event(p, options_.slots));
    const Result<ProgramEvent>& ev = parsed.back();
    keys.push_back(ev.ok() ? ev->natural_key() : packet_natural_key(p));
    auto ingested = ledger.packet_ingested(who_, p.archive_packet_id, type_of(p), keys.back());
    if (!ingested.ok()) return ingested.error();
    seen.push_back(*ingested);
    if (ev.ok() && !*ingested) {
      events.push_back(*ev);
      names.insert(ev->program_name);
    }
  }
  std::set<std::string> known;
  for (const std::string& name : names) {
    auto n = nests.find_by_program(who_, name);
    if (!n.ok()) return n.error();
    if (n->has_value()) known.insert(name);
  }
  std::set<int64_t> collapsed = collapsed_deletes(events, known);

  std::vector<int64_t> done;  // packets recorded (or found recorded): acknowledge
  Status stop = ok_status();
  for (size_t i = 0; i < packets->size(); ++i) {
    const FeedbackPacket& p = (*packets)[i];
    const Result<ProgramEvent>& ev = parsed[i];
    const std::string& key = keys[i];
    if (seen[i]) {
      ++stats.skipped_ingested;
      done.push_back(p.archive_packet_id);
      continue;
    }
    store::SigmanestSyncEntry log;
    log.at = env_.now();
    log.direction = "import";
    log.kind = type_of(p);
    log.external_ref = ev.ok() ? ev->program_name : key;
    log.entity = "nest";
    if (!ev.ok()) {
      ++stats.refused;
      log.status = "error";
      log.message = describe(ev.error());
      spdlog::warn("sigmanest inbound: packet {} refused: {}", p.archive_packet_id, log.message);
    } else if (collapsed.count(p.archive_packet_id) != 0) {
      ++stats.collapsed;
      stats.duplicate_rows += ev->duplicate_rows;
      log.status = "skipped";
      log.message = "re-post: SN101 nets with the SN100 of the same program";
    } else {
      stats.duplicate_rows += ev->duplicate_rows;
      auto out = apply(*ev);
      if (!out.ok() && !packet_fault(out.error())) {
        stop = out.error();
        break;
      }
      if (!out.ok()) {
        ++stats.refused;
        log.status = "error";
        log.message = describe(out.error());
        spdlog::warn("sigmanest inbound: {} {} refused: {}", p.trans_type, ev->program_name,
                     log.message);
      } else {
        log.entity_id = out->nest_id;
        log.message = out->message;
        if (out->kind == Kind::kAlready) {
          ++stats.already_applied;
          log.status = "skipped";
        } else {
          ++stats.applied;
          log.status = "ok";
        }
      }
    }
    auto rec = ledger.record_packet(who_, p.archive_packet_id, type_of(p), key, log);
    if (!rec.ok()) {
      stop = rec.error();
      break;
    }
    done.push_back(p.archive_packet_id);
  }
  if (!done.empty()) {
    auto ack = gateway_.acknowledge(done);
    if (!ack.ok()) return ack.error();
    stats.acknowledged = static_cast<int64_t>(done.size());
  }
  if (!stop.ok()) return stop.error();
  auto hw2 = ledger.high_water(who_);
  if (!hw2.ok()) return hw2.error();
  stats.high_water = *hw2;
  return stats;
}

}  // namespace kerf::integrations::sigmanest
