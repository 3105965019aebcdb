// Exports (issue 13 item 5): the list under its filters as CSV and JSON, and one instance's whole history as JSON.
import fs from 'node:fs';
import { expect, test } from './fixtures';
import { getInstance, startInstance, uniqueId, waitForInstance } from './api';

test('the list downloads as CSV and JSON under the current filters', async ({ page, request }) => {
  const tag = uniqueId('export');
  for (const n of [1, 2]) {
    const id = await startInstance(request, 'HelloSequenceWorkflow', undefined, `${tag}-${n}`);
    await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  }
  await startInstance(request, 'HelloSequenceWorkflow', undefined, uniqueId('not-exported'));
  await page.goto(`/?id=${tag}&order=asc`);
  await expect(page.locator('tbody tr')).toHaveCount(2);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^instances-.+\.csv$/);
  const lines = fs.readFileSync((await csv.path())!, 'utf8').trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^instanceId,workflowName,runtimeStatus,createdAt,/);
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([`${tag}-1,HelloSequenceWorkflow,COMPLETED`, `${tag}-2,HelloSequenceWorkflow,COMPLETED`]);

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'JSON' }).click()]);
  const rows = JSON.parse(fs.readFileSync((await json.path())!, 'utf8')) as { instanceId: string; durationMs?: number }[];
  expect(rows.map((r) => r.instanceId)).toEqual([`${tag}-1`, `${tag}-2`]);
  expect(rows[0].durationMs).toBeGreaterThanOrEqual(0);
});

test("an instance's whole history downloads as JSON from its page, every page of it", async ({ page, request }) => {
  // A fan-out of 400 activities: over 1,000 events, more than one history page.
  const id = await startInstance(request, 'BatchProcessingWorkflow', { batchSize: 400, maxConcurrency: 50 }, uniqueId('history'));
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED', 25_000);
  const detail = await getInstance(request, id);
  await page.goto(`/instances/${id}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download history (JSON)' }).click()]);
  const history = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { instanceId: string; events: { sequence: number; kind: string }[] };
  expect(history.instanceId).toBe(id);
  expect(history.events).toHaveLength(detail.historyLength);
  expect(history.events.map((e) => e.sequence)).toEqual([...Array(detail.historyLength).keys()]);
  expect(detail.historyLength).toBeGreaterThan(1000);
  expect(history.events.some((e) => e.kind === 'ExecutionCompleted')).toBe(true);
});
