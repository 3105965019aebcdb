// The seed's Python quickstart (test/python/order_processor/app.py, on dapr 1.17: DaprClient.start_workflow,
// get_workflow, raise_workflow_event, save_state/get_state) in a second process against Flowdeck's sidecar, pointed
// at it only through DAPR_GRPC_PORT and DAPR_HTTP_PORT, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HistoryEvent } from '@/lib/engine/history-events';
import { stateApiOf } from '@/lib/state/engine-state';
import { pythonsFor, runPythonApp, SDK_VERSIONS } from '../python/python-app';
import { availableDatabases } from '../support/databases';
import { apiContextOf, startDaprHttpServer, type DaprHttpServer } from './support/dapr-http-server';
import { startSidecarHost, type SidecarHost } from './support/sidecar-host';

/** Every gRPC call must carry it: the SDK sends DAPR_API_TOKEN as dapr-api-token metadata. */
const TOKEN = 'python-quickstart-token';

/** One order as the app reports it. */
interface OrderOutcome {
  instance_id: string;
  item: string;
  quantity: number;
  total_cost: number;
  runtime_status: string;
  workflow_name: string;
  output: { processed: boolean } | null;
  failure: string | null;
  approval_raised: boolean;
}

/** The app's JSON line. */
interface QuickstartRun {
  dapr: string;
  orders: OrderOutcome[];
  inventory: Record<string, number>;
  notifications: string[];
}

const SDK = SDK_VERSIONS.daprClientWorkflowCalls;
/** A Python process on a loaded machine takes seconds to start; runPythonApp stops the app after 90 s, before this. */
const APP_TIMEOUT_MS = 120_000;
const pythons = await pythonsFor([SDK]);

describe.skipIf(!pythons).each(availableDatabases())("the seed's Python quickstart app on %s", (kind) => {
  let h: SidecarHost;
  let http: DaprHttpServer;
  const run = (orders: string[], extra: Record<string, string>) =>
    runPythonApp<QuickstartRun>(pythons!.get(SDK.label)!, 'app.py', orders, { grpcPort: h.server.port, httpPort: http.port, apiToken: TOKEN, extra });
  const history = async (instanceId: string): Promise<HistoryEvent[]> => h.host.store.getHistory(instanceId);
  const scheduledNames = (events: HistoryEvent[]) => events.flatMap((e) => (e.kind === 'TaskScheduled' ? [e.name] : []));
  const stock = async (key: string) => {
    const entry = await stateApiOf(h.host).state.get('statestore', key);
    return entry && (JSON.parse(Buffer.from(entry.value).toString('utf8')) as { name: string; quantity: number; per_item_cost: number });
  };

  beforeAll(async () => {
    h = await startSidecarHost(kind, { apiToken: TOKEN });
    http = await startDaprHttpServer(apiContextOf(h.host, kind));
  });
  afterAll(async () => {
    await http?.close();
    await h?.stop();
  });

  test('10 cars over the threshold wait for the manager, are approved by the app and leave 90 in the state store; 5 paperclips need no approval', async () => {
    const result = await run(['cars:10', 'paperclip:5'], { ORDER_APPROVAL_DELAY_SECONDS: '0.5' });
    expect(result.dapr).toBe('1.17.5');
    const [cars, paperclips] = result.orders;
    expect(cars).toMatchObject({ item: 'cars', quantity: 10, total_cost: 150000, runtime_status: 'Completed', workflow_name: 'order_processing_workflow', output: { processed: true }, failure: null, approval_raised: true });
    expect(paperclips).toMatchObject({ item: 'paperclip', quantity: 5, total_cost: 25, runtime_status: 'Completed', output: { processed: true }, failure: null, approval_raised: false });
    expect(result.inventory).toEqual({ paperclip: 95, cars: 90, computers: 100 });
    expect(result.notifications).toEqual([
      `Received order ${cars.instance_id} for 10 cars at $150000 !`,
      `Payment for order ${cars.instance_id} has been approved!`,
      `Order ${cars.instance_id} has completed!`,
      `Received order ${paperclips.instance_id} for 5 paperclip at $25 !`,
      `Order ${paperclips.instance_id} has completed!`,
    ]);

    // Flowdeck's own view: the instance row, the history the SDK's actions became, the state store's rows.
    const row = await h.host.store.getInstance(cars.instance_id);
    expect(row).toMatchObject({ name: 'order_processing_workflow', status: 'COMPLETED' });
    expect(JSON.parse(row!.output!)).toMatchObject({ processed: true });
    expect(JSON.parse(JSON.parse(row!.input!) as string)).toEqual({ item_name: 'cars', total_cost: 150000, quantity: 10 });
    const events = await history(cars.instance_id);
    expect(scheduledNames(events)).toEqual([
      'notify_activity',
      'verify_inventory_activity',
      'requst_approval_activity',
      'notify_activity',
      'process_payment_activity',
      'update_inventory_activity',
      'notify_activity',
    ]);
    expect(events.filter((e) => e.kind === 'TaskCompleted')).toHaveLength(7);
    const approvals = events.filter((e) => e.kind === 'EventRaised');
    expect(approvals.map((e) => [e.name, JSON.parse(e.input!)])).toEqual([['manager_approval', { approval: true }]]);
    expect(events.filter((e) => e.kind === 'TimerCreated')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'TimerFired')).toHaveLength(0);
    expect(events.filter((e) => e.kind === 'ExecutionCompleted')).toMatchObject([{ status: 'COMPLETED' }]);
    expect(scheduledNames(await history(paperclips.instance_id))).not.toContain('requst_approval_activity');
    expect(await stock('cars')).toEqual({ name: 'Cars', quantity: 90, per_item_cost: 15000 });
    expect((await stock('paperclip'))?.quantity).toBe(95);
  }, APP_TIMEOUT_MS);

  test('with no approval the timer wins: the order is cancelled, nothing leaves the inventory; an order beyond the stock is refused', async () => {
    const result = await run(['cars:4', 'computers:1000'], { MANAGER_APPROVAL: 'none', ORDER_APPROVAL_TIMEOUT_SECONDS: '1' });
    const [cars, computers] = result.orders;
    expect(cars).toMatchObject({ total_cost: 60000, runtime_status: 'Completed', output: { processed: false }, failure: null, approval_raised: false });
    expect(computers).toMatchObject({ total_cost: 500000, runtime_status: 'Completed', output: { processed: false } });
    expect(result.notifications).toEqual([
      `Received order ${cars.instance_id} for 4 cars at $60000 !`,
      `Payment for order ${cars.instance_id} has been cancelled due to timeout!`,
      `Received order ${computers.instance_id} for 1000 computers at $500000 !`,
      'Insufficient inventory for computers!',
    ]);
    expect(result.inventory).toEqual({ paperclip: 100, cars: 100, computers: 100 });

    const events = await history(cars.instance_id);
    expect(scheduledNames(events)).toEqual(['notify_activity', 'verify_inventory_activity', 'requst_approval_activity', 'notify_activity']);
    expect(events.filter((e) => e.kind === 'EventRaised')).toHaveLength(0);
    const [created] = events.filter((e) => e.kind === 'TimerCreated');
    const fired = events.filter((e) => e.kind === 'TimerFired');
    expect(fired).toMatchObject([{ timerId: created!.eventId }]);
    const row = await h.host.store.getInstance(cars.instance_id);
    expect([row?.status, JSON.parse(row!.output!).processed]).toEqual(['COMPLETED', false]);
    expect(scheduledNames(await history(computers.instance_id))).toEqual(['notify_activity', 'verify_inventory_activity', 'notify_activity']);
    expect((await stock('cars'))?.quantity).toBe(100);
  }, APP_TIMEOUT_MS);
});
