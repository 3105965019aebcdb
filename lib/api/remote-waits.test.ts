// Which instances wait for an SDK worker, and which events a remote instance may wait for without saying so.
import { describe, expect, it } from 'vitest';
import { nothingWaited, type WaitingOn } from '@/lib/engine/waiting-on';
import type { WorkflowMetadata } from '@/lib/engine/registry';
import { expectedEventWaits, isWaitingForWorker, type WorkerState } from './remote-waits';

const NOW = new Date('2026-01-05T09:00:00.000Z');
const SINCE = '2026-01-05T08:59:00.000Z';
const workers = (connectedWorkers: number, registered: string[] = ['BuiltIn']): WorkerState => ({ registered: (n) => registered.includes(n), connectedWorkers });
const ORDER: WorkflowMetadata = {
  events: [
    { name: 'approval', approvePayload: { approved: true }, rejectPayload: { approved: false } },
    { name: 'cancel' },
  ],
};

const row = (waitingOn: WaitingOn, status: 'RUNNING' | 'SUSPENDED' | 'COMPLETED' = 'RUNNING') => ({ status, lastUpdatedAt: new Date(SINCE), waitingOn });
const timer = (taskId: number, fireAt: string, purpose: 'timer' | 'retry' | 'eventTimeout' = 'timer') => ({ taskId, fireAt, purpose });

describe('isWaitingForWorker', () => {
  it('is true for a running or due instance of a name this process does not run while no SDK worker is connected', () => {
    expect(isWaitingForWorker({ name: 'RemoteOrder', status: 'RUNNING' }, workers(0), NOW)).toBe(true);
    expect(isWaitingForWorker({ name: 'RemoteOrder', status: 'PENDING' }, workers(0), NOW)).toBe(true);
    expect(isWaitingForWorker({ name: 'RemoteOrder', status: 'PENDING', scheduledStartAt: new Date('2026-01-05T08:00:00Z') }, workers(0), NOW)).toBe(true);
  });

  it('is false once a worker is connected, for registered workflows, ended, paused, or not yet due instances', () => {
    expect(isWaitingForWorker({ name: 'RemoteOrder', status: 'RUNNING' }, workers(1), NOW)).toBe(false);
    expect(isWaitingForWorker({ name: 'BuiltIn', status: 'RUNNING' }, workers(0), NOW)).toBe(false);
    expect(isWaitingForWorker({ name: 'RemoteOrder', status: 'COMPLETED' }, workers(0), NOW)).toBe(false);
    expect(isWaitingForWorker({ name: 'RemoteOrder', status: 'SUSPENDED' }, workers(0), NOW)).toBe(false);
    expect(isWaitingForWorker({ name: 'RemoteOrder', status: 'PENDING', scheduledStartAt: new Date('2026-01-05T10:00:00Z') }, workers(0), NOW)).toBe(false);
  });
});

describe('expectedEventWaits', () => {
  it('offers every declared event, since the wait began, when a remote instance waits on nothing it scheduled', () => {
    const waits = expectedEventWaits(row({ ...nothingWaited(), unnamedEvent: { since: SINCE } }), ORDER, false);
    expect(waits).toEqual([
      { name: 'approval', since: SINCE, declaration: ORDER.events![0] },
      { name: 'cancel', since: SINCE, declaration: ORDER.events![1] },
    ]);
  });

  it('offers one unnamed wait when the workflow declares no events (or was never declared)', () => {
    const waiting = row({ ...nothingWaited(), unnamedEvent: { since: SINCE } });
    expect(expectedEventWaits(waiting, undefined, false)).toEqual([{ since: SINCE }]);
    expect(expectedEventWaits(waiting, { description: 'no events' }, false)).toEqual([{ since: SINCE }]);
  });

  it('offers the declared events with the first timer as deadline while the instance waits on plain timers only (a whenAny race)', () => {
    const waits = expectedEventWaits(row({ ...nothingWaited(), timers: [timer(4, '2026-01-05T10:00:00.000Z'), timer(3, '2026-01-05T09:30:00.000Z')] }), ORDER, false);
    expect(waits.map((w) => [w.name, w.since, w.deadline])).toEqual([
      ['approval', SINCE, '2026-01-05T09:30:00.000Z'],
      ['cancel', SINCE, '2026-01-05T09:30:00.000Z'],
    ]);
  });

  it('offers nothing while it waits on activities or children, for undeclared timer waits, registered workflows, reported waits or a paused instance', () => {
    const busy = { ...nothingWaited(), timers: [timer(2, '2026-01-05T10:00:00.000Z')], activities: [{ taskId: 1, name: 'ship', scheduledAt: SINCE, attempt: 1 }] };
    expect(expectedEventWaits(row(busy), ORDER, false)).toEqual([]);
    expect(expectedEventWaits(row({ ...nothingWaited(), timers: [timer(2, '2026-01-05T10:00:00.000Z')] }), undefined, false)).toEqual([]);
    expect(expectedEventWaits(row({ ...nothingWaited(), unnamedEvent: { since: SINCE } }), ORDER, true)).toEqual([]);
    expect(expectedEventWaits(row({ ...nothingWaited(), events: [{ name: 'approval', since: SINCE }] }), ORDER, false)).toEqual([]);
    expect(expectedEventWaits(row({ ...nothingWaited(), unnamedEvent: { since: SINCE } }, 'SUSPENDED'), ORDER, false)).toEqual([]);
  });
});
