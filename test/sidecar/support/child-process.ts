// Second processes of a test (an SDK app, a Flowdeck host): started with an environment of their own, their
// output kept for failure messages, killed by signal and awaited.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** The SDK worker app the remote-worker tests run (test/sidecar/fixtures/remote-worker-app.mjs). */
export const WORKER_APP = path.join(import.meta.dirname, '..', 'fixtures', 'remote-worker-app.mjs');

/** A running child process. */
export interface Child {
  readonly pid: number;
  /** Resolves when a line of its output matches `pattern` (rejects when it exits first or after `timeoutMs`). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The last lines it wrote, for failure messages. */
  tail(): string;
  /** How many lines it wrote that match `pattern`. */
  countLines(pattern: RegExp): number;
  /** Sends `signal` (default SIGKILL) and resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const TAIL_LINES = 40;

/** Starts `node <args>` in the project root with only `env` (plus PATH) as its environment. */
export function startNode(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, args, { cwd: process.cwd(), env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const take = (line: string) => {
    lines.push(line);
    for (const w of waiters) if (w.pattern.test(line)) w.resolve(line);
  };
  readline.createInterface({ input: child.stdout! }).on('line', take);
  readline.createInterface({ input: child.stderr! }).on('line', take);
  return {
    pid: child.pid!,
    tail: () => lines.slice(-TAIL_LINES).join('\n'),
    countLines: (pattern) => lines.filter((l) => pattern.test(l)).length,
    waitForLine(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const found = lines.find((l) => pattern.test(l));
        if (found) return resolve(found);
        const waiter = { pattern, resolve: (line: string) => done(() => resolve(line)) };
        const timer = setTimeout(() => done(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${lines.slice(-TAIL_LINES).join('\n')}`))), timeoutMs);
        void exit.then(() => done(() => reject(new Error(`the process exited before writing a line matching ${pattern}; output:\n${lines.slice(-TAIL_LINES).join('\n')}`))));
        function done(settle: () => void) {
          clearTimeout(timer);
          if (!waiters.delete(waiter)) return;
          settle();
        }
        waiters.add(waiter);
      });
    },
    async kill(signal = 'SIGKILL') {
      if (!exited) (child as ChildProcess).kill(signal);
      await exit;
    },
  };
}

/** Starts the SDK worker app against the sidecar on `grpcPort` and resolves once its runtime has started. */
export async function startWorkerApp(grpcPort: number, env: Record<string, string> = {}): Promise<Child> {
  const app = startNode([WORKER_APP], { DAPR_GRPC_PORT: String(grpcPort), ...env });
  await app.waitForLine(/workflow runtime started/);
  return app;
}

/** The product's standalone engine process (`npm run worker`): engine host and gRPC sidecar, no HTTP. */
export const FLOWDECK_WORKER = path.join(process.cwd(), 'scripts', 'worker.ts');

/**
 * Starts Flowdeck (`npm run worker`, through tsx) on `databaseUrl` with the sidecar on `grpcPort`, and
 * resolves once the sidecar listens. `env` adds FLOWDECK_* settings (lease, polling).
 */
export async function startFlowdeckProcess(databaseUrl: string, grpcPort: number, env: Record<string, string> = {}): Promise<Child> {
  const flowdeck = startNode(['--import', 'tsx', FLOWDECK_WORKER], { DATABASE_URL: databaseUrl, FLOWDECK_GRPC_PORT: String(grpcPort), FLOWDECK_POLL_INTERVAL_MS: '50', ...env });
  await flowdeck.waitForLine(/gRPC sidecar .* listening on/);
  return flowdeck;
}
