// The System page: this process among the engine workers, database health, and live figures that move under load.
import { uniqueId, startInstance, waitForInstance } from './api';
import { expect, test } from './fixtures';

/** The number a figure of the page shows (its digits). */
async function figure(page: import('@playwright/test').Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  const value = Number(text.replace(/[^\d.]/g, ''));
  return Number.isFinite(value) ? value : NaN;
}

test('/system shows this process, a healthy database and charts; steps, activities and timers move while a load runs', async ({ page, request }, testInfo) => {
  await page.goto('/system');
  await expect(page.getByRole('heading', { level: 1, name: 'System' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'System' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('database')).toContainText('SQLite');
  await expect(page.getByTestId('database')).toContainText('healthy (write check passed)');
  // playwright.config.ts keeps finished instances 3650 days here: the sweep runs (5 s after start) and removes none.
  await expect(page.getByTestId('retention')).toHaveText(/^3650 days; last run .+, removed 0$/, { timeout: 20_000 });
  const table = page.getByRole('table', { name: 'Engine processes and remote workers' });
  await expect(table.getByText('this process')).toBeVisible();
  await expect(page.getByTestId('self-in-flight')).toContainText(/\d+ steps, \d+ activities/);
  await expect(page.getByRole('img', { name: 'Throughput over the last 15 minutes' }).locator('canvas')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Mean latency over the last 15 minutes' }).locator('canvas')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Prometheus metrics (/metrics)' })).toHaveAttribute('href', '/metrics');
  await expect(page.getByTestId('steps-total')).toHaveText(/^\d+$/);
  const steps = await figure(page, 'steps-total');
  const activities = await figure(page, 'activities-total');

  // The load: fan-outs and chains through the API, and a timer due within the minute.
  const ids = await Promise.all([
    ...Array.from({ length: 4 }, () => startInstance(request, 'BatchProcessingWorkflow', { batchSize: 6, maxConcurrency: 3 }, uniqueId('sys-batch'))),
    ...Array.from({ length: 4 }, (_, i) => startInstance(request, 'TaskChainWorkflow', i + 1, uniqueId('sys-chain'))),
  ]);
  const timer = await startInstance(request, 'ReminderWorkflow', { seconds: 40 }, uniqueId('sys-timer'));

  await expect.poll(() => figure(page, 'steps-total'), { timeout: 15_000 }).toBeGreaterThanOrEqual(steps + 8);
  await expect.poll(() => figure(page, 'activities-total'), { timeout: 15_000 }).toBeGreaterThanOrEqual(activities + 8 * 3);
  await expect.poll(() => figure(page, 'timers-due'), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('steps-rate')).not.toHaveText('0');
  await expect(page.getByTestId('step-latency')).toHaveText(/^[\d.,]+ ms$/);
  await expect(page.getByTestId('activity-latency')).toHaveText(/^[\d.,]+ ms$/);
  for (const id of ids) await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  await page.screenshot({ path: testInfo.outputPath('system.png'), fullPage: true });
  await request.post(`/api/instances/${timer}/terminate`, { data: {} });
});
