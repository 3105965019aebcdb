// Continue-as-new chains (issue 13 item 3) in Chromium: a monitor's executions are kept, and the instance page steps
// through them, each closed one read-only with its timeline and history.
import { expect, test } from './fixtures';
import { startInstance, uniqueId, waitForInstance } from './api';

test('the executions of a continued-as-new monitor: execution n of m, previous and next, each with its history', async ({ page, request }, testInfo) => {
  const input = { jobId: 'job-7', maxChecks: 3, healthyIntervalSeconds: 0.2, unhealthyIntervalSeconds: 0.2 };
  const id = await startInstance(request, 'StatusMonitorWorkflow', input, uniqueId('monitor'));
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED', 20_000);
  const executions = (await (await request.get(`/api/instances/${id}/executions`)).json()) as { total: number; executions: { executionId: string; current: boolean }[] };
  expect(executions.total).toBeGreaterThan(1);
  const total = executions.total;

  await page.goto(`/instances/${id}`);
  const nav = page.getByRole('navigation', { name: 'Executions' });
  await expect(nav).toContainText(`Execution ${total} of ${total}`);
  await nav.getByRole('link', { name: 'Previous execution', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`\\?execution=${executions.executions.at(-2)!.executionId}$`));
  await expect(nav).toContainText(`Execution ${total - 1} of ${total}`);
  await expect(page.getByRole('status').filter({ hasText: 'continued as new' })).toBeVisible();
  const history = page.getByRole('region', { name: 'History' });
  await expect(history).toContainText('ExecutionStarted');
  await expect(history).toContainText('ExecutionCompleted');
  await expect(page.getByRole('region', { name: 'Continued as new with' })).toContainText('"checks"');
  await expect(page.getByRole('region', { name: 'Timeline' }).locator('.react-flow__node').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('closed-execution.png'), fullPage: true });

  await nav.getByRole('link', { name: 'Next execution', exact: true }).click();
  await expect(nav).toContainText(`Execution ${total} of ${total}`);
  await expect(page).toHaveURL(new RegExp(`/instances/${id}$`));
  await expect(page.getByRole('toolbar', { name: 'Instance controls' })).toBeVisible();

  await nav.getByRole('link', { name: 'Compare with the previous execution' }).click();
  await expect(page).toHaveURL(/\/diff\?.*leftExecution=.*rightExecution=/);
  await expect(page.getByRole('status', { name: 'Comparison summary' })).toContainText('changed');
  await expect(page.getByRole('row', { name: 'First divergence' })).toContainText('different input');
  await page.goBack();

  await nav.getByLabel('Go to').selectOption(executions.executions[0].executionId);
  await expect(nav).toContainText(`Execution ${total - executions.executions.length + 1} of ${total}`);
});

test('an instance that never continued as new shows no executions bar', async ({ page, request }) => {
  const id = await startInstance(request, 'HelloSequenceWorkflow', undefined, uniqueId('hello'));
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  await page.goto(`/instances/${id}`);
  await expect(page.getByRole('region', { name: 'History' })).toContainText('ExecutionCompleted');
  await expect(page.getByRole('navigation', { name: 'Executions' })).toHaveCount(0);
});
