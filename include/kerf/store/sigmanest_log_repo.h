// Sigmanest SimTrans synchronisation log: one row per imported/exported record.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

struct SigmanestSyncEntry {
  int64_t id = 0;
  TimePoint at;
  std::string direction;     // "import" | "export"
  std::string kind;          // SimTrans transaction/table kind, e.g. "SN81", "program"
  std::string external_ref;  // SimTrans id / program name
  std::string entity;        // kerf entity touched ("nest", "sheet", ...) or ""
  int64_t entity_id = 0;     // 0 = none
  std::string status;        // "ok" | "error" | "skipped"
  std::string message;
  friend bool operator==(const SigmanestSyncEntry&, const SigmanestSyncEntry&) = default;
};

// Appends an entry; returns its id. kInvalidArgument for a bad direction/status.
Result<int64_t> append_sigmanest_sync(Tx& tx, const SigmanestSyncEntry& entry);
// list_sigmanest_sync: filters {direction, kind, status, external_ref, entity}; search over
// {external_ref, message}; sort by {id, occurred_at}; date range on occurred_at.
Result<Page<SigmanestSyncEntry>> list_sigmanest_sync(Tx& tx, const ListQuery& query);
// True when an entry with this direction, kind and external_ref has status "ok" (dedup).
Result<bool> sigmanest_already_synced(Tx& tx, const std::string& direction, const std::string& kind,
                                      const std::string& external_ref);

}  // namespace kerf::store
