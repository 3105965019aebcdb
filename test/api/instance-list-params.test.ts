// GET /api/instances's filters and sorts (issue 13 items 1 and 2) through the route, on a real engine: what the
// rows carry, the wait filters (waiting for a worker included), and a 400 naming the parameter for every bad value.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { InstanceListResponse } from '@/lib/api/dto';
import { listInstancesHandler } from '@/lib/api/instance-handlers';
import { bindRoute } from '@/lib/api/route';
import { INSTANCE_LIST_PARAMS } from '@/lib/api/schemas';
import { newInstance } from '../store/contract/fixtures';
import { startMemoryApi, until, type MemoryApi } from './memory-context';

/** An instance of a workflow nothing here runs (as one a remote SDK app started). */
const unregistered = (id: string) => api.ctx.store.createInstance(newInstance(id, { name: 'NotRunHere', createdAt: new Date() }));

let api: MemoryApi;
beforeEach(async () => {
  api = await startMemoryApi();
});
afterEach(async () => api.stop());

const get = (query: string) =>
  bindRoute(async () => api.ctx, listInstancesHandler, { listParams: INSTANCE_LIST_PARAMS })(new Request(`http://localhost/api/instances?${query}`), {
    params: Promise.resolve({}),
  });
const list = async (query: string) => {
  const response = await get(query);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as InstanceListResponse;
};
const idsOf = (body: InstanceListResponse) => body.items.map((i) => i.instanceId);

describe('GET /api/instances filters', () => {
  test('rows say what they wait on and since when; filters by the wait, its name and how long', async () => {
    const client = api.runtime.client();
    await client.scheduleNewWorkflow('WaitForGo', undefined, 'Wait-One');
    await client.scheduleNewWorkflow('WaitForGo', undefined, 'wait-two');
    await unregistered('remote-1');
    await until(async () => (await list('waitingKind=event&waitingName=go')).items.length === 2, 'both waiting');
    const body = await list('waitingKind=event&waitingName=go');
    expect(idsOf(body).sort()).toEqual(['Wait-One', 'wait-two']);
    expect(body.items[0].waiting).toMatchObject({ kind: 'event', name: 'go' });
    expect(Date.parse(body.items[0].waiting!.since)).not.toBeNaN();
    expect(body.counts.RUNNING).toBe(2);
    expect(idsOf(await list('waitingKind=event&waitingLongerThan=1h'))).toEqual([]);
    expect(idsOf(await list('idContains=WAIT-O'))).toEqual(['Wait-One']);
    // Nothing here runs NotRunHere and no SDK worker is connected: it waits for a worker.
    const worker = await list('waitingKind=worker');
    expect(idsOf(worker)).toEqual(['remote-1']);
    expect(worker.items[0].waitingForWorker).toBe(true);
    expect(Object.values(worker.counts).reduce((a, b) => a + b, 0)).toBe(1);
    expect(idsOf(await list(`waitingKind=worker&status=${worker.items[0].runtimeStatus}`))).toEqual(['remote-1']);
    // A finished instance waits for nobody: a status outside RUNNING and PENDING leaves the filter empty.
    expect(idsOf(await list('waitingKind=worker&status=COMPLETED,FAILED'))).toEqual([]);
    await client.raiseEvent('Wait-One', 'go', 1);
    await until(async () => (await list('status=COMPLETED')).items.length === 1, 'Wait-One completed');
    const done = await list('sort=duration&order=asc');
    expect(idsOf(done)).toEqual(['Wait-One']);
    expect(done.items[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  test.each([
    ['idContains=', /idContains/],
    ['topLevel=yes', /topLevel/],
    ['topLevel=true&parentInstanceId=p', /topLevel: cannot be combined with parentInstanceId/],
    ['waitingKind=sleeping', /waitingKind/],
    ['waitingName=go', /waitingName: needs waitingKind/],
    ['waitingKind=event&waitingLongerThan=1 hour', /waitingLongerThan: must be a whole number and a unit/],
    ['waitingKind=event&waitingLongerThan=-5m', /waitingLongerThan/],
    ['waitingKind=worker&waitingName=x', /waitingKind: worker takes no waitingName/],
    ['updatedFrom=2026-02-01&updatedTo=2026-01-01', /updatedFrom: must not be after updatedTo/],
    ['completedFrom=yesterday', /completedFrom/],
    ['sort=random', /sort/],
    ['order=up', /order/],
    ['unknownFilter=1', /unknownFilter/],
    ['failureText=a&failureText=b', /'failureText' is given 2 times/],
  ])('%s is 400 ERR_MALFORMED_REQUEST naming the parameter', async (query, message) => {
    const response = await get(query);
    const body = await response.json();
    expect({ status: response.status, errorCode: body.errorCode }).toEqual({ status: 400, errorCode: 'ERR_MALFORMED_REQUEST' });
    expect(body.message).toMatch(message);
  });

  test('a cursor of one sort is 400 with another', async () => {
    for (const id of ['a', 'b', 'c']) await unregistered(id);
    const page = await list('sort=name&limit=1');
    expect(page.nextCursor).toBeDefined();
    expect(idsOf(await list(`sort=name&limit=1&cursor=${page.nextCursor}`))).toHaveLength(1);
    const response = await get(`sort=updated&limit=1&cursor=${page.nextCursor}`);
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(/cursor: was made for another sort than updated/);
  });
});
