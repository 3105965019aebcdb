import { expect, test } from './fixtures';
import { startInstance } from './api';

test('a started workflow\'s timeline and history grow live on its page, without reload', async ({ page, request }, testInfo) => {
  const id = await startInstance(request, 'ReminderWorkflow', { seconds: 3 });
  await page.goto(`/instances/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: id })).toBeVisible();
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.locator('.react-flow__node').first()).toBeVisible();
  const nodesBefore = await timeline.locator('.react-flow__node').count();
  const eventsBefore = await historyCount(page);

  await expect(page.locator('.instance-title .badge')).toHaveText('COMPLETED', { timeout: 15_000 });
  await expect.poll(() => historyCount(page)).toBeGreaterThan(eventsBefore);
  await expect.poll(() => timeline.locator('.react-flow__node').count()).toBeGreaterThan(nodesBefore);
  await page.screenshot({ path: testInfo.outputPath('instance-live.png'), fullPage: true });
});

async function historyCount(page: import('@playwright/test').Page): Promise<number> {
  const text = await page.getByRole('navigation', { name: 'History pages' }).innerText();
  return Number(/(\d+) events/.exec(text)?.[1] ?? 0);
}
