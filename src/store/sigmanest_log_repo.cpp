#include "kerf/store/sigmanest_log_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

const detail::Table<SigmanestSyncEntry>& sync_log() {
  static const detail::Table<SigmanestSyncEntry> kTable(
      {"sigmanest_sync_log",
       "sigmanest sync entry",
       false,
       {"direction", "kind", "status", "external_ref", "entity"},
       {"occurred_at"},
       {"external_ref", "message"},
       "occurred_at"},
      {detail::time_col("occurred_at", &SigmanestSyncEntry::at),
       detail::text_col("direction", &SigmanestSyncEntry::direction),
       detail::text_col("kind", &SigmanestSyncEntry::kind),
       detail::text_col("external_ref", &SigmanestSyncEntry::external_ref),
       detail::text_col("entity", &SigmanestSyncEntry::entity),
       detail::ref_col("entity_id", &SigmanestSyncEntry::entity_id),
       detail::text_col("status", &SigmanestSyncEntry::status),
       detail::text_col("message", &SigmanestSyncEntry::message)},
      &SigmanestSyncEntry::id, nullptr);
  return kTable;
}

}  // namespace

Result<int64_t> append_sigmanest_sync(Tx& tx, const SigmanestSyncEntry& entry) {
  if (entry.direction != "import" && entry.direction != "export") {
    return Error::invalid("direction", "must be import or export");
  }
  if (entry.status != "ok" && entry.status != "error" && entry.status != "skipped") {
    return Error::invalid("status", "must be ok, error or skipped");
  }
  if (entry.kind.empty()) return Error::invalid("kind", "is required");
  auto stored = sync_log().insert(tx, entry);
  if (!stored.ok()) return stored.error();
  return stored->id;
}

Result<Page<SigmanestSyncEntry>> list_sigmanest_sync(Tx& tx, const ListQuery& query) {
  return sync_log().list(tx, query);
}

Result<bool> sigmanest_already_synced(Tx& tx, const std::string& direction, const std::string& kind,
                                      const std::string& external_ref) {
  auto row = tx.query_one(
      "SELECT COUNT(*) FROM sigmanest_sync_log WHERE direction = ? AND kind = ? AND "
      "external_ref = ? AND status = ?",
      {direction, kind, external_ref, "ok"});
  if (!row.ok()) return row.error();
  return (*row)->get_int(0) > 0;
}

}  // namespace kerf::store
