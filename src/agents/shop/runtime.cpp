// AgentRuntime: the shop's agents inside `kerf serve` (docs/agents.md).
#include "kerf/agents/shop/runtime.h"

#include <spdlog/spdlog.h>

#include <map>
#include <mutex>

#include "agents/shop/ledger_store.h"
#include "agents/shop/shop_util.h"
#include "kerf/agents/shop/specialists.h"
#include "kerf/agents/shop/toolbox.h"
#include "kerf/app/agent_ledger.h"
#include "kerf/app/approval_service.h"
#include "kerf/app/background.h"
#include "kerf/app/lease.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/model/work_center.h"

namespace kerf::agents {
namespace {

using app::agent_principal;
using namespace shop;

constexpr const char* kCursor = "agents";
constexpr const char* kLease = "agents";

// The topics the agents react to (AgentLedger::events_after prefixes).
const std::vector<std::string>& topics() {
  static const std::vector<std::string> kTopics = {
      "job.created",         "job.updated",
      "operation.completed", "material.below_safety_stock",
      "material.consumed",   "work_center.updated",
      "schedule.committed",  "approval.decided"};
  return kTopics;
}

const char* const kStatuses[] = {"running", "interrupted", "done", "tripped", "failed"};

}  // namespace

struct AgentRuntime::Impl {
  Impl(app::Services& s, app::scheduling::SchedulingService& sch, AgentSettings st,
       std::unique_ptr<LlmClient> model)
      : services(s),
        scheduling(sch),
        settings(std::move(st)),
        llm(std::move(model)),
        box(s, sch, settings),
        store(s.agents()),
        breaker(s.env().clock(), settings.limits.agent_failure_threshold,
                settings.limits.agent_cooldown),
        runner(store, s.env().clock(), settings.limits, breaker, llm.get()) {
    add_all_tools(box);
    for (auto& g : {make_scheduler_graph(box), make_dispatch_graph(box), make_capacity_graph(box),
                    make_material_graph(box), make_quality_graph(box), make_customer_graph(box),
                    make_assistant_graph(box)}) {
      if (!g) continue;  // a specialist not built in (yet)
      if (auto valid = g->validate(); !valid.ok()) {
        throw std::logic_error("agent graph " + g->name() + ": " + valid.error().message);
      }
      graphs[g->name()] = g;
    }
  }

  const Graph* graph(const std::string& agent) const {
    auto it = graphs.find(agent);
    return it == graphs.end() ? nullptr : it->second.get();
  }

  // Adds what the routing needs beyond the event's ids: the job's current row for job events,
  // the work center's for work-center events.
  void enrich(Json& trigger) {
    const std::string topic = str_at(trigger, "topic");
    const int64_t id = int_at(at(trigger, "payload"), "id");
    if (id <= 0) return;
    if (topic.rfind("job.", 0) == 0) {
      auto d = services.jobs().get(agent_principal(), id);
      if (!d.ok()) return;
      trigger["job"] = {{"id", d->job.id},
                        {"number", d->job.number},
                        {"priority", d->job.priority},
                        {"status", std::string(model::to_string(d->job.status))},
                        {"customer_id", d->job.customer_id}};
    } else if (topic == "work_center.updated") {
      auto w = services.master_data().get<model::WorkCenter>(agent_principal(), id);
      if (!w.ok()) return;
      trigger["work_center"] = {{"id", w->id},
                                {"code", w->code},
                                {"department", std::string(model::to_string(w->department))},
                                {"status", std::string(model::to_string(w->status))}};
    }
  }

  // Starts (or finds) a thread; errors other than an open breaker are returned.
  Status start(const std::string& agent, const std::string& thread_id, const Json& trigger,
               int64_t* started) {
    const Graph* g = graph(agent);
    if (!g) return ok_status();
    auto out = runner.start(*g, thread_id, {{"trigger", trigger}});
    if (!out.ok()) {
      if (out.error().code == ErrorCode::kUnavailable) {
        spdlog::warn("agents: {} not started: {}", thread_id, out.error().message);
        return ok_status();
      }
      return Error::make(out.error().code, thread_id + ": " + out.error().message);
    }
    if (started) ++*started;
    return ok_status();
  }

  // approval.decided: resumes the thread waiting for the approval.
  Status resume(const Json& payload) {
    const int64_t approval_id = int_at(payload, "approval_id");
    if (approval_id <= 0) return ok_status();
    auto a = services.approvals().get(agent_principal(), approval_id);
    if (!a.ok()) return a.error();
    if (a->thread_id.empty() || a->status == app::ApprovalStatus::kPending) return ok_status();
    auto cp = store.latest(a->thread_id);
    if (!cp.ok()) {
      return cp.error().code == ErrorCode::kNotFound ? ok_status() : Status(cp.error());
    }
    if (cp->status != ThreadStatus::kInterrupted || !cp->interrupt ||
        cp->interrupt->approval_id != approval_id) {
      return ok_status();  // resumed already (an event seen twice) or waiting for another one
    }
    const Graph* g = graph(cp->agent);
    if (!g) return Error::internal("thread " + a->thread_id + ": unknown agent " + cp->agent);
    Decision d;
    d.approval_id = approval_id;
    d.decided_by = a->decided_by;
    d.comment = a->comment;
    d.verdict = a->verdict;
    if (a->status == app::ApprovalStatus::kExpired || d.verdict.empty()) {
      d.verdict = "reject";
      if (d.comment.empty()) d.comment = std::string(app::to_string(a->status)) + ": " + a->error;
    }
    if (d.verdict == "edit") d.edited = a->applied_action;
    auto out = runner.resume(*g, a->thread_id, d);
    if (!out.ok() && out.error().code != ErrorCode::kFailedPrecondition) return out.error();
    return ok_status();
  }

  Status handle(const Event& e, int64_t* started) {
    Json payload;
    try {
      payload = Json::parse(e.payload_json);
    } catch (const Json::exception&) {
      payload = nullptr;
    }
    if (!payload.is_object()) {
      ++malformed;
      spdlog::warn("agents: event {} ({}): payload is not a JSON object; skipped", e.id, e.topic);
      return ok_status();
    }
    if (e.topic == "approval.decided") return resume(payload);
    Json trigger = {{"kind", "event"},
                    {"event_id", e.id},
                    {"topic", e.topic},
                    {"payload", payload},
                    {"at", iso(e.at)}};
    enrich(trigger);
    for (const auto& agent : route_trigger(trigger, settings.gates)) {
      AGENTS_TRY(start(agent, agent + "/evt-" + std::to_string(e.id), trigger, started));
    }
    return ok_status();
  }

  Result<int64_t> poll_once(int64_t limit) {
    std::lock_guard lock(work_mu);
    auto cursor = services.agents().cursor(agent_principal(), kCursor);
    if (!cursor.ok()) return note_error(cursor.error());
    auto events = services.agents().events_after(agent_principal(), *cursor, topics(), limit);
    if (!events.ok()) return note_error(events.error());
    int64_t handled = 0, started = 0;
    int64_t position = *cursor;
    Status failure = ok_status();
    for (const auto& e : *events) {
      Status s = handle(e, &started);
      if (!s.ok()) {
        // A database that went away: stop here and take the event again next time. Anything
        // else is this event's own problem: logged, and the intake goes on.
        if (s.error().code == ErrorCode::kUnavailable) {
          failure = s;
          break;
        }
        spdlog::error("agents: event {} ({}): {}", e.id, e.topic, s.error().message);
        std::lock_guard g(status_mu);
        last_error = "event " + std::to_string(e.id) + ": " + s.error().message;
      }
      position = e.id;
      ++handled;
    }
    if (position > *cursor) {
      // Threads are keyed by event, so events seen again after a crash start nothing twice.
      if (auto s = services.agents().set_cursor(agent_principal(), kCursor, position); !s.ok()) {
        return note_error(s.error());
      }
    }
    {
      std::lock_guard g(status_mu);
      cursor_value = position;
      last_poll_at = services.env().now();
    }
    if (!failure.ok()) return note_error(failure.error());
    return handled;
  }

  Result<int64_t> scan_once() {
    std::lock_guard lock(work_mu);
    const TimePoint now = services.env().now();
    const std::string day = iso(now).substr(0, 10);
    const std::string hour = iso(now).substr(0, 13);
    int64_t started = 0;
    // Capacity: a thread per department and week that needs overtime (the thread decides
    // whether that needs approval), once a day.
    if (graph("capacity")) {
      const Tool* load = box.find("department_load");
      auto forecast = load->run({{"weeks", settings.forecast_weeks}});
      if (!forecast.ok()) return note_error(forecast.error());
      for (const auto& d : forecast->value("departments", Json::array())) {
        for (const auto& w : d.value("weeks", Json::array())) {
          if (num_at(w, "overtime_h") <= 0) continue;
          const std::string dept = str_at(d, "department");
          const std::string week = str_at(w, "week_start");
          Json trigger = {{"kind", "scan"},
                          {"scan", "capacity"},
                          {"department", dept},
                          {"week_start", week},
                          {"key", day}};
          AGENTS_TRY(start("capacity",
                           "capacity/scan-" + dept + "-" + week.substr(0, 10) + "-" + day, trigger,
                           &started));
        }
      }
    }
    // Material and ETA scans: one thread an hour each (the specialist covers every item).
    for (const auto& [scan, agent] : {std::pair{"material", "material"}, {"eta", "customer"}}) {
      Json trigger = {{"kind", "scan"}, {"scan", scan}, {"key", hour}};
      if (route_trigger(trigger, settings.gates).empty()) continue;
      AGENTS_TRY(
          start(agent, std::string(agent) + "/scan-" + scan + "-" + hour, trigger, &started));
    }
    return started;
  }

  Result<int64_t> recover() {
    std::lock_guard lock(work_mu);
    auto rows = services.agents().running_threads(agent_principal());
    if (!rows.ok()) return note_error(rows.error());
    int64_t n = 0;
    for (const auto& row : *rows) {
      const Graph* g = graph(row.agent);
      if (!g) {
        spdlog::warn("agents: running thread {} of unknown agent {} left as is", row.id, row.agent);
        continue;
      }
      auto out = runner.proceed(*g, row.id);
      if (!out.ok()) {
        if (out.error().code == ErrorCode::kUnavailable) return note_error(out.error());
        spdlog::error("agents: thread {} not recovered: {}", row.id, out.error().message);
        continue;
      }
      ++n;
    }
    return n;
  }

  Error note_error(const Error& e) {
    std::lock_guard g(status_mu);
    last_error = e.message;
    return e;
  }

  app::Services& services;
  app::scheduling::SchedulingService& scheduling;
  AgentSettings settings;
  std::unique_ptr<LlmClient> llm;
  Toolbox box;
  LedgerCheckpointStore store;
  AgentBreaker breaker;
  Runner runner;
  std::map<std::string, std::shared_ptr<const Graph>> graphs;

  std::mutex work_mu;  // poll, scan and recover run one at a time
  mutable std::mutex status_mu;
  int64_t cursor_value = -1;  // -1 = not read yet
  std::optional<TimePoint> last_poll_at;
  std::string last_error;
  int64_t malformed = 0;
  bool lease_held = false;
  bool recovered = false;  // since the lease was last taken
};

AgentRuntime::AgentRuntime(app::Services& services, app::scheduling::SchedulingService& scheduling,
                           AgentSettings settings, std::unique_ptr<LlmClient> llm)
    : impl_(std::make_unique<Impl>(services, scheduling, std::move(settings), std::move(llm))) {}

AgentRuntime::~AgentRuntime() {
  bool held = false;
  {
    std::lock_guard g(impl_->status_mu);
    held = impl_->lease_held;
  }
  if (held) {
    if (auto s = app::release_lease(impl_->services, kLease); !s.ok()) {
      spdlog::warn("agents: lease not released: {}", s.error().message);
    }
  }
}

Result<int64_t> AgentRuntime::poll_once(int64_t limit) { return impl_->poll_once(limit); }
Result<int64_t> AgentRuntime::scan_once() { return impl_->scan_once(); }
Result<int64_t> AgentRuntime::recover() { return impl_->recover(); }

Result<nlohmann::json> AgentRuntime::ask(const app::Principal& who, const std::string& question) {
  if (question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::invalid("question", "must not be empty");
  }
  if (question.size() > 2000) return Error::invalid("question", "must be at most 2000 characters");
  const Graph* g = impl_->graph("assistant");
  if (!g) return Error::unavailable("the assistant agent is not available in this build");
  const std::string thread_id =
      "assistant/ask-" + std::to_string(impl_->services.env().now().time_since_epoch().count()) +
      "-" + std::to_string(impl_->services.env().random_u64() % 1000000);
  Json trigger = {{"kind", "ask"},
                  {"question", question},
                  {"asked_by", who.username},
                  {"user_id", who.user_id}};
  auto out = impl_->runner.start(*g, thread_id, {{"trigger", trigger}});
  if (!out.ok()) return out.error();
  const Json& state = out->state;
  Json answer = at(state, "answer");
  if (answer.is_null()) answer = at(state, "outcome");
  return Json{
      {"thread_id", thread_id},
      {"status", std::string(to_string(out->status))},
      {"answer", answer.is_null() ? Json(out->reason) : answer},
      {"used_model", at(state, "used_model").is_boolean() ? at(state, "used_model") : Json(false)},
      {"facts", at(state, "facts").is_null() ? Json::array() : at(state, "facts")}};
}

nlohmann::json AgentRuntime::status() const {
  Impl& m = *impl_;
  Json threads = Json::object();
  for (const char* s : kStatuses) {
    store::ListQuery q;
    q.filters["status"] = std::string(s);
    q.limit = 1;
    auto page = m.services.agents().threads(agent_principal(), q);
    threads[s] = page.ok() ? Json(page->total) : Json();
  }
  std::lock_guard g(m.status_mu);
  return Json{{"enabled", m.settings.enabled},
              {"llm",
               {{"configured", m.llm != nullptr},
                {"model", m.llm ? Json(m.llm->model()) : Json()},
                {"reason", m.llm ? ""
                                 : "no model configured: agents run their deterministic "
                                   "logic ([llm] url empty, or shop data may not be sent "
                                   "to it)"}}},
              {"breakers", m.breaker.snapshot()},
              {"cursor", m.cursor_value < 0 ? Json() : Json(m.cursor_value)},
              {"last_poll_at", m.last_poll_at ? Json(iso(*m.last_poll_at)) : Json()},
              {"last_error", m.last_error},
              {"malformed_events", m.malformed},
              {"lease", m.lease_held},
              {"agents",
               [&] {
                 Json names = Json::array();
                 for (const auto& [name, graph] : m.graphs) names.push_back(name);
                 return names;
               }()},
              {"threads", threads}};
}

void AgentRuntime::add_background_tasks(app::Background& background) {
  if (!impl_->settings.enabled) return;
  Impl* m = impl_.get();
  // The lease outlives a few missed polls (a long what-if run) but not a stopped node.
  const auto ttl =
      std::max<std::chrono::milliseconds>(std::chrono::seconds(30), m->settings.poll_period * 10);
  auto hold = [m, ttl]() -> Result<bool> {
    auto held = app::hold_lease(m->services, kLease, ttl);
    if (!held.ok()) return held.error();
    std::lock_guard g(m->status_mu);
    if (!*held) m->recovered = false;  // whoever holds it now recovers; we do when we take it
    m->lease_held = *held;
    return *held;
  };
  background.add_periodic("agents.poll", m->settings.poll_period, [m, hold]() -> Status {
    auto held = hold();
    if (!held.ok()) return held.error();
    if (!*held) return ok_status();
    bool recover = false;
    {
      std::lock_guard g(m->status_mu);
      recover = !m->recovered;
    }
    if (recover) {
      auto n = m->recover();
      if (!n.ok()) return n.error();
      if (*n > 0) spdlog::info("agents: {} running threads continued after a restart", *n);
      std::lock_guard g(m->status_mu);
      m->recovered = true;
    }
    return status_of(m->poll_once(200));
  });
  background.add_periodic(
      "agents.scan", std::chrono::duration_cast<std::chrono::milliseconds>(m->settings.scan_period),
      [m, hold]() -> Status {
        auto held = hold();
        if (!held.ok()) return held.error();
        if (!*held) return ok_status();
        return status_of(m->scan_once());
      });
}

}  // namespace kerf::agents
