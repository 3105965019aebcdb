// The approvals inbox with real people, on SQLite and PostgreSQL: two approvers of the "approvers" group decide
// the same request from two browsers (one decision, a clear refusal naming the first), an approver of another
// group cannot decide it and is told why, and an overdue request escalates to another group by itself.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { FIRST_ADMIN } from './identity-servers';

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** A browser page signed in as `email`. */
async function personPage(browser: Browser, baseURL: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  return page;
}

test('two approvers, one request: one decision, the other told who decided; another group cannot decide; escalation reassigns', async ({ browser, playwright, baseURL }) => {
  test.setTimeout(90_000);
  const admin = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
  expect((await admin.post('/api/auth/sign-in/email', { data: { email: FIRST_ADMIN.email, password: FIRST_ADMIN.password } })).status()).toBe(200);
  const people = [
    { key: 'bea', name: `Bea ${run}`, groups: ['approvers'] },
    { key: 'cal', name: `Cal ${run}`, groups: ['approvers'] },
    { key: 'fin', name: `Fin ${run}`, groups: ['finance'] },
  ];
  for (const p of people) {
    const created = await admin.post('/api/users', { data: { email: `${p.key}-${run}@flowdeck.test`, name: p.name, password: 'approver password', role: 'approver', groups: p.groups } });
    expect(created.status(), await created.text()).toBe(201);
  }
  const product = `Shelves ${run}`;
  const started = await admin.post('/api/workflows/PurchaseOrderWorkflow/start', { data: { input: { cost: 4000, product, quantity: 2, timeoutSeconds: 900 } } });
  expect(started.status()).toBe(202);
  const { instanceId } = await started.json();

  const [bea, cal, fin] = await Promise.all(people.map((p) => personPage(browser, baseURL!, `${p.key}-${run}@flowdeck.test`, 'approver password')));
  const card = (page: Page) => page.getByRole('article', { name: new RegExp(`Purchase order: ${product}`) });
  // Approvers open on "Assigned to me".
  for (const page of [bea, cal]) {
    await page.goto('/approvals');
    await expect(page.getByRole('button', { name: 'Assigned to me' })).toHaveAttribute('aria-current', 'page');
    await expect(card(page)).toContainText('for group approvers', { timeout: 15_000 });
  }
  await fin.goto('/approvals');
  await expect(fin.getByText('No approval request is waiting here.')).toBeVisible();
  await fin.getByRole('button', { name: 'All open' }).click();
  await expect(card(fin).getByRole('button', { name: /^Approve/ })).toBeDisabled();
  await expect(card(fin).getByTestId('role-note')).toContainText(`this request is assigned to group approvers, and Fin ${run} is none of them`);

  // Cal's tab stops refreshing (left open in the background); Bea decides first.
  await cal.route('**/api/approvals?*', (route) => route.abort());
  await card(bea).getByRole('textbox').fill('ok by me');
  await card(bea).getByRole('button', { name: /^Approve/ }).click();
  await expect(bea.getByRole('status').filter({ hasText: product })).toContainText(`as Bea ${run}`);
  await card(cal).getByRole('button', { name: /^Reject/ }).click();
  await expect(cal.getByRole('alert').filter({ hasText: product })).toContainText(`already approved by Bea ${run} at `);

  await expect
    .poll(async () => (await (await admin.get(`/api/instances/${instanceId}`)).json()).runtimeStatus, { timeout: 15_000 })
    .toBe('COMPLETED');
  const detail = await (await admin.get(`/api/instances/${instanceId}`)).json();
  expect(detail.output).toBe(`Approved by 'Bea ${run}'`);
  const history = await (await admin.get(`/api/instances/${instanceId}/history?limit=1000`)).json();
  const raised = history.events.filter((e: { kind: string }) => e.kind === 'EventRaised');
  expect(raised).toHaveLength(1);
  expect(raised[0].actor).toEqual({ kind: 'person', name: `Bea ${run}` });

  // An overdue request escalates to the finance group by itself (the server sweeps every 500 ms here).
  const second = await admin.post('/api/workflows/PurchaseOrderWorkflow/start', { data: { input: { cost: 4000, product: `${product} two`, quantity: 1, timeoutSeconds: 900 } } });
  const secondId = (await second.json()).instanceId;
  await expect.poll(async () => (await (await admin.get(`/api/instances/${secondId}`)).json()).waitingOn?.events?.length ?? 0, { timeout: 15_000 }).toBe(1);
  const asked = await admin.post('/api/approvals', {
    data: { instanceId: secondId, eventName: 'budget_check', title: `Budget check ${run}`, assignees: { groups: ['approvers'] }, dueInSeconds: 1, escalation: { reassignTo: ['finance'] } },
  });
  expect(asked.status()).toBe(201);
  await fin.getByRole('button', { name: 'Assigned to me' }).click();
  const escalated = fin.getByRole('article', { name: `Approval request: Budget check ${run}` });
  await expect(escalated).toContainText('for group finance', { timeout: 15_000 });
  await expect(escalated).toContainText('Escalated');
  await expect(escalated.getByRole('button', { name: /^Approve/ })).toBeEnabled();
  await admin.post(`/api/instances/${secondId}/terminate`);
});

test("a paused instance's request says the decision applies on resume; the approver's decision does, on resume", async ({ browser, playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
  expect((await admin.post('/api/auth/sign-in/email', { data: { email: FIRST_ADMIN.email, password: FIRST_ADMIN.password } })).status()).toBe(200);
  const email = `pia-${run}@flowdeck.test`;
  expect((await admin.post('/api/users', { data: { email, name: `Pia ${run}`, password: 'approver password', role: 'approver', groups: ['approvers'] } })).status()).toBe(201);
  const product = `Paused lamps ${run}`;
  const started = await admin.post('/api/workflows/PurchaseOrderWorkflow/start', { data: { input: { cost: 4000, product, quantity: 1, timeoutSeconds: 900 } } });
  const { instanceId } = await started.json();
  const detail = async () => (await admin.get(`/api/instances/${instanceId}`)).json();
  await expect.poll(async () => (await detail()).waitingOn?.events?.length ?? 0, { timeout: 15_000 }).toBe(1);
  expect((await admin.post(`/api/instances/${instanceId}/pause`, { data: { reason: 'month-end freeze' } })).status()).toBe(202);
  await expect.poll(async () => (await detail()).runtimeStatus).toBe('SUSPENDED');

  const pia = await personPage(browser, baseURL!, email, 'approver password');
  await pia.goto('/approvals');
  const card = pia.getByRole('article', { name: new RegExp(`Purchase order: ${product}`) });
  await expect(card).toContainText('The instance is paused: a decision is recorded now and applies when it resumes.', { timeout: 15_000 });
  await card.getByRole('button', { name: /^Approve/ }).click();
  await expect(pia.getByRole('status').filter({ hasText: product })).toContainText('it applies on resume');
  expect((await detail()).runtimeStatus).toBe('SUSPENDED');
  expect((await admin.post(`/api/instances/${instanceId}/resume`, { data: {} })).status()).toBe(202);
  await expect.poll(async () => (await detail()).output, { timeout: 15_000 }).toBe(`Approved by 'Pia ${run}'`);
});
