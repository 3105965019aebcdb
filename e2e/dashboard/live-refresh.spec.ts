import { expect, test } from './fixtures';
import { startInstance, uniqueId, waitForInstance } from './api';

test('live refresh: an unchanged list refreshes as 304s with no body; paused it stops, resumed it catches up', async ({ page, request }) => {
  const prefix = uniqueId('live');
  await waitForInstance(request, await startInstance(request, 'HelloSequenceWorkflow', undefined, `${prefix}-a`), (d) => d.runtimeStatus === 'COMPLETED');
  const answers: { status: number; bytes: number }[] = [];
  page.on('response', async (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/instances') || response.request().method() !== 'GET') return;
    answers.push({ status: response.status(), bytes: response.status() === 304 ? 0 : (await response.body().catch(() => Buffer.alloc(0))).length });
  });
  await page.goto(`/?id=${prefix}`);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  // The list refreshes every 1.5 s: unchanged, those are 304s.
  await expect.poll(() => answers.filter((a) => a.status === 304).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);

  await page.getByRole('button', { name: 'Hold live updates' }).click();
  await expect(page.getByRole('combobox', { name: 'Refresh interval' })).toHaveValue('paused');
  const seen = answers.length;
  await waitForInstance(request, await startInstance(request, 'HelloSequenceWorkflow', undefined, `${prefix}-b`), (d) => d.runtimeStatus === 'COMPLETED');
  await page.waitForTimeout(3_500);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  expect(answers.length).toBe(seen);

  // The choice is kept per browser (a reload stays paused); resuming catches up.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Refresh interval' })).toHaveValue('paused');
  await expect(page.locator('tbody tr')).toHaveCount(2);
  await page.getByRole('button', { name: 'Continue live updates' }).click();
  await expect(page.getByRole('combobox', { name: 'Refresh interval' })).toHaveValue('auto');
  await page.getByRole('combobox', { name: 'Refresh interval' }).selectOption('1s');
  await waitForInstance(request, await startInstance(request, 'HelloSequenceWorkflow', undefined, `${prefix}-c`), (d) => d.runtimeStatus === 'COMPLETED');
  await expect(page.locator('tbody tr')).toHaveCount(3);
  await page.getByRole('combobox', { name: 'Refresh interval' }).selectOption('auto');
});

test('one error banner while the server does not answer, gone by itself once it does', async ({ page, request, consoleErrors }) => {
  const prefix = uniqueId('stale');
  await startInstance(request, 'HelloSequenceWorkflow', undefined, `${prefix}-a`);
  await page.goto(`/?id=${prefix}`);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await page.route('**/api/instances?*', (route) => route.fulfill({ status: 503, json: { errorCode: 'ERR_DATABASE_UNAVAILABLE', message: 'database is unreachable; try again shortly' } }));
  const banner = page.getByRole('alert').filter({ hasText: 'Could not load instances' });
  await expect(banner).toContainText('database is unreachable', { timeout: 10_000 });
  await page.waitForTimeout(3_000);
  await expect(banner).toHaveCount(1);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await page.unroute('**/api/instances?*');
  await expect(banner).toHaveCount(0, { timeout: 10_000 });
  // The browser logs each 503 this test provoked; anything else still fails the test.
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((line) => !/status of 503/.test(line)));
});
