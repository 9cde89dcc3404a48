// The shop agents as `kerf serve` runs them (kerf/agents/shop/runtime.h): [agents] and [llm] from
// kerf.toml (docs/agents.md, docs/llm.md), the language-model client when one is configured and
// allowed, the AgentRuntime over the server's Services and SchedulingService. The runtime runs
// on one node of the plant (lease "agents"); the API reaches it as the app::AgentsPort.
#pragma once

#include <memory>

#include "kerf/agents/shop/runtime.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/core/config.h"
#include "kerf/core/result.h"

namespace kerf::cli {

// nullptr when the agents are off (agents.enabled = false, or KERF_AGENTS=false which wins over
// the file). Errors name the config key ("llm.url: ...", "agents.poll_period_ms: ...",
// "KERF_AGENTS: ..."). A model that is configured but may not be used (shop data to a remote
// host without llm.share_shop_data) is logged with the reason; the agents then run their
// deterministic paths. `services` and `scheduling` must outlive the runtime.
Result<std::unique_ptr<agents::AgentRuntime>> start_agents(
    app::Services& services, app::scheduling::SchedulingService& scheduling,
    const Settings& settings);

}  // namespace kerf::cli
