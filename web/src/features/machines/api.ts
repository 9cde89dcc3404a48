// Server state of the machine screens. Query keys start with "machines" (live board and header,
// refreshed by every machine event) or "machine-history" (timeline, OEE: refreshed by state
// changes; signals poll), both roots of src/api/events.ts.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { rawFetch } from '../../api/client';
import type { Machine, MachineView, OeeReport, SignalPoint, StateInterval } from './types';

const qs = (p: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(p).map(([k, v]) => [k, String(v)])).toString();

export const machineKeys = {
  list: ['machines', 'list'] as const,
  timeline: (id: number, from: string, to: string) => ['machine-history', id, 'timeline', from, to] as const,
  signals: (id: number, signal: string, from: string, to: string) =>
    ['machine-history', id, 'signals', signal, from, to] as const,
  oee: (id: number, from: string, to: string, bucket: string) =>
    ['machine-history', id, 'oee', from, to, bucket] as const,
  deptOee: (dept: string, from: string, to: string) => ['machine-history', 'dept', dept, from, to] as const,
};

// Every machine with its live view (GET /machines).
export function useMachines() {
  return useQuery({
    queryKey: machineKeys.list,
    queryFn: async () => ((await rawFetch('/api/v1/machines')) as { items: MachineView[] }).items,
  });
}

export function useTimeline(id: number, from: string, to: string) {
  return useQuery({
    queryKey: machineKeys.timeline(id, from, to),
    queryFn: async () =>
      ((await rawFetch(`/api/v1/machines/${id}/timeline?${qs({ from, to })}`)) as { items: StateInterval[] }).items,
    placeholderData: keepPreviousData,
  });
}

export function useSignals(id: number, signal: string, from: string, to: string) {
  return useQuery({
    queryKey: machineKeys.signals(id, signal, from, to),
    queryFn: async () =>
      ((await rawFetch(`/api/v1/machines/${id}/signals?${qs({ signal, from, to, points: 240 })}`)) as {
        points: SignalPoint[];
      }).points,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useMachineOee(id: number, from: string, to: string, bucket: string) {
  return useQuery({
    queryKey: machineKeys.oee(id, from, to, bucket),
    queryFn: async () => (await rawFetch(`/api/v1/machines/${id}/oee?${qs({ from, to, bucket })}`)) as OeeReport,
    placeholderData: keepPreviousData,
  });
}

export function useDepartmentOee(department: string, from: string, to: string) {
  return useQuery({
    queryKey: machineKeys.deptOee(department, from, to),
    queryFn: async () =>
      (await rawFetch(`/api/v1/oee?${qs({ department, from, to, bucket: 'day' })}`)) as OeeReport,
    placeholderData: keepPreviousData,
  });
}

// Admin: the machines' master data (the list's items carry it).
export const useMachineMaster = useMachines;

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

const fields = (m: Machine) => ({
  code: m.code,
  name: m.name,
  work_center_id: m.work_center_id,
  protocol: m.protocol,
  endpoint: m.endpoint,
  ideal_cycle_s: m.ideal_cycle_s,
  active: m.active,
});

export const createMachine = (m: Machine) => rawFetch('/api/v1/machines', json('POST', fields(m)));
export const updateMachine = (m: Machine) =>
  rawFetch(`/api/v1/machines/${m.id}`, json('PUT', { ...fields(m), version: m.version }));
export const deleteMachine = (m: Machine) =>
  rawFetch(`/api/v1/machines/${m.id}?version=${m.version}`, { method: 'DELETE' });
