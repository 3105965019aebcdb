// A second process of a browser test (a Dapr SDK app): started with an environment of its own, awaited until it
// says it is ready, its output kept for failure messages, stopped by signal and awaited.
import { spawn } from 'node:child_process';

/** A running app process. */
export interface NodeApp {
  /** The last lines it wrote, for failure messages. */
  output(): string;
  /** Sends `signal` (default SIGTERM) and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const KEEP_LINES = 40;

/**
 * Starts `node <script>` in the project root with PATH and `env` as its environment and resolves once a line of
 * its output matches `ready`; rejects (after killing it) when it exits first or stays silent for `timeoutMs`.
 */
export async function startNodeApp(script: string, env: Record<string, string>, ready: RegExp, timeoutMs = 30_000): Promise<NodeApp> {
  const child = spawn(process.execPath, [script], { cwd: process.cwd(), env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));
  const app: NodeApp = {
    output: () => lines.join('\n'),
    async stop(signal = 'SIGTERM') {
      if (alive) child.kill(signal);
      await exited;
    },
  };
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(`${script} did not print ${ready} within ${timeoutMs} ms`), timeoutMs);
    const take = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (lines.length > KEEP_LINES) lines.shift();
        if (!settled && ready.test(line)) {
          settled = true;
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    void exited.then(() => fail(`${script} exited before it was ready`));
    function fail(why: string) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void app.stop('SIGKILL').then(() => reject(new Error(`${why}; its output:\n${app.output()}`)));
    }
  });
  return app;
}
