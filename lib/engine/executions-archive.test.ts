// applyActions on continue-as-new: the commit keeps the closed execution (its record, the closing step's events and
// the cap), and no other step carries an archive.
import { describe, expect, it } from 'vitest';
import { applyActions } from './apply-actions';
import { executionStarted, orchestratorStarted, timerFired } from './history-builders';
import type { HistoryEvent } from './history-events';
import { DEFAULT_MAX_KEPT_EXECUTIONS } from './recovery-store';
import { runtimeStateOf } from './runtime-state';
import type { InstanceRecord } from './store';
import type { WorkflowAction } from './actions';

const T0 = '2026-03-01T10:00:00.000Z';
const NOW = new Date('2026-03-01T10:00:05.000Z');
const instance: InstanceRecord = {
  instanceId: 'mon-1',
  name: 'Monitor',
  executionId: 'e-3',
  status: 'RUNNING',
  input: '{"n":2}',
  createdAt: new Date('2026-03-01T09:00:00.000Z'),
  lastUpdatedAt: new Date(T0),
  historyLength: 2,
  version: 4,
};
/** The third execution (generation 2) of a monitor, started at T0. */
const past: HistoryEvent[] = [orchestratorStarted(T0), executionStarted(T0, { name: 'Monitor', instanceId: 'mon-1', executionId: 'e-3', input: '{"n":2}', generation: 2 })];

function step(actions: WorkflowAction[], maxKeptExecutions?: number) {
  const newEvents = [orchestratorStarted(NOW), timerFired(0, T0)];
  return applyActions({ instance, state: runtimeStateOf(past), newEvents, outcome: { actions }, consumedMessageIds: [7], now: NOW, newExecutionId: () => 'e-4', maxKeptExecutions });
}

describe('applyActions keeps the execution a continue-as-new closes', () => {
  it('records its index (generation + 1), IDs, input, the input it continued with, its times and the closing events', () => {
    const applied = step([{ kind: 'continueAsNew', input: '{"n":3}', carryOverEvents: [] }]);
    const { archive } = applied.commit;
    expect(archive?.record).toEqual({
      instanceId: 'mon-1',
      index: 3,
      executionId: 'e-3',
      name: 'Monitor',
      status: 'CONTINUED_AS_NEW',
      input: '{"n":2}',
      output: '{"n":3}',
      startedAt: new Date(T0),
      closedAt: NOW,
    });
    expect(archive?.closingEvents.map((e) => e.kind)).toEqual(['OrchestratorStarted', 'TimerFired', 'ExecutionCompleted', 'OrchestratorCompleted']);
    expect(archive?.closingEvents).toEqual(applied.events);
    expect(archive?.keep).toBe(DEFAULT_MAX_KEPT_EXECUTIONS);
    expect(applied.commit).toMatchObject({ resetHistory: true, newEvents: [], update: { executionId: 'e-4', input: '{"n":3}' } });
  });

  it('takes the cap from the step input', () => {
    expect(step([{ kind: 'continueAsNew', input: '1', carryOverEvents: [] }], 3).commit.archive?.keep).toBe(3);
  });

  it('adds nothing to a step that does not continue as new', () => {
    expect(step([{ kind: 'scheduleActivity', id: 1, name: 'check', input: undefined }]).commit.archive).toBeUndefined();
    expect(step([{ kind: 'completeWorkflow', output: '1' }]).commit.archive).toBeUndefined();
  });
});
