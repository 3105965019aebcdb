// Helpers for the HTTP API specs: unique IDs, waiting for a status, and a snapshot of what the database holds.
import { expect, test, type APIRequestContext } from '@playwright/test';
import type { HistoryPage, InstanceDetail, InstanceListResponse } from '@/lib/api/dto';
import type { ApiProjectMetadata } from './api-servers';

/** The current project's API server settings. */
export function projectMeta(): ApiProjectMetadata {
  return test.info().project.metadata as ApiProjectMetadata;
}

/** A fresh ID prefix for one test's instances (letters, digits and '-' only). */
export function uniquePrefix(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** The Dapr path of an instance (or of a call on it). */
export const daprPath = (rest: string) => `/v1.0/workflows/dapr/${rest}`;

/** The instance's runtime status through Dapr's GET (undefined when it does not exist). */
export async function statusOf(request: APIRequestContext, instanceId: string): Promise<string | undefined> {
  const response = await request.get(daprPath(instanceId));
  if (response.status() === 404) return undefined;
  expect(response.status()).toBe(200);
  return (await response.json()).runtimeStatus;
}

/** Polls until the instance has one of `statuses` (and, optionally, satisfies `check` on its detail). */
export async function waitFor(
  request: APIRequestContext,
  instanceId: string,
  statuses: string[],
  check: (detail: InstanceDetail) => boolean = () => true,
  timeout = 20_000,
): Promise<InstanceDetail> {
  let detail: InstanceDetail | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/instances/${instanceId}`);
        if (!response.ok()) return `HTTP ${response.status()}`;
        detail = (await response.json()) as InstanceDetail;
        return statuses.includes(detail.runtimeStatus) && check(detail) ? 'ok' : detail.runtimeStatus;
      },
      { timeout, intervals: [100, 200, 300] },
    )
    .toBe('ok');
  return detail!;
}

/** Starts a workflow through the Dapr API and returns its instance ID. */
export async function startDapr(request: APIRequestContext, workflowName: string, instanceId: string, input?: unknown): Promise<string> {
  const response = await request.post(daprPath(`${workflowName}/start?instanceID=${instanceId}`), input === undefined ? {} : { data: JSON.stringify(input) });
  expect(response.status(), await response.text()).toBe(202);
  return (await response.json()).instanceID;
}

/** Everything the API shows about the instances whose IDs start with `prefix`: list, counts, details and histories. */
export async function snapshot(request: APIRequestContext, prefix: string): Promise<unknown> {
  const list = (await (await request.get(`/api/instances?idPrefix=${prefix}&limit=200&order=asc`)).json()) as InstanceListResponse;
  const instances = [];
  for (const item of list.items) {
    const detail = (await (await request.get(`/api/instances/${item.instanceId}`)).json()) as InstanceDetail;
    const history = (await (await request.get(`/api/instances/${item.instanceId}/history?limit=1000`)).json()) as HistoryPage;
    const children = [];
    for (const child of detail.children) children.push(await (await request.get(`/api/instances/${child.instanceId}`)).json());
    instances.push({ detail, history, children });
  }
  return { list, instances };
}

/** Runs `reject` and expects it to be answered with `status`, `errorCode` and only those two fields (and `messagePart`). */
export async function expectRejected(
  reject: () => Promise<import('@playwright/test').APIResponse>,
  status: number,
  errorCode: string,
  messagePart?: string | RegExp,
): Promise<string> {
  const response = await reject();
  const body = await response.json();
  expect({ status: response.status(), errorCode: body.errorCode }).toEqual({ status, errorCode });
  expect(Object.keys(body).sort()).toEqual(['errorCode', 'message']);
  if (messagePart) expect(body.message).toMatch(messagePart);
  return body.message as string;
}
