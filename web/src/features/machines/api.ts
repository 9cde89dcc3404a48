// Server state of the machine screens, through the typed client. Query keys start with
// "machines" (live board and header, refreshed by every machine event) or "machine-history"
// (timeline, OEE: refreshed by state changes; signals poll), both roots of src/api/events.ts.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Department, MachineFields } from './types';

const path = (id: number) => ({ id: String(id) });
// Request bodies are typed by the generated schema only as objects without members; the server
// checks every member strictly (400 naming the field).
const body = (value: object): never => value as never;

export const machineKeys = {
  list: ['machines', 'list'] as const,
  timeline: (id: number, from: string, to: string) => ['machine-history', id, 'timeline', from, to] as const,
  signals: (id: number, signal: string, from: string, to: string) =>
    ['machine-history', id, 'signals', signal, from, to] as const,
  oee: (id: number, from: string, to: string, bucket: string) =>
    ['machine-history', id, 'oee', from, to, bucket] as const,
  deptOee: (dept: string, from: string, to: string) => ['machine-history', 'dept', dept, from, to] as const,
};

// Every machine with its live view (GET /machines); the admin tab reads its master data too.
export function useMachines() {
  return useQuery({
    queryKey: machineKeys.list,
    queryFn: async () => (await unwrap(api.GET('/api/v1/machines'))).items,
  });
}

export const useMachineMaster = useMachines;

export function useTimeline(id: number, from: string, to: string) {
  return useQuery({
    queryKey: machineKeys.timeline(id, from, to),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/machines/{id}/timeline', { params: { path: path(id), query: { from, to } } })))
        .items,
    placeholderData: keepPreviousData,
  });
}

export function useSignals(id: number, signal: string, from: string, to: string) {
  return useQuery({
    queryKey: machineKeys.signals(id, signal, from, to),
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/machines/{id}/signals', {
            params: { path: path(id), query: { signal, from, to, points: 240 } },
          }),
        )
      ).points,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useMachineOee(id: number, from: string, to: string, bucket: string) {
  return useQuery({
    queryKey: machineKeys.oee(id, from, to, bucket),
    queryFn: () =>
      unwrap(api.GET('/api/v1/machines/{id}/oee', { params: { path: path(id), query: { from, to, bucket } } })),
    placeholderData: keepPreviousData,
  });
}

const deptOeeQuery = (department: string, from: string, to: string) => ({
  queryKey: machineKeys.deptOee(department, from, to),
  queryFn: () => unwrap(api.GET('/api/v1/oee', { params: { query: { department, from, to, bucket: 'day' } } })),
});

export function useDepartmentOee(department: Department, from: string, to: string) {
  return useQuery({ ...deptOeeQuery(department, from, to), placeholderData: keepPreviousData });
}

// The OEE of several departments at once (the department cards).
export function useDepartmentsOee(departments: readonly Department[], from: string, to: string) {
  return useQueries({ queries: departments.map((d) => deptOeeQuery(d, from, to)) });
}

const fields = (m: MachineFields) => ({
  code: m.code,
  name: m.name,
  work_center_id: m.work_center_id,
  protocol: m.protocol,
  endpoint: m.endpoint,
  ideal_cycle_s: m.ideal_cycle_s,
  active: m.active,
});

// Admin writes; each resolves to the saved machine (delete to nothing) or throws ApiError.
export const createMachine = (m: MachineFields) => unwrap(api.POST('/api/v1/machines', { body: body(fields(m)) }));
export const updateMachine = (m: MachineFields) =>
  unwrap(api.PUT('/api/v1/machines/{id}', { params: { path: path(m.id) }, body: body({ ...fields(m), version: m.version }) }));
export const deleteMachine = (m: MachineFields) =>
  unwrap(api.DELETE('/api/v1/machines/{id}', { params: { path: path(m.id), query: { version: m.version } } }));
