#include "kerf/store/approval_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

detail::Column<ApprovalRecord> applied_action_col() {
  return {"applied_action", detail::ColType::kText,
          [](const ApprovalRecord& a) { return Param(a.applied_action); },
          [](ApprovalRecord& a, const Row& r, std::size_t i) -> Status {
            a.applied_action = r.opt_text(i);
            return ok_status();
          }};
}

const detail::Table<ApprovalRecord>& approvals() {
  static const detail::Table<ApprovalRecord> kTable(
      {"approvals",
       "approval",
       false,
       {"status", "gate", "role", "thread_id"},
       {"created_at"},
       {"title"},
       "created_at"},
      {detail::text_col("gate", &ApprovalRecord::gate),
       detail::text_col("status", &ApprovalRecord::status),
       detail::text_col("role", &ApprovalRecord::role),
       detail::text_col("thread_id", &ApprovalRecord::thread_id),
       detail::text_col("dedupe_key", &ApprovalRecord::dedupe_key),
       detail::text_col("title", &ApprovalRecord::title),
       detail::text_col("summary", &ApprovalRecord::summary),
       detail::text_col("evidence", &ApprovalRecord::evidence),
       detail::text_col("action", &ApprovalRecord::action), applied_action_col(),
       detail::text_col("job_ids", &ApprovalRecord::job_ids),
       detail::text_col("verdict", &ApprovalRecord::verdict),
       detail::text_col("comment", &ApprovalRecord::comment),
       detail::text_col("decided_by", &ApprovalRecord::decided_by),
       detail::opt_time_col("decided_at", &ApprovalRecord::decided_at),
       detail::text_col("error", &ApprovalRecord::error),
       detail::time_col("created_at", &ApprovalRecord::created_at)},
      &ApprovalRecord::id, nullptr);
  return kTable;
}

const detail::Table<CustomerMessageRecord>& messages() {
  static const detail::Table<CustomerMessageRecord> kTable(
      {"customer_messages",
       "customer message",
       false,
       {"customer_id", "status", "approval_id"},
       {"created_at"},
       {"subject"},
       "created_at"},
      {detail::int_col("customer_id", &CustomerMessageRecord::customer_id),
       detail::ref_col("approval_id", &CustomerMessageRecord::approval_id),
       detail::text_col("job_ids", &CustomerMessageRecord::job_ids),
       detail::text_col("subject", &CustomerMessageRecord::subject),
       detail::text_col("body", &CustomerMessageRecord::body),
       detail::text_col("status", &CustomerMessageRecord::status),
       detail::time_col("created_at", &CustomerMessageRecord::created_at),
       detail::opt_time_col("sent_at", &CustomerMessageRecord::sent_at)},
      &CustomerMessageRecord::id, nullptr);
  return kTable;
}

// " AND role IN (?, ?...)" for `roles` (nothing when empty), params appended.
std::string roles_condition(const std::vector<std::string>& roles, std::vector<Param>& params) {
  if (roles.empty()) return "";
  std::string sql = " AND role IN (";
  for (std::size_t i = 0; i < roles.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(roles[i]);
  }
  return sql + ")";
}

}  // namespace

Result<ApprovalRecord> insert_approval(Tx& tx, const ApprovalRecord& approval) {
  return approvals().insert(tx, approval);
}

Result<ApprovalRecord> get_approval(Tx& tx, int64_t id) { return approvals().get(tx, id); }

Result<std::optional<ApprovalRecord>> find_approval_by_dedupe_key(Tx& tx, const std::string& key) {
  std::vector<Param> params{key};
  auto rows = approvals().select_where(tx, "dedupe_key = ?", params);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<ApprovalRecord>{};
  return std::optional<ApprovalRecord>(std::move(rows->front()));
}

Status decide_approval(Tx& tx, const ApprovalRecord& d) {
  auto n = tx.exec(
      "UPDATE approvals SET status = ?, applied_action = ?, verdict = ?, comment = ?, "
      "decided_by = ?, decided_at = ?, error = ? WHERE id = ? AND status = ?",
      {d.status, Param(d.applied_action), d.verdict, d.comment, d.decided_by, Param(d.decided_at),
       d.error, d.id, "pending"});
  if (!n.ok()) return n.error();
  if (*n == 1) return ok_status();
  auto current = get_approval(tx, d.id);
  if (!current.ok()) return current.error();
  return Error::precondition("approval " + std::to_string(d.id) + " is " + current->status +
                             ", no longer pending");
}

Result<Page<ApprovalRecord>> list_approvals(Tx& tx, const ApprovalFilter& f) {
  if (f.limit < 1 || f.limit > 1000) return Error::invalid("limit", "must be between 1 and 1000");
  if (f.offset < 0) return Error::invalid("offset", "must be >= 0");
  std::vector<Param> params;
  std::string where = "1 = 1" + roles_condition(f.roles, params);
  if (!f.status.empty()) {
    where += " AND status = ?";
    params.emplace_back(f.status);
  }
  if (!f.gate.empty()) {
    where += " AND gate = ?";
    params.emplace_back(f.gate);
  }
  Page<ApprovalRecord> page;
  auto count = tx.query_one("SELECT COUNT(*) FROM approvals WHERE " + where, params);
  if (!count.ok()) return count.error();
  page.total = (*count)->get_int(0);
  params.emplace_back(f.limit);
  params.emplace_back(f.offset);
  auto items = approvals().select_where(tx, where, params, "id DESC LIMIT ? OFFSET ?");
  if (!items.ok()) return items.error();
  page.items = std::move(items).value();
  return page;
}

Result<std::map<std::string, int64_t>> pending_approvals_by_gate(
    Tx& tx, const std::vector<std::string>& roles) {
  std::vector<Param> params{"pending"};
  std::string sql = "SELECT gate, COUNT(*) FROM approvals WHERE status = ?" +
                    roles_condition(roles, params) + " GROUP BY gate";
  auto rows = tx.query(sql, params);
  if (!rows.ok()) return rows.error();
  std::map<std::string, int64_t> out;
  for (const Row& r : *rows) out[r.get_text(0)] = r.get_int(1);
  return out;
}

Result<CustomerMessageRecord> insert_customer_message(Tx& tx,
                                                      const CustomerMessageRecord& message) {
  return messages().insert(tx, message);
}

Result<std::optional<CustomerMessageRecord>> customer_message_of_approval(Tx& tx,
                                                                          int64_t approval_id) {
  std::vector<Param> params{approval_id};
  auto rows = messages().select_where(tx, "approval_id = ?", params);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<CustomerMessageRecord>{};
  return std::optional<CustomerMessageRecord>(std::move(rows->front()));
}

Status update_customer_message(Tx& tx, const CustomerMessageRecord& message) {
  auto saved = messages().update(tx, message);
  if (!saved.ok()) return saved.error();
  return ok_status();
}

Result<Page<CustomerMessageRecord>> list_customer_messages(Tx& tx, const ListQuery& query) {
  return messages().list(tx, query);
}

}  // namespace kerf::store
