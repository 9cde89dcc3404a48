// SigmanestLedger::sync_log: the page of the sync log the API and the web read (sn-web; the rest
// of the ledger is in sigmanest_ledger.cpp).
#include "kerf/app/change.h"
#include "kerf/app/permissions.h"
#include "kerf/app/sigmanest_ledger.h"
#include "kerf/store/sigmanest_log_repo.h"

namespace kerf::app {

Result<store::Page<store::SigmanestSyncEntry>> SigmanestLedger::sync_log(
    const Principal& who, const store::ListQuery& query) {
  auto allowed = authorize(who, Permission::kRead);
  if (!allowed.ok()) return allowed.error();
  return changes_.db().read([&](store::Tx& tx) { return store::list_sigmanest_sync(tx, query); });
}

}  // namespace kerf::app
