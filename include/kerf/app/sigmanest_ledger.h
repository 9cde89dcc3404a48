// The Sigmanest integration's own records in kerf's database, kept through app like every
// other write: the outbound queue (one row per TransAct row kerf sends), the inbound packet
// keys (idempotent ingest), cursors (outbox position, feedback high-water mark) and the sync
// log. integrations/sigmanest drives it; the API and web read it. docs/sigmanest.md.
//
// Outbound row life: queued -> sent (in TransAct) -> consumed (left TransAct) -> applied
// (verified in Sigmanest's tables) | failed (ErrorTag = 1; retry after correction) | lost
// (consumed but not applied); refused = never sent (validation: the field named in `error`).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kerf/app/principal.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/outbox_repo.h"
#include "kerf/store/page.h"
#include "kerf/store/sigmanest_log_repo.h"
#include "kerf/store/sigmanest_repo.h"

namespace kerf::app {

class ChangeRunner;

enum class OutboundStatus { kQueued, kSent, kConsumed, kApplied, kFailed, kLost, kRefused };
// "queued", "sent", "consumed", "applied", "failed", "lost", "refused"
std::string_view to_string(OutboundStatus s);
Result<OutboundStatus> parse_outbound_status(std::string_view text);

struct OutboundRow {
  int64_t id = 0;
  std::string trans_id;    // unique, <= 10 characters
  std::string trans_type;  // "SN84", ...
  int32_t district = 0;
  std::map<std::string, std::string> columns;  // TransAct column -> value
  OutboundStatus status = OutboundStatus::kQueued;
  std::string entity;  // "job", "sheet", "nest", ...
  int64_t entity_id = 0;
  int64_t event_id = 0;  // outbox event that produced it (0 = none)
  std::string error;     // refused/failed/lost reason
  int64_t attempts = 0;  // submissions so far
  TimePoint created_at;
  std::optional<TimePoint> sent_at;
  std::optional<TimePoint> updated_at;
};

// Counts per status and the age of the oldest row still waiting in TransAct.
struct SigmanestStatus {
  bool enabled = false;
  std::string gateway;                       // "odbc" | "file" | ""
  std::map<std::string, int64_t> outbound;   // status name -> rows
  std::optional<int64_t> oldest_sent_age_s;  // oldest row in kSent
  bool simtrans_stopped = false;             // rows waited longer than k polling intervals
  int64_t inbound_packets = 0;               // packets ingested so far
  int64_t feedback_high_water = 0;           // last ArchivePacketID ingested
  std::optional<TimePoint> last_poll_at;
  std::string last_error;  // "" when the last poll succeeded
};

class SigmanestLedger {
 public:
  static constexpr std::chrono::seconds kCursorGrace{5};

  explicit SigmanestLedger(ChangeRunner& changes) : changes_(changes) {}

  // Any authenticated user: status, the queue (filters {status, trans_type, entity}) and the
  // sync log (store/sigmanest_log_repo.h filters).
  Result<SigmanestStatus> status(const Principal& who);
  // Any authenticated user: a page of the sync log (store/sigmanest_log_repo.h filters, search,
  // sort and date range).
  Result<store::Page<store::SigmanestSyncEntry>> sync_log(const Principal& who,
                                                          const store::ListQuery& query);
  Result<store::Page<OutboundRow>> outbound(const Principal& who, const store::ListQuery& query);
  // Planner or admin: a failed/lost/refused row goes back to queued (attempts kept) under a new
  // TransID (a failed row stays in TransAct with ErrorTag = 1 under its old one until SimTrans's
  // operator clears it). Audited, event "sigmanest.retry". kFailedPrecondition for other
  // statuses.
  Result<OutboundRow> retry(const Principal& who, int64_t id);

  // The initial load: whether it was done, and storing its rows (queued or refused) with the
  // mark that it was done, together, without moving the outbound cursor (events after it are
  // still mapped: their rows are absolute, so a second SN84/SN91A changes nothing). Returns
  // nullopt when another node did it first.
  Result<bool> initial_load_done(const Principal& who);
  Result<std::optional<std::vector<OutboundRow>>> enqueue_initial_load(
      const Principal& who, std::vector<OutboundRow> rows);

  // ---- The integration's own writes (integration or system principal), each one transaction.
  // Outbox events (store/outbox_repo.h) with id > the sync's outbound cursor, oldest first
  // (PostgreSQL: only events older than kCursorGrace, as concurrent writers commit ids out of
  // order).
  Result<std::vector<store::OutboxEvent>> events_after_cursor(const Principal& who, int64_t limit);
  // Stores `rows` (status queued, or refused with `error` set by the caller) and moves the
  // outbound cursor to `cursor_event_id`, together: a crash re-reads the same events. Returns
  // the stored rows with ids. A row without trans_id gets "K" + base-36 of its ledger id (unique
  // across restarts and nodes). kConflict when a given trans_id exists.
  Result<std::vector<OutboundRow>> enqueue(const Principal& who, std::vector<OutboundRow> rows,
                                           int64_t cursor_event_id);
  // Rows in `status`, oldest first.
  Result<std::vector<OutboundRow>> rows_with_status(const Principal& who, OutboundStatus status,
                                                    int64_t limit);
  // Records a submission attempt of queued rows, before the gateway call: attempts + 1 and
  // sent_at cleared. A queued row with attempts > 0 and no sent_at is "in doubt" (the process
  // may have died between submit and mark): the sync checks the gateway before resubmitting it.
  Status begin_attempt(const Principal& who, const std::vector<int64_t>& ids);
  // Moves rows to `status` (kSent sets sent_at; the attempt was counted by begin_attempt), with
  // `error` for failed/lost/refused. Writes one sync-log row per row and audit; emits
  // "sigmanest.row_failed" for kFailed/kLost.
  Status mark(const Principal& who, const std::vector<int64_t>& ids, OutboundStatus status,
              const std::string& error = "");
  // Inbound idempotency: whether (packet, trans_type, natural key) was ingested.
  Result<bool> packet_ingested(const Principal& who, int64_t archive_packet_id,
                               const std::string& trans_type, const std::string& key);
  // Records an ingested packet key, raises the feedback high-water mark to at least the packet
  // id, and appends `log` to the sync log, together.
  Status record_packet(const Principal& who, int64_t archive_packet_id,
                       const std::string& trans_type, const std::string& key,
                       const store::SigmanestSyncEntry& log);
  Result<int64_t> high_water(const Principal& who);
  // The kerf sheet a remnant Sigmanest named `remnant_name` became (NestService records it when
  // the remnant enters stock); nullopt for a name kerf never recorded.
  Result<std::optional<int64_t>> remnant_sheet(const Principal& who,
                                               const std::string& remnant_name);
  // Sigmanest's name of remnant sheet `sheet_id`; nullopt when it is no Sigmanest remnant.
  Result<std::optional<std::string>> remnant_name(const Principal& who, int64_t sheet_id);
  // Every user. The Sigmanest remnants in kerf's stock, with the name Sigmanest knows them by.
  Result<std::vector<store::SigmanestRemnant>> remnants_in_stock(const Principal& who);
  // Appends a sync-log row (e.g. an inbound packet refused, with the field named).
  Status log(const Principal& who, const store::SigmanestSyncEntry& entry);
  // Records the gateway kind the sync uses (status shows it from the sync's start on).
  Status note_gateway(const Principal& who, const std::string& gateway);
  // Records a poll: its time, the gateway kind, the error ("" = ok) and whether SimTrans looks
  // stopped (emits "sigmanest.simtrans_stopped" once when it becomes true).
  Status note_poll(const Principal& who, const std::string& gateway, const std::string& error,
                   bool simtrans_stopped);

 private:
  ChangeRunner& changes_;
};

}  // namespace kerf::app
