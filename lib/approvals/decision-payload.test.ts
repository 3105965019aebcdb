import { describe, expect, test } from 'vitest';
import { decisionPayload } from './decision-payload';

describe('decisionPayload', () => {
  const request = { id: 'r1', approvePayload: { approval: true }, rejectPayload: { approval: false } };

  test('carries the per-decision fields, who decided, the comment, when and which request', () => {
    const at = '2026-12-02T10:42:00.000Z';
    expect(decisionPayload(request, { approved: true, by: 'Ada', byKind: 'person', at, comment: 'ok' })).toEqual({
      approval: true,
      approved: true,
      approver: 'Ada',
      comment: 'ok',
      decidedAt: at,
      requestId: 'r1',
    });
    expect(decisionPayload(request, { approved: false, by: 'Ada', byKind: 'person', at })).toEqual({
      approval: false,
      approved: false,
      approver: 'Ada',
      decidedAt: at,
      requestId: 'r1',
    });
  });

  test('the decider always wins over a field of the same name', () => {
    const named = { id: 'r2', approvePayload: { approver: 'Jane Doe', approved: false } };
    expect(decisionPayload(named, { approved: true, by: 'Ada', byKind: 'person', at: 'now' })).toMatchObject({ approver: 'Ada', approved: true });
  });
});
