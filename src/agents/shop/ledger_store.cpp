#include "agents/shop/ledger_store.h"

#include "agents/shop/shop_util.h"
#include "kerf/agents/graph/checkpoint_json.h"
#include "kerf/app/principal.h"

namespace kerf::agents {

using namespace shop;

std::string trigger_text(const Json& trigger) {
  if (!trigger.is_object()) return "";
  const std::string kind = str_at(trigger, "kind");
  if (kind == "event") {
    return "event " + std::to_string(int_at(trigger, "event_id")) + " " + str_at(trigger, "topic");
  }
  if (kind == "scan") {
    std::string text = "scan " + str_at(trigger, "scan");
    for (const char* key : {"department", "week_start", "key"}) {
      const std::string v = str_at(trigger, key);
      if (!v.empty()) text += " " + v;
    }
    return text;
  }
  if (kind == "ask") return "ask";
  return kind;
}

app::AgentThreadRow thread_row_of(const Checkpoint& cp) {
  app::AgentThreadRow row;
  row.id = cp.thread_id;
  row.agent = cp.agent;
  row.status = std::string(to_string(cp.status));
  row.reason = cp.reason;
  if (row.reason.empty() && cp.state.is_object()) {
    // An ended thread's reason is its outcome.
    row.reason = str_at(cp.state, "outcome");
  }
  row.trigger = trigger_text(cp.state.is_object() ? at(cp.state, "trigger") : Json());
  row.step = cp.step;
  row.approval_id =
      cp.status == ThreadStatus::kInterrupted && cp.interrupt ? cp.interrupt->approval_id : 0;
  row.llm_calls = cp.budget.llm_calls;
  row.tokens = cp.budget.tokens;
  row.created_at = cp.started_at;
  row.updated_at = cp.updated_at;
  return row;
}

Status LedgerCheckpointStore::save(const Checkpoint& cp, const std::vector<StepRecord>& steps) {
  app::AgentCheckpointRow checkpoint;
  checkpoint.thread_id = cp.thread_id;
  checkpoint.step = cp.step;
  checkpoint.document = to_json(cp);
  checkpoint.created_at = cp.updated_at;
  std::vector<app::AgentStepRow> rows;
  rows.reserve(steps.size());
  for (const auto& s : steps) {
    app::AgentStepRow row;
    row.thread_id = s.thread_id;
    row.step = s.step;
    row.node = s.node;
    row.input = s.input;
    row.output = s.output;
    row.tool_calls = tool_calls_to_json(s.tool_calls);
    row.llm_calls = s.llm_calls;
    row.tokens = s.tokens;
    row.started_at = s.started_at;
    row.duration_ms = s.duration_ms;
    row.error = s.error;
    rows.push_back(std::move(row));
  }
  return ledger_.save_checkpoint(app::agent_principal(), thread_row_of(cp), checkpoint, rows);
}

Result<Checkpoint> LedgerCheckpointStore::latest(const std::string& thread_id) {
  auto row = ledger_.latest_checkpoint(app::agent_principal(), thread_id);
  if (!row.ok()) return row.error();
  auto cp = checkpoint_from_json(row->document);
  if (!cp.ok()) {
    Error e = cp.error();
    e.message = "checkpoint of thread " + thread_id + " step " + std::to_string(row->step) + ": " +
                e.message;
    return e;
  }
  return cp;
}

}  // namespace kerf::agents
