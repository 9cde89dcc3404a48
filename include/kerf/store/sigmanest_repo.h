// The Sigmanest integration's ledger tables (migration 8): the outbound queue of TransAct rows,
// the keys of ingested feedback packets and the sync's named state values; Sigmanest's remnant
// names (migration 12). app::SigmanestLedger (and NestService for the remnant names) are the
// only writers; docs/sigmanest_ledger.md describes the row life and the recovery rules.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// One TransAct row kerf sends. `status` is one of kSigmanestOutboundStatuses; `columns_json`
// is a JSON object {TransAct column: text value}.
struct SigmanestOutboundRecord {
  int64_t id = 0;
  std::string trans_id;  // "" while being inserted (enqueue assigns it in the same transaction)
  std::string trans_type;
  int64_t district = 0;
  std::string columns_json = "{}";
  std::string status = "queued";
  std::string entity;
  int64_t entity_id = 0;  // 0 = none (NULL)
  int64_t event_id = 0;   // 0 = none (NULL)
  std::string error;
  int64_t attempts = 0;
  TimePoint created_at;
  std::optional<TimePoint> sent_at;
  std::optional<TimePoint> updated_at;
  friend bool operator==(const SigmanestOutboundRecord&, const SigmanestOutboundRecord&) = default;
};

inline constexpr const char* kSigmanestOutboundStatuses[] = {
    "queued", "sent", "consumed", "applied", "failed", "lost", "refused"};

// Inserts `r` (id ignored); an empty trans_id is stored as NULL for the caller to set with
// set_sigmanest_trans_id. kConflict (field trans_id) when the trans_id exists,
// kInvalidArgument for a bad status.
Result<SigmanestOutboundRecord> insert_sigmanest_outbound(Tx& tx, SigmanestOutboundRecord r);
// Sets the trans_id of row `id` (kConflict when another row has it).
Status set_sigmanest_trans_id(Tx& tx, int64_t id, const std::string& trans_id);
// Overwrites every column of row r.id (kNotFound when absent).
Result<SigmanestOutboundRecord> update_sigmanest_outbound(Tx& tx, const SigmanestOutboundRecord& r);
Result<SigmanestOutboundRecord> get_sigmanest_outbound(Tx& tx, int64_t id);
// The rows with these ids, in id order (missing ids are skipped).
Result<std::vector<SigmanestOutboundRecord>> get_sigmanest_outbound_rows(
    Tx& tx, const std::vector<int64_t>& ids);
// Rows in `status`, oldest (lowest id) first, at most `limit`.
Result<std::vector<SigmanestOutboundRecord>> sigmanest_outbound_with_status(
    Tx& tx, const std::string& status, int64_t limit);
// filters {status, trans_type, entity, entity_id, trans_id, event_id}; search over
// {trans_id, error}; sort by {id, created_at, sent_at, updated_at}; date range on created_at.
Result<Page<SigmanestOutboundRecord>> list_sigmanest_outbound(Tx& tx, const ListQuery& query);
// status -> row count (statuses without rows are absent).
Result<std::map<std::string, int64_t>> count_sigmanest_outbound_by_status(Tx& tx);
// sent_at of the oldest row in status "sent", if any.
Result<std::optional<TimePoint>> oldest_sigmanest_sent_at(Tx& tx);

// Inbound idempotency keys. insert returns false (and changes nothing) when the key exists.
Result<bool> insert_sigmanest_inbound_key(Tx& tx, int64_t archive_packet_id,
                                          const std::string& trans_type,
                                          const std::string& natural_key, TimePoint at);
Result<bool> sigmanest_inbound_key_exists(Tx& tx, int64_t archive_packet_id,
                                          const std::string& trans_type,
                                          const std::string& natural_key);
// Number of distinct archive packets ingested.
Result<int64_t> count_sigmanest_inbound_packets(Tx& tx);

// Named state values (upsert / read; nullopt when never set).
Status set_sigmanest_state(Tx& tx, const std::string& name, const std::string& value);
Result<std::optional<std::string>> get_sigmanest_state(Tx& tx, const std::string& name);
Result<std::map<std::string, std::string>> all_sigmanest_state(Tx& tx);

// Sigmanest's name of a remnant -> the kerf sheet it became (migration 12). put replaces an
// earlier sheet under the same name; find returns nullopt for a name never recorded.
Status put_sigmanest_remnant(Tx& tx, const std::string& remnant_name, int64_t sheet_id,
                             TimePoint at);
Result<std::optional<int64_t>> find_sigmanest_remnant(Tx& tx, const std::string& remnant_name);
// The name Sigmanest gave the remnant that became `sheet_id` (the newest when several point at
// it); nullopt for a sheet that is no Sigmanest remnant.
Result<std::optional<std::string>> sigmanest_remnant_name(Tx& tx, int64_t sheet_id);

struct SigmanestRemnant {
  std::string name;  // STRemArc.RemnantName
  int64_t sheet_id = 0;
  TimePoint recorded_at;
};
// The Sigmanest remnants still in kerf's stock (quantity > 0), the newest name per sheet, by
// sheet id.
Result<std::vector<SigmanestRemnant>> sigmanest_remnants_in_stock(Tx& tx);

}  // namespace kerf::store
