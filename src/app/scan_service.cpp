// ScanService: the scan grammar and the per-station state machine (docs/scan_format.md).
#include "kerf/app/scan_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "app/repo.h"
#include "kerf/app/badge.h"
#include "kerf/app/change.h"
#include "kerf/app/permissions.h"
#include "kerf/ingest/signals.h"
#include "kerf/store/machine_repo.h"

namespace kerf::app {
namespace {

constexpr int64_t kMaxScanQuantity = 1'000'000'000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// Digits only, 1..max_digits of them; nullopt otherwise.
std::optional<int64_t> parse_digits(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.front() == '-' || s.front() == '+') {
    return std::nullopt;
  }
  return v;
}

// `s` cut to kMaxScanLength with every byte outside printable ASCII as '?' (a refused scan is
// echoed in events and logs; it may be any bytes).
std::string printable(std::string_view s) {
  std::string out(s.substr(0, kMaxScanLength));
  for (char& ch : out) {
    if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) > 0x7e) ch = '?';
  }
  return out;
}

const char* kGrammar = "expected a badge, an operation barcode OP-<id> or a quantity QTY:<n>";

// The badge user of a station, as a principal: roles from the user, the audit actor names the
// station.
Principal station_principal(const model::User& user, const std::string& station) {
  Principal p;
  p.user_id = user.id;
  p.username = user.username + " via station " + station;
  p.roles = user.roles;
  return p;
}

Principal station_system_principal(const std::string& station) {
  Principal p;
  p.username = "station:" + station;
  return p;
}

// Where the station's scans land: its work center (kNotFound / kPrecondition, field "station").
Result<model::Machine> load_station(ChangeRunner& changes, const std::string& code) {
  auto found =
      changes.db().read([&](store::Tx& tx) { return store::find_machine_by_code(tx, code); });
  if (!found.ok()) return found.error();
  if (!found->has_value()) {
    Error e = Error::not_found("no scan station '" + code + "'");
    e.fields.push_back({"station", "no machine has this code"});
    return e;
  }
  const model::Machine& m = **found;
  std::string why;
  if (m.protocol != model::MachineProtocol::kScan) {
    why = "machine '" + code + "' is not a scan station (protocol " +
          std::string(model::to_string(m.protocol)) + ")";
  } else if (!m.active) {
    why = "scan station '" + code + "' is inactive";
  } else if (!m.work_center_id) {
    why = "scan station '" + code + "' is on no work center";
  }
  if (!why.empty()) {
    Error e = Error::precondition(why);
    e.fields.push_back({"station", why});
    return e;
  }
  return m;
}

}  // namespace

Result<ParsedScan> parse_scan(std::string_view raw) {
  const std::string_view code = trim(raw);
  if (code.empty()) return Error::invalid("code", "is required");
  if (code.size() > kMaxScanLength) {
    return Error::invalid("code", "longer than " + std::to_string(kMaxScanLength) + " characters");
  }
  for (char ch : code) {
    if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) > 0x7e) {
      return Error::invalid("code", "must be printable ASCII");
    }
  }
  ParsedScan out;
  if (starts_with_ci(code, "QTY:")) {
    auto n = parse_digits(code.substr(4), 10);
    if (!n || *n > kMaxScanQuantity) {
      return Error::invalid("code", "QTY:<n> needs a whole number 0..1000000000");
    }
    out.kind = ScanKind::kQuantity;
    out.quantity = *n;
    return out;
  }
  if (starts_with_ci(code, "OP")) {
    std::string_view rest = code.substr(2);
    if (!rest.empty() && rest.front() == '-') rest.remove_prefix(1);
    if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) {
      auto id = parse_digits(rest, 12);
      if (!id || *id <= 0) {
        return Error::invalid("code", "OP-<id> needs an operation id of 1..12 digits");
      }
      out.kind = ScanKind::kOperation;
      out.operation_id = *id;
      return out;
    }
  }
  std::string badge = normalize_badge(code);
  if (!check_badge(badge).ok()) return Error::invalid("code", kGrammar);
  out.kind = ScanKind::kBadge;
  out.badge = std::move(badge);
  return out;
}

ScanCounters ScanService::counters() const {
  std::lock_guard lock(mu_);
  return counters_;
}

void ScanService::emit(const std::string& station, const std::string& code,
                       const std::string& outcome, std::optional<int64_t> operation_id,
                       const std::string& message) {
  nlohmann::json payload = {
      {"station", station},
      {"code", code},
      {"outcome", outcome},
      {"operation_id", operation_id ? nlohmann::json(*operation_id) : nlohmann::json(nullptr)},
      {"message", message}};
  auto s = changes_.run(station_system_principal(station),
                        [&](Change& c) { return c.emit("station.scan", payload); });
  if (!s.ok()) spdlog::warn("station {}: station.scan event lost: {}", station, s.error().message);
}

Result<ScanOutcome> ScanService::scan(std::string_view station_code, std::string_view code) {
  std::lock_guard serial(scan_mu_);
  const std::string station(station_code);
  auto machine = load_station(changes_, station);
  if (!machine.ok()) {
    std::lock_guard lock(mu_);
    ++counters_.unknown_station;
    return machine.error();
  }
  auto parsed = parse_scan(code);
  // A badge is a credential: events and logs show "badge", never the badge itself.
  const std::string shown =
      parsed.ok() && parsed->kind == ScanKind::kBadge ? "badge" : printable(trim(code));
  Result<ScanOutcome> result =
      parsed.ok() ? handle(station, *parsed, shown) : Result<ScanOutcome>(parsed.error());
  {
    std::lock_guard lock(mu_);
    ++(result.ok() ? counters_.accepted : counters_.rejected);
  }
  if (result.ok()) {
    emit(station, shown, result->outcome, result->operation_id, result->message);
  } else {
    std::optional<int64_t> op;
    if (parsed.ok() && parsed->kind == ScanKind::kOperation) op = parsed->operation_id;
    emit(station, shown, "rejected", op, result.error().message);
  }
  return result;
}

Result<ScanOutcome> ScanService::handle(const std::string& station, const ParsedScan& parsed,
                                        const std::string& shown_code) {
  ScanOutcome out;
  out.station = station;
  out.code = shown_code;
  const TimePoint now = changes_.env().now();
  StationState& state = states_[station];
  if (state.user_id != 0 && now - state.last_scan > options_.operator_idle) {
    state = StationState{};  // idle too long: badge in again
  }

  if (parsed.kind == ScanKind::kBadge) {
    auto found = changes_.db().read(
        [&](store::Tx& tx) { return repo::find_user_by_badge(tx, badge_key(parsed.badge)); });
    if (!found.ok()) return found.error();
    if (!found->has_value() || !(*found)->user.active) {
      return Error::invalid(
          "code", "not a known badge, an operation barcode OP-<id> or a quantity QTY:<n>");
    }
    const model::User& user = (*found)->user;
    if (!may(station_principal(user, station), Permission::kRecordWork)) {
      return Error::invalid("code", "user " + user.username + " may not record work");
    }
    if (state.user_id != user.id) state = StationState{};
    state.user_id = user.id;
    state.last_scan = now;
    out.outcome = "operator_set";
    out.operator_id = user.id;
    out.message = "operator " + user.username;
    return out;
  }

  if (state.user_id == 0) {
    return Error::invalid("code", "scan your badge first: no operator at station " + station);
  }
  auto user =
      changes_.db().read([&](store::Tx& tx) { return repo::get<model::User>(tx, state.user_id); });
  if (!user.ok()) return user.error();
  if (!user->active) {
    state = StationState{};
    return Error::invalid("code", "operator is inactive: scan another badge");
  }
  const Principal who = station_principal(*user, station);
  state.last_scan = now;
  out.operator_id = user->id;

  if (parsed.kind == ScanKind::kQuantity) {
    state.qty_good = parsed.quantity;
    out.outcome = "quantity_set";
    out.message = "good quantity " + std::to_string(parsed.quantity) + " for the next completion";
    return out;
  }

  // An operation barcode: toggle it at the station's work center.
  auto machine = load_station(changes_, station);
  if (!machine.ok()) return machine.error();
  const int64_t wc = *machine->work_center_id;
  struct Target {
    model::Operation op;
    model::Job job;
    int64_t remaining = 0;
  };
  auto target = changes_.db().read([&](store::Tx& tx) -> Result<Target> {
    auto op = repo::get<model::Operation>(tx, parsed.operation_id);
    if (!op.ok()) {
      if (op.error().code == ErrorCode::kNotFound) {
        return Error::invalid("code", "no operation " + std::to_string(parsed.operation_id));
      }
      return op.error();
    }
    auto job = repo::get<model::Job>(tx, op->job_id);
    if (!job.ok()) return job.error();
    auto ops = repo::operations_of_job(tx, op->job_id);
    if (!ops.ok()) return ops.error();
    // What reaches this operation: the good quantity of the previous completed one, else the job.
    int64_t remaining = job->quantity;
    int32_t best = 0;
    for (const auto& other : *ops) {
      if (other.sequence < op->sequence && other.sequence > best &&
          other.status == model::OperationStatus::kComplete) {
        best = other.sequence;
        remaining = other.qty_good;
      }
    }
    return Target{*op, *job, remaining};
  });
  if (!target.ok()) return target.error();
  const model::Operation& op = target->op;
  const auto& eligible = op.eligible_work_center_ids;
  if (std::find(eligible.begin(), eligible.end(), wc) == eligible.end()) {
    return Error::invalid("code", "operation " + std::to_string(op.id) + " (job " +
                                      target->job.number + " op " + std::to_string(op.sequence) +
                                      ") does not run at this station's work center");
  }
  const std::string label = "OP-" + std::to_string(op.id) + " (job " + target->job.number + " op " +
                            std::to_string(op.sequence) + ")";
  out.operation_id = op.id;
  Result<OperationOutcome> done = Error::internal("unreachable");
  switch (op.status) {
    case model::OperationStatus::kReady:
      done = operations_.start(who, op.id, op.version);
      out.outcome = "started";
      break;
    case model::OperationStatus::kPaused:
      done = operations_.resume(who, op.id, op.version);
      out.outcome = "resumed";
      break;
    case model::OperationStatus::kRunning: {
      CompleteOperationInput in;
      in.operation_id = op.id;
      in.expected_version = op.version;
      in.qty_good = state.qty_good.value_or(target->remaining);
      done = operations_.complete(who, in);
      out.outcome = "completed";
      break;
    }
    default:
      return Error::invalid("code", label + " is " + std::string(model::to_string(op.status)) +
                                        ": only ready, running or paused operations toggle");
  }
  if (!done.ok()) {
    if (done.error().code == ErrorCode::kPermissionDenied) {
      return Error::invalid("code", user->username + ": " + done.error().message);
    }
    return done.error();
  }
  if (out.outcome == "completed") {
    out.message = "completed " + label + " with " + std::to_string(done->operation.qty_good) +
                  " good as " + user->username;
    state.qty_good.reset();
  } else {
    out.message = out.outcome + " " + label + " as " + user->username;
  }
  out.operation = *done;
  return out;
}

Status ScanSink::consume(std::span<const ingest::Sample> batch) {
  for (const auto& s : batch) {
    if (s.signal != ingest::signals::kScan) continue;
    if (s.quality != ingest::Quality::kGood) continue;
    auto r = scans_.scan(s.machine, ingest::as_text(s.value));
    if (!r.ok()) {
      spdlog::warn("scan station {}: scan refused: {}", s.machine, r.error().message);
    }
  }
  // Scans are not idempotent (a repeated OP- scan toggles again), so a batch is never refused:
  // a redelivery would replay the scans already applied.
  return ok_status();
}

}  // namespace kerf::app
