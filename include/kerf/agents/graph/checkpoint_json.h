// Checkpoint <-> JSON: the one document the app ledger stores per super-step
// (app::AgentCheckpointRow::document), and the JSON of the other runtime values that leave the
// runner (step records' tool calls, the decision written to the "decision" channel).
// docs/agents_runtime.md ("Checkpoint document") specifies every field.
#pragma once

#include "kerf/agents/graph/graph.h"
#include "kerf/agents/graph/runner.h"
#include "kerf/core/result.h"

namespace kerf::agents {

// The checkpoint document, format 1.
Json to_json(const Checkpoint& cp);
// Parses a checkpoint document; kInvalidArgument naming the field ("budget.tokens: ...") for a
// missing or mistyped field or an unknown format.
Result<Checkpoint> checkpoint_from_json(const Json& doc);

// {tool, arguments, result, ok}
Json to_json(const ToolCallRecord& call);
// [{tool, arguments, result, ok}, ...]
Json tool_calls_to_json(const std::vector<ToolCallRecord>& calls);
// {reason, approval_id, payload}
Json to_json(const Interrupt& interrupt);
// {verdict, edited, comment, decided_by, approval_id}: what Runner::resume writes to the
// "decision" channel.
Json to_json(const Decision& decision);

}  // namespace kerf::agents
