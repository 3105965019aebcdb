// QueryInstances (filters, page size, continuation tokens, payloads on request) and PurgeInstances by filter.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toTimestamp } from '@/lib/sidecar/convert';
import { availableDatabases } from '../support/databases';
import { RawSidecarClient } from './support/raw-client';
import { startSidecarHost, type SidecarHost } from './support/sidecar-host';

interface State {
  instanceId: string;
  orchestrationStatus: string;
  output?: { value: string } | null;
}
interface QueryResponse {
  orchestrationState: State[];
  continuationToken: { value: string } | null;
}

describe.each(availableDatabases())('QueryInstances and PurgeInstances on %s', (kind) => {
  let h: SidecarHost;
  let raw: RawSidecarClient;
  let firstCreated: Date;
  const done = [1, 2, 3, 4, 5].map((n) => `${kind}-q-${n}`);
  const live = `${kind}-q-live`;

  beforeAll(async () => {
    h = await startSidecarHost(kind);
    raw = new RawSidecarClient(h.address);
    firstCreated = new Date(Date.now() - 1000);
    for (const id of done) await h.host.client.scheduleNewWorkflow('HelloSequenceWorkflow', undefined, id);
    await h.host.client.scheduleNewWorkflow('PurchaseOrderWorkflow', { cost: 5000, product: 'x', timeoutSeconds: 600 }, live);
    for (const id of done) await h.host.client.waitForWorkflowCompletion(id, false, 20);
  });
  afterAll(async () => {
    raw?.close();
    await h?.stop();
  });

  const query = (q: object) => raw.taskHub<QueryResponse>('QueryInstances', { query: { instanceIdPrefix: { value: `${kind}-q-` }, ...q } });

  test('pages through matching instances with continuation tokens, oldest first, no repeats', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await query({ runtimeStatus: ['ORCHESTRATION_STATUS_COMPLETED'], maxInstanceCount: 2, continuationToken: token === undefined ? null : { value: token } });
      if (!page.ok) throw new Error(page.details);
      expect(page.response.orchestrationState.length).toBeLessThanOrEqual(2);
      seen.push(...page.response.orchestrationState.map((s) => s.instanceId));
      token = page.response.continuationToken?.value;
      pages++;
    } while (token);
    expect(seen).toEqual(done);
    expect(pages).toBe(3);
  });

  test('statuses, time range and payloads filter and shape the answer', async () => {
    const running = await query({ runtimeStatus: ['ORCHESTRATION_STATUS_RUNNING'] });
    expect(running.ok && running.response.orchestrationState.map((s) => [s.instanceId, s.orchestrationStatus])).toEqual([[live, 'ORCHESTRATION_STATUS_RUNNING']]);
    const all = await query({});
    expect(all.ok && all.response.orchestrationState.length).toBe(6);
    expect(all.ok && all.response.orchestrationState[0].output).toBeNull();
    const withPayloads = await query({ fetchInputsAndOutputs: true, runtimeStatus: ['ORCHESTRATION_STATUS_COMPLETED'], maxInstanceCount: 1 });
    expect(withPayloads.ok && JSON.parse(withPayloads.response.orchestrationState[0].output!.value)).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
    const future = await query({ createdTimeFrom: toTimestamp(new Date(Date.now() + 60_000)) });
    expect(future).toEqual({ ok: true, response: { orchestrationState: [], continuationToken: null } });
    expect(await query({ runtimeStatus: [42] })).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT });
    expect(await query({ maxInstanceCount: -1 })).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT });
  });

  test('purge by filter deletes the finished instances in the range and leaves live ones', async () => {
    const refused = await raw.taskHub('PurgeInstances', { purgeInstanceFilter: { runtimeStatus: ['ORCHESTRATION_STATUS_RUNNING'] } });
    expect(refused).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorCode: 'ERR_MALFORMED_REQUEST' });
    expect((await h.host.store.listInstances({ limit: 100 })).items).toHaveLength(6);
    const none = await raw.taskHub('PurgeInstances', { purgeInstanceFilter: { createdTimeTo: toTimestamp(firstCreated) } });
    expect(none).toEqual({ ok: true, response: { deletedInstanceCount: 0 } });
    const purged = await raw.taskHub('PurgeInstances', { purgeInstanceFilter: { createdTimeFrom: toTimestamp(firstCreated), runtimeStatus: ['ORCHESTRATION_STATUS_COMPLETED'] } });
    expect(purged).toEqual({ ok: true, response: { deletedInstanceCount: 5 } });
    expect((await h.host.store.listInstances({ limit: 100 })).items.map((r) => r.instanceId)).toEqual([live]);
    for (const id of done) expect(await h.host.store.getHistory(id)).toEqual([]);
  });
});
