#include "kerf/app/lease.h"

#include "kerf/app/services.h"
#include "kerf/store/ingest_lease_repo.h"

namespace kerf::app {

namespace {

int64_t epoch_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<bool> hold_lease(Services& services, const std::string& key, std::chrono::milliseconds ttl) {
  return hold_lease(services.changes(), key, ttl);
}

Result<bool> hold_lease(ChangeRunner& changes, const std::string& key,
                        std::chrono::milliseconds ttl) {
  const std::string& node = changes.node_id();
  const int64_t now_ms = epoch_ms(changes.env().now());
  return changes.db().transact([&](store::Tx& tx) {
    return store::claim_ingest_lease(tx, key, node, now_ms, now_ms + ttl.count());
  });
}

Status release_lease(Services& services, const std::string& key) {
  const std::string& node = services.changes().node_id();
  return services.db().transact(
      [&](store::Tx& tx) { return store::release_ingest_lease(tx, key, node); });
}

}  // namespace kerf::app
