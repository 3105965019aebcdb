import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { ApprovalListResponse, ApprovalRequestView } from '@/lib/approvals/approval-view';
import { orderNeedingApproval, startInstance, waitForInstance } from './api';

/** Starts a purchase order and waits for the approval request its workflow makes. */
async function orderWithRequest(request: APIRequestContext, product: string, timeoutSeconds = 3600): Promise<{ id: string; own: ApprovalRequestView }> {
  const id = await startInstance(request, 'PurchaseOrderWorkflow', { ...orderNeedingApproval(product), timeoutSeconds });
  let own: ApprovalRequestView | undefined;
  await expect
    .poll(async () => {
      const page: ApprovalListResponse = await (await request.get('/api/approvals?limit=200')).json();
      own = page.items.find((r) => r.instanceId === id);
      return own?.status;
    })
    .toBe('pending');
  return { id, own: own! };
}

const card = (page: Page, product: string) => page.getByRole('article', { name: new RegExp(`Purchase order: ${product}`) });

test('Approve from the inbox: the request names the approvers group and its due time; the decision names who decided', async ({ page, request }, testInfo) => {
  const { id } = await orderWithRequest(request, 'Inbox chairs');
  await page.goto('/approvals');
  const row = card(page, 'Inbox chairs');
  await expect(row).toContainText('for group approvers');
  await expect(row).toContainText(/due in/);
  await expect(row).toContainText('RUNNING');
  await page.screenshot({ path: testInfo.outputPath('approvals.png'), fullPage: true });

  await row.getByRole('textbox').fill('within budget');
  await row.getByRole('button', { name: /^Approve/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved “Purchase order: Inbox chairs' })).toContainText('as local user');
  await expect(row).toBeHidden();
  const done = await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  expect(done.output).toBe("Approved by 'local user'");
  await page.getByRole('button', { name: 'Decided' }).click();
  await expect(page).toHaveURL(/tab=decided/);
  await expect(card(page, 'Inbox chairs')).toContainText('Approved by local user');
  await expect(card(page, 'Inbox chairs')).toContainText('within budget');
  await page.goBack();
  await expect(page).not.toHaveURL(/tab=decided/);
});

test('two tabs: the second decision is refused, saying who decided what and when; one event reaches the instance', async ({ page, context, request }) => {
  const { id } = await orderWithRequest(request, 'Two tabs');
  const other = await context.newPage();
  await page.goto('/approvals?tab=all');
  await other.goto('/approvals?tab=all');
  await expect(card(other, 'Two tabs')).toBeVisible();
  // The second tab stops refreshing, like a tab left open in the background.
  await other.route('**/api/approvals?*', (route) => route.abort());
  await card(page, 'Two tabs').getByRole('button', { name: /^Approve/ }).click();
  await expect(card(page, 'Two tabs')).toBeHidden();
  await card(other, 'Two tabs').getByRole('button', { name: /^Reject/ }).click();
  await expect(other.getByRole('alert').filter({ hasText: 'Two tabs' })).toContainText(/already approved by local user at /);
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  const history = await (await request.get(`/api/instances/${id}/history?limit=1000`)).json();
  expect(history.events.filter((e: { kind: string }) => e.kind === 'EventRaised')).toHaveLength(1);
});

test('a paused instance says the decision applies on resume, and it does', async ({ page, request }) => {
  const { id } = await orderWithRequest(request, 'Paused desk');
  expect((await request.post(`/api/instances/${id}/pause`, { data: { reason: 'budget check' } })).status()).toBe(202);
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'SUSPENDED');
  await page.goto('/approvals?tab=all');
  const row = card(page, 'Paused desk');
  await expect(row).toContainText('The instance is paused: a decision is recorded now and applies when it resumes.');
  await row.getByRole('button', { name: /^Approve/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paused desk' })).toContainText('it applies on resume');
  expect((await waitForInstance(request, id, () => true)).runtimeStatus).toBe('SUSPENDED');
  await request.post(`/api/instances/${id}/resume`, { data: {} });
  expect((await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED')).output).toBe("Approved by 'local user'");
});

test('overdue requests come first and are marked; bulk approve decides the selected ones with one comment', async ({ page, request }) => {
  const late = await orderWithRequest(request, 'Overdue lamp', 10);
  const a = await orderWithRequest(request, 'Bulk one');
  const b = await orderWithRequest(request, 'Bulk two');
  await page.goto('/approvals?tab=all');
  const overdue = card(page, 'Overdue lamp');
  // Due after 5 s (half its 10 s window): then flagged, and its due time says how long ago.
  await expect(overdue.getByText('Overdue', { exact: true })).toBeVisible({ timeout: 10_000 });
  await expect(overdue).toHaveClass(/request-overdue/);
  await expect(page.getByTestId('inbox-total')).toContainText(/overdue/);
  const titles = await page.getByRole('article').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
  expect(titles.indexOf('Approval request: Purchase order: Overdue lamp (5) for $2500')).toBeLessThan(titles.indexOf('Approval request: Purchase order: Bulk one (5) for $2500'));

  await card(page, 'Bulk one').getByRole('checkbox').check();
  await card(page, 'Bulk two').getByRole('checkbox').check();
  const bar = page.getByRole('region', { name: 'Decide the selected requests' });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('textbox').fill('batch ok');
  await bar.getByRole('button', { name: 'Approve selected' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved 2 of 2.' })).toBeVisible();
  for (const { id } of [a, b]) expect((await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED')).output).toBe("Approved by 'local user'");
  await request.post(`/api/instances/${late.id}/terminate`);
});

test('"Other waiting events" lists every instance waiting for an event, longest wait first', async ({ page, request }) => {
  const { id } = await orderWithRequest(request, 'Waiting list');
  await page.goto('/approvals?tab=waiting');
  await expect(page.getByRole('article', { name: new RegExp(id) })).toContainText('approval_received');
  await expect(page.getByText(/longest wait first/)).toBeVisible();
  await request.post(`/api/instances/${id}/terminate`);
});
