// Node execution inside a super-step, subgraphs and the per-node breakers.
#include "super_step.h"

#include <exception>
#include <map>
#include <set>
#include <utility>

#include "kerf/agents/graph/checkpoint_json.h"

namespace kerf::agents::detail {
namespace {

std::string join_name(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "/" + name;
}

int64_t elapsed_ms(const Clock& clock, std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.steady_now() - since).count();
}

bool is_breaker_error(const Error& e) {
  return e.code == ErrorCode::kResourceExhausted && e.message.rfind("breaker:", 0) == 0;
}

// The update a subgraph hands its parent: per channel both schemas declare, what the subgraph
// added under the parent's reducer (appended items, the sum's increase, a changed value).
Json subgraph_delta(const StateSchema& parent, const StateSchema& sub, const Json& before,
                    const Json& after) {
  Json delta = Json::object();
  for (const auto& pc : parent.channels()) {
    bool shared = false;
    for (const auto& sc : sub.channels()) shared = shared || sc.name == pc.name;
    if (!shared || !after.contains(pc.name)) continue;
    const Json& b = before.contains(pc.name) ? before[pc.name] : pc.initial;
    const Json& a = after[pc.name];
    if (a == b) continue;
    switch (pc.reducer) {
      case Reducer::kAppend: {
        if (!a.is_array()) break;
        Json added = Json::array();
        const size_t from = b.is_array() && b.size() <= a.size() ? b.size() : 0;
        for (size_t i = from; i < a.size(); ++i) added.push_back(a[i]);
        if (!added.empty()) delta[pc.name] = std::move(added);
        break;
      }
      case Reducer::kSum:
        if (a.is_number_integer() && (b.is_number_integer() || b.is_null())) {
          delta[pc.name] = a.get<int64_t>() - (b.is_null() ? 0 : b.get<int64_t>());
        } else if (a.is_number()) {
          delta[pc.name] = a.get<double>() - (b.is_number() ? b.get<double>() : 0.0);
        }
        break;
      case Reducer::kReplace:
      case Reducer::kMergeObject:
        delta[pc.name] = a;
        break;
    }
  }
  return delta;
}

// The subgraph's starting state: its initial state with the parent's shared channels.
Result<Json> subgraph_input(const Graph& sub, const Json& snapshot) {
  auto state = sub.schema().initial(Json::object());
  if (!state.ok()) return state.error();
  for (const auto& c : sub.schema().channels()) {
    if (snapshot.contains(c.name)) (*state)[c.name] = snapshot[c.name];
  }
  return state;
}

NodeOutcome run_subgraph(const Graph& parent, const Graph& sub, const std::string& full,
                         const Json& snapshot, StepEnv& env) {
  NodeOutcome out;
  auto start = subgraph_input(sub, snapshot);
  if (!start.ok()) {
    out.failure = "node '" + full + "' failed: " + start.error().message;
    return out;
  }
  Json state = std::move(start).value();
  std::vector<std::string> next{sub.entry()};
  int64_t super_steps = 0;
  while (!next.empty()) {
    out.trip = check_before(env, full, next, super_steps);
    if (!out.trip.empty()) return out;
    std::vector<StateSchema::Update> updates;
    for (const auto& inner : next) {
      NodeOutcome r = execute_node(sub, inner, full, state, env);
      if (!r.trip.empty() || !r.failure.empty()) return r;
      if (r.result->interrupt) {
        out.failure = "node '" + join_name(full, inner) +
                      "' interrupted inside a subgraph (subgraphs must not interrupt)";
        return out;
      }
      updates.push_back({inner, std::move(r.result->update)});
    }
    auto applied = sub.schema().apply(state, updates);
    if (!applied.ok()) {
      out.failure = "subgraph '" + full + "' state update rejected: " + applied.error().message;
      return out;
    }
    auto routed = route(sub, next, *applied);
    if (!routed.ok()) {
      out.failure = "subgraph '" + full + "': " + routed.error().message;
      return out;
    }
    state = std::move(applied).value();
    next = std::move(routed).value();
    ++super_steps;
  }
  NodeResult result;
  result.update = subgraph_delta(parent.schema(), sub.schema(), snapshot, state);
  out.result = std::move(result);
  return out;
}

}  // namespace

std::string check_before(const StepEnv& env, const std::string& prefix,
                         const std::vector<std::string>& next, int64_t super_steps) {
  const Limits& l = env.limits;
  if (super_steps >= l.max_super_steps) {
    const std::string where = prefix.empty() ? "" : "subgraph '" + prefix + "' ran ";
    return "breaker: " + where + std::to_string(super_steps) + " super-steps (limit " +
           std::to_string(l.max_super_steps) + ")";
  }
  std::string after = check_after(env);
  if (!after.empty()) return after;
  for (const auto& n : next) {
    const std::string full = join_name(prefix, n);
    auto it = env.cp.visits.find(full);
    const int64_t visits = it == env.cp.visits.end() ? 0 : it->second;
    if (visits >= l.max_node_visits) {
      return "breaker: node '" + full + "' visited " + std::to_string(visits) + " times (limit " +
             std::to_string(l.max_node_visits) + ")";
    }
  }
  return "";
}

std::string check_after(const StepEnv& env) {
  const Limits& l = env.limits;
  const Budget& b = env.cp.budget;
  if (b.llm_calls > l.max_llm_calls) {
    return "breaker: " + std::to_string(b.llm_calls) + " LLM calls (limit " +
           std::to_string(l.max_llm_calls) + ")";
  }
  if (b.tokens > l.max_tokens) {
    return "breaker: " + std::to_string(b.tokens) + " tokens (limit " +
           std::to_string(l.max_tokens) + ")";
  }
  std::map<std::string, int64_t> counts;
  for (const auto& f : b.tool_call_fingerprints) {
    const int64_t n = ++counts[f];
    if (l.max_identical_tool_calls > 0 && n >= l.max_identical_tool_calls) {
      const std::string tool = f.substr(0, f.find(' '));
      return "breaker: tool call '" + tool + "' repeated " + std::to_string(n) +
             " times with the same arguments (limit " + std::to_string(l.max_identical_tool_calls) +
             ")";
    }
  }
  const auto running = env.clock.now() - env.cp.running_since;
  if (running >= l.deadline) {
    return "breaker: deadline " + std::to_string(l.deadline.count()) + "s passed (running " +
           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(running).count()) + "s)";
  }
  return "";
}

NodeOutcome execute_node(const Graph& graph, const std::string& name, const std::string& prefix,
                         const Json& snapshot, StepEnv& env) {
  const std::string full = join_name(prefix, name);
  ++env.cp.visits[full];
  StepRecord rec;
  rec.thread_id = env.cp.thread_id;
  rec.step = env.step;
  rec.node = full;
  rec.input = snapshot;
  rec.started_at = env.clock.now();
  const auto t0 = env.clock.steady_now();
  const int64_t calls0 = env.cp.budget.llm_calls;
  const int64_t tokens0 = env.cp.budget.tokens;

  NodeOutcome out;
  if (const Graph* sub = graph.subgraph(name)) {
    out = run_subgraph(graph, *sub, full, snapshot, env);
  } else if (const NodeFn* fn = graph.node(name)) {
    LlmClient* llm = env.fallback ? nullptr : env.llm;
    NodeContext ctx{snapshot, env.cp.thread_id, env.step,       env.clock,
                    llm,      env.cp.budget,    rec.tool_calls, &env.limits};
    Result<NodeResult> r = Error::internal("not run");
    try {
      r = (*fn)(ctx);
    } catch (const std::exception& e) {
      r = Error::internal(std::string("exception: ") + e.what());
    }
    if (r.ok()) {
      out.result = std::move(r).value();
    } else if (is_breaker_error(r.error())) {
      out.trip = r.error().message;
      rec.error = r.error().message;
    } else {
      out.failure = "node '" + full + "' failed: " + r.error().message;
      rec.error = r.error().message;
    }
  } else {
    out.failure = "unknown node '" + full + "'";
    rec.error = out.failure;
  }

  if (out.result) {
    rec.output = out.result->update;
    if (out.result->interrupt) {
      rec.output = {{"update", out.result->update}, {"interrupt", to_json(*out.result->interrupt)}};
    }
  } else if (!out.trip.empty() && rec.error.empty()) {
    rec.error = out.trip;
  } else if (!out.failure.empty() && rec.error.empty()) {
    rec.error = out.failure;
  }
  rec.llm_calls = env.cp.budget.llm_calls - calls0;
  rec.tokens = env.cp.budget.tokens - tokens0;
  rec.duration_ms = elapsed_ms(env.clock, t0);
  // A subgraph's own record follows its inner steps; its budget counts are in those.
  if (graph.subgraph(name) != nullptr) {
    rec.llm_calls = 0;
    rec.tokens = 0;
  }
  env.records.push_back(std::move(rec));
  if (out.trip.empty() && out.failure.empty() && !env.fallback) out.trip = check_after(env);
  if (!out.trip.empty()) out.result.reset();
  return out;
}

Result<std::vector<std::string>> route(const Graph& graph, const std::vector<std::string>& ran,
                                       const Json& state) {
  std::set<std::string> next;
  for (const auto& n : ran) {
    for (auto& to : graph.next(n, state)) {
      if (graph.node(to) == nullptr) {
        return Error::invalid("route", "node '" + n + "' routed to unknown node '" + to + "'");
      }
      next.insert(std::move(to));
    }
  }
  return std::vector<std::string>(next.begin(), next.end());
}

}  // namespace kerf::agents::detail
