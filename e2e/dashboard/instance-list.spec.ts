import { expect, test } from './fixtures';
import { orderNeedingApproval, startInstance, uniqueId, waitForInstance } from './api';

test('filters live in the URL, and bulk Terminate confirms the count then reports each instance', async ({ page, request }, testInfo) => {
  const prefix = uniqueId('bulk');
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push(await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval(), `${prefix}-${i}`));
  const done = await startInstance(request, 'HelloSequenceWorkflow', undefined, `${prefix}-hello`);
  await waitForInstance(request, done, (d) => d.runtimeStatus === 'COMPLETED');

  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Instance ID' }).fill(prefix);
  await expect(page).toHaveURL(new RegExp(`id=${prefix}`));
  await expect(page.locator('tbody tr')).toHaveCount(4);
  await page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: /^RUNNING/ }).click();
  await expect(page).toHaveURL(/status=RUNNING/);
  await expect(page.locator('tbody tr')).toHaveCount(3);

  // The same view from a shared link.
  await page.goto(page.url());
  await expect(page.locator('tbody tr')).toHaveCount(3);
  await expect(page.getByRole('button', { name: /^RUNNING/ })).toHaveAttribute('aria-pressed', 'true');
  await page.getByLabel('Workflow').selectOption('HelloSequenceWorkflow');
  await expect(page.locator('tbody tr')).toHaveCount(0);
  await page.getByLabel('Workflow').selectOption('');

  await page.getByRole('checkbox', { name: 'Select all instances on this page' }).check();
  await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toContainText('3 selected');
  await page.getByRole('button', { name: 'Terminate selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Terminate 3 selected instances' });
  await expect(dialog).toContainText('3 instances will be terminated. 0 child workflows will be terminated with them.');
  await dialog.screenshot({ path: testInfo.outputPath('bulk-terminate-confirm.png') });
  await dialog.getByRole('button', { name: 'Terminate 3 instances' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Terminate: 3 succeeded, 0 failed.');
  await expect(dialog.getByRole('list', { name: 'Outcome per instance' }).getByRole('listitem')).toHaveCount(3);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  await expect(page.locator('tbody tr')).toHaveCount(0);
  await page.getByRole('button', { name: /^TERMINATED/ }).click();
  await page.getByRole('button', { name: /^RUNNING/ }).click();
  await expect(page.locator('tbody tr .badge')).toHaveText(['TERMINATED', 'TERMINATED', 'TERMINATED']);
  await page.screenshot({ path: testInfo.outputPath('instances.png'), fullPage: true });
});

test('bulk Terminate of a parent says how many child workflows go with it', async ({ page, request }) => {
  const id = await startInstance(request, 'ParentWorkflow', { children: 2, childSeconds: 120 }, uniqueId('parent'));
  await waitForInstance(request, id, (d) => d.children.length === 2);
  await page.goto(`/?id=${id}`);
  await page.getByRole('checkbox', { name: `Select ${id}`, exact: true }).check();
  await page.getByRole('button', { name: 'Terminate selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Terminate 1 selected instance' });
  await expect(dialog).toContainText('1 instance will be terminated. 2 child workflows will be terminated with them.');
  await dialog.getByRole('button', { name: 'Terminate 1 instance' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Terminate: 1 succeeded, 0 failed.');
  const parent = await waitForInstance(request, id, (d) => d.children.every((c) => c.runtimeStatus === 'TERMINATED'));
  expect(parent.runtimeStatus).toBe('TERMINATED');
});
