// The assistant: answers a free-text question (trigger {kind: "ask", question}; AgentRuntime::ask)
// into the channels "answer", "used_model" and "facts".
//  - With a model: a tool loop, one model call per super-step ("model"), the tool calls it asked
//    for run by "tools" over the read-only tools only (model_tools()); every result, and every
//    refused call (malformed arguments, an unknown or acting tool) with its reason, goes back
//    to the model as a tool message. The loop ends with the model's text; the runner's
//    breakers bound it (LLM calls, tokens, visits), and the model node itself stops before the
//    call budget runs out. A model failure (down, malformed reply) falls back to the
//    deterministic answer.
//  - Without a model: deterministic answers (deterministic_answer): the job numbers in the
//    question (lateness, critical chain and suggestions of the stored plan, ETA), late jobs,
//    stock levels and shortages; else what it can answer.
#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "agents/shop/shop_util.h"
#include "agents/shop/specialist_common.h"
#include "kerf/agents/llm/client.h"
#include "kerf/agents/shop/specialists.h"

namespace kerf::agents {
namespace {

using namespace shop;

// Longest tool result sent back to the model (characters).
constexpr size_t kMaxToolResult = 8000;
constexpr size_t kMaxJobsAnswered = 3;

const char* kSystemPrompt =
    "You are the planning assistant of a sheet-metal job shop's MES (kerf). Answer the user's "
    "question from facts you obtain with the tools; never invent job numbers, dates or "
    "quantities. You only explain and suggest: you cannot change anything. Be brief.";

StateSchema assistant_schema() {
  StateSchema s = specialist_schema();
  (void)s.add({"messages", Reducer::kAppend, Json::array()});
  (void)s.add({"pending", Reducer::kReplace, Json::array()});
  (void)s.add({"route", Reducer::kReplace, Json()});
  (void)s.add({"answer", Reducer::kReplace, Json()});
  (void)s.add({"used_model", Reducer::kReplace, false});
  (void)s.add({"facts", Reducer::kAppend, Json::array()});
  (void)s.add({"model_error", Reducer::kReplace, Json()});
  return s;
}

std::string question_of(const Json& state) { return str_at(at(state, "trigger"), "question"); }

Json message_json(const ChatMessage& m) {
  Json calls = Json::array();
  for (const auto& c : m.tool_calls) {
    calls.push_back({{"id", c.id}, {"name", c.name}, {"arguments", c.arguments}});
  }
  return {{"role", m.role},
          {"content", m.content},
          {"tool_calls", calls},
          {"tool_call_id", m.tool_call_id},
          {"name", m.name}};
}

ChatMessage message_of(const Json& j) {
  ChatMessage m;
  m.role = str_at(j, "role");
  m.content = str_at(j, "content");
  m.tool_call_id = str_at(j, "tool_call_id");
  m.name = str_at(j, "name");
  for (const auto& c : j.value("tool_calls", Json::array())) {
    m.tool_calls.push_back({str_at(c, "id"), str_at(c, "name"), at(c, "arguments")});
  }
  return m;
}

ChatMessage make_message(std::string role, std::string content) {
  ChatMessage m;
  m.role = std::move(role);
  m.content = std::move(content);
  return m;
}

// ---- deterministic answers ----

std::vector<std::string> job_numbers_in(const std::string& text) {
  static const std::regex kJob(R"(\b[A-Za-z]{1,5}-[0-9]+\b)");
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kJob); it != std::sregex_iterator();
       ++it) {
    std::string n = it->str();
    for (auto& ch : n) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (seen.insert(n).second) out.push_back(n);
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

bool mentions(const std::string& q, std::initializer_list<const char*> words) {
  for (const char* w : words) {
    if (q.find(w) != std::string::npos) return true;
  }
  return false;
}

std::string duration_text(int64_t s) {
  const int64_t a = s < 0 ? -s : s;
  if (a >= 86400) return hours_text(static_cast<double>(a) / 86400.0) + " day(s)";
  return hours_text(static_cast<double>(a) / 3600.0) + " h";
}

std::string reason_text(const std::string& r) {
  if (r == "job") return "waits for the job's previous operation";
  if (r == "machine") return "waits for the work center's previous job";
  if (r == "release") return "starts as early as its calendar allows";
  return r;
}

// One job's paragraph; adds its facts.
Result<std::string> explain_job(Toolbox& box, NodeContext& ctx, const TimeZone& zone,
                                const std::string& number, const Json& late_jobs, Json& facts) {
  auto job = box.call(ctx, "find_job", {{"number", number}});
  if (!job.ok()) {
    if (job.error().code == ErrorCode::kNotFound) return "I find no job numbered " + number + ".";
    return job.error();
  }
  const int64_t id = int_at(*job, "job_id");
  auto eta = box.call(ctx, "job_eta", {{"job_id", id}});
  if (!eta.ok()) return eta.error();
  const Json e = eta->value("items", Json::array()).empty() ? Json::object() : (*eta)["items"][0];
  facts.push_back({{"kind", "job"}, {"job", *job}, {"eta", e}});
  std::string text =
      number + " (" +
      str_at(e, "customer", "customer " + std::to_string(int_at(*job, "customer_id"))) +
      (at(e, "vip") == Json(true) ? ", VIP" : "") + ", due " + str_at(*job, "due").substr(0, 16) +
      ", " + str_at(*job, "status") + ", priority " + std::to_string(int_at(*job, "priority")) +
      "): ";
  const std::string status = str_at(*job, "status");
  if (status == "complete" || status == "shipped" || status == "cancelled") {
    return text + "the job is " + status + ".";
  }
  if (!at(e, "eta").is_string()) {
    text +=
        "the committed plan does not schedule all its open operations yet, so it has no "
        "ETA; run and commit the scheduler.";
    return text;
  }
  const int64_t slip = int_at(e, "slip_s");
  text +=
      "the committed plan finishes it " + when_text(zone, str_at(e, "eta")) + ", " +
      (slip > 0 ? duration_text(slip) + " late." : duration_text(slip) + " before its due date.");
  for (const auto& lj : late_jobs) {
    if (int_at(lj, "job_id") != id) continue;
    facts.push_back({{"kind", "late_job"}, {"late_job", lj}});
    std::string chain;
    for (const auto& link : lj.value("critical_chain", Json::array())) {
      chain += (chain.empty() ? "" : "; ") + str_at(link, "operation") + " (" +
               when_text(zone, str_at(link, "start")) + " to " +
               when_text(zone, str_at(link, "end")) + ") " + reason_text(str_at(link, "reason"));
    }
    if (!chain.empty()) text += " Critical chain, last operation first: " + chain + ".";
    std::string sugg;
    for (const auto& s : lj.value("suggestions", Json::array())) {
      if (s.is_string()) sugg += "\n  - " + s.get<std::string>();
    }
    if (!sugg.empty()) text += " What can be done:" + sugg;
  }
  return text;
}

Result<std::string> stock_answer(Toolbox& box, NodeContext& ctx, const std::string& q,
                                 Json& facts) {
  auto levels = box.call(ctx, "stock_levels", Json::object());
  if (!levels.ok()) return levels.error();
  std::vector<std::string> named;
  if (mentions(q, {"304"})) named.push_back("stainless_304");
  if (mentions(q, {"316"})) named.push_back("stainless_316");
  if (mentions(q, {"mild"})) named.push_back("mild_steel");
  if (mentions(q, {"galv"})) named.push_back("galvanised");
  if (mentions(q, {"alu"})) named.push_back("aluminium_5052");
  std::string text;
  std::string shorts;
  for (const auto& l : levels->value("items", Json::array())) {
    const std::string m = str_at(l, "material");
    const std::string line = m + " " + hours_text(num_at(l, "thickness_mm")) +
                             " mm: " + std::to_string(int_at(l, "available")) + " sheets (safety " +
                             std::to_string(int_at(l, "safety_minimum")) + ")";
    if (std::find(named.begin(), named.end(), m) != named.end()) text += "\n  - " + line;
    if (at(l, "short") == Json(true)) shorts += "\n  - " + line;
  }
  facts.push_back({{"kind", "stock"}, {"stock", at(*levels, "items")}});
  std::string out;
  if (!text.empty()) out += "Stock:" + text + "\n";
  out += shorts.empty() ? "No material is below its safety stock." : "Below safety stock:" + shorts;
  return out;
}

Result<std::string> deterministic_answer(Toolbox& box, NodeContext& ctx, Json& facts) {
  const std::string question = question_of(ctx.state);
  const std::string q = lower(question);
  std::vector<std::string> parts;
  const auto numbers = job_numbers_in(question);
  auto zone = box.plant_zone();
  if (!zone.ok()) return zone.error();
  Json late_jobs = Json::array();
  if (!numbers.empty() || mentions(q, {"late", "behind", "delay"})) {
    auto late = box.call(ctx, "late_jobs", {{"limit", 100}});
    if (!late.ok()) return late.error();
    late_jobs = late->value("late_jobs", Json::array());
  }
  for (size_t i = 0; i < numbers.size() && i < kMaxJobsAnswered; ++i) {
    auto text = explain_job(box, ctx, *zone, numbers[i], late_jobs, facts);
    if (!text.ok()) return text.error();
    parts.push_back(*text);
  }
  if (numbers.empty() && mentions(q, {"late", "behind", "delay"})) {
    std::string list;
    int n = 0;
    for (const auto& lj : late_jobs) {
      if (++n > 10) break;
      list += "\n  - " + str_at(lj, "number") + ": " + duration_text(int_at(lj, "tardiness_s")) +
              " late (due " + when_text(*zone, str_at(lj, "due")) + ")";
    }
    facts.push_back({{"kind", "late_jobs"}, {"count", late_jobs.size()}});
    parts.push_back(late_jobs.empty() ? "The committed plan finishes every job on time."
                                      : std::to_string(late_jobs.size()) +
                                            " job(s) finish late in the committed plan:" + list);
  }
  if (mentions(q, {"stock", "sheet", "material", "shortage", "safety", "steel", "alumin",
                   "stainless"})) {
    auto text = stock_answer(box, ctx, q, facts);
    if (!text.ok()) return text.error();
    parts.push_back(*text);
  }
  if (parts.empty()) {
    return std::string(
        "Without a language model I can answer: why a job is late and what can be done (name "
        "it, e.g. \"why is J-24072 late?\"), which jobs are late, and stock levels and "
        "shortages (\"which sheets are below safety stock?\").");
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "\n\n") + p;
  return out;
}

// ---- nodes ----

Result<NodeResult> deterministic(Toolbox& box, NodeContext& ctx) {
  Json facts = Json::array();
  auto answer = deterministic_answer(box, ctx, facts);
  if (!answer.ok()) return answer.error();
  NodeResult r;
  std::string text = *answer;
  const Json err = at(ctx.state, "model_error");
  if (err.is_string()) {
    facts.push_back({{"kind", "model_error"}, {"error", err}});
  }
  r.update["answer"] = text;
  r.update["used_model"] = false;
  r.update["facts"] = facts;
  r.update["outcome"] = "answered without the model";
  return r;
}

Result<NodeResult> model_step(Toolbox& box, NodeContext& ctx) {
  NodeResult r;
  if (!ctx.llm) {
    r.update["route"] = "deterministic";
    return r;
  }
  if (ctx.budget.llm_calls >= box.settings().limits.max_llm_calls) {
    r.update["route"] = "deterministic";
    r.update["model_error"] = "the model call budget of this request is used up";
    return r;
  }
  ChatRequest req;
  Json history = ctx.state.value("messages", Json::array());
  Json added = Json::array();
  if (history.empty()) {
    added.push_back(message_json(make_message("system", kSystemPrompt)));
    added.push_back(message_json(make_message("user", question_of(ctx.state))));
  }
  for (const auto& m : history) req.messages.push_back(message_of(m));
  for (const auto& m : added) req.messages.push_back(message_of(m));
  req.tools = box.model_tools();
  req.tool_choice = "auto";
  auto resp = ctx.llm->chat(req, ctx.budget);
  if (!resp.ok()) {
    r.update["messages"] = added;
    r.update["route"] = "deterministic";
    r.update["model_error"] = "model unavailable: " + resp.error().message;
    return r;
  }
  ChatMessage reply = resp->message;
  reply.role = "assistant";
  Json pending = Json::array();
  for (const auto& c : reply.tool_calls) {
    pending.push_back({{"id", c.id}, {"name", c.name}, {"arguments", c.arguments}});
  }
  // Refused calls stay in the history (the model asked for them) and are answered with why.
  for (const auto& c : resp->refused) {
    reply.tool_calls.push_back({c.id, c.name, Json(c.raw_arguments)});
    pending.push_back({{"id", c.id}, {"name", c.name}, {"refused", c.error}});
  }
  added.push_back(message_json(reply));
  r.update["messages"] = added;
  if (!resp->repairs.empty()) {
    Json notes = Json::array();
    for (const auto& rep : resp->repairs) notes.push_back("repaired tool call: " + rep);
    r.update["notes"] = notes;
  }
  if (pending.empty()) {
    if (reply.content.empty()) {
      r.update["route"] = "deterministic";
      r.update["model_error"] = "the model gave an empty answer";
      return r;
    }
    r.update["answer"] = reply.content;
    r.update["used_model"] = true;
    r.update["route"] = "end";
    r.update["outcome"] = "answered with the model";
    return r;
  }
  r.update["pending"] = pending;
  r.update["route"] = "tools";
  return r;
}

Result<NodeResult> tools_step(Toolbox& box, NodeContext& ctx) {
  Json messages = Json::array();
  Json facts = Json::array();
  for (const auto& call : ctx.state.value("pending", Json::array())) {
    const std::string name = str_at(call, "name");
    ChatMessage m;
    m.role = "tool";
    m.tool_call_id = str_at(call, "id");
    m.name = name;
    std::string refused = str_at(call, "refused");
    const Tool* tool = box.find(name);
    if (refused.empty() && (!tool || !tool->read_only)) {
      refused = tool ? "tool " + name + " is not available to the model" : "unknown tool " + name;
    }
    if (!refused.empty()) {
      m.content = Json{{"error", "refused: " + refused}}.dump();
      facts.push_back({{"kind", "refused_tool_call"}, {"tool", name}, {"error", refused}});
    } else {
      auto out = box.call(ctx, name, at(call, "arguments"));
      m.content = out.ok() ? out->dump() : Json{{"error", out.error().message}}.dump();
      if (m.content.size() > kMaxToolResult) {
        m.content = m.content.substr(0, kMaxToolResult) + "... (truncated)";
      }
      facts.push_back({{"kind", "tool_call"},
                       {"tool", name},
                       {"arguments", at(call, "arguments")},
                       {"ok", out.ok()}});
    }
    messages.push_back(message_json(m));
  }
  NodeResult r;
  r.update["messages"] = messages;
  r.update["facts"] = facts;
  r.update["pending"] = Json::array();
  return r;
}

Result<NodeResult> assistant_fallback(NodeContext& ctx) {
  NodeResult r;
  const std::string why = at(ctx.state, "breaker").is_string()
                              ? ctx.state["breaker"].get<std::string>()
                              : "a circuit breaker tripped";
  r.update["answer"] = "I had to stop before answering: " + why +
                       ". Ask a narrower question, or ask again without the model.";
  r.update["used_model"] = true;
  r.update["outcome"] = "stopped: " + why;
  return r;
}

}  // namespace

std::shared_ptr<const Graph> make_assistant_graph(Toolbox& box) {
  auto g = std::make_shared<Graph>("assistant", assistant_schema());
  g->add_node("model", [&box](NodeContext& ctx) { return model_step(box, ctx); });
  g->add_node("tools", [&box](NodeContext& ctx) { return tools_step(box, ctx); });
  g->add_node("deterministic", [&box](NodeContext& ctx) { return deterministic(box, ctx); });
  g->add_node("fallback", [](NodeContext& ctx) { return assistant_fallback(ctx); });
  g->set_entry("model");
  g->set_fallback("fallback");
  g->add_conditional_edges("model", [](const Json& state) -> std::vector<std::string> {
    const std::string route = str_at(state, "route");
    if (route == "tools") return {"tools"};
    if (route == "deterministic") return {"deterministic"};
    return {kEnd};
  });
  g->add_edge("tools", "model");
  return g;
}

}  // namespace kerf::agents
