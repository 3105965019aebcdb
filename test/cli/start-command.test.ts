// `npm start`'s command line (scripts/start.mjs): next start's -p/--port and -H/--hostname are honoured over PORT and
// HOST, and anything else it was given stops it with one line and exit code 1 instead of being ignored.
import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const START = path.join(import.meta.dirname, '..', '..', 'scripts', 'start.mjs');
const HINT = 'npm start takes only -p/--port and -H/--hostname (or the PORT and HOST variables)';

/** Runs `npm start`'s script with `args` and `env`; resolves to its exit code and its standard error. */
function start(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  return promisify(execFile)(process.execPath, [START, ...args], { env: { ...process.env, FLOWDECK_GRPC_PORT: 'off', ...env }, timeout: 30_000 }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr.trim() }),
  );
}

test('an unknown option, a stray argument or a flag without its value: one line naming it, exit 1', async () => {
  expect(await start(['--foo'])).toEqual({ code: 1, stderr: `Error: Unknown option '--foo': ${HINT}` });
  expect(await start(['4000'])).toEqual({ code: 1, stderr: `Error: Unexpected argument '4000': ${HINT}` });
  expect(await start(['-p'])).toEqual({ code: 1, stderr: `Error: Option '-p, --port <value>' argument missing: ${HINT}` });
});

test('a port flag that is not a port names the flag; PORT is named when it is the one that is wrong', async () => {
  expect(await start(['-p', 'abc'])).toEqual({ code: 1, stderr: 'Error: --port must be a number from 1 to 65535 (got "abc")' });
  expect(await start(['--port', '70000'])).toEqual({ code: 1, stderr: 'Error: --port must be a number from 1 to 65535 (got "70000")' });
  expect(await start([], { PORT: '1.5' })).toEqual({ code: 1, stderr: 'Error: PORT must be a number from 1 to 65535 (got "1.5")' });
});

test('-p and -H win over PORT and HOST: the port checked is the flag\'s, on the flag\'s host', async () => {
  const held = net.createServer();
  await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
  const { port } = held.address() as net.AddressInfo;
  try {
    // PORT names a port nobody holds and HOST another address: only the flags' port and host can be in use.
    expect(await start(['-p', String(port), '-H', '127.0.0.1'], { PORT: '1', HOST: '0.0.0.0' })).toEqual({
      code: 1,
      stderr: `Error: port ${port} is already in use on 127.0.0.1: stop the other server or choose another with -p/--port`,
    });
  } finally {
    await new Promise((resolve) => held.close(resolve));
  }
});
