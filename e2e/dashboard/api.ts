// Helpers the dashboard specs use to set up instances through the JSON API (not through the UI under test).
import { expect, type APIRequestContext } from '@playwright/test';
import type { InstanceDetail, InstanceListResponse, StartResponse } from '@/lib/api/dto';

/** A unique instance ID for one test run, so parallel specs never see each other's instances. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Starts a workflow through POST /api/workflows/{name}/start and returns the instance ID. */
export async function startInstance(request: APIRequestContext, name: string, input?: unknown, instanceId?: string): Promise<string> {
  const response = await request.post(`/api/workflows/${name}/start`, { data: { input, instanceId } });
  expect(response.status(), await response.text()).toBe(202);
  return ((await response.json()) as StartResponse).instanceId;
}

/** Reads an instance through GET /api/instances/{id}. */
export async function getInstance(request: APIRequestContext, instanceId: string): Promise<InstanceDetail> {
  const response = await request.get(`/api/instances/${instanceId}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as InstanceDetail;
}

/** Polls the API until the instance satisfies `check` (e.g. waits for an event or has a status). */
export async function waitForInstance(
  request: APIRequestContext,
  instanceId: string,
  check: (detail: InstanceDetail) => boolean,
  timeout = 20_000,
): Promise<InstanceDetail> {
  let last: InstanceDetail | undefined;
  await expect
    .poll(async () => check((last = await getInstance(request, instanceId))), { timeout, intervals: [100, 250, 500] })
    .toBe(true);
  return last!;
}

/** A purchase order big enough to wait for approval (event approval_received), with a long timeout. */
export function orderNeedingApproval(product = 'Standing desks') {
  return { cost: 2500, product, quantity: 5, timeoutSeconds: 3600 };
}

/** Starts `count` ReminderWorkflow instances waiting an hour on a timer (`${prefix}-000`…), ten at a time, and waits until all run. */
export async function startWaitingMany(request: APIRequestContext, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  for (let at = 0; at < ids.length; at += 10) {
    await Promise.all(ids.slice(at, at + 10).map((id) => startInstance(request, 'ReminderWorkflow', { seconds: 3600 }, id)));
  }
  await expect
    .poll(async () => ((await (await request.get(`/api/instances?idContains=${prefix}&limit=1`)).json()) as InstanceListResponse).counts.RUNNING, { timeout: 30_000 })
    .toBe(count);
  return ids;
}
