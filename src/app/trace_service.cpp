#include "kerf/app/trace_service.h"

#include <map>

#include "app/material_rules.h"
#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/entity_json.h"
#include "kerf/core/time_format.h"
#include "kerf/store/audit_repo.h"
#include "kerf/store/consumption_repo.h"

namespace kerf::app {
namespace {

using nlohmann::json;

json parse_or_null(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  json j = json::parse(*text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

// {field: {"from","to"}} of the members that differ (version left out).
json changes_of(const json& before, const json& after) {
  json out = json::object();
  for (const auto& [key, value] : after.items()) {
    if (key == "version") continue;
    auto it = before.find(key);
    json from = it == before.end() ? json(nullptr) : *it;
    if (from != value) out[key] = {{"from", from}, {"to", value}};
  }
  for (const auto& [key, value] : before.items()) {
    if (key != "version" && !after.contains(key)) out[key] = {{"from", value}, {"to", nullptr}};
  }
  return out;
}

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// One line a person reads: what changed on which entity.
std::string summary_of(const store::AuditEntry& e, const json& before, const json& after) {
  const json& doc = after.is_object() ? after : before;
  std::string what;
  if (e.entity == "job") {
    what = "job " + (doc.contains("number") ? text_of(doc["number"]) : std::to_string(e.entity_id));
  } else if (e.entity == "operation") {
    what = "operation";
    if (doc.contains("sequence")) what += " " + text_of(doc["sequence"]);
    if (doc.contains("name")) what += " " + text_of(doc["name"]);
  } else if (e.entity == "schedule_slot") {
    what = "schedule slot " + std::to_string(e.entity_id);
  } else if (e.entity == "material_consumption") {
    std::string s = "consumed " + (doc.contains("quantity") ? text_of(doc["quantity"]) : "?") +
                    " sheet(s) from stock " +
                    (doc.contains("sheet_id") ? text_of(doc["sheet_id"]) : "?");
    if (doc.contains("material")) {
      s += " (" + text_of(doc["material"]) + " " + text_of(doc["thickness_mm"]) + " mm)";
    }
    return s;
  } else {
    what = e.entity + " " + std::to_string(e.entity_id);
  }
  std::string s = what + ": " + e.action;
  if (before.is_object() && after.is_object()) {
    auto it_b = before.find("status");
    auto it_a = after.find("status");
    if (it_b != before.end() && it_a != after.end() && *it_b != *it_a) {
      s += " (" + text_of(*it_b) + " -> " + text_of(*it_a) + ")";
    }
  }
  return s;
}

json history_item(const store::AuditEntry& e) {
  json before = parse_or_null(e.before_json);
  json after = parse_or_null(e.after_json);
  json item = {{"id", e.id},
               {"at", format_iso8601(e.at)},
               {"user", e.actor},
               {"action", e.action},
               {"entity", e.entity},
               {"entity_id", e.entity_id},
               {"summary", summary_of(e, before, after)}};
  if (before.is_object() && after.is_object()) item["changes"] = changes_of(before, after);
  return item;
}

json consumption_json(const store::ConsumptionTrace& t) {
  const auto& c = t.consumption;
  json operation = nullptr;
  if (c.operation_id) {
    operation = {{"id", *c.operation_id},
                 {"sequence", t.operation_sequence ? json(*t.operation_sequence) : json()},
                 {"name", t.operation_name ? json(*t.operation_name) : json()}};
  }
  return {
      {"id", c.id},
      {"at", format_iso8601(c.consumed_at)},
      {"quantity", c.quantity},
      {"sheet_share", c.sheet_share},
      {"user", c.actor},
      {"user_id", c.user_id == 0 ? json() : json(c.user_id)},
      {"sheet",
       {{"id", c.sheet_id},
        {"material", t.material},
        {"thickness_mm", t.thickness_mm},
        {"length_mm", t.length_mm},
        {"width_mm", t.width_mm},
        {"is_remnant", t.is_remnant},
        {"parent_sheet_id", t.parent_sheet_id ? json(*t.parent_sheet_id) : json()}}},
      {"heat_lot",
       {{"id", c.heat_lot_id},
        {"number", t.heat_number},
        {"supplier", t.supplier},
        {"mill_cert_ref", t.mill_cert_ref}}},
      {"job", {{"id", c.job_id}, {"number", t.job_number}}},
      {"part",
       {{"id", t.part_id},
        {"number", t.part_number},
        {"revision", t.part_revision},
        {"description", t.part_description}}},
      {"operation", operation},
      {"customer", {{"id", t.customer_id}, {"code", t.customer_code}, {"name", t.customer_name}}}};
}

}  // namespace

Result<json> TraceService::job_history(const Principal& who, int64_t job_id, int64_t limit,
                                       int64_t offset) {
  return db_.read([&](store::Tx& tx) -> Result<json> {
    auto job = repo::get<model::Job>(tx, job_id);
    if (!job.ok()) return job.error();
    auto ops = repo::operations_of_job(tx, job_id);
    if (!ops.ok()) return ops.error();
    store::EntityIds op_ids{"operation", {}};
    store::EntityIds slot_ids{"schedule_slot", {}};
    for (const auto& op : *ops) {
      op_ids.ids.push_back(op.id);
      store::ListQuery q;
      q.filters["operation_id"] = op.id;
      q.limit = 1000;
      auto slots = repo::list<model::ScheduleSlot>(tx, q);
      if (!slots.ok()) return slots.error();
      for (const auto& slot : slots->items) slot_ids.ids.push_back(slot.id);
    }
    std::vector<store::EntityIds> entities = {
        {"job", {job_id}}, op_ids, slot_ids, {"material_consumption", {job_id}}};
    auto page = store::audit_of_entities(tx, entities, limit, offset);
    if (!page.ok()) return page.error();
    json items = json::array();
    for (const auto& e : page->items) items.push_back(history_item(e));
    return json{{"items", std::move(items)}, {"total", page->total}};
  });
}

Result<json> TraceService::heat_lot_trace(const Principal& who, int64_t heat_lot_id) {
  return db_.read([&](store::Tx& tx) -> Result<json> {
    auto lot = repo::get<model::HeatLot>(tx, heat_lot_id);
    if (!lot.ok()) return lot.error();
    json sheets = json::array();
    for (int64_t offset = 0;; offset += 1000) {
      store::ListQuery q;
      q.filters["heat_lot_id"] = heat_lot_id;
      q.limit = 1000;
      q.offset = offset;
      auto page = repo::list<model::SheetStock>(tx, q);
      if (!page.ok()) return page.error();
      for (const auto& s : page->items) sheets.push_back(json_of(s));
      if (offset + 1000 >= page->total) break;
    }
    auto traces = store::consumptions_of_heat_lot(tx, heat_lot_id);
    if (!traces.ok()) return traces.error();
    json consumptions = json::array();
    std::map<int64_t, json> jobs;  // by job id
    for (const auto& t : *traces) {
      json c = consumption_json(t);
      auto [it, fresh] = jobs.try_emplace(t.consumption.job_id);
      if (fresh) {
        it->second = {{"job_id", t.consumption.job_id},
                      {"job_number", t.job_number},
                      {"part", c["part"]},
                      {"customer", c["customer"]},
                      {"quantity", 0},
                      {"sheet_share", 0.0}};
      }
      it->second["quantity"] = it->second["quantity"].get<int64_t>() + t.consumption.quantity;
      it->second["sheet_share"] =
          round_share(it->second["sheet_share"].get<double>() + t.consumption.sheet_share);
      consumptions.push_back(std::move(c));
    }
    json job_list = json::array();
    for (auto& [id, j] : jobs) job_list.push_back(std::move(j));
    return json{{"heat_lot", json_of(*lot)},
                {"sheets", std::move(sheets)},
                {"consumptions", std::move(consumptions)},
                {"jobs", std::move(job_list)}};
  });
}

Result<json> TraceService::job_materials(const Principal& who, int64_t job_id) {
  return db_.read([&](store::Tx& tx) -> Result<json> {
    auto job = repo::get<model::Job>(tx, job_id);
    if (!job.ok()) return job.error();
    auto traces = store::consumptions_of_job(tx, job_id);
    if (!traces.ok()) return traces.error();
    json items = json::array();
    std::map<int64_t, json> lots;
    for (const auto& t : *traces) {
      auto [it, fresh] = lots.try_emplace(t.consumption.heat_lot_id);
      if (fresh) {
        it->second = {{"id", t.consumption.heat_lot_id},
                      {"number", t.heat_number},
                      {"material", t.material},
                      {"supplier", t.supplier},
                      {"mill_cert_ref", t.mill_cert_ref},
                      {"sheets", 0},
                      {"sheet_share", 0.0}};
      }
      it->second["sheets"] = it->second["sheets"].get<int64_t>() + t.consumption.quantity;
      it->second["sheet_share"] =
          round_share(it->second["sheet_share"].get<double>() + t.consumption.sheet_share);
      items.push_back(consumption_json(t));
    }
    json lot_list = json::array();
    for (auto& [id, l] : lots) lot_list.push_back(std::move(l));
    const auto total = static_cast<int64_t>(items.size());
    return json{{"job", {{"id", job->id}, {"number", job->number}}},
                {"items", std::move(items)},
                {"total", total},
                {"heat_lots", std::move(lot_list)}};
  });
}

}  // namespace kerf::app
