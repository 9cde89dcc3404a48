#include "cli/agents_runtime.h"

#include <spdlog/spdlog.h>

#include <map>
#include <string>
#include <utility>

#include "kerf/agents/llm/client.h"
#include "kerf/agents/shop/settings.h"

extern char** environ;

namespace kerf::cli {
namespace {

// The process environment: [llm] api_key_env may name any variable (OPENAI_API_KEY...).
std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

// KERF_AGENTS: "true"/"false" (also 1/0, yes/no); nullopt when unset.
Result<std::optional<bool>> agents_flag(const std::map<std::string, std::string>& env) {
  auto it = env.find("KERF_AGENTS");
  if (it == env.end() || it->second.empty()) return std::optional<bool>();
  const std::string& v = it->second;
  if (v == "1" || v == "true" || v == "yes") return std::optional<bool>(true);
  if (v == "0" || v == "false" || v == "no") return std::optional<bool>(false);
  return Error::invalid("KERF_AGENTS", "must be true or false, got '" + v + "'");
}

}  // namespace

Result<std::unique_ptr<agents::AgentRuntime>> start_agents(
    app::Services& services, app::scheduling::SchedulingService& scheduling,
    const Settings& settings) {
  const auto env = process_environment();
  auto flag = agents_flag(env);
  if (!flag.ok()) return flag.error();
  auto agent_settings = agents::parse_agent_settings(settings.config_toml);
  if (!agent_settings.ok()) return agent_settings.error();
  if (flag.value()) agent_settings->enabled = *flag.value();
  if (!agent_settings->enabled) {
    spdlog::info("agents off (agents.enabled = false or KERF_AGENTS=false)");
    return std::unique_ptr<agents::AgentRuntime>();
  }
  auto llm_settings = agents::parse_llm_settings(settings.config_toml, env);
  if (!llm_settings.ok()) return llm_settings.error();
  std::unique_ptr<agents::LlmClient> llm;
  if (llm_settings->url.empty()) {
    spdlog::info("agents: no language model configured ([llm] url empty); deterministic agents");
  } else {
    std::string why;
    llm = agents::make_openai_client(*llm_settings, services.env().clock(), &why);
    if (llm) {
      spdlog::info("agents: language model {} at {}", llm->model(), llm_settings->url);
    } else {
      spdlog::warn("agents: language model not used: {}; deterministic agents", why);
    }
  }
  auto runtime = std::make_unique<agents::AgentRuntime>(services, scheduling,
                                                        std::move(*agent_settings), std::move(llm));
  spdlog::info("agents on (poll and scans on the node holding the \"agents\" lease)");
  return runtime;
}

}  // namespace kerf::cli
