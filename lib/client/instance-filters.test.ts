import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, filtersFromSearch, filtersToApiQuery, filtersToSearch } from './instance-filters';

describe('instance filters in the URL', () => {
  it('round-trips every filter through the query string, so a shared link shows the same view', () => {
    const filters = {
      statuses: ['RUNNING', 'FAILED'] as const,
      name: 'OrderProcessingWorkflow',
      idPrefix: 'order-',
      createdFrom: '2026-01-01T00:00:00.000Z',
      createdTo: '2026-02-01T00:00:00.000Z',
      order: 'asc' as const,
      cursor: 'abc',
    };
    const back = filtersFromSearch(filtersToSearch({ ...filters, statuses: [...filters.statuses] }));
    expect(back).toEqual({ ...filters, statuses: ['RUNNING', 'FAILED'] });
  });

  it('ignores unknown statuses and bad times, and writes nothing for the defaults', () => {
    const f = filtersFromSearch(new URLSearchParams('status=running,bogus&from=yesterday&order=sideways'));
    expect(f).toEqual({ ...DEFAULT_FILTERS, statuses: ['RUNNING'] });
    expect(filtersToSearch(DEFAULT_FILTERS).toString()).toBe('');
  });

  it('asks the API for one page with the same filters', () => {
    const q = filtersToApiQuery({ statuses: ['SUSPENDED'], idPrefix: 'x', order: 'desc' }, 50);
    expect(Object.fromEntries(q)).toEqual({ limit: '50', order: 'desc', status: 'SUSPENDED', idPrefix: 'x' });
  });
});
