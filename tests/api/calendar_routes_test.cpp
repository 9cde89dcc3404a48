// Shift calendar writes over HTTP: the web UI's calendar editor PUTs the calendar in the shape
// GET answers; strict parsing (field paths), optimistic concurrency, roles, audit and event.
#include <string>

#include "api/api_fixture.h"
#include "support/http_client.h"

namespace kerf::api::testing {
namespace {

bool names_field(const kerf::testing::HttpResponse& r, const std::string& field) {
  json body = r.json();
  for (const auto& e : body["errors"]) {
    if (e["field"] == field && !e["message"].get<std::string>().empty()) return true;
  }
  return false;
}

// The body the editor sends: the GET document without id.
json edit_body(json calendar) {
  calendar.erase("id");
  return calendar;
}

TEST_F(ApiTest, CalendarPutPersistsWhatTheEditorSends) {
  auto planner = login("planner");
  json cal = first("/api/v1/calendars");
  const std::string path = "/api/v1/calendars/" + std::to_string(cal["id"].get<int64_t>());
  auto events = bus_.subscribe("calendar.");
  const int64_t audit_before = total("/api/v1/audit?entity=calendar");

  json body = edit_body(cal);
  body["name"] = "Two shifts + night";
  // Tuesday: early and late shifts, then a night shift ending 06:00 Wednesday.
  body["week"][1] = json::array(
      {{{"name", "early"},
        {"start_minute", 360},
        {"end_minute", 840},
        {"breaks", {{{"start_minute", 540}, {"end_minute", 555}}}}},
       {{"name", "late"}, {"start_minute", 840}, {"end_minute", 1320}, {"breaks", json::array()}},
       {{"name", "night"}, {"start_minute", 1320}, {"end_minute", 1800}, {"breaks", json::array()}}});
  body["week"][2] = json::array(
      {{{"name", "early"}, {"start_minute", 360}, {"end_minute", 840}, {"breaks", json::array()}}});
  body["holidays"] = {"2026-12-24", "2026-12-25"};
  body["overtime"] = {{{"start", "2026-12-05T06:00:00Z"},
                       {"end", "2026-12-05T12:00:00Z"},
                       {"reason", "Saturday"}}};
  auto put = planner->put_json(path, body);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["version"], cal["version"].get<int64_t>() + 1);

  json stored = planner->get(path).json();
  EXPECT_EQ(stored["name"], "Two shifts + night");
  EXPECT_EQ(stored["week"][1], body["week"][1]);
  EXPECT_EQ(stored["week"][1][2]["end_minute"], 1800);
  EXPECT_EQ(stored["holidays"], body["holidays"]);
  EXPECT_EQ(stored["overtime"], body["overtime"]);
  EXPECT_EQ(total("/api/v1/audit?entity=calendar"), audit_before + 1);
  auto event = events.try_pop();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->topic, "calendar.updated");

  // The editor's second save with the version it read first: 409, nothing written.
  auto stale = planner->put_json(path, body);
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(planner->get(path).json()["version"], stored["version"]);
}

TEST_F(ApiTest, CalendarCreateAndOperatorIsRefused) {
  auto planner = login("planner");
  auto op = login("operator");
  json week = json::array();
  for (int d = 0; d < 7; ++d) week.push_back(json::array());
  week[0] = {{{"start_minute", 420}, {"end_minute", 900}}};  // name and breaks optional
  auto created = planner->post_json("/api/v1/calendars", {{"name", "Mondays"}, {"week", week}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["week"][0][0]["breaks"], json::array());
  const std::string path =
      "/api/v1/calendars/" + std::to_string(created.json()["id"].get<int64_t>());

  json body = edit_body(created.json());
  body["name"] = "Operator's";
  EXPECT_EQ(op->put_json(path, body).status, 403);
  EXPECT_EQ(op->post_json("/api/v1/calendars", {{"name", "x"}, {"week", week}}).status, 403);
  EXPECT_EQ(planner->get(path).json()["name"], "Mondays");
}

TEST_F(ApiTest, BadCalendarBodiesAre400NamingTheField) {
  auto planner = login("planner");
  json cal = first("/api/v1/calendars");
  const std::string path = "/api/v1/calendars/" + std::to_string(cal["id"].get<int64_t>());
  json good = edit_body(cal);
  good["week"][2] = {{{"name", "day"},
                      {"start_minute", 360},
                      {"end_minute", 840},
                      {"breaks", {{{"start_minute", 600}, {"end_minute", 630}}}}}};
  auto bad = [&](const std::string& field, auto mutate) {
    json body = good;
    mutate(body);
    auto r = planner->put_json(path, body);
    EXPECT_EQ(r.status, 400) << field << ": " << r.body;
    EXPECT_TRUE(names_field(r, field)) << field << ": " << r.body;
  };
  bad("week/2/0/end_minute", [](json& b) { b["week"][2][0]["end_minute"] = 3000; });
  bad("week/2/0/end_minute", [](json& b) { b["week"][2][0]["end_minute"] = 300; });  // < start
  bad("week/2/0/start_minute", [](json& b) { b["week"][2][0]["start_minute"] = -1; });
  bad("week/2/0/shift_name", [](json& b) { b["week"][2][0]["shift_name"] = "x"; });
  bad("week/2/0/breaks/0/end_minute",
      [](json& b) { b["week"][2][0]["breaks"][0]["end_minute"] = 900; });  // outside the shift
  bad("week/2/0/breaks/0/note", [](json& b) { b["week"][2][0]["breaks"][0]["note"] = 1; });
  bad("week/2/1/start_minute", [](json& b) {  // overlaps the day shift
    b["week"][2].push_back({{"start_minute", 800}, {"end_minute", 900}});
  });
  bad("week", [](json& b) { b["week"].erase(6); });
  bad("week/3", [](json& b) { b["week"][3] = "none"; });
  bad("holidays/0", [](json& b) { b["holidays"] = {"2026-02-30"}; });
  bad("holidays/0", [](json& b) { b["holidays"] = {"2026-12-24T00:00:00Z"}; });
  bad("holidays/1", [](json& b) { b["holidays"] = {"2026-12-24", "2026-12-24"}; });
  bad("overtime/0/end", [](json& b) {
    b["overtime"] = {{{"start", "2026-12-05T12:00:00Z"}, {"end", "2026-12-05T06:00:00Z"}}};
  });
  bad("overtime/0/start", [](json& b) { b["overtime"] = {{{"end", "2026-12-05T06:00:00Z"}}}; });
  bad("color", [](json& b) { b["color"] = "red"; });
  bad("id", [](json& b) { b["id"] = 1; });
  bad("version", [](json& b) { b.erase("version"); });
  EXPECT_EQ(planner->get(path).json()["version"], cal["version"]);
}

}  // namespace
}  // namespace kerf::api::testing
