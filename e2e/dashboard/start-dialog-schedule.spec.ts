// The start dialog (issue 13 item 13): a scheduled start keeps the instance PENDING until its time, and the request
// is offered as a curl command that starts the same workflow.
import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';
import { getInstance, uniqueId, waitForInstance } from './api';

test('Start at schedules the instance; copy as curl gives the same request', async ({ page, request, baseURL }) => {
  const id = uniqueId('scheduled');
  await page.goto('/');
  await page.getByRole('button', { name: 'Start workflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start workflow' });
  await dialog.getByRole('combobox', { name: 'Workflow', exact: true }).fill('HelloSequenceWorkflow');
  await dialog.getByLabel('Instance ID (optional)').fill(id);
  // An hour from now, in the browser's zone (the dialog follows the list's UTC/local switch; local is the default).
  const later = new Date(Date.now() + 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${later.getFullYear()}-${pad(later.getMonth() + 1)}-${pad(later.getDate())}T${pad(later.getHours())}:${pad(later.getMinutes())}`;
  await dialog.getByLabel(/^Start at/).fill(local);
  await expect(dialog).toContainText('The instance stays PENDING until then.');
  const curl = await dialog.locator('pre.curl').textContent();
  expect(curl).toContain(`${baseURL}/api/workflows/HelloSequenceWorkflow/start`);
  expect(curl).toContain('"startAt":"');
  expect(curl).not.toMatch(/Bearer [^$]/);
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${id}$`));
  const detail = await getInstance(request, id);
  expect(detail.runtimeStatus).toBe('PENDING');
  expect(Math.abs(Date.parse(detail.scheduledStartAt!) - later.getTime())).toBeLessThan(60_000);

  // The same command through a shell (curl stood in for by the API client): a second ID starts at once.
  const words = execFileSync('sh', ['-c', `curl() { printf '%s\\n' "$@"; }; ${curl!.replace(id, `${id}-curl`)}`], { encoding: 'utf8' }).split('\n');
  const body = JSON.parse(words[words.indexOf('--data') + 1]) as { instanceId: string; startAt: string };
  const response = await request.post(`/api/workflows/HelloSequenceWorkflow/start`, { data: { ...body, startAt: new Date().toISOString() } });
  expect(response.status()).toBe(202);
  await waitForInstance(request, `${id}-curl`, (d) => d.runtimeStatus === 'COMPLETED');
});
