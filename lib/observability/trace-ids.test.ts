import { describe, expect, it } from 'vitest';
import { cachedInstanceTrace, instanceTrace } from './trace-ids';

const created = new Date('2026-12-03T10:00:00.000Z');
const caller = { traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', traceState: 'vendor=1' };

describe('cachedInstanceTrace', () => {
  it('gives what instanceTrace gives, for every input', () => {
    const sampled = (traceId: string) => traceId.endsWith('0');
    const cached = cachedInstanceTrace(sampled);
    for (const stored of [undefined, caller, { traceParent: caller.traceParent }]) {
      for (const at of [created, new Date(created.getTime() + 1)]) {
        expect(cached('order-1', at, stored)).toEqual(instanceTrace('order-1', at, stored, sampled));
        expect(cached('order-1', at, stored)).toEqual(instanceTrace('order-1', at, stored, sampled));
      }
    }
  });

  it('tells apart instances that share an ID but not a creation time (an ID reused)', () => {
    const cached = cachedInstanceTrace(() => true);
    expect(cached('a', created, undefined).instance.traceId).not.toBe(cached('a', new Date(created.getTime() + 1000), undefined).instance.traceId);
  });

});
