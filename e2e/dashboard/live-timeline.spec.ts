// The live timeline keeps up: it follows a running instance until the user pans, shows events nothing waits for as
// unmatched (and the Raise dialog warns about them), keeps a timed-out wait, and shows recursively terminated children.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { orderNeedingApproval, startInstance, waitForInstance } from './api';

const status = (page: Page) => page.locator('.instance-title .badge');
const timelineOf = (page: Page) => page.getByRole('region', { name: 'Timeline' });
const transformOf = (timeline: Locator) => timeline.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
const eventNode = (timeline: Locator, name: string) => timeline.locator(`.react-flow__node[aria-label="External event ${name}, Unmatched"]`);

async function raise(request: APIRequestContext, id: string, eventName: string): Promise<void> {
  const response = await request.post(`/api/instances/${id}/raise-event`, { data: { eventName } });
  expect(response.status(), await response.text()).toBe(202);
}

/** The task count the timeline's toolbar shows. */
async function taskCount(timeline: Locator): Promise<number> {
  return Number(/(\d+) tasks?/.exec(await timeline.locator('.tl-toolbar__count').innerText())?.[1] ?? 0);
}

/** True when the node's box lies inside the graph's canvas. */
async function inView(timeline: Locator, node: Locator): Promise<boolean> {
  const canvas = await timeline.locator('.tl-canvas').boundingBox();
  const box = await node.boundingBox();
  if (!canvas || !box) return false;
  return box.x >= canvas.x && box.y >= canvas.y && box.x + box.width <= canvas.x + canvas.width && box.y + box.height <= canvas.y + canvas.height;
}

test('the view follows a growing instance until the user pans; Follow re-fits and follows again', async ({ page, request }, testInfo) => {
  const id = await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval('Follow desks'));
  await waitForInstance(request, id, (d) => d.waitingOn.events.length > 0);
  await page.goto(`/instances/${id}`);
  const timeline = timelineOf(page);
  const follow = timeline.getByRole('button', { name: 'Follow', exact: true });
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expect(timeline.getByRole('list', { name: 'Legend' })).toContainText('Unmatched');

  // Following: each new node re-fits the view and stays in it.
  const before = await transformOf(timeline);
  await raise(request, id, 'noise-1');
  await expect(eventNode(timeline, 'noise-1')).toBeVisible();
  await expect.poll(() => transformOf(timeline)).not.toBe(before);
  await expect.poll(() => inView(timeline, eventNode(timeline, 'noise-1'))).toBe(true);

  // The user pans: following stops, and new nodes leave the view alone.
  const canvas = (await timeline.locator('.tl-canvas').boundingBox())!;
  await page.mouse.move(canvas.x + 12, canvas.y + 12);
  await page.mouse.down();
  await page.mouse.move(canvas.x + 80, canvas.y + 40, { steps: 5 });
  await page.mouse.move(canvas.x + 160, canvas.y + 70, { steps: 5 });
  await page.mouse.up();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  const panned = await transformOf(timeline);
  const tasks = await taskCount(timeline);
  await raise(request, id, 'noise-2');
  await expect.poll(() => taskCount(timeline)).toBe(tasks + 1);
  // A re-fit would start moving the view within a few frames of the graph growing.
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => done())))));
  expect(await transformOf(timeline)).toBe(panned);
  await page.screenshot({ path: testInfo.outputPath('live-timeline-panned.png'), fullPage: true });

  // Follow re-fits to the newest nodes and follows again.
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => transformOf(timeline)).not.toBe(panned);
  await expect.poll(() => inView(timeline, eventNode(timeline, 'noise-2'))).toBe(true);
  const refit = await transformOf(timeline);
  await raise(request, id, 'noise-3');
  await expect.poll(() => inView(timeline, eventNode(timeline, 'noise-3'))).toBe(true);
  await expect.poll(() => transformOf(timeline)).not.toBe(refit);

  // Zooming with the graph's buttons stops following too.
  await timeline.getByRole('button', { name: 'Zoom In' }).click();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
});

test('an event nothing waits for is drawn unmatched, and the Raise dialog warns before sending it', async ({ page, request }, testInfo) => {
  const id = await startInstance(request, 'PurchaseOrderWorkflow', orderNeedingApproval('Unmatched desks'));
  await waitForInstance(request, id, (d) => d.waitingOn.events.length > 0);
  await page.goto(`/instances/${id}`);
  await page.getByRole('toolbar', { name: 'Instance controls' }).getByRole('button', { name: 'Raise event' }).click();
  const dialog = page.getByRole('dialog', { name: 'Raise event' });
  const name = dialog.getByLabel('Event name');
  await expect(name).toHaveValue('approval_received');
  await expect(dialog.getByTestId('not-waiting-warning')).toHaveCount(0);
  await name.fill('APPROVAL_RECEIVED');
  await expect(dialog.getByTestId('not-waiting-warning')).toHaveCount(0);
  await name.fill('shipping_update');
  await expect(dialog.getByTestId('not-waiting-warning')).toContainText("This instance is not waiting for 'shipping_update'. It waits for: approval_received");
  await dialog.screenshot({ path: testInfo.outputPath('raise-not-waiting.png') });
  await dialog.getByRole('button', { name: 'Send event' }).click();
  await expect(dialog).toBeHidden();

  const timeline = timelineOf(page);
  const node = eventNode(timeline, 'shipping_update');
  await expect(node).toBeVisible();
  await expect(node).toContainText('Unmatched');
  await expect(status(page)).toHaveText('RUNNING');
  await expect(timeline.locator('.react-flow__node[aria-label="External event approval_received, Waiting"]')).toBeVisible();
});

test('a wait raced against a timer that won keeps its event node, marked timed out', async ({ page, request }) => {
  const id = await startInstance(request, 'PurchaseOrderWorkflow', { cost: 2500, product: 'Late desks', quantity: 1, timeoutSeconds: 1 });
  await waitForInstance(request, id, (d) => d.runtimeStatus === 'COMPLETED');
  await page.goto(`/instances/${id}`);
  await expect(status(page)).toHaveText('COMPLETED');
  const wait = timelineOf(page).locator('.react-flow__node[aria-label="External event approval_received, Timed out"]');
  await expect(wait).toBeVisible();
  await expect(wait).toContainText('Timed out');
  await expect(timelineOf(page).getByRole('button', { name: 'Follow', exact: true })).toHaveCount(0);
});

test('children of a parent terminated with its children show Terminated, not Canceled', async ({ page, request }) => {
  const id = await startInstance(request, 'ParentWorkflow', { children: 2, childSeconds: 600 });
  await waitForInstance(request, id, (d) => d.waitingOn.children.length === 2);
  await page.goto(`/instances/${id}`);
  await page.getByRole('button', { name: 'Terminate' }).click();
  await page.getByRole('dialog', { name: 'Terminate this instance?' }).getByRole('button', { name: 'Terminate instance' }).click();
  await expect(status(page)).toHaveText('TERMINATED');
  const children = timelineOf(page).locator('.react-flow__node[aria-label^="Child workflow ChildWorkflow"]');
  await expect(children).toHaveCount(2);
  for (const child of await children.all()) await expect(child).toHaveAttribute('aria-label', 'Child workflow ChildWorkflow, Terminated');
  await expect(timelineOf(page).locator('.react-flow__node[aria-label$=", Canceled"]')).toHaveCount(0);
});
