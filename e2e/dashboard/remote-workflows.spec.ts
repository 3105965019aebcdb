// Workflows a Dapr SDK app runs itself, seen and driven from the dashboard: a real @dapr/dapr 3.18 app in a second
// process (e2e/fixtures/remote-order-app.mjs) runs them on the server's gRPC sidecar and declares one of them.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { getInstance, uniqueId, waitForInstance } from './api';
import { startNodeApp, type NodeApp } from '../support/node-app';

const APP = path.join(process.cwd(), 'e2e', 'fixtures', 'remote-order-app.mjs');
const status = (page: Page) => page.locator('.instance-title .badge');
const timeline = (page: Page) => page.getByRole('region', { name: 'Timeline' });

let app: NodeApp | undefined;

/** Starts the SDK app against this run's server (gRPC for its worker, HTTP for its declaration). */
async function startApp(baseURL: string | undefined): Promise<NodeApp> {
  const grpcPort = process.env.FLOWDECK_E2E_GRPC_PORT;
  if (!baseURL || !grpcPort) throw new Error('playwright.config.ts sets baseURL and FLOWDECK_E2E_GRPC_PORT');
  return startNodeApp(APP, { DAPR_GRPC_PORT: grpcPort, FLOWDECK_URL: baseURL }, /remote order app ready/);
}

/** Starts `name` from the Start dialog on the instances page (the name typed freely) and lands on its page. */
async function startFromDialog(page: Page, name: string, input: unknown, instanceId: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start workflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start workflow' });
  await dialog.getByLabel('Workflow').fill(name);
  await dialog.getByLabel('Input (JSON)').fill(JSON.stringify(input));
  await dialog.getByLabel('Instance ID (optional)').fill(instanceId);
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${instanceId}$`));
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ baseURL }) => {
  app = await startApp(baseURL);
});

test.afterAll(async () => {
  await app?.stop();
});

test('a remote order: started from the Start dialog, live with its timeline, approved from the inbox, completed with its child', async ({ page, request }, testInfo) => {
  const id = uniqueId('remote-order');
  await startFromDialog(page, 'RemoteOrderWorkflow', { item: 'Standing desks', quantity: 3, timeoutSeconds: 3600 }, id);
  await expect(status(page)).toHaveText('RUNNING');
  const graph = timeline(page);
  await expect(graph.getByRole('group', { name: 'Activity reserveStock, Completed' })).toBeVisible();
  await expect(graph.getByRole('group', { name: 'Activity priceOrder, Completed' })).toBeVisible();
  const wait = graph.getByRole('group', { name: 'External event approval, Waiting' });
  await expect(wait).toContainText(/deadline in (59m|1h)/);
  await expect(graph.getByRole('group', { name: 'Timer timer, Waiting' })).toContainText(/fires in (59m|1h)/);
  await expect(page.getByRole('status').filter({ hasText: 'May be waiting for an external event' })).toContainText('approval');
  await expect(page.getByRole('status').filter({ hasText: 'Waiting for a worker' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('remote-instance.png'), fullPage: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals', exact: true }).click();
  await page.getByRole('navigation', { name: 'Inbox views' }).getByRole('button', { name: 'Other waiting events' }).click();
  const row = page.getByRole('article', { name: `RemoteOrderWorkflow ${id} waits for approval` });
  await expect(row).toContainText('times out in');
  await expect(row).toContainText('Ship this order?');
  await page.screenshot({ path: testInfo.outputPath('remote-approvals.png'), fullPage: true });
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(row).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Approved: approval sent' })).toBeVisible();

  await page.goto(`/instances/${id}`);
  await expect(status(page)).toHaveText('COMPLETED', { timeout: 15_000 });
  // The SDK names its child `<parent>:<the call's task ID, 4 hex digits>`.
  const child = page.locator('.children').getByRole('link', { name: new RegExp(`^${id}:[0-9a-f]{4}$`) });
  await expect(child).toBeVisible();
  await expect(page.locator('.children .badge')).toHaveText('COMPLETED');
  await expect(page.getByRole('region', { name: 'Output' })).toContainText('notified: Standing desks: approved');
  const done = await getInstance(request, id);
  expect(done.output).toEqual({ item: 'Standing desks', reserved: 3, total: 75, decision: 'approved', notice: 'notified: Standing desks: approved' });
  expect(done.children.map((c) => [c.workflowName, c.runtimeStatus])).toEqual([['RemoteNotifyWorkflow', 'COMPLETED']]);
  await child.click();
  await expect(page.locator('.instance-title')).toContainText('COMPLETED');
  await expect(page.getByRole('link', { name: id, exact: true })).toBeVisible();
});

test('a remote wait without a timeout shows as waiting for an external event; Raise event with a typed name completes it', async ({ page, request }, testInfo) => {
  const id = uniqueId('remote-wait');
  await startFromDialog(page, 'RemoteWaitWorkflow', null, id);
  const notice = page.getByRole('status').filter({ hasText: 'Waiting for an external event.' });
  await expect(notice).toBeVisible();
  await expect(timeline(page).getByRole('group', { name: 'External event (any name), Waiting' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('remote-unnamed-wait.png'), fullPage: true });

  await page.goto('/approvals?tab=waiting');
  const row = page.getByRole('article', { name: `RemoteWaitWorkflow ${id} waits for an external event` });
  await expect(row.getByRole('textbox', { name: `Event name for ${id}` })).toBeEditable();
  await expect(row.getByRole('button', { name: 'Raise' })).toBeDisabled();

  await row.getByRole('link', { name: id }).click();
  await page.getByRole('toolbar', { name: 'Instance controls' }).getByRole('button', { name: 'Raise event' }).click();
  const dialog = page.getByRole('dialog', { name: 'Raise event' });
  await expect(dialog).toContainText('it waits for an external event it did not name');
  await expect(dialog.getByLabel('Event name')).toHaveValue('');
  await dialog.getByLabel('Event name').fill('go');
  await dialog.getByRole('button', { name: 'Send event' }).click();
  await expect(dialog).toBeHidden();
  await expect(status(page)).toHaveText('COMPLETED', { timeout: 15_000 });
  await expect(notice).toBeHidden();
  expect((await getInstance(request, id)).output).toEqual({ went: true });
});

test('the approvals inbox raises an unnamed wait by the name typed in its row', async ({ page, request }) => {
  const id = uniqueId('remote-inbox');
  const started = await request.post('/api/workflows/RemoteWaitWorkflow/start', { data: { instanceId: id } });
  expect(started.status(), await started.text()).toBe(202);
  await waitForInstance(request, id, (d) => d.expectedEvents.length === 1);
  await page.goto('/approvals?tab=waiting');
  const row = page.getByRole('article', { name: `RemoteWaitWorkflow ${id} waits for an external event` });
  await row.getByRole('textbox', { name: `Event name for ${id}` }).fill('GO');
  await row.getByRole('button', { name: 'Raise' }).click();
  await expect(row).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Raised: GO sent' })).toBeVisible();
  expect((await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED')).output).toEqual({ went: true });
});

test('with the app stopped a new instance waits for a worker, and completes once the app is back', async ({ page, request, baseURL }, testInfo) => {
  await app?.stop();
  app = undefined;
  const id = uniqueId('remote-later');
  await startFromDialog(page, 'RemoteOrderWorkflow', { item: 'Lamps', quantity: 2, timeoutSeconds: 1 }, id);
  const banner = page.getByRole('status').filter({ hasText: 'Waiting for a worker.' });
  await expect(banner).toContainText('No Dapr SDK worker is connected; start the app that registers RemoteOrderWorkflow.');
  await expect(page.locator('.instance-title')).toContainText('waiting for a worker');
  await page.screenshot({ path: testInfo.outputPath('remote-waiting-for-worker.png'), fullPage: true });
  await page.goto(`/?id=${id}`);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.locator('tbody tr')).toContainText('waiting for a worker');

  app = await startApp(baseURL);
  await page.getByRole('link', { name: id, exact: true }).click();
  await expect(status(page)).toHaveText('COMPLETED', { timeout: 20_000 });
  await expect(banner).toBeHidden();
  expect((await getInstance(request, id)).output).toMatchObject({ item: 'Lamps', decision: 'timed out', notice: 'notified: Lamps: timed out' });
});
