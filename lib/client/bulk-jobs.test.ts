import { describe, expect, it } from 'vitest';
import { confirmationOf, describeBulkFilter, matchingCount } from './bulk-jobs';

describe('bulk jobs in the dashboard', () => {
  it('counts what the view matches from the counts per status, under the status filter when there is one', () => {
    const counts = { RUNNING: 120, SUSPENDED: 3, COMPLETED: 7 };
    expect(matchingCount([], counts)).toBe(130);
    expect(matchingCount(['RUNNING', 'SUSPENDED'], counts)).toBe(123);
    expect(matchingCount(['FAILED'], counts)).toBe(0);
    expect(matchingCount([], undefined)).toBe(0);
  });

  it('says a filter in words, without sort and order; unknown parameters as they are', () => {
    expect(describeBulkFilter('sort=created&order=desc&status=RUNNING,SUSPENDED&idContains=order-')).toBe('status RUNNING, SUSPENDED · ID contains "order-"');
    expect(describeBulkFilter('?waitingKind=event&waitingName=approval&waitingLongerThan=1h&topLevel=true')).toBe('waiting on event · "approval" · for more than 1h · top-level only');
    expect(describeBulkFilter('sort=created&order=desc')).toBe('all instances');
    expect(describeBulkFilter('other=1')).toBe('other=1');
  });

  it('accepts the count or the action word above 100 instances, as the API does', () => {
    expect(confirmationOf('', 100, 'pause')).toBe('not-needed');
    expect(confirmationOf('', 120, 'pause')).toBe('missing');
    expect(confirmationOf('12', 120, 'pause')).toBe('wrong');
    expect(confirmationOf('terminate', 120, 'pause')).toBe('wrong');
    expect(confirmationOf(' 120 ', 120, 'pause')).toBe('ok');
    expect(confirmationOf('Pause', 120, 'pause')).toBe('ok');
  });
});
