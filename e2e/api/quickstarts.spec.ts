// The seeds' quickstart flows, reproduced through the Dapr HTTP API (SQLite and PostgreSQL projects).
import { expect, test, type APIRequestContext } from '@playwright/test';
import type { HistoryPage } from '@/lib/api/dto';
import { daprPath, startDapr, uniquePrefix, waitFor } from './support/http';

async function activitiesRun(request: APIRequestContext, instanceId: string): Promise<string[]> {
  const page = (await (await request.get(`/api/instances/${instanceId}/history?limit=500`)).json()) as HistoryPage;
  return page.events.flatMap((e) => (e.kind === 'TaskScheduled' ? [e.name] : []));
}

test('.NET quickstart: an order under the threshold runs four activities and completes', async ({ request }) => {
  await request.post('/api/inventory/restock');
  const id = await startDapr(request, 'OrderProcessingWorkflow', uniquePrefix('dotnet'), { Name: 'Paperclips', Quantity: 2, TotalCost: 10 });
  const done = await waitFor(request, id, ['COMPLETED']);
  expect(done.output).toEqual({ Processed: true });
  // The quickstart's four activities, between the notifications that open and close the order.
  expect(await activitiesRun(request, id)).toEqual([
    'NotifyActivity',
    'ReserveInventoryActivity',
    'ProcessPaymentActivity',
    'UpdateInventoryActivity',
    'NotifyActivity',
  ]);
});

test('Python quickstart: an order over 50,000 waits for manager_approval, then completes', async ({ request }) => {
  await request.post('/api/inventory/restock');
  const id = await startDapr(request, 'OrderProcessingWorkflow', uniquePrefix('python'), { item_name: 'cars', quantity: 4, total_cost: 60000 });
  await waitFor(request, id, ['RUNNING'], (d) => d.waitingOn.events.some((e) => e.name === 'manager_approval'));
  const raised = await request.post(daprPath(`${id}/raiseEvent/manager_approval`), { data: JSON.stringify({ approval: true }) });
  expect(raised.status()).toBe(202);
  const done = await waitFor(request, id, ['COMPLETED']);
  expect(done.output).toEqual({ Processed: true });
  expect(await activitiesRun(request, id)).toEqual([
    'NotifyActivity',
    'ReserveInventoryActivity',
    'RequestApprovalActivity',
    'flowdeck.requestApproval',
    'NotifyActivity',
    'ProcessPaymentActivity',
    'UpdateInventoryActivity',
    'NotifyActivity',
  ]);
});
