// The README's Python example (test/python/readme/app.py, the same code) against Flowdeck's sidecar in a second
// process: a fan-out of activities, then a wait for `send` with no timeout (the SDK's endless timer), raised here.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pythonsFor, runPythonApp, SDK_VERSIONS } from '../python/python-app';
import { availableDatabases } from '../support/databases';
import { apiContextOf, startDaprHttpServer, type DaprHttpServer } from './support/dapr-http-server';
import { startSidecarHost, type SidecarHost } from './support/sidecar-host';

const APP = path.join(import.meta.dirname, '..', 'python', 'readme', 'app.py');
const pythons = await pythonsFor([SDK_VERSIONS.newest]);

describe.skipIf(!pythons).each(availableDatabases())('the README Python app on %s', (kind) => {
  let h: SidecarHost;
  let http: DaprHttpServer;
  beforeAll(async () => {
    h = await startSidecarHost(kind);
    http = await startDaprHttpServer(apiContextOf(h.host, kind));
  });
  afterAll(async () => {
    await http?.close();
    await h?.stop();
  });

  test('greets in parallel, waits for send without a timeout, and completes once it is raised', { timeout: 120_000 }, async () => {
    const run = runPythonApp<string[]>(pythons!.get(SDK_VERSIONS.newest.label)!, APP, [], { grpcPort: h.server.port, httpPort: http.port });
    let waiting: string | undefined;
    for (let i = 0; i < 300 && !waiting; i++) {
      const { items } = await h.host.store.listInstances({ name: 'greetings_py', limit: 5 });
      waiting = items.find((r) => r.status === 'RUNNING' && r.waitingOn?.unnamedEvent)?.instanceId;
      if (!waiting) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(waiting, 'the instance waits for an unnamed event').toBeDefined();
    const row = await h.host.store.getInstance(waiting!);
    expect(row!.waitingOn!.timers).toEqual([]);
    expect(row!.waitingForEventSince).toBeDefined();
    await h.host.client.raiseEvent(waiting!, 'send', true);
    expect(await run).toEqual(['Hello Ada!', 'Hello Linus!']);
    const done = await h.host.store.getInstance(waiting!);
    expect([done!.status, JSON.parse(done!.output!)]).toEqual(['COMPLETED', ['Hello Ada!', 'Hello Linus!']]);
  });
});
