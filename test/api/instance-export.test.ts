// GET /api/instances/export (issue 13 item 5): every instance under the list's filters, as CSV (escaped, no formula
// runs from a cell) or JSON, across store pages, through the route on a real engine.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { InstanceSummary } from '@/lib/api/dto';
import { EXPORT_COLUMNS, exportInstancesHandler } from '@/lib/api/export-handlers';
import { bindRoute } from '@/lib/api/route';
import { INSTANCE_LIST_PARAMS } from '@/lib/api/schemas';
import { at, newInstance } from '../store/contract/fixtures';
import { startMemoryApi, type MemoryApi } from './memory-context';

let api: MemoryApi;
beforeEach(async () => {
  api = await startMemoryApi();
});
afterEach(async () => api.stop());

const get = (query: string) =>
  bindRoute(async () => api.ctx, exportInstancesHandler, { listParams: INSTANCE_LIST_PARAMS })(new Request(`http://localhost/api/instances/export?${query}`), {
    params: Promise.resolve({}),
  });

describe('GET /api/instances/export', () => {
  test('streams every matching instance as JSON across pages, in the list sort', async () => {
    for (let i = 0; i < 1_203; i++) await api.ctx.store.createInstance(newInstance(`bulk-${String(i).padStart(4, '0')}`, { name: 'NotRunHere', createdAt: at(i) }));
    await api.ctx.store.createInstance(newInstance('other-1', { name: 'Elsewhere', createdAt: at(5_000) }));
    const response = await get('format=json&name=NotRunHere&sort=created&order=asc');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="instances-.+\.json"$/);
    const rows = (await response.json()) as InstanceSummary[];
    expect(rows).toHaveLength(1_203);
    expect(rows[0].instanceId).toBe('bulk-0000');
    expect(rows.at(-1)!.instanceId).toBe('bulk-1202');
    expect(new Set(rows.map((r) => r.instanceId)).size).toBe(1_203);
    expect((await (await get('format=json&name=nobody')).json()) as unknown[]).toEqual([]);
  });

  test('CSV has a header, quotes commas and quotes, and guards cells that would start a formula', async () => {
    await api.ctx.store.createInstance(newInstance('plain-1', { name: '=HYPERLINK("http://evil","x")', createdAt: at(1) }));
    await api.ctx.store.createInstance(newInstance('plain-2', { name: 'a,b', createdAt: at(2) }));
    const response = await get('format=csv&idContains=PLAIN&order=asc');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines[1]).toMatch(/^plain-1,"'=HYPERLINK\(""http:\/\/evil"",""x""\)",PENDING,2026-01-01T00:00:01.000Z,/);
    expect(lines[2]).toMatch(/^plain-2,"a,b",PENDING,/);
    expect(lines.slice(3)).toEqual(['']);
  });

  test('bad or missing parameters are a 400 before anything streams', async () => {
    for (const [query, message] of [
      ['', /format/],
      ['format=xml', /format/],
      ['format=csv&cursor=abc', /cursor/],
      ['format=csv&limit=5', /limit/],
      ['format=csv&waitingName=go', /waitingName: needs waitingKind/],
    ] as const) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      const body = await response.json();
      expect(body.errorCode).toBe('ERR_MALFORMED_REQUEST');
      expect(body.message).toMatch(message);
    }
  });
});
