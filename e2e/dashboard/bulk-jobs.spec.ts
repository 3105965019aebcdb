// Bulk by filter in the browser: select all matching, a dry run with a typed confirmation, a job with progress that
// survives a reload, cancel of a running job, and a selection that a filter change clears.
import type { Page } from '@playwright/test';
import type { BulkJobView } from '@/lib/api/bulk-job-handlers';
import type { HistoryPage, InstanceListResponse } from '@/lib/api/dto';
import { expect, test } from './fixtures';
import { startInstance, startWaitingMany, uniqueId, waitForInstance } from './api';

/** Opens the list filtered to `prefix`, ticks the page and chooses "Select all N matching this filter". */
async function selectAllMatching(page: Page, prefix: string, total: number) {
  await page.goto(`/?id=${prefix}`);
  await expect(page.locator('tbody tr')).toHaveCount(50);
  await page.getByRole('checkbox', { name: 'Select all instances on this page' }).check();
  const banner = page.getByTestId('select-all-banner');
  await expect(banner).toContainText('All 50 on this page are selected.');
  await banner.getByRole('button', { name: `Select all ${total} matching this filter` }).click();
  await expect(banner).toContainText(`All ${total} instances matching this filter are selected`);
  await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toContainText(`${total} matching this filter`);
}

/** The jobs panel's card of the job over `prefix` (the filter names it). */
const jobCard = (page: Page, prefix: string) => page.getByRole('region', { name: 'Bulk jobs' }).getByRole('article').filter({ hasText: prefix });

test('Pause all 120 matching: dry run, typed confirmation, progress to 120 succeeded, summary kept over a reload', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const prefix = uniqueId('bjpause');
  await startWaitingMany(request, prefix, 120);
  await selectAllMatching(page, prefix, 120);

  await page.getByRole('button', { name: 'Pause all matching' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pause every instance matching this filter' });
  await expect(dialog.getByTestId('bulk-job-dry-run')).toContainText('120 instances match this filter; 120 would be acted on.');
  await expect(dialog.getByRole('list', { name: 'Sample of matching instances' }).getByRole('listitem')).toHaveCount(20);
  await expect(dialog).toContainText(`ID contains "${prefix}"`);
  const run = dialog.getByRole('button', { name: 'Run', exact: true });
  await expect(run).toBeDisabled();
  await dialog.getByLabel('Reason').fill('bulk maintenance');
  const confirm = dialog.getByRole('textbox', { name: /type 120 or pause to confirm/ });
  await confirm.fill('12');
  await expect(dialog.getByRole('alert')).toHaveText('“12” is neither 120 nor pause: type one of them exactly.');
  await expect(run).toBeDisabled();
  await confirm.fill('120');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.screenshot({ path: testInfo.outputPath('bulk-job-confirm.png') });
  await run.click();
  await expect(dialog).toBeHidden();
  // Starting a job clears the selection.
  await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toHaveCount(0);

  const card = jobCard(page, prefix);
  await expect(card.getByTestId('job-counts')).toHaveText('120 succeeded · 0 skipped · 0 failed', { timeout: 60_000 });
  await expect(card.getByTestId('job-progress')).toHaveText('120 / 120');
  await expect(card).toHaveAttribute('data-status', 'completed');
  await expect(card).toContainText('Reason: bulk maintenance');
  await expect(card.getByRole('button', { name: 'Cancel job' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('bulk-job-done.png'), fullPage: true });

  await page.reload();
  await expect(card.getByTestId('job-counts')).toHaveText('120 succeeded · 0 skipped · 0 failed');
  await expect(card).toContainText('Reason: bulk maintenance');
  const list = (await (await request.get(`/api/instances?idContains=${prefix}&limit=1`)).json()) as InstanceListResponse;
  expect(list.counts).toMatchObject({ SUSPENDED: 120, RUNNING: 0 });

  // Again: now every one is paused, so the dry run says all would be skipped and why, and there is nothing to run.
  await selectAllMatching(page, prefix, 120);
  await page.getByRole('button', { name: 'Pause all matching' }).click();
  await expect(dialog.getByTestId('bulk-job-dry-run')).toContainText('120 instances match this filter; 0 would be acted on, 120 skipped.');
  await expect(dialog.getByRole('list', { name: 'Would be skipped' })).toHaveText('120 SUSPENDED: pause applies to RUNNING only');
  await expect(dialog.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  await expect(dialog.getByRole('textbox', { name: /to confirm/ })).toHaveCount(0);
});

test('Cancel right after starting a 150-instance job: it ends canceled part way (or completed), and the card says what the server says', async ({ page, request }) => {
  test.setTimeout(120_000);
  const prefix = uniqueId('bjcancel');
  await startWaitingMany(request, prefix, 150);
  await selectAllMatching(page, prefix, 150);
  await page.getByRole('button', { name: 'Terminate all matching' }).click();
  const dialog = page.getByRole('dialog', { name: 'Terminate every instance matching this filter' });
  await expect(dialog.getByTestId('bulk-job-dry-run')).toContainText('150 instances match this filter');
  await dialog.getByRole('textbox', { name: /to confirm/ }).fill('terminate');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();

  const card = jobCard(page, prefix);
  await expect(card).toBeVisible();
  const cancel = card.getByRole('button', { name: 'Cancel job' });
  // The job may finish before the click lands: then there is no button (or the server answers 409, shown on the card).
  if (await cancel.isVisible()) await cancel.click();
  await expect(card).toHaveAttribute('data-status', /^(canceled|completed)$/, { timeout: 60_000 });

  const jobs = ((await (await request.get('/api/bulk-jobs')).json()) as { jobs: BulkJobView[] }).jobs;
  const job = jobs.find((j) => j.filter.includes(prefix))!;
  expect(job.status).toBe(await card.getAttribute('data-status'));
  await expect(card.getByTestId('job-progress')).toHaveText(`${job.processed} / 150`);
  await expect(card.getByTestId('job-counts')).toHaveText(`${job.succeeded} succeeded · ${job.skipped} skipped · ${job.failed} failed`);
  expect(job.succeeded + job.skipped + job.failed).toBe(job.processed);
  if (job.status === 'canceled') expect(job.processed).toBeLessThan(150);
  else expect(job.processed).toBe(150);
  await expect(card.getByRole('button', { name: 'Cancel job' })).toHaveCount(0);
  const list = (await (await request.get(`/api/instances?idContains=${prefix}&limit=1`)).json()) as InstanceListResponse;
  expect(list.counts).toMatchObject({ TERMINATED: job.succeeded, RUNNING: 150 - job.processed });
});

test('a filter change clears the ticked rows, and the bulk dialog lists every ID it acts on and takes a reason', async ({ page, request }) => {
  const prefix = uniqueId('bjsel');
  const waiting: string[] = [];
  for (let i = 0; i < 3; i++) waiting.push(await startInstance(request, 'ReminderWorkflow', { seconds: 3600 }, `${prefix}-${i}`));
  const done = await startInstance(request, 'HelloSequenceWorkflow', undefined, `${prefix}-hello`);
  await waitForInstance(request, done, (d) => d.runtimeStatus === 'COMPLETED');
  for (const id of waiting) await waitForInstance(request, id, (d) => d.runtimeStatus === 'RUNNING');

  await page.goto(`/?id=${prefix}`);
  await expect(page.locator('tbody tr')).toHaveCount(4);
  await page.getByRole('checkbox', { name: 'Select all instances on this page' }).check();
  const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
  await expect(bar).toContainText('4 selected');
  // The page holds every match: no "select all matching" offer.
  await expect(page.getByTestId('select-all-banner')).toHaveCount(0);

  await page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: /^RUNNING/ }).click();
  await expect(page.locator('tbody tr')).toHaveCount(3);
  await expect(bar).toHaveCount(0);
  await expect(page.locator('tbody input[type=checkbox]:checked')).toHaveCount(0);

  await page.getByRole('checkbox', { name: `Select ${waiting[0]}`, exact: true }).check();
  await page.getByRole('checkbox', { name: `Select ${waiting[2]}`, exact: true }).check();
  await expect(bar).toContainText('2 selected');
  await page.getByRole('button', { name: 'Pause selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pause 2 selected instances' });
  const items = dialog.getByRole('list', { name: 'Instances this acts on' }).getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText(waiting[0]);
  await expect(items.nth(1)).toContainText(waiting[2]);
  await expect(items.nth(0)).toContainText('will be paused');
  // A reason goes with the action onto each instance's history.
  await dialog.getByLabel('Reason (optional').fill('stock count');
  await dialog.getByRole('button', { name: 'Pause 2 instances' }).click();
  await expect(dialog.getByRole('status')).toContainText('Pause: 2 succeeded, 0 failed.');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  const suspended = async () => {
    const history = (await (await request.get(`/api/instances/${waiting[2]}/history`)).json()) as HistoryPage;
    const event = history.events.find((e) => e.kind === 'ExecutionSuspended');
    return event?.kind === 'ExecutionSuspended' ? event.reason : undefined;
  };
  await expect.poll(suspended).toBe('stock count');

  // Back to the previous view (a history entry) is a new view too: nothing selected.
  await page.goBack();
  await expect(page.locator('tbody tr')).toHaveCount(4);
  await expect(bar).toHaveCount(0);
});
