// Migration 10: the shop agents (docs/agents.md, docs/approvals.md). agent_threads holds one
// row per agent thread (its status and latest super-step); agent_checkpoints one checkpoint per
// super-step (the agents' Checkpoint as JSON); agent_steps the trace (one row per node
// execution); agent_cursors the agents' named cursors over the outbox. approvals are the human
// approval gates (one row per proposal, dedupe_key unique); customer_messages the messages the
// customer liaison drafts (sent only through an approved customer_escalation). jobs gain the
// material substitution an approved material_shortage sets.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV10 = R"SQL(
CREATE TABLE agent_threads (
  id TEXT PRIMARY KEY CHECK (id <> ''),
  agent TEXT NOT NULL CHECK (agent <> ''),
  status TEXT NOT NULL CHECK (status IN ('running','interrupted','done','tripped','failed')),
  reason TEXT NOT NULL DEFAULT '',
  trigger_text TEXT NOT NULL DEFAULT '',
  step BIGINT NOT NULL DEFAULT 0 CHECK (step >= 0),
  approval_id BIGINT,
  llm_calls BIGINT NOT NULL DEFAULT 0,
  tokens BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX agent_threads_status ON agent_threads (status, updated_at);
CREATE INDEX agent_threads_agent ON agent_threads (agent, updated_at);

CREATE TABLE agent_checkpoints (
  thread_id TEXT NOT NULL REFERENCES agent_threads(id) ON DELETE CASCADE,
  step BIGINT NOT NULL CHECK (step >= 0),
  document TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (thread_id, step)
);

CREATE TABLE agent_steps (
  {{id}},
  thread_id TEXT NOT NULL REFERENCES agent_threads(id) ON DELETE CASCADE,
  step BIGINT NOT NULL,
  node TEXT NOT NULL,
  input TEXT NOT NULL DEFAULT 'null',
  output TEXT NOT NULL DEFAULT 'null',
  tool_calls TEXT NOT NULL DEFAULT '[]',
  llm_calls BIGINT NOT NULL DEFAULT 0,
  tokens BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agent_steps_thread ON agent_steps (thread_id, id);

CREATE TABLE agent_cursors (
  name TEXT PRIMARY KEY CHECK (name <> ''),
  value BIGINT NOT NULL
);

CREATE TABLE approvals (
  {{id}},
  gate TEXT NOT NULL CHECK (gate IN
    ('rush_order','overtime','quality_hold','material_shortage','customer_escalation')),
  status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','failed','expired')),
  role TEXT NOT NULL,
  thread_id TEXT NOT NULL DEFAULT '',
  dedupe_key TEXT NOT NULL UNIQUE CHECK (dedupe_key <> ''),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '{}',
  action TEXT NOT NULL DEFAULT '{}',
  applied_action TEXT,
  job_ids TEXT NOT NULL DEFAULT '[]',
  verdict TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at BIGINT,
  error TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX approvals_status_role ON approvals (status, role, id);
CREATE INDEX approvals_gate ON approvals (gate, id);

CREATE TABLE customer_messages (
  {{id}},
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  approval_id BIGINT REFERENCES approvals(id),
  job_ids TEXT NOT NULL DEFAULT '[]',
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','sent','discarded')),
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX customer_messages_customer ON customer_messages (customer_id, id);
CREATE INDEX customer_messages_approval ON customer_messages (approval_id);

ALTER TABLE jobs ADD COLUMN substitute_material TEXT;
ALTER TABLE jobs ADD COLUMN substitute_thickness_mm DOUBLE PRECISION;
)SQL";

}  // namespace kerf::store::detail
