#include "integrations/sigmanest/inbound_resolve.h"

#include <cctype>

#include "kerf/app/services.h"
#include "kerf/model/inventory.h"
#include "kerf/model/part.h"

namespace kerf::integrations::sigmanest {

namespace {

std::string col(const EventPart& p, std::string_view column) {
  return p.table + "." + std::string(column);
}

}  // namespace

std::optional<int64_t> parse_sheet_code(std::string_view name) {
  if (name.size() < 2 || name.size() > 19 || (name[0] != 'S' && name[0] != 's')) {
    return std::nullopt;
  }
  int64_t id = 0;
  for (char c : name.substr(1)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    id = id * 10 + (c - '0');
  }
  if (id <= 0) return std::nullopt;
  return id;
}

Result<NameResolver::JobPart> NameResolver::resolve(const EventPart& part) {
  JobPart out;
  if (part.job_id > 0) {
    auto it = job_numbers_.find(part.job_id);
    if (it == job_numbers_.end()) {
      auto job = services_.jobs().get(who_, part.job_id);
      if (!job.ok()) {
        if (job.error().code != ErrorCode::kNotFound) return job.error();
        return Error::invalid(col(part, "ItemData"),
                              "kerf job " + std::to_string(part.job_id) + " does not exist");
      }
      it = job_numbers_.emplace(part.job_id, job->job.number).first;
      job_parts_[part.job_id] = job->job.part_id;
      jobs_[job->job.number] = part.job_id;
    }
    if (!part.wo_number.empty() && part.wo_number != it->second) {
      return Error::invalid(col(part, "WONumber"), "\"" + part.wo_number + "\" is not job " +
                                                       std::to_string(part.job_id) + " (" +
                                                       it->second + ")");
    }
    out.job_id = part.job_id;
  } else {
    auto id = job_by_number(part);
    if (!id.ok()) return id.error();
    out.job_id = *id;
  }
  if (part.part_id > 0) {
    out.part_id = part.part_id;
    return out;
  }
  auto pid = part_by_number(part, job_parts_[out.job_id]);
  if (!pid.ok()) return pid.error();
  out.part_id = *pid;
  return out;
}

Result<int64_t> NameResolver::job_by_number(const EventPart& part) {
  if (auto it = jobs_.find(part.wo_number); it != jobs_.end()) return it->second;
  store::ListQuery q;
  q.search = part.wo_number;
  q.limit = 1000;
  auto page = services_.jobs().list(who_, q);
  if (!page.ok()) return page.error();
  for (const model::Job& j : page->items) {
    if (j.number != part.wo_number) continue;
    jobs_[j.number] = j.id;
    job_numbers_[j.id] = j.number;
    job_parts_[j.id] = j.part_id;
    return j.id;
  }
  return Error::invalid(col(part, "WONumber"), "no kerf job \"" + part.wo_number + "\"");
}

Result<int64_t> NameResolver::part_by_number(const EventPart& part, int64_t job_part_id) {
  if (auto it = parts_.find(part.part_name); it != parts_.end()) return it->second;
  store::ListQuery q;
  q.filters["number"] = part.part_name;
  q.limit = 1000;
  auto page = services_.master_data().list<model::Part>(who_, q);
  if (!page.ok()) return page.error();
  int64_t found = 0;
  for (const model::Part& p : page->items) {
    if (p.number != part.part_name) continue;
    if (found == 0 || p.id == job_part_id) found = p.id;
  }
  if (found == 0) {
    return Error::invalid(col(part, "PartName"), "no kerf part \"" + part.part_name + "\"");
  }
  if (found != job_part_id) return found;  // a component: not cached against one job's part
  parts_[part.part_name] = found;
  return found;
}

Result<int64_t> NameResolver::sheet(const std::string& sheet_name, const std::string& heat_number) {
  auto id = parse_sheet_code(sheet_name);
  if (!id) {
    auto remnant = services_.sigmanest().remnant_sheet(who_, sheet_name);
    if (!remnant.ok()) return remnant.error();
    id = *remnant;
  }
  if (!id) {
    return Error::invalid("STPrgArc.SheetName", "\"" + sheet_name +
                                                    "\" is neither a kerf sheet code (S000123) "
                                                    "nor a remnant Sigmanest reported");
  }
  if (heat_number.empty()) return *id;
  store::ListQuery lots;
  lots.search = heat_number;
  lots.limit = 1000;
  auto page = services_.materials().list_heat_lots(who_, lots);
  if (!page.ok()) return page.error();
  int64_t lot_id = 0;
  for (const model::HeatLot& h : page->items) {
    if (h.number == heat_number) lot_id = h.id;
  }
  if (lot_id == 0) {
    return Error::invalid("STShtArc.HeatNumber", "no kerf heat lot \"" + heat_number + "\"");
  }
  store::ListQuery sheets;
  sheets.filters["heat_lot_id"] = lot_id;
  sheets.limit = 1000;
  for (int64_t offset = 0;; offset += sheets.limit) {
    sheets.offset = offset;
    auto s = services_.materials().list_sheets(who_, sheets);
    if (!s.ok()) return s.error();
    for (const model::SheetStock& sh : s->items) {
      if (sh.id == *id) return *id;
    }
    if (offset + sheets.limit >= s->total) break;
  }
  return Error::invalid("STShtArc.HeatNumber",
                        "sheet " + sheet_name + " is not of heat lot \"" + heat_number + "\"");
}

}  // namespace kerf::integrations::sigmanest
