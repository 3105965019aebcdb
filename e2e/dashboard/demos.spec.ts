import { expect, test } from './fixtures';

test('a demo started from /demos lands on its instance page with the timeline drawn', async ({ page }, testInfo) => {
  await page.goto('/demos');
  await expect(page.getByRole('heading', { level: 1, name: 'Demos' })).toBeVisible();
  const cards = page.locator('article.demo-card');
  expect(await cards.count()).toBeGreaterThanOrEqual(9);
  await page.screenshot({ path: testInfo.outputPath('demos.png'), fullPage: true });

  const card = cards.filter({ hasText: 'HelloSequenceWorkflow' }).first();
  await card.getByRole('button', { name: /^Start/ }).click();
  await expect(page).toHaveURL(/\/instances\/[0-9a-f-]{36}$/);
  await expect(page.locator('.instance-title .badge')).toHaveText('COMPLETED', { timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'Timeline' }).locator('.react-flow__node').nth(3)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Output' })).toContainText('Hello Tokyo!');
  await page.screenshot({ path: testInfo.outputPath('demo-instance.png'), fullPage: true });
});

test('"Fill the approvals inbox" starts orders waiting for approval; "Restock inventory" answers with stock', async ({ page }) => {
  await page.goto('/demos');
  await page.getByRole('button', { name: 'Fill the approvals inbox' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Started \d+ orders? waiting for approval/ })).toBeVisible();
  await page.getByRole('button', { name: 'Restock inventory' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Stock now:' })).toBeVisible();
  await page.getByRole('link', { name: 'Open the inbox' }).click();
  await expect(page.getByRole('button', { name: 'Approve' }).first()).toBeVisible();
});
