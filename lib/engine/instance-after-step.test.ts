import { describe, expect, it } from 'vitest';
import { orchestratorStarted } from './history-builders';
import { nothingWaited } from './waiting-on';
import { instanceAfterStep } from './instance-after-step';
import type { InstanceRecord, WorkflowStepCommit } from './store';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

const instance: InstanceRecord = {
  instanceId: 'a',
  name: 'Flow',
  executionId: 'e1',
  status: 'RUNNING',
  input: '1',
  customStatus: '"busy"',
  createdAt: at(0),
  lastUpdatedAt: at(1),
  waitingForEventSince: at(1),
  historyLength: 4,
  version: 3,
  waiting: { kind: 'event', name: 'go', since: at(1) },
};

function commit(patch: Partial<WorkflowStepCommit> = {}, update: Partial<WorkflowStepCommit['update']> = {}): WorkflowStepCommit {
  return {
    instanceId: 'a',
    expectedVersion: 3,
    consumedMessageIds: [],
    resetHistory: false,
    newEvents: [orchestratorStarted(at(2))],
    update: { status: 'RUNNING', waitingOn: nothingWaited(), waitingForEventSince: null, lastUpdatedAt: at(2), ...update },
    discardPendingWork: false,
    activityTasks: [],
    messages: [],
    children: [],
    ...patch,
  };
}

describe('instanceAfterStep', () => {
  it('advances the version and history length and applies the update', () => {
    const next = instanceAfterStep(instance, commit({}, { customStatus: null, output: '"x"' }));
    expect(next).toMatchObject({ version: 4, historyLength: 5, lastUpdatedAt: at(2), output: '"x"', input: '1', executionId: 'e1' });
    expect(next.customStatus).toBeUndefined();
    expect(next.waitingForEventSince).toBeUndefined();
  });

  it('keeps what the update leaves undefined and drops the listing-only fields', () => {
    const next = instanceAfterStep(instance, commit());
    expect(next.customStatus).toBe('"busy"');
    expect(next).not.toHaveProperty('waiting');
    expect(next).not.toHaveProperty('failureSummary');
  });

  it('counts a reset history from zero and takes the new execution ID', () => {
    const next = instanceAfterStep(instance, commit({ resetHistory: true }, { executionId: 'e2', input: '2' }));
    expect(next).toMatchObject({ historyLength: 1, executionId: 'e2', input: '2' });
  });

  it('leaves the instance it was given unchanged', () => {
    const copy = structuredClone(instance);
    instanceAfterStep(instance, commit({}, { status: 'COMPLETED', completedAt: at(3), durationMs: 3000 }));
    expect(instance).toEqual(copy);
  });
});
