// AgentBreaker (consecutive failures per agent), thread status names and the budget check
// nodes use inside a model loop (docs/agents_runtime.md, "Breakers").
#include <string>

#include "kerf/agents/graph/runner.h"

namespace kerf::agents {

std::string_view to_string(ThreadStatus s) {
  switch (s) {
    case ThreadStatus::kRunning:
      return "running";
    case ThreadStatus::kInterrupted:
      return "interrupted";
    case ThreadStatus::kDone:
      return "done";
    case ThreadStatus::kTripped:
      return "tripped";
    case ThreadStatus::kFailed:
      return "failed";
  }
  return "unknown";
}

Result<ThreadStatus> parse_thread_status(std::string_view text) {
  for (auto s : {ThreadStatus::kRunning, ThreadStatus::kInterrupted, ThreadStatus::kDone,
                 ThreadStatus::kTripped, ThreadStatus::kFailed}) {
    if (to_string(s) == text) return s;
  }
  return Error::invalid("status", "unknown thread status '" + std::string(text) + "'");
}

Status check_budget(const NodeContext& ctx) {
  if (ctx.limits == nullptr) return ok_status();
  const Limits& l = *ctx.limits;
  if (ctx.budget.llm_calls >= l.max_llm_calls) {
    return Error::make(ErrorCode::kResourceExhausted,
                       "breaker: " + std::to_string(ctx.budget.llm_calls) + " LLM calls (limit " +
                           std::to_string(l.max_llm_calls) + ")");
  }
  if (ctx.budget.tokens >= l.max_tokens) {
    return Error::make(ErrorCode::kResourceExhausted,
                       "breaker: " + std::to_string(ctx.budget.tokens) + " tokens (limit " +
                           std::to_string(l.max_tokens) + ")");
  }
  return ok_status();
}

AgentBreaker::AgentBreaker(const Clock& clock, int64_t threshold, std::chrono::seconds cooldown)
    : clock_(clock), threshold_(threshold), cooldown_(cooldown) {}

bool AgentBreaker::allow(const std::string& agent) {
  std::lock_guard lock(mu_);
  auto it = agents_.find(agent);
  if (it == agents_.end() || !it->second.open_until) return true;
  if (clock_.now() < *it->second.open_until) return false;
  // Cooldown over: half-open. The next failure opens it again at once.
  it->second.open_until.reset();
  it->second.failures = threshold_ > 0 ? threshold_ - 1 : 0;
  return true;
}

void AgentBreaker::record(const std::string& agent, bool success) {
  std::lock_guard lock(mu_);
  State& s = agents_[agent];
  if (success) {
    s.failures = 0;
    s.open_until.reset();
    return;
  }
  ++s.failures;
  if (threshold_ > 0 && s.failures >= threshold_) {
    s.open_until = clock_.now() + std::chrono::duration_cast<Micros>(cooldown_);
  }
}

Json AgentBreaker::snapshot() const {
  std::lock_guard lock(mu_);
  Json out = Json::object();
  const TimePoint now = clock_.now();
  for (const auto& [agent, s] : agents_) {
    const bool open = s.open_until && now < *s.open_until;
    Json a = {{"state", open ? "open" : "closed"}, {"consecutive_failures", s.failures}};
    if (open) {
      a["open_for_s"] =
          std::chrono::duration_cast<std::chrono::seconds>(*s.open_until - now).count();
    }
    out[agent] = std::move(a);
  }
  return out;
}

}  // namespace kerf::agents
