// Sign-in and roles against the production server with accounts (e2e/identity/identity-servers.ts), on SQLite and
// PostgreSQL: a password sign-in and an OpenID Connect sign-in in Chromium, and a table of role × action over the
// API with the database unchanged after every refused call.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { FIRST_ADMIN, OIDC_NAME } from './identity-servers';

type Role = 'viewer' | 'approver' | 'operator' | 'admin';
const ROLES: Role[] = ['viewer', 'approver', 'operator', 'admin'];
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** A request context signed in by password (its cookies kept), sending the site's Origin like a browser. */
async function signedIn(playwright: { request: { newContext(o: object): Promise<APIRequestContext> } }, baseURL: string, email: string, password: string) {
  const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const response = await context.post('/api/auth/sign-in/email', { data: { email, password } });
  expect(response.status(), `sign-in of ${email}`).toBe(200);
  return context;
}

async function signInInBrowser(page: Page, email: string, password: string) {
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('a password sign-in in the browser: sign-in required, then the top bar names the person and role; sign-out ends it', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await signInInBrowser(page, FIRST_ADMIN.email, 'wrong password');
  await expect(page.locator('.sign-in .field-error')).toHaveText(/invalid email or password/i);
  await signInInBrowser(page, FIRST_ADMIN.email, FIRST_ADMIN.password);
  await expect(page.getByTestId('signed-in-as')).toHaveText(`${FIRST_ADMIN.name} · admin`);
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await page.request.get('/api/instances?limit=1')).status()).toBe(401);
});

test('an OpenID Connect sign-in through the local provider: the groups claim gives the role', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: `Sign in with ${OIDC_NAME}` }).click();
  await page.locator('input[name=login]').fill(`operator-${run}`);
  await page.locator('input[name=password]').fill('any');
  await page.locator('button[type=submit]').click();
  // The provider's consent page, the first time this login meets the client.
  const consent = page.locator('button[type=submit]');
  if (await consent.isVisible({ timeout: 3_000 }).catch(() => false)) await consent.click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(`IdP operator-${run} · operator`, { timeout: 15_000 });
  // The provider's tokens are not kept, and the person can act as an operator.
  const start = await page.request.post('/api/workflows/HelloSequenceWorkflow/start', { data: { instanceId: `oidc-${run}` }, headers: { origin: new URL(page.url()).origin } });
  expect(start.status()).toBe(202);
});

test('each role can do exactly what it should; every refused call is 403 naming the role and changes nothing', async ({ playwright, baseURL }) => {
  test.setTimeout(90_000);
  const admin = await signedIn(playwright, baseURL!, FIRST_ADMIN.email, FIRST_ADMIN.password);
  const people: Record<Role, APIRequestContext> = { admin } as Record<Role, APIRequestContext>;
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    const email = `${role}-${run}@flowdeck.test`;
    expect((await admin.post('/api/users', { data: { email, name: `${role} ${run}`, password: 'role password', role } })).status()).toBe(201);
    people[role] = await signedIn(playwright, baseURL!, email, 'role password');
  }
  // Per role, one instance waiting for an approval to decide and one to pause.
  const waiting: Record<Role, string> = {} as Record<Role, string>;
  const pausable: Record<Role, string> = {} as Record<Role, string>;
  for (const role of ROLES) {
    waiting[role] = `po-${role}-${run}`;
    pausable[role] = `po-pause-${role}-${run}`;
    for (const instanceId of [waiting[role], pausable[role]]) {
      const started = await admin.post('/api/workflows/PurchaseOrderWorkflow/start', { data: { instanceId, input: { cost: 5000, product: 'Desk', quantity: 1, timeoutSeconds: 900 } } });
      expect(started.status()).toBe(202);
    }
  }
  for (const id of [...Object.values(waiting), ...Object.values(pausable)]) {
    await expect.poll(async () => (await (await admin.get(`/api/instances/${id}`)).json()).waitingOn?.events?.length ?? 0, { timeout: 20_000 }).toBe(1);
  }
  const status = async (id: string) => (await admin.get(`/api/instances/${encodeURIComponent(id)}`)).status() === 404 ? 'none' : (await (await admin.get(`/api/instances/${encodeURIComponent(id)}`)).json()).runtimeStatus;

  const table: { action: string; allowed: Role[]; call: (ctx: APIRequestContext, role: Role) => Promise<{ status(): number; json(): Promise<{ message?: string }> }>; unchanged?: (role: Role) => Promise<void> }[] = [
    { action: 'list instances', allowed: ROLES, call: (ctx) => ctx.get('/api/instances?limit=5') },
    {
      action: 'start a workflow',
      allowed: ['operator', 'admin'],
      call: (ctx, role) => ctx.post('/api/workflows/HelloSequenceWorkflow/start', { data: { instanceId: `start-${role}-${run}` } }),
      unchanged: async (role) => expect(await status(`start-${role}-${run}`)).toBe('none'),
    },
    {
      action: 'decide an approval (raise the awaited event)',
      allowed: ['approver', 'operator', 'admin'],
      call: (ctx, role) => ctx.post(`/api/instances/${waiting[role]}/raise-event`, { data: { eventName: 'approval_received', payload: { approved: true, approver: role } } }),
      unchanged: async (role) => expect(await status(waiting[role])).toBe('RUNNING'),
    },
    {
      action: 'raise an event nothing waits for',
      allowed: ['operator', 'admin'],
      call: (ctx) => ctx.post(`/api/instances/${waiting.viewer}/raise-event`, { data: { eventName: 'something_else', payload: {} } }),
      unchanged: async () => expect((await (await admin.get(`/api/instances/${waiting.viewer}/history`)).json()).events?.some((e: { kind: string; name?: string }) => e.kind === 'EventRaised' && e.name === 'something_else') ?? false).toBe(false),
    },
    {
      action: 'pause an instance',
      allowed: ['operator', 'admin'],
      call: (ctx, role) => ctx.post(`/api/instances/${pausable[role]}/pause`, { data: {} }),
      unchanged: async (role) => expect(await status(pausable[role])).toBe('RUNNING'),
    },
    { action: 'list accounts', allowed: ['admin'], call: (ctx) => ctx.get('/api/users') },
    {
      action: 'create an account',
      allowed: ['admin'],
      call: (ctx, role) => ctx.post('/api/users', { data: { email: `made-by-${role}-${run}@flowdeck.test`, name: 'x', password: 'made password', role: 'admin' } }),
      unchanged: async (role) => expect(JSON.stringify(await (await admin.get('/api/users')).json())).not.toContain(`made-by-${role}-${run}`),
    },
  ];
  for (const row of table) {
    for (const role of ROLES) {
      const response = await row.call(people[role], role);
      if (row.allowed.includes(role)) {
        expect([row.action, role, response.status()]).toEqual([row.action, role, expect.any(Number)]);
        expect(response.status(), `${role} may ${row.action}`).toBeLessThan(300);
      } else {
        expect(response.status(), `${role} may not ${row.action}`).toBe(403);
        expect((await response.json()).message).toMatch(new RegExp(`has the ${role} role`));
        await row.unchanged?.(role);
      }
    }
  }
  // The Dapr API takes no cookie: with accounts, it needs a token whatever role the cookie's person has.
  for (const role of ROLES) expect((await people[role].get(`/v1.0/workflows/dapr/${waiting.viewer}`)).status()).toBe(401);
  // A change sent from another site's page is refused, even with an admin's cookie.
  const forged = await admin.post(`/api/instances/${waiting.viewer}/terminate`, { data: {}, headers: { origin: 'https://evil.example' } });
  expect(forged.status()).toBe(403);
  expect(await status(waiting.viewer)).toBe('RUNNING');
  for (const ctx of Object.values(people)) await ctx.dispose();
});

test('an admin makes an API token on the Users page (shown once); it acts with its role on the Dapr API until revoked', async ({ page, playwright, baseURL }) => {
  await page.goto('/sign-in');
  await signInInBrowser(page, FIRST_ADMIN.email, FIRST_ADMIN.password);
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.goto('/users');
  await page.getByLabel('Token name').fill(`dashboards ${run}`);
  await page.getByLabel('Token role').selectOption('viewer');
  await page.getByRole('button', { name: 'Make token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!;
  expect(token).toMatch(/^fdk_/);
  await page.reload();
  await expect(page.getByRole('cell', { name: `dashboards ${run}`, exact: true })).toBeVisible();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  expect(await page.content()).not.toContain(token);

  const script = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'dapr-api-token': token } });
  expect((await script.get('/v1.0/workflows/dapr/nobody-here')).status()).toBe(404);
  const start = await script.post(`/v1.0/workflows/dapr/HelloSequenceWorkflow/start?instanceID=by-token-${run}`);
  expect([start.status(), (await start.json()).errorCode]).toEqual([403, 'ERR_FORBIDDEN']);
  await page.getByRole('button', { name: `Revoke dashboards ${run}` }).click();
  await expect(page.getByRole('row', { name: new RegExp(`dashboards ${run}`) })).toContainText('revoked');
  expect((await script.get('/v1.0/workflows/dapr/nobody-here')).status()).toBe(401);
  await script.dispose();
});
