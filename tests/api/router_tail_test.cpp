// RouteSpec::path_tail: the last {param} takes the rest of the path (agent thread ids hold '/').
#include <gtest/gtest.h>

#include "kerf/api/router.h"

namespace kerf::api {
namespace {

Router router_with_tail() {
  Router r;
  r.add({.method = "GET", .path = "/api/v1/agents/threads/{id}", .path_tail = true},
        [](RequestContext&) { return json_response(nlohmann::json::object()); });
  r.add({.method = "GET", .path = "/api/v1/jobs/{id}"},
        [](RequestContext&) { return json_response(nlohmann::json::object()); });
  return r;
}

TEST(RouterTailTest, TheLastParamTakesTheRestOfThePath) {
  Router r = router_with_tail();
  auto one = r.match("GET", "/api/v1/agents/threads/assistant-7");
  ASSERT_NE(one.route, nullptr);
  EXPECT_EQ(one.params["id"], "assistant-7");
  auto two = r.match("GET", "/api/v1/agents/threads/material/evt-812");
  ASSERT_NE(two.route, nullptr);
  EXPECT_EQ(two.params["id"], "material/evt-812");
  auto three = r.match("GET", "/api/v1/agents/threads/quality/evt-9/x");
  ASSERT_NE(three.route, nullptr);
  EXPECT_EQ(three.params["id"], "quality/evt-9/x");
}

TEST(RouterTailTest, RoutesWithoutTailStillMatchExactly) {
  Router r = router_with_tail();
  EXPECT_EQ(r.match("GET", "/api/v1/jobs/4/extra").route, nullptr);
  EXPECT_EQ(r.match("GET", "/api/v1/agents/threads").route, nullptr);
  auto wrong = r.match("POST", "/api/v1/agents/threads/material/evt-1");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_EQ(wrong.allowed_methods, std::vector<std::string>{"GET"});
}

}  // namespace
}  // namespace kerf::api
