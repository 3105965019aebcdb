// What every part of the engine suite shares: the store, runtime and client of the running test, and helpers.
import { WorkflowRuntime, type HistoryEvent, type WorkflowActivityContext, type WorkflowClient, type WorkflowStore } from '@/lib/engine';

/** A store for one test and how to dispose of it. */
export interface StoreFixture {
  store: WorkflowStore;
  dispose: () => Promise<void>;
}

/**
 * The running test's engine: a fresh store, a runtime with the `echo` and `boom` activities, its client, and the
 * activity calls made so far. A test that needs other runtime options replaces `runtime` and `client`; the suite
 * stops whichever runtime is current when the test ends.
 */
export class EngineTestBed {
  fixture!: StoreFixture;
  runtime!: WorkflowRuntime;
  client!: WorkflowClient;
  /** Activity calls in order: `echo:<input as JSON>` and `boom`. */
  readonly calls: string[] = [];

  /** `executorCacheSize: 0` makes every step replay the whole history instead of reusing a live executor. */
  constructor(readonly executorCacheSize: number | undefined) {}

  /** Opens a fresh store and a runtime on it (not started). */
  async open(makeStore: () => Promise<StoreFixture>): Promise<void> {
    this.fixture = await makeStore();
    this.calls.length = 0;
    this.runtime = new WorkflowRuntime({ store: this.fixture.store, pollIntervalMs: 50, leaseMs: 5_000, executorCacheSize: this.executorCacheSize, log: () => undefined });
    this.runtime.registerActivityWithName('echo', (_ctx: WorkflowActivityContext, input: unknown) => {
      this.calls.push(`echo:${JSON.stringify(input)}`);
      return input;
    });
    this.runtime.registerActivityWithName('boom', () => {
      this.calls.push('boom');
      throw new TypeError('kaboom');
    });
    this.client = this.runtime.client();
  }

  /** Stops the current runtime and disposes of the store. */
  async close(): Promise<void> {
    await this.runtime.stop();
    await this.fixture.dispose();
  }

  /** The kinds of an instance's history events, in order. */
  readonly kinds = async (id: string) => (await this.fixture.store.getHistory(id)).map((e) => e.kind);
  /** An instance's history. */
  readonly history = async (id: string): Promise<HistoryEvent[]> => this.fixture.store.getHistory(id);
  /** An instance's runtime status as the client reports it. */
  readonly statusOf = async (id: string) => (await this.client.getWorkflowState(id))?.runtimeStatus;
}

/** Polls `check` every 20 ms until it holds; throws naming `what` after `ms`. */
export async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
