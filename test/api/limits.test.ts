// The limits of lib/engine/limits.ts as pure rules, and on the in-memory store (the SQLite and PostgreSQL stores:
// bad-input.test.ts).
import { describe, expect, test } from 'vitest';
import { WorkflowClient } from '@/lib/engine';
import { eventRaised, orchestratorStarted } from '@/lib/engine/history-builders';
import type { HistoryEvent } from '@/lib/engine/history-events';
import { MAX_EXECUTION_EVENTS, MAX_HISTORY_EVENTS, MAX_NAME_CHARS, nameProblem } from '@/lib/engine/limits';
import { decodeCursor, encodeCursor } from '@/lib/store/cursor';
import { MemoryStore } from '@/lib/store/memory-store';
import { LEASE, newInstance, stepOf } from '../store/contract/fixtures';

describe('names', () => {
  test('a name is 1 to 256 characters (code points), without control, bidirectional or unpaired surrogate characters, not padded', () => {
    expect(nameProblem('event', 'approval_received')).toBeUndefined();
    expect(nameProblem('event', '承認-✓ 2')).toBeUndefined();
    expect(nameProblem('event', '😀'.repeat(MAX_NAME_CHARS))).toBeUndefined();
    expect(nameProblem('event', '😀'.repeat(MAX_NAME_CHARS + 1))).toBe('the event name is 257 characters long; the limit is 256');
    expect(nameProblem('workflow', '')).toBe('the workflow name is empty');
    expect(nameProblem('workflow', '  ')).toBe('the workflow name is empty');
    expect(nameProblem('event', 'go ')).toBe('the event name starts or ends with white space');
    expect(nameProblem('event', 'a\u0000b')).toBe('the event name contains a control character (U+0000 at character 1)');
    expect(nameProblem('event', 'a\u0085')).toMatch(/control character \(U\+0085/);
    expect(nameProblem('event', 'a\u2028b')).toMatch(/control character \(U\+2028/);
    expect(nameProblem('event', 'a\u200Fb')).toMatch(/bidirectional formatting character \(U\+200F/);
    expect(nameProblem('event', 'a\u061Cb')).toMatch(/bidirectional formatting character \(U\+061C/);
    expect(nameProblem('event', 'a\udc00')).toMatch(/unpaired surrogate \(U\+DC00 at character 1\)/);
  });
});

describe('list cursors', () => {
  test('round-trip; anything but [whole milliseconds a Date holds, string] is a RangeError', () => {
    const cursor = encodeCursor({ createdAt: new Date('2026-12-02T00:00:00Z'), instanceId: 'a:1' });
    expect(decodeCursor(cursor)).toEqual({ createdAt: Date.parse('2026-12-02T00:00:00Z'), instanceId: 'a:1' });
    for (const value of [[1e308, 'x'], [-8.64e15 - 1, 'x'], [NaN, 'x'], [0.5, 'x'], [0, 1], [0], [0, 'x', 'y'], 'text', null]) {
      expect(() => decodeCursor(Buffer.from(JSON.stringify(value)).toString('base64url'))).toThrow(RangeError);
    }
    expect(() => decodeCursor('%%%')).toThrow(RangeError);
  });
});

describe('instance limits on the in-memory store', () => {
  async function prefilled(store: MemoryStore, events: HistoryEvent[]): Promise<void> {
    await store.createInstance(newInstance('m1', { createdAt: new Date() }));
    const [item] = await store.claimWorkflowWorkItems('w', 1, LEASE, new Date());
    await store.commitWorkflowStep('w', stepOf(item, { newEvents: [...item.messages.map((m) => m.event), ...events] }));
  }

  test('raise event stops at the execution-event limit, counting the inbox too; pause and terminate go on', async () => {
    const store = new MemoryStore();
    const client = new WorkflowClient({ store, maxPayloadBytes: 1024 });
    await prefilled(store, Array.from({ length: MAX_EXECUTION_EVENTS - 1 }, (_, i) => eventRaised(new Date(), `e${i}`, undefined)));
    await client.raiseEvent('m1', 'last');
    await expect(client.raiseEvent('m1', 'one-more')).rejects.toMatchObject({ name: 'InstanceLimitError', limit: 'executionEvents', count: MAX_EXECUTION_EVENTS });
    await client.suspendWorkflow('m1');
    await client.terminateWorkflow('m1');
  });

  test('raise event and pause stop at the history limit; terminate goes on', async () => {
    const store = new MemoryStore();
    const client = new WorkflowClient({ store, maxPayloadBytes: 1024 });
    await prefilled(store, Array.from({ length: MAX_HISTORY_EVENTS - 1 }, () => orchestratorStarted(new Date())));
    await expect(client.raiseEvent('m1', 'go')).rejects.toMatchObject({ name: 'InstanceLimitError', limit: 'historyEvents', count: MAX_HISTORY_EVENTS });
    await expect(client.suspendWorkflow('m1')).rejects.toMatchObject({ name: 'InstanceLimitError', limit: 'historyEvents' });
    await client.terminateWorkflow('m1');
  });
});
