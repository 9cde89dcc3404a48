import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffMs, connectEvents, keysForTopic, onEvent } from './events';

describe('keysForTopic', () => {
  it('maps a topic to the query roots it can change', () => {
    expect(keysForTopic('operation.completed')).toContain('board');
    expect(keysForTopic('schedule.committed')).toContain('dispatch');
    expect(keysForTopic('nothing.known')).toEqual([]);
  });

  it('maps the machine topics to the machines roots', () => {
    for (const topic of ['machine.state_changed', 'machine.alarm', 'machine.parts', 'machine.created', 'machine.updated', 'machine.deleted']) {
      expect(keysForTopic(topic)).toContain('machines');
    }
    expect(keysForTopic('machine.state_changed')).toContain('machine-history');
    expect(keysForTopic('machine.parts')).not.toContain('machine-history');
    expect(keysForTopic('tool.life_warning')).toEqual(expect.arrayContaining(['tools', 'machines']));
    expect(keysForTopic('tool.updated')).not.toContain('machines');
  });
});

describe('keysForTopic for the agents', () => {
  it('refreshes the inbox and the badge on approval events, and what a decision applies', () => {
    expect(keysForTopic('approval.opened')).toEqual(expect.arrayContaining(['approvals', 'agents']));
    expect(keysForTopic('approval.decided')).toEqual(expect.arrayContaining(['approvals', 'agents', 'job', 'board']));
    expect(keysForTopic('agent.thread.updated')).toEqual(['agents']);
  });
});

describe('backoffMs', () => {
  it('grows exponentially with jitter and is capped at 30 s', () => {
    expect(backoffMs(0, () => 0)).toBe(250);
    expect(backoffMs(0, () => 1)).toBe(500);
    expect(backoffMs(3, () => 1)).toBe(4000);
    expect(backoffMs(20, () => 1)).toBe(30000);
  });
});

class FakeSocket {
  static last: FakeSocket | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  close() {
    this.closed = true;
  }
}

describe('connectEvents', () => {
  afterEach(() => vi.useRealTimers());

  it('delivers events, invalidates their queries and refetches all after a reconnect', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    const client = new QueryClient();
    const spy = vi.spyOn(client, 'invalidateQueries');
    const seen: string[] = [];
    const off = onEvent((e) => seen.push(e.topic));
    const stop = connectEvents(client);
    const first = FakeSocket.last!;
    expect(first.url).toMatch(/\/api\/v1\/events$/);
    first.onopen?.();
    first.onmessage?.({ data: JSON.stringify({ id: 1, topic: 'job.released', at: '', payload: {} }) });
    first.onmessage?.({ data: 'not json' });
    vi.advanceTimersByTime(200);
    expect(seen).toEqual(['job.released']);
    expect(spy).toHaveBeenCalledWith({ queryKey: ['jobs'] });

    spy.mockClear();
    first.onclose?.({ code: 1006 });
    vi.advanceTimersByTime(1000);
    const second = FakeSocket.last!;
    expect(second).not.toBe(first);
    second.onopen?.();
    expect(spy).toHaveBeenCalledWith();
    stop();
    off();
    expect(second.closed).toBe(true);
    vi.unstubAllGlobals();
  });
});
