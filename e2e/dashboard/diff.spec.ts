// History diff (issue 13 item 6) in Chromium: two instances picked from the instance page, aligned side by side with
// the first divergence marked; identical runs have none.
import { expect, test } from './fixtures';
import { startInstance, uniqueId, waitForInstance } from './api';

test('Compare with… shows two histories aligned with the first divergence marked', async ({ page, request }, testInfo) => {
  const left = await startInstance(request, 'TaskChainWorkflow', 1, uniqueId('chain-a'));
  const right = await startInstance(request, 'TaskChainWorkflow', 2, uniqueId('chain-b'));
  await waitForInstance(request, left, (d) => d.runtimeStatus === 'COMPLETED');
  await waitForInstance(request, right, (d) => d.runtimeStatus === 'COMPLETED');

  await page.goto(`/instances/${left}`);
  const compare = page.getByRole('form', { name: 'Compare with another instance' });
  await compare.getByLabel('Compare with…').fill(right);
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(/\/diff\?left=.*&right=/);

  const table = page.locator('table.diff-table');
  await expect(table.getByRole('columnheader').first()).toContainText(left);
  await expect(table.getByRole('columnheader').last()).toContainText(right);
  const first = page.getByRole('row', { name: 'First divergence' });
  await expect(first).toContainText('different input');
  await expect(first).toContainText('start');
  await expect(page.getByRole('status', { name: 'Comparison summary' })).toContainText('changed');
  await expect(table.locator('tbody tr', { hasText: 'step3' })).toContainText('different output');
  await page.screenshot({ path: testInfo.outputPath('diff.png'), fullPage: true });

  await page.getByRole('link', { name: 'Swap sides' }).click();
  await expect(table.getByRole('columnheader').first()).toContainText(right);
});

test('two runs with the same input do the same: no divergence', async ({ page, request }) => {
  const a = await startInstance(request, 'TaskChainWorkflow', 3, uniqueId('same-a'));
  const b = await startInstance(request, 'TaskChainWorkflow', 3, uniqueId('same-b'));
  await waitForInstance(request, a, (d) => d.runtimeStatus === 'COMPLETED');
  await waitForInstance(request, b, (d) => d.runtimeStatus === 'COMPLETED');
  await page.goto(`/diff?left=${a}&right=${b}`);
  await expect(page.getByRole('status', { name: 'Comparison summary' })).toContainText('The two histories do the same');
  await expect(page.getByRole('row', { name: 'First divergence' })).toHaveCount(0);
});
