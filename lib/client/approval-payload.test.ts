import { describe, expect, it } from 'vitest';
import { decisionPayload, hasDecisionButtons } from './approval-payload';

const managerApproval = { name: 'manager_approval', approvePayload: { approval: true }, rejectPayload: { approval: false }, commentField: 'comment' };

describe('decisionPayload', () => {
  it('sends the declared payload, with the comment under the declared field when one is typed', () => {
    expect(decisionPayload(managerApproval, 'approve', '')).toEqual({ approval: true });
    expect(decisionPayload(managerApproval, 'reject', ' too dear ')).toEqual({ approval: false, comment: 'too dear' });
  });

  it('keeps a non-object payload as declared and only offers buttons for declared payloads', () => {
    expect(decisionPayload({ name: 'x', approvePayload: 'Bob', commentField: 'c' }, 'approve', 'hi')).toBe('Bob');
    expect(hasDecisionButtons({ name: 'x' })).toBe(false);
    expect(hasDecisionButtons(managerApproval)).toBe(true);
  });
});
