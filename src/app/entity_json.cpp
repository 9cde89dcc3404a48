#include "kerf/app/entity_json.h"

#include "kerf/core/time_format.h"

namespace kerf::app {
namespace {

using nlohmann::json;

json time_or_null(const std::optional<TimePoint>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

template <typename Set>
json names_of(const Set& set) {
  json out = json::array();
  for (const auto& v : set) out.push_back(std::string(model::to_string(v)));
  return out;
}

}  // namespace

json json_of(const model::Customer& c) {
  return {{"id", c.id}, {"version", c.version}, {"code", c.code}, {"name", c.name}, {"vip", c.vip}};
}

json json_of(const model::Part& p) {
  return {{"id", p.id},
          {"version", p.version},
          {"number", p.number},
          {"revision", p.revision},
          {"description", p.description},
          {"material", model::to_string(p.material)},
          {"assembly", p.assembly},
          {"thickness_mm", p.thickness_mm},
          {"flat_length_mm", p.flat_length_mm},
          {"flat_width_mm", p.flat_width_mm},
          {"weight_kg", p.weight_kg}};
}

json json_of(const model::Capabilities& c) {
  return {
      {"processes", names_of(c.processes)},         {"materials", names_of(c.materials)},
      {"max_thickness_mm", c.max_thickness_mm},     {"max_sheet_length_mm", c.max_sheet_length_mm},
      {"max_sheet_width_mm", c.max_sheet_width_mm}, {"tonnage", c.tonnage}};
}

json json_of(const model::WorkCenter& w) {
  return {{"id", w.id},
          {"version", w.version},
          {"code", w.code},
          {"name", w.name},
          {"department", model::to_string(w.department)},
          {"capabilities", json_of(w.capabilities)},
          {"efficiency", w.efficiency},
          {"cost_rate_cents_per_hour", w.cost_rate_cents_per_hour},
          {"status", model::to_string(w.status)},
          {"calendar_id", w.calendar_id}};
}

json json_of(const model::ShiftCalendar& c) {
  json week = json::array();
  for (const auto& day : c.week) {
    json shifts = json::array();
    for (const auto& s : day) {
      json breaks = json::array();
      for (const auto& b : s.breaks) {
        breaks.push_back({{"start_minute", b.start_minute}, {"end_minute", b.end_minute}});
      }
      shifts.push_back({{"name", s.name},
                        {"start_minute", s.start_minute},
                        {"end_minute", s.end_minute},
                        {"breaks", breaks}});
    }
    week.push_back(shifts);
  }
  json holidays = json::array();
  for (auto d : c.holidays) holidays.push_back(format_iso8601(TimePoint(d)).substr(0, 10));
  json overtime = json::array();
  for (const auto& o : c.overtime) {
    overtime.push_back(
        {{"start", format_iso8601(o.start)}, {"end", format_iso8601(o.end)}, {"reason", o.reason}});
  }
  return {{"id", c.id},   {"version", c.version}, {"name", c.name},
          {"week", week}, {"holidays", holidays}, {"overtime", overtime}};
}

json json_of(const model::Job& j) {
  return {{"id", j.id},
          {"version", j.version},
          {"number", j.number},
          {"part_id", j.part_id},
          {"customer_id", j.customer_id},
          {"quantity", j.quantity},
          {"due", format_iso8601(j.due)},
          {"priority", j.priority},
          {"status", model::to_string(j.status)},
          {"held_from",
           j.held_from ? json(std::string(model::to_string(*j.held_from))) : json(nullptr)},
          {"substitute_material", j.substitute_material
                                      ? json(std::string(model::to_string(*j.substitute_material)))
                                      : json(nullptr)},
          {"substitute_thickness_mm",
           j.substitute_thickness_mm ? json(*j.substitute_thickness_mm) : json(nullptr)}};
}

json json_of(const model::Operation& o) {
  return {{"id", o.id},
          {"version", o.version},
          {"job_id", o.job_id},
          {"sequence", o.sequence},
          {"name", o.name},
          {"department", model::to_string(o.department)},
          {"process", model::to_string(o.process)},
          {"eligible_work_center_ids", o.eligible_work_center_ids},
          {"setup_seconds", o.setup_seconds},
          {"run_seconds_per_piece", o.run_seconds_per_piece},
          {"transfer_seconds", o.transfer_seconds},
          {"overlap_allowed", o.overlap_allowed},
          {"overlap_pieces", o.overlap_pieces},
          {"setup_family", o.setup_family},
          {"qty_good", o.qty_good},
          {"qty_scrap", o.qty_scrap},
          {"status", model::to_string(o.status)},
          {"started_at", time_or_null(o.started_at)},
          {"completed_at", time_or_null(o.completed_at)},
          {"operator_id", o.operator_id}};
}

json json_of(const model::HeatLot& h) {
  return {{"id", h.id},
          {"version", h.version},
          {"number", h.number},
          {"material", model::to_string(h.material)},
          {"mill_cert_ref", h.mill_cert_ref},
          {"supplier", h.supplier},
          {"received", format_iso8601(h.received)}};
}

json json_of(const model::SheetStock& s) {
  return {{"id", s.id},
          {"version", s.version},
          {"material", model::to_string(s.material)},
          {"thickness_mm", s.thickness_mm},
          {"length_mm", s.length_mm},
          {"width_mm", s.width_mm},
          {"quantity", s.quantity},
          {"location", s.location},
          {"heat_lot_id", s.heat_lot_id},
          {"is_remnant", s.is_remnant},
          {"parent_sheet_id", s.parent_sheet_id}};
}

json json_of(const model::SafetyStock& s) {
  return {{"id", s.id},
          {"version", s.version},
          {"material", model::to_string(s.material)},
          {"thickness_mm", s.thickness_mm},
          {"minimum_qty", s.minimum_qty}};
}

json json_of(const model::ScheduleSlot& s) {
  return {{"id", s.id},
          {"version", s.version},
          {"operation_id", s.operation_id},
          {"work_center_id", s.work_center_id},
          {"start", format_iso8601(s.start)},
          {"end", format_iso8601(s.end)},
          {"pinned", s.pinned},
          {"locked", s.locked}};
}

json json_of(const model::Tool& t) {
  return {{"id", t.id},
          {"version", t.version},
          {"code", t.code},
          {"kind", model::to_string(t.kind)},
          {"description", t.description},
          {"life_hits_max", t.life_hits_max},
          {"hits_used", t.hits_used}};
}

json json_of(const model::User& u) {
  return {{"id", u.id},
          {"version", u.version},
          {"username", u.username},
          {"display_name", u.display_name},
          {"roles", names_of(u.roles)},
          {"active", u.active}};
}

json json_of(const model::Certification& c) {
  return {{"id", c.id},
          {"version", c.version},
          {"user_id", c.user_id},
          {"wps", c.wps},
          {"expires", format_iso8601(c.expires)}};
}

json json_of(const model::Nest& n) {
  json parts = json::array();
  for (const auto& p : n.parts) {
    parts.push_back({{"job_id", p.job_id},
                     {"part_id", p.part_id},
                     {"qty", p.qty},
                     {"operation_id", p.operation_id == 0 ? json(nullptr) : json(p.operation_id)}});
  }
  return {{"id", n.id},
          {"version", n.version},
          {"program_name", n.program_name},
          {"material", model::to_string(n.material)},
          {"thickness_mm", n.thickness_mm},
          {"sheet_id", n.sheet_id},
          {"parts", parts},
          {"repeat", n.repeat},
          {"work_center_id", n.work_center_id == 0 ? json(nullptr) : json(n.work_center_id)},
          {"machine_name", n.machine_name},
          {"state", model::to_string(n.state)},
          {"cut_seconds_est", n.cut_seconds_est},
          {"cut_seconds_actual", n.cut_seconds_actual},
          {"utilisation", n.utilisation},
          {"scrap_fraction", n.scrap_fraction},
          {"queue_position", n.queue_position},
          {"archive_packet_id", n.archive_packet_id},
          {"remnants_reported", n.remnants_reported},
          {"posted_at", time_or_null(n.posted_at)},
          {"cut_at", time_or_null(n.cut_at)}};
}

}  // namespace kerf::app
