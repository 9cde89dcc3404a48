#include "kerf/store/audit_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

detail::Column<AuditEntry> opt_text_col(const char* name,
                                        std::optional<std::string> AuditEntry::*m) {
  return {name, detail::ColType::kText, [m](const AuditEntry& e) { return Param(e.*m); },
          [m](AuditEntry& e, const Row& r, std::size_t i) {
            e.*m = r.opt_text(i);
            return ok_status();
          }};
}

const detail::Table<AuditEntry>& audit() {
  static const detail::Table<AuditEntry> kTable(
      {"audit_log",
       "audit entry",
       false,
       {"entity", "entity_id", "actor", "actor_user_id", "action"},
       {"occurred_at"},
       {"entity", "action", "actor"},
       "occurred_at"},
      {detail::time_col("occurred_at", &AuditEntry::at),
       detail::ref_col("actor_user_id", &AuditEntry::actor_user_id),
       detail::text_col("actor", &AuditEntry::actor),
       detail::text_col("entity", &AuditEntry::entity),
       detail::int_col("entity_id", &AuditEntry::entity_id),
       detail::text_col("action", &AuditEntry::action),
       opt_text_col("before_json", &AuditEntry::before_json),
       opt_text_col("after_json", &AuditEntry::after_json)},
      &AuditEntry::id, nullptr);
  return kTable;
}

}  // namespace

Result<int64_t> append_audit(Tx& tx, const AuditEntry& entry) {
  if (entry.entity.empty()) return Error::invalid("entity", "is required");
  if (entry.action.empty()) return Error::invalid("action", "is required");
  auto stored = audit().insert(tx, entry);
  if (!stored.ok()) return stored.error();
  return stored->id;
}

Result<Page<AuditEntry>> list_audit(Tx& tx, const ListQuery& query) {
  return audit().list(tx, query);
}

}  // namespace kerf::store
