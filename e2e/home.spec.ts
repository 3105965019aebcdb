import { expect, test } from '@playwright/test';

test('home page renders the layout and the main navigation', async ({ page }, testInfo) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/Flowdeck/);

  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeVisible();
  for (const [label, href] of [
    ['Instances', '/'],
    ['Approvals', '/approvals'],
    ['Demos', '/demos'],
  ]) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toHaveAttribute('href', href);
  }
  await expect(page.getByRole('link', { name: 'Flowdeck' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();

  await page.screenshot({ path: testInfo.outputPath('home.png'), fullPage: true });
});
