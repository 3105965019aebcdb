// The Python SDK's DaprWorkflowClient (schedule, wait for start and completion, raise, get state) and RetryPolicy
// (test/python/order_processor/workflow_client_app.py) in a second process against Flowdeck's sidecar, on every
// SDK set tested (dapr 1.19, the dapr + dapr-ext-workflow 1.18 pair, 1.17), on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HistoryEvent } from '@/lib/engine/history-events';
import { stateApiOf } from '@/lib/state/engine-state';
import { pythonsFor, runPythonApp, SDK_VERSIONS } from '../python/python-app';
import { availableDatabases } from '../support/databases';
import { apiContextOf, startDaprHttpServer, type DaprHttpServer } from './support/dapr-http-server';
import { startSidecarHost, type SidecarHost } from './support/sidecar-host';

/** Every gRPC call must carry it: the SDK sends DAPR_API_TOKEN as dapr-api-token metadata. */
const TOKEN = 'python-workflow-client-token';

/** A WorkflowState as the app reports it. */
interface ReportedState {
  instance_id: string;
  name: string;
  runtime_status: string;
  input: string | null;
  output: string | null;
  failure: { type: string; message: string } | null;
  created_before_updated: boolean;
}

/** The app's JSON line. */
interface WorkflowClientRun {
  dapr: string;
  dapr_ext_workflow: string | null;
  order: { started_status: string; state: ReportedState; without_payloads: { runtime_status: string; input: string | null }; cars_left: number };
  retry_recovers: ReportedState;
  retry_gives_up: ReportedState;
  attempts: Record<string, number>;
  missing_instance: boolean;
  notifications: string[];
}

const SETS = [
  { ...SDK_VERSIONS.newest, dapr: '1.19.0', ext: null },
  { ...SDK_VERSIONS.extensionPair, dapr: '1.18.3', ext: '1.18.3' },
  { ...SDK_VERSIONS.daprClientWorkflowCalls, dapr: '1.17.5', ext: '1.17.5' },
];
const pythons = await pythonsFor(SETS);
/** A Python process on a loaded machine takes seconds to start; runPythonApp stops the app after 90 s, before this. */
const APP_TIMEOUT_MS = 120_000;

describe.skipIf(!pythons).each(availableDatabases())('DaprWorkflowClient and RetryPolicy of the Python SDK on %s', (kind) => {
  let h: SidecarHost;
  let http: DaprHttpServer;
  const kinds = (events: HistoryEvent[], wanted: HistoryEvent['kind'][]) => events.filter((e) => wanted.includes(e.kind)).map((e) => e.kind);

  beforeAll(async () => {
    h = await startSidecarHost(kind, { apiToken: TOKEN });
    http = await startDaprHttpServer(apiContextOf(h.host, kind));
  });
  afterAll(async () => {
    await http?.close();
    await h?.stop();
  });

  test.each(SETS)('dapr $dapr: an approved order, a retried activity that recovers and one that gives up', async (set) => {
    const p = set.label;
    const result = await runPythonApp<WorkflowClientRun>(pythons!.get(p)!, 'workflow_client_app.py', [p], { grpcPort: h.server.port, httpPort: http.port, apiToken: TOKEN });
    expect([result.dapr, result.dapr_ext_workflow]).toEqual([set.dapr, set.ext]);

    // The order: scheduled, seen running, approved through raise_workflow_event, completed; state with and without payloads.
    const orderId = `${p}-order`;
    expect(result.order.started_status).toBe('RUNNING');
    expect(result.order.state).toMatchObject({ instance_id: orderId, name: 'order_processing_workflow', runtime_status: 'COMPLETED', failure: null, created_before_updated: true });
    expect(JSON.parse(JSON.parse(result.order.state.input!) as string)).toEqual({ item_name: 'cars', total_cost: 150000, quantity: 10 });
    expect(JSON.parse(result.order.state.output!)).toMatchObject({ processed: true });
    expect(result.order.without_payloads).toEqual({ runtime_status: 'COMPLETED', input: null });
    expect(result.order.cars_left).toBe(90);
    expect(result.notifications).toEqual([`Received order ${orderId} for 10 cars at $150000 !`, `Payment for order ${orderId} has been approved!`, `Order ${orderId} has completed!`]);
    const stock = await stateApiOf(h.host).state.get('statestore', 'cars');
    expect(JSON.parse(Buffer.from(stock!.value).toString('utf8'))).toMatchObject({ quantity: 90 });

    // RetryPolicy: two failures, then success on the third attempt; back-off timers between attempts, in Flowdeck's history.
    const recovers = `${p}-retry-recovers`;
    expect(result.retry_recovers).toMatchObject({ runtime_status: 'COMPLETED', output: JSON.stringify('succeeded on attempt 3'), failure: null });
    expect(result.attempts[recovers]).toBe(3);
    const recovered = await h.host.store.getHistory(recovers);
    expect(kinds(recovered, ['TaskScheduled', 'TaskFailed', 'TaskCompleted', 'TimerCreated', 'TimerFired'])).toEqual([
      'TaskScheduled', 'TaskFailed', 'TimerCreated', 'TimerFired',
      'TaskScheduled', 'TaskFailed', 'TimerCreated', 'TimerFired',
      'TaskScheduled', 'TaskCompleted',
    ]);
    expect(recovered.filter((e) => e.kind === 'TaskScheduled').map((e) => e.name)).toEqual(['flaky_activity', 'flaky_activity', 'flaky_activity']);
    const failures = recovered.flatMap((e) => (e.kind === 'TaskFailed' ? [e.failure.message] : []));
    expect(failures).toEqual(['flaky_activity failed on attempt 1', 'flaky_activity failed on attempt 2']);
    expect(await h.host.store.getInstance(recovers)).toMatchObject({ status: 'COMPLETED', output: JSON.stringify('succeeded on attempt 3') });

    // Out of attempts: the workflow fails with the last attempt's error, in the SDK's state and in Flowdeck's row.
    const givesUp = `${p}-retry-gives-up`;
    expect(result.attempts[givesUp]).toBe(2);
    expect(result.retry_gives_up).toMatchObject({ runtime_status: 'FAILED', output: null, failure: { type: 'TaskFailedError' } });
    expect(result.retry_gives_up.failure!.message).toContain('flaky_activity failed on attempt 2');
    const row = await h.host.store.getInstance(givesUp);
    expect(row).toMatchObject({ status: 'FAILED', failure: { errorType: 'TaskFailedError' } });
    expect(row!.failure!.message).toContain('flaky_activity failed on attempt 2');
    expect(kinds(await h.host.store.getHistory(givesUp), ['TaskScheduled', 'TaskFailed'])).toEqual(['TaskScheduled', 'TaskFailed', 'TaskScheduled', 'TaskFailed']);

    // get_workflow_state of an instance that never existed is None.
    expect(result.missing_instance).toBe(true);
  }, APP_TIMEOUT_MS);
});
