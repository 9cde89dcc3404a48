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

Result<Page<AuditEntry>> audit_of_entities(Tx& tx, const std::vector<EntityIds>& entities,
                                           int64_t limit, int64_t offset) {
  std::string where;
  std::vector<Param> params;
  for (const auto& e : entities) {
    if (e.ids.empty()) continue;
    if (!where.empty()) where += " OR ";
    where += "(entity = ? AND entity_id IN (";
    params.emplace_back(e.entity);
    for (std::size_t i = 0; i < e.ids.size(); ++i) {
      where += i == 0 ? "?" : ", ?";
      params.emplace_back(e.ids[i]);
    }
    where += "))";
  }
  Page<AuditEntry> page;
  if (where.empty()) return page;
  auto count = tx.query_one("SELECT COUNT(*) FROM audit_log WHERE " + where, params);
  if (!count.ok()) return count.error();
  page.total = (*count)->get_int(0);
  std::vector<Param> select_params = params;
  select_params.emplace_back(limit);
  select_params.emplace_back(offset);
  auto rows = tx.query(
      "SELECT id, occurred_at, actor_user_id, actor, entity, entity_id, action, before_json, "
      "after_json FROM audit_log WHERE " +
          where + " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?",
      select_params);
  if (!rows.ok()) return rows.error();
  for (const Row& r : *rows) {
    AuditEntry e;
    e.id = r.get_int("id");
    e.at = r.get_time("occurred_at");
    e.actor_user_id = r.opt_int("actor_user_id").value_or(0);
    e.actor = r.get_text("actor");
    e.entity = r.get_text("entity");
    e.entity_id = r.get_int("entity_id");
    e.action = r.get_text("action");
    e.before_json = r.opt_text("before_json");
    e.after_json = r.opt_text("after_json");
    page.items.push_back(std::move(e));
  }
  return page;
}

}  // namespace kerf::store
