// Instance page main-thread cost for big histories (issue 13 item 10): starts BatchProcessingWorkflow fan-outs
// (maxConcurrency 8) of ~2,300 and ~12,000 history events, opens each instance page in Chromium, scrolls the history
// table (and loads an older page where the build has "Load older"), and reports the long tasks (over 50 ms): count,
// max, p95 and total blocking time. A small instance's page is opened first, unmeasured, to warm the browser up. `npm run bench -- --instance-page` runs it on the production build in .next
// (or BENCH_APP_DIR) with a temp SQLite database; alone:
//   npx tsx bench/instance-page.ts [batchSize ...]                                   (this checkout's build)
//   BASE_URL=http://127.0.0.1:3000 npx tsx bench/instance-page.ts [batchSize ...]    (a running server)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { freePort } from '../scripts/pg-cluster.mjs';

/**
 * Batch sizes measured by default: about 3.2 history events per work item with maxConcurrency 8 (620 → ~2,300,
 * 3,100 → ~12,000); 10 (~40 events) is the baseline: what opening the page costs whatever its history.
 */
export const DEFAULT_BATCH_SIZES = [10, 620, 3100];

/** One opened instance page: its history length, time until usable, and its long tasks. */
export interface InstancePageRow {
  batchSize: number;
  events: number;
  openMs: number;
  longTasks: number;
  maxMs: number;
  p95Ms: number;
  blockingMs: number;
}

/** Figures of the instance-page scenario, or why it was skipped. */
export type InstancePageFigures = { rows: InstancePageRow[] } | { skipped: string };

/** Starts one fan-out and waits until it completes; its ID and history length. */
async function completedFanOut(base: string, batchSize: number): Promise<{ id: string; events: number }> {
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

/** One line per measured page. */
export function formatInstancePage(figures: InstancePageFigures): string[] {
  if ('skipped' in figures) return [`Instance page: skipped (${figures.skipped})`];
  return figures.rows.map(
    (r) =>
      `Instance page, ${r.events} events (batch ${r.batchSize}): open ${r.openMs} ms, long tasks ${r.longTasks}, max ${r.maxMs} ms, p95 ${r.p95Ms} ms, total blocking ${r.blockingMs} ms`,
  );
}

/** Measures each batch size in turn against the server at `base`. */
export async function measureInstancePage(base: string, sizes: number[], log: (line: string) => void): Promise<InstancePageRow[]> {
  const executablePath = process.env.FLOWDECK_CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ executablePath });
  const rows: InstancePageRow[] = [];
  try {
    // Warm-up (not measured): a small instance's page, so the browser has compiled the app's scripts once.
    const warm = await browser.newPage();
    await warm.goto(`${base}/instances/${(await completedFanOut(base, 10)).id}`);
    await warm.getByRole('region', { name: 'Timeline' }).locator('.react-flow__node').first().waitFor({ timeout: 120_000 });
    await warm.close();
    for (const batchSize of sizes) {
      log(`  instance page: fan-out of ${batchSize}`);
      const { id, events } = await completedFanOut(base, batchSize);
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
      const older = history.getByRole('button', { name: 'Load older' });
      if (await older.count()) await older.click();
      await page.waitForTimeout(1000);
      const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
      rows.push({
        batchSize,
        events,
        openMs,
        longTasks: tasks.length,
        maxMs: Math.round(Math.max(0, ...tasks)),
        p95Ms: Math.round(percentile(tasks, 95)),
        blockingMs: Math.round(tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0)),
      });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return rows;
}

/** Serves the production build of `root` on a temp SQLite database and a free port, measures, and stops it; skips without a build. */
export async function runInstancePage(root: string, log: (line: string) => void, sizes = DEFAULT_BATCH_SIZES): Promise<InstancePageFigures> {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return { skipped: `no production build in ${path.join(root, '.next')} (run \`npm run build\` first)` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowdeck-bench-page-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'page.db')}`, FLOWDECK_GRPC_PORT: 'off', NEXT_TELEMETRY_DISABLED: '1' };
  delete env.WORKFLOW_API_TOKEN;
  delete env.DAPR_API_TOKEN;
  const child = spawn(process.execPath, [path.join(root, 'scripts/serve.mjs'), '-p', String(port), '-H', '127.0.0.1'], { cwd: root, env, stdio: 'ignore' });
  try {
    log(`  instance page: the production server of ${root} on port ${port}`);
    await waitForServer(base, child);
    return { rows: await measureInstancePage(base, sizes, log) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function waitForServer(base: string, child: ReturnType<typeof spawn>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not answer within 120 s');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const figures = process.env.BASE_URL
    ? measureInstancePage(process.env.BASE_URL, sizes.length ? sizes : DEFAULT_BATCH_SIZES, log).then((rows) => ({ rows }))
    : runInstancePage(process.env.BENCH_APP_DIR || root, log, sizes.length ? sizes : DEFAULT_BATCH_SIZES);
  figures.then(
    (f) => console.log(formatInstancePage(f).join('\n')),
    (error: unknown) => {
      console.error(`instance-page: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
