#include "kerf/store/calendar_repo.h"

#include <nlohmann/json.hpp>

#include "store/table.h"

namespace kerf::store {
namespace {

using model::ShiftCalendar;
using nlohmann::json;

json week_to_json(const ShiftCalendar& c) {
  json week = json::array();
  for (const auto& day : c.week) {
    json shifts = json::array();
    for (const auto& s : day) {
      json breaks = json::array();
      for (const auto& b : s.breaks) breaks.push_back({b.start_minute, b.end_minute});
      shifts.push_back(
          {{"name", s.name}, {"start", s.start_minute}, {"end", s.end_minute}, {"breaks", breaks}});
    }
    week.push_back(shifts);
  }
  return week;
}

Status week_from_json(const std::string& text, ShiftCalendar& c) {
  json week = json::parse(text, nullptr, false);
  if (!week.is_array() || week.size() != 7) return Error::internal("corrupt calendar week_json");
  for (std::size_t d = 0; d < 7; ++d) {
    c.week[d].clear();
    for (const auto& s : week[d]) {
      model::Shift shift;
      shift.name = s.value("name", "");
      shift.start_minute = s.value("start", 0);
      shift.end_minute = s.value("end", 0);
      for (const auto& b : s.value("breaks", json::array())) {
        shift.breaks.push_back({b.at(0).get<int32_t>(), b.at(1).get<int32_t>()});
      }
      c.week[d].push_back(std::move(shift));
    }
  }
  return ok_status();
}

detail::Column<ShiftCalendar> week_col() {
  return {"week_json", detail::ColType::kText,
          [](const ShiftCalendar& c) { return Param(week_to_json(c).dump()); },
          [](ShiftCalendar& c, const Row& r, std::size_t i) -> Status {
            try {
              return week_from_json(r.get_text(i), c);
            } catch (const json::exception& e) {
              return Error::internal(std::string("corrupt calendar week_json: ") + e.what());
            }
          }};
}

detail::Column<ShiftCalendar> holidays_col() {
  return {"holidays_json", detail::ColType::kText,
          [](const ShiftCalendar& c) {
            json days = json::array();
            for (auto d : c.holidays) days.push_back(d.time_since_epoch().count());
            return Param(days.dump());
          },
          [](ShiftCalendar& c, const Row& r, std::size_t i) -> Status {
            json days = json::parse(r.get_text(i), nullptr, false);
            if (!days.is_array()) return Error::internal("corrupt calendar holidays_json");
            c.holidays.clear();
            for (const auto& d : days) {
              if (!d.is_number_integer()) return Error::internal("corrupt calendar holiday");
              c.holidays.emplace_back(std::chrono::days(d.get<int64_t>()));
            }
            return ok_status();
          }};
}

detail::Column<ShiftCalendar> overtime_col() {
  return {"overtime_json", detail::ColType::kText,
          [](const ShiftCalendar& c) {
            json windows = json::array();
            for (const auto& o : c.overtime) {
              windows.push_back({{"start", o.start.time_since_epoch().count()},
                                 {"end", o.end.time_since_epoch().count()},
                                 {"reason", o.reason}});
            }
            return Param(windows.dump());
          },
          [](ShiftCalendar& c, const Row& r, std::size_t i) -> Status {
            json windows = json::parse(r.get_text(i), nullptr, false);
            if (!windows.is_array()) return Error::internal("corrupt calendar overtime_json");
            c.overtime.clear();
            try {
              for (const auto& o : windows) {
                c.overtime.push_back({TimePoint(Micros(o.at("start").get<int64_t>())),
                                      TimePoint(Micros(o.at("end").get<int64_t>())),
                                      o.value("reason", "")});
              }
            } catch (const json::exception& e) {
              return Error::internal(std::string("corrupt calendar overtime_json: ") + e.what());
            }
            return ok_status();
          }};
}

const detail::Table<ShiftCalendar>& calendars() {
  static const detail::Table<ShiftCalendar> kTable = [] {
    detail::Table<ShiftCalendar> t(
        {"calendars", "calendar", true, {"name"}, {"name"}, {"name"}, ""},
        {detail::text_col("name", &ShiftCalendar::name), week_col(), holidays_col(),
         overtime_col()},
        &ShiftCalendar::id, &ShiftCalendar::version);
    t.validate = [](const ShiftCalendar& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<ShiftCalendar> get_calendar(Tx& tx, int64_t id) { return calendars().get(tx, id); }
Result<Page<ShiftCalendar>> list_calendars(Tx& tx, const ListQuery& q) {
  return calendars().list(tx, q);
}
Result<ShiftCalendar> insert_calendar(Tx& tx, const ShiftCalendar& v) {
  return calendars().insert(tx, v);
}
Result<ShiftCalendar> update_calendar(Tx& tx, const ShiftCalendar& v) {
  return calendars().update(tx, v);
}
Status delete_calendar(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return calendars().remove(tx, id, expected_version);
}

}  // namespace kerf::store
