// Demo users (issue 14 item 9), in Chromium against a server of its own in local mode (project identity-local):
// "Create demo users" on the demos page makes an admin, an operator, an approver and a viewer with passwords shown
// once, ends local mode with this browser signed in as the demo admin, and each person signs in with the password shown.
import { expect, test } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

test('Create demo users: passwords shown once, local mode over, each signs in with its role; a second try is refused', async ({ page, baseURL }) => {
  await page.goto('/demos');
  await expect(page.getByText('Local mode: anyone on this machine is admin.')).toBeVisible();
  await page.getByRole('button', { name: 'Create demo users' }).click();
  const table = page.getByRole('table', { name: 'Demo users' });
  await expect(table).toBeVisible({ timeout: 20_000 });
  await expect(table.getByRole('row')).toHaveCount(5);
  const passwords: Record<string, string> = {};
  for (const role of ['admin', 'operator', 'approver', 'viewer']) {
    passwords[role] = (await page.getByTestId(`password-${role}`).textContent())!.trim();
    expect(passwords[role], role).toMatch(/^[A-Za-z0-9_-]{16}$/);
  }
  await expect(table.getByRole('row', { name: /Demo Approver/ })).toContainText('approver (group approvers)');
  // Local mode is over, and this browser is the demo admin (still on the page with the passwords).
  await expect(page.getByTestId('signed-in-as')).toHaveText('Demo Admin · admin');
  await expect(page.getByText('Local mode: anyone on this machine is admin.')).toHaveCount(0);
  await expect(page).toHaveURL(/\/demos$/);

  // Outside local mode the route refuses, saying why, and makes nothing.
  const again = await page.request.post('/api/users/demo', { data: {}, headers: { origin: baseURL! } });
  expect(again.status()).toBe(403);
  expect((await again.json()).message).toContain('only in local mode');
  expect(((await (await page.request.get('/api/users')).json()).users as unknown[]).length).toBe(4);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Create demo users' })).toHaveCount(0);

  for (const [role, name] of [['viewer', 'Demo Viewer'], ['approver', 'Demo Approver'], ['operator', 'Demo Operator']] as const) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByRole('textbox', { name: 'Email' }).fill(`${role}@demo.flowdeck.local`);
    await page.getByLabel('Password', { exact: true }).fill(passwords[role]);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByTestId('signed-in-as')).toHaveText(`${name} · ${role}`);
    await page.goto('/demos');
    const start = page.getByRole('button', { name: /^Start / }).first();
    if (role === 'operator') await expect(start).toBeEnabled();
    else await expect(start).toBeDisabled();
  }
});
