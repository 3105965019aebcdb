// The gRPC figures of metrics and the System page from a real sidecar: a hand-written SDK worker that holds its
// work items shows as one connected stream with those items outstanding, and leaves both at 0 when it goes.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMetricsTelemetry } from '@/lib/observability/metrics';
import { RawSidecarClient } from '../sidecar/support/raw-client';
import { openRawWorker } from '../sidecar/support/raw-worker';
import { waitUntil, workersConnected } from '../sidecar/support/remote-checks';
import { startRemoteHost, type RemoteHost } from '../sidecar/support/remote-host';
import { parseExposition, valueOf } from './metrics-text';

let h: RemoteHost;

beforeAll(async () => {
  h = await startRemoteHost('sqlite', { log: () => undefined });
});
afterAll(async () => {
  await h?.stop();
});

test('flowdeck_grpc_streams_connected and _outstanding_work_items, and the streams the System page lists', async () => {
  const metrics = createMetricsTelemetry({ store: h.host.store, processMetrics: false, grpc: () => h.host.remoteWorkers });
  const scrape = async () => parseExposition(await metrics.text());
  const raw = new RawSidecarClient(h.server.address);
  const worker = openRawWorker(h.server.address);
  try {
    await workersConnected(h.host);
    for (const id of ['g-1', 'g-2', 'g-3']) expect(await raw.taskHub('StartInstance', { instanceId: id, name: 'HandWrittenWorkflow' })).toMatchObject({ ok: true });
    await worker.waitForSteps(3);
    const samples = await scrape();
    expect(valueOf(samples, 'flowdeck_grpc_streams_connected')).toBe(1);
    expect(valueOf(samples, 'flowdeck_grpc_outstanding_work_items')).toBe(3);
    expect(h.host.remoteWorkers?.list?.()).toEqual([{ id: expect.any(Number), peer: expect.any(String), connectedAt: expect.any(Date), outstanding: 3 }]);

    await worker.answer('CompleteOrchestratorTask', { instanceId: worker.steps()[0].instanceId, actions: [{ id: 1, completeOrchestration: { orchestrationStatus: 'ORCHESTRATION_STATUS_COMPLETED' } }] });
    await waitUntil('one item answered', () => h.host.remoteWorkers?.outstanding?.() === 2);
    expect(valueOf(await scrape(), 'flowdeck_grpc_outstanding_work_items')).toBe(2);
  } finally {
    worker.close();
    raw.close();
  }
  await waitUntil('the stream closed', () => h.host.remoteWorkers?.connected() === 0);
  const after = await scrape();
  expect(valueOf(after, 'flowdeck_grpc_streams_connected')).toBe(0);
  expect(valueOf(after, 'flowdeck_grpc_outstanding_work_items')).toBe(0);
  expect(h.host.remoteWorkers?.list?.()).toEqual([]);
});
