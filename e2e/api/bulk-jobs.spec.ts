// Bulk jobs over real HTTP on SQLite and PostgreSQL: every bad request is a clear 4xx that writes nothing (no job,
// no instance changed), and a dry run, a confirmed run and its progress until done.
import { expect, test, type APIRequestContext } from '@playwright/test';
import type { BulkJobDryRun, BulkJobView } from '@/lib/api/bulk-job-handlers';
import type { InstanceListResponse } from '@/lib/api/dto';
import { startDapr, uniquePrefix } from './support/http';

test.describe.configure({ mode: 'serial' });

const P = uniquePrefix('bulkjob');
const COUNT = 101;
const filter = `idContains=${P}&sort=created&order=asc`;

/** IDs of the recent jobs and the statuses of this suite's instances: what a refused call must leave as it was. */
async function state(request: APIRequestContext) {
  const jobs = ((await (await request.get('/api/bulk-jobs')).json()) as { jobs: BulkJobView[] }).jobs.map((j) => `${j.id}:${j.status}:${j.processed}`);
  const list = (await (await request.get(`/api/instances?idContains=${P}&limit=200`)).json()) as InstanceListResponse;
  return { jobs, instances: list.items.map((i) => `${i.instanceId}:${i.runtimeStatus}`) };
}

/** Posts `call`, expects `status` and `errorCode` with a message matching `message`, and that nothing was written. */
async function refused(request: APIRequestContext, call: () => ReturnType<APIRequestContext['post']>, status: number, errorCode: string, message: RegExp) {
  const before = await state(request);
  const response = await call();
  const body = (await response.json()) as { errorCode: string; message: string };
  expect({ status: response.status(), errorCode: body.errorCode }).toEqual({ status, errorCode });
  expect(body.message).toMatch(message);
  expect(await state(request)).toEqual(before);
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(90_000);
  for (let at = 0; at < COUNT; at += 10) {
    await Promise.all(Array.from({ length: Math.min(10, COUNT - at) }, (_, i) => startDapr(request, 'ReminderWorkflow', `${P}-${String(at + i).padStart(3, '0')}`, { seconds: 3600 })));
  }
  await expect
    .poll(async () => ((await (await request.get(`/api/instances?idContains=${P}&limit=1`)).json()) as InstanceListResponse).counts.RUNNING, { timeout: 30_000 })
    .toBe(COUNT);
});

test('bad bodies and unknown jobs: a clear 4xx each, no job written, no instance changed', async ({ request }) => {
  const post = (data: unknown) => () => request.post('/api/bulk-jobs', { data });
  await refused(request, post({ action: 'explode', filter }), 400, 'ERR_MALFORMED_REQUEST', /action/);
  await refused(request, post({ action: 'pause' }), 400, 'ERR_MALFORMED_REQUEST', /filter/);
  await refused(request, post({ action: 'pause', filter, extra: 1 }), 400, 'ERR_MALFORMED_REQUEST', /extra/);
  await refused(request, post({ action: 'pause', filter: `${filter}&status=NOPE` }), 400, 'ERR_MALFORMED_REQUEST', /status/);
  await refused(request, post({ action: 'pause', filter: `${filter}&bogus=1` }), 400, 'ERR_MALFORMED_REQUEST', /bogus/);
  await refused(request, post({ action: 'pause', filter }), 400, 'ERR_BULK_JOB_CONFIRMATION_REQUIRED', new RegExp(`${COUNT} instances .*confirm with the count \\(${COUNT}\\) or the word 'pause'`));
  await refused(request, post({ action: 'pause', filter, confirm: '100' }), 400, 'ERR_BULK_JOB_CONFIRMATION_REQUIRED', /confirm/);
  await refused(request, post({ action: 'pause', filter, confirm: 'terminate' }), 400, 'ERR_BULK_JOB_CONFIRMATION_REQUIRED', /confirm/);
  await refused(request, () => request.post('/api/bulk-jobs', { data: Buffer.from('{"action": "pause",'), headers: { 'content-type': 'application/json' } }), 400, 'ERR_MALFORMED_REQUEST', /JSON/);
  await refused(request, () => request.post('/api/bulk-jobs/no-such-job/cancel'), 404, 'ERR_BULK_JOB_NOT_FOUND', /no-such-job/);
  const missing = await request.get('/api/bulk-jobs/no-such-job');
  expect(missing.status()).toBe(404);
  expect((await missing.json()).errorCode).toBe('ERR_BULK_JOB_NOT_FOUND');
});

test('dry run, then a confirmed pause of all 101, followed until done; a cancel of the finished job is 409; audited', async ({ request }) => {
  test.setTimeout(90_000);
  const before = await state(request);
  const dry = await request.post('/api/bulk-jobs', { data: { action: 'pause', filter, dryRun: true } });
  expect(dry.status()).toBe(200);
  const plan = (await dry.json()) as BulkJobDryRun;
  // The sample is the first 20 in the list's order under the same filter.
  const first = (await (await request.get(`/api/instances?${filter}&limit=20`)).json()) as InstanceListResponse;
  expect(plan).toEqual({ total: COUNT, sample: first.items.map((i) => i.instanceId), wouldSkip: {}, allowedStatuses: ['RUNNING'] });
  expect(plan.sample).toHaveLength(20);
  expect(await state(request)).toEqual(before);
  const purgePlan = (await (await request.post('/api/bulk-jobs', { data: { action: 'purge', filter, dryRun: true } })).json()) as BulkJobDryRun;
  expect(purgePlan).toMatchObject({ total: COUNT, wouldSkip: { RUNNING: COUNT }, liveChildren: { count: 0, sample: [] } });

  const started = await request.post('/api/bulk-jobs', { data: { action: 'pause', filter, confirm: String(COUNT), reason: 'e2e maintenance' } });
  expect(started.status(), await started.text()).toBe(202);
  const job = (await started.json()) as BulkJobView;
  expect(job).toMatchObject({ action: 'pause', filter, reason: 'e2e maintenance', status: 'running', total: COUNT });
  let last: BulkJobView | undefined;
  await expect
    .poll(async () => (last = (await (await request.get(`/api/bulk-jobs/${job.id}`)).json()) as BulkJobView).status, { timeout: 60_000, intervals: [250, 500] })
    .toBe('completed');
  expect(last).toMatchObject({ processed: COUNT, succeeded: COUNT, skipped: 0, failed: 0, finishedAt: expect.any(String) });
  const list = (await (await request.get(`/api/instances?idContains=${P}&limit=1`)).json()) as InstanceListResponse;
  expect(list.counts).toMatchObject({ SUSPENDED: COUNT, RUNNING: 0 });
  const listed = ((await (await request.get('/api/bulk-jobs')).json()) as { jobs: BulkJobView[] }).jobs;
  expect(listed.find((j) => j.id === job.id)).toMatchObject({ status: 'completed', succeeded: COUNT });

  await refused(request, () => request.post(`/api/bulk-jobs/${job.id}/cancel`), 409, 'ERR_BULK_JOB_NOT_RUNNING', /completed/);

  const audit = await (await request.get('/api/audit?action=bulk-job.*&pageSize=100')).json();
  const entries = (audit.entries as { action: string; target?: string; reason?: string; outcome: string; details?: Record<string, unknown> }[]).filter((e) => String(e.details?.filter ?? '').includes(P) || e.target === job.id);
  expect(entries.find((e) => e.action === 'bulk-job.start' && e.outcome === 'ok')).toMatchObject({ target: job.id, reason: 'e2e maintenance', details: { action: 'pause', count: COUNT } });
  expect(entries.filter((e) => e.action === 'bulk-job.start' && e.outcome === 'refused').length).toBeGreaterThanOrEqual(3);
  expect(entries.find((e) => e.action === 'bulk-job.cancel')).toMatchObject({ target: job.id, outcome: 'refused' });
  expect(entries.some((e) => e.action === 'bulk-job.dry-run')).toBe(true);
});
