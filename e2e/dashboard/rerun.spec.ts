// Rerun from any event (issue 13 item 4) in Chromium: from a failed instance's history row with a new task input,
// from a timeline node, the links both ways and the comparison with the source.
import { expect, test } from './fixtures';
import { startInstance, uniqueId, waitForInstance } from './api';

const status = (page: import('@playwright/test').Page) => page.locator('.instance-title .badge');
/** FlakyWorkflow failing for good: one attempt allowed, and it fails. */
const failing = { failures: 5, maxAttempts: 1 };

test('Rerun from a history row with a new input: the new instance completes, the source is unchanged, both are linked', async ({ page, request }, testInfo) => {
  const id = await startInstance(request, 'FlakyWorkflow', failing, uniqueId('flaky'));
  const source = await waitForInstance(request, id, (d) => d.runtimeStatus === 'FAILED');
  await page.goto(`/instances/${id}`);
  const history = page.getByRole('region', { name: 'History' });
  await history.getByRole('button', { name: /^Rerun from event \d+ \(task 0\)$/ }).click();

  const dialog = page.getByRole('dialog', { name: 'Rerun from activity flaky_call (task 0)' });
  await dialog.getByLabel('New input for this activity').check();
  await expect(dialog.getByLabel('Task input (JSON)')).toHaveValue(/"failures": 5/);
  await dialog.getByLabel('Task input (JSON)').fill('{"failures": 0}');
  await dialog.screenshot({ path: testInfo.outputPath('rerun-dialog.png') });
  await dialog.getByRole('button', { name: 'Rerun' }).click();

  await expect(page).toHaveURL(new RegExp(`/instances/${id}-rerun-1$`));
  await expect(status(page)).toHaveText('COMPLETED', { timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'Output' })).toContainText('Succeeded on attempt 1');
  const links = page.getByRole('region', { name: 'Reruns' });
  await expect(links).toContainText(`Rerun of ${id} from task 0`);
  await page.screenshot({ path: testInfo.outputPath('rerun-instance.png'), fullPage: true });

  await links.getByRole('link', { name: 'Compare with the source' }).click();
  await expect(page).toHaveURL(/\/diff\?/);
  const first = page.getByRole('row', { name: 'First divergence' });
  await expect(first).toContainText('flaky_call');
  await expect(first).toContainText('different input');

  const after = await waitForInstance(request, id, () => true);
  expect({ status: after.runtimeStatus, events: after.historyLength }).toEqual({ status: 'FAILED', events: source.historyLength });
  await page.goto(`/instances/${id}`);
  await expect(page.getByRole('region', { name: 'Reruns' }).getByRole('link', { name: `${id}-rerun-1`, exact: true })).toBeVisible();
});

test('Rerun from a timeline node, under a chosen ID; a running instance offers no rerun', async ({ page, request }) => {
  const id = await startInstance(request, 'FlakyWorkflow', failing, uniqueId('flaky-node'));
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'FAILED');
  await page.goto(`/instances/${id}`);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await timeline.locator('.react-flow__node', { hasText: 'flaky_call' }).click();
  await page.getByRole('complementary', { name: 'Details of flaky_call' }).getByRole('button', { name: 'Rerun from here' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rerun from activity flaky_call (task 0)' });
  const newId = `${id}-again`;
  await dialog.getByLabel('New instance ID (optional)').fill(newId);
  await dialog.getByRole('button', { name: 'Rerun' }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${newId}$`));
  // Same input: the rerun fails as the source did, and says where it came from.
  await expect(status(page)).toHaveText('FAILED', { timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'Reruns' })).toContainText(`Rerun of ${id} from task 0`);

  const live = await startInstance(request, 'PurchaseOrderWorkflow', { cost: 2500, product: 'Desks', quantity: 5, timeoutSeconds: 3600 });
  await waitForInstance(request, live, (d) => d.waitingOn.events.length > 0);
  await page.goto(`/instances/${live}`);
  await expect(page.getByRole('region', { name: 'History' }).getByRole('row').nth(3)).toBeVisible();
  await expect(page.getByRole('button', { name: /^Rerun from event/ })).toHaveCount(0);
});
