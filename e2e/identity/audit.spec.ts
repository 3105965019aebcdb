// The audit trail in Chromium against the production server with accounts (SQLite and PostgreSQL): an operator
// pauses an instance with a reason and the timeline says who and why; the Audit page lists it and filters by
// person; a viewer's refused pause is recorded as refused; viewers may not read the trail and no route changes it.
// Both people sign in through the local OpenID provider.
import { expect, test, type Page } from '@playwright/test';
import { OIDC_NAME } from './identity-servers';

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const ORDER = { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 900 };

/**
 * Signs `page` in through the local OpenID provider as `login`, whose first part is its group and so its role
 * (password sign-ins are limited per address, and the other identity specs use them).
 */
async function signInWithOidc(page: Page, login: string, role: string): Promise<string> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: `Sign in with ${OIDC_NAME}` }).click();
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any');
  await page.locator('button[type=submit]').click();
  const consent = page.locator('button[type=submit]');
  if (await consent.isVisible({ timeout: 3_000 }).catch(() => false)) await consent.click();
  const name = `IdP ${login}`;
  await expect(page.getByTestId('signed-in-as')).toHaveText(`${name} · ${role}`, { timeout: 15_000 });
  return name;
}

test('an operator pauses with a reason: the timeline and the Audit page say who and why; a viewer is refused and recorded', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const operator = await signInWithOidc(page, `operator-audit${run}`, 'operator');
  const api = page.request;
  const origin = { origin: new URL(page.url()).origin };
  const start = (instanceId: string) => api.post('/api/workflows/PurchaseOrderWorkflow/start', { data: { instanceId, input: ORDER }, headers: origin });
  const id = `audit-po-${run}`;
  expect((await start(id)).status()).toBe(202);
  await expect.poll(async () => (await (await api.get(`/api/instances/${id}`)).json()).waitingOn?.events?.length ?? 0, { timeout: 20_000 }).toBe(1);

  // The operator pauses it in the browser, giving a reason.
  await page.goto(`/instances/${id}`);
  await page.getByLabel(/^Reason/).fill('checking the supplier');
  await page.getByRole('toolbar', { name: 'Instance controls' }).getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('toolbar', { name: 'Instance controls' }).getByRole('button', { name: 'Resume' })).toBeEnabled({ timeout: 15_000 });
  const caption = new RegExp(`paused by ${operator} · \\d\\d:\\d\\d · reason: checking the supplier`);
  await expect(page.locator('.tl-mark__by').filter({ hasText: caption })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('region', { name: 'History' }).getByText(new RegExp(`paused by ${operator} · .* · reason: checking the supplier`))).toBeVisible();

  // A viewer's pause is refused (403), changes nothing, and is recorded as refused; viewers may not read the trail.
  const other = `audit-po2-${run}`;
  expect((await start(other)).status()).toBe(202);
  await expect.poll(async () => (await (await api.get(`/api/instances/${other}`)).json()).runtimeStatus, { timeout: 20_000 }).toBe('RUNNING');
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  const viewer = await signInWithOidc(viewerPage, `viewer-audit${run}`, 'viewer');
  const viewerOrigin = { origin: new URL(viewerPage.url()).origin };
  expect((await viewerPage.request.post(`/api/instances/${other}/pause`, { data: { reason: 'curious' }, headers: viewerOrigin })).status()).toBe(403);
  expect((await (await api.get(`/api/instances/${other}`)).json()).runtimeStatus).toBe('RUNNING');
  expect((await viewerPage.request.get('/api/audit')).status()).toBe(403);
  await viewerContext.close();
  // No method changes the trail.
  for (const method of ['post', 'put', 'patch', 'delete'] as const) expect((await api[method]('/api/audit', { headers: origin })).status(), method).toBe(405);

  // The Audit page lists the pause with who and why, and filters by person.
  await page.goto(`/audit?instanceId=${id}`);
  const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
  const pause = rows.filter({ hasText: 'instance.pause' });
  await expect(pause).toContainText(operator);
  await expect(pause).toContainText('checking the supplier');
  await expect(pause).toContainText('ok');
  await expect(pause.getByRole('link', { name: id })).toHaveAttribute('href', `/instances/${id}`);
  await page.goto('/audit');
  await page.getByLabel('Person').fill(viewer);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`actor=${encodeURIComponent(viewer).replace(/%20/g, '\\+')}`));
  const refused = rows.filter({ hasText: 'instance.pause' });
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText('refused');
  await expect(refused).toContainText('403');
  await expect(refused).toContainText(other);
  await expect(rows.filter({ hasNotText: viewer })).toHaveCount(0);
  await expect(page.getByText(/\d+ entries · page 1 of 1/)).toBeVisible();
  // The export takes the same filter.
  const entries = (await (await api.get(`/api/audit/export?format=json&actor=${encodeURIComponent(viewer)}`)).json()) as { actorName: string; action: string; outcome: string }[];
  expect(entries.every((e) => e.actorName === viewer)).toBe(true);
  expect(entries).toContainEqual(expect.objectContaining({ action: 'instance.pause', outcome: 'refused' }));
});
