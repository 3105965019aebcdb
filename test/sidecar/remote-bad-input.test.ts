// Bad input on the work-item side of the gRPC sidecar, sent by a hand-written worker (a raw GetWorkItems
// stream and raw completions): answers for steps no stream holds, answers sent twice, malformed and oversized
// actions, and an action that replays differently from history. Each gets its status code and, when refused,
// changes nothing in the database. On SQLite and PostgreSQL.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toTimestamp } from '@/lib/sidecar/convert';
import type { PbOrchestratorAction } from '@/lib/sidecar/proto-types';
import { availableDatabases } from '../support/databases';
import { RawSidecarClient } from './support/raw-client';
import { openRawWorker, type RawWorker } from './support/raw-worker';
import { waitUntil, workersConnected } from './support/remote-checks';
import { startRemoteHost, type RemoteHost } from './support/remote-host';

const LIMIT = 4096;
const WORKFLOW = 'HandWrittenWorkflow';

describe.concurrent.each(availableDatabases())('bad work-item input over gRPC on %s', (kind) => {
  let h: RemoteHost;
  let worker: RawWorker;
  let raw: RawSidecarClient;

  beforeAll(async () => {
    h = await startRemoteHost(kind, { maxPayloadBytes: LIMIT });
    worker = openRawWorker(h.server.address);
    await workersConnected(h.host);
    raw = new RawSidecarClient(h.server.address);
  });
  afterAll(async () => {
    raw?.close();
    worker?.close();
    await h?.stop();
  });

  /** The instance's row and history, to show that a refused call changed nothing. */
  const snapshot = async (instanceId: string) => JSON.stringify([await h.host.store.getInstance(instanceId), await h.host.store.getHistory(instanceId)]);
  /** Starts an instance of the hand-written workflow and takes its first step off the raw stream. */
  const started = async (instanceId: string) => {
    expect(await raw.taskHub('StartInstance', { instanceId, name: WORKFLOW, input: { value: '5' } })).toMatchObject({ ok: true });
    return worker.nextStep(instanceId);
  };
  const complete = (instanceId: string, actions: PbOrchestratorAction[] | object[], customStatus?: string) =>
    raw.taskHub('CompleteOrchestratorTask', { instanceId, actions, customStatus: customStatus === undefined ? null : { value: customStatus } });
  const scheduleTask = (id: number, name: string, input?: string) => ({ id, scheduleTask: { name, input: input === undefined ? null : { value: input } } });
  const committed = (instanceId: string, kind: string) =>
    waitUntil(`${instanceId} has a ${kind}`, async () => (await h.host.store.getHistory(instanceId)).some((e) => e.kind === kind));

  test('each step arrives as the protocol defines: newEvents start with a timestamped OrchestratorStarted, history IDs echo the worker', async () => {
    const id = `${kind}-protocol`;
    const first = await started(id);
    expect(first.pastEvents).toEqual([]);
    expect(first.newEvents.map((e) => e.eventType)).toEqual(['orchestratorStarted', 'executionStarted']);
    expect(Number(first.newEvents[0].timestamp?.seconds)).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(first.newEvents[1]).toMatchObject({ executionStarted: { name: WORKFLOW, input: { value: '5' }, orchestrationInstance: { instanceId: id } } });
    expect(await complete(id, [scheduleTask(1, 'plusOne', '5')])).toMatchObject({ ok: true });
    const activity = await worker.nextActivity(id);
    expect(activity).toMatchObject({ name: 'plusOne', taskId: 1, input: { value: '5' } });
    expect(await raw.taskHub('CompleteActivityTask', { instanceId: id, taskId: 1, result: { value: '6' } })).toMatchObject({ ok: true });
    const second = await worker.nextStep(id);
    expect(second.pastEvents.map((e) => e.eventType)).toEqual(['orchestratorStarted', 'executionStarted', 'taskScheduled']);
    expect(second.pastEvents[2]).toMatchObject({ eventId: 1, taskScheduled: { name: 'plusOne' } });
    expect(second.newEvents.map((e) => e.eventType)).toEqual(['orchestratorStarted', 'taskCompleted']);
    expect(second.newEvents[1]).toMatchObject({ taskCompleted: { taskScheduledId: 1, result: { value: '6' } } });
    expect(await complete(id, [{ id: 2, completeOrchestration: { orchestrationStatus: 'ORCHESTRATION_STATUS_COMPLETED', result: { value: '6' } } }])).toMatchObject({ ok: true });
    await waitUntil('it completed', async () => (await h.host.store.getInstance(id))?.status === 'COMPLETED');
    expect((await h.host.store.getInstance(id))?.output).toBe('6');
  });

  test('a CompleteOrchestratorTask for an instance no stream holds is FAILED_PRECONDITION and writes nothing', async () => {
    const ghost = await complete(`${kind}-no-such-instance`, [scheduleTask(1, 'plusOne')]);
    expect(ghost).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION });
    expect(ghost.ok === false && ghost.details).toMatch(/no step of instance .* is waiting/);
    expect(await h.host.store.getInstance(`${kind}-no-such-instance`)).toBeUndefined();
    // An instance that exists but whose step was answered already (it waits on an hour-long timer now).
    const id = `${kind}-idle`;
    await started(id);
    expect(await complete(id, [{ id: 1, createTimer: { fireAt: toTimestamp(new Date(Date.now() + 3_600_000)) } }])).toMatchObject({ ok: true });
    await committed(id, 'TimerCreated');
    const before = await snapshot(id);
    expect(await complete(id, [scheduleTask(2, 'plusOne')])).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION });
    expect(await raw.taskHub('CompleteActivityTask', { instanceId: id, taskId: 1, result: { value: '1' } })).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION });
    expect(await snapshot(id)).toBe(before);
  });

  test('an answer sent twice: the second is refused and history is unchanged (steps and activities)', async () => {
    const id = `${kind}-twice`;
    await started(id);
    const answer = [scheduleTask(1, 'plusOne', '5')];
    expect(await complete(id, answer)).toMatchObject({ ok: true });
    await committed(id, 'TaskScheduled');
    const afterFirst = await snapshot(id);
    expect(await complete(id, answer)).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION });
    await worker.nextActivity(id);
    const result = { instanceId: id, taskId: 1, result: { value: '6' } };
    expect(await raw.taskHub('CompleteActivityTask', result)).toMatchObject({ ok: true });
    const next = await worker.nextStep(id);
    expect(await raw.taskHub('CompleteActivityTask', result)).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION });
    expect(next.newEvents.filter((e) => e.eventType === 'taskCompleted')).toHaveLength(1);
    const done = [{ id: 2, completeOrchestration: { orchestrationStatus: 'ORCHESTRATION_STATUS_COMPLETED', result: { value: '6' } } }];
    expect(await complete(id, done)).toMatchObject({ ok: true });
    await committed(id, 'ExecutionCompleted');
    expect(await complete(id, done)).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION });
    const history = await h.host.store.getHistory(id);
    expect(history.filter((e) => e.kind === 'TaskScheduled')).toHaveLength(1);
    expect(history.filter((e) => e.kind === 'TaskCompleted')).toHaveLength(1);
    expect(history.filter((e) => e.kind === 'ExecutionCompleted')).toHaveLength(1);
    const first = JSON.parse(afterFirst)[1];
    expect(JSON.parse(JSON.stringify(history.slice(0, first.length)))).toEqual(first);
  });

  test('malformed actions are INVALID_ARGUMENT with the reason, change nothing, and the step still takes a good answer', async () => {
    const id = `${kind}-malformed`;
    await started(id);
    const before = await snapshot(id);
    const failed = (actions: object[]) => ({ id: 9, completeOrchestration: { orchestrationStatus: 'ORCHESTRATION_STATUS_FAILED', ...actions[0] } });
    const cases: [string, object[], RegExp][] = [
      ['no action type', [{ id: 1 }], /no known action type/],
      ['an activity without a name', [scheduleTask(1, '')], /scheduleTask.name must be a non-empty string/],
      ['a negative task ID', [scheduleTask(-3, 'plusOne')], /action id -3 is not a task ID/],
      ['two actions with one task ID', [scheduleTask(1, 'plusOne'), scheduleTask(1, 'double')], /two actions use task ID 1/],
      ['a timer without its time', [{ id: 1, createTimer: {} }], /createTimer.fireAt is missing/],
      ['a child with an invalid instance ID', [{ id: 1, createSubOrchestration: { name: 'child', instanceId: 'has space' } }], /instance ID/i],
      ['an event without a target', [{ id: 1, sendEvent: { name: 'go' } }], /sendEvent.instance.instanceId/],
      ['a completion with status PENDING', [{ id: 1, completeOrchestration: { orchestrationStatus: 'ORCHESTRATION_STATUS_PENDING' } }], /completeOrchestration with status ORCHESTRATION_STATUS_PENDING/],
      ['a failure without failure details', [failed([{}])], /has no failure details/],
      [
        'a continue-as-new carrying over a scheduled task',
        [{ id: 1, completeOrchestration: { orchestrationStatus: 'ORCHESTRATION_STATUS_CONTINUED_AS_NEW', carryoverEvents: [{ eventId: 1, taskScheduled: { name: 'x' } }] } }],
        /may carry over raised events, suspends and resumes only/,
      ],
    ];
    for (const [what, actions, reason] of cases) {
      const answer = await complete(id, actions);
      expect(answer, what).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT });
      expect(answer.ok === false && answer.details, what).toMatch(reason);
    }
    expect(await h.host.store.getInstance(`${kind}-child`)).toBeUndefined();
    expect(await snapshot(id)).toBe(before);
    expect(await complete(id, [scheduleTask(1, 'plusOne', '5')])).toMatchObject({ ok: true });
    await committed(id, 'TaskScheduled');
  });

  test('oversized payloads in actions are INVALID_ARGUMENT and change nothing; an oversized activity result fails its task', async () => {
    const id = `${kind}-oversized`;
    await started(id);
    const before = await snapshot(id);
    const big = JSON.stringify('x'.repeat(LIMIT));
    const cases: [string, object[], string?][] = [
      ['activity input', [scheduleTask(1, 'plusOne', big)]],
      ['child input', [{ id: 1, createSubOrchestration: { name: 'child', instanceId: `${kind}-big-child`, input: { value: big } } }]],
      ['event data', [{ id: 1, sendEvent: { instance: { instanceId: `${kind}-protocol` }, name: 'go', data: { value: big } } }]],
      ['workflow output', [{ id: 1, completeOrchestration: { orchestrationStatus: 'ORCHESTRATION_STATUS_COMPLETED', result: { value: big } } }]],
      ['continue-as-new input', [{ id: 1, completeOrchestration: { orchestrationStatus: 'ORCHESTRATION_STATUS_CONTINUED_AS_NEW', result: { value: big } } }]],
      ['custom status', [scheduleTask(1, 'plusOne', '5')], 'y'.repeat(LIMIT + 1)],
    ];
    for (const [what, actions, customStatus] of cases) {
      const answer = await complete(id, actions, customStatus);
      expect(answer, what).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_PAYLOAD_TOO_LARGE' });
      expect(answer.ok === false && answer.details, what).toMatch(/limit is 4096 bytes/);
    }
    const huge = await complete(id, [scheduleTask(1, 'plusOne', JSON.stringify('z'.repeat(17 * 1024 * 1024)))]);
    expect(huge).toMatchObject({ ok: false, code: grpc.status.RESOURCE_EXHAUSTED });
    expect(await snapshot(id)).toBe(before);
    expect(await h.host.store.getInstance(`${kind}-big-child`)).toBeUndefined();
    // The step still takes a good answer; an activity result over the limit then fails that task.
    expect(await complete(id, [scheduleTask(1, 'plusOne', '5')])).toMatchObject({ ok: true });
    await worker.nextActivity(id);
    expect(await raw.taskHub('CompleteActivityTask', { instanceId: id, taskId: 1, result: { value: big } })).toMatchObject({ ok: true });
    const next = await worker.nextStep(id);
    expect(next.newEvents[1]).toMatchObject({ taskFailed: { taskScheduledId: 1, failureDetails: { errorType: 'RangeError', errorMessage: expect.stringMatching(/limit is 4096 bytes/) } } });
  });

  test('an action at a task ID history used for something else fails the instance with a NonDeterminismError naming both', async () => {
    const id = `${kind}-nondeterministic`;
    await started(id);
    expect(await complete(id, [scheduleTask(1, 'plusOne', '5')])).toMatchObject({ ok: true });
    await worker.nextActivity(id);
    expect(await raw.taskHub('CompleteActivityTask', { instanceId: id, taskId: 1, result: { value: '6' } })).toMatchObject({ ok: true });
    await worker.nextStep(id);
    // On replay the "code" now schedules a timer at task #1, where history has the activity.
    expect(await complete(id, [{ id: 1, createTimer: { fireAt: toTimestamp(new Date(Date.now() + 60_000)) } }])).toMatchObject({ ok: true });
    await waitUntil('the instance failed', async () => (await h.host.store.getInstance(id))?.status === 'FAILED');
    const row = (await h.host.store.getInstance(id))!;
    expect(row.failure?.errorType).toBe('NonDeterminismError');
    expect(row.failure?.message).toMatch(/plusOne/);
    expect(row.failure?.message).toMatch(/timer/i);
    expect(row.failure?.message).toMatch(/#1/);
    const state = await raw.taskHub<{ orchestrationState: { orchestrationStatus: string; failureDetails: { errorType: string } } }>('GetInstance', { instanceId: id, getInputsAndOutputs: true });
    expect(state.ok && state.response.orchestrationState).toMatchObject({ orchestrationStatus: 'ORCHESTRATION_STATUS_FAILED', failureDetails: { errorType: 'NonDeterminismError' } });
    const history = await h.host.store.getHistory(id);
    expect(history.filter((e) => e.kind === 'TimerCreated')).toEqual([]);
    expect(history.at(-2)).toMatchObject({ kind: 'ExecutionCompleted', status: 'FAILED' });
  });
});
