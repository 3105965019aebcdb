// The workflow patterns run by a real @dapr/dapr 3.18 WorkflowRuntime app in a second process
// (fixtures/remote-worker-app.mjs) against Flowdeck's sidecar, driven by the SDK's DaprWorkflowClient and
// Dapr's HTTP API, on SQLite and PostgreSQL; each instance is checked in the SDK, over HTTP and in history.
// Flowdeck requires an API token here: the app and the client send it as Dapr apps do (DAPR_API_TOKEN).
import { DaprWorkflowClient, LogLevel, WorkflowRuntimeStatus } from '@dapr/dapr';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { availableDatabases } from '../support/databases';
import { startWorkerApp, type Child } from './support/child-process';
import { kindsOf, scheduledIds, waitUntil, workersConnected } from './support/remote-checks';
import { startRemoteHost, type RemoteHost } from './support/remote-host';

const TOKEN = 'remote-patterns-token';

// The HTTP API reads the token from the environment on each request.
beforeAll(() => {
  vi.stubEnv('WORKFLOW_API_TOKEN', TOKEN);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

type HttpState = { instanceID: string; workflowName: string; runtimeStatus: string; createdAt: string; lastUpdatedAt: string; properties: Record<string, string> };

describe.concurrent.each(availableDatabases())('a Dapr SDK worker app runs the patterns on %s', (kind) => {
  let h: RemoteHost;
  let app: Child;
  let client: DaprWorkflowClient;

  beforeAll(async () => {
    h = await startRemoteHost(kind, { apiToken: TOKEN });
    app = await startWorkerApp(h.server.port, { DAPR_API_TOKEN: TOKEN });
    await workersConnected(h.host);
    client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(h.server.port), daprApiToken: TOKEN, logger: { level: LogLevel.Error } });
  });
  afterAll(async () => {
    await client?.stop();
    await app?.kill();
    await h?.stop();
  });

  /** GET /v1.0/workflows/dapr/{id} as JSON. */
  const overHttp = async (id: string): Promise<HttpState> => {
    const response = await fetch(`${h.workflowsUrl}/${id}`, { headers: { 'dapr-api-token': TOKEN } });
    expect(response.status, `GET ${id}`).toBe(200);
    return (await response.json()) as HttpState;
  };
  /** POST /v1.0/workflows/dapr/{path}; answers the status. */
  const post = async (path: string, body?: unknown) =>
    (await fetch(`${h.workflowsUrl}/${path}`, { method: 'POST', headers: { 'dapr-api-token': TOKEN }, body: body === undefined ? undefined : JSON.stringify(body) })).status;
  const completion = async (id: string) => {
    const done = await client.waitForWorkflowCompletion(id, true, 25);
    if (!done) throw new Error(`${id} is unknown`);
    return done;
  };
  const row = async (id: string) => (await h.host.store.getInstance(id))!;

  test('activity chaining: each result feeds the next activity; the SDK, HTTP and history agree', async () => {
    const id = await client.scheduleNewWorkflow('chainWorkflow', 5, `${kind}-chain`);
    const done = await completion(id);
    expect(done.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
    expect(JSON.parse(done.serializedOutput!)).toEqual([6, 12, 144]);
    const http = await overHttp(id);
    expect(http).toMatchObject({ instanceID: id, workflowName: 'chainWorkflow', runtimeStatus: 'COMPLETED' });
    expect(http.properties['dapr.workflow.input']).toBe(done.serializedInput);
    expect(http.properties['dapr.workflow.output']).toBe(done.serializedOutput);
    expect(new Date(http.createdAt).getTime()).toBe(done.createdAt.getTime());
    expect(new Date(http.lastUpdatedAt).getTime()).toBe(done.lastUpdatedAt.getTime());
    const history = await h.host.store.getHistory(id);
    expect(kindsOf(history)).toEqual(['ExecutionStarted', 'TaskScheduled', 'TaskCompleted', 'TaskScheduled', 'TaskCompleted', 'TaskScheduled', 'TaskCompleted', 'ExecutionCompleted']);
    // Remote histories carry the SDK's own task IDs, which start at 1.
    expect(scheduledIds(history)).toEqual([1, 2, 3]);
    expect(history.filter((e) => e.kind === 'TaskScheduled').map((e) => e.kind === 'TaskScheduled' && e.name)).toEqual(['plusOne', 'double', 'square']);
    expect((await row(id)).waitingOn).toMatchObject({ activities: [], timers: [], children: [] });
    expect((await fetch(`${h.workflowsUrl}/${id}`)).status).toBe(401); // the token is required, and the app sent it
  });

  test('fan-out/fan-in of 100 activities', async () => {
    const id = await client.scheduleNewWorkflow('fanOutWorkflow', { n: 100 }, `${kind}-fan-out`);
    const done = await completion(id);
    expect(done.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
    expect(JSON.parse(done.serializedOutput!)).toBe(2 * 5050);
    const history = await h.host.store.getHistory(id);
    expect(scheduledIds(history)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const completed = history.flatMap((e) => (e.kind === 'TaskCompleted' ? [e.taskScheduledId] : []));
    expect(completed.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  test("child workflows: results come back; the SDK's child IDs (parent:0001) are found over HTTP; waitingOn names them", async () => {
    const id = await client.scheduleNewWorkflow('parentWorkflow', { values: [1, 2, 3], seconds: 1 }, `${kind}-parent`);
    const children = [1, 2, 3].map((n) => `${id}:000${n}`);
    await waitUntil('the parent waits for its children', async () => (await row(id)).waitingOn?.children.length === 3);
    expect((await row(id)).waitingOn?.children).toEqual(children.map((instanceId, i) => ({ taskId: i + 1, instanceId, name: 'childWorkflow' })));
    await waitUntil('the first child waits on its timer', async () => (await row(children[0]))?.waitingOn?.timers.length === 1);
    expect((await row(children[0])).waitingOn?.timers[0]).toMatchObject({ taskId: 1, purpose: 'timer' });
    const done = await completion(id);
    expect(JSON.parse(done.serializedOutput!)).toEqual({ results: [2, 4, 6] });
    for (const [i, child] of children.entries()) {
      const http = await overHttp(child);
      expect([http.instanceID, http.workflowName, http.runtimeStatus, http.properties['dapr.workflow.output']]).toEqual([child, 'childWorkflow', 'COMPLETED', String(2 * (i + 1))]);
      expect((await client.getWorkflowState(child, false))?.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
      expect((await row(child)).parentInstanceId).toBe(id);
    }
    const history = await h.host.store.getHistory(id);
    expect(history.filter((e) => e.kind === 'SubOrchestrationInstanceCreated').map((e) => e.kind === 'SubOrchestrationInstanceCreated' && [e.eventId, e.instanceId])).toEqual(children.map((c, i) => [i + 1, c]));
    expect(history.filter((e) => e.kind === 'SubOrchestrationInstanceCompleted')).toHaveLength(3);
  });

  test('a failing child workflow: caught by the parent, or failing it; the child shows its own failure', async () => {
    const caught = await client.scheduleNewWorkflow('parentWorkflow', { values: [1, 2], failAt: 1, catchFailure: true }, `${kind}-parent-caught`);
    const failed = await client.scheduleNewWorkflow('parentWorkflow', { values: [1, 2], failAt: 0 }, `${kind}-parent-failed`);
    const caughtDone = await completion(caught);
    expect(caughtDone.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
    expect(JSON.parse(caughtDone.serializedOutput!).caught).toContain(`child ${caught}:0002 was told to fail`);
    const failedDone = await completion(failed);
    expect(failedDone.runtimeStatus).toBe(WorkflowRuntimeStatus.FAILED);
    expect(failedDone.workflowFailureDetails?.getErrorMessage()).toContain(`child ${failed}:0001 was told to fail`);
    const child = await overHttp(`${failed}:0001`);
    expect(child.runtimeStatus).toBe('FAILED');
    expect(child.properties['dapr.workflow.failure.error_type']).toBe('TypeError');
    expect(child.properties['dapr.workflow.failure.error_message']).toBe(`child ${failed}:0001 was told to fail`);
    const childState = await client.getWorkflowState(`${failed}:0001`, true);
    expect(childState?.workflowFailureDetails?.getErrorType()).toBe('TypeError');
    const history = await h.host.store.getHistory(failed);
    const childFailed = history.find((e) => e.kind === 'SubOrchestrationInstanceFailed');
    expect(childFailed).toMatchObject({ taskScheduledId: 1, failure: { errorType: 'TypeError', message: `child ${failed}:0001 was told to fail` } });
  });

  test("a durable timer: the instance waits on it (waitingOn), the workflow's clock moves past it", async () => {
    const id = await client.scheduleNewWorkflow('timerWorkflow', { seconds: 1 }, `${kind}-timer`);
    await waitUntil('the timer is waited on', async () => (await row(id)).waitingOn?.timers.length === 1);
    const waiting = (await row(id)).waitingOn!.timers[0];
    expect(waiting).toMatchObject({ taskId: 1, purpose: 'timer' });
    const done = await completion(id);
    expect(JSON.parse(done.serializedOutput!).waitedMs).toBeGreaterThanOrEqual(1000);
    const history = await h.host.store.getHistory(id);
    expect(kindsOf(history)).toEqual(['ExecutionStarted', 'TimerCreated', 'TimerFired', 'ExecutionCompleted']);
    const fired = history.find((e) => e.kind === 'TimerFired');
    expect(fired).toMatchObject({ timerId: 1, fireAt: waiting.fireAt });
    expect(new Date(fired!.timestamp).getTime()).toBeGreaterThanOrEqual(new Date(waiting.fireAt).getTime());
  });

  test('external events: buffered before the wait, served FIFO, names matched case-insensitively, raised by the SDK and over HTTP', async () => {
    const id = await client.scheduleNewWorkflow('eventsWorkflow', { name: 'Approval', count: 3, seconds: 2 }, `${kind}-events`);
    await waitUntil('the instance sleeps', async () => (await row(id)).waitingOn?.timers.length === 1);
    await client.raiseEvent(id, 'APPROVAL', { n: 1 });
    expect(await post(`${id}/raiseEvent/approval`, { n: 2 })).toBe(202);
    await waitUntil('the timer fired', async () => (await h.host.store.getHistory(id)).some((e) => e.kind === 'TimerFired'));
    const history = await h.host.store.getHistory(id);
    const raisedAt = history.findIndex((e) => e.kind === 'EventRaised');
    expect(raisedAt).toBeLessThan(history.findIndex((e) => e.kind === 'TimerFired'));
    expect(await post(`${id}/raiseEvent/ApProVal`, { n: 3 })).toBe(202);
    const done = await completion(id);
    expect(JSON.parse(done.serializedOutput!)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const names = (await h.host.store.getHistory(id)).flatMap((e) => (e.kind === 'EventRaised' ? [e.name] : []));
    expect(names).toEqual(['APPROVAL', 'approval', 'ApProVal']);
  });

  test('wait with a timeout (whenAny against a timer): the timeout wins, with custom status', async () => {
    const id = await client.scheduleNewWorkflow('approvalWorkflow', { seconds: 1 }, `${kind}-approval-timeout`);
    const done = await completion(id);
    expect([JSON.parse(done.serializedOutput!), done.customStatus]).toEqual(['timed out', 'timed out']);
    expect((await overHttp(id)).properties['dapr.workflow.custom_status']).toBe('timed out');
  });

  test('wait with a timeout (whenAny against a timer): the event wins; custom status shows while it waits', async () => {
    const id = await client.scheduleNewWorkflow('approvalWorkflow', { seconds: 60 }, `${kind}-approval-event`);
    await waitUntil('the instance waits', async () => (await row(id)).waitingOn?.timers.length === 1);
    expect((await client.getWorkflowState(id, true))?.customStatus).toBe('waiting for approval');
    expect((await overHttp(id)).properties['dapr.workflow.custom_status']).toBe('waiting for approval');
    await client.raiseEvent(id, 'approval', { approver: 'Ada' });
    const done = await completion(id);
    expect([JSON.parse(done.serializedOutput!), done.customStatus]).toEqual(['approved by Ada', 'approved']);
    expect((await row(id)).waitingOn?.timers).toEqual([]);
  });

  test('continue-as-new restarts with the new input and a fresh history', async () => {
    const id = await client.scheduleNewWorkflow('counterWorkflow', { n: 1, until: 4 }, `${kind}-counter`);
    const done = await completion(id);
    expect(done.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
    expect(JSON.parse(done.serializedOutput!)).toEqual({ final: 4 });
    expect(JSON.parse(done.serializedInput!)).toEqual({ n: 3, until: 4 });
    expect(done.customStatus).toBe('at 3');
    const history = await h.host.store.getHistory(id);
    expect(kindsOf(history)).toEqual(['ExecutionStarted', 'TaskScheduled', 'TaskCompleted', 'ExecutionCompleted']);
    expect(history[1]).toMatchObject({ kind: 'ExecutionStarted', input: JSON.stringify({ n: 3, until: 4 }), generation: 2 });
    expect(scheduledIds(history)).toEqual([1]);
  });

  test('continue-as-new with saveEvents carries events that arrived early over to the next generations', async () => {
    const id = await client.scheduleNewWorkflow('ticksWorkflow', { round: 0, seen: [], seconds: 1 }, `${kind}-ticks`);
    await waitUntil('the first generation sleeps', async () => (await row(id)).waitingOn?.timers.length === 1);
    for (const n of [1, 2, 3]) await client.raiseEvent(id, 'tick', n);
    const done = await completion(id);
    expect(JSON.parse(done.serializedOutput!)).toEqual([1, 2, 3]);
    const history = await h.host.store.getHistory(id);
    expect(history[1]).toMatchObject({ kind: 'ExecutionStarted', generation: 2 });
    expect(history.filter((e) => e.kind === 'EventRaised').map((e) => e.kind === 'EventRaised' && e.input)).toEqual(['3']);
  });

  test('continue-as-new with a child per generation: each generation reuses the finished child ID (id:0001)', async () => {
    const id = await client.scheduleNewWorkflow('generationsWorkflow', { round: 0, results: [] }, `${kind}-generations`);
    const done = await completion(id);
    expect([done.runtimeStatus, JSON.parse(done.serializedOutput!)]).toEqual([WorkflowRuntimeStatus.COMPLETED, [2, 4, 6]]);
    const child = await overHttp(`${id}:0001`);
    expect([child.runtimeStatus, child.properties['dapr.workflow.input'], child.properties['dapr.workflow.output']]).toEqual(['COMPLETED', JSON.stringify({ value: 3 }), '6']);
  });

  test("a remote workflow uses Flowdeck's own built-in child workflow and activity; the in-process engine runs them", async () => {
    const id = await client.scheduleNewWorkflow('mixedWorkflow', { city: 'Oslo' }, `${kind}-mixed`);
    const done = await completion(id);
    expect(JSON.parse(done.serializedOutput!)).toEqual({ greetings: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'], greeting: 'Hello Oslo!' });
    const child = await overHttp(`${id}:0001`);
    expect([child.workflowName, child.runtimeStatus]).toEqual(['HelloSequenceWorkflow', 'COMPLETED']);
    expect((await h.host.store.getActivityLogs(id)).map((l) => l.message)).toEqual(['Saying hello to Oslo']);
  });

  test('an activity in flight is in waitingOn with its SDK task ID', async () => {
    const id = await client.scheduleNewWorkflow('stepsWorkflow', { count: 1, ms: 800 }, `${kind}-activity-open`);
    await waitUntil('the activity is waited on', async () => (await row(id)).waitingOn?.activities.length === 1);
    expect((await row(id)).waitingOn?.activities[0]).toMatchObject({ taskId: 1, name: 'step', attempt: 1 });
    expect((await completion(id)).serializedOutput).toBe('1');
    expect((await row(id)).waitingOn?.activities).toEqual([]);
  });

  test('a workflow name the app does not register fails the instance (as Dapr does), seen the same in the SDK and over HTTP', async () => {
    const id = await client.scheduleNewWorkflow('notRegisteredInTheApp', undefined, `${kind}-unregistered`);
    const done = await completion(id);
    expect(done.runtimeStatus).toBe(WorkflowRuntimeStatus.FAILED);
    expect(done.workflowFailureDetails?.getErrorMessage()).toMatch(/notRegisteredInTheApp/);
    const http = await overHttp(id);
    expect([http.runtimeStatus, http.properties['dapr.workflow.failure.error_message']]).toEqual(['FAILED', done.workflowFailureDetails?.getErrorMessage()]);
  });

  test('an activity failure caught in the workflow carries its error type and message', async () => {
    const id = await client.scheduleNewWorkflow('failureWorkflow', { name: 'Cars', catchIt: true }, `${kind}-caught`);
    const done = await completion(id);
    expect(done.runtimeStatus).toBe(WorkflowRuntimeStatus.COMPLETED);
    expect(JSON.parse(done.serializedOutput!)).toEqual({ caught: expect.stringContaining('item Cars is out of stock'), type: 'RangeError' });
  });

  test('an uncaught activity failure fails the instance with failure details in the SDK, over HTTP and in history', async () => {
    const id = await client.scheduleNewWorkflow('failureWorkflow', { name: 'Cars', catchIt: false }, `${kind}-uncaught`);
    const done = await completion(id);
    expect(done.runtimeStatus).toBe(WorkflowRuntimeStatus.FAILED);
    const details = done.workflowFailureDetails!;
    expect(details.getErrorMessage()).toContain('item Cars is out of stock');
    const http = await overHttp(id);
    expect(http.runtimeStatus).toBe('FAILED');
    expect(http.properties['dapr.workflow.failure.error_type']).toBe(details.getErrorType());
    expect(http.properties['dapr.workflow.failure.error_message']).toBe(details.getErrorMessage());
    expect(http.properties['dapr.workflow.output']).toBeUndefined();
    const history = await h.host.store.getHistory(id);
    expect(history.find((e) => e.kind === 'TaskFailed')).toMatchObject({ taskScheduledId: 1, failure: { errorType: 'RangeError', message: 'item Cars is out of stock' } });
    expect(history.find((e) => e.kind === 'ExecutionCompleted')).toMatchObject({ status: 'FAILED', failure: { errorType: details.getErrorType() } });
  });

  test('retries written in workflow code: failed attempts, back-off timers, then success, or failure after the last attempt', async () => {
    const ok = await client.scheduleNewWorkflow('retryWorkflow', { failures: 2, maxAttempts: 3 }, `${kind}-retry-ok`);
    const exhausted = await client.scheduleNewWorkflow('retryWorkflow', { failures: 5, maxAttempts: 2 }, `${kind}-retry-exhausted`);
    const done = await completion(ok);
    expect(JSON.parse(done.serializedOutput!)).toBe('succeeded on attempt 3');
    const history = await h.host.store.getHistory(ok);
    expect(kindsOf(history)).toEqual([
      'ExecutionStarted',
      'TaskScheduled', 'TaskFailed', 'TimerCreated', 'TimerFired',
      'TaskScheduled', 'TaskFailed', 'TimerCreated', 'TimerFired',
      'TaskScheduled', 'TaskCompleted', 'ExecutionCompleted',
    ]);
    expect(scheduledIds(history)).toEqual([1, 2, 3, 4, 5]);
    const failed = await completion(exhausted);
    expect(failed.runtimeStatus).toBe(WorkflowRuntimeStatus.FAILED);
    expect(failed.workflowFailureDetails?.getErrorMessage()).toContain('attempt 2 failed');
  });

  test('suspend holds a raised event until resume (SDK suspend, HTTP resume)', async () => {
    const id = await client.scheduleNewWorkflow('waitWorkflow', undefined, `${kind}-suspend`);
    await client.waitForWorkflowStart(id, false, 20);
    await waitUntil('the first step is committed', async () => (await h.host.store.getHistory(id)).some((e) => e.kind === 'OrchestratorCompleted'));
    await client.suspendWorkflow(id);
    expect((await client.getWorkflowState(id, false))?.runtimeStatus).toBe(WorkflowRuntimeStatus.SUSPENDED);
    await client.raiseEvent(id, 'go', { value: 'held' });
    await new Promise((r) => setTimeout(r, 400));
    expect((await overHttp(id)).runtimeStatus).toBe('SUSPENDED');
    expect((await h.host.store.getHistory(id)).some((e) => e.kind === 'TaskScheduled')).toBe(false);
    expect(await post(`${id}/resume`)).toBe(202);
    const done = await completion(id);
    expect(JSON.parse(done.serializedOutput!)).toEqual({ value: 'held' });
    expect(kindsOf(await h.host.store.getHistory(id))).toEqual(['ExecutionStarted', 'ExecutionSuspended', 'EventRaised', 'ExecutionResumed', 'TaskScheduled', 'TaskCompleted', 'ExecutionCompleted']);
  });

  test('terminate over HTTP is recursive: the children end too; purge then deletes parent and children', async () => {
    const id = await client.scheduleNewWorkflow('parentWorkflow', { values: [1, 2], seconds: 600 }, `${kind}-terminate`);
    const children = [`${id}:0001`, `${id}:0002`];
    await waitUntil('both children wait on their timers', async () => {
      const rows = await Promise.all(children.map((c) => h.host.store.getInstance(c)));
      return rows.every((r) => r?.waitingOn?.timers.length === 1);
    });
    await expect(client.purgeWorkflow(id)).rejects.toMatchObject({ code: 9 });
    expect(await post(`${id}/terminate`)).toBe(202);
    expect((await completion(id)).runtimeStatus).toBe(WorkflowRuntimeStatus.TERMINATED);
    for (const child of children) expect((await completion(child)).runtimeStatus).toBe(WorkflowRuntimeStatus.TERMINATED);
    expect((await overHttp(children[1])).runtimeStatus).toBe('TERMINATED');
    expect(await client.purgeWorkflow(id)).toBe(true);
    for (const gone of [id, ...children]) {
      expect(await client.getWorkflowState(gone, false)).toBeUndefined();
      expect((await fetch(`${h.workflowsUrl}/${gone}`, { headers: { 'dapr-api-token': TOKEN } })).status).toBe(404);
      expect(await h.host.store.getHistory(gone)).toEqual([]);
    }
  });

  test("terminate through the SDK client is not recursive: the parent ends with the client's output, its children keep running", async () => {
    const id = await client.scheduleNewWorkflow('parentWorkflow', { values: [1, 2], seconds: 600 }, `${kind}-terminate-one`);
    const children = [`${id}:0001`, `${id}:0002`];
    await waitUntil('both children wait on their timers', async () => {
      const rows = await Promise.all(children.map((c) => h.host.store.getInstance(c)));
      return rows.every((r) => r?.waitingOn?.timers.length === 1);
    });
    await client.terminateWorkflow(id, { reason: 'parent only' });
    const done = await completion(id);
    expect([done.runtimeStatus, JSON.parse(done.serializedOutput!)]).toEqual([WorkflowRuntimeStatus.TERMINATED, { reason: 'parent only' }]);
    await new Promise((r) => setTimeout(r, 300));
    for (const child of children) expect((await overHttp(child)).runtimeStatus).toBe('RUNNING');
    for (const child of children) expect(await post(`${child}/terminate`)).toBe(202);
  });

  test('a scheduled start stays PENDING until its time, then runs on the remote worker', async () => {
    const startAt = new Date(Date.now() + 1500);
    const id = await client.scheduleNewWorkflow('chainWorkflow', 2, `${kind}-scheduled`, startAt);
    expect((await client.getWorkflowState(id, false))?.runtimeStatus).toBe(WorkflowRuntimeStatus.PENDING);
    expect((await overHttp(id)).runtimeStatus).toBe('PENDING');
    const done = await completion(id);
    expect(JSON.parse(done.serializedOutput!)).toEqual([3, 6, 36]);
    const history = await h.host.store.getHistory(id);
    expect(new Date(history[0].timestamp).getTime()).toBeGreaterThanOrEqual(startAt.getTime());
  });
});
