#include "agents/golden_shop.h"

#include <cmath>

#include "kerf/core/time_format.h"
#include "kerf/model/customer.h"
#include "kerf/model/inventory.h"
#include "kerf/model/part.h"

namespace kerf::agents::golden {
namespace {

using app::testing::as;
using model::Role;

std::string text(const json& o, const char* key, std::string fallback = "") {
  return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>()
                                                                : fallback;
}
int64_t integer(const json& o, const char* key, int64_t fallback = 0) {
  return o.is_object() && o.contains(key) && o[key].is_number() ? o[key].get<int64_t>() : fallback;
}
double number(const json& o, const char* key, double fallback = 0) {
  return o.is_object() && o.contains(key) && o[key].is_number() ? o[key].get<double>() : fallback;
}

template <typename T>
Outcome why(const Result<T>& r, const std::string& what) {
  if (r.ok()) return "";
  std::string s = what + ": " + r.error().message;
  for (const auto& f : r.error().fields) s += " [" + f.field + ": " + f.message + "]";
  return s;
}

#define GOLDEN_TRY(expr, what)                \
  do {                                        \
    Outcome golden_o_ = why((expr), (what));  \
    if (!golden_o_.empty()) return golden_o_; \
  } while (0)

}  // namespace

AgentRuntime& GoldenShop::runtime() {
  if (!runtime_) runtime_ = std::make_unique<AgentRuntime>(app(), *scheduling_, settings_, nullptr);
  return *runtime_;
}

int64_t GoldenShop::job_id(const std::string& number) const {
  auto it = jobs_.find(number);
  return it == jobs_.end() ? 0 : it->second;
}

std::string GoldenShop::job_number(int64_t id) const {
  for (const auto& [n, i] : jobs_) {
    if (i == id) return n;
  }
  return std::to_string(id);
}

json GoldenShop::with_job_ids(const json& expected) const {
  if (expected.is_array()) {
    json out = json::array();
    for (const auto& e : expected) out.push_back(with_job_ids(e));
    return out;
  }
  if (!expected.is_object()) return expected;
  json out = json::object();
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const std::string& k = it.key();
    if (k == "job_id" && it->is_string()) {
      out[k] = job_id(it->get<std::string>());
    } else if (k == "job_ids" && it->is_array()) {
      json ids = json::array();
      for (const auto& n : *it)
        ids.push_back(n.is_string() ? json(job_id(n.get<std::string>())) : n);
      out[k] = ids;
    } else {
      out[k] = with_job_ids(*it);
    }
  }
  return out;
}

Outcome GoldenShop::open(const json& scenario) {
  const json s = scenario.value("settings", json::object());
  const json g = s.value("gates", json::object());
  auto& t = settings_.gates;
  t.rush_priority = static_cast<int32_t>(integer(g, "rush_priority", t.rush_priority));
  t.rush_max_moved_jobs = integer(g, "rush_max_moved_jobs", t.rush_max_moved_jobs);
  t.overtime_max_hours = number(g, "overtime_max_hours", t.overtime_max_hours);
  t.vip_slip_s = integer(g, "vip_slip_s", t.vip_slip_s);
  t.substitution_min_thickness_delta_um =
      integer(g, "substitution_min_thickness_delta_um", t.substitution_min_thickness_delta_um);
  if (g.contains("critical_defect_codes")) {
    t.critical_defect_codes = g["critical_defect_codes"].get<std::vector<std::string>>();
  }
  settings_.forecast_weeks = integer(s, "forecast_weeks", settings_.forecast_weeks);
  scheduling_ = std::make_unique<app::scheduling::SchedulingService>(app());

  const json shop = scenario.value("shop", json::object());
  const Principal sys = system();
  int64_t calendar_id = 0;
  if (shop.contains("calendar")) {
    const json c = shop["calendar"];
    model::ShiftCalendar cal;
    cal.name = "Day shift";
    for (int d = 0; d < integer(c, "days", 5); ++d) {
      cal.week[d] = {{"day",
                      static_cast<int>(integer(c, "start_min", 360)),
                      static_cast<int>(integer(c, "end_min", 840)),
                      {}}};
    }
    auto created = app().master_data().create(sys, cal);
    GOLDEN_TRY(created, "calendar");
    calendar_id = created->id;
  }
  for (const auto& c : shop.value("customers", json::array())) {
    model::Customer m;
    m.code = text(c, "code");
    m.name = text(c, "name", m.code);
    m.vip = c.value("vip", false);
    auto r = app().master_data().create(sys, m);
    GOLDEN_TRY(r, "customer " + m.code);
    customers_[m.code] = r->id;
  }
  for (const auto& p : shop.value("parts", json::array())) {
    model::Part m;
    m.number = text(p, "number");
    m.revision = text(p, "revision", "A");
    m.description = text(p, "description", m.number);
    auto mat = model::parse_material(text(p, "material", "stainless_304"));
    GOLDEN_TRY(mat, "part " + m.number + " material");
    m.material = *mat;
    m.thickness_mm = number(p, "thickness_mm", 1.5);
    m.flat_length_mm = number(p, "length_mm", 1800);
    m.flat_width_mm = number(p, "width_mm", 700);
    m.weight_kg = number(p, "weight_kg", 10);
    auto r = app().master_data().create(sys, m);
    GOLDEN_TRY(r, "part " + m.number);
    parts_[m.number] = r->id;
  }
  for (const auto& w : shop.value("work_centers", json::array())) {
    model::WorkCenter m;
    m.code = text(w, "code");
    m.name = m.code;
    auto process = model::parse_process(text(w, "process", "laser_cut"));
    GOLDEN_TRY(process, "work center " + m.code + " process");
    m.capabilities.processes = {*process};
    m.department = model::department_of(*process);
    m.calendar_id = calendar_id;
    auto r = app().master_data().create(sys, m);
    GOLDEN_TRY(r, "work center " + m.code);
    work_centers_[m.code] = r->id;
    wc_process_[m.code] = text(w, "process", "laser_cut");
  }
  for (const auto& l : shop.value("safety_stock", json::array())) {
    model::SafetyStock m;
    auto mat = model::parse_material(text(l, "material"));
    GOLDEN_TRY(mat, "safety stock material");
    m.material = *mat;
    m.thickness_mm = number(l, "thickness_mm");
    m.minimum_qty = integer(l, "minimum");
    GOLDEN_TRY(app().master_data().create(sys, m), "safety stock");
  }
  for (const auto& sh : shop.value("sheets", json::array())) {
    app::ReceiveSheetsInput in;
    auto mat = model::parse_material(text(sh, "material"));
    GOLDEN_TRY(mat, "sheet material");
    in.material = *mat;
    in.thickness_mm = number(sh, "thickness_mm");
    in.length_mm = number(sh, "length_mm", 3000);
    in.width_mm = number(sh, "width_mm", 1500);
    in.quantity = integer(sh, "quantity");
    in.location = text(sh, "location", "RACK-A1");
    in.heat_number = text(sh, "heat", "H-1");
    in.mill_cert_ref = "MTC-" + in.heat_number;
    in.supplier = "Mill";
    GOLDEN_TRY(app().materials().receive(as(Role::kShipping), in), "sheets");
  }
  for (const auto& j : shop.value("jobs", json::array())) {
    Outcome o = create_job(j);
    if (!o.empty()) return o;
  }
  return "";
}

Outcome GoldenShop::create_job(const json& spec) {
  app::JobInput in;
  in.number = text(spec, "number");
  in.part_id = parts_[text(spec, "part", parts_.empty() ? "" : parts_.begin()->first)];
  in.customer_id =
      customers_[text(spec, "customer", customers_.empty() ? "" : customers_.begin()->first)];
  in.quantity = integer(spec, "quantity", 10);
  in.due =
      clock_.now() + std::chrono::seconds(static_cast<int64_t>(number(spec, "due_h", 168) * 3600));
  in.priority = static_cast<int32_t>(integer(spec, "priority", 3));
  json ops = spec.value("ops", json::array());
  if (ops.empty()) {
    ops = json::array(
        {{{"process", "laser_cut"}, {"setup_s", 600}, {"run_s", 90}},
         {{"process", "bend"}, {"setup_s", 300}, {"run_s", integer(spec, "bend_s", 60)}}});
  }
  int32_t seq = 10;
  for (const auto& o : ops) {
    app::OperationInput op;
    op.sequence = seq;
    seq += 10;
    const std::string process = text(o, "process", "laser_cut");
    auto p = model::parse_process(process);
    GOLDEN_TRY(p, "job " + in.number + " process");
    op.process = *p;
    op.name = process;
    for (const auto& [code, proc] : wc_process_) {
      if (proc == process) op.eligible_work_center_ids.push_back(work_centers_[code]);
    }
    op.setup_seconds = integer(o, "setup_s", 600);
    op.run_seconds_per_piece = integer(o, "run_s", 60);
    in.operations.push_back(op);
  }
  auto r = app().jobs().create(as(Role::kPlanner), in);
  GOLDEN_TRY(r, "job " + in.number);
  jobs_[in.number] = r->job.id;
  if (spec.value("release", false)) {
    GOLDEN_TRY(app().jobs().release(as(Role::kPlanner), r->job.id), "release " + in.number);
  }
  return "";
}

Result<int64_t> GoldenShop::operation_of(const std::string& job, int64_t sequence) {
  auto d = app().jobs().get(system(), job_id(job));
  if (!d.ok()) return d.error();
  for (const auto& op : d->operations) {
    if (op.sequence == sequence) return op.id;
  }
  return Error::not_found("job " + job + " has no operation " + std::to_string(sequence));
}

Outcome GoldenShop::decide(const json& step) {
  store::ListQuery q;
  q.filters["status"] = std::string("pending");
  q.filters["gate"] = text(step, "gate");
  q.limit = 100;
  auto page = app().approvals().list(system(), q);
  GOLDEN_TRY(page, "pending approvals");
  if (page->items.empty()) return "no pending " + text(step, "gate") + " approval to decide";
  auto role = model::parse_role(text(step, "role", "admin"));
  GOLDEN_TRY(role, "decide role");
  app::DecisionInput in;
  in.approval_id = page->items.front().id;
  in.verdict = text(step, "verdict", "approve");
  in.comment = text(step, "comment");
  if (step.contains("action")) {
    in.edited_action = page->items.front().action;
    in.edited_action.update(with_job_ids(step["action"]));
  }
  GOLDEN_TRY(app().approvals().decide(as(*role, 0, "golden-" + text(step, "role", "admin")), in),
             "decide " + text(step, "gate"));
  return "";
}

Outcome GoldenShop::step(const json& s) {
  const std::string what = text(s, "do");
  const Principal lead = as(Role::kLead);
  if (what == "poll") {
    for (int i = 0; i < 20; ++i) {
      auto n = runtime().poll_once();
      GOLDEN_TRY(n, "poll");
      if (*n == 0) break;
    }
    return "";
  }
  if (what == "scan") {
    GOLDEN_TRY(runtime().scan_once(), "scan");
    return step({{"do", "poll"}});
  }
  if (what == "advance_h") {
    clock_.advance(std::chrono::seconds(static_cast<int64_t>(number(s, "hours") * 3600)));
    return "";
  }
  if (what == "create_job") return create_job(s.value("job", json::object()));
  if (what == "release") {
    GOLDEN_TRY(app().jobs().release(as(Role::kPlanner), job_id(text(s, "job"))), "release");
    return "";
  }
  if (what == "schedule") {
    app::scheduling::RunRequest r;
    GOLDEN_TRY(scheduling_->run(as(Role::kPlanner), r, /*commit=*/true), "schedule");
    return "";
  }
  if (what == "consume") {
    auto d = app().jobs().get(system(), job_id(text(s, "job")));
    GOLDEN_TRY(d, "consume job");
    auto part = app().master_data().get<model::Part>(system(), d->job.part_id);
    GOLDEN_TRY(part, "consume part");
    auto sheets = app().materials().list_sheets(system(), {});
    GOLDEN_TRY(sheets, "sheets");
    for (const auto& sh : sheets->items) {
      if (sh.material != part->material || std::fabs(sh.thickness_mm - part->thickness_mm) > 1e-6 ||
          sh.quantity < integer(s, "quantity", 1) || sh.is_remnant) {
        continue;
      }
      app::ConsumeSheetsInput in;
      in.sheet_id = sh.id;
      in.job_id = d->job.id;
      in.quantity = integer(s, "quantity", 1);
      GOLDEN_TRY(app().materials().consume(lead, in), "consume");
      return "";
    }
    return "no sheet of the part's material for " + text(s, "job");
  }
  if (what == "start_op" || what == "complete_op") {
    auto op = operation_of(text(s, "job"), integer(s, "seq", 10));
    GOLDEN_TRY(op, what);
    auto current = app().operations().get(system(), *op);
    GOLDEN_TRY(current, what);
    if (current->status == model::OperationStatus::kReady) {
      GOLDEN_TRY(app().operations().start(lead, *op), "start " + text(s, "job"));
    }
    if (what == "start_op") return "";
    app::CompleteOperationInput in;
    in.operation_id = *op;
    in.qty_good = integer(s, "good");
    in.qty_scrap = integer(s, "scrap");
    in.scrap_reasons = s.value("reasons", std::vector<std::string>{});
    GOLDEN_TRY(app().operations().complete(lead, in), "complete " + text(s, "job"));
    return "";
  }
  if (what == "decide") return decide(s);
  return "unknown step \"" + what + "\"";
}

void match(const json& expected, const json& actual, const std::string& path,
           std::vector<std::string>& out) {
  if (expected.is_object()) {
    if (!actual.is_object()) {
      out.push_back(path + ": expected an object, got " + actual.dump());
      return;
    }
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      const std::string& k = it.key();
      const std::string suffix = "_contains";
      if (k.size() > suffix.size() &&
          k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0) {
        const std::string base = k.substr(0, k.size() - suffix.size());
        const std::string have = actual.contains(base) && actual[base].is_string()
                                     ? actual[base].get<std::string>()
                                     : actual.value(base, json()).dump();
        if (have.find(it->get<std::string>()) == std::string::npos) {
          out.push_back(path + "." + base + ": \"" + have + "\" does not contain \"" +
                        it->get<std::string>() + "\"");
        }
        continue;
      }
      if (!actual.contains(k)) {
        out.push_back(path + "." + k + ": missing");
        continue;
      }
      match(*it, actual[k], path + "." + k, out);
    }
    return;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      out.push_back(path + ": expected " + expected.dump() + ", got " + actual.dump());
      return;
    }
    for (size_t i = 0; i < expected.size(); ++i) {
      match(expected[i], actual[i], path + "[" + std::to_string(i) + "]", out);
    }
    return;
  }
  if (expected.is_number() && actual.is_number()) {
    if (std::fabs(expected.get<double>() - actual.get<double>()) > 1e-6) {
      out.push_back(path + ": expected " + expected.dump() + ", got " + actual.dump());
    }
    return;
  }
  if (expected != actual) {
    out.push_back(path + ": expected " + expected.dump() + ", got " + actual.dump());
  }
}

}  // namespace kerf::agents::golden
