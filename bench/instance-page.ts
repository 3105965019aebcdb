// Instance page main-thread cost for big histories (issue 13 item 10): against a running server (BASE_URL), starts
// BatchProcessingWorkflow fan-outs (maxConcurrency 8) of ~2,000 and ~10,000 history events, opens each instance page in
// Chromium, scrolls the history table and jumps to its end, and prints the long tasks: count, max, p95, total blocking time.
// Usage: BASE_URL=http://127.0.0.1:3000 npx tsx bench/instance-page.ts [batchSize ...]
import fs from 'node:fs';
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
// About 3.2 history events per work item with maxConcurrency 8: 620 → ~2,000 events, 3,100 → ~10,000.
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);

/** Starts one fan-out and waits until it completes; its ID and history length. */
async function completedFanOut(batchSize: number): Promise<{ id: string; events: number }> {
  const started = await fetch(`${base}/api/workflows/BatchProcessingWorkflow/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input: { batchSize, maxConcurrency: 8 } }),
  });
  const { instanceId } = (await started.json()) as { instanceId: string };
  for (;;) {
    const detail = (await (await fetch(`${base}/api/instances/${instanceId}`)).json()) as { runtimeStatus: string; historyLength: number };
    if (detail.runtimeStatus === 'COMPLETED') return { id: instanceId, events: detail.historyLength };
    if (detail.runtimeStatus === 'FAILED') throw new Error(`${instanceId} failed`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** p-th percentile of `values` (0 when empty). */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
}

/** Measures each batch size in turn and prints one line per size. */
async function main(): Promise<void> {
  const executablePath = process.env.FLOWDECK_CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ executablePath });
  for (const batchSize of sizes.length ? sizes : [620, 3100]) {
    const { id, events } = await completedFanOut(batchSize);
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const tasks: number[] = [];
      (window as unknown as { longTasks: number[] }).longTasks = tasks;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    const opened = Date.now();
    await page.goto(`${base}/instances/${id}`);
    await page.getByRole('region', { name: 'Timeline' }).locator('.react-flow__node').first().waitFor({ timeout: 120_000 });
    await page.getByRole('navigation', { name: 'History pages' }).getByText(`${events} events`).waitFor({ timeout: 120_000 });
    const openMs = Date.now() - opened;
    const history = page.getByRole('region', { name: 'History' });
    await history.evaluate((el) => (el.querySelector('.history-scroll') ?? document.scrollingElement)?.scrollBy(0, 20_000));
    await history.getByRole('button', { name: 'Latest' }).click();
    await history.locator('table').getByText('ExecutionCompleted').first().waitFor();
    await page.waitForTimeout(1000);
    const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    const blocking = tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
    console.log(
      `${events} events (batch ${batchSize}): open ${openMs} ms, long tasks ${tasks.length}, max ${Math.round(Math.max(0, ...tasks))} ms, ` +
        `p95 ${Math.round(percentile(tasks, 95))} ms, total blocking ${Math.round(blocking)} ms`,
    );
    await page.close();
  }
  await browser.close();
}

void main();
