// Migration 5: machines, their state timeline and telemetry (issue 11).
// - machines: master data (code, name, work center, protocol, endpoint, ideal cycle) plus the
//   current state columns the machine sink keeps up to date (state, since, last signal, program,
//   alarm, cumulative parts, mounted tool). Times in BIGINT microseconds like every other
//   timestamp column; wc_down_by_kerf remembers that the down watch set the work center down.
// - machine_state_intervals: the state timeline, [from_ms, to_ms) in UTC milliseconds; the open
//   interval has to_ms NULL (at most one per machine).
// - machine_metrics: every sample (one row per sample). On PostgreSQL range-partitioned by ts_ms
//   (a DEFAULT partition; monthly partitions can be attached by an operator) with a BRIN index
//   on ts_ms; on SQLite a plain table. Both have the (machine_id, signal, ts_ms) index.
// - machine_rollups: hourly min/max/avg/count per signal; machine_state_hours: seconds per state
//   per hour. Written by the hourly rollup task, kept past metrics retention.
// - machine_part_events: one row per parts delta (good parts counted by a machine), the OEE
//   good count; operation_machine_actuals: per operation and machine, counts and run time.
// docs/store.md describes each table.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV5 = R"SQL(
CREATE TABLE machines (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  code TEXT NOT NULL UNIQUE CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  work_center_id BIGINT REFERENCES work_centers(id),
  protocol TEXT NOT NULL CHECK (protocol IN ('mqtt','sparkplug','mtconnect','opcua','scan')),
  endpoint TEXT NOT NULL DEFAULT '',
  ideal_cycle_s DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (ideal_cycle_s >= 0),
  active BOOLEAN NOT NULL DEFAULT TRUE,
  state TEXT NOT NULL DEFAULT 'UNKNOWN'
    CHECK (state IN ('UNKNOWN','DOWN','SETUP','RUN','PAUSED','IDLE')),
  state_since BIGINT,
  last_signal_at BIGINT,
  program TEXT NOT NULL DEFAULT '',
  alarm_code TEXT NOT NULL DEFAULT '',
  alarm_text TEXT NOT NULL DEFAULT '',
  part_count_total BIGINT NOT NULL DEFAULT 0,
  mounted_tool TEXT NOT NULL DEFAULT '',
  wc_down_by_kerf BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX machines_work_center ON machines (work_center_id);
CREATE TABLE machine_state_intervals (
  {{id}},
  machine_id BIGINT NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('UNKNOWN','DOWN','SETUP','RUN','PAUSED','IDLE')),
  from_ms BIGINT NOT NULL,
  to_ms BIGINT,
  operation_id BIGINT REFERENCES job_routings(id) ON DELETE SET NULL,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX machine_state_intervals_machine ON machine_state_intervals (machine_id, from_ms);
{{sqlite}}
CREATE TABLE machine_metrics (
  machine_id BIGINT NOT NULL,
  signal TEXT NOT NULL,
  ts_ms BIGINT NOT NULL,
  num DOUBLE PRECISION,
  text TEXT,
  quality TEXT NOT NULL
);
{{/sqlite}}
{{postgres}}
CREATE TABLE machine_metrics (
  machine_id BIGINT NOT NULL,
  signal TEXT NOT NULL,
  ts_ms BIGINT NOT NULL,
  num DOUBLE PRECISION,
  text TEXT,
  quality TEXT NOT NULL
) PARTITION BY RANGE (ts_ms);
CREATE TABLE machine_metrics_default PARTITION OF machine_metrics DEFAULT;
CREATE INDEX machine_metrics_ts_brin ON machine_metrics USING BRIN (ts_ms);
{{/postgres}}
CREATE INDEX machine_metrics_series ON machine_metrics (machine_id, signal, ts_ms);
CREATE TABLE machine_rollups (
  machine_id BIGINT NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
  signal TEXT NOT NULL,
  hour_start BIGINT NOT NULL,
  min DOUBLE PRECISION NOT NULL,
  max DOUBLE PRECISION NOT NULL,
  avg DOUBLE PRECISION NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (machine_id, signal, hour_start)
);
CREATE TABLE machine_state_hours (
  machine_id BIGINT NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
  hour_start BIGINT NOT NULL,
  state TEXT NOT NULL,
  seconds DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (machine_id, hour_start, state)
);
CREATE TABLE machine_part_events (
  {{id}},
  machine_id BIGINT NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
  ts_ms BIGINT NOT NULL,
  qty BIGINT NOT NULL CHECK (qty > 0),
  operation_id BIGINT REFERENCES job_routings(id) ON DELETE SET NULL
);
CREATE INDEX machine_part_events_machine ON machine_part_events (machine_id, ts_ms);
CREATE TABLE operation_machine_actuals (
  operation_id BIGINT NOT NULL REFERENCES job_routings(id) ON DELETE CASCADE,
  machine_id BIGINT NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
  machine_qty BIGINT NOT NULL DEFAULT 0,
  machine_run_ms BIGINT NOT NULL DEFAULT 0,
  first_signal_ms BIGINT,
  last_signal_ms BIGINT,
  PRIMARY KEY (operation_id, machine_id)
);
)SQL";

}  // namespace kerf::store::detail
