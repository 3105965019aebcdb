// A real SDK app in a second process (test/sidecar/fixtures/sdk-app.mjs), pointed at Flowdeck only through
// DAPR_HTTP_PORT, DAPR_GRPC_PORT and DAPR_API_TOKEN, as a user would run it.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { availableDatabases } from '../support/databases';
import { apiContextOf, startDaprHttpServer, type DaprHttpServer } from './support/dapr-http-server';
import { startSidecarHost, type SidecarHost } from './support/sidecar-host';

const APP = path.join(import.meta.dirname, 'fixtures', 'sdk-app.mjs');
const TOKEN = 'second-process-token';

describe.each(availableDatabases())('an SDK app in its own process on %s', (kind) => {
  let h: SidecarHost;
  let http: DaprHttpServer;

  beforeAll(async () => {
    h = await startSidecarHost(kind, { apiToken: TOKEN });
    const previous = process.env.WORKFLOW_API_TOKEN;
    process.env.WORKFLOW_API_TOKEN = TOKEN;
    http = await startDaprHttpServer(apiContextOf(h.host, kind));
    return () => {
      if (previous === undefined) delete process.env.WORKFLOW_API_TOKEN;
      else process.env.WORKFLOW_API_TOKEN = previous;
    };
  });
  afterAll(async () => {
    await http?.close();
    await h?.stop();
  });

  test('starts, approves and completes a workflow through the SDK, seen the same over HTTP and in the store', async () => {
    const instanceId = `${kind}-app-order`;
    const env = { NODE_ENV: 'test' as const, PATH: process.env.PATH ?? '', DAPR_HTTP_PORT: String(http.port), DAPR_GRPC_PORT: String(h.server.port), DAPR_API_TOKEN: TOKEN };
    const { stdout } = await promisify(execFile)(process.execPath, [APP, instanceId], { env, timeout: 60_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result).toEqual({ id: instanceId, started: 'RUNNING', status: 'COMPLETED', output: "Approved by 'Second Process'", httpStatus: 'COMPLETED' });
    const row = await h.host.store.getInstance(instanceId);
    expect([row?.status, row?.output]).toEqual(['COMPLETED', JSON.stringify("Approved by 'Second Process'")]);
  });

});
