// Demo seeding into an empty database, the demo logins, and refusal on a non-empty database.
#include "kerf/app/seed.h"

#include <gtest/gtest.h>

#include "app/app_fixture.h"

namespace kerf::app::testing {
namespace {

using model::Role;

class SeedTest : public AppTest {};

TEST_F(SeedTest, SeedsDemoShopAndDemoUsers) {
  auto summary = seed_demo(app(), 7);
  ASSERT_TRUE(summary.ok()) << fields_of(summary.error());
  EXPECT_GT(summary->jobs, 50);
  EXPECT_GT(summary->work_centers, 10);
  EXPECT_EQ(count("jobs"), summary->jobs);
  EXPECT_EQ(count("job_routings"), summary->operations);
  EXPECT_EQ(count("material_inventory"), summary->sheets);
  EXPECT_EQ(count("audit_log"), 1);
  EXPECT_EQ(topics(), std::vector<std::string>{"demo.seeded"});

  for (auto [name, role] : {std::pair{"admin", Role::kAdmin},
                            {"planner", Role::kPlanner},
                            {"lead", Role::kLead},
                            {"operator", Role::kOperator},
                            {"quality", Role::kQuality},
                            {"shipping", Role::kShipping}}) {
    auto login = app().auth().login(name, kDemoPassword, "seed-test");
    ASSERT_TRUE(login.ok()) << name << ": " << login.error().message;
    EXPECT_TRUE(login->user.has_role(role)) << name;
  }
  // The seeded data is usable by the use cases: release a planned job.
  store::ListQuery q;
  q.filters["status"] = std::string("planned");
  q.limit = 1;
  auto planned = app().jobs().list(as(Role::kPlanner), q);
  ASSERT_TRUE(planned.ok());
  ASSERT_FALSE(planned->items.empty());
  auto released = app().jobs().release(as(Role::kPlanner), planned->items[0].id);
  EXPECT_TRUE(released.ok()) << released.error().message;
}

TEST_F(SeedTest, RefusesANonEmptyDatabase) {
  auto user =
      app().auth().create_user(system(), {"someone", "Someone", "long enough 1", {Role::kAdmin}});
  ASSERT_TRUE(user.ok());
  Counts before = counts();
  auto again = seed_demo(app(), 7);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(count("users"), 1);
}

}  // namespace
}  // namespace kerf::app::testing
