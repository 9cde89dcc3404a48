// The gate predicates at and around their thresholds (the thresholds are settings).
#include "kerf/agents/shop/gates.h"

#include <gtest/gtest.h>

namespace kerf::agents {
namespace {

TEST(GatesTest, EachGateHoldsOnlyPastItsThreshold) {
  GateThresholds t;
  EXPECT_FALSE(rush_needs_approval(t, 3));
  EXPECT_TRUE(rush_needs_approval(t, 4));
  EXPECT_FALSE(overtime_needs_approval(t, 2.0));
  EXPECT_TRUE(overtime_needs_approval(t, 2.01));
  EXPECT_TRUE(is_critical_defect(t, {"burr", "Crack"}));
  EXPECT_FALSE(is_critical_defect(t, {"burr", "scratch"}));
  EXPECT_TRUE(below_safety_stock(4, 5));
  EXPECT_FALSE(below_safety_stock(5, 5));
  EXPECT_FALSE(vip_escalation(t, false, 86400));
  EXPECT_FALSE(vip_escalation(t, true, 0));
  EXPECT_TRUE(vip_escalation(t, true, 1));
  t.rush_max_moved_jobs = 5;
  EXPECT_FALSE(rush_needs_approval(t, 5));
}

}  // namespace
}  // namespace kerf::agents
