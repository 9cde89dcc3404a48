// The machine screens' data: aliases of the generated API types (src/api/schema.d.ts), so a
// changed route is a compile error here.
import type { components } from '../../api/schema';

type S = components['schemas'];

export type MachineStateName = S['MachineState'];
// GET /machines items: master data plus the live view (state, operation, parts and OEE today).
export type Machine = S['Machine'];
export type MachineView = S['Machine'];
// The members an admin edits (id 0 = a new machine).
export type MachineFields = Pick<
  Machine,
  'id' | 'version' | 'code' | 'name' | 'work_center_id' | 'protocol' | 'endpoint' | 'ideal_cycle_s' | 'active'
>;
export type Oee = S['Machine']['oee_today'];
export type StateInterval = S['MachineTimeline']['items'][number];
export type SignalPoint = S['MachineSignals']['points'][number];
export type OeeFigures = S['OeeFigures'];
export type Losses = S['OeeFigures']['losses'];
export type OeeReport = S['OeeReport'];
export type OeeBucket = S['OeeReport']['buckets'][number];
export type DepartmentOee = S['DepartmentOee'];
export type Department = S['Department'];
