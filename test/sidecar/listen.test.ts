// Where the sidecar listens: FLOWDECK_GRPC_PORT and HOST, a port in use (one line, non-zero exit for npm start),
// and the server stopping cleanly with calls in flight.
import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { startSidecarServer } from '@/lib/sidecar/grpc-server';
import { DEFAULT_GRPC_PORT, sidecarListenConfig, startSidecarFromEnv } from '@/lib/sidecar/sidecar-env';
import type { EngineHost } from '@/lib/server/engine-host';
import { RawSidecarClient } from './support/raw-client';
import { startSidecarHost } from './support/sidecar-host';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const noHost = () => Promise.reject(new Error('no engine in this test'));

/** Holds `port` on 127.0.0.1 (0: a free one) until released; resolves with the port, held by us or by someone else. */
async function holdPort(port = 0): Promise<{ port: number; release(): Promise<void> }> {
  const server = net.createServer();
  const taken = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  return { port: taken ? (server.address() as net.AddressInfo).port : port, release: () => new Promise((r) => (taken ? server.close(() => r()) : r())) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('FLOWDECK_GRPC_PORT and HOST', () => {
  test('default 50001 on localhost (127.0.0.1); a number; off; anything else is refused', () => {
    expect(sidecarListenConfig({})).toEqual({ host: '127.0.0.1', port: DEFAULT_GRPC_PORT, explicitPort: false });
    expect(sidecarListenConfig({ FLOWDECK_GRPC_PORT: '50123', HOST: '0.0.0.0' })).toEqual({ host: '0.0.0.0', port: 50123, explicitPort: true });
    expect(sidecarListenConfig({ FLOWDECK_GRPC_PORT: 'OFF' })).toBeUndefined();
    for (const bad of ['abc', '-1', '70000', '1.5']) expect(() => sidecarListenConfig({ FLOWDECK_GRPC_PORT: bad }), bad).toThrow(/FLOWDECK_GRPC_PORT must be/);
  });

  test('an explicitly chosen port in use rejects with one line saying so', async () => {
    const held = await holdPort();
    try {
      await expect(startSidecarServer({ engineHost: noHost, host: '127.0.0.1', port: held.port })).rejects.toMatchObject({
        name: 'SidecarListenError',
        reason: 'in_use',
        message: `gRPC port ${held.port} is already in use on 127.0.0.1: stop the other server or choose another with FLOWDECK_GRPC_PORT=... (or FLOWDECK_GRPC_PORT=off)`,
      });
      await expect(startSidecarFromEnv(noHost, { FLOWDECK_GRPC_PORT: String(held.port) })).rejects.toMatchObject({ reason: 'in_use' });
    } finally {
      await held.release();
    }
  });

  test('the default port in use (another Flowdeck process has it): this process says so and serves no gRPC', async () => {
    const held = await holdPort(DEFAULT_GRPC_PORT);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(await startSidecarFromEnv(noHost, {})).toBeUndefined();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`gRPC port ${DEFAULT_GRPC_PORT} is already in use`));
    } finally {
      await held.release();
    }
  });

  test('npm start stops with one line and exit code 1 when the gRPC port is taken or malformed', async () => {
    const held = await holdPort();
    const free = await holdPort();
    await free.release();
    const run = (grpcPort: string) =>
      promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], { env: { ...process.env, PORT: String(free.port), FLOWDECK_GRPC_PORT: grpcPort }, timeout: 30_000 }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    try {
      const inUse = await run(String(held.port));
      expect(inUse.code).toBe(1);
      expect(inUse.stderr.trim()).toBe(`Error: gRPC port ${held.port} is already in use on 127.0.0.1: stop the other server or choose another with FLOWDECK_GRPC_PORT=... (or turn gRPC off with FLOWDECK_GRPC_PORT=off)`);
      const malformed = await run('grpc');
      expect([malformed.code, malformed.stderr.trim()]).toEqual([1, 'Error: FLOWDECK_GRPC_PORT must be a number from 1 to 65535 or off (got "grpc")']);
    } finally {
      await held.release();
    }
  });
});

test('stop ends waiting calls with UNAVAILABLE and frees the port', async () => {
  const h = await startSidecarHost('sqlite');
  const raw = new RawSidecarClient(h.address);
  try {
    const id = 'wait-through-stop';
    await h.host.client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost: 5000, product: 'x', timeoutSeconds: 600 }, id);
    const waiting = raw.taskHub('WaitForInstanceCompletion', { instanceId: id });
    await new Promise((r) => setTimeout(r, 200));
    await h.server.stop(2000);
    expect(await waiting).toMatchObject({ ok: false, code: grpc.status.UNAVAILABLE });
    const again = await startSidecarServer({ engineHost: async () => h.host as EngineHost, host: '127.0.0.1', port: h.server.port, apiToken: undefined });
    await again.stop(100);
  } finally {
    raw.close();
    await h.stop();
  }
});
