// Live updates: one WebSocket to /api/v1/events (the session cookie authenticates it). Each
// committed domain event invalidates the queries it can change, so open views refetch without a
// reload; after a reconnect everything is refetched (events missed while offline are not
// replayed). Components that need the payload itself (run progress) subscribe with onEvent.
import type { QueryClient } from '@tanstack/react-query';

export interface KerfEvent {
  id: number;
  topic: string;
  at: string;
  payload: Record<string, unknown>;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

type Listener = (e: KerfEvent) => void;
const listeners = new Set<Listener>();
const stateListeners = new Set<(s: ConnectionState) => void>();
let state: ConnectionState = 'closed';

// Query-key roots (the first element of every query key) each topic prefix can change.
const invalidations: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['job.', ['jobs', 'job', 'board', 'dashboard', 'dispatch', 'kanban']],
  ['operation.', ['operations', 'job', 'board', 'dashboard', 'dispatch', 'kanban']],
  ['schedule.', ['board', 'schedule', 'runs', 'run', 'load', 'dashboard', 'dispatch', 'conflicts']],
  ['work_center.', ['work-centers', 'board', 'load', 'dispatch', 'audit']],
  ['material.', ['materials', 'trace', 'job']],
  ['sheet.', ['materials', 'trace', 'job']],
  ['calendar.', ['calendars', 'board', 'load', 'audit']],
  ['part.', ['parts', 'audit']],
  ['customer.', ['customers', 'audit']],
  // Machines: every machine event changes the live board; state changes (and machine edits)
  // also change the timeline and OEE charts. Tool wear warnings show on the tools list and the
  // punch's tile.
  ['machine.state_changed', ['machines', 'machine-history']],
  ['machine.created', ['machines', 'machine-history', 'audit']],
  ['machine.updated', ['machines', 'machine-history', 'audit']],
  ['machine.deleted', ['machines', 'machine-history', 'audit']],
  ['machine.', ['machines']],
  ['tool.life_warning', ['tools', 'machines']],
  ['tool.', ['tools', 'audit']],
  ['user.', ['users', 'audit']],
  // Sigmanest: nests change the laser queue, efficiency, traces and the plan; the sync's own
  // events change its status and tables.
  ['nest.cut', ['nests', 'trace', 'job', 'materials', 'board', 'dispatch']],
  ['nest.', ['nests', 'trace', 'board', 'dispatch']],
  ['sigmanest.', ['sigmanest']],
  // Agents: an approval opened or decided changes the inbox, its badge and the thread waiting
  // for it; a decision applies its action (job priority, holds, calendars, substitutions).
  ['approval.opened', ['approvals', 'agents', 'jobs', 'job']],
  ['approval.', ['approvals', 'agents', 'jobs', 'job', 'board', 'dispatch', 'calendars', 'audit']],
  ['agent.', ['agents']],
];

// The query-key roots an event topic invalidates.
export function keysForTopic(topic: string): readonly string[] {
  const hit = invalidations.find(([prefix]) => topic.startsWith(prefix));
  return hit ? hit[1] : [];
}

// Calls `fn` for every event until the returned function is called.
export function onEvent(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function onConnectionState(fn: (s: ConnectionState) => void): () => void {
  stateListeners.add(fn);
  fn(state);
  return () => stateListeners.delete(fn);
}

function setState(s: ConnectionState) {
  state = s;
  stateListeners.forEach((fn) => fn(s));
}

// Delay before reconnect attempt `n` (0-based): exponential from 0.5 s to 30 s, with jitter.
export function backoffMs(n: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** n);
  return Math.round(base / 2 + random() * (base / 2));
}

// Opens the socket and keeps it open until the returned function is called.
export function connectEvents(client: QueryClient): () => void {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let pending = new Set<string>();
  let flush: ReturnType<typeof setTimeout> | undefined;

  const invalidate = (roots: Iterable<string>) => {
    for (const root of roots) void client.invalidateQueries({ queryKey: [root] });
  };

  const open = () => {
    if (stopped) return;
    setState('connecting');
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/events`);
    socket.onopen = () => {
      const reconnect = attempt > 0;
      attempt = 0;
      setState('open');
      if (reconnect) void client.invalidateQueries();
    };
    socket.onmessage = (msg) => {
      let event: KerfEvent;
      try {
        event = JSON.parse(String(msg.data)) as KerfEvent;
      } catch {
        return;
      }
      listeners.forEach((fn) => fn(event));
      keysForTopic(event.topic).forEach((k) => pending.add(k));
      // Coalesce bursts (a commit emits many events) into one refetch per query.
      if (flush === undefined) {
        flush = setTimeout(() => {
          flush = undefined;
          const roots = pending;
          pending = new Set();
          invalidate(roots);
        }, 150);
      }
    };
    socket.onclose = (ev) => {
      socket = null;
      setState('closed');
      if (stopped) return;
      if (ev.code === 1008) {
        // The session ended (logout, expiry): the auth query decides what to show.
        void client.invalidateQueries({ queryKey: ['me'] });
      }
      timer = setTimeout(open, backoffMs(attempt++));
    };
  };

  open();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    if (flush !== undefined) clearTimeout(flush);
    socket?.close();
  };
}
