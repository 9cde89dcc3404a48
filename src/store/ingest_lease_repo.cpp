#include "kerf/store/ingest_lease_repo.h"

namespace kerf::store {

Result<bool> claim_ingest_lease(Tx& tx, const std::string& source_key, const std::string& node,
                                int64_t now_ms, int64_t expires_at_ms) {
  auto n = tx.exec(
      "INSERT INTO ingest_leases (source_key, node, expires_at) VALUES (?, ?, ?) "
      "ON CONFLICT (source_key) DO UPDATE SET node = excluded.node, "
      "expires_at = excluded.expires_at "
      "WHERE ingest_leases.node = excluded.node OR ingest_leases.expires_at < ?",
      {source_key, node, expires_at_ms, now_ms});
  if (!n.ok()) return n.error();
  auto row = tx.query_one("SELECT node FROM ingest_leases WHERE source_key = ?", {source_key});
  if (!row.ok()) return row.error();
  return row->has_value() && (**row).get_text(0) == node;
}

Status release_ingest_lease(Tx& tx, const std::string& source_key, const std::string& node) {
  auto n = tx.exec("DELETE FROM ingest_leases WHERE source_key = ? AND node = ?",
                   {source_key, node});
  if (!n.ok()) return n.error();
  return ok_status();
}

}  // namespace kerf::store
