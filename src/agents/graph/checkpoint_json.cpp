// The checkpoint document (docs/agents_runtime.md, "Checkpoint document").
#include "kerf/agents/graph/checkpoint_json.h"

#include <string>
#include <utility>

#include "kerf/core/time_format.h"

namespace kerf::agents {
namespace {

constexpr int kFormat = 1;

// Typed field readers: each names the field path on error.
Result<const Json*> field(const Json& obj, const std::string& path, const char* key) {
  if (!obj.is_object()) return Error::invalid(path, "expected an object");
  auto it = obj.find(key);
  if (it == obj.end()) {
    return Error::invalid(path.empty() ? key : path + "." + key, "missing");
  }
  return &*it;
}

std::string join(const std::string& path, const char* key) {
  return path.empty() ? std::string(key) : path + "." + key;
}

Result<std::string> get_string(const Json& obj, const std::string& path, const char* key) {
  auto f = field(obj, path, key);
  if (!f.ok()) return f.error();
  if (!(*f)->is_string()) return Error::invalid(join(path, key), "expected a string");
  return (*f)->get<std::string>();
}

Result<int64_t> get_int(const Json& obj, const std::string& path, const char* key) {
  auto f = field(obj, path, key);
  if (!f.ok()) return f.error();
  if (!(*f)->is_number_integer()) return Error::invalid(join(path, key), "expected an integer");
  return (*f)->get<int64_t>();
}

Result<TimePoint> get_time(const Json& obj, const std::string& path, const char* key) {
  auto s = get_string(obj, path, key);
  if (!s.ok()) return s.error();
  auto t = parse_iso8601(*s);
  if (!t.ok()) return Error::invalid(join(path, key), t.error().message);
  return *t;
}

Result<std::vector<std::string>> get_strings(const Json& obj, const std::string& path,
                                             const char* key) {
  auto f = field(obj, path, key);
  if (!f.ok()) return f.error();
  if (!(*f)->is_array()) return Error::invalid(join(path, key), "expected an array");
  std::vector<std::string> out;
  for (size_t i = 0; i < (*f)->size(); ++i) {
    const Json& v = (**f)[i];
    if (!v.is_string()) {
      return Error::invalid(join(path, key) + "/" + std::to_string(i), "expected a string");
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

// Microsecond time text: format_iso8601 keeps the fraction when non-zero.
std::string time_text(TimePoint t) { return format_iso8601(t); }

}  // namespace

Json to_json(const ToolCallRecord& call) {
  return {
      {"tool", call.tool}, {"arguments", call.arguments}, {"result", call.result}, {"ok", call.ok}};
}

Json tool_calls_to_json(const std::vector<ToolCallRecord>& calls) {
  Json out = Json::array();
  for (const auto& c : calls) out.push_back(to_json(c));
  return out;
}

Json to_json(const Interrupt& interrupt) {
  return {{"reason", interrupt.reason},
          {"approval_id", interrupt.approval_id},
          {"payload", interrupt.payload}};
}

Json to_json(const Decision& decision) {
  return {{"verdict", decision.verdict},
          {"edited", decision.edited},
          {"comment", decision.comment},
          {"decided_by", decision.decided_by},
          {"approval_id", decision.approval_id}};
}

Json to_json(const Checkpoint& cp) {
  Json visits = Json::object();
  for (const auto& [node, n] : cp.visits) visits[node] = n;
  return {{"format", kFormat},
          {"thread_id", cp.thread_id},
          {"agent", cp.agent},
          {"step", cp.step},
          {"status", std::string(to_string(cp.status))},
          {"reason", cp.reason},
          {"state", cp.state},
          {"next", cp.next},
          {"interrupt", cp.interrupt ? to_json(*cp.interrupt) : Json(nullptr)},
          {"interrupted_node", cp.interrupted_node},
          {"budget",
           {{"llm_calls", cp.budget.llm_calls},
            {"tokens", cp.budget.tokens},
            {"tool_calls", cp.budget.tool_call_fingerprints}}},
          {"visits", std::move(visits)},
          {"started_at", time_text(cp.started_at)},
          {"updated_at", time_text(cp.updated_at)},
          {"running_since", time_text(cp.running_since)}};
}

Result<Checkpoint> checkpoint_from_json(const Json& doc) {
  if (!doc.is_object()) return Error::invalid("checkpoint", "expected an object");
  auto format = get_int(doc, "", "format");
  if (!format.ok()) return format.error();
  if (*format != kFormat) {
    return Error::invalid("format", "unsupported checkpoint format " + std::to_string(*format));
  }
  Checkpoint cp;
  auto thread_id = get_string(doc, "", "thread_id");
  if (!thread_id.ok()) return thread_id.error();
  cp.thread_id = *thread_id;
  auto agent = get_string(doc, "", "agent");
  if (!agent.ok()) return agent.error();
  cp.agent = *agent;
  auto step = get_int(doc, "", "step");
  if (!step.ok()) return step.error();
  if (*step < 0) return Error::invalid("step", "must be >= 0");
  cp.step = *step;
  auto status_text = get_string(doc, "", "status");
  if (!status_text.ok()) return status_text.error();
  auto status = parse_thread_status(*status_text);
  if (!status.ok()) return status.error();
  cp.status = *status;
  auto reason = get_string(doc, "", "reason");
  if (!reason.ok()) return reason.error();
  cp.reason = *reason;
  auto state = field(doc, "", "state");
  if (!state.ok()) return state.error();
  if (!(*state)->is_object()) return Error::invalid("state", "expected an object");
  cp.state = **state;
  auto next = get_strings(doc, "", "next");
  if (!next.ok()) return next.error();
  cp.next = std::move(next).value();

  auto interrupt = field(doc, "", "interrupt");
  if (!interrupt.ok()) return interrupt.error();
  if (!(*interrupt)->is_null()) {
    const Json& i = **interrupt;
    Interrupt in;
    auto r = get_string(i, "interrupt", "reason");
    if (!r.ok()) return r.error();
    in.reason = *r;
    auto a = get_int(i, "interrupt", "approval_id");
    if (!a.ok()) return a.error();
    in.approval_id = *a;
    in.payload = i.value("payload", Json());
    cp.interrupt = std::move(in);
  }
  if (cp.status == ThreadStatus::kInterrupted && !cp.interrupt) {
    return Error::invalid("interrupt", "an interrupted checkpoint needs its interrupt");
  }
  auto node = get_string(doc, "", "interrupted_node");
  if (!node.ok()) return node.error();
  cp.interrupted_node = *node;

  auto budget = field(doc, "", "budget");
  if (!budget.ok()) return budget.error();
  auto calls = get_int(**budget, "budget", "llm_calls");
  if (!calls.ok()) return calls.error();
  cp.budget.llm_calls = *calls;
  auto tokens = get_int(**budget, "budget", "tokens");
  if (!tokens.ok()) return tokens.error();
  cp.budget.tokens = *tokens;
  auto prints = get_strings(**budget, "budget", "tool_calls");
  if (!prints.ok()) return prints.error();
  cp.budget.tool_call_fingerprints = std::move(prints).value();

  auto visits = field(doc, "", "visits");
  if (!visits.ok()) return visits.error();
  if (!(*visits)->is_object()) return Error::invalid("visits", "expected an object");
  for (auto it = (*visits)->begin(); it != (*visits)->end(); ++it) {
    if (!it.value().is_number_integer()) {
      return Error::invalid("visits." + it.key(), "expected an integer");
    }
    cp.visits[it.key()] = it.value().get<int64_t>();
  }
  auto started = get_time(doc, "", "started_at");
  if (!started.ok()) return started.error();
  cp.started_at = *started;
  auto updated = get_time(doc, "", "updated_at");
  if (!updated.ok()) return updated.error();
  cp.updated_at = *updated;
  auto since = get_time(doc, "", "running_since");
  if (!since.ok()) return since.error();
  cp.running_since = *since;
  return cp;
}

}  // namespace kerf::agents
