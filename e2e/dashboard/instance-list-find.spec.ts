// The instance list's search, filters, sorting and time display (issue 13 items 1 and 2), as an operator uses them.
import { expect, test } from './fixtures';
import { orderNeedingApproval, startInstance, uniqueId, waitForInstance } from './api';

test('search ignores case and matches anywhere; wait filters, sort headers and Back work through the URL', async ({ page, request }, testInfo) => {
  const tag = uniqueId('find');
  const orders = [];
  for (const n of [1, 2]) orders.push(await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval(), `${tag}-PO-${n}`));
  const hello = await startInstance(request, 'HelloSequenceWorkflow', undefined, `${tag}-hello`);
  for (const id of orders) await waitForInstance(request, id, (d) => d.waitingOn.events.some((e) => e.name === 'approval_received'));
  await waitForInstance(request, hello, (d) => d.runtimeStatus === 'COMPLETED');

  await page.goto('/');
  // The middle of the ID, in another case.
  await page.getByRole('searchbox', { name: 'Instance ID' }).fill(tag.slice(5).toUpperCase());
  await expect(page.locator('tbody tr')).toHaveCount(3);
  await expect(page).toHaveURL(/id=/);

  await page.getByText('More filters').click();
  await page.getByRole('combobox', { name: 'Waits on', exact: true }).selectOption('event');
  await page.getByRole('searchbox', { name: 'named' }).fill('approval_received');
  await expect(page).toHaveURL(/waitName=approval_received/);
  await expect(page).toHaveURL(/wait=event/);
  await expect(page.locator('tbody tr')).toHaveCount(2);
  const waits = page.locator('tbody tr').first().locator('td').nth(4);
  await expect(waits).toContainText('event approval_received');
  await expect(waits.locator('.wait-cell')).toHaveAttribute('title', /^since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d /);

  await page.getByRole('combobox', { name: 'for more than', exact: true }).selectOption('1h');
  await expect(page).toHaveURL(/waitOver=1h/);
  await expect(page.locator('tbody tr')).toHaveCount(0);
  await page.goBack();
  await expect(page).not.toHaveURL(/waitOver/);
  await expect(page.locator('tbody tr')).toHaveCount(2);

  // Sort by workflow name from its header: descending, then ascending; Back returns to the previous order.
  await page.getByRole('combobox', { name: 'Waits on', exact: true }).selectOption('');
  await expect(page.locator('tbody tr')).toHaveCount(3);
  const workflowHeader = page.getByRole('columnheader', { name: 'Workflow' });
  await workflowHeader.getByRole('button').click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(page.locator('tbody tr td:nth-child(3)')).toHaveText(['PurchaseOrderWorkflow', 'PurchaseOrderWorkflow', 'HelloSequenceWorkflow']);
  await expect(workflowHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(workflowHeader.getByRole('button')).toHaveAttribute('title', 'Sort by workflow, ascending');
  await workflowHeader.getByRole('button').click();
  await expect(workflowHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.locator('tbody tr td:nth-child(3)')).toHaveText(['HelloSequenceWorkflow', 'PurchaseOrderWorkflow', 'PurchaseOrderWorkflow']);
  await page.goBack();
  await expect(workflowHeader).toHaveAttribute('aria-sort', 'descending');

  // Finished instances by duration, with their completion time.
  await page.getByRole('combobox', { name: 'Sort by', exact: true }).selectOption('duration');
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.locator('tbody tr td:nth-child(2)')).toHaveText(hello);
  await page.screenshot({ path: testInfo.outputPath('instance-list-find.png'), fullPage: true });
});

test('times read "ago" with the absolute time and zone on hover; the UTC switch is kept per browser', async ({ page, request }) => {
  const id = await startInstance(request, 'HelloSequenceWorkflow', undefined, uniqueId('zone'));
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  await page.goto(`/?id=${id}`);
  const created = page.locator('tbody tr td:nth-child(7) time');
  await expect(created).toHaveText(/just now|\d+ s ago/);
  await expect(created).toHaveAttribute('title', /\(UTC[+-]\d\d:\d\d\)$/);
  await page.getByRole('group', { name: 'Time zone' }).getByRole('button', { name: 'UTC' }).click();
  await expect(created).toHaveAttribute('title', / UTC$/);
  await page.reload();
  await expect(page.getByRole('button', { name: 'UTC', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('tbody tr td:nth-child(7) time')).toHaveAttribute('title', / UTC$/);
  await expect(page.getByText('Created from (UTC)')).toBeVisible();
});

test('filters by parent and failure text; a bad wait duration in a shared link is ignored, not an error', async ({ page, request }) => {
  const parent = await startInstance(request, 'ParentWorkflow', { children: 2, childSeconds: 120 }, uniqueId('fam'));
  await waitForInstance(request, parent, (d) => d.children.length === 2);
  await page.goto(`/?id=${parent}&top=1`);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  const parentMode = page.getByRole('combobox', { name: 'Parent', exact: true });
  await expect(parentMode).toHaveValue('top');
  await parentMode.selectOption('children');
  await page.getByRole('searchbox', { name: 'Parent ID' }).fill(parent);
  await expect(page).toHaveURL(new RegExp(`parent=${parent}`));
  await page.getByRole('searchbox', { name: 'Instance ID' }).fill('');
  await expect(page.locator('tbody tr')).toHaveCount(2);
  await expect(page.locator('tbody tr td:nth-child(6)')).toHaveText([parent, parent]);
  await page.goto(`/?failure=no-such-failure-text&waitOver=soon`);
  await expect(page.locator('tbody tr')).toHaveCount(0);
  await expect(page.getByText('No instances match these filters.')).toBeVisible();
});

test('Next page and the browser Back button: each page is a history entry', async ({ page, request }) => {
  const tag = uniqueId('pages');
  for (let i = 0; i < 52; i++) await request.post('/api/workflows/HelloSequenceWorkflow/start', { data: { instanceId: `${tag}-${String(i).padStart(2, '0')}` } });
  await page.goto(`/?id=${tag}&order=asc`);
  await expect(page.locator('tbody tr')).toHaveCount(50);
  await expect(page.locator('tbody tr').first()).toContainText(`${tag}-00`);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.locator('tbody tr')).toHaveCount(2);
  await expect(page.locator('tbody tr').first()).toContainText(`${tag}-50`);
  await page.goBack();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(page.locator('tbody tr')).toHaveCount(50);
  await expect(page.locator('tbody tr').first()).toContainText(`${tag}-00`);
  await page.goForward();
  await expect(page.locator('tbody tr')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Previous' })).toBeEnabled();
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.locator('tbody tr')).toHaveCount(50);
});
