// Strict JSON -> model parsing of master data request bodies.
#include "json_master_data.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "json_input.h"
#include "kerf/core/time_format.h"

namespace kerf::api {
namespace {

using nlohmann::json;

// Reads `body` into a T: "version" first when `update`, then `fields(reader, t)`, then members not
// in `known` are errors, and so are the server-owned "id", any of `read_only` and, on create,
// "version" (refused, never silently ignored); nullopt when any error occurred.
template <typename T, typename Fields>
std::optional<T> read_entity(const json& body, bool update, std::vector<FieldError>& errors,
                             const std::vector<std::string>& known, Fields fields,
                             const std::vector<std::string>& read_only = {}) {
  JsonReader r(body, "", errors);
  T t;
  std::vector<std::string> server_owned = read_only;
  server_owned.push_back("id");
  if (update) {
    if (auto x = r.integer("version", true, 1)) t.version = *x;
  } else {
    server_owned.push_back("version");
  }
  r.reject_read_only(server_owned);
  fields(r, t);
  r.reject_unknown(known);
  if (!errors.empty()) return std::nullopt;
  return t;
}

// An array of enum names at `field` parsed into `out`; each bad element is
// named by index.
template <typename E>
void read_enum_set(JsonReader& r, const std::string& field, bool required,
                   Result<E> (*parse)(std::string_view), std::set<E>& out) {
  auto names = r.string_array(field, required);
  if (!names) return;
  for (std::size_t i = 0; i < names->size(); ++i) {
    auto v = parse((*names)[i]);
    if (!v.ok()) {
      r.add(field + "/" + std::to_string(i), "unknown value '" + (*names)[i] + "'");
      continue;
    }
    out.insert(v.value());
  }
}

void read_capabilities(const json& body, JsonReader& parent, std::vector<FieldError>& errors,
                       model::Capabilities& c) {
  auto it = body.is_object() ? body.find("capabilities") : body.end();
  if (!body.is_object()) return;
  if (it == body.end()) {
    parent.add("capabilities", "is required");
    return;
  }
  JsonReader r(*it, parent.path("capabilities"), errors);
  if (!r.ok_object()) return;
  read_enum_set(r, "processes", true, &model::parse_process, c.processes);
  read_enum_set(r, "materials", false, &model::parse_material, c.materials);
  if (auto x = r.number("max_thickness_mm", false, 0, 50)) c.max_thickness_mm = *x;
  if (auto x = r.number("max_sheet_length_mm", false, 0, 1e6)) c.max_sheet_length_mm = *x;
  if (auto x = r.number("max_sheet_width_mm", false, 0, 1e6)) c.max_sheet_width_mm = *x;
  if (auto x = r.number("tonnage", false, 0, 1e6)) c.tonnage = *x;
  r.reject_unknown({"processes", "materials", "max_thickness_mm", "max_sheet_length_mm",
                    "max_sheet_width_mm", "tonnage"});
}

// Minutes from local midnight: a night shift may end past midnight (up to 2880, the model's
// rule), never with end < start.
constexpr int64_t kMaxMinute = 2 * 1440;

// The elements of the array at `field` of `r`, each read by `element(value, path)`.
template <typename Element>
void for_each_element(JsonReader& r, const std::string& field, bool required, Element element) {
  const json* items = r.array(field, required);
  if (items == nullptr) return;
  for (std::size_t i = 0; i < items->size(); ++i) {
    element((*items)[i], r.path(field) + "/" + std::to_string(i));
  }
}

std::optional<model::Shift> read_shift(const json& v, const std::string& at,
                                       std::vector<FieldError>& errors) {
  JsonReader r(v, at, errors);
  if (!r.ok_object()) return std::nullopt;
  const std::size_t before = errors.size();
  model::Shift shift;
  if (auto x = r.string("name", false, 200)) shift.name = *x;
  if (auto x = r.integer("start_minute", true, 0, 1439))
    shift.start_minute = static_cast<int32_t>(*x);
  if (auto x = r.integer("end_minute", true, 1, kMaxMinute))
    shift.end_minute = static_cast<int32_t>(*x);
  for_each_element(r, "breaks", false, [&](const json& b, const std::string& path) {
    JsonReader br(b, path, errors);
    if (!br.ok_object()) return;
    model::ShiftBreak brk;
    if (auto x = br.integer("start_minute", true, 0, kMaxMinute))
      brk.start_minute = static_cast<int32_t>(*x);
    if (auto x = br.integer("end_minute", true, 0, kMaxMinute))
      brk.end_minute = static_cast<int32_t>(*x);
    br.reject_unknown({"start_minute", "end_minute"});
    shift.breaks.push_back(brk);
  });
  r.reject_unknown({"name", "start_minute", "end_minute", "breaks"});
  if (errors.size() != before) return std::nullopt;
  return shift;
}

// "YYYY-MM-DD", a real calendar date.
std::optional<std::chrono::sys_days> read_date(const json& v, const std::string& at,
                                               std::vector<FieldError>& errors) {
  if (!v.is_string() || v.get_ref<const std::string&>().size() != 10) {
    errors.push_back({at, "must be a date YYYY-MM-DD"});
    return std::nullopt;
  }
  auto t = parse_instant(v.get<std::string>(), DateOnly::kUtcMidnight);
  if (!t.ok()) {
    errors.push_back({at, "must be a date YYYY-MM-DD: " + t.error().message});
    return std::nullopt;
  }
  return std::chrono::floor<std::chrono::days>(*t);
}

}  // namespace

std::optional<model::ShiftCalendar> read_calendar(const json& body, bool update,
                                                  std::vector<FieldError>& errors) {
  return read_entity<model::ShiftCalendar>(
      body, update, errors, {"id", "version", "name", "week", "holidays", "overtime"},
      [&](JsonReader& r, model::ShiftCalendar& c) {
        if (auto x = r.string("name", true, 200)) c.name = *x;
        if (const json* week = r.array("week", true)) {
          if (week->size() != 7) {
            r.add("week", "must have 7 days (Monday first), got " + std::to_string(week->size()));
          }
          for (std::size_t d = 0; d < std::min<std::size_t>(week->size(), 7); ++d) {
            const std::string day = r.path("week") + "/" + std::to_string(d);
            const json& shifts = (*week)[d];
            if (!shifts.is_array()) {
              errors.push_back({day, "must be an array of shifts"});
              continue;
            }
            for (std::size_t i = 0; i < shifts.size(); ++i) {
              auto shift = read_shift(shifts[i], day + "/" + std::to_string(i), errors);
              if (shift) c.week[d].push_back(std::move(*shift));
            }
          }
        }
        for_each_element(r, "holidays", false, [&](const json& v, const std::string& at) {
          if (auto d = read_date(v, at, errors)) c.holidays.push_back(*d);
        });
        for_each_element(r, "overtime", false, [&](const json& v, const std::string& at) {
          JsonReader o(v, at, errors);
          if (!o.ok_object()) return;
          model::OvertimeWindow w;
          auto start = o.time("start", true);
          auto end = o.time("end", true);
          if (auto x = o.string("reason", false, 200)) w.reason = *x;
          o.reject_unknown({"start", "end", "reason"});
          if (!start || !end) return;
          w.start = *start;
          w.end = *end;
          c.overtime.push_back(std::move(w));
        });
      });
}

std::optional<model::WorkCenter> read_work_center(const json& body, bool update,
                                                  std::vector<FieldError>& errors) {
  return read_entity<model::WorkCenter>(
      body, update, errors,
      {"id", "version", "code", "name", "department", "capabilities", "efficiency",
       "cost_rate_cents_per_hour", "status", "calendar_id"},
      [&](JsonReader& r, model::WorkCenter& w) {
        if (auto x = r.string("code", true, 64)) w.code = *x;
        if (auto x = r.string("name", true, 200)) w.name = *x;
        if (auto x = r.enumeration("department", true, &model::parse_department)) {
          w.department = *x;
        }
        read_capabilities(body, r, errors, w.capabilities);
        if (auto x = r.number("efficiency", false, 0, 2)) w.efficiency = *x;
        if (auto x = r.integer("cost_rate_cents_per_hour", false, 0)) {
          w.cost_rate_cents_per_hour = *x;
        }
        if (auto x = r.enumeration("status", false, &model::parse_work_center_status)) {
          w.status = *x;
        }
        if (auto x = r.integer("calendar_id", false, 0)) w.calendar_id = *x;
      });
}

std::optional<model::Part> read_part(const json& body, bool update,
                                     std::vector<FieldError>& errors) {
  return read_entity<model::Part>(
      body, update, errors,
      {"id", "version", "number", "revision", "description", "material", "assembly", "thickness_mm",
       "flat_length_mm", "flat_width_mm", "weight_kg"},
      [](JsonReader& r, model::Part& p) {
        if (auto x = r.string("number", true, 64)) p.number = *x;
        if (auto x = r.string("revision", true, 64)) p.revision = *x;
        if (auto x = r.string("description", true, 500)) p.description = *x;
        if (auto x = r.enumeration("material", true, &model::parse_material)) p.material = *x;
        if (auto x = r.boolean("assembly", false)) p.assembly = *x;
        if (auto x = r.number("thickness_mm", false, 0, 50)) p.thickness_mm = *x;
        if (auto x = r.number("flat_length_mm", false, 0, 10000)) p.flat_length_mm = *x;
        if (auto x = r.number("flat_width_mm", false, 0, 10000)) p.flat_width_mm = *x;
        if (auto x = r.number("weight_kg", false, 0, 10000)) p.weight_kg = *x;
      });
}

std::optional<model::Tool> read_tool(const json& body, bool update,
                                     std::vector<FieldError>& errors) {
  return read_entity<model::Tool>(
      body, update, errors,
      {"id", "version", "code", "kind", "description", "life_hits_max", "hits_used", "remaining"},
      [](JsonReader& r, model::Tool& t) {
        if (auto x = r.string("code", true, 64)) t.code = *x;
        if (auto x = r.enumeration("kind", true, &model::parse_tool_kind)) t.kind = *x;
        if (auto x = r.string("description", false, 500)) t.description = *x;
        if (auto x = r.integer("life_hits_max", true, 1)) t.life_hits_max = *x;
        if (auto x = r.integer("hits_used", false, 0)) t.hits_used = *x;
      },
      {"remaining"});
}

std::optional<model::Customer> read_customer(const json& body, bool update,
                                             std::vector<FieldError>& errors) {
  return read_entity<model::Customer>(body, update, errors,
                                      {"id", "version", "code", "name", "vip"},
                                      [](JsonReader& r, model::Customer& c) {
                                        if (auto x = r.string("code", true, 64)) c.code = *x;
                                        if (auto x = r.string("name", true, 200)) c.name = *x;
                                        if (auto x = r.boolean("vip", false)) c.vip = *x;
                                      });
}

}  // namespace kerf::api
