import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  WorkflowRuntime,
  type HistoryEvent,
  type Task,
  type WorkflowActivityContext,
  type WorkflowClient,
  type WorkflowContext,
  type WorkflowStore,
} from '@/lib/engine';

/** A store for one test and how to dispose of it. */
export interface StoreFixture {
  store: WorkflowStore;
  dispose: () => Promise<void>;
}

/**
 * Registers the engine's semantic tests against stores made by `makeStore` (memory, SQLite, PostgreSQL).
 * With `executorCacheSize: 0` every step replays the whole history instead of reusing a live executor.
 */
export function describeEngine(label: string, makeStore: () => Promise<StoreFixture>, executorCacheSize?: number): void {
  describe(`engine on ${label}${executorCacheSize === 0 ? ' (replaying every step)' : ''}`, () => {
    let fixture: StoreFixture;
    let runtime: WorkflowRuntime;
    let client: WorkflowClient;
    const calls: string[] = [];

    beforeEach(async () => {
      fixture = await makeStore();
      calls.length = 0;
      runtime = new WorkflowRuntime({ store: fixture.store, pollIntervalMs: 50, leaseMs: 5_000, executorCacheSize, log: () => undefined });
      runtime.registerActivityWithName('echo', (_ctx: WorkflowActivityContext, input: unknown) => {
        calls.push(`echo:${JSON.stringify(input)}`);
        return input;
      });
      runtime.registerActivityWithName('boom', () => {
        calls.push('boom');
        throw new TypeError('kaboom');
      });
      client = runtime.client();
    });

    afterEach(async () => {
      await runtime.stop();
      await fixture.dispose();
    });

    const kinds = async (id: string) => (await fixture.store.getHistory(id)).map((e) => e.kind);
    const history = async (id: string): Promise<HistoryEvent[]> => fixture.store.getHistory(id);
    const until = async (check: () => Promise<boolean>, what: string, ms = 10_000) => {
      const deadline = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const statusOf = async (id: string) => (await client.getWorkflowState(id))?.runtimeStatus;

    test('chaining runs activities in order and records the event-sourced history', async () => {
      runtime.registerWorkflowWithName('chain', function* (ctx: WorkflowContext, input: number) {
        const a = (yield ctx.callActivity('echo', input + 1)) as number;
        const b = (yield ctx.callActivity('echo', a * 2)) as number;
        return [a, b];
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('chain', 1, 'chain-1');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.runtimeStatus).toBe('COMPLETED');
      expect(state?.serializedOutput).toBe('[2,4]');
      expect(state?.serializedInput).toBe('1');
      expect(calls).toEqual(['echo:2', 'echo:4']);
      const events = await kinds(id);
      expect(events[0]).toBe('OrchestratorStarted');
      expect(events[1]).toBe('ExecutionStarted');
      expect(events.filter((k) => k === 'TaskScheduled')).toHaveLength(2);
      expect(events.filter((k) => k === 'TaskCompleted')).toHaveLength(2);
      expect(events.at(-2)).toBe('ExecutionCompleted');
      const seqs = (await fixture.store.getHistory(id)).map((e) => e.sequence);
      expect(seqs).toEqual(seqs.map((_, i) => i));
    });

    test('fan-out/fan-in runs activities in parallel and collects results in order', async () => {
      runtime.registerWorkflowWithName('fan', function* (ctx: WorkflowContext, n: number) {
        const tasks = Array.from({ length: n }, (_, i) => ctx.callActivity('echo', i));
        const results = (yield ctx.whenAll(tasks)) as number[];
        return results.reduce((s, x) => s + x, 0);
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('fan', 20);
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.serializedOutput).toBe(String((19 * 20) / 2));
      expect(calls).toHaveLength(20);
    });

    test('a failed activity surfaces as a catchable TaskFailedError with type, message and stack', async () => {
      runtime.registerWorkflowWithName('catcher', function* (ctx: WorkflowContext) {
        try {
          yield ctx.callActivity('boom');
          return 'unreachable';
        } catch (error) {
          const e = error as { name: string; details: { errorType: string; message: string; stackTrace?: string } };
          yield ctx.callActivity('echo', 'compensate');
          return { name: e.name, type: e.details.errorType, message: e.details.message, hasStack: !!e.details.stackTrace };
        }
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('catcher');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(JSON.parse(state!.serializedOutput!)).toEqual({ name: 'TaskFailedError', type: 'TypeError', message: 'kaboom', hasStack: true });
      expect(calls).toEqual(['boom', 'echo:"compensate"']);
    });

    test('an uncaught error fails the instance with its failure details', async () => {
      runtime.registerWorkflowWithName('thrower', function* (ctx: WorkflowContext) {
        yield ctx.callActivity('echo', 1);
        throw new RangeError('bad input');
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('thrower');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.runtimeStatus).toBe('FAILED');
      expect(state?.workflowFailureDetails).toMatchObject({ errorType: 'RangeError', message: 'bad input' });
      expect(state?.serializedOutput).toBeUndefined();
    });

    test('retries wait on durable timers with backoff, appear in history, then succeed', async () => {
      let attempts = 0;
      runtime.registerActivityWithName('flaky', (ctx: WorkflowActivityContext) => {
        attempts++;
        if (ctx.getAttempt() < 3) throw new Error(`attempt ${ctx.getAttempt()} failed`);
        return `ok on ${ctx.getAttempt()}`;
      });
      runtime.registerWorkflowWithName('retrying', function* (ctx: WorkflowContext) {
        return (yield ctx.callActivity('flaky', undefined, {
          retryPolicy: { maxNumberOfAttempts: 4, firstRetryIntervalInMilliseconds: 50, backoffCoefficient: 2 },
        })) as unknown;
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('retrying');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.serializedOutput).toBe('"ok on 3"');
      expect(attempts).toBe(3);
      const events = await history(id);
      const retryTimers = events.filter((e) => e.kind === 'TimerCreated' && e.purpose === 'retry');
      expect(retryTimers).toHaveLength(2);
      const delays = retryTimers.map((t) => Date.parse((t as { fireAt: string }).fireAt) - Date.parse(t.timestamp));
      expect(delays).toEqual([50, 100]);
      const scheduled = events.filter((e) => e.kind === 'TaskScheduled');
      expect(scheduled.map((e) => (e as { attempt?: number }).attempt ?? 1)).toEqual([1, 2, 3]);
      expect(scheduled.map((e) => (e as { maxAttempts?: number }).maxAttempts)).toEqual([4, 4, 4]);
    });

    test('retries give up after maxNumberOfAttempts and fail the task', async () => {
      runtime.registerWorkflowWithName('hopeless', function* (ctx: WorkflowContext) {
        yield ctx.callActivity('boom', undefined, { retryPolicy: { maxNumberOfAttempts: 2, firstRetryIntervalInMilliseconds: 10 } });
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('hopeless');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.runtimeStatus).toBe('FAILED');
      expect(state?.workflowFailureDetails?.errorType).toBe('TaskFailedError');
      expect(calls).toEqual(['boom', 'boom']);
    });

    test('durable timers fire after their delay', async () => {
      runtime.registerWorkflowWithName('sleeper', function* (ctx: WorkflowContext) {
        const start = ctx.getCurrentUtcDateTime();
        yield ctx.createTimer(0.3);
        return ctx.getCurrentUtcDateTime().getTime() - start.getTime();
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('sleeper');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(Number(state?.serializedOutput)).toBeGreaterThanOrEqual(300);
      expect(await kinds(id)).toContain('TimerFired');
    });

    test('a 2 s timer fires within 1 s after its due time, without any client activity', async () => {
      runtime.registerWorkflowWithName('two-seconds', function* (ctx: WorkflowContext) {
        yield ctx.createTimer(2);
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('two-seconds');
      await until(async () => (await statusOf(id)) === 'COMPLETED', 'the timer to fire', 10_000);
      const events = await history(id);
      const fired = events.findIndex((e) => e.kind === 'TimerFired');
      const stepStart = events.slice(0, fired).reverse().find((e) => e.kind === 'OrchestratorStarted')!;
      const due = Date.parse((events[fired] as { fireAt: string }).fireAt);
      const lateBy = Date.parse(stepStart.timestamp) - due;
      expect(lateBy).toBeGreaterThanOrEqual(0);
      expect(lateBy).toBeLessThan(1_000);
    });

    test('external events: case-insensitive, FIFO per name, buffered when early', async () => {
      runtime.registerWorkflowWithName('listener', function* (ctx: WorkflowContext) {
        const first = (yield ctx.waitForExternalEvent('Approval')) as unknown;
        const second = (yield ctx.waitForExternalEvent('approval')) as unknown;
        return [first, second];
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('listener');
      await client.raiseEvent(id, 'APPROVAL', 'one'); // may arrive before the wait: buffered
      await client.raiseEvent(id, 'approval', 'two');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.serializedOutput).toBe('["one","two"]');
    });

    test('waitForExternalEvent with a timeout fails with TaskTimeoutError; whenAny races an event with a timer', async () => {
      runtime.registerWorkflowWithName('impatient', function* (ctx: WorkflowContext) {
        let timedOut = false;
        try {
          yield ctx.waitForExternalEvent('never', { timeoutInSeconds: 0.1 });
        } catch (e) {
          timedOut = (e as Error).name === 'TaskTimeoutError';
        }
        const approval = ctx.waitForExternalEvent('approve');
        const timeout = ctx.createTimer(30);
        const winner = (yield ctx.whenAny([approval, timeout])) as Task;
        return { timedOut, approved: winner === approval, payload: approval.result };
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('impatient');
      await until(async () => {
        const row = await fixture.store.getInstance(id);
        return row?.waitingOn?.events.some((e) => e.name === 'approve' && e.deadline !== undefined) ?? false;
      }, 'the approval wait with its deadline');
      const row = await fixture.store.getInstance(id);
      const wait = row!.waitingOn!.events[0];
      expect(Date.parse(wait.deadline!) - Date.parse(wait.since)).toBe(30_000);
      expect(row!.waitingForEventSince).toBeInstanceOf(Date);
      await client.raiseEvent(id, 'approve', { by: 'ann' });
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(JSON.parse(state!.serializedOutput!)).toEqual({ timedOut: true, approved: true, payload: { by: 'ann' } });
      expect((await fixture.store.getInstance(id))!.waitingForEventSince).toBeUndefined();
    });

    test('child workflows have their own IDs and history; failures propagate and can be caught', async () => {
      runtime.registerWorkflowWithName('child', function* (ctx: WorkflowContext, n: number) {
        if (n < 0) throw new Error('negative');
        return (yield ctx.callActivity('echo', n * 10)) as number;
      });
      runtime.registerWorkflowWithName('parent', function* (ctx: WorkflowContext) {
        const results = (yield ctx.whenAll([ctx.callChildWorkflow('child', 1), ctx.callSubWorkflow('child', 2, 'named-child')])) as number[];
        let caught = '';
        try {
          yield ctx.callChildWorkflow('child', -1);
        } catch (e) {
          caught = (e as Error).message;
        }
        return { results, caught };
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('parent', undefined, 'the-parent');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      const output = JSON.parse(state!.serializedOutput!);
      expect(output.results).toEqual([10, 20]);
      expect(output.caught).toContain('negative');
      const named = await fixture.store.getInstance('named-child');
      expect(named).toMatchObject({ status: 'COMPLETED', parentInstanceId: 'the-parent', name: 'child' });
      const children = await fixture.store.listInstances({ parentInstanceId: 'the-parent', limit: 10 });
      expect(children.items).toHaveLength(3);
      expect(children.items.filter((c) => c.status === 'FAILED')).toHaveLength(1);
    });

    test('a failed child workflow is retried under its retry policy as a new child instance', async () => {
      let calls = 0;
      runtime.registerActivityWithName('failsOnce', () => {
        if (++calls === 1) throw new Error('first child run fails');
        return 'second run ok';
      });
      runtime.registerWorkflowWithName('kid', function* (ctx: WorkflowContext) {
        return (yield ctx.callActivity('failsOnce')) as string;
      });
      runtime.registerWorkflowWithName('retrying-parent', function* (ctx: WorkflowContext) {
        return (yield ctx.callChildWorkflow('kid', undefined, undefined, {
          retryPolicy: { maxNumberOfAttempts: 3, firstRetryIntervalInMilliseconds: 20 },
        })) as string;
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('retrying-parent', undefined, 'retry-parent');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.serializedOutput).toBe('"second run ok"');
      const created = (await history(id)).filter((e) => e.kind === 'SubOrchestrationInstanceCreated');
      expect(created.map((e) => (e as { attempt?: number }).attempt ?? 1)).toEqual([1, 2]);
      const kids = await fixture.store.listInstances({ parentInstanceId: 'retry-parent', order: 'asc', limit: 10 });
      expect(kids.items.map((k) => k.status).sort()).toEqual(['COMPLETED', 'FAILED']);
    });

    test('continueAsNew restarts with fresh history and carries unconsumed events when asked', async () => {
      runtime.registerWorkflowWithName('counter', function* (ctx: WorkflowContext, n: number) {
        if (n < 3) {
          ctx.setCustomStatus(`round ${n}`);
          yield ctx.callActivity('echo', n);
          ctx.continueAsNew(n + 1, true);
          return;
        }
        const carried = (yield ctx.waitForExternalEvent('note')) as unknown;
        return { n, carried };
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('counter', 0);
      await client.raiseEvent(id, 'note', 'kept');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(JSON.parse(state!.serializedOutput!)).toEqual({ n: 3, carried: 'kept' });
      expect(state?.serializedInput).toBe('3');
      const events = await history(id);
      const started = events.find((e) => e.kind === 'ExecutionStarted') as { generation?: number };
      expect(started.generation).toBe(3);
      expect(events.filter((e) => e.kind === 'TaskScheduled')).toHaveLength(0);
    });

    test('suspend buffers events and takes no steps until resume', async () => {
      runtime.registerWorkflowWithName('pausable', function* (ctx: WorkflowContext) {
        const a = (yield ctx.waitForExternalEvent('go')) as unknown;
        const b = (yield ctx.callActivity('echo', a)) as unknown;
        return b;
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('pausable');
      await until(async () => (await statusOf(id)) === 'RUNNING', 'RUNNING');
      await client.suspendWorkflow(id, 'maintenance');
      await until(async () => (await statusOf(id)) === 'SUSPENDED', 'SUSPENDED');
      await client.raiseEvent(id, 'go', 'x');
      await new Promise((r) => setTimeout(r, 300));
      expect(calls).toEqual([]);
      expect(await statusOf(id)).toBe('SUSPENDED');
      await expect(client.suspendWorkflow(id)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError' });
      await client.resumeWorkflow(id);
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.serializedOutput).toBe('"x"');
      const events = await kinds(id);
      expect(events.indexOf('ExecutionSuspended')).toBeLessThan(events.indexOf('EventRaised'));
      expect(events.indexOf('EventRaised')).toBeLessThan(events.indexOf('ExecutionResumed'));
    });

    test('terminate ends running, suspended and pending instances, and children recursively', async () => {
      runtime.registerWorkflowWithName('waiter', function* (ctx: WorkflowContext) {
        yield ctx.waitForExternalEvent('never');
      });
      runtime.registerWorkflowWithName('tree', function* (ctx: WorkflowContext) {
        yield ctx.whenAll([ctx.callChildWorkflow('waiter', undefined, 'kid-1'), ctx.callChildWorkflow('tree-mid', undefined, 'kid-2')]);
      });
      runtime.registerWorkflowWithName('tree-mid', function* (ctx: WorkflowContext) {
        yield ctx.callChildWorkflow('waiter', undefined, 'grandkid');
      });
      await runtime.start();
      const root = await client.scheduleNewWorkflow('tree', undefined, 'root');
      await until(async () => (await statusOf('grandkid')) === 'RUNNING', 'grandchild running');
      await client.terminateWorkflow(root, 'stopped by test');
      for (const id of ['root', 'kid-1', 'kid-2', 'grandkid']) {
        const state = await client.waitForWorkflowCompletion(id, true, 10);
        expect(state?.runtimeStatus, id).toBe('TERMINATED');
      }
      expect((await client.getWorkflowState('root'))?.serializedOutput).toBe('"stopped by test"');

      const paused = await client.scheduleNewWorkflow('waiter');
      await until(async () => (await statusOf(paused)) === 'RUNNING', 'RUNNING');
      await client.suspendWorkflow(paused);
      await until(async () => (await statusOf(paused)) === 'SUSPENDED', 'SUSPENDED');
      await client.terminateWorkflow(paused);
      expect((await client.waitForWorkflowCompletion(paused, true, 10))?.runtimeStatus).toBe('TERMINATED');

      const later = await client.scheduleNewWorkflow('waiter', undefined, undefined, new Date(Date.now() + 60_000));
      expect(await statusOf(later)).toBe('PENDING');
      await client.terminateWorkflow(later);
      expect((await client.waitForWorkflowCompletion(later, true, 10))?.runtimeStatus).toBe('TERMINATED');
      await expect(client.terminateWorkflow(later)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError' });
    });

    test('startAt keeps an instance PENDING until then', async () => {
      runtime.registerWorkflowWithName('scheduled', function* (ctx: WorkflowContext) {
        return ctx.getCurrentUtcDateTime().toISOString();
      });
      await runtime.start();
      const startAt = new Date(Date.now() + 400);
      const id = await client.scheduleNewWorkflow('scheduled', undefined, undefined, startAt);
      expect(await statusOf(id)).toBe('PENDING');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(Date.parse(JSON.parse(state!.serializedOutput!))).toBeGreaterThanOrEqual(startAt.getTime());
    });

    test('purge deletes terminal instances and their children, refuses live ones', async () => {
      runtime.registerWorkflowWithName('leaf', function* () {
        return 1;
      });
      runtime.registerWorkflowWithName('branch', function* (ctx: WorkflowContext) {
        return (yield ctx.callChildWorkflow('leaf', undefined, 'leaf-1')) as unknown;
      });
      runtime.registerWorkflowWithName('blocked', function* (ctx: WorkflowContext) {
        yield ctx.waitForExternalEvent('x');
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('branch', undefined, 'branch-1');
      await client.waitForWorkflowCompletion(id, true, 10);
      expect(await client.purgeWorkflow(id)).toBe(2);
      expect(await client.getWorkflowState(id)).toBeUndefined();
      expect(await client.getWorkflowState('leaf-1')).toBeUndefined();
      expect(await fixture.store.getHistory(id)).toEqual([]);
      const live = await client.scheduleNewWorkflow('blocked');
      await expect(client.purgeWorkflow(live)).rejects.toMatchObject({ name: 'InvalidInstanceStatusError' });
      await expect(client.purgeWorkflow('nope')).rejects.toMatchObject({ name: 'InstanceNotFoundError' });
    });

    test('an instance ID can be reused only after a terminal state', async () => {
      runtime.registerWorkflowWithName('blocked', function* (ctx: WorkflowContext) {
        return (yield ctx.waitForExternalEvent('x')) as unknown;
      });
      await runtime.start();
      await client.scheduleNewWorkflow('blocked', 'first', 'reused');
      await expect(client.scheduleNewWorkflow('blocked', 'second', 'reused')).rejects.toMatchObject({ name: 'InstanceAlreadyExistsError' });
      expect((await client.getWorkflowState('reused'))?.serializedInput).toBe('"first"');
      await client.raiseEvent('reused', 'x', 1);
      await client.waitForWorkflowCompletion('reused', true, 10);
      await client.scheduleNewWorkflow('blocked', 'second', 'reused');
      expect((await client.getWorkflowState('reused'))?.serializedInput).toBe('"second"');
      expect((await kinds('reused')).filter((k) => k === 'ExecutionStarted').length).toBeLessThanOrEqual(1);
    });

    test('bad requests are refused with named errors and create nothing', async () => {
      await runtime.start();
      await expect(client.scheduleNewWorkflow('missing')).rejects.toMatchObject({ name: 'UnknownWorkflowError' });
      runtime.registerWorkflowWithName('ok', function* () {
        return 1;
      });
      await expect(client.scheduleNewWorkflow('ok', undefined, 'x'.repeat(65))).rejects.toMatchObject({ name: 'InvalidInstanceIdError', reason: 'too_long' });
      await expect(client.scheduleNewWorkflow('ok', undefined, 'bad id!')).rejects.toMatchObject({ name: 'InvalidInstanceIdError', reason: 'invalid_characters' });
      await expect(client.raiseEvent('nobody', 'x')).rejects.toMatchObject({ name: 'InstanceNotFoundError' });
      const page = await fixture.store.listInstances({ limit: 10 });
      expect(page.items).toEqual([]);
    });

    test('payloads over the limit are refused; an oversized activity result fails its task', async () => {
      await runtime.stop();
      runtime = new WorkflowRuntime({ store: fixture.store, pollIntervalMs: 50, maxPayloadBytes: 1_000, executorCacheSize, log: () => undefined });
      runtime.registerActivityWithName('huge', () => 'x'.repeat(2_000));
      runtime.registerWorkflowWithName('big', function* (ctx: WorkflowContext) {
        try {
          yield ctx.callActivity('huge');
        } catch (e) {
          return (e as Error).message;
        }
      });
      client = runtime.client();
      await runtime.start();
      await expect(client.scheduleNewWorkflow('big', 'y'.repeat(2_000))).rejects.toMatchObject({ name: 'PayloadTooLargeError' });
      const id = await client.scheduleNewWorkflow('big');
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.serializedOutput).toMatch(/result of activity 'huge' is 200\d bytes; the limit is 1000 bytes/);
      await expect(client.raiseEvent(id, 'e', 'z'.repeat(2_000))).rejects.toMatchObject({ name: 'PayloadTooLargeError' });
    });

    test('maxConcurrentActivityInvocations caps activities in flight', async () => {
      await runtime.stop();
      runtime = new WorkflowRuntime({ store: fixture.store, pollIntervalMs: 50, maxConcurrentActivityInvocations: 2, executorCacheSize, log: () => undefined });
      let inFlight = 0;
      let peak = 0;
      runtime.registerActivityWithName('slow', async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 30));
        inFlight--;
      });
      runtime.registerWorkflowWithName('wide', function* (ctx: WorkflowContext) {
        yield ctx.whenAll(Array.from({ length: 8 }, () => ctx.callActivity('slow')));
      });
      client = runtime.client();
      await runtime.start();
      const id = await client.scheduleNewWorkflow('wide');
      await client.waitForWorkflowCompletion(id, true, 10);
      expect(peak).toBe(2);
    });

    test('stop() lets a running activity finish and releases leases: the next runtime completes without re-running it', async () => {
      await runtime.stop();
      let runs = 0;
      let release: () => void = () => undefined;
      const running = new Promise<void>((resolve) => (release = resolve));
      const make = () => {
        const r = new WorkflowRuntime({ store: fixture.store, pollIntervalMs: 50, leaseMs: 60_000, shutdownGraceMs: 5_000, executorCacheSize, log: () => undefined });
        r.registerActivityWithName('slow', async () => {
          runs++;
          release();
          await new Promise((done) => setTimeout(done, 300));
          return 'finished';
        });
        r.registerWorkflowWithName('graceful', function* (ctx: WorkflowContext) {
          return (yield ctx.callActivity('slow')) as string;
        });
        return r;
      };
      runtime = make();
      client = runtime.client();
      await runtime.start();
      const id = await client.scheduleNewWorkflow('graceful');
      await running;
      await runtime.stop(); // waits for the activity; its result reaches the inbox
      expect(await statusOf(id)).toBe('RUNNING');
      // A lease still held would keep this instance from being claimed for 60 s.
      runtime = make();
      client = runtime.client();
      await runtime.start();
      const state = await client.waitForWorkflowCompletion(id, true, 10);
      expect(state?.serializedOutput).toBe('"finished"');
      expect(runs).toBe(1);
    });

    test('maxConcurrentWorkflowInvocations caps workflow steps in flight', async () => {
      await runtime.stop();
      let inFlight = 0;
      let peak = 0;
      const measure = (limit?: number) => {
        const r = new WorkflowRuntime({ store: fixture.store, pollIntervalMs: 50, maxConcurrentWorkflowInvocations: limit, executorCacheSize, log: () => undefined });
        r.registerWorkflowWithName('busy', async function* () {
          peak = Math.max(peak, ++inFlight);
          await new Promise((done) => setTimeout(done, 20));
          inFlight--;
          return 1;
        });
        return r;
      };
      runtime = measure(1);
      client = runtime.client();
      const ids = await Promise.all(Array.from({ length: 6 }, () => client.scheduleNewWorkflow('busy')));
      await runtime.start();
      for (const id of ids) await client.waitForWorkflowCompletion(id, true, 10);
      expect(peak).toBe(1);
    });

    test('isReplaying is false only for the new part of each step; time and GUIDs are deterministic', async () => {
      const seen: { replaying: boolean; time: string; guid: string }[] = [];
      runtime.registerWorkflowWithName('observer', function* (ctx: WorkflowContext) {
        seen.push({ replaying: ctx.isReplaying(), time: ctx.getCurrentUtcDateTime().toISOString(), guid: ctx.newGuid() });
        yield ctx.callActivity('echo', 1);
        seen.push({ replaying: ctx.isReplaying(), time: ctx.getCurrentUtcDateTime().toISOString(), guid: ctx.newGuid() });
      });
      await runtime.start();
      const id = await client.scheduleNewWorkflow('observer');
      await client.waitForWorkflowCompletion(id, true, 10);
      const first = seen[0];
      expect(first.replaying).toBe(false);
      expect(first.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const replays = seen.filter((x) => x.replaying);
      if (executorCacheSize === 0) expect(replays.length).toBeGreaterThan(0);
      // Every replayed sighting of a point has the time and GUID it had the first time.
      for (const r of replays) expect(seen.find((x) => !x.replaying && x.time === r.time)?.guid).toBe(r.guid);
      expect(seen.filter((x) => !x.replaying)).toHaveLength(2);
    });
  });
}
