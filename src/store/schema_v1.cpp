// Migration 1: the initial schema. Portable SQL; {{id}} becomes the backend's auto-increment
// primary key. Times are BIGINT microseconds since the Unix epoch (UTC); booleans are BOOLEAN.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV1 = R"SQL(
CREATE TABLE plants (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  name TEXT NOT NULL CHECK (name <> ''),
  time_zone TEXT NOT NULL,
  utc_offset_minutes INTEGER NOT NULL CHECK (utc_offset_minutes BETWEEN -720 AND 840)
);

CREATE TABLE departments (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  department TEXT NOT NULL UNIQUE CHECK (department IN
    ('laser','punch','forming','welding','polishing','assembly','shipping')),
  code TEXT NOT NULL UNIQUE CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> '')
);

CREATE TABLE calendars (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  name TEXT NOT NULL UNIQUE CHECK (name <> ''),
  week_json TEXT NOT NULL,
  holidays_json TEXT NOT NULL,
  overtime_json TEXT NOT NULL
);

CREATE TABLE work_centers (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  code TEXT NOT NULL UNIQUE CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  department TEXT NOT NULL,
  processes TEXT NOT NULL,
  materials TEXT NOT NULL,
  max_thickness_mm DOUBLE PRECISION NOT NULL CHECK (max_thickness_mm >= 0),
  max_sheet_length_mm DOUBLE PRECISION NOT NULL CHECK (max_sheet_length_mm >= 0),
  max_sheet_width_mm DOUBLE PRECISION NOT NULL CHECK (max_sheet_width_mm >= 0),
  tonnage DOUBLE PRECISION NOT NULL CHECK (tonnage >= 0),
  efficiency DOUBLE PRECISION NOT NULL CHECK (efficiency > 0),
  cost_rate_cents_per_hour BIGINT NOT NULL CHECK (cost_rate_cents_per_hour >= 0),
  status TEXT NOT NULL CHECK (status IN ('available','down','maintenance')),
  calendar_id BIGINT REFERENCES calendars(id)
);

CREATE TABLE customers (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  code TEXT NOT NULL UNIQUE CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  vip BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE parts (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  number TEXT NOT NULL CHECK (number <> ''),
  revision TEXT NOT NULL CHECK (revision <> ''),
  description TEXT NOT NULL,
  material TEXT NOT NULL,
  assembly BOOLEAN NOT NULL DEFAULT FALSE,
  thickness_mm DOUBLE PRECISION NOT NULL CHECK (thickness_mm >= 0),
  flat_length_mm DOUBLE PRECISION NOT NULL CHECK (flat_length_mm >= 0),
  flat_width_mm DOUBLE PRECISION NOT NULL CHECK (flat_width_mm >= 0),
  weight_kg DOUBLE PRECISION NOT NULL CHECK (weight_kg >= 0),
  UNIQUE (number, revision)
);

CREATE TABLE bom_lines (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  parent_part_id BIGINT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
  component_part_id BIGINT NOT NULL REFERENCES parts(id),
  quantity_per BIGINT NOT NULL CHECK (quantity_per BETWEEN 1 AND 10000),
  UNIQUE (parent_part_id, component_part_id),
  CHECK (parent_part_id <> component_part_id)
);

CREATE TABLE users (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  username TEXT NOT NULL UNIQUE CHECK (username <> ''),
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  password_hash TEXT NOT NULL DEFAULT ''
);

CREATE TABLE jobs (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  number TEXT NOT NULL UNIQUE CHECK (number <> ''),
  part_id BIGINT NOT NULL REFERENCES parts(id),
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  quantity BIGINT NOT NULL CHECK (quantity BETWEEN 1 AND 1000000),
  due BIGINT NOT NULL,
  priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
  status TEXT NOT NULL CHECK (status IN
    ('planned','released','in_progress','complete','shipped','on_hold','cancelled')),
  held_from TEXT
);
CREATE INDEX jobs_status_due ON jobs (status, due);

CREATE TABLE job_routings (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  job_id BIGINT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  sequence INTEGER NOT NULL CHECK (sequence BETWEEN 1 AND 9999),
  name TEXT NOT NULL CHECK (name <> ''),
  department TEXT NOT NULL,
  process TEXT NOT NULL,
  setup_seconds BIGINT NOT NULL CHECK (setup_seconds >= 0),
  run_seconds_per_piece BIGINT NOT NULL CHECK (run_seconds_per_piece >= 0),
  transfer_seconds BIGINT NOT NULL CHECK (transfer_seconds >= 0),
  overlap_allowed BOOLEAN NOT NULL DEFAULT FALSE,
  overlap_pieces BIGINT NOT NULL CHECK (overlap_pieces >= 0),
  setup_family TEXT NOT NULL DEFAULT '',
  qty_good BIGINT NOT NULL CHECK (qty_good >= 0),
  qty_scrap BIGINT NOT NULL CHECK (qty_scrap >= 0),
  status TEXT NOT NULL CHECK (status IN ('planned','ready','running','paused','complete')),
  started_at BIGINT,
  completed_at BIGINT,
  operator_id BIGINT REFERENCES users(id),
  UNIQUE (job_id, sequence)
);

CREATE TABLE operation_work_centers (
  operation_id BIGINT NOT NULL REFERENCES job_routings(id) ON DELETE CASCADE,
  work_center_id BIGINT NOT NULL REFERENCES work_centers(id),
  seq INTEGER NOT NULL,
  PRIMARY KEY (operation_id, work_center_id)
);

CREATE TABLE schedule_runs (
  {{id}},
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed')),
  trigger_reason TEXT NOT NULL DEFAULT '',
  slot_count BIGINT NOT NULL DEFAULT 0,
  objective DOUBLE PRECISION,
  message TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id)
);

CREATE TABLE schedule_slots (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  operation_id BIGINT NOT NULL REFERENCES job_routings(id) ON DELETE CASCADE,
  work_center_id BIGINT NOT NULL REFERENCES work_centers(id),
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  pinned BOOLEAN NOT NULL DEFAULT FALSE,
  locked BOOLEAN NOT NULL DEFAULT FALSE,
  CHECK (end_at > start_at)
);
CREATE INDEX schedule_slots_wc_start ON schedule_slots (work_center_id, start_at);

CREATE TABLE heat_lots (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  number TEXT NOT NULL UNIQUE CHECK (number <> ''),
  material TEXT NOT NULL,
  mill_cert_ref TEXT NOT NULL,
  supplier TEXT NOT NULL,
  received BIGINT NOT NULL
);

CREATE TABLE material_inventory (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  material TEXT NOT NULL,
  thickness_mm DOUBLE PRECISION NOT NULL CHECK (thickness_mm > 0),
  length_mm DOUBLE PRECISION NOT NULL CHECK (length_mm > 0),
  width_mm DOUBLE PRECISION NOT NULL CHECK (width_mm > 0),
  quantity BIGINT NOT NULL CHECK (quantity >= 0),
  location TEXT NOT NULL,
  heat_lot_id BIGINT NOT NULL REFERENCES heat_lots(id),
  is_remnant BOOLEAN NOT NULL DEFAULT FALSE,
  parent_sheet_id BIGINT REFERENCES material_inventory(id),
  CHECK ((is_remnant AND parent_sheet_id IS NOT NULL AND quantity <= 1)
         OR (NOT is_remnant AND parent_sheet_id IS NULL))
);
CREATE INDEX material_inventory_material ON material_inventory (material, thickness_mm);

CREATE TABLE safety_stock (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  material TEXT NOT NULL,
  thickness_mm DOUBLE PRECISION NOT NULL CHECK (thickness_mm > 0),
  minimum_qty BIGINT NOT NULL CHECK (minimum_qty >= 0),
  UNIQUE (material, thickness_mm)
);

CREATE TABLE tools (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  code TEXT NOT NULL UNIQUE CHECK (code <> ''),
  kind TEXT NOT NULL CHECK (kind IN ('punch','die','form_tool','brake_punch','brake_die')),
  description TEXT NOT NULL DEFAULT '',
  life_hits_max BIGINT NOT NULL CHECK (life_hits_max > 0),
  hits_used BIGINT NOT NULL CHECK (hits_used >= 0)
);

CREATE TABLE certifications (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  wps TEXT NOT NULL CHECK (wps <> ''),
  expires BIGINT NOT NULL,
  UNIQUE (user_id, wps)
);

CREATE TABLE sessions (
  {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE audit_log (
  {{id}},
  occurred_at BIGINT NOT NULL,
  actor_user_id BIGINT,
  actor TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TABLE events (
  {{id}},
  topic TEXT NOT NULL CHECK (topic <> ''),
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  published BOOLEAN NOT NULL DEFAULT FALSE,
  published_at BIGINT
);
CREATE INDEX events_unpublished ON events (published, id);

CREATE TABLE sigmanest_sync_log (
  {{id}},
  occurred_at BIGINT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('import','export')),
  kind TEXT NOT NULL,
  external_ref TEXT NOT NULL DEFAULT '',
  entity TEXT NOT NULL DEFAULT '',
  entity_id BIGINT,
  status TEXT NOT NULL CHECK (status IN ('ok','error','skipped')),
  message TEXT NOT NULL DEFAULT ''
);

CREATE TABLE nests (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  program_name TEXT NOT NULL UNIQUE CHECK (program_name <> ''),
  material TEXT NOT NULL,
  thickness_mm DOUBLE PRECISION NOT NULL CHECK (thickness_mm > 0),
  sheet_id BIGINT NOT NULL REFERENCES material_inventory(id)
);

CREATE TABLE nest_parts (
  nest_id BIGINT NOT NULL REFERENCES nests(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  job_id BIGINT NOT NULL REFERENCES jobs(id),
  part_id BIGINT NOT NULL REFERENCES parts(id),
  qty BIGINT NOT NULL CHECK (qty > 0),
  PRIMARY KEY (nest_id, job_id, part_id)
);
)SQL";

}  // namespace kerf::store::detail
