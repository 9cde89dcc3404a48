// Response shapes of the admin routes as the server sends them (checked with curl against
// `kerf serve --demo`); cast once per call in api.ts until openapi.json carries response schemas.

export interface Page<T> {
  items: T[];
  total: number;
}

export const ROLES = ['admin', 'planner', 'lead', 'operator', 'quality', 'shipping'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  username: string;
  display_name: string;
  roles: string[];
  active: boolean;
  version: number;
  // Only in the answer of PUT /users/{id}/badge: the user reads (GET /users, /users/{id}) omit it.
  has_badge?: boolean;
}

export const WC_STATUSES = ['available', 'down', 'maintenance'] as const;
export type WorkCenterStatus = (typeof WC_STATUSES)[number];

export interface Capabilities {
  processes: string[];
  materials: string[];
  max_thickness_mm: number;
  max_sheet_length_mm: number;
  max_sheet_width_mm: number;
  tonnage: number;
}

export interface WorkCenter {
  id: number;
  code: string;
  name: string;
  department: string;
  status: WorkCenterStatus;
  efficiency: number;
  calendar_id: number | null;
  cost_rate_cents_per_hour: number;
  capabilities: Capabilities;
  version: number;
}

// Minutes since plant-local midnight of the weekday (end may pass 1440 for a night shift).
export interface ShiftBreak {
  start_minute: number;
  end_minute: number;
}

export interface Shift {
  name: string;
  start_minute: number;
  end_minute: number;
  breaks: ShiftBreak[];
}

export interface Overtime {
  start: string;
  end: string;
  reason?: string;
}

// week[0] is Monday .. week[6] Sunday; holidays are plant-local dates (YYYY-MM-DD).
export interface Calendar {
  id: number;
  name: string;
  week: Shift[][];
  holidays: string[];
  overtime: Overtime[];
  version: number;
}

export const MATERIALS = [
  'stainless_304',
  'stainless_316',
  'mild_steel',
  'aluminium_5052',
  'galvanised',
] as const;

export const PROCESSES = [
  'laser_cut',
  'punch',
  'bend',
  'panel_bend',
  'roll',
  'tig_weld',
  'mig_weld',
  'spot_weld',
  'stud_weld',
  'grind',
  'polish',
  'assemble',
  'inspect',
  'pack',
  'ship',
] as const;

export interface Part {
  id: number;
  number: string;
  revision: string;
  description: string;
  material: string;
  assembly: boolean;
  thickness_mm: number;
  flat_length_mm: number;
  flat_width_mm: number;
  weight_kg: number;
  version: number;
}

export const TOOL_KINDS = ['punch', 'die', 'form_tool', 'brake_punch', 'brake_die'] as const;

export interface Tool {
  id: number;
  code: string;
  kind: string;
  description: string;
  life_hits_max: number;
  hits_used: number;
  version: number;
}

export interface Customer {
  id: number;
  code: string;
  name: string;
  vip: boolean;
  version: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor_user_id: number;
  actor: string;
  entity: string;
  entity_id: number;
  action: string;
  before: unknown;
  after: unknown;
}
