import { expect, test } from './fixtures';
import { orderNeedingApproval, startInstance, waitForInstance } from './api';

const status = (page: import('@playwright/test').Page) => page.locator('.instance-title .badge');

test('Pause suspends the instance and Resume brings it back', async ({ page, request }, testInfo) => {
  const id = await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval());
  await waitForInstance(request, id, (d) => d.waitingOn.events.length > 0);
  await page.goto(`/instances/${id}`);
  await expect(status(page)).toHaveText('RUNNING');
  await expect(page.getByRole('button', { name: 'Resume' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Purge' })).toBeDisabled();

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText('SUSPENDED');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('instance-suspended.png'), fullPage: true });

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(status(page)).toHaveText('RUNNING');
});

test('Raise event refuses invalid JSON, then sends the event and the instance completes', async ({ page, request }, testInfo) => {
  const id = await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval());
  await waitForInstance(request, id, (d) => d.waitingOn.events.length > 0);
  await page.goto(`/instances/${id}`);
  await page.getByRole('toolbar', { name: 'Instance controls' }).getByRole('button', { name: 'Raise event' }).click();

  const dialog = page.getByRole('dialog', { name: 'Raise event' });
  await expect(dialog.getByLabel('Event name')).toHaveValue('approval_received');
  const payload = dialog.getByLabel('Payload (JSON, optional)');
  await payload.fill('{\n  "approver": Ann\n}');
  await expect(dialog.getByRole('alert')).toContainText('line 2');
  await expect(dialog.getByRole('button', { name: 'Send event' })).toBeDisabled();
  await dialog.screenshot({ path: testInfo.outputPath('raise-event-invalid.png') });

  await payload.fill('{ "approver": "Ann" }');
  await dialog.getByRole('button', { name: 'Send event' }).click();
  await expect(dialog).toBeHidden();
  await expect(status(page)).toHaveText('COMPLETED', { timeout: 10_000 });
  await expect(page.getByRole('region', { name: 'Output' })).toContainText("Approved by 'Ann'");
});

test('Terminate asks for confirmation, then the instance is TERMINATED', async ({ page, request }) => {
  const id = await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval());
  await page.goto(`/instances/${id}`);
  await page.getByRole('button', { name: 'Terminate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Terminate this instance?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(status(page)).not.toHaveText('TERMINATED');

  await page.getByRole('button', { name: 'Terminate' }).click();
  await page.getByRole('dialog', { name: 'Terminate this instance?' }).getByRole('button', { name: 'Terminate instance' }).click();
  await expect(status(page)).toHaveText('TERMINATED');
  await expect(page.getByRole('button', { name: 'Purge' })).toBeEnabled();
});

test('Purge (after confirmation) deletes the instance and goes back to the list with a notice', async ({ page, request }, testInfo) => {
  const id = await startInstance(request, 'HelloSequenceWorkflow');
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  await page.goto(`/instances/${id}`);
  await expect(page.getByRole('button', { name: 'Terminate' })).toBeDisabled();
  await page.getByRole('button', { name: 'Purge' }).click();
  await page.getByRole('dialog', { name: 'Purge this instance?' }).getByRole('button', { name: 'Purge instance' }).click();

  await expect(page).toHaveURL(/\/\?notice=/);
  await expect(page.getByRole('status').filter({ hasText: `Instance ${id} was purged.` })).toBeVisible();
  expect((await request.get(`/api/instances/${id}`)).status()).toBe(404);
  await page.screenshot({ path: testInfo.outputPath('after-purge.png'), fullPage: true });
});
