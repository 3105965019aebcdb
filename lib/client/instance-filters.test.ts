import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, filtersFromSearch, filtersToApiQuery, filtersToSearch, hasFilters, type InstanceFilters } from './instance-filters';

describe('instance filters in the URL', () => {
  it('round-trips every filter through the query string, so a shared link shows the same view', () => {
    const filters: InstanceFilters = {
      statuses: ['RUNNING', 'FAILED'],
      name: 'OrderProcessingWorkflow',
      idText: 'order-',
      createdFrom: '2026-01-01T00:00:00.000Z',
      createdTo: '2026-02-01T00:00:00.000Z',
      updatedFrom: '2026-01-02T00:00:00.000Z',
      updatedTo: '2026-01-03T00:00:00.000Z',
      completedFrom: '2026-01-04T00:00:00.000Z',
      completedTo: '2026-01-05T00:00:00.000Z',
      parentId: 'batch-1',
      waitingKind: 'event',
      waitingName: 'approval_received',
      waitingOver: '1h',
      failureText: 'timeout',
      sort: 'duration',
      order: 'asc',
      cursor: 'abc',
    };
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
    expect(filtersFromSearch(filtersToSearch({ ...DEFAULT_FILTERS, topLevel: true }))).toEqual({ ...DEFAULT_FILTERS, topLevel: true });
  });

  it('ignores unknown statuses, bad times, sorts, waits and durations, and writes nothing for the defaults', () => {
    const f = filtersFromSearch(new URLSearchParams('status=running,bogus&from=yesterday&order=sideways&sort=size&wait=sleep&waitName=x&waitOver=1hour'));
    expect(f).toEqual({ ...DEFAULT_FILTERS, statuses: ['RUNNING'] });
    expect(filtersFromSearch(new URLSearchParams('wait=worker&waitName=x&waitOver=1h'))).toEqual({ ...DEFAULT_FILTERS, waitingKind: 'worker' });
    expect(filtersToSearch(DEFAULT_FILTERS).toString()).toBe('');
    expect(hasFilters(DEFAULT_FILTERS)).toBe(false);
    expect(hasFilters({ ...DEFAULT_FILTERS, sort: 'name', cursor: 'c' })).toBe(false);
    expect(hasFilters({ ...DEFAULT_FILTERS, failureText: 'x' })).toBe(true);
  });

  it('asks the API for one page with the same filters, in its parameter names', () => {
    const q = filtersToApiQuery({ ...DEFAULT_FILTERS, statuses: ['SUSPENDED'], idText: 'x', topLevel: true, waitingKind: 'event', waitingOver: '15m' }, 50);
    expect(Object.fromEntries(q)).toEqual({
      limit: '50',
      sort: 'created',
      order: 'desc',
      status: 'SUSPENDED',
      idContains: 'x',
      topLevel: 'true',
      waitingKind: 'event',
      waitingLongerThan: '15m',
    });
  });
});
