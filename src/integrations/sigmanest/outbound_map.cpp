// The pure mapper: kerf facts -> TransAct rows (docs/sigmanest_outbound.md).
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "kerf/integrations/sigmanest/outbound.h"

namespace kerf::integrations::sigmanest {
namespace {

MappedRow make(std::string_view type, const SigmanestConfig& config, std::string entity,
               int64_t id) {
  MappedRow m;
  m.row.trans_type = std::string(type);
  m.row.district = config.district;
  m.entity = std::move(entity);
  m.entity_id = id;
  return m;
}

bool held(const model::Job& job) { return job.status == model::JobStatus::kOnHold; }

bool finished(const model::Job& job) {
  return job.status == model::JobStatus::kCancelled || job.status == model::JobStatus::kComplete ||
         job.status == model::JobStatus::kShipped;
}

MappedRow header(const JobFacts& f, const SigmanestConfig& config, const TimeZone& zone) {
  MappedRow m = make(kSN87, config, "job", f.job.id);
  auto& c = m.row.columns;
  c["OrderNo"] = f.job.number;
  c["DueDate"] = transact_datetime(f.job.due, zone);
  c["Customer"] = f.customer.code;
  c["Priority"] = std::to_string(f.job.priority);
  c["OnHold"] = held(f.job) ? "1" : "0";
  return m;
}

// SN84 (or SN81 when `modify`) for the laser part; nullopt when nothing is left to cut.
std::optional<MappedRow> part_row(const JobFacts& f, const model::Operation& laser,
                                  const SigmanestConfig& config, const TimeZone& zone,
                                  bool modify) {
  const int64_t remaining = f.job.quantity - laser.qty_good;
  if (remaining <= 0 && !modify) return std::nullopt;
  MappedRow m = make(modify ? kSN81 : kSN84, config, "job", f.job.id);
  auto& c = m.row.columns;
  c["OrderNo"] = f.job.number;
  c["ItemName"] = f.part.number;
  c["Qty"] = std::to_string(std::max<int64_t>(remaining, 0));
  if (modify) return m;
  c["Material"] = config.material_name(f.part.material);
  c["Thickness"] = transact_number(f.part.thickness_mm);
  c["DueDate"] = transact_datetime(f.job.due, zone);
  c["Customer"] = f.customer.code;
  c["DwgNumber"] = f.part.number;
  c["RevNumber"] = f.part.revision;
  if (f.part.flat_length_mm > 0) c["Length"] = transact_number(f.part.flat_length_mm);
  if (f.part.flat_width_mm > 0) c["Width"] = transact_number(f.part.flat_width_mm);
  c[config.slots.job_id] = std::to_string(f.job.id);
  c[config.slots.job_number] = f.job.number;
  c[config.slots.part_id] = std::to_string(f.part.id);
  c[config.slots.operation_id] = std::to_string(laser.id);
  return m;
}

void keep_enabled(std::vector<MappedRow>& rows, const SigmanestConfig& config) {
  std::erase_if(rows, [&](const MappedRow& m) { return !config.sends(m.row.trans_type); });
}

}  // namespace

std::optional<JobChange> job_change_of(std::string_view topic) {
  if (topic == "job.released") return JobChange::kRelease;
  if (topic == "job.updated") return JobChange::kUpdate;
  if (topic == "job.held") return JobChange::kHold;
  if (topic == "job.unheld") return JobChange::kUnhold;
  if (topic == "job.cancelled") return JobChange::kCancel;
  return std::nullopt;
}

const model::Operation* laser_operation(const std::vector<model::Operation>& operations) {
  const model::Operation* best = nullptr;
  for (const auto& op : operations) {
    if (op.process != model::Process::kLaserCut) continue;
    if (best == nullptr || op.sequence < best->sequence) best = &op;
  }
  return best;
}

std::string sheet_item_name(int64_t sheet_id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "S%06lld", static_cast<long long>(sheet_id));
  return buf;
}

std::string transact_datetime(TimePoint t, const TimeZone& zone) {
  const auto local = std::chrono::floor<std::chrono::seconds>(zone.to_local(t));
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  char buf[32];
  std::snprintf(
      buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld", int(ymd.year()),
      unsigned(ymd.month()), unsigned(ymd.day()), static_cast<long long>(hms.hours().count()),
      static_cast<long long>(hms.minutes().count()), static_cast<long long>(hms.seconds().count()));
  return buf;
}

std::string transact_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::vector<MappedRow> map_job_change(JobChange change, const JobFacts& f,
                                      const SigmanestConfig& config, const TimeZone& zone) {
  std::vector<MappedRow> rows;
  const model::Operation* laser = laser_operation(f.operations);
  if (laser == nullptr) return rows;
  switch (change) {
    case JobChange::kRelease: {
      if (finished(f.job)) break;  // the cancel/complete event follows: nothing to send
      auto part = part_row(f, *laser, config, zone, false);
      if (!part) break;
      rows.push_back(header(f, config, zone));
      rows.push_back(std::move(*part));
      break;
    }
    case JobChange::kUpdate: {
      if (!f.sent_before || finished(f.job)) break;
      rows.push_back(header(f, config, zone));
      const bool overwrite = config.sends(kSN84) || !config.sends(kSN81);
      if (auto part = part_row(f, *laser, config, zone, !overwrite)) {
        rows.push_back(std::move(*part));
      }
      break;
    }
    case JobChange::kHold:
    case JobChange::kUnhold: {
      if (!f.sent_before || finished(f.job)) break;
      MappedRow m = header(f, config, zone);
      m.row.columns["OnHold"] = change == JobChange::kHold ? "1" : "0";
      rows.push_back(std::move(m));
      break;
    }
    case JobChange::kCancel: {
      if (!f.sent_before) break;
      MappedRow m = make(kSN89, config, "job", f.job.id);
      m.row.columns["OrderNo"] = f.job.number;
      rows.push_back(std::move(m));
      break;
    }
  }
  keep_enabled(rows, config);
  return rows;
}

std::vector<MappedRow> map_sheet(const SheetFacts& f, const SigmanestConfig& config) {
  std::vector<MappedRow> rows;
  if (f.sheet.is_remnant) {
    if (f.consumed_outside_programs && f.sheet.quantity == 0 && !f.sigmanest_name.empty()) {
      MappedRow m = make(kSN92, config, "sheet", f.sheet.id);
      m.row.columns["ItemName"] = f.sigmanest_name;
      rows.push_back(std::move(m));
      keep_enabled(rows, config);
    }
    return rows;
  }
  if (!f.sent_before) {
    MappedRow m = make(kSN94, config, "sheet", f.sheet.id);
    auto& c = m.row.columns;
    c["ItemName"] = sheet_item_name(f.sheet.id);
    c["Qty"] = std::to_string(f.sheet.quantity);
    c["Material"] = config.material_name(f.sheet.material);
    c["Thickness"] = transact_number(f.sheet.thickness_mm);
    c["Length"] = transact_number(f.sheet.length_mm);
    c["Width"] = transact_number(f.sheet.width_mm);
    if (!f.heat_number.empty()) c["HeatNumber"] = f.heat_number;
    if (!f.sheet.location.empty()) c["Location"] = f.sheet.location;
    c[config.slots.sheet_id] = std::to_string(f.sheet.id);
    rows.push_back(std::move(m));
  } else {
    MappedRow m = make(kSN91A, config, "sheet", f.sheet.id);
    m.row.columns["ItemName"] = sheet_item_name(f.sheet.id);
    m.row.columns["Qty"] = std::to_string(f.sheet.quantity);
    m.row.columns["Material"] = config.material_name(f.sheet.material);
    m.row.columns["Thickness"] = transact_number(f.sheet.thickness_mm);
    rows.push_back(std::move(m));
  }
  keep_enabled(rows, config);
  return rows;
}

std::optional<ProgramFacts> program_facts_of(std::string_view topic, const nlohmann::json& j) {
  std::optional<ProgramChange> change;
  if (topic == "nest.cut") change = ProgramChange::kDone;
  if (topic == "nest.part_rejected") change = ProgramChange::kReject;
  if (topic == "nest.deleted") change = ProgramChange::kDelete;
  const bool state = topic == "nest.state";
  if (!change && !state) return std::nullopt;
  if (!j.is_object() || j.value("origin", "") != "kerf") return std::nullopt;
  if (state) {
    const std::string s = j.value("state", "");
    if (s == "started") change = ProgramChange::kStart;
    if (s == "stopped") change = ProgramChange::kStop;
    if (!change) return std::nullopt;
  }
  ProgramFacts f;
  f.change = *change;
  f.nest_id = j.value("id", int64_t{0});
  f.program_name = j.value("program_name", "");
  f.machine = j.value("machine", "");
  f.cut_seconds = j.value("cut_seconds_actual", int64_t{0});
  f.item_name = j.value("part_number", "");
  f.sheet_id = j.value("sheet_id", int64_t{0});
  f.pieces = j.value("pieces", int64_t{0});
  return f;
}

std::vector<MappedRow> map_program_change(const ProgramFacts& f, const SigmanestConfig& config) {
  std::vector<MappedRow> rows;
  auto row = [&](std::string_view type) -> std::map<std::string, std::string>& {
    rows.push_back(make(type, config, "nest", f.nest_id));
    rows.back().row.columns["ProgramName"] = f.program_name;
    return rows.back().row.columns;
  };
  switch (f.change) {
    case ProgramChange::kStart:
    case ProgramChange::kStop: {
      auto& c = row(kSN73N);
      c["Param1"] = f.change == ProgramChange::kStart ? "1" : "3";
      if (f.change == ProgramChange::kStop && f.cut_seconds > 0) {
        c["Param3"] = std::to_string(f.cut_seconds);
      }
      if (!f.machine.empty()) c["StringData1"] = f.machine;
      break;
    }
    case ProgramChange::kDone:
      if (f.cut_seconds > 0) row(kSN73C)["Param3"] = std::to_string(f.cut_seconds);
      row(kSN70);
      break;
    case ProgramChange::kReject: {
      auto& c = row(kSN78R);
      c["ItemName"] = f.item_name;
      c["StringData4"] = sheet_item_name(f.sheet_id);
      c["Qty"] = std::to_string(f.pieces);
      break;
    }
    case ProgramChange::kDelete:
      row(kSN74);
      break;
  }
  keep_enabled(rows, config);
  return rows;
}

}  // namespace kerf::integrations::sigmanest
