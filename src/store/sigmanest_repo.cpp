#include "kerf/store/sigmanest_repo.h"

#include <cstring>

#include "store/table.h"

namespace kerf::store {
namespace {

using Rec = SigmanestOutboundRecord;

// trans_id: "" travels as NULL (a row being inserted before its code is known).
detail::Column<Rec> trans_id_col() {
  return {"trans_id", detail::ColType::kText,
          [](const Rec& r) { return r.trans_id.empty() ? Param() : Param(r.trans_id); },
          [](Rec& r, const Row& row, std::size_t i) {
            r.trans_id = row.opt_text(i).value_or("");
            return ok_status();
          }};
}

const detail::Table<Rec>& outbound() {
  static const detail::Table<Rec> kTable(
      {"sigmanest_outbound",
       "sigmanest outbound row",
       false,
       {"status", "trans_type", "entity", "entity_id", "trans_id", "event_id"},
       {"created_at", "sent_at", "updated_at"},
       {"trans_id", "error"},
       "created_at"},
      {trans_id_col(), detail::text_col("trans_type", &Rec::trans_type),
       detail::int_col("district", &Rec::district), detail::text_col("columns", &Rec::columns_json),
       detail::text_col("status", &Rec::status), detail::text_col("entity", &Rec::entity),
       detail::ref_col("entity_id", &Rec::entity_id), detail::ref_col("event_id", &Rec::event_id),
       detail::text_col("error", &Rec::error), detail::int_col("attempts", &Rec::attempts),
       detail::time_col("created_at", &Rec::created_at),
       detail::opt_time_col("sent_at", &Rec::sent_at),
       detail::opt_time_col("updated_at", &Rec::updated_at)},
      &Rec::id, nullptr);
  return kTable;
}

Status check_status(const std::string& status) {
  for (const char* s : kSigmanestOutboundStatuses) {
    if (status == s) return ok_status();
  }
  return Error::invalid("status", "unknown outbound status '" + status + "'");
}

}  // namespace

Result<Rec> insert_sigmanest_outbound(Tx& tx, Rec r) {
  if (Status s = check_status(r.status); !s.ok()) return s.error();
  if (r.trans_type.empty()) return Error::invalid("trans_type", "is required");
  return outbound().insert(tx, std::move(r));
}

Status set_sigmanest_trans_id(Tx& tx, int64_t id, const std::string& trans_id) {
  if (trans_id.empty()) return Error::invalid("trans_id", "is required");
  auto n = tx.exec("UPDATE sigmanest_outbound SET trans_id = ? WHERE id = ?", {trans_id, id});
  if (!n.ok()) return n.error();
  if (*n == 0)
    return Error::not_found("sigmanest outbound row " + std::to_string(id) + " not found");
  return ok_status();
}

Result<Rec> update_sigmanest_outbound(Tx& tx, const Rec& r) {
  if (Status s = check_status(r.status); !s.ok()) return s.error();
  return outbound().update(tx, r);
}

Result<Rec> get_sigmanest_outbound(Tx& tx, int64_t id) { return outbound().get(tx, id); }

Result<std::vector<Rec>> get_sigmanest_outbound_rows(Tx& tx, const std::vector<int64_t>& ids) {
  return outbound().select_in(tx, "id", ids);
}

Result<std::vector<Rec>> sigmanest_outbound_with_status(Tx& tx, const std::string& status,
                                                        int64_t limit) {
  const Param params[] = {status, limit};
  return outbound().select_where(
      tx, "id IN (SELECT id FROM sigmanest_outbound WHERE status = ? ORDER BY id LIMIT ?)", params,
      "id");
}

Result<Page<Rec>> list_sigmanest_outbound(Tx& tx, const ListQuery& query) {
  return outbound().list(tx, query);
}

Result<std::map<std::string, int64_t>> count_sigmanest_outbound_by_status(Tx& tx) {
  auto rows = tx.query("SELECT status, COUNT(*) FROM sigmanest_outbound GROUP BY status");
  if (!rows.ok()) return rows.error();
  std::map<std::string, int64_t> out;
  for (const Row& r : *rows) out[r.get_text(std::size_t{0})] = r.get_int(1);
  return out;
}

Result<std::optional<TimePoint>> oldest_sigmanest_sent_at(Tx& tx) {
  auto row = tx.query_one("SELECT MIN(sent_at) FROM sigmanest_outbound WHERE status = ?", {"sent"});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<TimePoint>{};
  return (*row)->opt_time(0);
}

Result<bool> insert_sigmanest_inbound_key(Tx& tx, int64_t archive_packet_id,
                                          const std::string& trans_type,
                                          const std::string& natural_key, TimePoint at) {
  auto n = tx.exec(
      "INSERT INTO sigmanest_inbound_keys (archive_packet_id, trans_type, natural_key, "
      "ingested_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
      {archive_packet_id, trans_type, natural_key, at});
  if (!n.ok()) return n.error();
  return *n > 0;
}

Result<bool> sigmanest_inbound_key_exists(Tx& tx, int64_t archive_packet_id,
                                          const std::string& trans_type,
                                          const std::string& natural_key) {
  auto row = tx.query_one(
      "SELECT COUNT(*) FROM sigmanest_inbound_keys WHERE archive_packet_id = ? AND trans_type = ? "
      "AND natural_key = ?",
      {archive_packet_id, trans_type, natural_key});
  if (!row.ok()) return row.error();
  return (*row)->get_int(0) > 0;
}

Result<int64_t> count_sigmanest_inbound_packets(Tx& tx) {
  auto row = tx.query_one("SELECT COUNT(DISTINCT archive_packet_id) FROM sigmanest_inbound_keys");
  if (!row.ok()) return row.error();
  return (*row)->get_int(0);
}

Status set_sigmanest_state(Tx& tx, const std::string& name, const std::string& value) {
  if (name.empty()) return Error::invalid("name", "is required");
  auto n = tx.exec(
      "INSERT INTO sigmanest_state (name, value) VALUES (?, ?) "
      "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      {name, value});
  if (!n.ok()) return n.error();
  return ok_status();
}

Result<std::optional<std::string>> get_sigmanest_state(Tx& tx, const std::string& name) {
  auto row = tx.query_one("SELECT value FROM sigmanest_state WHERE name = ?", {name});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<std::string>{};
  return std::optional<std::string>((*row)->get_text(std::size_t{0}));
}

Result<std::map<std::string, std::string>> all_sigmanest_state(Tx& tx) {
  auto rows = tx.query("SELECT name, value FROM sigmanest_state ORDER BY name");
  if (!rows.ok()) return rows.error();
  std::map<std::string, std::string> out;
  for (const Row& r : *rows) out[r.get_text(std::size_t{0})] = r.get_text(std::size_t{1});
  return out;
}

Status put_sigmanest_remnant(Tx& tx, const std::string& remnant_name, int64_t sheet_id,
                             TimePoint at) {
  if (remnant_name.empty()) return Error::invalid("remnant_name", "is required");
  auto n = tx.exec(
      "INSERT INTO sigmanest_remnants (remnant_name, sheet_id, recorded_at) VALUES (?, ?, ?) "
      "ON CONFLICT (remnant_name) DO UPDATE SET sheet_id = excluded.sheet_id, "
      "recorded_at = excluded.recorded_at",
      {remnant_name, sheet_id, at});
  if (!n.ok()) return n.error();
  return ok_status();
}

Result<std::optional<int64_t>> find_sigmanest_remnant(Tx& tx, const std::string& remnant_name) {
  auto row = tx.query_one("SELECT sheet_id FROM sigmanest_remnants WHERE remnant_name = ?",
                          {remnant_name});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<int64_t>{};
  return std::optional<int64_t>((*row)->get_int(std::size_t{0}));
}

Result<std::vector<SigmanestRemnant>> sigmanest_remnants_in_stock(Tx& tx) {
  auto rows = tx.query(
      "SELECT r.remnant_name, r.sheet_id, r.recorded_at FROM sigmanest_remnants r JOIN "
      "material_inventory m ON m.id = r.sheet_id WHERE m.quantity > 0 "
      "ORDER BY r.sheet_id, r.recorded_at DESC, r.remnant_name");
  if (!rows.ok()) return rows.error();
  std::vector<SigmanestRemnant> out;
  for (const Row& r : *rows) {
    const int64_t sheet_id = r.get_int(std::size_t{1});
    if (!out.empty() && out.back().sheet_id == sheet_id) continue;  // an older name of it
    out.push_back({r.get_text(std::size_t{0}), sheet_id, r.get_time(std::size_t{2})});
  }
  return out;
}

Result<std::optional<std::string>> sigmanest_remnant_name(Tx& tx, int64_t sheet_id) {
  auto row = tx.query_one(
      "SELECT remnant_name FROM sigmanest_remnants WHERE sheet_id = ? "
      "ORDER BY recorded_at DESC, remnant_name LIMIT 1",
      {sheet_id});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<std::string>{};
  return std::optional<std::string>((*row)->get_text(std::size_t{0}));
}

}  // namespace kerf::store
