// Plant-wide singleton work across kerf nodes: a node may run something that must run once in
// the plant (a machine source, the Sigmanest sync) only while it holds its lease (table
// ingest_leases, migration 6). Leases expire, so a stopped node's work moves to another node.
#pragma once

#include <chrono>
#include <string>

#include "kerf/core/result.h"

namespace kerf::app {

class ChangeRunner;
class Services;

// Takes or renews this node's lease on `key` for `ttl` from now (free, expired or already
// ours). True when this node holds it afterwards.
Result<bool> hold_lease(Services& services, const std::string& key, std::chrono::milliseconds ttl);
// The same on the node of `changes` (for services below Services).
Result<bool> hold_lease(ChangeRunner& changes, const std::string& key,
                        std::chrono::milliseconds ttl);
// Gives up this node's lease on `key` (ok when it holds none), so another node may take over.
Status release_lease(Services& services, const std::string& key);

}  // namespace kerf::app
