import { expect, test } from './fixtures';
import { startInstance, uniqueId, waitForInstance } from './api';

test('an instance with 5,000 history events opens quickly and stays usable', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  // 2,500 parallel activities: two events each (scheduled, completed) plus the steps' own, so at least 5,000 events.
  const id = await startInstance(request, 'BatchProcessingWorkflow', 2500, uniqueId('big'));
  const detail = await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED', 90_000);
  expect(detail.historyLength).toBeGreaterThanOrEqual(5000);

  const started = Date.now();
  await page.goto(`/instances/${id}`);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('navigation', { name: 'History pages' })).toContainText(`${detail.historyLength} events`);
  const openMs = Date.now() - started;
  testInfo.annotations.push({ type: 'open-ms', description: `${detail.historyLength} events opened in ${openMs} ms` });
  console.log(`[big-history] ${detail.historyLength} events: page usable after ${openMs} ms`);
  // ~2 s alone on a 2-core machine; the bound leaves room for the other specs running in parallel.
  expect(openMs).toBeLessThan(15_000);

  // Paging, filtering and expanding stay responsive.
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.locator('tbody tr')).toHaveCount(100);
  await history.getByRole('button', { name: 'Latest' }).click();
  await expect(history.locator('tbody')).toContainText('ExecutionCompleted');
  await history.getByLabel('Type').selectOption('TaskCompleted');
  await history.getByRole('button', { name: /^Show payload/ }).first().click();
  await expect(history.locator('.row-details pre').first()).toBeVisible();
  await timeline.locator('.react-flow__node').first().click();
  await page.screenshot({ path: testInfo.outputPath('big-history.png'), fullPage: false });
});
