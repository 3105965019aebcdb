// The dashboard follows the signed-in role (issue 14 item 3), in Chromium against the servers with accounts on SQLite
// and PostgreSQL: a viewer sees every control disabled with the reason, an approver may raise only the event an
// instance waits for, an operator sees them enabled and no reason.
import { expect, test, type Page } from '@playwright/test';
import { OIDC_NAME } from './identity-servers';

type Role = 'viewer' | 'approver' | 'operator';
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const ORDER = { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 900 };
const INSTANCE_CONTROLS = ['Pause', 'Resume', 'Raise event', 'Terminate', 'Purge'];

let instanceId: string;
/** A ReminderWorkflow instance an operator paused with a bulk job (so the list's jobs panel has a job to show). */
let bulkInstanceId: string;

// People sign in through the local OpenID provider (its login "<role>-…" is in group <role>, which gives the role):
// password sign-ins are limited to 10 a minute per address, and the other identity specs use them.
test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signInWithIdp(page, `operator-${run}-setup`, 'operator');
  instanceId = `role-ui-${run}`;
  const origin = new URL(page.url()).origin;
  expect((await page.request.post('/api/workflows/PurchaseOrderWorkflow/start', { data: { instanceId, input: ORDER }, headers: { origin } })).status()).toBe(202);
  await expect.poll(async () => (await (await page.request.get(`/api/instances/${instanceId}`)).json()).waitingOn?.events?.length ?? 0, { timeout: 20_000 }).toBe(1);
  bulkInstanceId = `role-ui-bulk-${run}`;
  expect((await page.request.post('/api/workflows/ReminderWorkflow/start', { data: { instanceId: bulkInstanceId, input: { seconds: 3600 } }, headers: { origin } })).status()).toBe(202);
  await expect.poll(async () => (await (await page.request.get(`/api/instances/${bulkInstanceId}`)).json()).runtimeStatus, { timeout: 20_000 }).toBe('RUNNING');
  const job = await page.request.post('/api/bulk-jobs', { data: { action: 'pause', filter: `idContains=${bulkInstanceId}`, reason: 'role check' }, headers: { origin } });
  expect(job.status()).toBe(202);
  await page.close();
});

/** Signs the page's browser context in as `login` through the OpenID provider; the top bar then names the role. */
async function signInWithIdp(page: Page, login: string, role: Role) {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: `Sign in with ${OIDC_NAME}` }).click();
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any');
  await page.locator('button[type=submit]').click();
  // The provider's consent page, the first time this login meets the client.
  const consent = page.locator('button[type=submit]');
  if (await consent.isVisible({ timeout: 3_000 }).catch(() => false)) await consent.click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(`IdP ${login} · ${role}`, { timeout: 15_000 });
}

/** Signs in as a person with `role` and opens the instance page. */
async function signInAs(page: Page, role: Role) {
  await signInWithIdp(page, `${role}-${run}`, role);
  await page.goto(`/instances/${instanceId}`);
}

const control = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Instance controls' }).getByRole('button', { name, exact: true });

test('a viewer sees every control disabled with the reason: instance, list, start, demos, raise', async ({ page }) => {
  await signInAs(page, 'viewer');
  const reason = 'Operators only: you are a viewer';
  for (const name of INSTANCE_CONTROLS) {
    await expect(control(page, name), name).toBeDisabled();
    await expect(control(page, name), name).toHaveAttribute('title', reason);
  }
  await expect(page.locator('.controls').getByTestId('role-note')).toHaveText(reason);

  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Start workflow' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Start workflow' })).toHaveAttribute('title', reason);
  await expect(page.locator('.page-actions').getByTestId('role-note')).toHaveText(reason);
  await expect(page.getByRole('checkbox', { name: `Select ${instanceId}` })).toBeDisabled();
  // Viewers see the bulk jobs (server state); with no row selectable they cannot start one.
  const job = page.getByRole('region', { name: 'Bulk jobs' }).getByRole('article').filter({ hasText: bulkInstanceId });
  await expect(job).toContainText('Reason: role check');
  await expect(job.getByTestId('job-counts')).toHaveText('1 succeeded · 0 skipped · 0 failed');

  await page.goto('/demos');
  await expect(page.getByRole('button', { name: 'Fill the approvals inbox' })).toBeDisabled();
  const start = page.getByRole('button', { name: /^Start / }).first();
  await expect(start).toBeDisabled();
  await expect(start).toHaveAttribute('title', reason);
  await expect(page.locator('.demo-card').first().getByTestId('role-note')).toHaveText(reason);
  // The nav offers Users to admins only, and the Audit page to operators and admins.
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' })).toHaveCount(0);
});

test('an approver may raise only the event the instance waits for; the other controls say operators only', async ({ page }) => {
  await signInAs(page, 'approver');
  for (const name of ['Pause', 'Terminate', 'Purge']) await expect(control(page, name), name).toBeDisabled();
  await expect(control(page, 'Raise event')).toBeEnabled();
  await expect(page.locator('.controls').getByTestId('role-note')).toHaveText('Operators only: you are an approver (you may raise the event it waits for)');

  await control(page, 'Raise event').click();
  const dialog = page.getByRole('dialog', { name: 'Raise event' });
  const name = dialog.getByRole('combobox', { name: 'Event name' });
  await expect(name).toHaveValue('approval_received');
  await expect(dialog.getByRole('button', { name: 'Send event' })).toBeEnabled();
  await name.fill('something_else');
  await expect(dialog.getByRole('button', { name: 'Send event' })).toBeDisabled();
  await expect(dialog.getByTestId('role-note')).toHaveText('Approvers may raise only an event the instance waits for (approval_received); operators raise any');
  await name.fill('approval_received');
  await expect(dialog.getByTestId('role-note')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('an operator sees the controls enabled and no reason', async ({ page }) => {
  await signInAs(page, 'operator');
  for (const name of ['Pause', 'Raise event', 'Terminate']) await expect(control(page, name), name).toBeEnabled();
  await expect(page.getByTestId('role-note')).toHaveCount(0);
  await control(page, 'Pause').click();
  await expect(control(page, 'Resume')).toBeEnabled({ timeout: 15_000 });

  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Start workflow' })).toBeEnabled();
  await expect(page.getByRole('checkbox', { name: `Select ${instanceId}` })).toBeEnabled();
  await expect(page.getByTestId('role-note')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' })).toBeVisible();
});
