// The dashboard follows the signed-in role (issue 14 item 3), in Chromium against the servers with accounts on SQLite
// and PostgreSQL: a viewer sees every control disabled with the reason, an approver may raise only the event an
// instance waits for, an operator sees them enabled and no reason.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { FIRST_ADMIN } from './identity-servers';

type Role = 'viewer' | 'approver' | 'operator';
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const PASSWORD = 'role ui password';
const ORDER = { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 900 };
const INSTANCE_CONTROLS = ['Pause', 'Resume', 'Raise event', 'Terminate', 'Purge'];

let instanceId: string;

test.beforeAll(async ({ playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
  expect((await admin.post('/api/auth/sign-in/email', { data: { email: FIRST_ADMIN.email, password: FIRST_ADMIN.password } })).status()).toBe(200);
  for (const role of ['viewer', 'approver', 'operator'] as const) {
    const created = await admin.post('/api/users', { data: { email: emailOf(role), name: `${role} ${run}`, password: PASSWORD, role } });
    expect(created.status(), `account of the ${role}`).toBe(201);
  }
  instanceId = `role-ui-${run}`;
  expect((await admin.post('/api/workflows/PurchaseOrderWorkflow/start', { data: { instanceId, input: ORDER } })).status()).toBe(202);
  await waitsForApproval(admin, instanceId);
  await admin.dispose();
});

function emailOf(role: Role): string {
  return `ui-${role}-${run}@flowdeck.test`;
}

async function waitsForApproval(ctx: APIRequestContext, id: string) {
  await expect.poll(async () => (await (await ctx.get(`/api/instances/${id}`)).json()).waitingOn?.events?.length ?? 0, { timeout: 20_000 }).toBe(1);
}

/** Signs the page's browser context in as `role` (the cookie is the context's) and opens the instance page. */
async function signInAs(page: Page, role: Role, baseURL: string) {
  const response = await page.request.post('/api/auth/sign-in/email', { data: { email: emailOf(role), password: PASSWORD }, headers: { origin: baseURL } });
  expect(response.status(), `sign-in of the ${role}`).toBe(200);
  await page.goto(`/instances/${instanceId}`);
  await expect(page.getByTestId('signed-in-as')).toHaveText(`${role} ${run} · ${role}`);
}

const control = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Instance controls' }).getByRole('button', { name, exact: true });

test('a viewer sees every control disabled with the reason: instance, list, start, demos, raise', async ({ page, baseURL }) => {
  await signInAs(page, 'viewer', baseURL!);
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

  await page.goto('/demos');
  await expect(page.getByRole('button', { name: 'Fill the approvals inbox' })).toBeDisabled();
  const start = page.getByRole('button', { name: /^Start / }).first();
  await expect(start).toBeDisabled();
  await expect(start).toHaveAttribute('title', reason);
  await expect(page.locator('.demo-card').first().getByTestId('role-note')).toHaveText(reason);
  // The nav offers Users to admins only.
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
});

test('an approver may raise only the event the instance waits for; the other controls say operators only', async ({ page, baseURL }) => {
  await signInAs(page, 'approver', baseURL!);
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

test('an operator sees the controls enabled and no reason', async ({ page, baseURL }) => {
  await signInAs(page, 'operator', baseURL!);
  for (const name of ['Pause', 'Raise event', 'Terminate']) await expect(control(page, name), name).toBeEnabled();
  await expect(page.getByTestId('role-note')).toHaveCount(0);
  await control(page, 'Pause').click();
  await expect(control(page, 'Resume')).toBeEnabled({ timeout: 15_000 });

  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Start workflow' })).toBeEnabled();
  await expect(page.getByRole('checkbox', { name: `Select ${instanceId}` })).toBeEnabled();
  await expect(page.getByTestId('role-note')).toHaveCount(0);
});
