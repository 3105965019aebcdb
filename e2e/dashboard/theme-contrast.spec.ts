// Colour (issue 13 item 12): light and dark schemes (the browser's preference, or the switch, kept per browser),
// with the text of every kind of element the instances and approvals pages show at WCAG AA contrast (4.5:1),
// measured from the computed colours; and the keyboard: Enter sends the raise dialog.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { orderNeedingApproval, startInstance, uniqueId, waitForInstance } from './api';

/** What the pages show: text elements whose contrast with their background is measured. */
const SELECTORS = [
  'body', 'h1', '.muted', '.chip', '.chip-count', ".chip[aria-pressed='true']", ".chip[aria-pressed='true'] .chip-count", '.badge-running',
  '.badge-completed', '.badge-pending', '.data-table th', '.data-table td', '.data-table a', '.wait-kind', '.field-inline > span', '.button',
  '.button-approve', '.button-danger-outline', '.segmented-option', ".segmented-option[aria-pressed='true']", '.more-filters > summary',
];

/** The lowest contrast ratio of each selector's visible elements on the page (text over its first opaque background). */
async function contrasts(page: Page): Promise<Record<string, number>> {
  return page.evaluate((selectors) => {
    const rgba = (c: string) => (c.match(/[\d.]+/g) ?? ['0', '0', '0', '0']).map(Number) as number[];
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if ((c[3] ?? 1) > 0.5) return c;
      }
      return [255, 255, 255, 1];
    };
    const out: Record<string, number> = {};
    for (const selector of selectors) {
      for (const el of document.querySelectorAll(selector)) {
        if (!(el as HTMLElement).offsetParent && el.tagName !== 'BODY') continue;
        const bg = background(el);
        const fg = rgba(getComputedStyle(el).color);
        const a = fg[3] ?? 1;
        const text = [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a));
        const [l1, l2] = [luminance(text), luminance(bg)].sort((x, y) => y - x);
        const ratio = Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
        out[selector] = Math.min(out[selector] ?? Infinity, ratio);
      }
    }
    return out;
  }, SELECTORS);
}

test('light and dark schemes keep text at AA contrast; the switch overrides the browser and is kept', async ({ page, request }, testInfo) => {
  const tag = uniqueId('contrast');
  const po = await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval(), `${tag}-po`);
  const hello = await startInstance(request, 'HelloSequenceWorkflow', undefined, `${tag}-hello`);
  await waitForInstance(request, po, (d) => d.waitingOn.events.length > 0);
  await waitForInstance(request, hello, (d) => d.runtimeStatus === 'COMPLETED');

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/?id=${tag}&status=RUNNING,COMPLETED`);
    await expect(page.locator('tbody tr')).toHaveCount(2);
    await page.getByText('More filters').click();
    const list = await contrasts(page);
    await page.screenshot({ path: testInfo.outputPath(`instances-${scheme}.png`), fullPage: true });
    await page.goto('/approvals?tab=all');
    await expect(page.getByRole('article').filter({ has: page.getByRole('link', { name: po }) }).getByRole('button', { name: /^Approve/ })).toBeVisible();
    const approvals = await contrasts(page);
    const measured = { ...list, ...Object.fromEntries(Object.entries(approvals).map(([k, v]) => [k, Math.min(v, list[k] ?? Infinity)])) };
    for (const selector of ['.chip-count', '.badge-running', '.wait-kind', '.button-approve', '.data-table th', '.muted']) expect(measured, scheme).toHaveProperty([selector]);
    const low = Object.entries(measured).filter(([, ratio]) => ratio < 4.5);
    expect(low, `${scheme}: contrast below 4.5:1`).toEqual([]);
  }

  // The browser prefers dark; the switch says light, and the choice survives a reload.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const dark = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.getByRole('combobox', { name: 'Colour scheme' }).selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).not.toBe(dark);
  await page.getByRole('combobox', { name: 'Colour scheme' }).selectOption('system');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
});

test('Enter in the event name sends the raise dialog', async ({ page, request }) => {
  const po = await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval(), uniqueId('enter'));
  await waitForInstance(request, po, (d) => d.waitingOn.events.length > 0);
  await page.goto(`/instances/${po}`);
  await page.getByRole('toolbar', { name: 'Instance controls' }).getByRole('button', { name: 'Raise event' }).click();
  const dialog = page.getByRole('dialog', { name: 'Raise event' });
  await dialog.getByLabel('Payload').fill('{"approved": true}');
  await dialog.getByLabel('Event name').fill('approval_received');
  await dialog.getByLabel('Event name').press('Enter');
  await expect(dialog).toBeHidden();
  await waitForInstance(request, po, (d) => d.runtimeStatus === 'COMPLETED');
});

test('Esc closes the timeline details panel', async ({ page, request }) => {
  const id = await startInstance(request, 'HelloSequenceWorkflow', undefined, uniqueId('esc'));
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  await page.goto(`/instances/${id}`);
  await page.getByRole('region', { name: 'Timeline' }).locator('.react-flow__node').nth(1).click();
  const panel = page.getByRole('complementary', { name: /^Details of / });
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
});
