// What the API needs from the agents (kerf/agents sits above app beside api, so the server
// reaches it through this port; the CLI passes the AgentRuntime). Null port = agents off: the
// routes answer 503 with the reason.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "kerf/app/principal.h"
#include "kerf/core/result.h"

namespace kerf::app {

class AgentsPort {
 public:
  virtual ~AgentsPort() = default;
  // A free-text request to the assistant agent (agents/shop/runtime.h AgentRuntime::ask).
  virtual Result<nlohmann::json> ask(const Principal& who, const std::string& question) = 0;
  // The agents' status document (AgentRuntime::status).
  virtual nlohmann::json status() const = 0;
};

}  // namespace kerf::app
