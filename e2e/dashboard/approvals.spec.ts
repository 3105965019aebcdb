import { expect, test } from './fixtures';
import type { ApprovalListResponse } from '@/lib/api/dto';
import { orderNeedingApproval, startInstance, waitForInstance } from './api';

test('Approve from the inbox: the row leaves and the instance completes', async ({ page, request }, testInfo) => {
  const id = await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval('Approval chairs'));
  await waitForInstance(request, id, (d) => d.waitingOn.events.length > 0);
  await page.goto('/approvals');
  const row = page.getByRole('article', { name: new RegExp(id) });
  await expect(row).toContainText('approval_received');
  await expect(row).toContainText('times out in');
  await page.screenshot({ path: testInfo.outputPath('approvals.png'), fullPage: true });

  await row.getByRole('textbox').fill('Grace');
  await row.getByRole('button', { name: 'Approve' }).click();
  await expect(row).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Approved' })).toBeVisible();
  const done = await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  expect(done.output).toBe("Approved by 'Grace'");
});

test('a click on an instance that already moved on says so instead of failing', async ({ page, request }) => {
  const id = await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval('Stale view'));
  await waitForInstance(request, id, (d) => d.waitingOn.events.length > 0);
  const snapshot = (await (await request.get('/api/approvals')).json()) as ApprovalListResponse;
  // This tab keeps showing the list as it was, like a second browser that has not refreshed yet.
  await page.route('**/api/approvals', (route) => route.fulfill({ json: snapshot }));
  await page.goto('/approvals');
  const row = page.getByRole('article', { name: new RegExp(id) });
  await expect(row).toBeVisible();

  await request.post(`/api/instances/${id}/raise-event`, { data: { eventName: 'approval_received', payload: { approver: 'Someone else' } } });
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  await row.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Already decided or timed out' })).toBeVisible();
  await expect(row).toBeHidden();
});
