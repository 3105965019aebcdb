// Payloads hidden from viewers per workflow (FLOWDECK_VIEWER_HIDDEN_PAYLOADS=TaskChainWorkflow on the identity
// servers), on SQLite and PostgreSQL: a viewer reads a TaskChainWorkflow instance's status and history but none of
// its payloads, over the dashboard API, the Dapr API and in the browser; an operator sees them all.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { FIRST_ADMIN } from './identity-servers';

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function signedIn(playwright: { request: { newContext(o: object): Promise<APIRequestContext> } }, baseURL: string, email: string, password: string) {
  const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  expect((await context.post('/api/auth/sign-in/email', { data: { email, password } })).status(), `sign-in of ${email}`).toBe(200);
  return context;
}

test('a viewer sees no payloads of a hidden workflow, over every read and in the browser; an operator sees them', async ({ playwright, baseURL, browser }) => {
  const admin = await signedIn(playwright, baseURL!, FIRST_ADMIN.email, FIRST_ADMIN.password);
  const email = `viewer-hidden-${run}@flowdeck.test`;
  expect((await admin.post('/api/users', { data: { email, name: `Vera ${run}`, password: 'viewer password', role: 'viewer' } })).status()).toBe(201);
  const viewer = await signedIn(playwright, baseURL!, email, 'viewer password');
  const secret = `secret-${run}`;
  const chain = `chain-${run}`;
  const hello = `hello-${run}`;
  expect((await admin.post('/api/workflows/TaskChainWorkflow/start', { data: { instanceId: chain, input: 7 } })).status()).toBe(202);
  expect((await admin.post('/api/workflows/HelloSequenceWorkflow/start', { data: { instanceId: hello, input: secret } })).status()).toBe(202);
  for (const id of [chain, hello]) {
    await expect.poll(async () => (await (await admin.get(`/api/instances/${id}`)).json()).runtimeStatus, { timeout: 15_000 }).toBe('COMPLETED');
  }

  const asViewer = await (await viewer.get(`/api/instances/${chain}`)).json();
  expect(asViewer).toMatchObject({ runtimeStatus: 'COMPLETED', payloadsHidden: true, activityLogs: [] });
  expect(asViewer).not.toHaveProperty('input');
  expect(asViewer).not.toHaveProperty('output');
  const history = await (await viewer.get(`/api/instances/${chain}/history?limit=1000`)).json();
  expect(history.events.length).toBeGreaterThan(3);
  for (const event of history.events) for (const field of ['input', 'result', 'output']) expect(event, event.kind).not.toHaveProperty(field);
  // The Dapr API takes tokens, not sessions: a viewer's API token.
  const made = await admin.post('/api/tokens', { data: { name: `viewer token ${run}`, role: 'viewer' } });
  expect(made.status()).toBe(201);
  const { token } = await made.json();
  const dapr = await (await admin.get(`/v1.0/workflows/dapr/${chain}`, { headers: { 'dapr-api-token': token } })).json();
  expect(dapr.properties).toMatchObject({ 'dapr.workflow.input': '', 'dapr.workflow.output': '' });

  // Other workflows, and operators, see everything.
  expect((await (await viewer.get(`/api/instances/${hello}`)).json()).input).toBe(secret);
  const asAdmin = await (await admin.get(`/api/instances/${chain}`)).json();
  expect(asAdmin.input).toBe(7);
  expect(asAdmin).not.toHaveProperty('payloadsHidden');

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill('viewer password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.goto(`/instances/${chain}`);
  await expect(page.getByTestId('payloads-hidden')).toContainText('not shown to viewers');
  await expect(page.getByRole('region', { name: 'Input' })).toHaveCount(0);
});
