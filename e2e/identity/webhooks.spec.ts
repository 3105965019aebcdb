// The Users page's Webhooks section in Chromium against the identity servers (SQLite and PostgreSQL): an admin adds
// a webhook for one workflow, is told why a bad URL is refused (nothing added), sees the deliveries table and removes
// it; a viewer sees no Webhooks section and gets 403 from /api/webhooks.
import { expect, test, type Page } from '@playwright/test';
import { FIRST_ADMIN } from './identity-servers';

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

test('an admin adds a per-workflow webhook, is told why a bad URL is refused, and removes it', async ({ page }) => {
  await signIn(page, FIRST_ADMIN.email, FIRST_ADMIN.password);
  await page.goto('/users');
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Webhooks', exact: true }) });
  await expect(section.getByRole('heading', { name: 'Webhooks' })).toBeVisible();
  const webhooks = section.getByRole('table', { name: 'Webhooks' });

  await section.getByLabel('Webhook URL').fill(`ftp://files.example.com/${run}`);
  await section.getByRole('button', { name: 'Add webhook' }).click();
  await expect(section.locator('.field-error')).toContainText('must be http or https, not ftp');
  await expect(webhooks).not.toContainText(run);

  const url = `https://hooks.example.com/flowdeck/${run}`;
  await section.getByLabel('Webhook URL').fill(url);
  await section.getByLabel('Workflow (empty: every workflow)').fill('PurchaseOrderWorkflow');
  await section.getByLabel('Description').fill(`purchasing ${run}`);
  await section.getByRole('button', { name: 'Add webhook' }).click();
  const row = webhooks.getByRole('row').filter({ hasText: url });
  await expect(row).toContainText('PurchaseOrderWorkflow');
  await expect(row).toContainText(`purchasing ${run}`);
  await expect(row).toContainText(FIRST_ADMIN.name);
  await expect(section.locator('.field-error')).toHaveCount(0);
  await expect(section.getByRole('table', { name: 'Webhook deliveries' })).toBeVisible();

  await page.reload();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: `Remove webhook ${url}` }).click();
  await expect(webhooks.getByRole('row').filter({ hasText: url })).toHaveCount(0);
  const listed = await page.request.get('/api/webhooks');
  expect(JSON.stringify(await listed.json())).not.toContain(run);
});

test('a viewer sees no Webhooks section and is refused the webhook routes', async ({ page, playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! } });
  expect((await admin.post('/api/auth/sign-in/email', { data: { email: FIRST_ADMIN.email, password: FIRST_ADMIN.password } })).status()).toBe(200);
  const email = `webhook-viewer-${run}@flowdeck.test`;
  expect((await admin.post('/api/users', { data: { email, name: `Viewer ${run}`, password: 'viewer password', role: 'viewer' } })).status()).toBe(201);
  await admin.dispose();
  await signIn(page, email, 'viewer password');
  await page.goto('/users');
  await expect(page.locator('.banner-warn')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Webhooks' })).toHaveCount(0);
  const origin = new URL(page.url()).origin;
  expect((await page.request.get('/api/webhooks')).status()).toBe(403);
  expect((await page.request.get('/api/webhooks/deliveries')).status()).toBe(403);
  expect((await page.request.post('/api/webhooks', { data: { url: 'https://evil.example.com/x' }, headers: { origin } })).status()).toBe(403);
});
