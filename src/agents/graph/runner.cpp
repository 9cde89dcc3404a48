// Runner: threads in super-steps with a checkpoint per super-step, interrupts/resume, breakers
// and the fallback (docs/agents_runtime.md).
#include "kerf/agents/graph/runner.h"

#include <algorithm>
#include <set>
#include <utility>

#include "kerf/agents/graph/checkpoint_json.h"
#include "super_step.h"

namespace kerf::agents {
namespace {

// The node name of the trace row a resume writes (the decision that resumed the thread).
constexpr const char* kResumeNode = "__resume__";

RunOutcome outcome_of(const Checkpoint& cp) {
  return RunOutcome{cp.thread_id, cp.status, cp.reason, cp.step, cp.state};
}

bool has_channel(const StateSchema& schema, const std::string& name) {
  return std::any_of(schema.channels().begin(), schema.channels().end(),
                     [&](const ChannelSpec& c) { return c.name == name; });
}

// A done thread's reason: the "outcome" channel when it holds text.
std::string done_reason(const Json& state) {
  auto it = state.find("outcome");
  return it != state.end() && it->is_string() ? it->get<std::string>() : "";
}

Status same_agent(const Graph& graph, const Checkpoint& cp) {
  if (cp.agent == graph.name()) return ok_status();
  return Error::conflict("thread '" + cp.thread_id + "' belongs to agent '" + cp.agent +
                         "', not '" + graph.name() + "'");
}

}  // namespace

Runner::Runner(CheckpointStore& store, const Clock& clock, Limits limits, AgentBreaker& breaker,
               LlmClient* llm)
    : store_(store), clock_(clock), limits_(limits), breaker_(breaker), llm_(llm) {}

Result<RunOutcome> Runner::start(const Graph& graph, const std::string& thread_id,
                                 const Json& input) {
  if (thread_id.empty()) return Error::invalid("thread_id", "empty thread id");
  auto valid = graph.validate();
  if (!valid.ok()) return valid.error();
  auto latest = store_.latest(thread_id);
  if (latest.ok()) {
    auto same = same_agent(graph, *latest);
    if (!same.ok()) return same.error();
    if (latest->status != ThreadStatus::kRunning) return outcome_of(*latest);
    return drive(graph, std::move(latest).value());
  }
  if (latest.error().code != ErrorCode::kNotFound) return latest.error();
  if (!breaker_.allow(graph.name())) {
    return Error::unavailable("breaker: agent '" + graph.name() + "' is open after " +
                              std::to_string(limits_.agent_failure_threshold) +
                              " consecutive failed threads (cooldown " +
                              std::to_string(limits_.agent_cooldown.count()) + "s)");
  }
  auto state = graph.schema().initial(input);
  if (!state.ok()) return state.error();
  Checkpoint cp;
  cp.thread_id = thread_id;
  cp.agent = graph.name();
  cp.step = 0;
  cp.state = std::move(state).value();
  cp.next = {graph.entry()};
  cp.status = ThreadStatus::kRunning;
  cp.started_at = cp.updated_at = cp.running_since = clock_.now();
  auto saved = store_.save(cp, {});
  if (!saved.ok()) return saved.error();
  return drive(graph, std::move(cp));
}

Result<RunOutcome> Runner::resume(const Graph& graph, const std::string& thread_id,
                                  const Decision& decision) {
  auto valid = graph.validate();
  if (!valid.ok()) return valid.error();
  if (decision.verdict != "approve" && decision.verdict != "reject" && decision.verdict != "edit") {
    return Error::invalid("verdict", "must be approve, reject or edit");
  }
  auto latest = store_.latest(thread_id);
  if (!latest.ok()) return latest.error();
  Checkpoint cp = std::move(latest).value();
  auto same = same_agent(graph, cp);
  if (!same.ok()) return same.error();
  if (cp.status != ThreadStatus::kInterrupted || !cp.interrupt) {
    return Error::precondition("thread '" + thread_id + "' is " +
                               std::string(to_string(cp.status)) + ", not interrupted");
  }
  if (decision.approval_id != 0 && cp.interrupt->approval_id != 0 &&
      decision.approval_id != cp.interrupt->approval_id) {
    return Error::precondition("thread '" + thread_id + "' waits for approval " +
                               std::to_string(cp.interrupt->approval_id) + ", not " +
                               std::to_string(decision.approval_id));
  }
  if (!has_channel(graph.schema(), "decision")) {
    return Error::invalid(
        "decision", "graph '" + graph.name() + "' declares no \"decision\" channel to resume with");
  }
  const Json decided = {{"decision", to_json(decision)}};
  auto state = graph.schema().apply(cp.state, {StateSchema::Update{kResumeNode, decided}});
  if (!state.ok()) return state.error();
  std::set<std::string> next(cp.next.begin(), cp.next.end());
  auto routed = detail::route(graph, {cp.interrupted_node}, *state);
  if (!routed.ok()) return routed.error();
  next.insert(routed->begin(), routed->end());

  StepRecord rec;
  rec.thread_id = thread_id;
  rec.step = cp.step + 1;
  rec.node = kResumeNode;
  rec.input = {{"interrupt", to_json(*cp.interrupt)}, {"node", cp.interrupted_node}};
  rec.output = decided;
  rec.started_at = clock_.now();

  cp.step += 1;
  cp.state = std::move(state).value();
  cp.next.assign(next.begin(), next.end());
  cp.status = cp.next.empty() ? ThreadStatus::kDone : ThreadStatus::kRunning;
  cp.reason = cp.status == ThreadStatus::kDone ? done_reason(cp.state) : "";
  cp.interrupt.reset();
  cp.interrupted_node.clear();
  cp.updated_at = cp.running_since = clock_.now();
  auto saved = store_.save(cp, {rec});
  if (!saved.ok()) return saved.error();
  if (cp.status == ThreadStatus::kDone) {
    breaker_.record(cp.agent, true);
    return outcome_of(cp);
  }
  return drive(graph, std::move(cp));
}

Result<RunOutcome> Runner::proceed(const Graph& graph, const std::string& thread_id) {
  auto valid = graph.validate();
  if (!valid.ok()) return valid.error();
  auto latest = store_.latest(thread_id);
  if (!latest.ok()) return latest.error();
  auto same = same_agent(graph, *latest);
  if (!same.ok()) return same.error();
  if (latest->status != ThreadStatus::kRunning) return outcome_of(*latest);
  return drive(graph, std::move(latest).value());
}

Result<RunOutcome> Runner::drive(const Graph& graph, Checkpoint cp) {
  while (cp.status == ThreadStatus::kRunning) {
    if (cp.next.empty()) {
      cp.status = ThreadStatus::kDone;
      break;  // not reached from start/resume/proceed (they never save running + empty next)
    }
    const Json snapshot = cp.state;
    std::vector<StepRecord> records;
    detail::StepEnv env{cp, cp.step + 1, clock_, limits_, llm_, records};

    std::string trip = detail::check_before(env, "", cp.next, cp.step);
    std::string failure;
    std::vector<StateSchema::Update> updates;
    std::vector<std::string> routed_from;
    std::optional<Interrupt> interrupt;
    std::string interrupted_node;
    for (size_t i = 0; trip.empty() && i < cp.next.size(); ++i) {
      const std::string& name = cp.next[i];
      detail::NodeOutcome r = detail::execute_node(graph, name, "", snapshot, env);
      if (!r.trip.empty()) {
        trip = r.trip;
        break;
      }
      if (!r.failure.empty()) {
        failure = r.failure;
        break;
      }
      if (r.result->interrupt && interrupt) {
        // One decision resumes one node: a second would be lost (a bypassed gate).
        failure = "nodes '" + interrupted_node + "' and '" + name +
                  "' interrupted in the same super-step (one interrupt per super-step)";
        break;
      }
      if (r.result->interrupt) {
        interrupt = std::move(r.result->interrupt);
        interrupted_node = name;
      } else {
        routed_from.push_back(name);
      }
      updates.push_back({name, std::move(r.result->update)});
    }

    Checkpoint next_cp = cp;
    next_cp.step = cp.step + 1;
    next_cp.updated_at = clock_.now();
    if (!trip.empty()) {
      // The super-step does not commit: the fallback runs on its snapshot.
      Json state = snapshot;
      if (has_channel(graph.schema(), "breaker")) {
        auto with_reason =
            graph.schema().apply(state, {StateSchema::Update{"breaker", {{"breaker", trip}}}});
        if (with_reason.ok()) state = std::move(with_reason).value();
      }
      if (!graph.fallback().empty()) {
        env.fallback = true;
        detail::NodeOutcome fb = detail::execute_node(graph, graph.fallback(), "", state, env);
        if (fb.result) {
          auto applied = graph.schema().apply(
              state, {StateSchema::Update{graph.fallback(), fb.result->update}});
          if (applied.ok()) state = std::move(applied).value();
        }
      }
      next_cp.state = std::move(state);
      next_cp.next.clear();
      next_cp.status = ThreadStatus::kTripped;
      next_cp.reason = trip;
    } else if (!failure.empty()) {
      next_cp.state = snapshot;
      next_cp.next.clear();
      next_cp.status = ThreadStatus::kFailed;
      next_cp.reason = failure;
    } else {
      auto applied = graph.schema().apply(snapshot, updates);
      auto routed = applied.ok() ? detail::route(graph, routed_from, *applied)
                                 : Result<std::vector<std::string>>(applied.error());
      if (!applied.ok() || !routed.ok()) {
        next_cp.state = snapshot;
        next_cp.next.clear();
        next_cp.status = ThreadStatus::kFailed;
        next_cp.reason = applied.ok() ? routed.error().message
                                      : "state update rejected: " + applied.error().message;
      } else {
        next_cp.state = std::move(applied).value();
        next_cp.next = std::move(routed).value();
        if (interrupt) {
          next_cp.status = ThreadStatus::kInterrupted;
          next_cp.reason = interrupt->reason;
          next_cp.interrupt = std::move(interrupt);
          next_cp.interrupted_node = interrupted_node;
        } else if (next_cp.next.empty()) {
          next_cp.status = ThreadStatus::kDone;
          next_cp.reason = done_reason(next_cp.state);
        }
      }
    }
    auto saved = store_.save(next_cp, records);
    if (!saved.ok()) return saved.error();
    cp = std::move(next_cp);
  }
  if (cp.status == ThreadStatus::kDone) breaker_.record(cp.agent, true);
  if (cp.status == ThreadStatus::kFailed || cp.status == ThreadStatus::kTripped) {
    breaker_.record(cp.agent, false);
  }
  return outcome_of(cp);
}

}  // namespace kerf::agents
