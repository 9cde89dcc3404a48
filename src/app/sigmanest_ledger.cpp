#include "kerf/app/sigmanest_ledger.h"

#include <nlohmann/json.hpp>

#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/permissions.h"
#include "kerf/core/time_format.h"
#include "kerf/store/sigmanest_repo.h"

namespace kerf::app {
namespace {

using nlohmann::json;
using store::SigmanestOutboundRecord;

// Names of the sigmanest_state values.
constexpr const char* kOutboundCursor = "outbound_cursor";
constexpr const char* kHighWater = "feedback_high_water";
constexpr const char* kLastPollAt = "last_poll_at";
constexpr const char* kGateway = "gateway";
constexpr const char* kLastError = "last_error";
constexpr const char* kStopped = "simtrans_stopped";
constexpr const char* kInitialLoadAt = "initial_load_at";

constexpr std::string_view kStatusNames[] = {"queued", "sent", "consumed", "applied",
                                             "failed", "lost", "refused"};

std::string base36(int64_t v) {
  static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  if (v <= 0) return "0";
  std::string out;
  for (; v > 0; v /= 36) out.insert(out.begin(), kDigits[v % 36]);
  return out;
}

int64_t int_or(const std::optional<std::string>& text, int64_t fallback) {
  if (!text || text->empty()) return fallback;
  try {
    return std::stoll(*text);
  } catch (...) {
    return fallback;
  }
}

Result<OutboundRow> row_of(const SigmanestOutboundRecord& r) {
  OutboundRow o;
  o.id = r.id;
  o.trans_id = r.trans_id;
  o.trans_type = r.trans_type;
  o.district = static_cast<int32_t>(r.district);
  json cols = json::parse(r.columns_json, nullptr, false);
  if (cols.is_discarded() || !cols.is_object()) {
    return Error::internal("corrupt columns of sigmanest outbound row " + std::to_string(r.id));
  }
  for (const auto& [k, v] : cols.items())
    o.columns[k] = v.is_string() ? v.get<std::string>() : v.dump();
  auto status = parse_outbound_status(r.status);
  if (!status.ok()) return Error::internal("corrupt status: " + status.error().message);
  o.status = *status;
  o.entity = r.entity;
  o.entity_id = r.entity_id;
  o.event_id = r.event_id;
  o.error = r.error;
  o.attempts = r.attempts;
  o.created_at = r.created_at;
  o.sent_at = r.sent_at;
  o.updated_at = r.updated_at;
  return o;
}

Result<std::vector<OutboundRow>> rows_of(const std::vector<SigmanestOutboundRecord>& records) {
  std::vector<OutboundRow> out;
  out.reserve(records.size());
  for (const auto& r : records) {
    auto o = row_of(r);
    if (!o.ok()) return o.error();
    out.push_back(std::move(o).value());
  }
  return out;
}

SigmanestOutboundRecord record_of(const OutboundRow& o) {
  SigmanestOutboundRecord r;
  r.id = o.id;
  r.trans_id = o.trans_id;
  r.trans_type = o.trans_type;
  r.district = o.district;
  json cols = json::object();
  for (const auto& [k, v] : o.columns) cols[k] = v;
  r.columns_json = cols.dump();
  r.status = std::string(to_string(o.status));
  r.entity = o.entity;
  r.entity_id = o.entity_id;
  r.event_id = o.event_id;
  r.error = o.error;
  r.attempts = o.attempts;
  r.created_at = o.created_at;
  r.sent_at = o.sent_at;
  r.updated_at = o.updated_at;
  return r;
}

json json_of_row(const OutboundRow& o) {
  return {{"id", o.id},
          {"trans_id", o.trans_id},
          {"trans_type", o.trans_type},
          {"status", std::string(to_string(o.status))},
          {"entity", o.entity},
          {"entity_id", o.entity_id},
          {"error", o.error},
          {"attempts", o.attempts}};
}

// Sync-log status of an outbound status.
std::string log_status(OutboundStatus s) {
  switch (s) {
    case OutboundStatus::kFailed:
    case OutboundStatus::kLost:
    case OutboundStatus::kRefused:
      return "error";
    case OutboundStatus::kQueued:
      return "skipped";
    default:
      return "ok";
  }
}

Status append_log(Change& c, const OutboundRow& o) {
  store::SigmanestSyncEntry e;
  e.at = c.now();
  e.direction = "export";
  e.kind = o.trans_type;
  e.external_ref = o.trans_id;
  e.entity = o.entity;
  e.entity_id = o.entity_id;
  e.status = log_status(o.status);
  e.message = std::string(to_string(o.status)) + (o.error.empty() ? "" : ": " + o.error);
  return status_of(store::append_sigmanest_sync(c.tx(), e));
}

std::string time_text(TimePoint t) { return std::to_string(t.time_since_epoch().count()); }

}  // namespace

std::string_view to_string(OutboundStatus s) { return kStatusNames[static_cast<int>(s)]; }

Result<OutboundStatus> parse_outbound_status(std::string_view text) {
  for (int i = 0; i < 7; ++i) {
    if (kStatusNames[i] == text) return static_cast<OutboundStatus>(i);
  }
  return Error::invalid("status", "unknown outbound status '" + std::string(text) + "'");
}

Result<SigmanestStatus> SigmanestLedger::status(const Principal& who) {
  KERF_TRY(authorize(who, Permission::kRead));
  const TimePoint now = changes_.env().now();
  return changes_.db().read([&](store::Tx& tx) -> Result<SigmanestStatus> {
    SigmanestStatus st;
    auto state = store::all_sigmanest_state(tx);
    if (!state.ok()) return state.error();
    auto value = [&](const char* name) -> std::optional<std::string> {
      auto it = state->find(name);
      if (it == state->end()) return std::nullopt;
      return it->second;
    };
    st.gateway = value(kGateway).value_or("");
    st.enabled = !st.gateway.empty();
    auto counts = store::count_sigmanest_outbound_by_status(tx);
    if (!counts.ok()) return counts.error();
    st.outbound = std::move(counts).value();
    auto oldest = store::oldest_sigmanest_sent_at(tx);
    if (!oldest.ok()) return oldest.error();
    if (*oldest) {
      st.oldest_sent_age_s =
          std::chrono::duration_cast<std::chrono::seconds>(now - **oldest).count();
    }
    st.simtrans_stopped = value(kStopped).value_or("0") == "1";
    auto packets = store::count_sigmanest_inbound_packets(tx);
    if (!packets.ok()) return packets.error();
    st.inbound_packets = *packets;
    st.feedback_high_water = int_or(value(kHighWater), 0);
    if (auto at = value(kLastPollAt)) st.last_poll_at = TimePoint(Micros(int_or(at, 0)));
    st.last_error = value(kLastError).value_or("");
    return st;
  });
}

Result<store::Page<OutboundRow>> SigmanestLedger::outbound(const Principal& who,
                                                           const store::ListQuery& query) {
  KERF_TRY(authorize(who, Permission::kRead));
  if (auto it = query.filters.find("status"); it != query.filters.end() && !it->second.is_null()) {
    KERF_TRY(parse_outbound_status(it->second.as_text()));
  }
  auto page =
      changes_.db().read([&](store::Tx& tx) { return store::list_sigmanest_outbound(tx, query); });
  if (!page.ok()) return page.error();
  auto items = rows_of(page->items);
  if (!items.ok()) return items.error();
  return store::Page<OutboundRow>{std::move(items).value(), page->total};
}

Result<OutboundRow> SigmanestLedger::retry(const Principal& who, int64_t id) {
  KERF_TRY(authorize(who, Permission::kSigmanestRetry));
  return changes_.run(who, [&](Change& c) -> Result<OutboundRow> {
    auto rec = store::get_sigmanest_outbound(c.tx(), id);
    if (!rec.ok()) return rec.error();
    auto row = row_of(*rec);
    if (!row.ok()) return row.error();
    OutboundRow before = *row;
    if (row->status != OutboundStatus::kFailed && row->status != OutboundStatus::kLost &&
        row->status != OutboundStatus::kRefused) {
      return Error::make(ErrorCode::kFailedPrecondition,
                         "sigmanest outbound row " + std::to_string(id) + " is " +
                             std::string(to_string(row->status)) +
                             ": only failed, lost or refused rows can be retried");
    }
    row->status = OutboundStatus::kQueued;
    row->error.clear();
    row->updated_at = c.now();
    // A new TransID: the old one may still sit in TransAct with ErrorTag = 1.
    if (row->attempts > 0) {
      std::string code = "K" + base36(row->id) + "R" + base36(row->attempts);
      if (code.size() > 10) code = "R" + base36(row->id * 1296 + row->attempts % 1296);
      row->trans_id = code;
    }
    auto updated = store::update_sigmanest_outbound(c.tx(), record_of(*row));
    if (!updated.ok()) return updated.error();
    KERF_TRY(c.audit("sigmanest_outbound", id, "retry", json_of_row(before), json_of_row(*row)));
    KERF_TRY(append_log(c, *row));
    KERF_TRY(c.emit("sigmanest.retry",
                    {{"id", id}, {"trans_id", row->trans_id}, {"trans_type", row->trans_type}}));
    return *row;
  });
}

namespace {

// Inserts queued/refused rows (trans ids assigned); refused ones get a sync-log row.
Result<std::vector<OutboundRow>> store_rows(Change& c, std::vector<OutboundRow> rows) {
  std::vector<OutboundRow> out;
  out.reserve(rows.size());
  for (OutboundRow row : rows) {
    if (row.status != OutboundStatus::kQueued && row.status != OutboundStatus::kRefused) {
      return Error::invalid("status", "enqueue stores queued or refused rows only");
    }
    row.created_at = c.now();
    row.updated_at = c.now();
    row.attempts = 0;
    row.sent_at.reset();
    auto stored = store::insert_sigmanest_outbound(c.tx(), record_of(row));
    if (!stored.ok()) return stored.error();
    row.id = stored->id;
    if (row.trans_id.empty()) {
      row.trans_id = "K" + base36(row.id);
      KERF_TRY(store::set_sigmanest_trans_id(c.tx(), row.id, row.trans_id));
    }
    if (row.status == OutboundStatus::kRefused) KERF_TRY(append_log(c, row));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

Result<std::vector<store::OutboxEvent>> SigmanestLedger::events_after_cursor(const Principal& who,
                                                                             int64_t limit) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  const TimePoint now = changes_.env().now();
  return changes_.db().read([&](store::Tx& tx) -> Result<std::vector<store::OutboxEvent>> {
    auto cursor = store::get_sigmanest_state(tx, kOutboundCursor);
    if (!cursor.ok()) return cursor.error();
    std::optional<TimePoint> before;
    if (tx.backend() == store::Backend::kPostgres) before = now - kCursorGrace;
    return store::events_after(tx, int_or(*cursor, 0), limit, before);
  });
}

Result<std::vector<OutboundRow>> SigmanestLedger::enqueue(const Principal& who,
                                                          std::vector<OutboundRow> rows,
                                                          int64_t cursor_event_id) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  return changes_.run(who, [&](Change& c) -> Result<std::vector<OutboundRow>> {
    auto out = store_rows(c, std::move(rows));
    if (!out.ok()) return out.error();
    auto cursor = store::get_sigmanest_state(c.tx(), kOutboundCursor);
    if (!cursor.ok()) return cursor.error();
    if (cursor_event_id > int_or(*cursor, 0)) {
      KERF_TRY(
          store::set_sigmanest_state(c.tx(), kOutboundCursor, std::to_string(cursor_event_id)));
    }
    return *out;
  });
}

Result<bool> SigmanestLedger::initial_load_done(const Principal& who) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  return changes_.db().read([&](store::Tx& tx) -> Result<bool> {
    auto at = store::get_sigmanest_state(tx, kInitialLoadAt);
    if (!at.ok()) return at.error();
    return at->has_value();
  });
}

Result<std::optional<std::vector<OutboundRow>>> SigmanestLedger::enqueue_initial_load(
    const Principal& who, std::vector<OutboundRow> rows) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  using Out = std::optional<std::vector<OutboundRow>>;
  return changes_.run(who, [&](Change& c) -> Result<Out> {
    auto at = store::get_sigmanest_state(c.tx(), kInitialLoadAt);
    if (!at.ok()) return at.error();
    if (at->has_value()) return Out{};
    auto out = store_rows(c, std::move(rows));
    if (!out.ok()) return out.error();
    KERF_TRY(store::set_sigmanest_state(c.tx(), kInitialLoadAt,
                                        std::to_string(c.now().time_since_epoch().count())));
    KERF_TRY(c.audit("sigmanest_outbound", 0, "initial_load", nullptr,
                     {{"rows", static_cast<int64_t>(out->size())}}));
    return Out{std::move(*out)};
  });
}

Result<std::vector<OutboundRow>> SigmanestLedger::rows_with_status(const Principal& who,
                                                                   OutboundStatus status,
                                                                   int64_t limit) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  auto records = changes_.db().read([&](store::Tx& tx) {
    return store::sigmanest_outbound_with_status(tx, std::string(to_string(status)), limit);
  });
  if (!records.ok()) return records.error();
  return rows_of(*records);
}

Status SigmanestLedger::begin_attempt(const Principal& who, const std::vector<int64_t>& ids) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  if (ids.empty()) return ok_status();
  return changes_.run(who, [&](Change& c) -> Status {
    auto records = store::get_sigmanest_outbound_rows(c.tx(), ids);
    if (!records.ok()) return records.error();
    for (auto r : *records) {
      if (r.status != "queued") {
        return Error::make(ErrorCode::kFailedPrecondition,
                           "sigmanest outbound row " + std::to_string(r.id) + " is " + r.status);
      }
      r.attempts += 1;
      r.sent_at.reset();
      r.updated_at = c.now();
      KERF_TRY(store::update_sigmanest_outbound(c.tx(), r));
    }
    return ok_status();
  });
}

Status SigmanestLedger::mark(const Principal& who, const std::vector<int64_t>& ids,
                             OutboundStatus status, const std::string& error) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  if (ids.empty()) return ok_status();
  return changes_.run(who, [&](Change& c) -> Status {
    auto records = store::get_sigmanest_outbound_rows(c.tx(), ids);
    if (!records.ok()) return records.error();
    if (records->size() != ids.size()) {
      return Error::not_found("sigmanest outbound rows: " +
                              std::to_string(ids.size() - records->size()) + " not found");
    }
    for (const auto& rec : *records) {
      auto row = row_of(rec);
      if (!row.ok()) return row.error();
      OutboundRow before = *row;
      row->status = status;
      row->updated_at = c.now();
      if (status == OutboundStatus::kSent) row->sent_at = c.now();
      const bool bad = status == OutboundStatus::kFailed || status == OutboundStatus::kLost ||
                       status == OutboundStatus::kRefused;
      row->error = bad ? error : "";
      KERF_TRY(store::update_sigmanest_outbound(c.tx(), record_of(*row)));
      KERF_TRY(c.audit("sigmanest_outbound", row->id, std::string(to_string(status)),
                       json_of_row(before), json_of_row(*row)));
      KERF_TRY(append_log(c, *row));
      if (status == OutboundStatus::kFailed || status == OutboundStatus::kLost) {
        KERF_TRY(c.emit("sigmanest.row_failed", {{"id", row->id},
                                                 {"trans_id", row->trans_id},
                                                 {"trans_type", row->trans_type},
                                                 {"status", std::string(to_string(status))},
                                                 {"entity", row->entity},
                                                 {"entity_id", row->entity_id},
                                                 {"error", row->error}}));
      }
    }
    return ok_status();
  });
}

Result<bool> SigmanestLedger::packet_ingested(const Principal& who, int64_t archive_packet_id,
                                              const std::string& trans_type,
                                              const std::string& key) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  return changes_.db().read([&](store::Tx& tx) {
    return store::sigmanest_inbound_key_exists(tx, archive_packet_id, trans_type, key);
  });
}

Status SigmanestLedger::record_packet(const Principal& who, int64_t archive_packet_id,
                                      const std::string& trans_type, const std::string& key,
                                      const store::SigmanestSyncEntry& log) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  if (archive_packet_id <= 0) return Error::invalid("archive_packet_id", "must be > 0");
  if (trans_type.empty()) return Error::invalid("trans_type", "is required");
  return changes_.run(who, [&](Change& c) -> Status {
    auto inserted =
        store::insert_sigmanest_inbound_key(c.tx(), archive_packet_id, trans_type, key, c.now());
    if (!inserted.ok()) return inserted.error();
    auto hw = store::get_sigmanest_state(c.tx(), kHighWater);
    if (!hw.ok()) return hw.error();
    if (archive_packet_id > int_or(*hw, 0)) {
      KERF_TRY(store::set_sigmanest_state(c.tx(), kHighWater, std::to_string(archive_packet_id)));
    }
    store::SigmanestSyncEntry entry = log;
    entry.at = c.now();
    return status_of(store::append_sigmanest_sync(c.tx(), entry));
  });
}

Result<int64_t> SigmanestLedger::high_water(const Principal& who) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) -> Result<int64_t> {
    auto hw = store::get_sigmanest_state(tx, kHighWater);
    if (!hw.ok()) return hw.error();
    return int_or(*hw, 0);
  });
}

Result<std::optional<int64_t>> SigmanestLedger::remnant_sheet(const Principal& who,
                                                              const std::string& remnant_name) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read(
      [&](store::Tx& tx) { return store::find_sigmanest_remnant(tx, remnant_name); });
}

Result<std::optional<std::string>> SigmanestLedger::remnant_name(const Principal& who,
                                                                 int64_t sheet_id) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read(
      [&](store::Tx& tx) { return store::sigmanest_remnant_name(tx, sheet_id); });
}

Result<std::vector<store::SigmanestRemnant>> SigmanestLedger::remnants_in_stock(
    const Principal& who) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) { return store::sigmanest_remnants_in_stock(tx); });
}

Status SigmanestLedger::log(const Principal& who, const store::SigmanestSyncEntry& entry) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  return changes_.run(who, [&](Change& c) -> Status {
    store::SigmanestSyncEntry e = entry;
    e.at = c.now();
    return status_of(store::append_sigmanest_sync(c.tx(), e));
  });
}

Status SigmanestLedger::note_gateway(const Principal& who, const std::string& gateway) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  return changes_.run(
      who, [&](Change& c) { return store::set_sigmanest_state(c.tx(), kGateway, gateway); });
}

Status SigmanestLedger::note_poll(const Principal& who, const std::string& gateway,
                                  const std::string& error, bool simtrans_stopped) {
  KERF_TRY(authorize(who, Permission::kSigmanestSync));
  return changes_.run(who, [&](Change& c) -> Status {
    auto was = store::get_sigmanest_state(c.tx(), kStopped);
    if (!was.ok()) return was.error();
    const bool was_stopped = was->value_or("0") == "1";
    KERF_TRY(store::set_sigmanest_state(c.tx(), kLastPollAt, time_text(c.now())));
    KERF_TRY(store::set_sigmanest_state(c.tx(), kGateway, gateway));
    KERF_TRY(store::set_sigmanest_state(c.tx(), kLastError, error));
    KERF_TRY(store::set_sigmanest_state(c.tx(), kStopped, simtrans_stopped ? "1" : "0"));
    if (simtrans_stopped && !was_stopped) {
      KERF_TRY(c.emit("sigmanest.simtrans_stopped",
                      {{"gateway", gateway}, {"at", format_iso8601(c.now())}}));
    } else if (!simtrans_stopped && was_stopped) {
      KERF_TRY(c.emit("sigmanest.simtrans_resumed",
                      {{"gateway", gateway}, {"at", format_iso8601(c.now())}}));
    }
    return ok_status();
  });
}

}  // namespace kerf::app
