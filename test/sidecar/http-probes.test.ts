// What Dapr clients probe over HTTP before they talk (GET /v1.0/metadata, /v1.0/healthz, /v1.0/healthz/outbound),
// and the real @dapr/dapr DaprClient in HTTP mode getting past its sidecar check to run a workflow.
import { CommunicationProtocolEnum, DaprClient, LogLevel } from '@dapr/dapr';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { availableDatabases } from '../support/databases';
import { apiContextOf, startDaprHttpServer, type DaprHttpServer } from './support/dapr-http-server';
import { startSidecarHost, type SidecarHost } from './support/sidecar-host';

const TOKEN = 'http-probe-token';

describe.each(availableDatabases())('HTTP probes on %s', (kind) => {
  let h: SidecarHost;
  let http: DaprHttpServer;
  let base: string;

  beforeAll(async () => {
    h = await startSidecarHost(kind, { apiToken: TOKEN });
    const previous = process.env.WORKFLOW_API_TOKEN;
    process.env.WORKFLOW_API_TOKEN = TOKEN; // the HTTP API reads it per request, as in the server
    http = await startDaprHttpServer(apiContextOf(h.host, kind));
    base = `http://127.0.0.1:${http.port}`;
    return () => {
      if (previous === undefined) delete process.env.WORKFLOW_API_TOKEN;
      else process.env.WORKFLOW_API_TOKEN = previous;
    };
  });
  afterAll(async () => {
    await http?.close();
    await h?.stop();
  });

  test('healthz and healthz/outbound answer 204 without a token; other methods are 405', async () => {
    for (const path of ['/v1.0/healthz', '/v1.0/healthz/outbound']) {
      const response = await fetch(base + path);
      expect([path, response.status, await response.text()]).toEqual([path, 204, '']);
      const post = await fetch(base + path, { method: 'POST' });
      expect([post.status, post.headers.get('allow'), (await post.json()).errorCode]).toEqual([405, 'GET', 'ERR_METHOD_NOT_ALLOWED']);
    }
    expect((await fetch(`${base}/v1.0/healthz/inbound`)).status).toBe(401); // not a probe: behind the token like any path
  });

  test('metadata needs the token and answers as a Dapr sidecar does', async () => {
    const anonymous = await fetch(`${base}/v1.0/metadata`);
    expect([anonymous.status, (await anonymous.json()).errorCode]).toEqual([401, 'ERR_UNAUTHORIZED']);
    const response = await fetch(`${base}/v1.0/metadata`, { headers: { 'dapr-api-token': TOKEN } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: 'flowdeck',
      runtimeVersion: expect.stringMatching(/^flowdeck-/),
      components: [{ name: 'dapr', type: 'workflow.dapr', version: 'v1', capabilities: [] }],
      extended: { grpcAddress: h.address },
      workflows: { connectedWorkers: 0 },
    });
  });

  test("the SDK's DaprClient (HTTP) passes its sidecar check, starts a workflow and reads its state", async () => {
    const client = new DaprClient({
      daprHost: '127.0.0.1',
      daprPort: String(http.port),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      daprApiToken: TOKEN,
      logger: { level: LogLevel.Error },
    });
    try {
      await client.start();
      const id = await client.workflow.start('HelloSequenceWorkflow', undefined, `${kind}-http-client`);
      await h.host.client.waitForWorkflowCompletion(id, false, 20);
      const state = await client.workflow.get(id);
      expect(state).toMatchObject({ instanceID: `${kind}-http-client`, workflowName: 'HelloSequenceWorkflow', runtimeStatus: 'COMPLETED' });
      expect(JSON.parse(state.properties['dapr.workflow.output'])).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    } finally {
      await client.stop();
    }
  });
});
