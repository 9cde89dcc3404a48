// Ingestion leases on both backends: one node holds a source; another takes it over only once
// the lease expired or was released.
#include <gtest/gtest.h>

#include "kerf/store/ingest_lease_repo.h"
#include "store/store_fixture.h"

namespace kerf::store {
namespace {

using testing::StoreTest;

class IngestLeaseTest : public StoreTest {
 protected:
  bool claim(const std::string& node, int64_t now_ms, int64_t until_ms) {
    auto held = db().transact([&](Tx& tx) {
      return claim_ingest_lease(tx, "mtconnect|http://agent:5000|", node, now_ms, until_ms);
    });
    EXPECT_TRUE(held.ok()) << held.error().message;
    return held.ok() && *held;
  }
};

TEST_P(IngestLeaseTest, OneNodeHoldsASourceUntilItsLeaseExpiresOrIsReleased) {
  EXPECT_TRUE(claim("node-a", 1000, 31000));
  EXPECT_FALSE(claim("node-b", 2000, 32000));  // held by a
  EXPECT_TRUE(claim("node-a", 11000, 41000));  // a renews
  EXPECT_FALSE(claim("node-b", 40000, 70000));  // still a's
  EXPECT_TRUE(claim("node-b", 42000, 72000));   // expired: b takes over
  EXPECT_FALSE(claim("node-a", 43000, 73000));
  auto released = db().transact([&](Tx& tx) {
    return release_ingest_lease(tx, "mtconnect|http://agent:5000|", "node-b");
  });
  ASSERT_TRUE(released.ok());
  EXPECT_TRUE(claim("node-a", 44000, 74000));  // released: free at once
}

KERF_STORE_BOTH_BACKENDS(IngestLeaseTest);

}  // namespace
}  // namespace kerf::store
