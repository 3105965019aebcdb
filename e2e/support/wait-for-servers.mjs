// Waits until every URL given as an argument answers with a status Playwright counts as up (200-403), prints one
// line saying so (playwright.config.ts waits for that line), then stays alive until Playwright stops it.
const urls = process.argv.slice(2);
const deadline = Date.now() + Number(process.env.FLOWDECK_E2E_START_TIMEOUT_MS ?? 180_000);

/** True once `url` answers 200-403 (a redirect is not followed: it counts as up). */
async function answers(url) {
  try {
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status >= 200 && response.status < 404;
  } catch {
    return false;
  }
}

const started = Date.now();
const pending = new Set(urls);
while (pending.size > 0) {
  if (Date.now() > deadline) {
    console.error(`servers not up after ${Math.round((Date.now() - started) / 1000)} s: ${[...pending].join(', ')}`);
    process.exit(1);
  }
  for (const url of [...pending]) if (await answers(url)) pending.delete(url);
  if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
}
console.log(`all ${urls.length} test servers answer (${((Date.now() - started) / 1000).toFixed(1)} s)`);
setInterval(() => {}, 1 << 30);
