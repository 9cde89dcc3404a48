// Ingestion leases (table ingest_leases, migration 6): which node runs a machine source that
// must run once in the plant. Times are milliseconds since the epoch.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/core/result.h"
#include "kerf/store/database.h"

namespace kerf::store {

// Takes or renews the lease on `source_key` for `node` until `expires_at_ms` when it is free,
// expired at `now_ms` or already `node`'s. True when `node` holds it afterwards.
Result<bool> claim_ingest_lease(Tx& tx, const std::string& source_key, const std::string& node,
                                int64_t now_ms, int64_t expires_at_ms);

// Gives up `node`'s lease on `source_key` (ok when it holds none).
Status release_ingest_lease(Tx& tx, const std::string& source_key, const std::string& node);

}  // namespace kerf::store
