// The audit trail in Chromium against the production server with accounts (SQLite and PostgreSQL): an operator
// pauses an instance with a reason and the timeline says who and why; the Audit page lists it and filters by
// person; a viewer's refused pause is recorded as refused; viewers may not read the trail and no route changes it.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { FIRST_ADMIN } from './identity-servers';

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function signedIn(playwright: { request: { newContext(o: object): Promise<APIRequestContext> } }, baseURL: string, email: string, password: string) {
  const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  expect((await context.post('/api/auth/sign-in/email', { data: { email, password } })).status(), `sign-in of ${email}`).toBe(200);
  return context;
}

test('an operator pauses with a reason: the timeline and the Audit page say who and why; a viewer is refused and recorded', async ({ page, playwright, baseURL }) => {
  test.setTimeout(90_000);
  const admin = await signedIn(playwright, baseURL!, FIRST_ADMIN.email, FIRST_ADMIN.password);
  const operator = { email: `audit-op-${run}@flowdeck.test`, name: `Olga Operator ${run}`, password: 'operator password' };
  const viewer = { email: `audit-view-${run}@flowdeck.test`, name: `Vic Viewer ${run}`, password: 'viewer password' };
  for (const [person, role] of [[operator, 'operator'], [viewer, 'viewer']] as const) {
    expect((await admin.post('/api/users', { data: { email: person.email, name: person.name, password: person.password, role } })).status()).toBe(201);
  }
  const id = `audit-po-${run}`;
  expect((await admin.post('/api/workflows/PurchaseOrderWorkflow/start', { data: { instanceId: id, input: { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 900 } } })).status()).toBe(202);
  await expect.poll(async () => (await (await admin.get(`/api/instances/${id}`)).json()).waitingOn?.events?.length ?? 0, { timeout: 20_000 }).toBe(1);

  // The operator pauses it in the browser, giving a reason.
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(operator.email);
  await page.getByLabel('Password', { exact: true }).fill(operator.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(`${operator.name} · operator`);
  await page.goto(`/instances/${id}`);
  await page.getByLabel(/^Reason/).fill('checking the supplier');
  await page.getByRole('toolbar', { name: 'Instance controls' }).getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('toolbar', { name: 'Instance controls' }).getByRole('button', { name: 'Resume' })).toBeEnabled({ timeout: 15_000 });
  const caption = new RegExp(`paused by ${operator.name} · \\d\\d:\\d\\d · reason: checking the supplier`);
  await expect(page.locator('.tl-mark__by').filter({ hasText: caption })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'History' }).getByText(new RegExp(`paused by ${operator.name} · .* · reason: checking the supplier`))).toBeVisible();

  // A viewer's pause of the same kind is refused (403), changes nothing, and is recorded as refused.
  const viewerCtx = await signedIn(playwright, baseURL!, viewer.email, viewer.password);
  const other = `audit-po2-${run}`;
  expect((await admin.post('/api/workflows/PurchaseOrderWorkflow/start', { data: { instanceId: other, input: { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 900 } } })).status()).toBe(202);
  await expect.poll(async () => (await (await admin.get(`/api/instances/${other}`)).json()).runtimeStatus, { timeout: 20_000 }).toBe('RUNNING');
  expect((await viewerCtx.post(`/api/instances/${other}/pause`, { data: { reason: 'curious' } })).status()).toBe(403);
  expect((await (await admin.get(`/api/instances/${other}`)).json()).runtimeStatus).toBe('RUNNING');
  // Viewers may not read the trail; nobody can change it.
  expect((await viewerCtx.get('/api/audit')).status()).toBe(403);
  for (const method of ['post', 'put', 'patch', 'delete'] as const) expect((await admin[method]('/api/audit')).status(), method).toBe(405);

  // The Audit page lists the pause with who and why, and filters by person.
  await page.goto(`/audit?instanceId=${id}`);
  const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
  const pause = rows.filter({ hasText: 'instance.pause' });
  await expect(pause).toContainText(operator.name);
  await expect(pause).toContainText('checking the supplier');
  await expect(pause).toContainText('ok');
  await expect(pause.getByRole('link', { name: id })).toHaveAttribute('href', `/instances/${id}`);
  await page.goto('/audit');
  await page.getByLabel('Person').fill(viewer.name);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`actor=${encodeURIComponent(viewer.name).replace(/%20/g, '\\+')}`));
  await expect(rows.filter({ hasText: 'instance.pause' })).toHaveCount(1);
  const refused = rows.filter({ hasText: 'instance.pause' });
  await expect(refused).toContainText('refused');
  await expect(refused).toContainText('403');
  await expect(refused).toContainText(other);
  await expect(rows.filter({ hasNotText: viewer.name })).toHaveCount(0);
  await expect(page.getByText(/\d+ entries · page 1 of 1/)).toBeVisible();
  // The export takes the same filter.
  const exported = await admin.get(`/api/audit/export?format=json&actor=${encodeURIComponent(viewer.name)}`);
  const entries = (await exported.json()) as { actorName: string; action: string; outcome: string }[];
  expect(entries.every((e) => e.actorName === viewer.name)).toBe(true);
  expect(entries).toContainEqual(expect.objectContaining({ action: 'instance.pause', outcome: 'refused' }));
  await viewerCtx.dispose();
  await admin.dispose();
});
