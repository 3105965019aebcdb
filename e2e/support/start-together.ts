// Playwright starts its web servers one after another, each waited for before the next is launched: seven
// `next start`s took over a minute that way. This launches them all at once and adds one last entry that waits
// for every one of them (Playwright has no option for starting servers in parallel).
import type { WebServer } from '../api/support/api-servers';

/** `servers` with their waits moved to one final entry, so all of them start at the same time. */
export function startTogether(servers: WebServer[]): WebServer[] {
  const urls = servers.map((server) => server.url ?? (server.port ? `http://127.0.0.1:${server.port}` : undefined)).filter((url): url is string => !!url);
  const timeout = Math.max(...servers.map((server) => server.timeout ?? 60_000));
  return [
    ...servers.map(({ url: _url, port: _port, ...server }) => server),
    {
      command: `node e2e/support/wait-for-servers.mjs ${urls.map((url) => `'${url}'`).join(' ')}`,
      env: { FLOWDECK_E2E_START_TIMEOUT_MS: String(timeout) },
      wait: { stdout: /all \d+ test servers answer/ },
      timeout: timeout + 10_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ];
}
