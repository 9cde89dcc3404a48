// The audit log: one row per change, written in the same transaction as the change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

struct AuditEntry {
  int64_t id = 0;
  TimePoint at;               // when
  int64_t actor_user_id = 0;  // 0 = system / integration
  std::string actor;          // username or "system", "sigmanest", ...
  std::string entity;         // "job", "work_center", ...
  int64_t entity_id = 0;
  std::string action;                      // "create", "update", "delete", "release", ...
  std::optional<std::string> before_json;  // entity JSON before (nullopt for create)
  std::optional<std::string> after_json;   // entity JSON after (nullopt for delete)
  friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

// Appends an entry; returns its id.
Result<int64_t> append_audit(Tx& tx, const AuditEntry& entry);
// list_audit: filters {entity, entity_id, actor, actor_user_id, action}; search over {entity,
// action, actor}; sort by {id, occurred_at}; date range on occurred_at.
Result<Page<AuditEntry>> list_audit(Tx& tx, const ListQuery& query);

// The audit rows of several entities (e.g. a job, its operations and its slots), newest first
// (ties: highest id first), `limit` rows from `offset`, with the total count.
struct EntityIds {
  std::string entity;
  std::vector<int64_t> ids;  // empty: none of this entity
};
Result<Page<AuditEntry>> audit_of_entities(Tx& tx, const std::vector<EntityIds>& entities,
                                           int64_t limit, int64_t offset);

}  // namespace kerf::store
