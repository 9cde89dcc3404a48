// Machine views for the component tests, shaped like GET /api/v1/machines items.
import type { MachineView } from './types';

const zero = { availability: 0, performance: 0, quality: 1, oee: 0 };

export function machineView(over: Partial<MachineView> & Pick<MachineView, 'id' | 'code'>): MachineView {
  return {
    name: `Machine ${over.code}`,
    version: 1,
    endpoint: '',
    ideal_cycle_s: 0,
    active: true,
    work_center_id: 1,
    work_center_code: 'WC-1',
    department: 'laser',
    protocol: 'mtconnect',
    state: 'UNKNOWN',
    state_since: null,
    last_signal_at: null,
    program: '',
    mounted_tool: '',
    part_count_total: 0,
    alarm: null,
    current_operation: null,
    parts_today: 0,
    oee_today: zero,
    ...over,
  };
}
